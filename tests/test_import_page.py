"""The coordinator's import screen: upload the sample file, read the report, save; the same file again adds nobody."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from models.participant import Participant
from models.programme import Programme, ProgrammeKind
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, SAMPLE, demo_programme, log_in, sample_table, xlsx_of

pytestmark = pytest.mark.demo


async def _kwt(user: User) -> Programme:
    await log_in(user, *COORDINATOR)
    return demo_programme(await runtime.ready(), ProgrammeKind.KWT)


async def _upload(user: User, data: bytes, name: str) -> None:
    upload = next(iter(user.find(ui.upload).elements))
    await upload.handle_uploads([ui.upload.SmallFileUpload(name, 'text/csv', data)])


async def test_sample_file_saves_good_rows_and_names_each_bad_row(user: User) -> None:
    programme = await _kwt(user)
    before = runtime.store.count(Participant)
    await user.open(f'/programmes/{programme.id}/import')
    await _upload(user, SAMPLE.read_bytes(), 'peserta-contoh.csv')
    await user.should_see('17 peserta baru akan disimpan')
    await user.should_see('4 baris ditolak')
    assert runtime.store.count(Participant) == before  # checking saves nothing
    await user.should_see('Nama kosong atau terlalu pendek.')
    await user.should_see('Nomor HP tidak valid')
    await user.should_see('NIK tidak valid')
    await user.should_see('sudah ada di baris sebelumnya')
    user.find(marker='save-import').click()
    await user.should_see(marker='import-done')
    await user.should_see('17 peserta baru disimpan')
    assert runtime.store.count(Participant) == before + 17
    enrolled = runtime.store.get(Programme, programme.id)
    assert enrolled is not None and len(enrolled.participant_ids) == len(programme.participant_ids) + 17


async def test_the_same_file_twice_creates_no_duplicates(user: User) -> None:
    programme = await _kwt(user)
    await user.open(f'/programmes/{programme.id}/import')
    await _upload(user, SAMPLE.read_bytes(), 'peserta-contoh.csv')
    await user.should_see(marker='save-import')
    user.find(marker='save-import').click()
    await user.should_see(marker='import-done')
    after_first = runtime.store.count(Participant)
    await user.open(f'/programmes/{programme.id}/import')
    await _upload(user, SAMPLE.read_bytes(), 'peserta-contoh.csv')
    await user.should_see('17 sudah ada (tidak digandakan)')
    await user.should_see(marker='nothing-to-save')
    assert runtime.store.count(Participant) == after_first


async def test_an_unreadable_file_gets_a_clear_message(user: User) -> None:
    programme = await _kwt(user)
    before = runtime.store.count(Participant)
    await user.open(f'/programmes/{programme.id}/import')
    await _upload(user, b'\x00\x01\x02 not a sheet \xff' * 20, 'foto.jpg')
    await user.should_see('Berkas tidak bisa dibaca')
    await user.should_not_see(marker='save-import')
    assert runtime.store.count(Participant) == before


async def test_templates_download_for_coordinators_only(user: User) -> None:
    await log_in(user, *COORDINATOR)
    csv = await user.http_client.get('/import/template.csv')
    assert csv.status_code == 200 and csv.text.lstrip('\ufeff').startswith('nama;no_hp;desa')
    xlsx = await user.http_client.get('/import/template.xlsx')
    assert xlsx.status_code == 200 and xlsx.content[:2] == b'PK'
    user.http_client.cookies.clear()
    await log_in(user, *INSTRUCTOR)
    assert (await user.http_client.get('/import/template.xlsx')).status_code == 403
    assert (await user.http_client.get('/import/template.csv')).status_code == 403


async def test_an_xlsx_file_from_the_screen_gives_the_same_report_and_saves(user: User) -> None:
    programme = await _kwt(user)
    before = runtime.store.count(Participant)
    await user.open(f'/programmes/{programme.id}/import')
    await _upload(user, xlsx_of(sample_table()), 'peserta-contoh.xlsx')  # type: ignore[arg-type]
    await user.should_see('17 peserta baru akan disimpan')
    await user.should_see('4 baris ditolak')
    await user.should_see('NIK tidak valid')
    user.find(marker='save-import').click()
    await user.should_see('17 peserta baru disimpan')
    assert runtime.store.count(Participant) == before + 17
