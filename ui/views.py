"""A page view whose socket never opens costs little and goes soon.

Every NiceGUI page view is a `Client` holding its whole element tree, kept for the socket the page's script
opens. A view whose socket never comes (a refresh storm, a phone that lost its signal after the HTML, a robot
fetching a link) would stay until NiceGUI's housekeeping prunes it a minute later: 2,400 of them in 20 s took
the server from 140 to 605 MiB. Here a view that has not connected is deleted after a grace counted from the
moment its HTML was ready:
- `settings.view_grace` (15 s) while the server is quiet. From the HTML ready to the socket connected, her home in
  Chromium throttled to DevTools' *Slow 3G* (400 kbps, 2 s round trip) took 11.5 s on a first visit (304 KB of
  scripts, `bench/weight.py`) and 2.3-4.5 s on a repeat one (scripts cached); *Fast 3G* (1.6 Mbps, 560 ms)
  3.8 s and 0.8 s. DevTools adds its latency once a request; a real link pays it a round trip (a new TCP
  connection, the upgrade, engine.io's open, socket.io's connect: 2.5 round trips, 5 s on Slow 3G, 7 s in all
  on a repeat visit, 9 s over TLS). 15 s covers these; a first visit on a real Slow 3G link (17-21 s counted by
  round trips) gets one clean reload, its scripts cached by then;
- `CROWDED_GRACE` (4 s) once more than `CROWD` views wait at once (a storm): the oldest past 4 s go first, down to
  `CROWD`, so a storm costs the slowest phones a reload (a first visit on Slow 3G), never the server its memory.
  During `bench/pages.py`'s storm (2,400 views in 20 s) a repeat visit connected in 0.7-0.9 s on Fast 3G and
  2.2-2.4 s on Slow 3G (`bench/connect.py`, a quiet 2-core machine; 0.7 and 2.2 s without the storm), but in
  4.8 and 5.6 s (two views) with the CPU also taken by other work: 4 s is as short as it goes. A view of her home
  waiting holds about 0.1 MiB (36 elements, ui/lean_props.py), so a storm lifts the peak by about its views a
  second × 4.3 s (the grace and half a sweep) × 0.1 MiB: 120 a second, 50 MiB;
- a view that answered with no page at all (a redirect to the log-in, a refusal) goes at the next sweep.
A view that has connected once is NiceGUI's again: when its signal drops it keeps the reconnect window
(`settings.reconnect_timeout`, 30 s). A view deleted here whose socket comes late is refused by NiceGUI, and
its script reloads the page: a clean page, never a dead one.

A deleted view's tree is freed at once (`_gone` cuts the cycles NiceGUI's elements hold, which the collector,
run seldom by `ui/app.py`, would keep for minutes); after a batch `malloc_trim` hands C's freed pages back to
the system, and once a crowd is over a full collection frees what requests left in cycles first.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import time
from collections.abc import Callable

from nicegui import Client, app, background_tasks

from .runtime import runtime

log = logging.getLogger('berdaya')

CROWD = 100  # views waiting for their socket at once before the crowded grace applies
CROWDED_GRACE = 4.0  # seconds
SWEEP_EVERY = 0.5  # seconds
GIVE_BACK_AFTER = 50  # views deleted since memory was last given back: collect and trim now
GIVE_BACK_EVERY = 5.0  # seconds: and at most this long after the last deletion

# client id → when its HTML was ready (time.monotonic()); a view leaves when it connects or is deleted
_waiting: dict[str, float] = {}


def html_ready(client: Client, *, page: bool = True) -> None:
    """The view's HTML is ready to go (its builder returned): its grace starts now. `page=False`: it answered
    with something else (a redirect, a refusal), so nothing will ever connect to it."""
    if not client.has_socket_connection:
        _waiting[client.id] = time.monotonic() if page else float('-inf')


def waiting() -> int:
    """How many views wait for their socket (tests, benches)."""
    return len(_waiting)


def install() -> None:
    app.on_connect(_connected)
    app.on_delete(_gone)
    app.on_startup(_start)
    app.on_shutdown(_stop)


def _connected(client: Client) -> None:
    _waiting.pop(client.id, None)


def _gone(client: Client) -> None:
    """A view is being deleted (here, or by NiceGUI after its reconnect window): let its tree go at once.

    An element's props, classes and style find their own change handler when they need it (ui/lean_props.py), so
    they hold no cycle of their own; a handler added to one (`on_change`) may hold its element, and is let go here.
    So the tree goes by reference counting when NiceGUI drops it (nothing of a deleted view is updated again), not
    when the collector's oldest generation, run seldom (`ui/app.py`), would find it."""
    _waiting.pop(client.id, None)
    for element in client.elements.values():
        for observable in (element.props, element.classes, element.style):
            if observable._more_handlers:  # type: ignore[attr-defined]  # noqa: SLF001 - see ui/lean_props.py
                observable._more_handlers = ()  # type: ignore[attr-defined]  # noqa: SLF001


