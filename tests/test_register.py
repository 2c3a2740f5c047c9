"""The secretariat's register of villagers abroad and returned, its family-contact and case logs, as its staff use
them: nothing saved without a consent, contracts ending soon listed first, contacts and cases moved on, every view
in the trail without a word of its content, and a coordinator's erasure that leaves no byte behind in the data
folder. Nobody else gets in: instructors, trainees, the public, the staff of another secretariat."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from nicegui.testing import User
from pydantic import ValidationError

from models.account import Account, AccountForm, Role
from models.audit import AuditEntry
from models.base import DomainError
from models.departure import Checklist, ChecklistForm
from models.register import (
    AbroadForm,
    Case,
    CaseForm,
    CaseStatus,
    ConsentGiver,
    ContactDirection,
    ContactForm,
    ContactOutcome,
    FamilyContact,
    Problem,
    ReferredTo,
    RegisterConsent,
    RegisterEntry,
)
from models.secretariat import Secretariat, SecretariatSettings
from store.departure import add_checklist, erase_checklist
from store.register import add_entry, erase_entry, open_entry, open_register
from store.secretariat_logs import add_case, add_contact, erase_log_record
from store.secretariats import add_staff, create_secretariat, create_staff_account
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    SECRETARIAT,
    account,
    bumidaya,
    log_in,
    only,
    open_as,
)

pytestmark = pytest.mark.demo

TODAY = dt.date(2026, 12, 7)  # the suite's clock, in WIB
PAGES = ('daftar', 'daftar/baru', 'kontak', 'kasus', 'persiapan', 'ringkasan')
# made up for these tests, found nowhere else in the demo
SUTIRAH = AbroadForm(
    name='Sutirah Wijayakusuma', family_name='Paiman Prawiro', family_relation='ayah', family_phone='081399887766',
    country='Jepang', employer='Keluarga Nakamura, Osaka', contract_end=TODAY + dt.timedelta(days=89),
)  # fmt: skip
CONSENT = RegisterConsent(purpose='Pendataan warga di luar negeri', given_on=TODAY, giver=ConsentGiver.FAMILY,
                          giver_name='Paiman Prawiro')  # fmt: skip


async def fill(user: User, **values: str) -> None:
    for marker, value in values.items():
        user.find(marker=marker).clear().type(value)


async def sutirah(**changes: object) -> RegisterEntry:
    """Sutirah, in Bumidaya's register by its staff, under her father's consent."""
    secretariat = await bumidaya()
    form = SUTIRAH.model_copy(update=changes)
    entry_id = 'e-' + form.name.lower().replace(' ', '-')
    saved = await add_entry(
        runtime.store, secretariat.id, form, CONSENT, entry_id=entry_id, by=account('sekretariat').id
    )
    return saved.record


def trail(target: str) -> list[AuditEntry]:
    return sorted((e for e in runtime.store.all(AuditEntry) if e.target == target), key=lambda e: e.at)


# ---- consent --------------------------------------------------------------------------------------------------


def test_an_entry_without_a_consent_does_not_validate() -> None:
    with pytest.raises(ValidationError):
        RegisterEntry.model_validate(
            SUTIRAH.model_dump() | {'secretariat_id': 's', 'created_at': dt.datetime.now(dt.UTC), 'created_by': 'a'}
        )


async def test_nothing_is_saved_until_the_consent_is_recorded(user: User) -> None:
    secretariat = await bumidaya()
    before = runtime.store.count(RegisterEntry)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/daftar/baru')
    await fill(user, **{'entry-name': 'Sutirah Wijayakusuma', 'entry-country': 'Jepang',
                        'entry-family-name': 'Paiman Prawiro', 'entry-family-phone': '0813-9988-7766',
                        'entry-contract-end': '2027-03-01'})  # fmt: skip
    user.find(marker='save-entry').click()
    await user.should_see('Wajib diisi')  # who gave it: no name, no consent
    await fill(user, **{'consent-giver-name': 'Paiman Prawiro'})
    user.find(marker='save-entry').click()
    await user.should_see('Tanpa persetujuan data tidak disimpan')  # the box not ticked
    assert runtime.store.count(RegisterEntry) == before
    only(user, 'consent-giver').set_value('keluarga')
    user.find(marker='consent-agreed').click()
    user.find(marker='save-entry').click()
    await user.should_see(marker='entry-title')
    saved = next(e for e in runtime.store.all(RegisterEntry) if e.name == 'Sutirah Wijayakusuma')
    assert (saved.family_phone, saved.contract_end, saved.returned) == ('081399887766', dt.date(2027, 3, 1), False)
    assert saved.consent.giver == ConsentGiver.FAMILY and saved.consent.giver_name == 'Paiman Prawiro'
    assert saved.consent.given_on == TODAY and saved.consent.recorded_by == account('sekretariat').id
    assert [e.action for e in trail(saved.id)] == ['register.entry_create', 'register.entry_view']


async def test_a_returnee_is_linked_to_her_participant_record(user: User) -> None:
    entry = await sutirah()
    secretariat = await bumidaya()
    kwt_member = account(KWT_TRAINEE[0]).participant_id
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/daftar/{entry.id}')
    user.find(marker='edit-entry').click()
    await user.should_see(marker='entry-returned')
    user.find(marker='entry-returned').click()
    only(user, 'entry-participant').set_value(kwt_member)
    await fill(user, **{'entry-returned-on': '2026-12-01'})
    user.find(marker='save-entry').click()
    await user.should_see(marker='entry-title')
    saved = runtime.store.get(RegisterEntry, entry.id)
    assert saved is not None and (saved.returned, saved.returned_on, saved.participant_id) == (
        True, dt.date(2026, 12, 1), kwt_member,
    )  # fmt: skip
    await user.should_see('Pulang 1 Des 2026')


async def test_a_participant_the_secretariat_does_not_reach_cannot_be_linked_by_its_staff(user: User) -> None:
    await runtime.ready()
    kue_trainee = account(KUE_TRAINEE[0]).participant_id
    with pytest.raises(DomainError) as refused:
        await sutirah(returned=True, returned_on=TODAY, participant_id=kue_trainee)
    assert refused.value.key == 'register_participant_unknown'


# ---- contracts ending soon ----------------------------------------------------------------------------------


async def test_contracts_ending_within_90_days_are_listed_soonest_first(user: User) -> None:
    within = await sutirah()  # 89 days
    beyond = await sutirah(name='Sutirah Kedua', contract_end=TODAY + dt.timedelta(days=91))
    secretariat = await bumidaya()
    staff = account('sekretariat').id
    view = await open_register(runtime.store, secretariat.id, by=staff, today=TODAY)
    assert [e.name for e in view.soon] == [
        'Ngatini', 'Sulastri', 'Sumarni', 'Nur Aini', 'Budi Santoso', 'Sri Rahayu', 'Sutirah Wijayakusuma',
    ]  # fmt: skip
    assert [e.contract_end for e in view.soon] == sorted(e.contract_end for e in view.soon)
    assert [e.name for e in view.overdue] == ['Rohimah']  # ended 20 days ago, not written down as back
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/daftar')
    await user.should_see('Kontrak berakhir dalam 90 hari (7)')
    assert len(user.find(marker=f'entry-{within.id}').elements) == 2  # under "ending soon", and among everyone
    assert len(user.find(marker=f'entry-{beyond.id}').elements) == 1
    await user.should_see('Kontrak sampai 6 Mar 2027 (89 hari lagi)')


async def test_a_month_later_the_list_has_moved_on(user: User, clock: Callable[[dt.datetime], None]) -> None:
    secretariat = await bumidaya()
    clock(dt.datetime(2027, 1, 6, 2, 30, tzinfo=dt.UTC))  # 09.30 WIB, thirty days on
    view = await open_register(runtime.store, secretariat.id, by=account('sekretariat').id, today=dt.date(2027, 1, 6))
    assert [e.name for e in view.overdue] == ['Rohimah', 'Ngatini', 'Sulastri']
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/daftar')
    await user.should_see('Kontrak sudah berakhir, belum tercatat pulang (3)')
    await user.should_see(f'Kontrak berakhir dalam 90 hari ({len(view.soon)})')


async def test_the_list_filters_by_abroad_or_back_and_by_name(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/daftar')
    await user.should_see('16 di luar negeri · 4 sudah pulang')
    only(user, 'register-filter').set_value('returned')
    await user.should_see('Carini')
    await user.should_not_see('Wartinah')
    only(user, 'register-filter').set_value('all')
    await fill(user, **{'register-search': 'korea'})
    await user.should_see('Rahmat Hidayat')
    await user.should_not_see('Carini')


# ---- the trail -------------------------------------------------------------------------------------------------


async def test_every_view_is_in_the_trail_with_who_which_and_when_and_no_content(user: User) -> None:
    entry = await sutirah()
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/daftar')
    await user.open(f'/sekretariat/{secretariat.id}/daftar/{entry.id}')
    await user.should_see('Keluarga Nakamura, Osaka')
    staff = account('sekretariat').id
    listed = [e for e in runtime.store.all(AuditEntry) if e.action == 'register.entry_list' and e.by == staff]
    assert len(listed) == 1 and entry.id in listed[0].after['ids'] and listed[0].target == secretariat.id
    viewed = trail(entry.id)[-1]
    assert (viewed.action, viewed.by, viewed.before, viewed.after, viewed.note) == (
        'register.entry_view', staff, None, None, '',
    )  # fmt: skip
    assert viewed.at.date() == TODAY
    written = json.dumps([e.model_dump(mode='json') for e in runtime.store.all(AuditEntry)])
    for text in ('Sutirah', 'Paiman', '081399887766', 'Nakamura', 'Jepang'):
        assert text not in written


async def test_the_logs_lists_are_in_the_trail_by_ids(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/kontak')
    await user.open(f'/sekretariat/{secretariat.id}/kasus')
    await user.open(f'/sekretariat/{secretariat.id}/persiapan')
    shown = {e.action: e.after['ids'] for e in trail(secretariat.id) if e.action.startswith('register.')}
    assert len(shown['register.contact_list']) == 4 and len(shown['register.case_list']) == 5
    assert len(shown['register.checklist_list']) == 3


# ---- family contacts -------------------------------------------------------------------------------------------


async def test_a_family_asks_for_contact_and_staff_move_it_on_until_she_is_reached(user: User) -> None:
    entry = await sutirah()
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/kontak')
    await user.should_see('1 masih berjalan')
    user.find(marker='add-contact').click()
    await user.should_see(marker='save-contact')
    await fill(user, **{'contact-asked-by': 'Paiman Prawiro', 'contact-asked-by-relation': 'ayah',
                        'contact-done': 'Menghubungi agensi di Osaka'})  # fmt: skip
    user.find(marker='save-contact').click()
    await user.should_see('Pilih orangnya dari pendataan atau tulis namanya.')  # for whom?
    only(user, 'for-entry').set_value(entry.id)
    user.find(marker='save-contact').click()
    await user.should_see('2 masih berjalan')
    contact = next(c for c in runtime.store.all(FamilyContact) if c.entry_id == entry.id)
    assert (contact.direction, contact.asked_by, contact.asked_on, contact.outcome, contact.closed_on) == (
        ContactDirection.FAMILY, 'Paiman Prawiro', TODAY, ContactOutcome.OPEN, None,
    )  # fmt: skip
    user.find(marker=f'update-{contact.id}').click()
    await user.should_see(marker='contact-outcome')
    only(user, 'contact-outcome').set_value('terhubung')
    await fill(user, **{'contact-done': 'Agensi menyambungkan panggilan video', 'contact-closed-on': '2026-12-07'})
    user.find(marker='save-contact').click()
    await user.should_see('1 masih berjalan')
    moved = runtime.store.get(FamilyContact, contact.id)
    assert moved is not None and (moved.outcome, moved.closed_on, moved.done) == (
        ContactOutcome.REACHED, TODAY, 'Agensi menyambungkan panggilan video',
    )  # fmt: skip
    assert [e.action for e in trail(contact.id)] == ['register.contact_create', 'register.contact_edit']
    await user.should_see('Tersambung')


async def test_a_contact_about_another_secretariats_entry_is_refused(user: User) -> None:
    waliwis, _ = await another_secretariat()
    entry = await sutirah()
    form = ContactForm(direction=ContactDirection.WORKER, asked_by='Sutirah', asked_on=TODAY, entry_id=entry.id)
    with pytest.raises(DomainError) as refused:
        await add_contact(runtime.store, waliwis.id, form, record_id='c-1', by=account('koordinator').id)
    assert refused.value.key == 'not_found'


# ---- cases and referrals ---------------------------------------------------------------------------------------


async def test_a_case_is_referred_and_closed_when_resolved(user: User) -> None:
    entry = await sutirah()
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/kasus')
    user.find(marker='add-case').click()
    await user.should_see(marker='save-case')
    only(user, 'for-entry').set_value(entry.id)
    await fill(user, **{'case-what': 'Gaji tiga bulan ditahan majikan', 'case-reported-by': 'Paiman Prawiro'})
    only(user, 'case-status').set_value('dirujuk')
    user.find(marker='save-case').click()
    await user.should_see('Pilih lembaga tujuan rujukan untuk status ini.')
    assert not any(c.entry_id == entry.id for c in runtime.store.all(Case))
    only(user, 'case-referred-to').set_value('bp3mi')
    user.find(marker='save-case').click()
    await user.should_see('Dirujuk ke BP3MI / UPT P2MI 7 Des 2026')
    case = next(c for c in runtime.store.all(Case) if c.entry_id == entry.id)
    assert (case.problem, case.status, case.referred_to, case.referred_on, case.closed_on) == (
        Problem.UNPAID_WAGES, CaseStatus.REFERRED, ReferredTo.BP3MI, TODAY, None,
    )  # fmt: skip
    user.find(marker=f'update-{case.id}').click()
    await user.should_see(marker='case-outcome')
    only(user, 'case-status').set_value('selesai')
    await fill(user, **{'case-outcome': 'Gaji dibayar setelah mediasi BP3MI'})
    user.find(marker='save-case').click()
    await user.should_see('Selesai 7 Des 2026')
    closed = runtime.store.get(Case, case.id)
    assert closed is not None and (closed.status, closed.closed_on) == (CaseStatus.RESOLVED, TODAY)
    assert [e.action for e in trail(case.id)] == ['register.case_create', 'register.case_edit']


def test_a_case_referred_or_handled_must_say_where_to() -> None:
    base = {'problem': Problem.VIOLENCE, 'for_name': 'Rina', 'opened_on': TODAY}
    with pytest.raises(ValidationError):
        CaseForm.model_validate(base | {'status': CaseStatus.HANDLED})
    open_case = CaseForm.model_validate(base | {'status': CaseStatus.NEW, 'closed_on': TODAY})
    assert open_case.closed_on is None  # an open case has not closed


# ---- erasure ---------------------------------------------------------------------------------------------------


async def test_a_coordinator_erases_an_entry_for_good_and_no_byte_of_it_stays_in_the_data_folder(user: User) -> None:
    entry = await sutirah()
    secretariat = await bumidaya()
    by = account('sekretariat').id
    contact = await add_contact(runtime.store, secretariat.id, ContactForm(
        direction=ContactDirection.FAMILY, asked_by='Paiman Prawiro', asked_on=TODAY, entry_id=entry.id,
        done='Telepon ke agensi Osaka tersambung'), record_id='c-sutirah', by=by)  # fmt: skip
    case = await add_case(runtime.store, secretariat.id, CaseForm(
        problem=Problem.UNPAID_WAGES, entry_id=entry.id, opened_on=TODAY, what='Majikan Nakamura menahan gaji'),
        record_id='k-sutirah', by=by)  # fmt: skip
    await runtime.store.checkpoint()
    folder = runtime.store.folder
    secrets = ['Sutirah Wijayakusuma', 'Paiman Prawiro', '081399887766', 'Keluarga Nakamura', 'agensi Osaka',
               'Majikan Nakamura']  # fmt: skip
    assert all(_found_in(folder, text) for text in secrets)  # there before

    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/daftar/{entry.id}')
    user.find(marker='erase').click()
    await user.should_see('Hapus permanen?')
    user.find(marker='confirm-erase').click()
    await user.should_see('Data dihapus permanen, beserta 1 kontak keluarga dan 1 kasus.')

    for record in ((RegisterEntry, entry.id), (FamilyContact, contact.record.id), (Case, case.record.id)):
        assert runtime.store.get(*record) is None
    erased = trail(entry.id)[-1]
    assert (erased.action, erased.by, erased.before) == ('register.entry_erase', account('koordinator').id, None)
    assert sorted(erased.after['ids']) == sorted([contact.record.id, case.record.id])
    assert [text for text in secrets if _found_in(folder, text)] == []  # the erasure took a checkpoint itself
    await runtime.store.checkpoint()
    assert [text for text in secrets if _found_in(folder, text)] == []


async def test_one_family_contact_one_case_and_one_checklist_are_each_erased_for_good(user: User) -> None:
    secretariat = await bumidaya()
    staff, coordinator = account('sekretariat').id, account('koordinator').id
    contact = await add_contact(runtime.store, secretariat.id, ContactForm(
        direction=ContactDirection.WORKER, asked_by='Warsini Lestari', asked_on=TODAY, for_name='Ibu Darmi di Bumidaya',
        done='Kabar dititipkan ke Pak RT Sukamaju'), record_id='c-warsini', by=staff)  # fmt: skip
    case = await add_case(runtime.store, secretariat.id, CaseForm(
        problem=Problem.OUT_OF_CONTACT, for_name='Rukmini Hasanah', opened_on=TODAY,
        what='Tidak bisa dihubungi sejak Oktober di Johor'), record_id='k-rukmini', by=staff)  # fmt: skip
    checklist = await add_checklist(runtime.store, secretariat.id, ChecklistForm(
        name='Yuliana Pratiwi', phone='081377001122', country='Taiwan'), CONSENT, checklist_id='p-yuliana',
        by=staff)  # fmt: skip
    await runtime.store.checkpoint()
    folder = runtime.store.folder
    secrets = ['Warsini Lestari', 'Pak RT Sukamaju', 'Rukmini Hasanah', 'sejak Oktober di Johor', 'Yuliana Pratiwi',
               '081377001122']  # fmt: skip
    assert all(_found_in(folder, text) for text in secrets)  # there before
    with pytest.raises(DomainError):  # its staff may not erase
        await erase_log_record(runtime.store, FamilyContact, secretariat.id, contact.record.id, by=staff)

    await erase_log_record(runtime.store, FamilyContact, secretariat.id, contact.record.id, by=coordinator)
    await erase_log_record(runtime.store, Case, secretariat.id, case.record.id, by=coordinator)
    await erase_checklist(runtime.store, secretariat.id, checklist.record.id, by=coordinator)

    for record in ((FamilyContact, contact.record.id), (Case, case.record.id), (Checklist, checklist.record.id)):
        assert runtime.store.get(*record) is None
    assert [text for text in secrets if _found_in(folder, text)] == []  # each erasure took a checkpoint itself
    erased = [e for e in runtime.store.all(AuditEntry) if e.action.endswith('_erase')]
    assert {e.target for e in erased} >= {contact.record.id, case.record.id, checklist.record.id}
    assert not any(text in json.dumps(e.model_dump(mode='json')) for e in erased for text in secrets)


def _found_in(folder: Path, text: str) -> list[str]:
    """The files of the data folder (journal and snapshot among them) that hold `text`, as written or as JSON."""
    needles = {text.encode(), json.dumps(text).encode()[1:-1]}
    return [str(p) for p in folder.rglob('*') if p.is_file() and any(n in p.read_bytes() for n in needles)]


async def test_the_staff_may_not_erase(user: User) -> None:
    entry = await sutirah()
    secretariat = await bumidaya()
    with pytest.raises(DomainError) as refused:
        await erase_entry(runtime.store, secretariat.id, entry.id, by=account('sekretariat').id)
    assert refused.value.key == 'erase_coordinators_only'
    assert runtime.store.get(RegisterEntry, entry.id) is not None
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/daftar/{entry.id}')
    await user.should_see(marker='entry-title')
    await user.should_not_see(marker='erase')


# ---- nobody else -----------------------------------------------------------------------------------------------


async def another_secretariat() -> tuple[Secretariat, Account]:
    """Desa Waliwis's secretariat with its own staff account, `euis` / `rahasia-euis`."""
    await runtime.ready()
    coordinator = account('koordinator').id
    made = await create_secretariat(runtime.store, SecretariatSettings(
        name='Sekretariat PMI Purna Waliwis', slug='waliwis', village='Waliwis'), secretariat_id='sek-waliwis',
        by=coordinator)  # fmt: skip
    form = AccountForm(role=Role.SECRETARIAT, name='Euis', username='euis', secret='rahasia-euis')
    staff = await create_staff_account(runtime.store, made.record.id, form, account_id='acc-euis', by=coordinator)
    return made.record, staff.record


