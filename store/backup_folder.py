"""Consistent copies of a data folder, taken while the app runs, and their restore.

A backup is a data folder holding one fresh snapshot (and the signing secret), so restoring it is
copying it in. Another process can take it from the files alone: the snapshot and the journals are
always consistent on disk, and if a checkpoint of the running app removes a journal between our reads,
the sequence numbers show a gap and we read again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.account import Account, Role
from models.audit import AuditEntry

from . import files, journal, snapshot
from .engine import Store
from .errors import CorruptStore, StoreError, StoreLocked
from .inplace import Tables
from .schema import META_TABLE, TABLES

SECRET_NAME = 'secret.key'
AUDIT_TABLE = TABLES[AuditEntry]
STORE_FILES = ('snapshot.json',)


def read_folder(folder: Path, attempts: int = 5) -> tuple[Tables, int]:
    """The durable state of a data folder (snapshot + complete journal transactions), read-only."""
    for attempt in range(attempts):
        try:
            snap = snapshot.read(folder)
            tables: Tables = snap.tables if snap else {}
            seq = snap.seq if snap else 0
            for last_seq, changes in journal.replay(folder, seq, repair=False):
                for change in changes:
                    docs = tables.setdefault(change.table, {})
                    if change.doc is None:
                        docs.pop(change.id, None)
                    else:
                        docs[change.id] = change.doc
                seq = last_seq
            return tables, seq
        except (CorruptStore, FileNotFoundError):
            if attempt == attempts - 1:
                raise
    raise AssertionError('unreachable')


def write_backup(
    target: Path, tables: Tables, seq: int, secret_from: Path | None, *, secret: str | None = None
) -> Path:
    """Write `tables` as a restorable data folder into `target`, which must be new or empty, with the signing
    secret and the kept files (logos, photos: store/files.py) of the data folder `secret_from`; a `secret` given
    (a tenant's on PostgreSQL) is written instead of the folder's."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise StoreError('backup_target_not_empty', folder=str(target))
    snapshot.write_atomic(target, snapshot.encode(tables, seq))
    if secret is not None:
        (target / SECRET_NAME).write_text(secret + '\n')
        (target / SECRET_NAME).chmod(0o600)
    elif secret_from is not None and (secret_from / SECRET_NAME).exists():
        shutil.copy2(secret_from / SECRET_NAME, target / SECRET_NAME)
    if secret_from is not None:
        files.copy_all(secret_from, target)
    (target / 'BACKUP.txt').write_text(
        f'Berdaya backup, seq {seq}, taken {dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}\n'
        'Restore with: berdaya restore <this folder> --data <data folder>\n'
    )
    return target


def backup_folder(data: Path, target: Path) -> int:
    """`berdaya backup`: copy the data folder's durable state into `target`; returns the sequence number."""
    if not (data / snapshot.NAME).exists() and not journal.journal_files(data):
        raise StoreError('backup_no_store', folder=str(data))
    tables, seq = read_folder(data)
    write_backup(target, tables, seq, data)
    return seq


async def backup_store(store: Store, target: Path) -> int:
    """The same copy, taken from a store open in this process (e.g. from the coordinator's screen)."""
    import asyncio

    await store.transact(lambda tx: None)  # everything queued before is in the engine
    tables, seq = await store.export_tables()
    secret = await asyncio.to_thread(store.kept_secret)
    await asyncio.to_thread(write_backup, target, tables, seq, store.folder, secret=secret)
    return seq


async def check_backup(backup: Path) -> dict[str, int]:
    """Open `backup` in a scratch folder and check it whole, before anything in a data folder moves.

    Every table must be a dict of documents, every document valid against its model once the migrations
    have run, and at least one coordinator account active (else nobody could log in to put things right).
    Raises StoreError with the reason; returns the tables' sizes.
    """
    tables, seq = await asyncio.to_thread(read_folder, backup)  # off the event loop: pages go on meanwhile
    _check_shape(tables)
    await asyncio.to_thread(files.check_all, backup)  # each kept file still the bytes its name says
    with tempfile.TemporaryDirectory(prefix='berdaya-check-') as scratch:
        folder = await asyncio.to_thread(write_backup, Path(scratch) / 'data', tables, seq, None)
        try:
            store = await Store.open(folder)
        except StoreError:
            raise
        except Exception as error:  # a migration that cannot read these documents
            raise StoreError('backup_invalid', reason=type(error).__name__) from None
        try:
            _check_records(store.raw)
            if not any(a.role == Role.COORDINATOR and not a.disabled for a in store.all(Account)):
                raise StoreError('backup_no_coordinator')
            return describe({name: store.raw(name) for name in TABLES.values()})
        finally:
            await store.close(checkpoint=False)


def _check_shape(tables: Any) -> None:
    if not isinstance(tables, dict) or not tables.get('accounts'):
        raise StoreError('backup_empty')
    known = set(TABLES.values()) | {META_TABLE}
    for name, docs in tables.items():
        if name not in known:
            raise StoreError('backup_invalid', reason=f'table {name}'[:80])
        if not isinstance(docs, dict) or not all(isinstance(k, str) and isinstance(d, dict) for k, d in docs.items()):
            raise StoreError('backup_invalid', reason=f'table {name}')


def _check_records(raw: Any) -> None:
    for model, name in TABLES.items():
        for doc_id, doc in raw(name).items():
            try:
                record = model.model_validate(doc)
            except ValidationError:
                raise StoreError('backup_invalid', reason=f'{name} {doc_id}'[:80]) from None
            if record.id != doc_id:
                raise StoreError('backup_invalid', reason=f'{name} {doc_id}'[:80])


def put_back(data: Path, moved: Path) -> None:
    """Undo a restore whose folder would not open: the restored files go, the ones moved aside come back."""
    for path in data.iterdir():
        if path.name in STORE_FILES or path.name.startswith(journal.PREFIX):
            path.unlink()
    for path in moved.iterdir():
        path.replace(data / path.name)
    moved.rmdir()
    snapshot.fsync_folder(data)


def restore_folder(backup: Path, data: Path, *, force: bool = False) -> Path | None:
    """`berdaya restore`: put a backup into `data`.

    Refuses while an app has `data` open, and refuses a folder that already holds a store unless
    `force`; then the old files are moved aside (returned), never deleted, and the trail's entries the backup
    does not hold are carried into the restored store (`carry_trail`).
    """
    tables, seq = read_folder(backup)  # refuse a damaged backup before touching anything
    with locked_folder(data) as existing:
        moved_to = None
        if existing:
            if not force:
                raise StoreError('restore_target_not_empty', folder=str(data))
            carry_trail(data, tables)
            moved_to = move_aside(data, existing)
        try:
            snapshot.write_atomic(data, snapshot.encode(tables, seq))
            if (backup / SECRET_NAME).exists():
                shutil.copy2(backup / SECRET_NAME, data / SECRET_NAME)
            files.copy_all(backup, data)  # by content: files already there are kept, none is overwritten
            snapshot.fsync_folder(data)
        except BaseException:
            if moved_to is not None:
                put_back(data, moved_to)
            raise
    return moved_to


@contextmanager
def locked_folder(data: Path) -> Iterator[list[Path]]:
    """`data` (made if missing) locked as an app's store locks it, so none opens it meanwhile (StoreLocked while one
    has it open); yields the store's files it holds (none: it holds no store)."""
    data.mkdir(parents=True, exist_ok=True)
    with open(data / '.lock', 'a+') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreLocked('store_locked', folder=str(data)) from None
        yield [p for p in data.iterdir() if p.name in STORE_FILES or p.name.startswith(journal.PREFIX)]


def move_aside(data: Path, existing: list[Path]) -> Path:
    """Move a store's files out of the way into `data/replaced-<time>/` (with a copy of its secret); returns it."""
    moved_to = data / f'replaced-{dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")}'
    moved_to.mkdir()
    for path in existing:
        path.rename(moved_to / path.name)
    if (data / SECRET_NAME).exists():
        shutil.copy2(data / SECRET_NAME, moved_to / SECRET_NAME)
    return moved_to


def carry_trail(data: Path, tables: Tables) -> int:
    """Put into `tables` (a backup's, about to be restored into `data`) every audit entry of the store in `data`
    that the backup does not hold: what was done after the backup was taken stays on the trail, and the restore's
    own entry, written once the restored store is open, comes after them. Returns how many were carried.

    A store in `data` that cannot be read (the reason for many a restore) carries nothing, and stops nothing; an
    entry that is not a valid one is left behind, so the restored store opens as its check promised.
    """
    try:
        current, _ = read_folder(data)
    except (StoreError, OSError, ValueError):
        return 0
    return carry_trail_into(tables, current)


def carry_trail_into(tables: Tables, current: Tables) -> int:
    """Put into `tables` every valid audit entry of `current` (the store being replaced) that it does not hold."""
    trail = tables.setdefault(AUDIT_TABLE, {})
    carried = 0
    for entry_id, doc in current.get(AUDIT_TABLE, {}).items():
        if entry_id in trail:
            continue
        try:
            valid = AuditEntry.model_validate(doc).id == entry_id
        except ValidationError:
            valid = False
        if valid:
            trail[entry_id] = doc
            carried += 1
    return carried


def describe(tables: dict[str, Any]) -> dict[str, int]:
    return {name: len(docs) for name, docs in sorted(tables.items())}
