"""Whole stores between the data folder and PostgreSQL, as an operator moves them: `berdaya copy` there and back,
its refusal of a target that holds a store and `--force` keeping that store aside, a copy whose check finds a
difference, and backups (plain and sealed) taken on one engine and restored into the other.

Each test has a tenant of its own on the test server (BERDAYA_TEST_DATABASE_URL) and the demo's data folder.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from store import Store, snapshot
from store.backup_folder import read_folder
from store.copying import Place, copy_store
from store.postgres import Database
from ui import backup_seal
from ui.cli import main

from .conftest import berdaya, clock_start, seeded_demo
from .engines import postgres_url, tenant_of

pytestmark = pytest.mark.slow

CHECKED = 'sudah dicek di kedua sisi'  # the copy's word that both sides agree: said only then
PASSPHRASE = 'Pantai Pelabuhan-Ratu 7'


@pytest.fixture
def original(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A data folder holding the demo (with its photos) and a signing secret, as the app leaves one."""
    folder = tmp_path / 'original'
    shutil.copytree(seeded_demo(clock_start(), request.config), folder)
    (folder / 'secret.key').write_text('the signing secret\n')
    return folder


@pytest.fixture
def url() -> str:
    return postgres_url()


@pytest.fixture
def tenant(url: str) -> Iterator[str]:
    with tenant_of(url) as name:
        yield name


def documents(folder: Path) -> dict[str, Any]:
    return read_folder(folder)[0]


