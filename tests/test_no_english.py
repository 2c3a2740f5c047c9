"""In Bahasa Indonesia no English is left: not from our catalogues, not from NiceGUI, and no raw text key.

Every trainee and instructor page (and the plain pages) is opened in Indonesian, with data on it and its
sheets open, and what it shows is searched for the English texts the app could show instead: our English
catalogue (less the texts both languages share, such as 'WhatsApp'), NiceGUI's English connection popup,
and the English fallback NiceGUI puts in every page for browsers without ES modules. Add a page here when
you build one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

import httpx
import pytest
from nicegui import app, translations, ui
from nicegui.testing import User

from models.attendance import code_path, slot_of
from models.business import Unit
from models.departure import Checklist
from models.participant import Group
from models.programme import Day
from models.register import RegisterEntry
from models.secretariat import Secretariat
from models.skills import IngredientUnit, SkillKind
from store.accounts import find_account
from store.skills import day_skills
from ui import icons
from ui.format import unit_name
from ui.i18n import NICEGUI_TEXTS, catalogue, old_browser_script
from ui.runtime import runtime
from ui.settings import signing_secret

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    SECRETARIAT,
    demo_programme,
    her_product,
    her_shop,
    log_in,
    open_as,
    owed_sale,
)

pytestmark = pytest.mark.demo

WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# element props that carry words she reads (or a screen reader reads to her)
TEXT_PROPS = ('label', 'placeholder', 'hint', 'aria-label', 'title', 'prefix', 'suffix', 'error-message', 'content')
# NiceGUI's page template says this to browsers without ES modules; `old_browser_script` replaces it
NICEGUI_FALLBACK = 'Your browser does not support ES modules'
# NiceGUI's own error pages, which ui/error_pages.py replaces
NICEGUI_ERRORS = ("This page doesn't exist.", 'Server error', 'Unknown error')


# ---- what counts as English --------------------------------------------------------------------------


@cache
def english() -> tuple[frozenset[str], frozenset[str]]:
    """(phrases of two words or more, single words) that only English texts have, lower case."""
    indonesian, ours = catalogue('id'), catalogue('en')
    texts = [text for key, text in ours.items() if text != indonesian[key]]
    texts += list(translations.translations['en-US'].values()) + list(NICEGUI_TEXTS['en'].values())
    texts += [NICEGUI_FALLBACK, *NICEGUI_ERRORS]
    known = ' '.join(indonesian.values()).lower()
    known_words = set(WORD.findall(known))
    phrases, words = set(), set()
    for text in texts:
        for fragment in re.split(r'\{[^}]*\}|[.,:;!?()"“”‘’·•—–/\n…=+×\[\]<>]', text):
            fragment_words = [w.lower() for w in WORD.findall(fragment)]
            phrase = ' '.join(fragment_words)
            if len(fragment_words) >= 2 and phrase not in known:
                phrases.add(phrase)
            words.update(w for w in fragment_words if len(w) >= 4 and w not in known_words)
    return frozenset(phrases), frozenset(words)


def english_in(texts: list[str]) -> list[str]:
    phrases, words = english()
    found = []
    for text in texts:
        lowered = ' '.join(w.lower() for w in WORD.findall(text))
        # a phrase is looked for as a whole word run only where it is in the text at all (thousands of phrases:
        # a pattern each would be compiled again and again)
        found += [f'{p!r} in {text!r}' for p in phrases if p in lowered and re.search(rf'\b{re.escape(p)}\b', lowered)]
        found += [f'{w!r} in {text!r}' for w in set(lowered.split()) & words]
    return found


@cache
def raw_key() -> re.Pattern[str]:
    prefixes = sorted({key.split('.')[0] for key in catalogue('id')})
    return re.compile(rf'\b(?:{"|".join(prefixes)})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b')


def raw_keys_in(texts: list[str]) -> list[str]:
    """A text key shown as itself (`t()` found no text), or a key-like word: `business.title`."""
    return [f'{m.group(0)!r} in {t!r}' for t in texts for m in raw_key().finditer(t)]


# ---- what a page shows -------------------------------------------------------------------------------


def shown(user: User) -> list[str]:
    """The words of the open page as the socket carries them: texts, labels, options, values."""
    texts: list[str] = []
    for element in list(user.client.elements.values()):
        data = element._to_dict()
        if data.get('text'):
            texts.append(str(data['text']))
        props = data.get('props', {})
        texts += [props[key] for key in TEXT_PROPS if isinstance(props.get(key), str)]
        if isinstance(props.get('value'), str) and element.tag not in ('q-icon',):
            texts.append(props['value'])
        options = props.get('options')
        if isinstance(options, list):
            texts += [str(o.get('label', '')) if isinstance(o, dict) else str(o) for o in options]
        if isinstance(element, ui.echart):  # series names, legends, axis labels and the words of an empty chart
            texts += chart_texts(props.get('options'))
    return [t for t in texts if t.strip()]


# chart options that are settings, not words she reads
CHART_SETTINGS = {'type', 'trigger', 'stack', 'color', 'fill', 'left', 'right', 'top', 'bottom', 'orient'}


def chart_texts(options: Any) -> list[str]:
    """The words in a chart's options, less its settings and its formatting functions (`:` keys, tested in
    tests/test_charts.py)."""
    if isinstance(options, dict):
        return [text for key, value in options.items() if key not in CHART_SETTINGS and not key.startswith(':')
                for text in chart_texts(value)]  # fmt: skip
    if isinstance(options, list):
        return [text for value in options for text in chart_texts(value)]
    return [options] if isinstance(options, str) and not options.startswith('#') else []


def plain_text(html: str) -> list[str]:
    """The visible words of a plain HTML page: without its scripts, styles and tags."""
    html = re.sub(r'<(script|style)\b.*?</\1>', ' ', html, flags=re.S | re.I)
    attributes = re.findall(r'(?:aria-label|placeholder|title|alt|value)="([^"]*)"', html)
    return [t for t in re.split(r'<[^>]+>', html) + attributes if t.strip()]


def check(where: str, texts: list[str]) -> None:
    assert not english_in(texts), f'{where}: English left: {english_in(texts)}'
    assert not raw_keys_in(texts), f'{where}: raw text keys: {raw_keys_in(texts)}'


async def check_page(user: User, path: str, *, then: list[str] = ()) -> None:  # type: ignore[assignment]
    """Open `path`, check it, then tap each marker in `then` (a sheet, a dialog) and check again."""
    html = (await user.http_client.get(path)).text
    assert 'lang="id"' in html and '/static/lang/id.umd.prod.js' in html, path  # Quasar's own words in Indonesian
    assert icons.icon_face() in html and old_browser_script() in html, path  # see NICEGUI_FALLBACK
    for text in [*translations.translations['en-US'].values(), *NICEGUI_TEXTS['en'].values()]:
        assert text.rstrip('.') not in html, f'{path}: NiceGUI says {text!r}'
    await user.open(path)
    check(path, shown(user))
    icons_known(path, user)
    for marker in then:
        user.find(marker=marker).click()
        await user.should_see(marker=marker)
        check(f'{path} after {marker}', shown(user))
        icons_known(f'{path} after {marker}', user)


def icons_known(where: str, user: User) -> None:
    """Each icon on the page is in the icon font's subset: a missing one would show its English name."""
    names = set()
    for element in list(user.client.elements.values()):
        props = element._props
        if element.tag == 'q-icon' and isinstance(props.get('name'), str):
            names.add(props['name'])
        for key in ('icon', 'icon-right', 'checked-icon', 'unchecked-icon'):
            if isinstance(props.get(key), str):
                names.add(props[key])
    missing = {n for n in names if not n.startswith(('img:', 'svg:', 'sym_')) and n not in icons.icon_names()}
    assert not missing, f'{where}: icons missing from the subset: {missing}'


