"""The village secretariat's foundation, as its people use it: a coordinator creates one and sets it up (its
settings, staff, linked groups and programmes), its staff find it on their home, and nobody else gets in."""

from __future__ import annotations

import pytest
from nicegui.testing import User
from pydantic import ValidationError

from models.account import Account, AccountForm, Role
from models.audit import AuditEntry
from models.base import DomainError
from models.participant import Group
from models.programme import ProgrammeKind
from models.secretariat import EmbassyContact, Secretariat, SecretariatSettings
from store.accounts import set_disabled
from store.secretariats import (
    add_staff,
    create_secretariat,
    create_staff_account,
    link_group,
    link_programme,
    members_reached,
    remove_staff,
    secretariat_by_slug,
    secretariats_of,
    secretariats_reaching,
    unlink_group,
    update_secretariat,
)
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    OTHER_INSTRUCTOR,
    SECRETARIAT,
    account,
    bumidaya,
    demo_programme,
    error_of,
    her_participant_id,
    log_in,
    only,
    open_as,
    refused_beside_fields,
)

pytestmark = pytest.mark.demo

WALIWIS = SecretariatSettings(name='Sekretariat PMI Purna Waliwis', slug='waliwis', village='Waliwis')


async def fill(user: User, **values: str) -> None:
    for marker, value in values.items():
        user.find(marker=marker).clear().type(value)


def kwt_group() -> Group:
    return next(g for g in runtime.store.all(Group) if g.name == 'KWT Melati Purna')


async def another_secretariat(**changes: object) -> Secretariat:
    """Desa Waliwis's secretariat, made by the demo's coordinator, with nobody on its staff and nothing linked."""
    await runtime.ready()
    settings = WALIWIS.model_copy(update=changes)
    made = await create_secretariat(runtime.store, settings, secretariat_id='sek-waliwis', by=account('koordinator').id)
    return made.record


def trail_of(secretariat_id: str) -> list[str]:
    entries = sorted((e for e in runtime.store.all(AuditEntry) if e.target == secretariat_id), key=lambda e: e.at)
    return [e.action for e in entries]


# ---- the demo --------------------------------------------------------------------------------------------------


async def test_the_demo_village_has_its_secretariat_with_the_kwt_linked_and_a_staff_account(user: User) -> None:
    store = await runtime.ready()
    secretariat = await bumidaya()
    kwt = demo_programme(store, ProgrammeKind.KWT)
    assert (secretariat.village, secretariat.district, secretariat.regency) == (
        'Bumidaya', 'Palas', 'Kabupaten Lampung Selatan',
    )  # fmt: skip
    assert secretariat.group_ids == [kwt_group().id] and secretariat.programme_ids == [kwt.id]
    assert secretariat.staff_ids == [account('sekretariat').id] and account('sekretariat').role == Role.SECRETARIAT
    assert await log_in(user, *SECRETARIAT) == 303
    assert trail_of(secretariat.id) == ['secretariat.create']


# ---- the coordinator sets one up -------------------------------------------------------------------------------


async def test_a_coordinator_creates_a_secretariat_and_lands_on_its_settings(user: User) -> None:
    await open_as(user, COORDINATOR, '/sekretariat')
    await user.should_see(marker='secretariat-card-bumidaya')
    await fill(
        user, **{'secretariat-name': 'Sekretariat PMI Purna Waliwis', 'secretariat-slug': 'waliwis',
                 'secretariat-village': 'Waliwis', 'secretariat-district': 'Mekar Baru',
                 'secretariat-wa-number': '0812-3456-7890', 'secretariat-hours': 'Senin–Kamis 08.00–14.00'},
    )  # fmt: skip
    user.find(marker='create-secretariat').click()
    await user.should_see('Pengaturan sekretariat')
    made = secretariat_by_slug(runtime.store, 'waliwis')
    assert made is not None
    assert (made.name, made.village, made.district, made.wa_number) == (
        'Sekretariat PMI Purna Waliwis', 'Waliwis', 'Mekar Baru', '081234567890',
    )  # fmt: skip
    assert made.staff_ids == [] and made.group_ids == [] and made.active
    await user.should_see('/sekretariat/waliwis')  # its public address, as text
    assert trail_of(made.id) == ['secretariat.create']