def folder_files(folder: Path) -> dict[str, bytes]:
    """The kept files (photos, logos, proofs) of a data folder, by path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob('*')) if p.is_file()
            and p.parts[len(folder.parts)] in ('files', 'private')}  # fmt: skip


def every_byte(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob('*')) if p.is_file()}


def tenant_state(url: str, tenant: str) -> tuple[Any, ...]:
    """What a tenant holds: documents, sequence number, secret and kept files."""
    database = Database(url, tenant)
    try:
        tables, seq, secret = database.read_all()
        kept = (database.file_names(private=False), database.file_names(private=True))
        return tables, seq, secret, kept
    finally:
        database.close()


def tenants_named(url: str, tenant: str) -> list[str]:
    """The tenant and those its earlier stores were moved to (`<tenant>.replaced-…`)."""
    with psycopg.connect(url) as conn:
        query = 'SELECT name FROM berdaya_tenants WHERE name = %s OR name LIKE %s ORDER BY name'
        return [row[0] for row in conn.execute(query, (tenant, tenant + '.replaced-%'))]


async def small_store(folder: Path) -> dict[str, Any]:
    """A data folder holding a store of its own (one participant): a target that is not empty."""
    from models.participant import Participant

    store = await Store.open(folder)
    try:
        await store.put(Participant(id='sudah-ada', name='Sudah Ada', village='Desa Lama'))
    finally:
        await store.close()
    return documents(folder)


# ---- there and back ----------------------------------------------------------------------------------------------


async def test_copy_file_to_postgresql_and_back_gives_the_original(
    original: Path, url: str, tenant: str, tmp_path: Path
) -> None:
    there = await asyncio.to_thread(berdaya, 'copy', '--from', str(original), '--to', url, '--tenant', tenant)
    assert there.returncode == 0, there.stderr
    assert CHECKED in there.stdout

    back = tmp_path / 'back'
    home = await asyncio.to_thread(berdaya, 'copy', '--from', url, '--tenant', tenant, '--to', str(back))
    assert home.returncode == 0, home.stderr
    assert documents(back) == documents(original)  # document for document
    assert folder_files(back) == folder_files(original) != {}
    assert (back / 'secret.key').read_text() == (original / 'secret.key').read_text()


# ---- a target that holds a store ---------------------------------------------------------------------------------


async def test_a_copy_into_a_data_folder_that_holds_a_store_is_refused_and_with_force_keeps_it_aside(
    original: Path, url: str, tenant: str, tmp_path: Path
) -> None:
    await asyncio.to_thread(copy_store, Place(folder=original), Place(url=url, tenant=tenant))
    target = tmp_path / 'target'
    held = await small_store(target)
    before = every_byte(target)
    copy = ('copy', '--from', url, '--tenant', tenant, '--to', str(target))

    refused = await asyncio.to_thread(berdaya, *copy)

    assert refused.returncode == 1 and CHECKED not in refused.stdout
    assert f'Tujuan {target} sudah berisi data Berdaya' in refused.stderr and '--force' in refused.stderr
    assert every_byte(target) == before  # not a byte written, moved or added

    forced = await asyncio.to_thread(berdaya, *copy, '--force')

    assert forced.returncode == 0, forced.stderr
    assert CHECKED in forced.stdout
    assert documents(target) == documents(original)
    (aside,) = target.glob('replaced-*')
    assert f'disimpan di {aside}' in forced.stdout
    assert documents(aside) == held  # the store it held, whole, beside the copy


async def test_a_copy_into_a_tenant_that_holds_a_store_is_refused_and_with_force_keeps_it_aside(
    original: Path, url: str, tenant: str, tmp_path: Path
) -> None:
    held = await small_store(tmp_path / 'held')
    await asyncio.to_thread(copy_store, Place(folder=tmp_path / 'held'), Place(url=url, tenant=tenant))
    before = await asyncio.to_thread(tenant_state, url, tenant)
    copy = ('copy', '--from', str(original), '--to', url, '--tenant', tenant)

    refused = await asyncio.to_thread(berdaya, *copy)

    assert refused.returncode == 1 and CHECKED not in refused.stdout
    assert f'(tenant {tenant}) sudah berisi data Berdaya' in refused.stderr and '--force' in refused.stderr
    assert await asyncio.to_thread(tenant_state, url, tenant) == before  # documents, seq, secret and files
    assert await asyncio.to_thread(tenants_named, url, tenant) == [tenant]

    forced = await asyncio.to_thread(berdaya, *copy, '--force')

    assert forced.returncode == 0, forced.stderr
    assert CHECKED in forced.stdout
    tables, _seq, secret, _kept = await asyncio.to_thread(tenant_state, url, tenant)
    assert tables == documents(original) and secret == 'the signing secret'
    (_, aside) = await asyncio.to_thread(tenants_named, url, tenant)
    assert aside.startswith(f'{tenant}.replaced-') and f'disimpan di {aside}' in forced.stdout
    assert (await asyncio.to_thread(tenant_state, url, aside))[0] == held  # the store it held, as a tenant


# ---- a copy whose check finds a difference ----------------------------------------------------------------------


def changed_after_writing(monkeypatch: pytest.MonkeyPatch, spoil: Any) -> None:
    """The copy's target changes between its writing and its check (a disk, a server, a hand): `spoil(target)`."""
    from store import copying

    write = copying._write

    def write_then_spoil(target: Place, *args: Any, **options: Any) -> str | None:
        moved = write(target, *args, **options)
        spoil(target)
        return moved

    monkeypatch.setattr(copying, '_write', write_then_spoil)


def renamed_in_folder(participant: str) -> Any:
    def spoil(target: Place) -> None:
        assert target.folder is not None
        tables, seq = read_folder(target.folder)
        tables['participants'][participant]['name'] = 'Nama Diubah'
        snapshot.write_atomic(target.folder, snapshot.encode(tables, seq))

    return spoil


def renamed_in_tenant(participant: str) -> Any:
    def spoil(target: Place) -> None:
        with psycopg.connect(target.url, autocommit=True) as conn:
            conn.execute(
                """UPDATE berdaya_documents d SET doc = (doc::jsonb || '{"name": "Nama Diubah"}')::json
                   FROM berdaya_tenants t WHERE t.id = d.tenant AND t.name = %s
                   AND d.table_name = 'participants' AND d.id = %s""",
                (target.tenant, participant),
            )

    return spoil


