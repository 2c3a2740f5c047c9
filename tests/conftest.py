"""Shared fixtures: a fresh data folder for every app test, and Chromium at phone size for screen tests."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from nicegui.testing import Screen, User
from pypdf import PdfReader
from selenium import webdriver

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
    else:
        monkeypatch.delenv('BERDAYA_DEMO', raising=False)
    from ui.runtime import runtime
    from ui.settings import Settings

    runtime.reset(Settings())
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
    from nicegui.testing import Screen

    origin = f'http://localhost:{Screen.PORT}'
    driver.execute_cdp_cmd(
        'Storage.clearDataForOrigin', {'origin': origin, 'storageTypes': 'service_workers,cache_storage'}
    )


async def log_in(user: User, username: str, password: str) -> int:
    """Log in through the plain form, as a phone would; the session cookie stays with `user`."""
    response = await user.http_client.post('/login', data={'username': username, 'password': password, 'next': '/'})
    return response.status_code


COORDINATOR = ('koordinator', 'demo1234')
INSTRUCTOR = ('instruktur', 'demo1234')
OTHER_INSTRUCTOR = ('pendamping', 'demo1234')
KUE_TRAINEE = ('081200000001', '123456')
KWT_TRAINEE = ('081300000001', '123456')


# ---- helpers the test files share ---------------------------------------------------------------------------


def only(user: User, marker: str) -> Any:
    """The one element marked `marker` on the User fixture's page (fails when there are none or several)."""
    found = user.find(marker=marker).elements
    assert len(found) == 1, f'{len(found)} elements marked {marker}'
    return next(iter(found))


def error_of(user: User, marker: str) -> str | None:
    """The message shown beside the field marked `marker`, None when it shows none."""
    element = only(user, marker)
    return str(element.props.get('error-message', '')) if element.props.get('error') else None


def pdf_text(body: bytes) -> str:
    """A PDF's text, page after page."""
    return '\n'.join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def tap(screen: Screen, text: str) -> None:
    """Tap a button by its text in the real browser, scrolled to the middle of the screen (the bottom bar
    covers the last 64 px)."""
    element = screen.find(text)
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def no_sideways_scroll(screen: Screen) -> None:
    """The page is as wide as the phone, and nothing on it is wider."""
    assert screen.selenium.execute_script('return window.innerWidth') == PHONE[0]
    assert screen.selenium.execute_script('return document.documentElement.scrollWidth') <= PHONE[0]


@pytest.fixture
def no_wait(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Record the log-in slow-down's waits instead of waiting them out; each test starts with a clean slate."""
    from ui import auth

    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(auth, 'sleep', record)
    monkeypatch.setattr(auth, 'throttle', auth.AddressThrottle())
    yield waits