async def test_the_same_form_sent_twice_makes_one_secretariat(user: User) -> None:
    first = await another_secretariat()
    again = await create_secretariat(
        runtime.store, WALIWIS.model_copy(update={'name': 'Dikirim dua kali'}), secretariat_id=first.id,
        by=account('koordinator').id,
    )  # fmt: skip
    assert again.status == 'duplicate' and again.record == first
    assert [s.slug for s in runtime.store.all(Secretariat)].count('waliwis') == 1


async def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(user: User) -> None:
    await open_as(user, COORDINATOR, '/sekretariat')
    await fill(
        user, **{'secretariat-name': 'Sekretariat Waliwis', 'secretariat-slug': 'Desa Waliwis',
                 'secretariat-wa-number': '12345'},
    )  # fmt: skip
    await refused_beside_fields(
        user, 'create-secretariat',
        {'secretariat-slug': 'Alamat 3–40 huruf kecil, angka atau tanda minus, tanpa spasi (mis. bumidaya)',
         'secretariat-wa-number': 'Nomor HP tidak valid. Contoh: 081234567890', 'secretariat-village': 'Wajib diisi',
         'secretariat-name': None},
        Secretariat,
    )  # fmt: skip


async def test_an_address_another_secretariat_has_is_refused_beside_it(user: User) -> None:
    await open_as(user, COORDINATOR, '/sekretariat')
    await fill(user, **{'secretariat-name': 'Sekretariat Kedua', 'secretariat-slug': 'bumidaya',
                        'secretariat-village': 'Bumidaya'})  # fmt: skip
    user.find(marker='create-secretariat').click()
    await user.should_see('Alamat bumidaya sudah dipakai sekretariat lain. Pilih alamat lain.')
    assert error_of(user, 'secretariat-slug') == 'Alamat bumidaya sudah dipakai sekretariat lain. Pilih alamat lain.'
    assert runtime.store.count(Secretariat) == 1


@pytest.mark.parametrize('slug', ['ab', 'Bumi Daya', 'bumi_daya', '-bumidaya', 'bumi--daya', 'atur', 'x' * 41])
def test_a_public_address_is_short_lower_case_letters_digits_and_inner_dashes(slug: str) -> None:
    with pytest.raises(ValidationError) as refused:
        SecretariatSettings.model_validate(WALIWIS.model_dump() | {'slug': slug})
    assert refused.value.errors()[0]['ctx']['error'] == 'bad_secretariat_slug'


@pytest.mark.parametrize('number', ['0800-1000', '+62 21 2924 4800', '(021) 7981205', '110', '+852 3651 0200'])
def test_hotline_and_embassy_numbers_are_taken_as_agencies_print_them(number: str) -> None:
    settings = SecretariatSettings.model_validate(WALIWIS.model_dump() | {'agency_phone': number})
    assert settings.agency_phone == number


@pytest.mark.parametrize('number', ['12', 'telepon kantor', '62+21 2924', '+62 21 2924 4800 ext 5', '1' * 16])
def test_a_number_that_is_no_number_is_refused(number: str) -> None:
    with pytest.raises(ValidationError) as refused:
        SecretariatSettings.model_validate(WALIWIS.model_dump() | {'agency_phone_abroad': number})
    assert refused.value.errors()[0]['ctx']['error'] == 'bad_contact_number'