# ---- the demo, with something on every page ----------------------------------------------------------


async def her_business(phone: str) -> dict[str, str]:
    """A product, an unpaid sale and a shop for the trainee with `phone`; their ids."""
    product = await her_product(phone)
    sale = await owed_sale(product, 3)
    await her_shop(product.participant_id, f'toko-{phone[-4:]}')
    return {'product': product.id, 'sale': sale.id}


async def demo() -> dict[str, Any]:
    store = await runtime.ready()
    kue = demo_programme(store)
    days = sorted(store.by_index(Day, 'programme', kue.id), key=lambda d: d.number)
    today = dt.datetime.now(kue.zone.tz).date()
    day = next((d for d in days if d.date == today), days[0])
    recipe = next(s for s in day_skills(store, days[0].id) if s.kind == SkillKind.RECIPE)
    return {'kue': kue.id, 'day': day.id, 'recipe': recipe.id}


# ---- the tests ---------------------------------------------------------------------------------------


async def test_a_kue_trainee_sees_no_english(user: User) -> None:
    ids = await her_business(KUE_TRAINEE[0])
    where = await demo()
    await log_in(user, *KUE_TRAINEE)
    await check_page(user, '/', then=[f'sell-{ids["product"]}'])
    await check_page(user, '/', then=['add-expense'])
    await check_page(user, '/progress')
    await check_page(user, '/usaha')
    await check_page(user, '/usaha/produk', then=['new-product'])
    await check_page(user, '/usaha/piutang', then=[f'pay-{ids["sale"]}'])
    await check_page(user, '/usaha/toko')
    await check_page(user, '/aid')
    await check_page(user, f'/recipes/{where["recipe"]}')


