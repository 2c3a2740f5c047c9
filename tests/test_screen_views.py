"""A page whose socket comes after its view was deleted (ui/views.py), in real Chromium at 360×740: NiceGUI
refuses the unknown view and the page reloads into a clean, working one, never a dead page."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from nicegui import Client
from nicegui.nicegui import sio
from nicegui.testing import Screen

from ui.runtime import runtime

from .conftest import KUE_TRAINEE, screen_log_in

pytestmark = pytest.mark.demo


class Gate:
    """Sockets wait here, as a phone on a slow link would, until the gate opens."""

    def __init__(self) -> None:
        self.open = True

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = sio.handlers['/']['connect']

        async def gated(sid: str, data: dict, *rest: object) -> object:
            while not self.open:
                await asyncio.sleep(0.05)
            return await original(sid, data, *rest)

        monkeypatch.setitem(sio.handlers['/'], 'connect', gated)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    gate.install(monkeypatch)
    yield gate
    gate.open = True


def wait_until(test: object, within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while not test():  # type: ignore[operator]
        assert time.monotonic() < deadline, 'waited in vain'
        time.sleep(0.05)


def test_a_socket_that_comes_after_its_view_was_deleted_reloads_the_page(screen: Screen, gate: Gate) -> None:
    screen_log_in(screen, KUE_TRAINEE)
    runtime.settings.view_grace = 1.0
    gate.open = False
    screen.selenium.get(screen.url + '/')
    first = screen.selenium.execute_script('window.__before_reload = true; return window.clientId')
    wait_until(lambda: first not in Client.instances)  # its grace is over: the view is gone

    gate.open = True  # the signal comes back: the late socket is refused, the page reloads
    wait_until(lambda: screen.selenium.execute_script('return !window.__before_reload && window.socket?.connected'))
    second = screen.selenium.execute_script('return window.clientId')
    assert second != first and second in Client.instances
    assert Client.instances[second].has_socket_connection
    screen.should_contain('Halo')
