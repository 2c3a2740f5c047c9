"""The trainee's check-in: her phone's camera opens `/c/{day}/{slot}/{mac}`, a plain route with a tiny page.

Not a NiceGUI page: it must load in a second on a weak signal. Not logged in, the same tiny page asks for
her phone and PIN; the code is judged by the moment she first opened it (signed into the form), so typing
her PIN slowly does not make the code stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from models.account import Account, Role
from models.attendance import Method, Status, check_code, code_path, short_code, slot_of, slot_start
from models.base import DomainError
from models.permissions import may_run_day
from models.programme import Day, Programme
from store.attendance import CheckIn, check_in

from . import auth, login_page, pwa
from .bodies import BadBody, read_form
from .format import local_time, long_date
from .i18n import error_text, request_lang, t
from .icons import brand
from .runtime import runtime
from .settings import signing_secret

FORM_VALID_MINUTES = 10  # how long the log-in form of a scanned code stays usable

PAGE_STYLE = (
    '.mark{font-size:96px;line-height:1;text-align:center;margin:16px 0 0}h1{text-align:center}'
    '.who{font-size:24px;font-weight:700}main p{text-align:center}'
    '.skills{list-style:none;padding:0;margin:0 0 16px;text-align:center;font-size:18px;line-height:1.6}'
)
STATUS_ICONS = {Status.HADIR: '&#10004;', Status.TERLAMBAT: '&#9201;'}


_secrets: dict[tuple[str, str], str] = {}


def secret() -> str:
    """The signing secret, read from the data folder once per settings (the day screen asks every second)."""
    key = (runtime.settings.secret, str(runtime.settings.data))
    if key not in _secrets:
        _secrets.clear()
        _secrets[key] = signing_secret(runtime.settings)
    return _secrets[key]


async def scanned(request: Request, day_id: str, slot: str, mac: str) -> Response:
    await runtime.ready()
    lang = request_lang(request)
    now = auth.now()
    account = auth.request_account(request)
    if account is None:
        return _login_form(lang, day_id, slot, mac, now)
    return await _check_in(lang, account, day_id, slot, mac, now)


async def scanned_login(request: Request, day_id: str, slot: str, mac: str) -> Response:
    await runtime.ready()
    lang = request_lang(request)
    try:
        form = await read_form(request)
    except BadBody:
        return _login_form(lang, day_id, slot, mac, auth.now(), error=t('auth.bad_form', lang), status=400)
    opened = _opened_at(day_id, slot, mac, form.get('opened', ''), form.get('sig', ''))
    if opened is None:  # no or forged signature, or the form is too old: judge the code by now
        opened = auth.now()
    username, password = form.get('username', '')[:200], form.get('password', '')[:200]
    account, message, status = await auth.attempt(request, username, password, lang)
    if account is None:
        return _login_form(lang, day_id, slot, mac, opened, username=username, error=message, status=status)
    response = await _check_in(lang, account, day_id, slot, mac, opened)
    await auth.set_session(request, response, account)
    return response


async def card(request: Request, token: str) -> Response:
    lang = request_lang(request)
    return HTMLResponse(login_page.message_page(lang, t('checkin.card_title', lang), t('checkin.card_text', lang)))


async def current_code(request: Request, day_id: str) -> Response:
    refused = await _staff_of_day(request, day_id)
    if refused is not None:
        return refused
    slot = slot_of(auth.now())
    return JSONResponse(
        {
            'url': str(request.base_url).rstrip('/') + code_path(secret(), day_id, slot),
            'short_code': short_code(secret(), day_id, slot),
            'slot_ends': slot_start(slot + 1).isoformat(),
        },
        headers={'Cache-Control': 'no-store'},
    )


async def current_code_svg(request: Request, day_id: str) -> Response:
    refused = await _staff_of_day(request, day_id)
    if refused is not None:
        return refused
    from .qr import svg

    url = str(request.base_url).rstrip('/') + code_path(secret(), day_id, slot_of(auth.now()))
    return Response(svg(url), media_type='image/svg+xml', headers={'Cache-Control': 'no-store'})


async def _staff_of_day(request: Request, day_id: str) -> Response | None:
    """None when the caller is a coordinator or an instructor of the day's programme; else the refusal."""
    store = await runtime.ready()
    account = request.state.account
    day = store.get(Day, day_id)
    programme = store.get(Programme, day.programme_id) if day else None
    if day is None or programme is None:
        return JSONResponse({'error': t('error.checkin_unknown_day', 'id')}, status_code=404)
    if not may_run_day(account, programme):
        return JSONResponse({'error': t('auth.not_allowed', 'id')}, status_code=403)
    return None