async def test_a_kwt_member_sees_no_english_in_her_group_book(user: User) -> None:
    await her_business(KWT_TRAINEE[0])
    await log_in(user, *KWT_TRAINEE)
    store = await runtime.ready()
    account = find_account(store, KWT_TRAINEE[0])
    assert account is not None
    group = next(g for g in store.all(Group) if account.participant_id in g.member_ids)
    await check_page(user, '/')
    await check_page(user, f'/kelompok/{group.id}', then=['add-harvest'])
    await check_page(user, f'/kelompok/{group.id}', then=['add-group-sale'])
    await check_page(user, '/usaha')
    await check_page(user, '/progress')


async def test_the_instructor_sees_no_english(user: User) -> None:
    where = await demo()
    await log_in(user, *INSTRUCTOR)
    await check_page(user, '/')
    await check_page(user, f'/days/{where["day"]}')
    await check_page(user, f'/grid/{where["kue"]}?day={where["day"]}')
    await check_page(user, f'/recipes/{where["recipe"]}')


async def test_a_secretariat_and_its_settings_have_no_english(user: User) -> None:
    store = await runtime.ready()
    secretariat = next(iter(store.all(Secretariat)))
    await log_in(user, *SECRETARIAT)
    await check_page(user, '/')
    await check_page(user, '/sekretariat')
    await check_page(user, f'/sekretariat/{secretariat.id}/atur')
    await log_in(user, *COORDINATOR)
    await check_page(user, '/sekretariat')
    await check_page(user, f'/sekretariat/{secretariat.id}/atur', then=['add-embassy', 'new-staff'])