def _urls(secretariat_id: str, entry_id: str) -> list[str]:
    pages = [f'/sekretariat/{secretariat_id}/{page}' for page in (*PAGES, f'daftar/{entry_id}')]
    papers = [f'/export/secretariat/{secretariat_id}/{name}' for name in ('persiapan.pdf', 'summary.xlsx')]
    return pages + papers


@pytest.mark.parametrize(
    ('who', 'status'),
    [(None, 303), (INSTRUCTOR, 403), (KUE_TRAINEE, 403), (KWT_TRAINEE, 403), (('euis', 'rahasia-euis'), 403)],
    ids=['anonymous', 'instructor', 'kue-trainee', 'kwt-member', 'another-secretariats-staff'],
)
async def test_nobody_else_gets_into_the_register(user: User, who: tuple[str, str] | None, status: int) -> None:
    await another_secretariat()
    entry = await sutirah()
    secretariat = await bumidaya()
    if who is not None:
        assert await log_in(user, *who) == 303
    for url in _urls(secretariat.id, entry.id):
        answer = await user.http_client.get(url)
        assert answer.status_code == status, url
        assert 'Sutirah' not in answer.text and 'Nakamura' not in answer.text, url
    if who is not None:
        with pytest.raises(DomainError):
            await open_entry(runtime.store, secretariat.id, entry.id, by=account(who[0]).id)


async def test_an_instructor_added_to_its_staff_gets_in(user: User) -> None:
    secretariat = await bumidaya()
    await add_staff(runtime.store, secretariat.id, account('instruktur').id, by=account('koordinator').id)
    entry = await sutirah()
    assert await log_in(user, *INSTRUCTOR) == 303
    for url in _urls(secretariat.id, entry.id):
        assert (await user.http_client.get(url)).status_code == 200, url
