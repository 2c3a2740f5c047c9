"""A restore can never brick the store: every bad backup is refused before anything moves.

Each bad backup below is refused with its own message, in the app (a zip upload) and by `berdaya restore`;
the running store keeps its data, still takes writes, and the app opens again on the same folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from nicegui.testing import User

from models.account import Role
from models.base import DomainError
from models.participant import Participant
from store import Store, files
from store import snapshot as snapshots
from store.backup_folder import backup_store, check_backup
from ui import backup_file
from ui import backup_service as backups
from ui.runtime import runtime

from .conftest import COORDINATOR, berdaya, demo_folder, log_in
from .test_store_snapshot import format_1

pytestmark = pytest.mark.demo


def rewrite(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a backup's tables and write its snapshot again with a valid checksum."""
    snap = snapshots.read(folder)
    assert snap is not None
    tables = json.loads(json.dumps(snap.tables))
    change(tables)
    (folder / snapshots.NAME).unlink()
    if all(isinstance(docs, dict) for docs in tables.values()):
        snapshots.write_atomic(folder, snapshots.encode(tables, snap.seq))
    else:  # only the format before, all tables one JSON value, can hold a table that is not documents
        snapshots.write_atomic(folder, format_1(tables, snap.seq))


def table_as_list(tables: dict[str, Any]) -> None:
    tables['participants'] = list(tables['participants'].values())


def invalid_document(tables: dict[str, Any]) -> None:
    first = next(iter(tables['participants']))
    tables['participants'][first]['name'] = ''  # a name is at least two letters


def no_coordinator(tables: dict[str, Any]) -> None:
    for doc in tables['accounts'].values():
        if doc['role'] == Role.COORDINATOR.value:
            doc['disabled'] = True


def empty(tables: dict[str, Any]) -> None:
    tables.clear()


BAD_TABLES = {
    'a table that is not documents': (table_as_list, 'backup_invalid'),
    'a document its model refuses': (invalid_document, 'backup_invalid'),
    'no active coordinator': (no_coordinator, 'backup_no_coordinator'),
    'nothing in it': (empty, 'backup_empty'),
}


def zipped(files: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            archive.writestr(name, body)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, '/etc/passwd')
    return buffer.getvalue()


async def good_backup(tmp_path: Path) -> Path:
    folder = tmp_path / 'backup'
    await backup_store(await runtime.ready(), folder)
    return folder


def bad_crc(snapshot: bytes) -> bytes:
    body = bytearray(zipped({'b/snapshot.json': snapshot}))
    for header, offset in ((b'PK\x03\x04', 14), (b'PK\x01\x02', 16)):  # the CRC-32 in both headers
        body[body.find(header) + offset] ^= 0xFF
    return bytes(body)


def bomb(_: bytes) -> bytes:
    return zipped({'b/snapshot.json': b' ' * (200 * 1024 * 1024)})  # 200 MB of spaces in about 200 KB


def link(snapshot: bytes) -> bytes:
    return zipped({'b/snapshot.json': snapshot}, links=('b/secret.key',))


BAD_ZIPS = {'a zip bomb': bomb, 'a bad CRC': bad_crc, 'a symlinked entry': link}


async def still_whole_and_writable(before: dict[str, Any]) -> None:
    store = runtime.store
    assert not store.closed
    assert (await store.export_tables())[0] == before
    await store.put(Participant(name='Sesudah ditolak', village='Waliwis'))
    assert any(p.name == 'Sesudah ditolak' for p in store.all(Participant))
    folder = store.folder
    await store.close()
    reopened = await Store.open(folder)  # the app starts again on the same folder
    runtime.opened(reopened)
    assert any(p.name == 'Sesudah ditolak' for p in reopened.all(Participant))


@pytest.mark.parametrize('case', BAD_TABLES, ids=list(BAD_TABLES))
async def test_a_bad_backup_is_refused_in_the_app_with_the_store_unchanged(
    user: User, tmp_path: Path, case: str
) -> None:
    await log_in(user, *COORDINATOR)
    change, key = BAD_TABLES[case]
    backup = await good_backup(tmp_path)
    rewrite(backup, change)
    before = (await runtime.store.export_tables())[0]

    with pytest.raises(DomainError) as refused:
        await backups.restore(backup, by='-', label=case)

    assert refused.value.key == key
    await still_whole_and_writable(before)