@pytest.mark.parametrize('into', ['postgresql', 'folder'])
def test_a_copy_whose_target_differs_from_its_source_fails_saying_which_document(
    into: str,
    original: Path,
    url: str,
    tenant: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    participant = min(documents(original)['participants'])
    if into == 'postgresql':
        command = ['copy', '--from', str(original), '--to', url, '--tenant', tenant]
        changed_after_writing(monkeypatch, renamed_in_tenant(participant))
    else:
        copy_store(Place(folder=original), Place(url=url, tenant=tenant))
        command = ['copy', '--from', url, '--tenant', tenant, '--to', str(tmp_path / 'target')]
        changed_after_writing(monkeypatch, renamed_in_folder(participant))

    with pytest.raises(SystemExit) as exited:
        main(command)

    said = capsys.readouterr()
    assert exited.value.code == 1
    assert said.err.startswith('Penyalinan GAGAL') and f'dokumen participants {participant} berbeda' in said.err
    assert CHECKED not in said.out and said.out == ''  # no word of success
    assert documents(original)['participants'][participant]['name'] != 'Nama Diubah'  # the source untouched


# ---- backups across engines --------------------------------------------------------------------------------------


async def test_a_tenants_backup_restores_into_a_data_folder_and_a_folders_into_a_tenant(
    original: Path, url: str, tenant: str, tmp_path: Path
) -> None:
    await asyncio.to_thread(copy_store, Place(folder=original), Place(url=url, tenant=tenant))
    on_postgresql = tmp_path / 'backup-postgresql'
    taken = await asyncio.to_thread(berdaya, 'backup', str(on_postgresql), '--database-url', url, '--tenant', tenant)
    assert taken.returncode == 0, taken.stderr
    assert documents(on_postgresql) == documents(original)  # the same folder format as a data folder's

    into_folder = tmp_path / 'from-postgresql'
    put = await asyncio.to_thread(berdaya, 'restore', str(on_postgresql), '--data', str(into_folder))
    assert put.returncode == 0, put.stderr
    assert documents(into_folder) == documents(original)
    assert folder_files(into_folder) == folder_files(original)
    assert (into_folder / 'secret.key').read_text() == (original / 'secret.key').read_text()

    of_folder = tmp_path / 'backup-folder'
    taken = await asyncio.to_thread(berdaya, 'backup', str(of_folder), '--data', str(original))
    assert taken.returncode == 0, taken.stderr
    put = await asyncio.to_thread(
        berdaya, 'restore', str(of_folder), '--database-url', url, '--tenant', tenant, '--force'
    )
    assert put.returncode == 0, put.stderr
    tables, _seq, secret, kept = await asyncio.to_thread(tenant_state, url, tenant)
    assert tables == documents(original) and secret == 'the signing secret'
    assert sorted(Path(name).name for name in folder_files(original)) == sorted(kept[0] + kept[1])


async def test_a_sealed_backup_taken_on_postgresql_restores_into_a_data_folder(
    original: Path, url: str, tenant: str, tmp_path: Path
) -> None:
    await asyncio.to_thread(copy_store, Place(folder=original), Place(url=url, tenant=tenant))
    (tmp_path / 'kata-sandi.txt').write_text(PASSPHRASE + '\n')
    passphrase = ('--passphrase-file', str(tmp_path / 'kata-sandi.txt'))
    usb = tmp_path / 'usb'
    usb.mkdir()

    taken = await asyncio.to_thread(berdaya, 'backup', str(usb), '--database-url', url, '--tenant', tenant, *passphrase)

    assert taken.returncode == 0, taken.stderr
    (sealed,) = usb.iterdir()
    assert sealed.name.endswith('.zip.enc') and str(sealed) in taken.stdout
    assert backup_seal.is_sealed(sealed.read_bytes()) and b'snapshot' not in sealed.read_bytes()
    into = tmp_path / 'restored'
    put = await asyncio.to_thread(berdaya, 'restore', str(sealed), '--data', str(into), *passphrase)
    assert put.returncode == 0, put.stderr
    assert documents(into) == documents(original)
    assert folder_files(into) == folder_files(original)
    assert (into / 'secret.key').read_text() == (original / 'secret.key').read_text()
