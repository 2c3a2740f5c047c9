"""The coordinator's set-up screens, as a coordinator uses them: programmes, days, instructors, enrolment,
participants with their sensitive fields and consents, groups, and accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import User

from models.account import Account, Role
from models.audit import AuditEntry
from models.participant import Category, Group, Participant
from models.programme import Day, Programme
from store.accounts import find_account, session_account, start_session
from ui.format import short_date
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, log_in, only, open_as, refused_beside_fields

pytestmark = pytest.mark.demo
ARGON2_WAIT = 100  # tries 0.1 s apart: hashing a PIN takes a while on a busy 2-core machine


async def fill(user: User, **values: str) -> None:
    for marker, value in values.items():
        user.find(marker=marker).clear().type(value)


async def test_coordinator_creates_a_programme(user: User) -> None:
    await open_as(user, COORDINATOR, '/programmes')
    await user.should_see('Budidaya Cabai')
    user.find(marker='new-programme').click()
    await user.should_see('Instansi penyelenggara')
    await fill(
        user, name='Pelatihan Menjahit PMI Purna', agency='Disnaker Kab. Cirebon', place='BLK Cirebon',
        start='2026-12-07', end='2026-12-11',
    )  # fmt: skip
    user.find(marker='save-programme').click()
    await user.should_see('Hari pelatihan')
    saved = [p for p in runtime.store.all(Programme) if p.name == 'Pelatihan Menjahit PMI Purna']
    assert len(saved) == 1
    assert saved[0].start == dt.date(2026, 12, 7) and saved[0].end == dt.date(2026, 12, 11)
    assert saved[0].agency == 'Disnaker Kab. Cirebon' and saved[0].late_after_minutes == 15


async def test_bad_programme_input_is_shown_beside_each_field_and_nothing_is_saved(user: User) -> None:
    await open_as(user, COORDINATOR, '/programmes/new')
    await fill(user, name='X', place='BLK', start='2026-12-11', end='2026-12-07')
    too_short, required = 'Terlalu pendek (minimal 3 huruf)', 'Wajib diisi'
    await refused_beside_fields(
        user, 'save-programme', {'name': too_short, 'agency': required, 'place': None}, Programme
    )
    await fill(user, name='Pelatihan Batik', agency='Dinas Sosial')
    backwards = 'Tanggal selesai tidak boleh sebelum tanggal mulai'
    await refused_beside_fields(user, 'save-programme', {'end': backwards, 'name': None}, Programme)


async def _new_programme(user: User) -> Programme:
    await user.open('/programmes/new')
    await fill(user, name='Pelatihan Keripik', agency='Dinas Sosial Banten', place='Aula Desa', start='2026-12-07')
    await fill(user, end='2026-12-09')
    user.find(marker='save-programme').click()
    await user.should_see('Hari pelatihan')
    return next(p for p in runtime.store.all(Programme) if p.name == 'Pelatihan Keripik')


async def _add_day(user: User, number: int, title: str) -> None:
    user.find(marker='add-day').click()
    await user.should_see('Judul / materi hari ini')
    user.find(marker='day-title').type(title)
    user.find(marker='save-day').click()
    await user.should_see(marker=f'day-{number}')


async def test_coordinator_adds_three_days_with_titles_and_start_times(user: User) -> None:
    await log_in(user, *COORDINATOR)
    programme = await _new_programme(user)
    await user.should_see('Belum ada hari')
    for number, title in enumerate(('Keripik singkong', 'Keripik pisang', 'Kemasan dan label'), start=1):
        await _add_day(user, number, title)
    days = sorted(runtime.store.by_index(Day, 'programme', programme.id), key=lambda d: d.number)
    assert [(d.number, d.date, d.title) for d in days] == [
        (1, dt.date(2026, 12, 7), 'Keripik singkong'),
        (2, dt.date(2026, 12, 8), 'Keripik pisang'),
        (3, dt.date(2026, 12, 9), 'Kemasan dan label'),
    ]
    user.find(marker='edit-day-3').click()
    user.find(marker='day-starts').clear().type('09:30')
    user.find(marker='save-day').click()
    await user.should_see('09.30 WIB')
    assert runtime.store.get(Day, days[2].id).starts_at == dt.time(9, 30)  # type: ignore[union-attr]


async def test_a_day_outside_the_programme_dates_is_refused(user: User) -> None:
    await log_in(user, *COORDINATOR)
    programme = await _new_programme(user)
    user.find(marker='add-day').click()
    user.find(marker='day-title').type('Hari tambahan')
    user.find(marker='day-date').clear().type('2027-01-05')
    user.find(marker='save-day').click()
    await user.should_see('Tanggal hari harus di antara 2026-12-07 dan 2026-12-09.')
    assert runtime.store.by_index(Day, 'programme', programme.id) == []


async def test_coordinator_assigns_instructors(user: User) -> None:
    await log_in(user, *COORDINATOR)
    programme = await _new_programme(user)
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    assert instructor is not None
    instructors = sorted((a for a in runtime.store.all(Account) if a.role == Role.INSTRUCTOR), key=lambda a: a.name)
    assert only(user, 'instructors').options == {a.id: a.name for a in instructors}  # every one, by name, no other
    assert list(only(user, 'instructors').options) == [a.id for a in instructors] and len(instructors) >= 2
    only(user, 'instructors').value = [instructor.id]
    user.find(marker='save-instructors').click()
    await user.should_see('Tersimpan')
    assert runtime.store.get(Programme, programme.id).instructor_ids == [instructor.id]  # type: ignore[union-attr]


async def test_coordinator_enrols_and_removes_participants(user: User) -> None:
    await log_in(user, *COORDINATOR)
    programme = await _new_programme(user)
    people = sorted(runtime.store.all(Participant), key=lambda p: p.name)[:3]
    await user.open(f'/programmes/{programme.id}/participants')
    await user.should_see('Terdaftar: 0 peserta')
    only(user, 'enrol-choice').value = [p.id for p in people]
    user.find(marker='enrol').click()
    await user.should_see('Terdaftar: 3 peserta')
    assert runtime.store.get(Programme, programme.id).participant_ids == [p.id for p in people]  # type: ignore[union-attr]
    user.find(marker=f'unenrol-{people[0].id}').click()
    await user.should_see('Terdaftar: 2 peserta')
    assert runtime.store.get(Programme, programme.id).participant_ids == [p.id for p in people[1:]]  # type: ignore[union-attr]


async def test_coordinator_adds_a_participant_with_sensitive_fields(user: User) -> None:
    await open_as(user, COORDINATOR, '/participants')
    user.find(marker='new-participant').click()
    await user.should_see('Data rahasia')
    await fill(user, name='Yati Suryati', phone='0812-7777-0001', village='Sukamaju', nik='3603125408850009')
    only(user, 'category').value = Category.KTK.value
    user.find(marker='case_notes').type('Didampingi P2TP2A')
    user.find(marker='save-participant').click()
    await user.should_see('Persetujuan penggunaan data')
    saved = [p for p in runtime.store.all(Participant) if p.name == 'Yati Suryati']
    assert len(saved) == 1
    assert saved[0].phone == '081277770001' and saved[0].category == Category.KTK
    assert saved[0].nik == '3603125408850009' and saved[0].case_notes == 'Didampingi P2TP2A'


async def test_bad_phone_and_nik_are_shown_beside_the_fields_and_nothing_is_saved(user: User) -> None:
    await open_as(user, COORDINATOR, '/participants/new')
    await fill(user, name='Yati', phone='0812', nik='12345')
    errors = {'phone': 'Nomor HP tidak valid. Contoh: 081234567890', 'nik': 'NIK harus 16 angka dan sesuai KTP'}
    await refused_beside_fields(user, 'save-participant', errors, Participant)


async def test_a_phone_already_used_is_refused(user: User) -> None:
    await open_as(user, COORDINATOR, '/participants/new')
    await fill(user, name='Siti Kedua', phone='+62 812 0000 0001')
    user.find(marker='save-participant').click()
    await user.should_see('Nomor HP 081200000001 sudah dipakai peserta lain.')
    assert [p for p in runtime.store.all(Participant) if p.name == 'Siti Kedua'] == []


async def test_coordinator_edits_a_participant_and_records_consent(user: User) -> None:
    await log_in(user, *COORDINATOR)
    person = sorted(runtime.store.all(Participant), key=lambda p: p.name)[0]
    consents_before = len(person.consents)
    await user.open(f'/participants/{person.id}')
    await user.should_see(person.name)
    user.find(marker='village').clear().type('Desa Baru')
    user.find(marker='save-participant').click()
    await user.should_see('Tersimpan')
    user.find(marker='consent-purpose').clear().type('Foto untuk laporan dinas')
    user.find(marker='record-consent').click()
    await user.should_see('Persetujuan dicatat')
    saved = runtime.store.get(Participant, person.id)
    assert saved is not None and saved.village == 'Desa Baru'
    assert len(saved.consents) == consents_before + 1
    coordinator = find_account(runtime.store, COORDINATOR[0])
    assert saved.consents[-1].recorded_by == coordinator.id  # type: ignore[union-attr]
    today_wib = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    await user.should_see(marker='consent-line', content=f'Foto untuk laporan dinas · {short_date(today_wib)}')
    await user.should_see(marker='consent-line', content=f'dicatat oleh {coordinator.name}')  # type: ignore[union-attr]
    assert saved.nik == person.nik and saved.category == person.category  # untouched fields kept


async def test_a_new_phone_number_is_her_new_log_in(user: User) -> None:
    """A trainee's username is her phone: the coordinator's correction must not lock her out."""
    await log_in(user, *COORDINATOR)
    siti = find_account(runtime.store, '081200000001')
    assert siti is not None and siti.participant_id
    await user.open(f'/participants/{siti.participant_id}')
    await user.should_see(marker='phone')
    user.find(marker='phone').clear().type('0813 9999 0001')
    user.find(marker='save-participant').click()
    await user.should_see('Tersimpan')
    assert find_account(runtime.store, '081200000001') is None
    moved = find_account(runtime.store, '081399990001')
    assert moved is not None and moved.id == siti.id and moved.secret_hash == siti.secret_hash
    trail = [e for e in runtime.store.all(AuditEntry) if e.action == 'account.username' and e.target == siti.id]
    assert len(trail) == 1 and trail[0].after is not None and 'secret_hash' not in trail[0].after
    answer = await user.http_client.post('/api/login', json={'username': '081399990001', 'password': '123456'})
    assert answer.status_code == 200


async def test_a_phone_that_is_another_accounts_log_in_is_refused(user: User) -> None:
    await log_in(user, *COORDINATOR)
    siti = find_account(runtime.store, '081200000001')
    other = next(a for a in runtime.store.all(Account) if a.role == Role.TRAINEE and a.id != siti.id)  # type: ignore[union-attr]
    person = runtime.store.get(Participant, other.participant_id or '')
    assert siti is not None and person is not None
    await runtime.store.put(person.model_copy(update={'phone': '081377770000'}))  # her account keeps its old name
    await user.open(f'/participants/{siti.participant_id}')
    await user.should_see(marker='phone')
    user.find(marker='phone').clear().type(other.username)
    user.find(marker='save-participant').click()
    await user.should_see('sudah dipakai')
    assert find_account(runtime.store, '081200000001') == siti
    assert runtime.store.get(Participant, siti.participant_id).phone == '081200000001'  # type: ignore[union-attr, arg-type]


async def test_participant_list_search(user: User) -> None:
    await open_as(user, COORDINATOR, '/participants')
    await user.should_see('Siti Nurhayati')
    user.find(marker='search').type('carini')
    await user.should_see('Carini')
    await user.should_not_see('Siti Nurhayati')


async def test_coordinator_creates_a_group_and_sets_its_members(user: User) -> None:
    await open_as(user, COORDINATOR, '/groups')
    await user.should_see('KWT Melati Purna')
    await fill(user, **{'group-name': 'KWT Mawar', 'group-village': 'Juntikebon'})
    user.find(marker='create-group').click()
    await user.should_see('Anggota')
    group = next(g for g in runtime.store.all(Group) if g.name == 'KWT Mawar')
    kwt = next(g for g in runtime.store.all(Group) if g.name == 'KWT Melati Purna')
    moving = kwt.member_ids[0]
    only(user, 'members').value = [moving]
    user.find(marker='save-members').click()
    await user.should_see('Tersimpan')
    assert runtime.store.get(Group, group.id).member_ids == [moving]  # type: ignore[union-attr]
    assert moving not in runtime.store.get(Group, kwt.id).member_ids  # type: ignore[union-attr]
    assert runtime.store.get(Participant, moving).group_id == group.id  # type: ignore[union-attr]


async def _create_trainee_account(user: User, person: Participant, pin: str) -> None:
    await user.open('/accounts')
    only(user, 'new-role').value = Role.TRAINEE.value
    only(user, 'new-participant').value = person.id
    user.find(marker='new-secret').type(pin)
    user.find(marker='create-account').click()
    await user.should_see(f'Akun {person.phone} dibuat', retries=ARGON2_WAIT)


async def test_coordinator_creates_a_trainee_account_she_can_log_in_with(user: User) -> None:
    await log_in(user, *COORDINATOR)
    person = Participant(name='Ijah Khodijah', phone='081299990001', village='Kedaung')
    await runtime.store.put(person)
    await _create_trainee_account(user, person, '246810')
    account = find_account(runtime.store, '081299990001')
    assert account is not None and account.role == Role.TRAINEE and account.participant_id == person.id
    assert account.name == 'Ijah Khodijah'
    user.http_client.cookies.clear()
    assert await log_in(user, '0812-9999-0001', '246810') == 303


async def test_a_bad_pin_for_a_new_account_is_shown_beside_the_field_and_no_account_is_made(user: User) -> None:
    await open_as(user, COORDINATOR, '/accounts')
    only(user, 'new-role').value = Role.TRAINEE.value
    user.find(marker='new-secret').type('12ab')
    errors = {'new-secret': 'PIN harus 6 angka', 'new-participant': 'Pilih peserta pemilik akun ini'}
    await refused_beside_fields(user, 'create-account', errors, Account)


async def test_coordinator_creates_an_instructor_account(user: User) -> None:
    await open_as(user, COORDINATOR, '/accounts')
    only(user, 'new-role').value = Role.INSTRUCTOR.value
    await fill(user, **{'new-name': 'Bu Ratna', 'new-username': 'ratna', 'new-secret': 'rahasia-123'})
    user.find(marker='create-account').click()
    await user.should_see('Akun ratna dibuat', retries=ARGON2_WAIT)
    user.find(marker='create-account').click()  # the form was emptied: nothing is created twice
    [ratna] = [a for a in runtime.store.all(Account) if a.username == 'ratna']
    assert ratna.role == Role.INSTRUCTOR and ratna.name == 'Bu Ratna' and ratna.participant_id is None


async def test_reset_pin_logs_her_out_and_the_new_pin_works(user: User) -> None:
    await open_as(user, COORDINATOR, '/accounts')
    euis = find_account(runtime.store, '081200000002')
    assert euis is not None
    token, _ = await start_session(runtime.store, euis, dt.datetime.now(dt.UTC))  # logged in on her phone
    user.find(marker='reset-081200000002').click()
    user.find(marker='new-secret').type('999')
    user.find(marker='save-secret').click()
    await user.should_see('PIN harus 6 angka')
    assert session_account(runtime.store, token, dt.datetime.now(dt.UTC)) == euis  # the refused PIN changed nothing
    user.find(marker='new-secret').clear().type('654321')
    user.find(marker='save-secret').click()
    await user.should_see('sudah diganti', retries=ARGON2_WAIT)
    assert session_account(runtime.store, token, dt.datetime.now(dt.UTC)) is None  # logged out on her phone
    user.http_client.cookies.clear()
    assert await log_in(user, '081200000002', '123456') == 401
    assert await log_in(user, '081200000002', '654321') == 303


async def test_disable_blocks_log_in_and_enable_restores_it(user: User) -> None:
    await open_as(user, COORDINATOR, '/accounts')
    user.find(marker='toggle-081200000003').click()
    await user.should_see(marker='status-disabled')
    assert find_account(runtime.store, '081200000003').disabled  # type: ignore[union-attr]
    trainee = await user.http_client.post('/api/login', json={'username': '081200000003', 'password': '123456'})
    assert trainee.status_code == 401 and 'dinonaktifkan' in trainee.json()['error']
    user.find(marker='toggle-081200000003').click()
    await user.should_not_see(marker='status-disabled')
    assert not find_account(runtime.store, '081200000003').disabled  # type: ignore[union-attr]
    trainee = await user.http_client.post('/api/login', json={'username': '081200000003', 'password': '123456'})
    assert trainee.status_code == 200


async def test_coordinator_unlocks_a_locked_account(user: User) -> None:
    await log_in(user, *COORDINATOR)
    for _ in range(5):
        await user.http_client.post('/api/login', json={'username': '081200000004', 'password': '000000'})
    assert find_account(runtime.store, '081200000004').locked(dt.datetime.now(dt.UTC))  # type: ignore[union-attr]
    await user.open('/accounts')
    await user.should_see('Terkunci')
    user.find(marker='unlock-081200000004').click()
    await user.should_see('Kunci dibuka')
    response = await user.http_client.post('/api/login', json={'username': '081200000004', 'password': '123456'})
    assert response.status_code == 200


async def test_a_handler_refuses_once_the_coordinator_is_logged_out(user: User) -> None:
    await open_as(user, COORDINATOR, '/programmes/new')
    await fill(user, name='Program Susulan', agency='Dinas Sosial', place='Aula')
    user.http_client.cookies.clear()  # her session cookie is gone: as if she logged out in another tab
    coordinator = find_account(runtime.store, COORDINATOR[0])
    from store.accounts import end_all_sessions

    await end_all_sessions(runtime.store, coordinator.id)  # type: ignore[union-attr]
    user.find(marker='save-programme').click()
    await user.should_see('Anda tidak berhak melakukan ini')
    assert [p for p in runtime.store.all(Programme) if p.name == 'Program Susulan'] == []


@pytest.mark.parametrize('path', ['/programmes', '/programmes/new', '/participants', '/groups', '/accounts'])
async def test_instructor_gets_a_refusal_on_coordinator_pages(user: User, path: str) -> None:
    await log_in(user, *INSTRUCTOR)
    response = await user.http_client.get(path)
    assert response.status_code == 403
    assert 'hanya untuk koordinator' in response.text


async def test_one_tap_makes_a_day_for_every_date_of_the_programme_and_keeps_the_days_already_there(
    user: User,
) -> None:
    store = await runtime.ready()
    start = dt.date(2027, 1, 11)
    programme = Programme(name='Pelatihan Menjahit', agency='Disnaker', place='BLK', start=start,
                          end=start + dt.timedelta(days=3))  # fmt: skip
    await store.put(programme, Day(programme_id=programme.id, number=1, date=start, title='Pembukaan'))
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}')
    await user.should_see('Buat hari untuk semua tanggal program (3 hari)')
    user.find(marker='fill-days').click()
    await user.should_see('Hari 4')
    days = sorted(store.by_index(Day, 'programme', programme.id), key=lambda d: d.number)
    assert [(d.number, d.date, d.title) for d in days] == [
        (1, start, 'Pembukaan'),  # kept as it was
        (2, start + dt.timedelta(days=1), 'Hari 2'),
        (3, start + dt.timedelta(days=2), 'Hari 3'),
        (4, start + dt.timedelta(days=3), 'Hari 4'),
    ]
    await user.should_not_see(marker='fill-days')  # every date has its day now
