"""Backups while the app runs: the coordinator's download, the automatic daily backup, and restoring one.

A backup is the same consistent copy `berdaya backup` writes (`store.backup_folder.backup_store`): a data folder
holding one snapshot and the signing secret. The download is that folder as a zip (`ui/backup_file.py`), sealed
with a passphrase when the coordinator typed one (`ui/backup_seal.py`). A sealed one is made in the screen's
handler, which never lets the passphrase go further, and fetched once by a ticket. The daily backup goes to
`DATA/backups/<YYYY-MM-DD>/` (written beside it, then renamed, so a half-written one never looks done); the
last `KEEP` are kept.

Restoring happens in this process: the open store is closed (its last writes checkpointed), the backup is
put in place with `restore_folder(force=True)`, which moves the old files aside into `replaced-<time>/`
(never deleted), and the store is opened again. Until the new store is open, the old one still answers
reads and refuses writes (`store_closed`), so no page breaks and nothing is half-saved. One lock serialises
restores and backups.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import re
import secrets
import shutil
import tempfile
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request, Response
from fastapi.responses import FileResponse
from nicegui import App
from starlette.background import BackgroundTask

from models.base import DomainError
from models.programme import Zone
from store import Store
from store.audit import log_event
from store.backup_folder import backup_store, check_backup, put_back, restore_folder

from . import backup_file, backup_seal
from .i18n import t
from .runtime import runtime

log = logging.getLogger('berdaya.backup')

BACKUPS = 'backups'
KEEP = 7
FIRST_DELAY_SECONDS = 60.0  # let the app settle after start-up before the first daily copy
CHECK_SECONDS = 3600.0
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
TICKET = 'ticket'  # the query parameter that fetches a sealed backup the screen made
TICKET_SECONDS = 600.0  # it waits this long for its browser to fetch it
DATE_NAME = re.compile(r'^\d{4}-\d{2}-\d{2}$')
ZIP = 'application/zip'
SEALED = 'application/octet-stream'

_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def _lock() -> asyncio.Lock:
    """One backup or restore at a time (a lock per event loop: tests run each in its own)."""
    return _locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())


@dataclass(frozen=True)
class Backup:
    name: str  # YYYY-MM-DD
    path: Path
    taken: dt.datetime  # UTC, when its snapshot was written


def folder_of(data: Path) -> Path:
    return data / BACKUPS


def list_backups(data: Path) -> list[Backup]:
    """The daily backups, newest first."""
    root = folder_of(data)
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        snapshot = path / 'snapshot.json'
        if path.is_dir() and DATE_NAME.match(path.name) and snapshot.exists():
            taken = dt.datetime.fromtimestamp(snapshot.stat().st_mtime, dt.UTC)
            found.append(Backup(path.name, path, taken))
    return sorted(found, key=lambda b: b.name, reverse=True)


async def daily_backup(store: Store, data: Path, today: dt.date) -> Backup | None:
    """Today's backup, unless there is one; then only the last `KEEP` are kept. None when nothing was taken."""
    async with _lock():
        target = folder_of(data) / today.isoformat()
        if (target / 'snapshot.json').exists():
            return None
        partial = folder_of(data) / f'.{today.isoformat()}.partial'
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        await backup_store(store, partial)
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
        prune(data)
    return next(b for b in list_backups(data) if b.name == today.isoformat())


def prune(data: Path, keep: int = KEEP) -> list[str]:
    """Remove all but the newest `keep` daily backups; returns the names removed."""
    removed = [b.name for b in list_backups(data)[keep:]]
    for name in removed:
        shutil.rmtree(folder_of(data) / name, ignore_errors=True)
    return removed


async def _daily_loop() -> None:
    await asyncio.sleep(FIRST_DELAY_SECONDS)
    while True:
        try:
            store = await runtime.ready()
            await daily_backup(store, runtime.settings.data, dt.datetime.now(Zone.WIB.tz).date())
        except Exception:  # a full disk must not stop the app; the screen shows the last good backup
            log.exception('daily backup failed')
        await asyncio.sleep(CHECK_SECONDS)


async def backup_zip(store: Store, into: Path, passphrase: str | None = None) -> Path:
    """A fresh backup as one file in the folder `into` (a zip, sealed when `passphrase` is given); its path."""
    name = backup_file.stem()
    async with _lock():
        folder = into / name
        await backup_store(store, folder)
        target = into / backup_file.file_name(name, passphrase)
        await asyncio.to_thread(backup_file.write, folder, target, passphrase)
        await asyncio.to_thread(shutil.rmtree, folder)
    return target


@dataclass(frozen=True)
class Ticket:
    """A sealed backup the screen made, waiting for its browser to fetch it once."""

    path: Path  # alone in a temporary folder of its own, removed once fetched or expired
    by: str  # the account that made it: nobody else may fetch it
    until: float  # time.monotonic()


_tickets: dict[str, Ticket] = {}


async def sealed_download(store: Store, passphrase: str, *, by: str) -> str:
    """Make a backup sealed with `passphrase` for the account `by`; returns the address its browser fetches it
    from, once. A short passphrase is refused (DomainError); the passphrase goes no further than the sealing, so
    it never reaches an address, a log or the trail."""
    backup_seal.check_passphrase(passphrase)
    _drop_expired()
    path = await _fresh_download(store, passphrase)
    token = secrets.token_urlsafe(24)
    _tickets[token] = Ticket(path, by, time.monotonic() + TICKET_SECONDS)
    return f'/export/backup.zip?{TICKET}={token}'


