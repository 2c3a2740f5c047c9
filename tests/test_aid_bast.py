"""The berita acara serah terima (BAST) of aid handed to a group (issue 16): the demo's tillage machine handed by
the programme's responsible official to the KWT's chair, on one A4 page, its value in figures and in words, a
meterai box at her signature; a cancelled one says BATAL and why; a trainee's kit has a receipt, not a BAST."""

from __future__ import annotations

import io

import pytest
from babel.dates import format_date
from nicegui.testing import User
from pypdf import PdfReader

from models.aid import AidItem, Handover, Recipient
from models.base import DomainError
from models.money import terbilang
from models.participant import Group, Participant
from models.programme import ProgrammeKind
from store import Store
from store.accounts import find_account
from store.aid import cancel_handover, hand_over, save_item
from store.participants import save_group, set_group_members
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, KWT_TRAINEE, demo_programme, flat, log_in, only, open_as, pdf_text

pytestmark = pytest.mark.demo
WAIT = 50  # tries 0.1 s apart


def tractor(store: Store) -> Handover:
    """The demo's one handover to a group: the KWT's tillage machine, its receipt signed by the chair."""
    return next(h for h in store.all(Handover) if h.item_id == 'bantuan-traktor')


def kwt_group(store: Store) -> Group:
    return next(g for g in store.all(Group) if g.name == 'KWT Melati Purna')


async def bast_text(user: User, handover_id: str) -> tuple[str, int]:
    """The BAST as the coordinator downloads it: its text in one line, and its number of pages."""
    response = await user.http_client.get(f'/export/bast/{handover_id}.pdf')
    assert response.status_code == 200 and response.headers['content-type'] == 'application/pdf'
    assert 'attachment; filename="bast-' in response.headers['content-disposition']
    return flat(pdf_text(response.content)), len(PdfReader(io.BytesIO(response.content)).pages)


async def test_the_tillage_machine_has_a_bast_between_the_official_and_the_kwt_chair_on_one_page(user: User) -> None:
    store = await runtime.ready()
    kwt, handover = demo_programme(store, ProgrammeKind.KWT), tractor(store)
    await log_in(user, *COORDINATOR)

    text, pages = await bast_text(user, handover.id)

    assert pages == 1
    assert 'DINAS TENAGA KERJA DAN TRANSMIGRASI KABUPATEN LAMPUNG SELATAN' in text  # the agency's letterhead
    assert 'BERITA ACARA SERAH TERIMA BARANG' in text
    assert 'Nomor: 001/BAST/DISNAKERTRANS-LS/' in text and f'/{handover.handed_on.year}' in text
    day = handover.handed_on
    weekday, month = format_date(day, 'EEEE', locale='id_ID'), format_date(day, 'MMMM', locale='id_ID')
    assert (
        f'Pada hari ini, {weekday} tanggal {terbilang(day.day)} bulan {month} tahun {terbilang(day.year)} '
        f'({day.day}-{day.month}-{day.year}), bertempat di Desa Bumidaya'
    ) in text
    official = kwt.responsible
    assert official.name in text and official.nip in text and official.title in text  # PIHAK PERTAMA
    assert 'selanjutnya disebut PIHAK PERTAMA' in text and 'selanjutnya disebut PIHAK KEDUA' in text
    assert 'Nama : Carini' in text and 'Jabatan : Ketua KWT Melati Purna' in text  # PIHAK KEDUA: the chair
    assert 'Desa Bumidaya, Kec. Palas, Kabupaten Lampung Selatan' in text
    assert 'Traktor tangan (hand tractor)' in text and 'Traktor roda dua 8,5 PK' in text
    assert '18.500.000' in text and 'Rp 18.500.000' in text
    assert 'terbilang: delapan belas juta lima ratus ribu rupiah' in text
    assert 'dibuat rangkap dua' in text
    assert 'Meterai 10.000' in text and 'Yang Menerima' in text and 'Yang Menyerahkan' in text
    assert kwt.committee.name in text and 'Saksi' in text  # the committee chair witnesses
    assert 'Mengetahui' not in text  # written above a superior's name only: PIHAK PERTAMA is the highest here
    for person in store.all(Participant):  # nothing coordinator-only leaves on the paper
        assert not person.nik or person.nik not in text


