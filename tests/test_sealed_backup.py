"""A backup that is safe to carry (issue 16): the coordinator seals the download with a passphrase she types, and
only that passphrase opens it again; a wrong one changes nothing; a plain zip still works; the passphrase is never
logged, stored or written to the trail."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from nicegui import ui
from nicegui.testing import User

from models.audit import AuditEntry
from models.base import DomainError
from models.participant import Participant
from store import Store
from store.accounts import find_account
from ui import backup_file, backup_seal
from ui import backup_service as backups
from ui.runtime import runtime

from .conftest import COORDINATOR, log_in, open_as

pytestmark = pytest.mark.demo

PASSPHRASE = 'Pantai Pelabuhan-Ratu 7'
WAIT = 50


def without_trail(tables: dict[str, Any]) -> dict[str, Any]:
    """The tables but the trail, which a restore and a download write to after the backup was taken."""
    return {name: docs for name, docs in tables.items() if name != 'audit'}


async def tables_now() -> dict[str, Any]:
    return (await (await runtime.ready()).export_tables())[0]


async def download_sealed(user: User, passphrase: str = PASSPHRASE) -> httpx.Response:
    """Type the passphrase twice on the open backup screen and tap download, as the coordinator does."""
    user.find(marker='backup-passphrase').type(passphrase)
    user.find(marker='backup-passphrase-again').type(passphrase)
    user.find(marker='download-backup').click()
    return await user.download.next(timeout=20)


async def upload(user: User, body: bytes, name: str) -> None:
    element = next(iter(user.find(ui.upload).elements))
    await element.handle_uploads([ui.upload.SmallFileUpload(name, 'application/octet-stream', body)])


async def test_a_backup_downloaded_with_a_passphrase_is_unreadable_without_it_and_restores_with_it(
    user: User,
) -> None:
    await open_as(user, COORDINATOR, '/backup')
    before = await tables_now()

    response = await download_sealed(user)

    assert response.status_code == 200
    assert response.headers['content-disposition'].endswith('.zip.enc"')
    body = response.content
    assert backup_seal.is_sealed(body) and b'snapshot' not in body
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(body))
    await runtime.store.put(Participant(name='Sesudah Cadangan', village='Kosambi'))
    restored = await backups.restore_zip(body, by='-', label='unduhan.zip.enc', passphrase=PASSPHRASE)
    assert without_trail((await restored.export_tables())[0]) == without_trail(before)
    notes = {e.action: e.note for e in restored.all(AuditEntry) if e.action.startswith('backup.')}
    assert notes['backup.restore'].endswith('terenkripsi: ya')


async def test_a_ticket_gives_the_sealed_backup_once_and_only_to_whoever_made_it(user: User) -> None:
    await log_in(user, *COORDINATOR)
    url = await backups.sealed_download(await runtime.ready(), PASSPHRASE, by='someone-else')

    assert (await user.http_client.get(url)).status_code == 404  # made for another account
    url = await backups.sealed_download(await runtime.ready(), PASSPHRASE, by=_me())
    first, again = await user.http_client.get(url), await user.http_client.get(url)

    assert first.status_code == 200 and backup_seal.is_sealed(first.content)
    assert again.status_code == 404
    entries = [e for e in runtime.store.all(AuditEntry) if e.action == 'backup.download']
    assert [e.note for e in entries] == ['terenkripsi: ya']


def _me() -> str:
    account = find_account(runtime.store, COORDINATOR[0])
    assert account is not None
    return account.id


async def test_an_uploaded_sealed_backup_asks_for_its_passphrase_and_a_wrong_one_changes_nothing(
    user: User,
) -> None:
    await open_as(user, COORDINATOR, '/backup')
    body = (await download_sealed(user)).content
    await runtime.store.put(Participant(name='Sesudah Cadangan', village='Kosambi'))
    changed = await tables_now()
    store = runtime.store
    await user.open('/backup')

    await upload(user, body, 'berdaya-backup.zip.enc')
    await user.should_see('Cadangan ini terenkripsi. Ketik kata sandinya', retries=WAIT)
    user.find(marker='confirm-restore').click()
    await user.should_see('Cadangan ini terenkripsi: ketik kata sandinya', retries=WAIT)
    user.find(marker='restore-passphrase').type('Pantai Pelabuhan-Ratu 8')
    user.find(marker='confirm-restore').click()
    await user.should_see('Kata sandi cadangan salah', retries=WAIT)

    assert runtime.store is store and not store.closed
    assert await tables_now() == changed
    assert not [p for p in store.folder.iterdir() if p.name.startswith('replaced-')]
    user.find(marker='restore-passphrase').clear()
    user.find(marker='restore-passphrase').type(PASSPHRASE)
    user.find(marker='confirm-restore').click()
    await user.should_see('Data sudah dipulihkan dari cadangan', retries=WAIT)
    assert not any(p.name == 'Sesudah Cadangan' for p in runtime.store.all(Participant))


async def test_without_a_passphrase_the_download_is_a_plain_zip_that_restores_from_the_screen(user: User) -> None:
    await open_as(user, COORDINATOR, '/backup')
    before = await tables_now()
    user.find(marker='download-backup').click()
    response = await user.download.next(timeout=20)
    assert response.headers['content-disposition'].endswith('.zip"')
    assert any(n.endswith('/snapshot.json') for n in zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    await runtime.store.put(Participant(name='Sesudah Cadangan', village='Kosambi'))

    await upload(user, response.content, 'berdaya-backup.zip')
    await user.should_see('Pulihkan cadangan?', retries=WAIT)
    await user.should_not_see('Cadangan ini terenkripsi')
    user.find(marker='confirm-restore').click()
    await user.should_see('Data sudah dipulihkan dari cadangan', retries=WAIT)

    assert without_trail(await tables_now()) == without_trail(before)
    notes = [e.note for e in runtime.store.all(AuditEntry) if e.action.startswith('backup.')]
    assert 'terenkripsi: tidak' in notes[-1]


@pytest.mark.parametrize(
    ('typed', 'again', 'message'),
    [
        ('pendek', 'pendek', 'Kata sandi cadangan harus 8 sampai 200 karakter.'),
        (PASSPHRASE, PASSPHRASE + '!', 'Kedua kata sandi tidak sama.'),
    ],
    ids=['too short', 'typed differently'],
)
async def test_a_short_or_mistyped_passphrase_is_refused_beside_its_field(
    user: User, typed: str, again: str, message: str
) -> None:
    await open_as(user, COORDINATOR, '/backup')
    user.find(marker='backup-passphrase').type(typed)
    user.find(marker='backup-passphrase-again').type(again)

    user.find(marker='download-backup').click()

    await user.should_see(message, retries=WAIT)
    assert not user.download.http_responses
    assert not [e for e in runtime.store.all(AuditEntry) if e.action == 'backup.download']


async def test_the_passphrase_is_in_no_log_no_trail_and_no_file_of_the_store(
    user: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await open_as(user, COORDINATOR, '/backup')
    body = (await download_sealed(user)).content
    await upload(user, body, 'berdaya-backup.zip.enc')
    await user.should_see('Cadangan ini terenkripsi. Ketik kata sandinya', retries=WAIT)
    user.find(marker='restore-passphrase').type(PASSPHRASE)
    user.find(marker='confirm-restore').click()
    await user.should_see('Data sudah dipulihkan dari cadangan', retries=WAIT)

    secret = PASSPHRASE.encode()
    assert PASSPHRASE not in caplog.text
    assert PASSPHRASE not in json.dumps(await tables_now())
    notes = {e.action: e.note for e in runtime.store.all(AuditEntry) if e.action.startswith('backup.')}
    assert notes['backup.restore'].endswith('terenkripsi: ya')
    assert secret not in body
    assert not [p for p in runtime.store.folder.rglob('*') if p.is_file() and secret in p.read_bytes()]


async def test_a_sealed_file_changed_after_sealing_is_refused_as_damaged_not_as_a_wrong_passphrase(
    user: User, tmp_path: Path
) -> None:
    await log_in(user, *COORDINATOR)
    path = await backups.backup_zip(await runtime.ready(), tmp_path, PASSPHRASE)
    body = bytearray(path.read_bytes())
    body[backup_seal.HEADER + 100] ^= 0x01  # one bit of the ciphertext
    before = await tables_now()

    with pytest.raises(DomainError) as damaged:
        await backups.restore_zip(bytes(body), by='-', label='rusak.zip.enc', passphrase=PASSPHRASE)
    with pytest.raises(DomainError) as cut_short:
        await backups.restore_zip(bytes(body[:-40]), by='-', label='pendek.zip.enc', passphrase=PASSPHRASE)

    assert damaged.value.key == cut_short.value.key == 'backup_bad_zip'
    assert await tables_now() == before


def test_a_header_asking_scrypt_for_too_much_memory_is_refused_before_it_is_tried(tmp_path: Path) -> None:
    cost = bytes([30, 8, 1])  # n = 2**30: 128 GB for one try
    header = backup_seal.MAGIC + cost + bytes(backup_seal.HEADER - len(backup_seal.MAGIC) - 3)
    body = header + bytes(64)

    with pytest.raises(DomainError) as refused:
        backup_file.open_file(io.BytesIO(body), len(body), tmp_path / 'into', PASSPHRASE)

    assert refused.value.key == 'backup_bad_zip'


async def test_the_store_opens_after_a_refused_sealed_restore(user: User, tmp_path: Path) -> None:
    await log_in(user, *COORDINATOR)
    path = await backups.backup_zip(await runtime.ready(), tmp_path, PASSPHRASE)
    store = runtime.store

    for passphrase, key in ((None, 'backup_needs_passphrase'), ('salah sekali', 'backup_wrong_passphrase')):
        with pytest.raises(DomainError) as refused:
            await backups.restore_zip(path.read_bytes(), by='-', label='x', passphrase=passphrase)
        assert refused.value.key == key

    assert runtime.store is store and not store.closed
    folder = store.folder
    await store.close()
    reopened = await Store.open(folder)
    runtime.opened(reopened)
    assert reopened.count(Participant) > 0
