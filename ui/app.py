"""App wiring: open the store at start-up, register pages and routes, start NiceGUI."""

from __future__ import annotations

import datetime as dt
import gc
import logging
from pathlib import Path
from typing import Any

from nicegui import app, translations, ui

from models.programme import Zone
from store import Store

from . import (
    announce,
    backup_service,
    error_pages,
    frame,
    headers,
    icons,
    media,
    paths,
    pwa,
    routes,
    speedups,
    static,
    views,
)
from .i18n import NICEGUI_TEXTS, old_browser_script, t
from .runtime import runtime
from .settings import Settings, signing_secret

log = logging.getLogger('berdaya')
ASSETS = Path(__file__).resolve().parent.parent / 'assets'


def build(settings: Settings) -> None:
    """Register everything with NiceGUI for these settings; called once per run (and per test)."""
    runtime.reset(settings)
    translations.translations['id'] = NICEGUI_TEXTS['id']  # type: ignore[index]
    pwa.install()
    routes.register(app)
    error_pages.install(app)
    static.install(app, lambda: runtime.settings.cache / 'static')
    media.install(app)  # kept photos answered before the middleware: a shop page asks for thirty
    paths.install(app)
    headers.install(app)  # after the static layer: outside it, so its answers get the headers too
    icons.keep_in(runtime.settings.cache / 'icons')  # read back after a restart, without fontTools
    ui.add_head_html(icons.icon_face() + old_browser_script(), shared=True)
    speedups.apply()
    frame.theme()
    backup_service.install(app)
    views.install()  # a view that never opens its socket goes after a short grace
    app.on_startup(_open_store)
    app.on_shutdown(_close_store)


async def _open_store() -> None:
    settings = runtime.settings
    store = await _store_of(settings)
    try:
        if settings.demo:
            from store.demo import seed_demo  # its data and their QR codes: not in a real office's server

            today = dt.datetime.now(Zone.WIB.tz).date()
            seeded = await seed_demo(store, today)
            log.info(t('cli.demo_seeded') if seeded else t('cli.demo_kept'))
    except BaseException:
        # Stopped before it was ready (a quick shutdown cancels start-up): what was seeded is in the
        # journal; end the writer and free the folder so the next start finds it whole.
        await store.close(checkpoint=False)
        raise
    runtime.opened(store)


_claimed: list[Any] = []  # the tenant's database, its writer lock taken before the server started (`run`)


async def _store_of(settings: Settings) -> Store:
    """The data folder's store, or with a database URL the tenant's on PostgreSQL (the lock `run` took, if any)."""
    if not settings.database_url:
        return await Store.open(settings.data)
    from store.pg_engine import open_postgres

    database = _claimed.pop() if _claimed else settings.database_url
    store = await open_postgres(settings.data, database, settings.tenant)
    store.on_taken_over = app.shutdown  # another process writes now: stop serving what is no longer the truth
    return store


def claim_writer(settings: Settings, *, standby: bool) -> None:
    """Take the tenant's writer lock before serving anything: a second writer refuses to start (TenantLocked), a
    standby waits here, not listening, until the writer it backs stops, then goes on to load and serve."""
    from store.postgres import Database, shown_url

    database = Database(settings.database_url, settings.tenant)
    if standby:
        print(t('cli.standby_waiting', tenant=settings.tenant, database=shown_url(settings.database_url)), flush=True)
        database.wait_lock()
        print(t('cli.standby_taking_over', tenant=settings.tenant), flush=True)
    else:
        database.refuse_if_locked()
    _claimed[:] = [database]


async def _close_store() -> None:
    store = runtime.store if runtime.is_open else None
    runtime.opened(None)
    if store is not None:
        await store.close()


async def _settle_memory() -> None:
    """Once the store is loaded, move everything alive to the collector's permanent generation.

    The tables, the indexes and NiceGUI's own objects live as long as the process; without this every
    full collection walks all of them again (tens of milliseconds with a year of a programme's records),
    and it lands on whichever phone's request happens to allocate at that moment.
    """
    await runtime.ready()
    gc.collect()
    gc.freeze()
    # A page build makes thousands of short-lived objects; at Python's default (700) the young generation
    # is collected several times per page. Collected 30× less often it still stays small. The older generations
    # hold the views alive (connected phones, and views waiting out their grace: thousands under load), and each
    # full collection walked them all (about 200 ms, a sixth of a view's CPU at 20 clients): collected 50× less
    # often. Deleted views free themselves by reference counting (ui/views.py cuts their cycles), so little waits.
    gc.set_threshold(20_000, 1_000, 10)


def run(settings: Settings, *, standby: bool = False) -> None:
    # Pages and the signing secret are ready before the writer lock is asked for: a standby that gets it only
    # loads the tenant and listens (about half of its takeover time went to these).
    build(settings)
    app.on_startup(_settle_memory)  # the real server only: tests start many apps in one process
    app.on_startup(announce.announce)  # the address, the data folder, the demo's log-ins
    signing_secret(settings)  # made (or fetched from the tenant) now, before the lock: see above
    if settings.database_url:
        claim_writer(settings, standby=standby)
    ui.run(
        host=settings.host,
        port=settings.port,
        title='Berdaya',
        language='id',
        favicon='🌱',
        # no storage_secret: NiceGUI's session cookie and per-visitor storage would be made for every visit without
        # them (a robot's, a refresh storm's) and kept; her language is a cookie of ours (ui/i18n.py)
        reconnect_timeout=settings.reconnect_timeout,
        tailwind=False,
        reload=False,
        show=False,
        show_welcome_message=False,  # ours says more, in her language (ui/announce.py)
        proxy_headers=False,  # uvicorn would believe X-Forwarded-For from 127.0.0.1; ui/auth.py decides whom to believe
    )