async def _check_in(lang: str, account: Account, day_id: str, slot: str, mac: str, scanned_at: dt.datetime) -> Response:
    from store.skills import day_skills

    if account.role != Role.TRAINEE or not account.participant_id:
        return _page(lang, t('checkin.title', lang), t('checkin.for_trainees', lang), ok=False)
    try:
        slot_number = int(slot) if _digits(slot, 14) else -1
        if slot_number < 0:
            raise DomainError('checkin_forged')
        check_code(secret(), day_id, slot_number, mac, scanned_at)
        done = await check_in(
            runtime.store, day_id, account.participant_id, arrived=scanned_at, how=Method.SELF_SCAN, by=account.id
        )
    except DomainError as error:
        return _page(lang, t('checkin.refused_title', lang), error_text(error, lang), ok=False)
    record, programme, day = done.attendance, done.programme, done.day
    body = arrival_message(done, local_time(record.at, programme.zone), lang)
    learned = day_skills(runtime.store, day.id)
    details = (
        f'<p class="who">{escape(done.participant.name)}</p>'
        f'<p>{escape(programme.name)}<br>{escape(t("checkin.day", lang, number=day.number, title=day.title))}'
        f'<br>{escape(long_date(day.date, lang))}</p>'
    )
    if learned:  # what she will make today, as the instructor placed it on the day
        items = ''.join(f'<li>{escape(skill.name)}</li>' for skill in learned)
        details += f'<p><b>{escape(t("checkin.today_skills", lang))}</b></p><ul class="skills">{items}</ul>'
    return _page(lang, body, details, ok=True, icon=STATUS_ICONS.get(record.status, '&#10004;'), raw=True)


def arrival_message(done: CheckIn, time: str, lang: str) -> str:
    """What a check-in tells her: in at `time`, late at `time`, or already in since `time`."""
    if done.already:
        return t('checkin.already', lang, time=time)
    if done.attendance.status == Status.TERLAMBAT:
        return t('checkin.late', lang, time=time)
    return t('checkin.present', lang, time=time)


def _page(lang: str, title: str, text: str, *, ok: bool, icon: str = '', raw: bool = False) -> HTMLResponse:
    mark = icon or ('&#10004;' if ok else '&#9888;')
    colour = '#0f766e' if ok else '#b91c1c'
    body = text if raw else f'<p>{escape(text)}</p>'
    html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t('checkin.title', lang))} · Berdaya</title>{pwa.HEAD}
<style>{login_page.STYLE}{PAGE_STYLE}.mark{{color:{colour}}}</style></head>
<body><header>{brand()}</header>
<main role="status"><div class="mark" aria-hidden="true">{mark}</div><h1>{escape(title)}</h1>{body}
<a class="button" href="/">{escape(t('nav.home', lang))}</a></main></body></html>"""
    return HTMLResponse(html, headers={'Cache-Control': 'no-store'})


def _signature(day_id: str, slot: str, mac: str, opened: str) -> str:
    message = f'checkin-form:{day_id}:{slot}:{mac}:{opened}'.encode()
    return hmac.new(secret().encode(), message, hashlib.sha256).hexdigest()[:32]


def _opened_at(day_id: str, slot: str, mac: str, opened: str, sig: str) -> dt.datetime | None:
    if not _digits(opened, 12) or not sig.isascii():
        return None
    if not hmac.compare_digest(_signature(day_id, slot, mac, opened), sig):
        return None
    moment = dt.datetime.fromtimestamp(int(opened), dt.UTC)
    if not dt.timedelta(0) <= auth.now() - moment <= dt.timedelta(minutes=FORM_VALID_MINUTES):
        return None
    return moment


def _digits(text: str, most: int) -> bool:
    """ASCII digits only: `'²'.isdigit()` is True, and `int()` takes Arabic-Indic digits too."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def _login_form(
    lang: str,
    day_id: str,
    slot: str,
    mac: str,
    opened: dt.datetime,
    *,
    username: str = '',
    error: str = '',
    status: int = 200,
) -> HTMLResponse:
    stamp = str(int(opened.timestamp()))
    hidden = (
        f'<input type="hidden" name="opened" value="{stamp}">'
        f'<input type="hidden" name="sig" value="{_signature(day_id, slot, mac, stamp)}">'
    )
    action = f'/c/{escape(day_id)}/{escape(slot)}/{escape(mac)}?lang={lang}'
    page = login_page.render(
        lang, next_path='/', username=username, error=error, action=action, hidden=hidden,
        title=t('checkin.login_title', lang), hint=t('checkin.login_hint', lang),
    )  # fmt: skip
    return HTMLResponse(page, status_code=status, headers={'Cache-Control': 'no-store'})
