"""A secretariat's public page `/sekretariat/{slug}` and its message form `POST /sekretariat/{slug}/pesan`: what the
secretariat offers, how to reach it, what to bring, how to get help abroad (the agency's hotline, the embassies and
consulates, as tel: links), and a short form for a worker abroad or her family.

Plain HTML like her shop (`shop_public.py`): no socket and no script, so it opens on a weak signal abroad, works
with JavaScript off, and weighs a few kilobytes (tests/test_helpdesk_public.py holds it under 30 KB with all it
loads). Everything from the store or the form is escaped here; a person's text is never markup.

The form takes `application/x-www-form-urlencoded` (what a browser sends) of at most MAX_BODY bytes, in UTF-8: a
body that is not is refused whole (400, 413, 415) before anything is read into a message. Each address may send
ADDRESS_POSTS forms in ADDRESS_WINDOW (429 after), and the store takes at most `store.helpdesk.DAILY_CAP` new
messages a secretariat a day.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from html import escape
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from models.base import DomainError
from models.helpdesk import COUNTRY_MAX, NAME_MAX, PHONE_MAX, TEXT_MAX, MessageForm, SenderKind, reference
from models.secretariat import Secretariat
from store.helpdesk import DAILY_CAP, receive
from store.secretariats import secretariat_by_slug

from . import login_page
from .auth import client_address
from .departure_text import guide_text
from .i18n import request_lang, t
from .icons import brand, icon_svg
from .runtime import runtime
from .throttle import SendsPerAddress
from .whatsapp import wa_link

MAX_BODY = 32 * 1024  # bytes: 2,000 characters of any script, percent-encoded, and the other fields
ADDRESS_POSTS = 10  # forms one address may send in ADDRESS_WINDOW (a worker's dormitory may share an address)
ADDRESS_WINDOW = dt.timedelta(minutes=10)
FIELDS = {'kind': 'jenis', 'name': 'nama', 'phone': 'no_hp', 'country': 'negara', 'text': 'pesan'}  # model → form
PHONE_ATTRIBUTES = 'type="tel" inputmode="tel" autocomplete="tel"'
LIMITS = {'nama': NAME_MAX, 'no_hp': PHONE_MAX, 'negara': COUNTRY_MAX, 'pesan': TEXT_MAX}

STYLE = """
.place{color:#374151;margin:0}.box{margin-top:20px;padding:12px 14px;border:2px solid #d1d5db;border-radius:12px;
background:#fff}h2{font-size:20px;margin:0 0 8px}h3{font-size:18px;margin:12px 0 4px}.box p{margin:6px 0}
.box ul{margin:6px 0;padding-left:22px}.btn{display:flex;align-items:center;justify-content:center;gap:8px;
min-height:56px;margin-top:12px;padding:0 12px;border-radius:12px;font-size:19px;font-weight:700;
text-decoration:none;text-align:center}.wa{background:#15803d;color:#fff}.go{background:#0f766e;color:#fff}
.tel{display:flex;align-items:center;gap:8px;min-height:48px;margin:6px 0;padding:4px 12px;border:2px solid #0f766e;
border-radius:10px;color:#0f766e;font-weight:700;text-decoration:none}
.tel small{display:block;color:#374151;font-weight:400}
ul.missions{list-style:none;padding:0}ul.missions li{padding:6px 0;border-bottom:1px solid #e5e7eb}
fieldset{border:0;padding:0;margin:12px 0 0}legend{font-weight:600;padding:0}
label.choice{display:flex;align-items:center;gap:12px;min-height:56px;margin:8px 0;padding:4px 12px;
border:2px solid #9ca3af;border-radius:10px;font-weight:400;background:#fff}
label.choice input{width:26px;height:26px;min-height:0;margin:0;flex:none}
textarea{width:100%;font:inherit;padding:12px;border:2px solid #9ca3af;border-radius:10px;min-height:160px}
textarea:focus{outline:3px solid #0f766e;border-color:#0f766e}.hint{color:#374151;font-size:16px;margin:0 0 6px}
.field-error{color:#b91c1c;font-weight:700;margin:6px 0 0}[aria-invalid=true]{border-color:#b91c1c}
.privacy{display:flex;gap:8px;color:#374151;font-size:16px}svg{flex:none}.ref{font-weight:700}
.back{display:inline-block;min-height:48px;line-height:48px;color:#0f766e}
summary{min-height:48px;display:flex;align-items:center;gap:8px;cursor:pointer;list-style:none}summary h2{margin:0}
summary::after{content:"\\25BE";margin-left:auto;font-size:28px;color:#0f766e}details[open]>summary::after{content:"\\25B4"}
.box ol{margin:6px 0;padding-left:22px}.box li{margin:4px 0}
"""


class MessageThrottle(SendsPerAddress):
    def __init__(self) -> None:
        """Forms one address sent in the last ADDRESS_WINDOW: a flood from one phone or script is refused (429)."""
        super().__init__(ADDRESS_POSTS, ADDRESS_WINDOW)


throttle = MessageThrottle()


class Unreadable(ValueError):
    """The body is not a UTF-8 url-encoded form (`status` 400 or 415), or is over MAX_BODY (413)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


# ---- the page ----------------------------------------------------------------------------------------------------


async def public_page(request: Request, slug: str) -> Response:
    """`GET /sekretariat/{slug}`: the secretariat's page; 404 for an unknown or inactive one."""
    await runtime.ready()
    lang = request_lang(request)
    secretariat = _open_secretariat(slug)
    if secretariat is None:
        return _missing(lang)
    return HTMLResponse(_page(lang, secretariat, _about(secretariat, lang) + message_form(secretariat, lang)))


async def message_submitted(request: Request, slug: str) -> Response:
    """`POST /sekretariat/{slug}/pesan`: the message into the inbox and a thank-you (200); the form again with what
    is wrong beside each field, what she typed kept (422); 429 for too many forms from her address or a full day;
    400/413/415 for a body that is no form."""
    store = await runtime.ready()
    lang = request_lang(request)
    secretariat = _open_secretariat(slug)
    if secretariat is None:
        return _missing(lang)
    now = dt.datetime.now(dt.UTC)
    if not throttle.allow(client_address(request), now):
        return _answer(lang, secretariat, t('helpdesk.slow_down', lang), 429)
    try:
        fields = await _read_fields(request)
    except Unreadable as refused:
        key = 'helpdesk.too_large' if refused.status == 413 else 'helpdesk.unreadable'
        return _answer(lang, secretariat, t(key, lang, most=f'{TEXT_MAX:,}'.replace(',', '.')), refused.status)
    try:
        form = MessageForm.model_validate({model: fields.get(name, '') for model, name in FIELDS.items()})
    except ValidationError as error:
        form_html = message_form(secretariat, lang, typed=fields, problems=field_problems(error, lang))
        return HTMLResponse(_page(lang, secretariat, form_html), status_code=422)
    try:
        saved = await receive(store, secretariat.id, form, now=now)
    except DomainError as error:
        if error.key == 'helpdesk_full':
            full = t('helpdesk.full', lang, most=DAILY_CAP)
            return _answer(lang, secretariat, full, 429, _wa_button(secretariat, lang, text=form.text))
        return _missing(lang)  # closed since the page was opened
    thanks = t('helpdesk.thanks', lang, phone=form.phone, hours=secretariat.hours or t('helpdesk.hours_unset', lang))
    number = t('helpdesk.reference', lang, ref=reference(saved.record.id))
    extra = f'<p class="ref">{escape(number)}</p>{_wa_button(secretariat, lang)}'
    return _answer(lang, secretariat, thanks, 200, extra, title=t('helpdesk.thanks_title', lang))


def _open_secretariat(slug: str) -> Secretariat | None:
    """The secretariat at `slug` while it is open to the public; None for an unknown or inactive one."""
    found = secretariat_by_slug(runtime.store, slug[:60])
    return found if found is not None and found.active else None


def _about(secretariat: Secretariat, lang: str) -> str:
    """What it offers, how to reach it, its hours, help abroad and what to bring: sections its settings fill."""
    offers = ''.join(f'<li>{escape(t(f"helpdesk.offer_{n}", lang))}</li>' for n in range(1, 5))
    parts = [
        f'<p class="place">{escape(secretariat.place())}</p>',
        f'<section class="box"><h2>{escape(t("helpdesk.offers_title", lang))}</h2><ul>{offers}</ul></section>',
        _wa_button(secretariat, lang),
        f'<a class="btn go" href="#pesan">{_icon("mail")} {escape(t("helpdesk.write", lang))}</a>',
    ]
    if secretariat.hours:
        hours = f'<p>{escape(secretariat.hours)}</p><p>{escape(secretariat.place())}</p>'
        parts.append(f'<section class="box"><h2>{escape(t("helpdesk.hours_title", lang))}</h2>{hours}</section>')
    parts.append(_abroad(secretariat, lang))
    if secretariat.what_to_bring:
        bring = f'<h2>{escape(t("helpdesk.bring_title", lang))}</h2><p>{escape(secretariat.what_to_bring)}</p>'
        parts.append(f'<section class="box">{bring}</section>')
    parts.append(_before_leaving(secretariat, lang))
    return ''.join(parts)


def _before_leaving(secretariat: Secretariat, lang: str) -> str:
    """The legal route to work abroad, as its staff's printed sheet has it (ui/departure_text.py): the documents on
    its list, the steps, what to beware of, where to register, whom to call. Folded (`<details>`, no script),
    so the page stays short for those who came about something else."""
    guide = guide_text(runtime.store, secretariat, lang)
    documents = ''.join(f'<li>{escape(name)}</li>' for name in guide.documents)
    steps = ''.join(f'<li><b>{escape(title)}</b> {escape(text)}</li>' for title, text in guide.steps)
    beware = ''.join(f'<li>{escape(line)}</li>' for line in guide.warnings)
    offices = ''.join(
        f'<li><b>{escape(o.kind)}</b>: {escape(o.name)}{", " + escape(o.address) if o.address else ""}'
        f'{_tel(o.phone, "") if o.phone else ""}</li>'
        for o in guide.offices
    )
    parts = [
        f'<h3>{escape(t("departure.pdf.documents", lang))}</h3><ul>{documents}</ul>' if documents else '',
        f'<h3>{escape(t("departure.pdf.steps", lang))}</h3><ol>{steps}</ol>' if steps else '',
        f'<h3>{escape(t("departure.pdf.beware", lang))}</h3><ul>{beware}</ul>' if beware else '',
        f'<h3>{escape(t("departure.pdf.offices", lang))}</h3><ul>{offices}</ul>' if offices else '',
    ]
    title = escape(t('departure.pdf.title', lang))
    return f'<details class="box" id="jalur-resmi"><summary><h2>{title}</h2></summary>{"".join(parts)}</details>'


def _abroad(secretariat: Secretariat, lang: str) -> str:
    """How to get help abroad: the agency's hotline from home and from abroad, each embassy or consulate."""
    lines = [f'<h2>{escape(t("helpdesk.abroad_title", lang))}</h2>']
    if secretariat.agency_name:
        lines.append(f'<p>{escape(secretariat.agency_name)}</p>')
    for number, where in ((secretariat.agency_phone, 'from_home'), (secretariat.agency_phone_abroad, 'from_abroad')):
        if number:
            lines.append(_tel(number, t(f'helpdesk.{where}', lang)))
    if secretariat.embassies:
        lines.append(f'<h3>{escape(t("helpdesk.missions", lang))}</h3><ul class="missions">')
        lines += [f'<li>{escape(m.country)} · {escape(m.name)}{_tel(m.phone, "")}</li>' for m in secretariat.embassies]
        lines.append('</ul>')
    lines.append(f'<p>{escape(t("helpdesk.emergency", lang))}</p>')
    return f'<section class="box" id="luar-negeri">{"".join(lines)}</section>'


def _tel(number: str, label: str) -> str:
    dial = re.sub(r'[^0-9+]', '', number)
    small = f'<small>{escape(label)}</small>' if label else ''
    return f'<a class="tel" href="tel:{escape(dial)}">{_icon("call")}<span>{escape(number)}{small}</span></a>'


def _wa_button(secretariat: Secretariat, lang: str, *, text: str = '') -> str:
    """A WhatsApp chat with the secretariat (her message in it when `text`); nothing without a number."""
    link = wa_link(secretariat.wa_number, text or t('helpdesk.wa_hello', lang, name=secretariat.name))
    label = t('helpdesk.wa_send_there' if text else 'helpdesk.wa_chat', lang)
    return f'<a class="btn wa" href="{escape(link)}">{_icon("chat")} {escape(label)}</a>' if link else ''


@cache
def _icon(name: str) -> str:
    """An icon drawn inline (the page loads no icon font), once a process."""
    return icon_svg(name)


# ---- the form ----------------------------------------------------------------------------------------------------


def message_form(
    secretariat: Secretariat, lang: str, *, typed: dict[str, str] | None = None, problems: dict[str, str] | None = None
) -> str:
    """The short form: a worker abroad or her family, name, WhatsApp number, country, the message. After a refusal,
    what she typed is back in it and each problem stands under its field."""
    typed, problems = typed or {}, problems or {}
    alert = (
        f'<div class="error" role="alert">&#9888; {escape(t("helpdesk.check_fields", lang))}</div>' if problems else ''
    )
    kinds = ''.join(
        f'<label class="choice"><input type="radio" name="jenis" value="{kind.value}" required'
        f'{" checked" if typed.get("jenis") == kind.value else ""}> {escape(t(f"helpdesk.kind.{kind.value}", lang))}'
        '</label>'
        for kind in SenderKind
    )
    countries = ''.join(f'<option value="{escape(c)}">' for c in t('helpdesk.countries', lang).split(', '))
    action = f'/sekretariat/{escape(secretariat.slug)}/pesan?lang={lang}'
    text = escape(typed.get('pesan', ''))
    return f"""<form class="box" id="pesan" method="post" action="{action}">
<h2>{escape(t('helpdesk.form_title', lang))}</h2><p class="hint">{escape(t('helpdesk.form_hint', lang))}</p>{alert}
<fieldset{_invalid(problems, 'jenis')}><legend>{escape(t('helpdesk.who', lang))}</legend>{kinds}
{_problem(problems, 'jenis')}</fieldset>
{_input('nama', t('helpdesk.name', lang), typed, problems, 'autocomplete="name"')}
{_input('no_hp', t('helpdesk.phone', lang), typed, problems, PHONE_ATTRIBUTES, hint=t('helpdesk.phone_hint', lang))}
{_input('negara', t('helpdesk.country', lang), typed, problems, 'list="negara-list" autocomplete="country-name"')}
<datalist id="negara-list">{countries}</datalist>
<label for="pesan-teks">{escape(t('helpdesk.text', lang))}</label>
<p class="hint" id="pesan-hint">{escape(t('helpdesk.text_hint', lang, most=f'{TEXT_MAX:,}'.replace(',', '.')))}</p>
<textarea id="pesan-teks" name="pesan" rows="6" maxlength="{TEXT_MAX}" required\
{_described(problems, 'pesan', 'pesan-hint')}{_invalid(problems, 'pesan')}>{text}</textarea>
{_problem(problems, 'pesan')}
<p class="privacy">{_icon('lock')} {escape(t('helpdesk.privacy', lang))}</p>
<button type="submit">{escape(t('helpdesk.send', lang))} &#10140;</button></form>"""


def _input(name: str, label: str, typed: dict[str, str], problems: dict[str, str], more: str, hint: str = '') -> str:
    described = _described(problems, name, f'{name}-hint' if hint else '')
    hint_html = f'<p class="hint" id="{name}-hint">{escape(hint)}</p>' if hint else ''
    value = escape(typed.get(name, '')[: LIMITS[name] * 2])
    return (
        f'<label for="{name}">{escape(label)}</label>{hint_html}<input id="{name}" name="{name}" {more} required '
        f'maxlength="{LIMITS[name]}" value="{value}"{described}{_invalid(problems, name)}>{_problem(problems, name)}'
    )


def _described(problems: dict[str, str], name: str, hint_id: str) -> str:
    """`aria-describedby`: the field's hint, and its problem when it has one, read out with the field."""
    ids = ' '.join(i for i in (hint_id, f'{name}-error' if name in problems else '') if i)
    return f' aria-describedby="{ids}"' if ids else ''


def _invalid(problems: dict[str, str], name: str) -> str:
    return ' aria-invalid="true"' if name in problems else ''


def _problem(problems: dict[str, str], name: str) -> str:
    return f'<p class="field-error" id="{name}-error">{escape(problems[name])}</p>' if name in problems else ''


def field_problems(error: ValidationError, lang: str) -> dict[str, str]:
    """Each refused field of the form (by its form name) and what is wrong with it, in her language."""
    found: dict[str, str] = {}
    for problem in error.errors():
        field = str(problem['loc'][0]) if problem['loc'] else ''
        name = FIELDS.get(field)
        if name is None or name in found:
            continue
        kind, context = problem['type'], problem.get('ctx') or {}
        if kind == 'value_error' and isinstance(context.get('error'), str):
            key = f'helpdesk.error.{context["error"]}'
        elif kind in ('string_too_long', 'too_long'):
            key = f'helpdesk.error.{field}_long'
        else:
            key = f'helpdesk.error.{field}_missing'
        most = LIMITS.get(name, 0)
        found[name] = t(key, lang, most=f'{most:,}'.replace(',', '.'))
    return found


async def _read_fields(request: Request) -> dict[str, str]:
    """The form's fields (the first of each name), or Unreadable: not url-encoded (415), over MAX_BODY (413), not
    UTF-8 (400). Read here, not by Starlette, which would put U+FFFD where her bytes were."""
    kind = request.headers.get('content-type', '').split(';', 1)[0].strip().lower()
    if kind != 'application/x-www-form-urlencoded':
        raise Unreadable(415)
    declared = request.headers.get('content-length', '')
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise Unreadable(413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Unreadable(413)
    try:
        pairs = parse_qsl(bytes(body).decode('utf-8'), keep_blank_values=True, errors='strict', max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        raise Unreadable(400) from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields


# ---- answers -----------------------------------------------------------------------------------------------------


def _answer(
    lang: str, secretariat: Secretariat, message: str, status: int, extra: str = '', *, title: str = ''
) -> HTMLResponse:
    """A short answer (thanks, slow down, a refused body), with the way back to the page."""
    back = f'/sekretariat/{escape(secretariat.slug)}?lang={lang}'
    heading = f'<h2>{escape(title)}</h2>' if title else ''
    body = f"""<section class="box" role="status">{heading}<p>{escape(message)}</p>{extra}</section>
<a class="back" href="{back}">&larr; {escape(t('helpdesk.back', lang, name=secretariat.name))}</a>"""
    return HTMLResponse(_page(lang, secretariat, body), status_code=status)


def _page(lang: str, secretariat: Secretariat, body: str) -> str:
    other = 'en' if lang == 'id' else 'id'
    switch = (
        f'<a href="/sekretariat/{escape(secretariat.slug)}?lang={other}" lang="{other}" '
        f'aria-label="{escape(login_page.switch_name(other, lang))}">{other.upper()}</a>'
    )
    description = t('helpdesk.description', lang, name=secretariat.name)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(description)}">
<title>{escape(secretariat.name)}</title><link rel="icon" href="data:,">
<style>{login_page.STYLE}{STYLE}</style></head>
<body><header>{brand('Berdaya')}{switch}</header>
<main><h1>{escape(secretariat.name)}</h1>{body}</main></body></html>"""


def _missing(lang: str) -> HTMLResponse:
    page = login_page.message_page(lang, t('helpdesk.missing_title', lang), t('helpdesk.missing', lang))
    return HTMLResponse(page, status_code=404)