_sweeper: list[asyncio.Task[None]] = []


def _start() -> None:
    _waiting.clear()
    _sweeper[:] = [background_tasks.create(_sweep_forever(), name='delete views that never connected')]


def _stop() -> None:
    for task in _sweeper:
        task.cancel()
    _sweeper.clear()
    _waiting.clear()


async def _sweep_forever() -> None:
    memory = GiveBack()
    while True:
        await asyncio.sleep(SWEEP_EVERY)
        try:
            memory.deleted(sweep(time.monotonic(), runtime.settings.view_grace))
        except Exception:  # noqa: BLE001 - the sweeper must outlive a surprise
            log.exception('deleting views that never connected')


def sweep(now: float, grace: float) -> int:
    """Delete the views past their grace that never connected; how many were deleted."""
    late: list[str] = []
    crowded: list[tuple[float, str]] = []
    for client_id, ready in _waiting.items():
        age = now - ready
        if age >= grace:
            late.append(client_id)
        elif age >= CROWDED_GRACE:
            crowded.append((ready, client_id))
    over = len(_waiting) - len(late) - CROWD
    if over > 0:
        late += [client_id for _, client_id in sorted(crowded)[:over]]
    deleted = 0
    for client_id in late:
        _waiting.pop(client_id, None)
        client = Client.instances.get(client_id)
        if client is None or client.has_socket_connection or client.is_deleted:
            continue
        client.delete()
        deleted += 1
    return deleted


class GiveBack:
    """Trim after views were deleted: once `GIVE_BACK_AFTER` went, or `GIVE_BACK_EVERY` seconds after the first
    of them went; when the crowd is over (a handful left waiting), collect first: what requests left in cycles
    (NiceGUI's storage of a session, a page's refreshable) is freed then rather than at the collector's next
    full pass, which `ui/app.py` makes rare."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.pending = 0  # views deleted since memory was last given back
        self.since = 0.0
        self.uncollected = 0  # views deleted since the last collection

    def deleted(self, count: int) -> None:
        now = self.clock()
        if count and not self.pending:
            self.since = now
        self.pending += count
        self.uncollected += count
        if self.pending >= GIVE_BACK_AFTER or (self.pending and now - self.since >= GIVE_BACK_EVERY):
            collect = self.uncollected >= GIVE_BACK_AFTER and len(_waiting) <= CROWD // 10
            if collect:
                self.uncollected = 0
            self.pending = 0
            give_back(collect=collect)


def give_back(*, collect: bool = False) -> None:
    """Hand the pages deleted views freed back to the system; `collect`: free what waits in cycles first (a full
    collection: tens of milliseconds, so once a storm is over, never during one)."""
    if collect:
        gc.collect()
    if _trim is not None:
        _trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6')
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc (musl, macOS): collecting is all there is
        return None


_trim = _malloc_trim()
