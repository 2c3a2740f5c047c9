"""A page view that never opens its socket goes after a short grace; one that connected keeps its reconnect
window; the public, link-shared pages make no view at all (ui/views.py)."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref

import pytest
from nicegui import Client
from nicegui.testing import User

from models.certificate import Certificate
from ui import views
from ui.runtime import runtime

from .conftest import COORDINATOR, KUE_TRAINEE, log_in

pytestmark = pytest.mark.demo

LATER = 3600.0  # a sweep this many seconds on: every grace is long past


async def a_view(user: User, path: str = '/') -> Client:
    """Fetch a page as a robot or a phone that lost its signal would: its HTML, and never its socket."""
    before = set(Client.instances)
    response = await user.http_client.get(path)
    assert response.status_code == 200, path
    (client_id,) = set(Client.instances) - before
    return Client.instances[client_id]


async def gone(client: Client, within: float = 10.0) -> bool:
    """Wait for the view to be deleted (never a fixed sleep): True once it is, False after `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if client.is_deleted and client.id not in Client.instances:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_view_that_never_connects_is_deleted_after_its_grace(user: User) -> None:
    runtime.settings.view_grace = 0.5
    await log_in(user, *KUE_TRAINEE)
    client = await a_view(user)
    assert views.waiting() >= 1
    assert await gone(client), 'a view that never connected outlived its grace'


async def test_a_connected_view_that_drops_keeps_its_reconnect_window(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)
    never = await a_view(user)
    connected = await user.open('/')
    socket = next(iter(connected._socket_to_document_id))  # noqa: SLF001 - the simulated phone's socket
    connected.handle_disconnect(socket)  # her signal drops
    assert not connected.has_socket_connection

    assert views.sweep(time.monotonic() + LATER, runtime.settings.view_grace) >= 1
    assert never.is_deleted
    assert not connected.is_deleted and connected.id in Client.instances  # NiceGUI's 30 s window is hers


async def test_a_crowd_of_views_is_cut_to_its_size_after_the_short_grace(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, 'CROWD', 3)
    await log_in(user, *KUE_TRAINEE)
    start = time.monotonic()
    crowd = [await a_view(user) for _ in range(5)]
    assert views.sweep(start, LATER) == 0  # each within every grace
    assert views.sweep(time.monotonic() + views.CROWDED_GRACE, LATER) == 2  # past the short one: the two oldest go
    assert [c.is_deleted for c in crowd] == [True, True, False, False, False]


async def test_a_view_answered_with_a_redirect_goes_at_the_next_sweep(user: User) -> None:
    before = set(Client.instances)
    response = await user.http_client.get('/participants')  # not logged in: to the log-in form
    assert response.status_code == 303
    made = [Client.instances[c] for c in set(Client.instances) - before]
    views.sweep(time.monotonic(), LATER)
    assert all(client.is_deleted for client in made)


async def test_a_deleted_view_is_freed_without_waiting_for_the_collector(user: User) -> None:
    await log_in(user, *COORDINATOR)
    client = await a_view(user)
    frame = {client.layout.id, client.page_container.id, client.content.id}  # the Client's own three, kept by it
    elements = [weakref.ref(e) for e in client.elements.values() if e.id not in frame]
    assert len(elements) > 20
    held = elements[5]()
    held.props.on_change(lambda held=held: held.update())  # a handler holding its element: a cycle, cut too
    del held
    gc.disable()  # only reference counting may free it
    try:
        views.sweep(time.monotonic() + LATER, LATER / 2)
        assert client.is_deleted
        del client
        alive = [type(ref()).__name__ for ref in elements if ref() is not None]
    finally:
        gc.enable()
    assert alive == [], 'elements of a deleted view wait for the collector (a cycle through their observables)'


async def test_the_public_pages_make_no_view(user: User) -> None:
    store = await runtime.ready()
    certificate = store.all(Certificate)[0]
    shop = await user.http_client.get('/toko/dapur-bu-sumi')
    product = shop.text.split('href="/toko/dapur-bu-sumi/', 1)[1].split('"', 1)[0]
    before = set(Client.instances)
    for path in (
        '/toko/dapur-bu-sumi',
        f'/toko/dapur-bu-sumi/{product}',
        f'/verifikasi/{certificate.id}',
        '/sekretariat/bumidaya',
        '/sekretariat/bumidaya?lang=en',
        '/login',
        '/offline',
    ):
        response = await user.http_client.get(path)
        assert response.status_code == 200, path
        assert 'X-NiceGUI-Content' not in response.headers, path
        assert set(Client.instances) == before, f'{path} made a NiceGUI view'


async def test_a_view_that_never_connects_sends_nothing_and_wakes_nothing_until_it_goes(user: User) -> None:
    """Its outbox waits for the socket (ui/speedups.py) instead of looking ten times a second; once the view is
    deleted that wait ends, and a view that connects gets its page as before."""
    await log_in(user, *KUE_TRAINEE)
    never = await a_view(user)
    loop_task = next(t for t in asyncio.all_tasks() if t.get_name() == f'outbox loop {never.id}')
    for _ in range(5):
        await asyncio.sleep(0)  # give the loop its turns: it stays parked on the view's connection
    assert never.outbox._enqueue_event is None and not loop_task.done()  # noqa: SLF001 - NiceGUI's loop not begun
    never.delete()
    await asyncio.wait_for(loop_task, timeout=5)  # ends with its view, nothing left behind
    connected = await user.open('/')
    assert connected.has_socket_connection
    await user.should_see('Siti')  # her home, with her name
