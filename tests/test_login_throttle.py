"""The per-address log-in slow-down holds: it keys on the address the server really sees, and tries sent all at
once are slowed exactly as much as tries sent one after another."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from nicegui.testing import User
from starlette.requests import Request

from ui import auth
from ui.runtime import runtime
from ui.settings import Settings

pytestmark = pytest.mark.demo
TRIES = 60


@pytest.fixture
def throttle(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """A clean throttle on a clock that stands still, with the waits recorded instead of slept."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)

    monkeypatch.setattr(auth, 'sleep', record)
    monkeypatch.setattr(auth, 'clock', lambda: 1000.0)
    monkeypatch.setattr(auth, 'throttle', auth.AddressThrottle())
    yield waits


def request_from(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b'x-forwarded-for', forwarded.encode())] if forwarded else []
    return Request({'type': 'http', 'client': (peer, 50000), 'headers': headers, 'method': 'POST', 'path': '/'})


def test_a_forged_forwarded_header_from_anyone_is_ignored() -> None:
    runtime.settings = Settings()  # no trusted proxies: the default

    assert auth.client_address(request_from('203.0.113.7', '10.9.9.9')) == '203.0.113.7'
    assert auth.client_address(request_from('127.0.0.1', '10.9.9.9')) == '127.0.0.1'


def test_behind_a_trusted_proxy_the_nearest_untrusted_address_counts() -> None:
    runtime.settings = Settings(trusted_proxies='127.0.0.1, 10.0.0.0/8')

    # the phone's forged first hop is ignored too: the proxy appended what it saw
    seen = auth.client_address(request_from('127.0.0.1', '6.6.6.6, 198.51.100.4, 10.1.2.3'))
    assert seen == '198.51.100.4'
    assert auth.client_address(request_from('203.0.113.7', '198.51.100.4')) == '203.0.113.7'  # not a proxy


def test_a_bad_trusted_proxy_setting_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match='not-an-address'):
        Settings(trusted_proxies='10.0.0.0/8,not-an-address')


async def wrong_tries(user: User, at_once: bool) -> list[int]:
    async def one() -> int:
        response = await user.http_client.post('/api/login', json={'username': 'tidak-ada', 'password': 'salah'})
        return response.status_code

    if at_once:
        return list(await asyncio.gather(*(one() for _ in range(TRIES))))
    return [await one() for _ in range(TRIES)]


@pytest.mark.parametrize('at_once', [False, True], ids=['one after another', 'all at once'])
async def test_tries_at_once_are_slowed_as_much_as_tries_one_after_another(
    user: User, throttle: list[float], at_once: bool
) -> None:
    await runtime.ready()

    statuses = await wrong_tries(user, at_once)

    free = auth.ADDRESS_FAILURES
    slowed = int(auth.ADDRESS_MAX_WAIT_SECONDS // auth.ADDRESS_DELAY_SECONDS)
    assert sorted(throttle) == [auth.ADDRESS_DELAY_SECONDS * n for n in range(1, slowed + 1)]  # one slot each
    assert statuses.count(401) == free + slowed  # checked: the free ones, then one a slot
    assert statuses.count(429) == TRIES - free - slowed  # the rest refused at once, not let through