async def test_the_secretariats_register_and_its_papers_pages_have_no_english(user: User) -> None:
    store = await runtime.ready()
    secretariat = next(iter(store.all(Secretariat)))
    entry, checklist = min(store.all(RegisterEntry), key=lambda e: e.id), min(store.all(Checklist), key=lambda c: c.id)
    base = f'/sekretariat/{secretariat.id}'
    await log_in(user, *SECRETARIAT)
    await check_page(user, f'{base}/daftar')
    await check_page(user, f'{base}/daftar/baru')
    await check_page(user, f'{base}/daftar/{entry.id}', then=['edit-entry'])
    await check_page(user, f'{base}/kontak', then=['add-contact'])
    await check_page(user, f'{base}/kasus', then=['add-case'])
    await check_page(user, f'{base}/persiapan', then=['guide', 'add-checklist'])
    await check_page(user, f'{base}/persiapan/{checklist.id}')
    await check_page(user, f'{base}/ringkasan')
    await log_in(user, *COORDINATOR)
    await check_page(user, f'{base}/daftar/{entry.id}', then=['erase'])


async def test_the_outcomes_charts_have_no_english(user: User) -> None:
    where = await demo()
    await open_as(user, COORDINATOR, f'/programmes/{where["kue"]}/outcomes')
    await user.should_see(marker='months-chart')

    charts = [chart_texts(chart.options) for chart in user.find(kind=ui.echart).elements]

    assert len(charts) == 2 and all(charts)
    check('outcomes charts', [text for texts in charts for text in texts])
    user.find(marker='switch-language').click()
    await user.should_see('Programme outcomes')
    assert english_in([text for chart in user.find(kind=ui.echart).elements for text in chart_texts(chart.options)])


async def test_the_plain_pages_have_no_english(user: User) -> None:
    where = await demo()
    pages = {path: (await user.http_client.get(path)).text for path in ('/login', '/offline', '/k/some-card')}
    code = code_path(signing_secret(runtime.settings), where['day'], slot_of(dt.datetime.now(dt.UTC)))
    pages['check-in form'] = (await user.http_client.get(code)).text
    assert english_in(plain_text((await user.http_client.get('/login?lang=en')).text))  # the check can fail
    await log_in(user, *KUE_TRAINEE)
    pages['check-in result'] = (await user.http_client.get(code)).text
    pages['refused page'] = (await user.http_client.get('/participants')).text
    pages['not found'] = (await user.http_client.get('/tidak/ada')).text
    pages['failed page'] = await failed_page()
    for where_, html in pages.items():
        assert html.strip(), where_
        check(where_, plain_text(html))


async def failed_page() -> str:
    """What a page that fails while it is built answers (the server raises the failure again for its log)."""

    @ui.page('/test-gagal')
    def failing() -> None:
        raise RuntimeError('Something broke')

    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url='http://test') as client:
        response = await client.get('/test-gagal')
    assert response.status_code == 500
    return response.text


def test_units_are_named_in_indonesian_and_english_is_caught() -> None:
    codes = [*Unit, *IngredientUnit]

    check('units', [unit_name(code, 'id') for code in codes])
    assert unit_name(Unit.PCS, 'id') == 'buah' and unit_name(Unit.TRAY, 'id') == 'loyang'
    assert english_in([unit_name(code, 'en') for code in codes])
    assert unit_name('paket', 'id') == 'paket'  # an aid item's unit, as the coordinator typed it


def test_the_english_list_is_made_of_english() -> None:
    phrases, words = english()
    assert {'connection lost', 'trying to reconnect', "this page doesn't exist", 'server error'} <= phrases
    assert {'save', 'cancel', 'delete'} <= words
    assert not {'whatsapp', 'rupiah', 'berdaya', 'klepon'} & words
    assert not english_in(['Simpan', 'Batal', 'Belum dibayar: Rp 3.000 (1 pembeli)', json.dumps('Catat penjualan')])


async def test_the_check_finds_english_when_she_chose_english(user: User) -> None:
    await her_business(KUE_TRAINEE[0])
    await open_as(user, KUE_TRAINEE)
    assert len(shown(user)) > 10
    assert not english_in(shown(user))
    user.find(marker='switch-language').click()
    await user.should_see('Record a sale')
    assert english_in(shown(user))
    assert raw_keys_in(['business.title', 'Judul: nav.home'])