async def _fresh_download(store: Store, passphrase: str | None) -> Path:
    """A fresh backup file alone in a temporary folder of its own (removed again if it could not be made)."""
    temp = Path(tempfile.mkdtemp(prefix='berdaya-download-'))
    try:
        return await backup_zip(store, temp, passphrase)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _drop_expired() -> None:
    now = time.monotonic()
    for token, ticket in list(_tickets.items()):
        if ticket.until < now:
            del _tickets[token]
            shutil.rmtree(ticket.path.parent, ignore_errors=True)


async def restore(source: Path, *, by: str, label: str, sealed: bool = False) -> Store:
    """Replace the open store's data with the backup in `source`, and open it; returns the new store.

    The backup is opened in a scratch folder and checked whole before anything is touched, so a damaged
    or unusable one is refused (StoreError) with the running store unchanged. If the restored folder still
    does not open, the old files go back, the store reopens on them, and `backup_restore_failed` is raised.
    The restore is written to the trail of the restored store (whether its file was `sealed`, never with what).
    """
    async with _lock():
        await check_backup(source)
        old = runtime.store
        if runtime.settings.database_url:
            store, moved_name = await _restore_tenant(old, source)
            return await _restored(store, moved_name, by=by, label=label, sealed=sealed)
        data = old.folder
        await old.close()
        moved: Path | None = None
        try:
            moved = await asyncio.to_thread(restore_folder, source, data, force=True)
            store = await Store.open(data)
        except Exception:
            log.warning('restore from %s failed; the old data is put back', source, exc_info=True)
            if moved is not None:
                await asyncio.to_thread(put_back, data, moved)
            runtime.opened(await Store.open(data))
            raise DomainError('backup_restore_failed') from None
        runtime.opened(store)
    return await _restored(store, moved.name if moved else None, by=by, label=label, sealed=sealed)


async def _restored(store: Store, moved: str | None, *, by: str, label: str, sealed: bool) -> Store:
    note = t('backup.restored_note', 'id', moved=moved or '-')
    note += ' · ' + t('backup.sealed_note' if sealed else 'backup.plain_note', 'id')
    await log_event(store, by=by, action='backup.restore', target=label[:100], note=note)
    return store


async def _restore_tenant(old: Store, source: Path) -> tuple[Store, str | None]:
    """The same on PostgreSQL: the writer stops but keeps its connection, so its lock never lapses (a standby
    would take over); the tenant's documents are replaced in one transaction (the old ones moved to a tenant of
    their own); the store loads again. A restore that fails leaves the tenant as it was and reopens it."""
    from store.copying import restore_postgres
    from store.pg_engine import PostgresStore, open_postgres  # psycopg only where PostgreSQL is used

    assert isinstance(old, PostgresStore)
    database = await old.stop_writing()
    moved: str | None = None
    try:
        moved = await asyncio.to_thread(restore_postgres, source, '', database.tenant, force=True, database=database)
    except Exception:
        log.warning('restore from %s failed; the tenant is as it was', source, exc_info=True)
        runtime.opened(await open_postgres(old.folder, database))
        raise DomainError('backup_restore_failed') from None
    store = await open_postgres(old.folder, database)
    runtime.opened(store)
    return store, moved


async def restore_daily(name: str, *, by: str) -> Store:
    backup = next((b for b in list_backups(runtime.store.folder) if b.name == name), None)
    if backup is None:
        raise DomainError('not_found')
    return await restore(backup.path, by=by, label=name)


async def restore_zip(body: bytes, *, by: str, label: str, passphrase: str | None = None) -> Store:
    """Restore a backup the coordinator downloaded earlier and uploads now; a sealed one with its passphrase.

    The file is opened and checked before anything is touched: a sealed one without its passphrase
    (`backup_needs_passphrase`) or with a wrong one (`backup_wrong_passphrase`) leaves the store as it was.
    """
    with tempfile.TemporaryDirectory(prefix='berdaya-restore-') as temp:
        into = Path(temp) / 'backup'
        source, sealed = await asyncio.to_thread(backup_file.open_file, io.BytesIO(body), len(body), into, passphrase)
        return await restore(source, by=by, label=label, sealed=sealed)


async def download(request: Request) -> Response:
    """The whole store as a zip: sensitive fields too, so the trail says who took a copy, and whether it was
    sealed (never with what). With a ticket: the sealed backup the screen made for this coordinator, once."""
    store = await runtime.ready()
    account = request.state.account
    token = request.query_params.get(TICKET)
    if token is None:
        path = await _fresh_download(store, None)
    else:
        _drop_expired()
        ticket = _tickets.get(token)
        if ticket is None or ticket.by != account.id:
            return Response(status_code=404)
        del _tickets[token]
        path = ticket.path
    sealed = token is not None
    note = t('backup.sealed_note' if sealed else 'backup.plain_note', 'id')
    await log_event(store, by=account.id, action='backup.download', target=path.name, note=note)
    cleanup = BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True)  # once sent, or the send failed
    return FileResponse(path, media_type=SEALED if sealed else ZIP, filename=path.name, background=cleanup)


def install(app: App) -> None:
    """The daily backup runs while the app does."""
    tasks: list[asyncio.Task[None]] = []

    async def start() -> None:
        tasks.append(asyncio.create_task(_daily_loop(), name='berdaya-daily-backup'))

    async def stop() -> None:
        for task in tasks:
            task.cancel()
        tasks.clear()

    app.on_startup(start)
    app.on_shutdown(stop)