async def test_a_cancelled_group_handover_keeps_its_bast_stamped_batal_with_the_reason(user: User) -> None:
    store = await runtime.ready()
    kwt, group, first = demo_programme(store, ProgrammeKind.KWT), kwt_group(store), tractor(store)
    coordinator = find_account(store, COORDINATOR[0])
    assert coordinator is not None
    pump = AidItem(
        programme_id=kwt.id, name='Pompa air', recipient=Recipient.GROUP, quantity=1, unit='unit',
        unit_value=3_250_000, description='Pompa air 3 inci bensin',
    )  # fmt: skip
    await save_item(store, pump, by=coordinator.id)
    [made] = await hand_over(store, pump.id, recipients=[group.id], handed_on=first.handed_on, by=coordinator.id)
    await cancel_handover(store, made.id, by=coordinator.id, reason='Dicatat dua kali')
    await log_in(user, *COORDINATOR)

    text, pages = await bast_text(user, made.id)

    assert pages == 1
    assert 'BATAL' in text and 'Penyerahan ini dibatalkan: Dicatat dua kali' in text
    assert 'Pompa air' in text and 'Rp 3.250.000' in text and 'tiga juta dua ratus lima puluh ribu rupiah' in text
    assert 'dalam keadaan baik dan lengkap' not in text  # nothing was received: the stamp stands in its place
    assert 'Nomor: 002/BAST/DISNAKERTRANS-LS/' in text  # the agency's second that year, after the machine
    again, _ = await bast_text(user, first.id)
    assert 'Nomor: 001/BAST/DISNAKERTRANS-LS/' in again  # a number once printed stays


async def test_a_trainees_handover_has_no_bast_and_only_the_coordinator_gets_one(user: User) -> None:
    store = await runtime.ready()
    kit = next(h for h in store.all(Handover) if h.participant_id is not None)
    await log_in(user, *COORDINATOR)
    refused = await user.http_client.get(f'/export/bast/{kit.id}.pdf')
    assert refused.status_code == 409 and 'bantuan kepada kelompok' in refused.text and 'tanda terima' in refused.text
    assert (await user.http_client.get('/export/bast/no-such-handover.pdf')).status_code == 404
    assert (await user.http_client.get(f'/export/bast/{"x" * 300}.pdf')).status_code == 404

    for who in (INSTRUCTOR, KWT_TRAINEE):  # the KWT's chair herself too: the paper is the agency's
        await log_in(user, *who)
        assert (await user.http_client.get(f'/export/bast/{tractor(store).id}.pdf')).status_code == 403


async def test_without_a_chair_recorded_the_bast_names_who_signed_for_the_group(user: User) -> None:
    store = await runtime.ready()
    group = kwt_group(store)
    await set_group_members(store, group.id, group.member_ids, None)
    await log_in(user, *COORDINATOR)

    text, pages = await bast_text(user, tractor(store).id)

    assert pages == 1
    assert 'Nama : Carini (Ketua KWT Melati Purna)' in text  # the name on the signed receipt
    assert 'Alamat : Desa Bumidaya' in text and 'Kec. Palas' not in text


async def test_the_coordinator_sets_the_groups_chair_among_its_members(user: User) -> None:
    store = await runtime.ready()
    group = kwt_group(store)
    carini, warsih = (next(p for p in store.all(Participant) if p.name == name) for name in ('Carini', 'Warsih'))
    assert group.chair_id == carini.id  # the demo's chair
    await open_as(user, COORDINATOR, f'/groups/{group.id}')
    await user.should_see('Ketua kelompok', retries=WAIT)
    assert only(user, 'chair').value == carini.id

    only(user, 'chair').value = warsih.id
    user.find(marker='save-members').click()
    await user.should_see('Tersimpan', retries=WAIT)

    saved = store.get(Group, group.id)
    assert saved is not None and saved.chair_id == warsih.id
    renamed = await save_group(store, saved.model_copy(update={'chair_id': None, 'name': 'KWT Melati Purna Jaya'}))
    assert renamed.chair_id == warsih.id  # renaming keeps the chair: she changes with the members only
    outsider = next(p for p in store.all(Participant) if p.id not in group.member_ids)
    with pytest.raises(DomainError, match='group_chair_not_member'):
        await set_group_members(store, group.id, group.member_ids, outsider.id)
    await set_group_members(store, group.id, [m for m in group.member_ids if m != warsih.id], None)
    assert store.get(Participant, warsih.id).group_id is None  # type: ignore[union-attr]


async def test_the_aid_page_offers_a_bast_beside_a_group_handover_only(user: User) -> None:
    store = await runtime.ready()
    kwt, kue = demo_programme(store, ProgrammeKind.KWT), demo_programme(store, ProgrammeKind.KUE)
    await open_as(user, COORDINATOR, f'/programmes/{kwt.id}/aid')
    await user.should_see(marker=f'bast-{tractor(store).id}', retries=WAIT)
    await user.should_see('Berita acara (BAST)')

    await user.open(f'/programmes/{kue.id}/aid')
    await user.should_see('Paket peralatan usaha kue', retries=WAIT)
    await user.should_not_see('Berita acara (BAST)')  # each kit went to one trainee: hers is the receipt