@pytest.mark.parametrize('case', BAD_ZIPS, ids=list(BAD_ZIPS))
async def test_a_broken_zip_is_refused_with_backup_bad_zip(user: User, tmp_path: Path, case: str) -> None:
    await log_in(user, *COORDINATOR)
    backup = await good_backup(tmp_path)
    body = BAD_ZIPS[case]((backup / 'snapshot.json').read_bytes())
    before = (await runtime.store.export_tables())[0]

    with pytest.raises(DomainError) as refused:
        await backups.restore_zip(body, by='-', label=case)

    assert refused.value.key == 'backup_bad_zip'
    await still_whole_and_writable(before)


async def test_a_zip_takes_only_the_files_a_backup_holds(user: User, tmp_path: Path) -> None:
    await log_in(user, *COORDINATOR)
    backup = await good_backup(tmp_path)
    body = zipped({'b/snapshot.json': (backup / 'snapshot.json').read_bytes(), 'b/evil.py': b'print(1)'})
    into = tmp_path / 'unpacked'
    into.mkdir()

    folder = backup_file.unzip(io.BytesIO(body), len(body), into)

    assert sorted(p.name for p in folder.iterdir()) == ['snapshot.json']
    assert await check_backup(folder)


async def test_a_backup_carries_the_kept_files_and_a_changed_one_is_refused(user: User, tmp_path: Path) -> None:
    await log_in(user, *COORDINATOR)
    backup = await good_backup(tmp_path)
    kept = files.names(backup)
    assert kept and kept == files.names(runtime.store.folder)  # the demo agencies' logos
    body = (backup / 'snapshot.json').read_bytes()
    entries = {'b/snapshot.json': body} | {f'b/files/{n[:2]}/{n}': files.read(backup, n) or b'' for n in kept}
    entries['b/files/zz/not-a-kept-name.png'] = b'x'  # not one of ours: left out
    into = tmp_path / 'unpacked'
    into.mkdir()
    folder = backup_file.unzip(io.BytesIO(zipped(entries)), len(zipped(entries)), into)
    assert files.names(folder) == kept and not (folder / 'files' / 'zz').exists()

    damaged = files.path_of(backup, kept[0])
    assert damaged is not None
    damaged.write_bytes(b'not the logo any more')
    before = (await runtime.store.export_tables())[0]
    with pytest.raises(DomainError) as refused:
        await backups.restore(backup, by='-', label='changed file')
    assert refused.value.key == 'file_damaged'
    await still_whole_and_writable(before)


async def test_a_restore_that_does_not_open_puts_the_old_data_back(
    user: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await log_in(user, *COORDINATOR)
    backup = await good_backup(tmp_path)
    before = (await runtime.store.export_tables())[0]
    real_open = Store.open
    calls = []

    async def open_fails_once(folder: Path, *args: Any, **kwargs: Any) -> Store:
        calls.append(folder)
        if len(calls) == 2:  # the first opens the backup in a scratch folder, the second the restored data
            raise OSError('disk gone for a moment')
        return await real_open(folder, *args, **kwargs)

    monkeypatch.setattr(Store, 'open', open_fails_once)
    with pytest.raises(DomainError) as refused:
        await backups.restore(backup, by='-', label='gagal')
    monkeypatch.setattr(Store, 'open', real_open)

    assert refused.value.key == 'backup_restore_failed'
    assert not [p for p in runtime.store.folder.iterdir() if p.name.startswith('replaced-')]  # moved back
    await still_whole_and_writable(before)


def test_a_backup_with_no_coordinator_is_refused_by_berdaya_restore(tmp_path: Path) -> None:
    data, backup = tmp_path / 'data', tmp_path / 'backup'
    asyncio.run(demo_folder(data, dt.date(2026, 12, 7)))
    assert berdaya('backup', str(backup), '--data', str(data)).returncode == 0
    rewrite(backup, no_coordinator)
    other = tmp_path / 'other'

    refused = berdaya('restore', str(backup), '--data', str(other))
    forced = berdaya('restore', str(backup), '--data', str(data), '--force')

    assert refused.returncode == 1 and 'koordinator' in refused.stderr
    assert forced.returncode == 1 and not list(data.glob('replaced-*'))  # nothing moved
    assert not (other / 'snapshot.json').exists()
