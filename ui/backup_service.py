"""Backups while the app runs: the coordinator's download, the automatic daily backup, and restoring one.

A backup is the same consistent copy `berdaya backup` writes (`store.backup_folder.backup_store`): a data folder
holding one snapshot and the signing secret. The download is that folder as a zip. The daily backup goes to
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
import shutil
import tempfile
import weakref
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request, Response
from nicegui import App

from models.base import DomainError
from models.programme import Zone
from store import Store
from store.audit import log_event
from store.backup_folder import backup_store, check_backup, put_back, restore_folder

from .i18n import t
from .runtime import runtime

log = logging.getLogger('berdaya.backup')

BACKUPS = 'backups'
KEEP = 7
FIRST_DELAY_SECONDS = 60.0  # let the app settle after start-up before the first daily copy
CHECK_SECONDS = 3600.0
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
# What an uploaded zip may inflate to: a snapshot's JSON packs about 5 to 15 times smaller (the demo's 7×),
# a zip bomb a thousand times; never more than the disk a small server can spare.
UNPACK_RATIO = 40
MAX_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024
BACKUP_FILES = ('snapshot.json', 'secret.key', 'BACKUP.txt')
DATE_NAME = re.compile(r'^\d{4}-\d{2}-\d{2}$')
ZIP = 'application/zip'

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


async def backup_zip(store: Store) -> tuple[bytes, str]:
    """A fresh backup as a zip (its folder inside), and the file name to save it as."""
    stamp = dt.datetime.now(Zone.WIB.tz).strftime('%Y%m%d-%H%M')
    name = f'berdaya-backup-{stamp}'
    async with _lock():
        with tempfile.TemporaryDirectory(prefix='berdaya-backup-') as temp:
            folder = Path(temp) / name
            await backup_store(store, folder)
            body = await asyncio.to_thread(_zip_folder, folder)
    return body, f'{name}.zip'


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob('*')):
            if path.is_file():
                archive.write(path, f'{folder.name}/{path.relative_to(folder)}')
    return buffer.getvalue()


async def restore(source: Path, *, by: str, label: str) -> Store:
    """Replace the open store's data with the backup in `source`, and open it; returns the new store.

    The backup is opened in a scratch folder and checked whole before anything is touched, so a damaged
    or unusable one is refused (StoreError) with the running store unchanged. If the restored folder still
    does not open, the old files go back, the store reopens on them, and `backup_restore_failed` is raised.
    The restore is written to the trail of the restored store.
    """
    async with _lock():
        await check_backup(source)
        old = runtime.store
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
    note = t('backup.restored_note', 'id', moved=moved.name if moved else '-')
    await log_event(store, by=by, action='backup.restore', target=label[:100], note=note)
    return store


async def restore_daily(name: str, *, by: str) -> Store:
    backup = next((b for b in list_backups(runtime.store.folder) if b.name == name), None)
    if backup is None:
        raise DomainError('not_found')
    return await restore(backup.path, by=by, label=name)


async def restore_zip(body: bytes, *, by: str, label: str) -> Store:
    """Restore a backup the coordinator downloaded earlier and uploads now."""
    with tempfile.TemporaryDirectory(prefix='berdaya-restore-') as temp:
        source = await asyncio.to_thread(_unzip_backup, body, Path(temp))
        return await restore(source, by=by, label=label)


def _unzip_backup(body: bytes, into: Path) -> Path:
    """Take a backup's files out of an uploaded zip into `into`; returns the folder holding its snapshot.

    Read entry by entry, counting the bytes really inflated (not what the zip says of itself), so a small
    upload cannot fill the disk. Only the files a backup holds are taken, from one folder at most; a link, a
    bad CRC, an encrypted or otherwise broken archive is refused with `backup_bad_zip`.
    """
    budget = min(MAX_UNPACKED_BYTES, UNPACK_RATIO * len(body) + 1024 * 1024)
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            wanted = [m for m in archive.infolist() if _backup_file(m)]
            if not any(Path(m.filename).name == 'snapshot.json' for m in wanted):
                raise DomainError('backup_bad_zip')
            for member in wanted:
                budget -= _inflate(archive, member, into / Path(member.filename).name, budget)
    except DomainError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError,
            NotImplementedError):  # fmt: skip
        raise DomainError('backup_bad_zip') from None
    return into


def _backup_file(member: zipfile.ZipInfo) -> bool:
    """One of the files a backup holds, at the top or in one folder; a link or anything else is refused."""
    if (member.external_attr >> 16) & 0o170000 == 0o120000:  # a symbolic link
        raise DomainError('backup_bad_zip')
    parts = member.filename.replace('\\', '/').split('/')
    if member.is_dir() or parts[-1] not in BACKUP_FILES:
        return False
    if len(parts) > 2 or any(p in ('', '.', '..') for p in parts):
        raise DomainError('backup_bad_zip')
    return True


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Write one entry out, refusing it once it inflates past what is left of `budget`; returns its size."""
    written = 0
    with archive.open(member) as source, open(target, 'wb') as out:  # reading to the end checks the CRC
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > budget:
                raise DomainError('backup_bad_zip')
            out.write(chunk)
    return written


async def download(request: Request) -> Response:
    """The whole store as a zip: sensitive fields too, so the trail says who took a copy."""
    store = await runtime.ready()
    account = request.state.account
    body, filename = await backup_zip(store)
    await log_event(store, by=account.id, action='backup.download', target=filename)
    return Response(body, media_type=ZIP, headers={'Content-Disposition': f'attachment; filename="{filename}"'})


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
