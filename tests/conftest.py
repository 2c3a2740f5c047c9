"""Shared fixtures and helpers: a fresh data folder for every app test, Chromium at phone size for the real-browser
(test_screen_*) tests, and each helper two or more test files use, written once."""

from __future__ import annotations

import asyncio
import copy
import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Coroutine, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import pytest
import time_machine
import zxingcpp
from argon2 import PasswordHasher
from nicegui import core
from nicegui.storage import Storage
from nicegui.testing import Screen, User
from openpyxl import Workbook
from pypdf import PdfReader
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from models.account import Account
from models.aid import Handover
from models.attendance import Attendance, Method, Status, attendance_id, code_path, slot_of
from models.base import Record
from models.business import Product, Sale, SaleForm, ShopForm, Unit
from models.departure import Checklist
from models.helpdesk import HelpdeskMessage
from models.orders import Order
from models.participant import Category, Group, Participant
from models.programme import Day, Programme, ProgrammeKind, Zone
from models.register import RegisterEntry
from models.secretariat import Secretariat
from store import Store, accounts
from store.accounts import find_account
from store.attendance import check_in, mark
from store.demo import seed_demo
from store.journal import journal_files
from store.sales import record_sale
from store.secretariats import secretariat_by_slug
from store.shop import save_shop
from store.skills import day_skills
from ui import auth, checkin
from ui.runtime import runtime

# Argon2 at its production cost (85 ms a hash or check, on a few cores) is what makes guessing a PIN slow; the
# tests check who gets in, not how slowly, and log in thousands of times: they hash with the cheapest argon2id
# parameters, and the demo they seed is hashed so too. The app and its CLI, run as programs, keep the real cost.
accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
accounts._DUMMY = accounts._hasher.hash('not-a-real-password')
accounts.shared_demo_hash.cache_clear()

# The suite runs in several processes (pytest-xdist): each worker's screen tests serve the app on a port of its own.
_worker = os.environ.get('PYTEST_XDIST_WORKER', '')
Screen.PORT += int(_worker.removeprefix('gw')) if _worker.startswith('gw') else 0
Storage.path = Path(tempfile.mkdtemp(prefix='berdaya-test-nicegui-'))  # and NiceGUI's storage files of its own

os.environ.setdefault('CHROME_BINARY_LOCATION', '/usr/bin/chromium')
os.environ.setdefault('SE_OFFLINE', 'true')  # Selenium Manager must not look for drivers online: Debian's is used
PHONE = (360, 740)
WIB = dt.timezone(dt.timedelta(hours=7))
# Every test runs on a fixed clock that goes on ticking from this moment, so the suite gives the same answer at
# any hour it is run. tests/test_any_hour.py runs the tests that read the clock at other moments through it.
CLOCK = os.environ.get('BERDAYA_TEST_CLOCK', '2026-12-07T09:30:00+07:00')

# NiceGUI's User waits 3 × 0.1 s for a page to change; on a busy 2-core CI machine an argon2 hash or a
# store write can take longer. Wait (never sleep) up to 5 s before calling a test failed.
for _wait in (User.should_see, User.should_not_see):
    if _wait.__kwdefaults__ and 'retries' in _wait.__kwdefaults__:
        _wait.__kwdefaults__['retries'] = 50


def clock_start(marker: pytest.Mark | None = None) -> dt.datetime:
    """The moment a test's clock starts: `@pytest.mark.clock('08:05')` (WIB, on the suite's day) or a whole
    ISO time, else the suite's clock."""
    default = dt.datetime.fromisoformat(CLOCK)
    if marker is None:
        return default
    text = marker.args[0]
    if len(text) <= 5:
        hour, minute = (int(part) for part in text.split(':'))
        return dt.datetime.combine(default.astimezone(WIB).date(), dt.time(hour, minute), WIB)
    return dt.datetime.fromisoformat(text)