async def test_the_coordinator_edits_its_help_abroad_and_the_trail_keeps_what_changed(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/atur')
    await fill(user, **{'secretariat-hours': 'Setiap hari 08.00–16.00 WIB'})
    user.find(marker='add-embassy').click()
    row = f'embassy-{len(secretariat.embassies)}'  # under the demo's own missions
    await fill(user, **{f'{row}-country': 'Malaysia', f'{row}-name': 'KBRI Kuala Lumpur',
                        f'{row}-phone': 'bukan nomor'})  # fmt: skip
    await refused_beside_fields(
        user, 'save-secretariat', {f'{row}-phone': 'Nomor telepon tidak valid: angka saja, boleh diawali + dan '
                                   'kode negara (mis. +62 21 2924 4800)', 'secretariat-hours': None}, AuditEntry,
    )  # fmt: skip
    assert await bumidaya() == secretariat
    await fill(user, **{f'{row}-phone': '+60 3 2116 4000'})
    user.find(marker='save-secretariat').click()
    await user.should_see('Tersimpan')
    saved = await bumidaya()
    assert saved.hours == 'Setiap hari 08.00–16.00 WIB'
    added = EmbassyContact(country='Malaysia', name='KBRI Kuala Lumpur', phone='+60 3 2116 4000')
    assert saved.embassies == [*secretariat.embassies, added]
    assert saved.staff_ids == secretariat.staff_ids and saved.group_ids == secretariat.group_ids  # kept as they were
    edit = next(e for e in runtime.store.all(AuditEntry) if e.action == 'secretariat.edit')
    assert edit.by == account('koordinator').id and edit.target == secretariat.id
    assert edit.before is not None and edit.after is not None
    assert (edit.before['hours'], edit.after['hours']) == (secretariat.hours, 'Setiap hari 08.00–16.00 WIB')


async def test_the_coordinator_gives_it_a_new_staff_account_who_logs_in_to_it(user: User) -> None:
    secretariat = await another_secretariat()
    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/atur')
    await user.should_see(marker='no-staff')
    user.find(marker='new-staff').click()
    await fill(user, **{'staff-name': 'Euis Komalasari', 'staff-username': 'petugas.waliwis',
                        'staff-password': 'rahasia-waliwis'})  # fmt: skip
    user.find(marker='create-staff').click()
    await user.should_see('Akun petugas.waliwis dibuat dan menjadi petugas', retries=100)
    await user.should_see(marker='staff-petugas.waliwis')
    made = account('petugas.waliwis')
    assert made.role == Role.SECRETARIAT and made.name == 'Euis Komalasari'
    assert runtime.store.get(Secretariat, secretariat.id).staff_ids == [made.id]  # type: ignore[union-attr]
    assert trail_of(made.id) == ['account.create']
    assert trail_of(secretariat.id) == ['secretariat.create', 'secretariat.staff_add']

    await user.http_client.post('/logout')
    await open_as(user, ('petugas.waliwis', 'rahasia-waliwis'))
    await user.should_see(marker='my-secretariat-waliwis')
    await user.should_not_see(marker='my-secretariat-bumidaya')


async def test_a_staff_account_made_twice_from_one_form_is_one_account(user: User) -> None:
    secretariat = await another_secretariat()
    form = AccountForm(role=Role.SECRETARIAT, name='Euis', username='euis', secret='rahasia-euis')
    by = account('koordinator').id
    first = await create_staff_account(runtime.store, secretariat.id, form, account_id='acc-euis', by=by)
    again = await create_staff_account(runtime.store, secretariat.id, form, account_id='acc-euis', by=by)
    assert (first.status, again.status) == ('applied', 'duplicate')
    assert runtime.store.get(Secretariat, secretariat.id).staff_ids == ['acc-euis']  # type: ignore[union-attr]


async def test_the_coordinator_adds_an_existing_instructor_who_then_serves_it(user: User) -> None:
    secretariat = await bumidaya()
    pendamping = account('pendamping')
    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/atur')
    only(user, 'add-existing').value = pendamping.id
    user.find(marker='add-staff').click()
    await user.should_see(marker='staff-pendamping')
    assert (await bumidaya()).staff_ids == [account('sekretariat').id, pendamping.id]

    await user.http_client.post('/logout')
    await open_as(user, OTHER_INSTRUCTOR)
    await user.should_see(marker='my-secretariat-bumidaya')
    await user.should_see('Budidaya Cabai')  # her programmes stay on her home
    assert (await user.http_client.get(f'/sekretariat/{secretariat.id}/atur')).status_code == 200
    await log_in(user, *INSTRUCTOR)  # not on its staff
    assert (await user.http_client.get(f'/sekretariat/{secretariat.id}/atur')).status_code == 403


async def test_taking_her_off_the_staff_closes_its_pages_to_her(user: User) -> None:
    secretariat = await bumidaya()
    staff = account('sekretariat')
    await remove_staff(runtime.store, secretariat.id, staff.id, by=account('koordinator').id)
    await open_as(user, SECRETARIAT)
    await user.should_see(marker='no-secretariat')
    assert (await user.http_client.get(f'/sekretariat/{secretariat.id}/atur')).status_code == 403
    assert trail_of(secretariat.id) == ['secretariat.create', 'secretariat.staff_remove']


async def test_the_coordinator_links_the_kwt_group_and_sees_whom_it_reaches(user: User) -> None:
    secretariat = await another_secretariat()
    group = kwt_group()
    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/atur')
    await user.should_see('Menjangkau 0 anggota kelompok dan peserta')
    only(user, 'linked-groups').value = [group.id]
    user.find(marker='save-links').click()
    await user.should_see('Menjangkau 12 anggota kelompok dan peserta')
    linked = runtime.store.get(Secretariat, secretariat.id)
    assert linked is not None and linked.group_ids == [group.id] and linked.programme_ids == []
    assert trail_of(secretariat.id) == ['secretariat.create', 'secretariat.links']


# ---- whom it reaches -------------------------------------------------------------------------------------------


async def test_it_reaches_the_members_of_its_groups_and_the_trainees_of_its_programmes(user: User) -> None:
    store = await runtime.ready()
    kue, kwt, group = demo_programme(store), demo_programme(store, ProgrammeKind.KWT), kwt_group()
    secretariat, by = await bumidaya(), account('koordinator').id
    assert members_reached(store, secretariat) == frozenset(group.member_ids) == frozenset(kwt.participant_ids)
    assert len(members_reached(store, secretariat)) == 12

    linked = await link_programme(store, secretariat.id, kue.id, by=by)
    assert members_reached(store, linked) == frozenset(group.member_ids) | frozenset(kue.participant_ids)
    assert len(members_reached(store, linked)) == 27
    assert secretariats_reaching(store, her_participant_id(KUE_TRAINEE[0])) == [linked]
    assert secretariats_reaching(store, her_participant_id(KWT_TRAINEE[0])) == [linked]

    unlinked = await unlink_group(store, secretariat.id, group.id, by=by)
    assert members_reached(store, unlinked) == frozenset(kwt.participant_ids) | frozenset(kue.participant_ids)
    closed = await update_secretariat(store, secretariat.id, unlinked.settings().model_copy(update={'active': False}),
                                      by=by)  # fmt: skip
    assert secretariats_reaching(store, her_participant_id(KUE_TRAINEE[0])) == []  # a closed one reaches nobody
    assert len(members_reached(store, closed)) == 27  # yet knows whom it would


async def test_a_link_to_a_group_that_is_not_there_changes_nothing(user: User) -> None:
    secretariat = await another_secretariat()
    with pytest.raises(DomainError) as refused:
        await link_group(runtime.store, secretariat.id, 'no-such-group', by=account('koordinator').id)
    assert refused.value.key == 'not_found'
    assert runtime.store.get(Secretariat, secretariat.id) == secretariat


# ---- who may ---------------------------------------------------------------------------------------------------


async def test_staff_see_only_their_own_secretariat(user: User) -> None:
    other = await another_secretariat()
    mine = await bumidaya()
    await open_as(user, SECRETARIAT)
    await user.should_see(marker='my-secretariat-bumidaya')
    await user.should_see('/sekretariat/bumidaya')
    await user.should_see(marker='nav-sekretariat')
    await user.should_not_see(marker='my-secretariat-waliwis')
    await user.should_not_see('Program Anda')  # a petugas sekretariat runs no training
    assert [s.slug for s in secretariats_of(runtime.store, account('sekretariat'))] == ['bumidaya']
    await user.open('/sekretariat')
    await user.should_see(marker='secretariat-card-bumidaya')
    await user.should_not_see(marker='secretariat-card-waliwis')
    await user.should_not_see(marker='create-secretariat')
    refused = await user.http_client.get(f'/sekretariat/{other.id}/atur')
    assert refused.status_code == 403 and 'Sekretariat ini bukan tempat Anda bertugas' in refused.text
    unknown = await user.http_client.get('/sekretariat/no-such-secretariat/atur')
    assert unknown.status_code == 403 and 'Sekretariat ini bukan tempat Anda bertugas' in unknown.text

    await user.open(f'/sekretariat/{mine.id}/atur')  # her own: to read, not to change
    await user.should_see(marker='read-only')
    await user.should_not_see(marker='save-secretariat')
    await user.should_not_see(marker='new-staff')
    assert only(user, 'secretariat-hours').props['readonly'] is True


@pytest.mark.parametrize(('who', 'status'), [(None, 303), (KUE_TRAINEE, 403), (KWT_TRAINEE, 403), (INSTRUCTOR, 403)])
async def test_trainees_instructors_and_visitors_are_refused(
    user: User, who: tuple[str, str] | None, status: int
) -> None:
    secretariat = await bumidaya()
    if who is not None:
        await log_in(user, *who)
    for path in ('/sekretariat', f'/sekretariat/{secretariat.id}/atur'):
        assert (await user.http_client.get(path)).status_code == status, path


async def test_secretariat_staff_are_refused_on_training_pages(user: User) -> None:
    await log_in(user, *SECRETARIAT)
    kwt = demo_programme(await runtime.ready(), ProgrammeKind.KWT)
    for path in ('/programmes', f'/grid/{kwt.id}', '/usaha', f'/kelompok/{kwt_group().id}', '/accounts', '/audit'):
        assert (await user.http_client.get(path)).status_code == 403, path
    programmes = (await user.http_client.get('/api/programmes')).json()
    assert programmes == {'programmes': []}


async def test_a_handler_asks_again_a_coordinator_disabled_since_the_page_opened_changes_nothing(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/atur')
    disabled = await disabled_by_another_coordinator(account('koordinator'))
    await fill(user, **{'secretariat-hours': 'Tutup'})
    user.find(marker='save-secretariat').click()
    await user.should_see('Anda tidak berhak melakukan ini')
    only(user, 'linked-groups').value = []
    user.find(marker='save-links').click()
    assert await bumidaya() == secretariat
    assert disabled.disabled


async def disabled_by_another_coordinator(coordinator: Account) -> Account:
    """Another coordinator disables `coordinator` (which ends her sessions)."""
    store = await runtime.ready()
    second = Account(username='koordinator2', name='Koordinator Dua', role=Role.COORDINATOR, secret_hash='x' * 20)
    await store.put(second)
    return await set_disabled(store, coordinator.id, True, by=second.id)


async def test_only_a_coordinator_writes_and_a_trainee_never_joins_the_staff(user: User) -> None:
    secretariat = await bumidaya()
    store, staff = runtime.store, account('sekretariat')
    for by in (staff.id, account('instruktur').id, 'no-such-account'):
        with pytest.raises(DomainError) as refused:
            await update_secretariat(store, secretariat.id, secretariat.settings(), by=by)
        assert refused.value.key == 'secretariat_coordinators_only'
    with pytest.raises(DomainError) as refused:
        await add_staff(store, secretariat.id, account(KUE_TRAINEE[0]).id, by=account('koordinator').id)
    assert refused.value.key == 'secretariat_staff_role'
    assert await bumidaya() == secretariat
