"""The `berdaya` command line and settings, as an operator uses them."""

from __future__ import annotations

import asyncio
import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from nicegui.testing import User

from models.participant import Participant
from models.programme import Programme
from store import Store, files
from store.backup_folder import backup_folder
from store.demo import seed_demo
from ui import backup_file
from ui.cli import main
from ui.settings import Settings, signing_secret

from .conftest import berdaya, demo_folder

T = TypeVar('T')


async def _read(folder: Path, look: Callable[[Store], T]) -> T:
    store = await Store.open(folder)
    try:
        return look(store)
    finally:
        await store.close()


def test_backup_then_restore_round_trip(tmp_path: Path) -> None:
    data, backup, other = tmp_path / 'data', tmp_path / 'backup', tmp_path / 'other'
    stats = asyncio.run(demo_folder(data))

    taken = berdaya('backup', str(backup), '--data', str(data))
    restored = berdaya('restore', str(backup), '--data', str(other))

    assert taken.returncode == 0, taken.stderr
    assert 'Cadangan tersimpan' in taken.stdout
    assert restored.returncode == 0, restored.stderr
    assert asyncio.run(_read(other, lambda store: store.stats())) == stats
    assert asyncio.run(_read(other, lambda store: len(store.all(Participant)))) == 28  # 15 + 12 + the seller
    assert files.names(other) == files.names(data) != []  # the letterheads' logos came along


def test_a_sealed_backup_round_trips_with_its_passphrase_file_and_is_refused_without_it(tmp_path: Path) -> None:
    data, usb, other = tmp_path / 'data', tmp_path / 'usb', tmp_path / 'other'
    stats = asyncio.run(demo_folder(data))
    usb.mkdir()
    (tmp_path / 'kata-sandi.txt').write_text('Pantai Pelabuhan-Ratu 7\n')  # as an editor saves it
    (tmp_path / 'salah.txt').write_text('Pantai Pelabuhan-Ratu 8')
    passphrase = ('--passphrase-file', str(tmp_path / 'kata-sandi.txt'))

    taken = berdaya('backup', str(usb), '--data', str(data), *passphrase)
    [sealed] = usb.iterdir()
    bare = berdaya('restore', str(sealed), '--data', str(other))
    wrong = berdaya('restore', str(sealed), '--data', str(other), '--passphrase-file', str(tmp_path / 'salah.txt'))
    restored = berdaya('restore', str(sealed), '--data', str(other), *passphrase)

    assert taken.returncode == 0, taken.stderr
    assert sealed.name.endswith('.zip.enc') and 'Cadangan terenkripsi tersimpan' in taken.stdout
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(sealed)
    assert bare.returncode == 1 and 'terenkripsi' in bare.stderr
    assert wrong.returncode == 1 and 'Kata sandi cadangan salah' in wrong.stderr
    assert restored.returncode == 0, restored.stderr
    assert asyncio.run(_read(other, lambda store: store.stats())) == stats
    said = ''.join(r.stdout + r.stderr for r in (taken, bare, wrong, restored))
    assert 'Pelabuhan-Ratu' not in said


def test_a_short_passphrase_file_and_an_existing_file_are_refused(tmp_path: Path) -> None:
    data, target = tmp_path / 'data', tmp_path / 'cadangan.zip.enc'
    asyncio.run(demo_folder(data))
    (tmp_path / 'pendek.txt').write_text('pendek\n')
    (tmp_path / 'kata-sandi.txt').write_text('Pantai Pelabuhan-Ratu 7')
    target.write_bytes(b'something of hers')

    short = berdaya('backup', str(tmp_path / 'baru.zip.enc'), '--data', str(data), '--passphrase-file',
                    str(tmp_path / 'pendek.txt'))  # fmt: skip
    exists = berdaya('backup', str(target), '--data', str(data), '--passphrase-file', str(tmp_path / 'kata-sandi.txt'))

    assert short.returncode == 1 and '8 sampai 200 karakter' in short.stderr
    assert not (tmp_path / 'baru.zip.enc').exists()
    assert exists.returncode == 1 and 'sudah ada' in exists.stderr
    assert target.read_bytes() == b'something of hers'


def test_restore_takes_the_plain_zip_the_screen_downloads(tmp_path: Path) -> None:
    data, other = tmp_path / 'data', tmp_path / 'other'
    stats = asyncio.run(demo_folder(data))
    backup_folder(data, tmp_path / 'berdaya-backup')
    plain = backup_file.write(tmp_path / 'berdaya-backup', tmp_path / 'berdaya-backup.zip', None)

    restored = berdaya('restore', str(plain), '--data', str(other))

    assert restored.returncode == 0, restored.stderr
    assert asyncio.run(_read(other, lambda store: store.stats())) == stats
    assert files.names(other) == files.names(data) != []


def test_restore_refuses_a_folder_with_data_unless_forced(tmp_path: Path) -> None:
    data, backup = tmp_path / 'data', tmp_path / 'backup'
    asyncio.run(demo_folder(data))
    assert berdaya('backup', str(backup), '--data', str(data)).returncode == 0

    refused = berdaya('restore', str(backup), '--data', str(data))
    forced = berdaya('restore', str(backup), '--data', str(data), '--force')

    assert refused.returncode == 1
    assert '--force' in refused.stderr
    assert forced.returncode == 0, forced.stderr
    assert list(data.glob('replaced-*/snapshot.json'))  # the old data was moved aside, not deleted


def test_backup_refuses_a_non_empty_target_and_a_missing_store(tmp_path: Path) -> None:
    data, backup = tmp_path / 'data', tmp_path / 'backup'
    asyncio.run(demo_folder(data))
    backup.mkdir()
    (backup / 'something').write_text('x')

    not_empty = berdaya('backup', str(backup), '--data', str(data))
    no_store = berdaya('backup', str(tmp_path / 'fresh'), '--data', str(tmp_path / 'nothing-here'))

    assert not_empty.returncode == 1 and 'tidak kosong' in not_empty.stderr
    assert no_store.returncode == 1 and 'Tidak ada data Berdaya' in no_store.stderr


def test_backup_while_the_store_is_open_is_consistent(tmp_path: Path) -> None:
    data, backup = tmp_path / 'data', tmp_path / 'backup'

    async def scenario() -> int:
        store = await Store.open(data)
        await seed_demo(store, dt.date(2026, 11, 24))
        taken = await asyncio.to_thread(berdaya, 'backup', str(backup), '--data', str(data))
        assert taken.returncode == 0, taken.stderr
        count = store.count(Programme)
        await store.close()
        return count

    count = asyncio.run(scenario())
    assert asyncio.run(_read(backup, lambda store: store.count(Programme))) == count == 2


def test_settings_come_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv('BERDAYA_PORT', '9123')
    monkeypatch.setenv('BERDAYA_DATA', str(tmp_path / 'd'))
    settings = Settings()
    assert settings.port == 9123
    assert settings.data == tmp_path / 'd'


def test_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / 'd', secret='')
    first = signing_secret(settings)
    assert signing_secret(settings) == first
    assert len(first) >= 32
    assert (tmp_path / 'd' / 'secret.key').stat().st_mode & 0o077 == 0  # readable by the app's user only
    assert signing_secret(Settings(data=tmp_path / 'd', secret='from-env')) == 'from-env'


def test_bad_port_is_refused_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(['--port', 'delapan'])
    assert exit_info.value.code == 2
    assert '--port' in capsys.readouterr().err


async def test_connection_popup_speaks_indonesian(user: User) -> None:
    response = await user.http_client.get('/')
    assert 'Koneksi terputus' in response.text
    assert 'Connection lost' not in response.text