@pytest.fixture(autouse=True)
def fixed_clock(request: pytest.FixtureRequest) -> Iterator[time_machine.Traveller | None]:
    """The server's clock for this test: fixed at its start, then ticking with real time."""
    if request.node.get_closest_marker('real_clock'):
        yield None
        return
    with time_machine.travel(clock_start(request.node.get_closest_marker('clock')), tick=True) as traveller:
        yield traveller


_seeded: dict[dt.datetime, Path] = {}


def seeded_demo(start: dt.datetime, config: pytest.Config) -> Path:
    """A data folder with the demo seeded, as the app would seed it on a clock standing still at `start`; made
    once a run for each moment tests start at (most start at the suite's clock), then copied for each test:
    a demo test starts from exactly what seeding at its start would give, without seeding again."""
    if start not in _seeded:
        folder = config._tmp_path_factory.mktemp('demo')  # type: ignore[attr-defined]  # pytest's own factory
        with time_machine.travel(start, tick=False):
            asyncio.run(demo_folder(folder / 'data', dt.datetime.now(WIB).date()))
        _seeded[start] = folder / 'data'
    return _seeded[start]


@pytest.fixture(autouse=True)
def berdaya_env(
    fixed_clock: time_machine.Traveller | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[Path]:
    """Every test gets its own data folder; tests marked `demo` start with the demo data seeded."""
    data = tmp_path / 'data'
    monkeypatch.setenv('BERDAYA_DATA', str(data))
    monkeypatch.setenv('BERDAYA_SECRET', 'test-secret-' + request.node.name[:20])
    if request.node.get_closest_marker('demo'):
        monkeypatch.setenv('BERDAYA_DEMO', 'true')
        if fixed_clock is not None:  # the demo as seeded at this test's first moment, copied: the app keeps it
            start = clock_start(request.node.get_closest_marker('clock'))
            shutil.copytree(seeded_demo(start, request.config), data)
    else:
        monkeypatch.delenv('BERDAYA_DEMO', raising=False)
    from ui import helpdesk_public, shop_public, typed_code
    from ui.settings import Settings

    runtime.reset(Settings())
    monkeypatch.setattr(typed_code, 'throttle', typed_code.Throttle())  # wrong codes of an earlier test forgotten
    monkeypatch.setattr(shop_public, 'throttle', shop_public.OrderThrottle())  # and web orders
    monkeypatch.setattr(helpdesk_public, 'throttle', helpdesk_public.MessageThrottle())  # and help-desk messages
    yield data


@pytest.fixture(scope='session')
def nicegui_chrome_options(nicegui_chrome_options: webdriver.ChromeOptions) -> webdriver.ChromeOptions:
    """NiceGUI's options, at the phone size we design for, without Chromium's calls home."""
    options = nicegui_chrome_options
    options.arguments[:] = [a for a in options.arguments if not a.startswith('window-size')]
    for argument in (
        f'window-size={PHONE[0]},{PHONE[1]}',
        'disable-gpu',
        'disable-background-networking',
        'disable-component-update',
        'disable-sync',
        'no-first-run',
        'hide-scrollbars',
    ):
        options.add_argument(argument)
    return options


@pytest.fixture(scope='session')
def nicegui_driver(nicegui_driver: webdriver.Chrome) -> Generator[webdriver.Chrome, None, None]:
    """Headless Chromium will not make a window narrower than 500 px; emulate the phone's screen instead."""
    nicegui_driver.execute_cdp_cmd(
        'Emulation.setDeviceMetricsOverride',
        {'width': PHONE[0], 'height': PHONE[1], 'deviceScaleFactor': 2, 'mobile': True},
    )
    yield nicegui_driver


@pytest.fixture(autouse=True)
def no_service_worker_left_behind(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every page registers Berdaya's service worker. One left from an earlier screen test would answer this
    test's first page with its offline page while the server is still starting, so each starts without one."""
    if 'screen' in request.fixturenames:
        _forget_service_workers(request.getfixturevalue('nicegui_driver'))
    yield
    if 'screen' in request.fixturenames:
        _forget_service_workers(request.getfixturevalue('nicegui_driver'))


def _forget_service_workers(driver: webdriver.Chrome) -> None:
    origin = f'http://localhost:{Screen.PORT}'
    driver.execute_cdp_cmd(
        'Storage.clearDataForOrigin', {'origin': origin, 'storageTypes': 'service_workers,cache_storage'}
    )


async def log_in(user: User, username: str, password: str) -> int:
    """Log in through the plain form, as a phone would; the session cookie stays with `user`."""
    response = await user.http_client.post('/login', data={'username': username, 'password': password, 'next': '/'})
    return response.status_code


async def open_as(user: User, who: tuple[str, str], path: str = '/') -> None:
    """Log in as `who` and open `path`: where most User-fixture tests start."""
    assert await log_in(user, *who) == 303, f'{who[0]} could not log in'
    await user.open(path)


COORDINATOR = ('koordinator', 'demo1234')
INSTRUCTOR = ('instruktur', 'demo1234')
OTHER_INSTRUCTOR = ('pendamping', 'demo1234')
KUE_TRAINEE = ('081200000001', '123456')
KWT_TRAINEE = ('081300000001', '123456')
SECRETARIAT = ('sekretariat', 'demo1234')  # the staff of the demo's village secretariat, Bumidaya


# ---- User-fixture (in-process) tests -------------------------------------------------------------------------


def only(user: User, marker: str) -> Any:
    """The one element marked `marker` on the User fixture's page (fails when there are none or several)."""
    found = user.find(marker=marker).elements
    assert len(found) == 1, f'{len(found)} elements marked {marker}'
    return next(iter(found))


def error_of(user: User, marker: str) -> str | None:
    """The message shown beside the field marked `marker`, None when it shows none."""
    element = only(user, marker)
    return str(element.props.get('error-message', '')) if element.props.get('error') else None


def errors_of(user: User, *markers: str) -> dict[str, str | None]:
    """The message beside each field marked in `markers`, None where it shows none: one look at a whole form."""
    return {marker: error_of(user, marker) for marker in markers}


async def refused_beside_fields(user: User, save: str, errors: dict[str, str | None], model: type[Record]) -> None:
    """Tap `save` on a form: each field in `errors` shows its message (None: shows none) and no `model` is saved."""
    before = runtime.store.count(model)
    user.find(marker=save).click()
    await user.should_see(next(message for message in errors.values() if message))
    assert errors_of(user, *errors) == errors
    assert runtime.store.count(model) == before


@pytest.fixture
def user(user: User) -> User:
    """NiceGUI's simulated user, whose page scripts answer as a phone would: the card scanner started its
    camera (a test can set `user.javascript_rules[SCANNER]` to say otherwise)."""
    user.javascript_rules[SCANNER] = lambda _: 'started'
    return user


SCANNER = re.compile(r'.*berdayaScanner\.start')


@pytest.fixture
def no_wait(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Record the log-in slow-down's waits instead of waiting them out; each test starts with a clean slate."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(auth, 'sleep', record)
    monkeypatch.setattr(auth, 'throttle', auth.AddressThrottle())
    yield waits


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Set the server's clock (`auth.now`) to a moment: when a code is shown, a scan made, a queue arrives."""

    def set_to(moment: dt.datetime) -> None:
        monkeypatch.setattr(auth, 'now', lambda: moment)

    return set_to


# ---- the demo's records, as tests look them up ---------------------------------------------------------------

SENSITIVE_CATEGORIES = [Category.KPO.value, Category.KTK.value, Category.PMBS.value]


def demo_programme(store: Store, kind: ProgrammeKind = ProgrammeKind.KUE) -> Programme:
    """The demo's one programme of `kind`: the kue course (its day 1 is today) or the KWT's chili farming."""
    return next(p for p in store.all(Programme) if p.kind == kind)


def demo_day(store: Store, programme: Programme, number: int = 1) -> Day:
    """Day `number` of `programme`."""
    return next(d for d in store.by_index(Day, 'programme', programme.id) if d.number == number)


async def bumidaya() -> Secretariat:
    """The demo's village secretariat, Desa Bumidaya's (`/sekretariat/bumidaya`), once the app's store is open."""
    found = secretariat_by_slug(await runtime.ready(), 'bumidaya')
    assert found is not None
    return found


def account(username: str) -> Account:
    """The account that logs in with `username` (the app's store must be open)."""
    found = find_account(runtime.store, username)
    assert found is not None, username
    return found


async def kue_day(number: int = 1) -> tuple[Programme, Day]:
    """The demo kue course and its day `number` (day 1 is today), once the app's store is open."""
    store = await runtime.ready()
    programme = demo_programme(store)
    return programme, demo_day(store, programme, number)


def at_local(day: Day, hour: int, minute: int, second: int = 0) -> dt.datetime:
    """`hour:minute` WIB on `day`'s date, in UTC as the store keeps time."""
    return dt.datetime.combine(day.date, dt.time(hour, minute, second), tzinfo=Zone.WIB.tz).astimezone(dt.UTC)


def her_participant_id(phone: str = KUE_TRAINEE[0]) -> str:
    """The participant behind the trainee account that logs in with `phone` (the app's store must be open)."""
    account = find_account(runtime.store, phone)
    assert account is not None and account.participant_id, phone
    return account.participant_id


def attendance_of(day: Day, participant_id: str) -> Attendance | None:
    """Her attendance record of `day`, None while she has none."""
    return runtime.store.get(Attendance, attendance_id(day.id, participant_id))


def her_record(day: Day, phone: str) -> Attendance | None:
    """The attendance record of `day` of the trainee who logs in with `phone`."""
    return attendance_of(day, her_participant_id(phone))


async def her_product(phone: str = KUE_TRAINEE[0], **changes: Any) -> Product:
    """A product of the trainee who logs in with `phone`, saved: Klepon at Rp 1.000 a piece, HPP Rp 450,
    unless `changes` say otherwise."""
    store = await runtime.ready()
    values = {'name': 'Klepon', 'unit': Unit.PCS, 'price': 1000, 'hpp': 450}
    product = Product(participant_id=her_participant_id(phone), **(values | changes))
    await store.put(product)
    return product


async def owed_sale(product: Product, quantity: int = 2, buyer: str = 'Bu Tini') -> Sale:
    """An unpaid sale of `product` made now: a line on her list of who owes her."""
    form = SaleForm(product_id=product.id, quantity=quantity, paid=False, buyer=buyer, at=dt.datetime.now(dt.UTC))
    return (await record_sale(runtime.store, product.participant_id, form)).record


async def her_shop(participant_id: str, slug: str = 'kue-siti') -> None:
    """Her public shop `Kue Siti` at /toko/`slug`, with every product of hers."""
    await save_shop(runtime.store, participant_id, ShopForm(slug=slug, name='Kue Siti'))


# ---- documents, read back as a reader would ------------------------------------------------------------------


XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'  # a workbook's content type


def pdf_text(body: bytes) -> str:
    """A PDF's text, page after page."""
    return '\n'.join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def flat(text: str) -> str:
    """`text` with its line breaks and runs of spaces as single spaces, as a reader takes it in."""
    return ' '.join(text.split())


def qr_paths(body: bytes) -> list[str]:
    """The path every QR image in the PDF opens, decoded from its embedded image as a phone's camera would.
    A picture with no code in it (the letterhead's logo) is passed over: callers compare the whole list."""
    paths = []
    for page in PdfReader(io.BytesIO(body)).pages:
        for image in page.images:
            results = zxingcpp.read_barcodes(image.image)
            assert len(results) <= 1, image.name
            paths.extend(urlparse(result.text).path for result in results)
    return paths


class Kue:
    """The demo kue course, with its days in order and its trainees by name; marks and arrivals by the coordinator."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.programme = demo_programme(store)
        self.days = sorted(store.by_index(Day, 'programme', self.programme.id), key=lambda d: d.number)
        self.people = {p.name: p for p in (store.get(Participant, i) for i in self.programme.participant_ids) if p}
        self.coordinator = next(a for a in store.all(Account) if a.username == COORDINATOR[0])

    def at(self, day: int, hour: int, minute: int) -> dt.datetime:
        local = dt.datetime.combine(self.days[day - 1].date, dt.time(hour, minute), self.programme.zone.tz)
        return local.astimezone(dt.UTC)

    async def arrive(self, day: int, name: str, hour: int, minute: int) -> None:
        await check_in(
            self.store, self.days[day - 1].id, self.people[name].id,
            arrived=self.at(day, hour, minute), how=Method.CARD_SCAN, by=self.coordinator.id,
        )  # fmt: skip

    async def mark(self, day: int, name: str, status: Status, reason: str, hour: int = 9, minute: int = 0) -> None:
        day_id, by, arrived = self.days[day - 1].id, self.coordinator.id, self.at(day, hour, minute)
        await mark(self.store, day_id, self.people[name].id, status, by=by, reason=reason, arrived=arrived)


def sensitive_texts(kue: Kue) -> list[str]:
    """What no attendance document may show of the kue trainees: NIKs, case notes, phones, categories."""
    people = kue.people.values()
    return [
        *(p.nik for p in people if p.nik),
        *(p.case_notes for p in people if p.case_notes),
        *(p.phone for p in people if p.phone),
        *SENSITIVE_CATEGORIES,
    ]


# ---- the participants import's sample file -------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parent / 'data' / 'peserta-contoh.csv'  # a copy of shared/data's sample


def sample_table() -> list[list[str]]:
    """The sample file's rows, header first: 17 good participants and 4 bad rows."""
    return list(csv.reader(io.StringIO(SAMPLE.read_bytes().decode('utf-8'))))


def xlsx_of(table: list[list[object]], text_columns: tuple[str, ...] = ('no_hp', 'nik')) -> bytes:
    """`table` as an XLSX workbook, with `text_columns` formatted as text the way a careful clerk sets them."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    header = [str(c) for c in table[0]]
    for row in table:
        sheet.append(row)
    for position, name in enumerate(header, start=1):
        if name in text_columns:
            for row_cells in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                row_cells[0].number_format = '@'
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---- real-browser (Screen) tests -----------------------------------------------------------------------------

T = TypeVar('T')


def tap(screen: Screen, text: str) -> None:
    """Tap a button by its text in the real browser, scrolled to the middle of the screen (the bottom bar
    covers the last 64 px), once it stands still: a sheet still sliding in would take the tap on its backdrop."""
    element = screen.find(text)
    driver = screen.selenium
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    seen: list[object] = []

    def still(_: object) -> bool:
        box = driver.execute_script('const r=arguments[0].getBoundingClientRect();return [r.x,r.y,r.width]', element)
        seen.append(box)
        return len(seen) > 1 and seen[-2] == box

    WebDriverWait(driver, 5, poll_frequency=0.1).until(still)
    element.click()


def no_sideways_scroll(screen: Screen) -> None:
    """The page is as wide as the phone, and nothing on it is wider."""
    assert screen.selenium.execute_script('return window.innerWidth') == PHONE[0]
    width = screen.selenium.execute_script('return document.documentElement.scrollWidth')
    assert width <= PHONE[0], f'the page scrolls sideways: {width} px'


def on_app_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a store call from a screen test's thread on the app's own loop, where the store's writer runs."""
    return asyncio.run_coroutine_threadsafe(coroutine, core.loop).result(10)  # type: ignore[arg-type]


def screen_log_in(screen: Screen, who: tuple[str, str]) -> None:
    """Log in as `who` through the plain form in real Chromium, as on her phone, and wait for the greeting."""
    if screen.server_thread is None:
        screen.open('/login')  # starts the server
    else:
        screen.selenium.get(screen.url + '/login')
    screen.selenium.find_element(By.ID, 'username').send_keys(who[0])
    screen.selenium.find_element(By.ID, 'password').send_keys(who[1] + Keys.ENTER)
    screen.should_contain('Halo')


def started_a_moment_ago() -> Day:
    """Kue day 1 (today), moved to have started five minutes ago: a scan now is in time whenever the test runs."""
    store = on_app_loop(runtime.ready())  # the server may still be seeding the demo
    day = demo_day(store, demo_programme(store))
    started = (dt.datetime.now(Zone.WIB.tz) - dt.timedelta(minutes=5)).time().replace(microsecond=0)
    moved = day.model_copy(update={'starts_at': started})
    on_app_loop(runtime.store.put(moved))
    return moved


def projected_path(day: Day, slots_ago: int = 0) -> str:
    """The check-in path the projector shows for `day` now, or `slots_ago` slots before."""
    return code_path(checkin.secret(), day.id, slot_of(dt.datetime.now(dt.UTC)) - slots_ago)


# ---- the operator's command line -----------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def berdaya(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the `berdaya` command with `args` from the project folder, as an operator would."""
    command = [sys.executable, '-c', 'from ui.cli import main; main()', *args]
    return subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=60)


async def demo_folder(folder: Path, today: dt.date = dt.date(2026, 11, 24)) -> dict[str, int]:
    """A data folder with the demo seeded as of `today`, closed again; how many records each table holds."""
    store = await Store.open(folder)
    try:
        await seed_demo(store, today)
        return store.stats()
    finally:
        await store.close()


# ---- a store of the tests' own, outside the app --------------------------------------------------------------


@contextmanager
def open_store(folder: Path, *records: Record) -> Iterator[tuple[Store, Callable[[Any], Any]]]:
    """A store holding `records`, on its own event loop for a whole hypothesis run (hypothesis and async fixtures
    do not mix); `run(coroutine)` drives it."""
    loop = asyncio.new_event_loop()
    store = loop.run_until_complete(Store.open(folder))
    try:
        if records:
            loop.run_until_complete(store.put(*records))
        yield store, loop.run_until_complete
    finally:
        loop.run_until_complete(store.close())
        loop.close()


def state_of(store: Store) -> dict[str, Any]:
    """Everything a refused write could have touched: documents, indexes, sequence number, journal bytes."""
    tables = {name: dict(docs) for name, docs in store._storage.tables.items()}  # no write is running here
    return {
        'stats': store.stats(),
        'tables': copy.deepcopy(tables),
        'seq': store.seq,
        'indexes': {key: copy.deepcopy(index.entries) for key, index in store._indexes.items()},
        'journal': sum(p.stat().st_size for p in journal_files(store.folder)),
    }


async def route_ids() -> dict[str, str]:
    """A demo record for each of the route table's path parameters (the role matrix, headers and privacy tests)."""
    store = await runtime.ready()
    kue = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KUE)
    day = next(d for d in store.by_index(Day, 'programme', kue.id) if d.number == 1)
    handovers = {h.participant_id: h.id for h in store.all(Handover)}
    return {
        'programme_id': kue.id, 'day_id': day.id, 'participant_id': kue.participant_ids[0],
        'group_id': store.all(Group)[0].id, 'own_handover': handovers[kue.participant_ids[0]],
        'handover_id': handovers[kue.participant_ids[1]], 'group_handover': handovers[None],
        'skill_id': day_skills(store, day.id)[0].id,
        'slot': '1', 'mac': '0', 'token': 'token', 'slug': 'no-such-shop', 'certificate_id': 'no-such-code',
        'item_id': 'bantuan-paket-kue', 'name': kue.logo, 'product_id': 'no-such-product',
        'item': 'all', 'shape': 'square', 'customer_id': 'no-such-customer',
        'secretariat_id': next(iter(store.all(Secretariat))).id,
        'message_id': next(iter(store.all(HelpdeskMessage))).id,  # a help-desk message of the demo's secretariat
        'entry_id': min(e.id for e in store.all(RegisterEntry)),  # an entry of the demo secretariat's register
        'checklist_id': min(c.id for c in store.all(Checklist)),  # one of its pre-departure checklists
        'order_id': next(o.id for o in store.all(Order) if o.transfer_proof),  # the demo seller's, with a proof
        'lang': 'en',
    }  # fmt: skip
