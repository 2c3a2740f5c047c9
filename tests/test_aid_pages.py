"""Aid, outcomes, the audit trail and backups on the screens of the demo, as coordinator and trainee use them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from babel.dates import format_date
from nicegui.testing import User
from openpyxl import load_workbook
from pypdf import PdfReader

from models.account import Account
from models.aid import Confirmation, Handover
from models.audit import AuditEntry
from models.base import DomainError
from models.business import GroupSale, Sale
from models.certificate import Certificate
from models.participant import Participant
from models.programme import ProgrammeKind, Zone
from store import Store
from store.accounts import end_all_sessions, find_account, set_disabled
from store.aid import cancel_handover, hand_over, handovers_of
from store.outcomes import programme_outcomes
from ui import backup_service as backups
from ui.documents.outcomes import collect_aid_rows
from ui.format import date_text, format_rupiah, number, short_date
from ui.runtime import runtime

from .conftest import COORDINATOR, SENSITIVE_CATEGORIES, demo_programme, flat, log_in, only, open_as, pdf_text

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock
WAIT = 50  # tries 0.1 s apart: a busy 2-core machine may take a while to save and rebuild a page


def person(store: Store, name: str) -> Participant:
    return next(p for p in store.all(Participant) if p.name == name)


def secrets(store: Store) -> list[str]:
    people = store.all(Participant)
    return (
        [p.nik for p in people if p.nik]
        + [p.case_notes for p in people if p.case_notes]
        + [p.former_country for p in people if p.former_country]
    )


async def test_handover_confirmed_on_her_phone_shows_on_the_coordinators_list_and_receipt(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    kue, yuyun = demo_programme(store, ProgrammeKind.KUE), person(store, 'Yuyun Yuningsih')
    await user.open(f'/programmes/{kue.id}/aid')
    await user.should_see('Paket peralatan usaha kue', retries=WAIT)
    await user.should_see('Sudah diserahkan: 6 dari 15 paket', retries=WAIT)
    user.find(marker='hand-over-bantuan-paket-kue').click()
    await user.should_see('Serahkan: Paket peralatan usaha kue', retries=WAIT)
    only(user, 'recipients').value = [yuyun.id]
    user.find(marker='save-handover').click()
    await user.should_see('1 serah terima tercatat.', retries=WAIT)
    [handover] = [h for h in handovers_of(store, kue.id) if h.participant_id == yuyun.id]
    assert not handover.confirmed and handover.unit_value == 750_000

    assert await log_in(user, '081200000007', '123456') == 303  # Yuyun, on her phone
    await user.open('/')
    await user.should_see('1 bantuan menunggu konfirmasi Anda', retries=WAIT)
    user.find(marker='open-my-aid').click()
    await user.should_see('Bantuan saya', retries=WAIT)
    user.find(marker=f'confirm-{handover.id}').click()
    await user.should_see('Terima kasih, penerimaan sudah dicatat.', retries=WAIT)
    await user.should_see(marker=f'received-{handover.id}', retries=WAIT)
    confirmed = store.get(Handover, handover.id)
    assert confirmed is not None and confirmed.confirmation == Confirmation.PHONE

    await open_as(user, COORDINATOR, f'/programmes/{kue.id}/aid')
    await user.should_see('Diterima (dikonfirmasi di HP) · Yuyun Yuningsih', retries=WAIT)
    await user.should_see('Sudah diserahkan: 7 dari 15 paket', retries=WAIT)
    response = await user.http_client.get(f'/export/aid-receipt/{handover.id}.pdf')
    assert response.status_code == 200 and response.headers['content-type'] == 'application/pdf'
    text = flat(pdf_text(response.content))
    for expected in (
        'TANDA TERIMA BANTUAN', 'DINAS SOSIAL PROVINSI BANTEN', 'Yuyun Yuningsih', 'Waliwis',
        'Paket peralatan usaha kue', '1 paket', 'Rp 750.000', 'Yang menyerahkan', 'Yang menerima',
        'dikonfirmasi oleh Yuyun Yuningsih melalui aplikasi Berdaya',
        # handed over for the agency by the programme's responsible official, whoever records it
        'Kepala Bidang Rehabilitasi Sosial', 'Drs. H. Ahmad Fauzi, M.Si.', 'NIP. 196908121994031005',
    ):  # fmt: skip
        assert expected in text, expected
    assert not any(secret in text for secret in secrets(store))


async def test_handing_over_and_confirming_are_refused_once_logged_out(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    kue, yuyun = demo_programme(store, ProgrammeKind.KUE), person(store, 'Yuyun Yuningsih')
    await user.open(f'/programmes/{kue.id}/aid')
    user.find(marker='hand-over-bantuan-paket-kue').click()
    await user.should_see('Serahkan: Paket peralatan usaha kue', retries=WAIT)
    only(user, 'recipients').value = [yuyun.id]
    coordinator = find_account(store, COORDINATOR[0])
    assert coordinator is not None
    await end_all_sessions(store, coordinator.id)  # as if she logged out in another tab
    user.find(marker='save-handover').click()
    await user.should_see('Anda tidak berhak melakukan ini', retries=WAIT)
    assert [h for h in handovers_of(store, kue.id) if h.participant_id == yuyun.id] == []

    await log_in(user, '081200000001', '123456')  # Siti: her kit waits for her tick
    [waiting] = [h for h in handovers_of(store, kue.id) if h.participant_id == person(store, 'Siti Nurhayati').id]
    await user.open('/aid')
    siti = find_account(store, '081200000001')
    assert siti is not None
    await end_all_sessions(store, siti.id)
    user.find(marker=f'confirm-{waiting.id}').click()
    await user.should_see('Anda tidak berhak melakukan ini', retries=WAIT)
    assert not store.get(Handover, waiting.id).confirmed  # type: ignore[union-attr]


async def test_coordinator_records_a_paper_signature_and_the_receipt_says_so(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    kue, siti = demo_programme(store, ProgrammeKind.KUE), person(store, 'Siti Nurhayati')
    [waiting] = [h for h in handovers_of(store, kue.id) if h.participant_id == siti.id]
    await user.open(f'/programmes/{kue.id}/aid')
    await user.should_see(marker=f'paper-{waiting.id}', retries=WAIT)
    user.find(marker=f'paper-{waiting.id}').click()
    await user.should_see('Tanda tangan di tanda terima kertas', retries=WAIT)
    user.find(marker='save-paper').click()
    await user.should_see('Diterima (tanda tangan kertas) · Siti Nurhayati', retries=WAIT)
    text = flat(pdf_text((await user.http_client.get(f'/export/aid-receipt/{waiting.id}.pdf')).content))
    assert 'Tanda tangan Siti Nurhayati pada tanda terima kertas dicatat' in text


async def test_the_kwt_tractor_receipt_names_the_group_and_who_signed(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    [tractor] = handovers_of(store, demo_programme(store, ProgrammeKind.KWT).id)
    text = flat(pdf_text((await user.http_client.get(f'/export/aid-receipt/{tractor.id}.pdf')).content))
    assert 'KWT Melati Purna, diwakili oleh Carini (Ketua KWT Melati Purna)' in text
    assert 'Rp 18.500.000' in text and 'Traktor tangan' in text


async def test_a_trainee_downloads_her_own_receipt_but_no_one_elses(user: User) -> None:
    await log_in(user, '081200000002', '123456')  # Euis: her kit was handed over and confirmed
    store = await runtime.ready()
    kue = demo_programme(store, ProgrammeKind.KUE)
    mine = next(h for h in handovers_of(store, kue.id) if h.participant_id == person(store, 'Euis Rohaeti').id)
    other = next(h for h in handovers_of(store, kue.id) if h.participant_id == person(store, 'Siti Nurhayati').id)
    assert (await user.http_client.get(f'/export/aid-receipt/{mine.id}.pdf')).status_code == 200
    assert (await user.http_client.get(f'/export/aid-receipt/{other.id}.pdf')).status_code == 403
    assert (await user.http_client.get('/export/aid-receipt/unknown.pdf')).status_code == 403


async def test_outcomes_page_shows_the_figures_and_the_months_after_training(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    kwt = demo_programme(store, ProgrammeKind.KWT)
    await user.open(f'/programmes/{kwt.id}')
    user.find(marker='open-outcomes').click()
    await user.should_see(marker='figure-aid', retries=WAIT)
    assert only(user, 'value-aid').text == 'Rp\u00a018.500.000'
    issued = [c for c in store.all(Certificate) if c.programme_id == kwt.id]  # the demo issued the earned ones
    assert len(issued) == 5 and only(user, 'value-certificates').text == f'5 / {len(kwt.participant_ids)}'
    await user.should_see(marker='attendance-chart', retries=WAIT)
    await user.should_see(marker='months-chart', retries=WAIT)
    rows = only(user, 'months-table').rows
    assert rows and all(row['group_revenue'].startswith('Rp\u00a0') for row in rows)
    kue = demo_programme(store, ProgrammeKind.KUE)
    await user.open(f'/programmes/{kue.id}/outcomes')
    await user.should_see('Belum ada bulan setelah pelatihan.', retries=WAIT)
    assert only(user, 'value-aid').text == 'Rp\u00a04.500.000'


@pytest.mark.parametrize('kind', [ProgrammeKind.KUE, ProgrammeKind.KWT])
async def test_outcomes_xlsx_has_no_buyer_names_and_no_sensitive_fields(user: User, kind: ProgrammeKind) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    chosen = demo_programme(store, kind)
    response = await user.http_client.get(f'/export/outcomes/{chosen.id}.xlsx')
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    text = ' '.join(
        str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c is not None
    )
    buyers = {s.buyer for s in store.all(GroupSale) if s.buyer} | {s.buyer for s in store.all(Sale) if s.buyer}
    assert kind != ProgrammeKind.KWT or 'Pengepul Haji Dasuki' in buyers
    for secret in [*buyers, *secrets(store), *SENSITIVE_CATEGORIES]:
        assert secret not in text, secret
    assert chosen.name in text


@pytest.mark.parametrize('kind', [ProgrammeKind.KUE, ProgrammeKind.KWT])
async def test_outcomes_report_pdf_has_the_figures_and_no_buyer_names_or_sensitive_fields(
    user: User, kind: ProgrammeKind
) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    chosen = demo_programme(store, kind)
    response = await user.http_client.get(f'/export/outcomes/{chosen.id}.pdf')
    assert response.status_code == 200 and response.headers['content-type'] == 'application/pdf'
    assert 'laporan-hasil-' in response.headers['content-disposition']
    text = flat(pdf_text(response.content))
    figures = programme_outcomes(store, chosen, dt.datetime.now(chosen.zone.tz).date())
    assert 'LAPORAN HASIL PROGRAM' in text and chosen.name in text
    assert f'Tingkat kehadiran {number(figures.attendance.rate)}%' in text
    assert flat(f'Bantuan diserahkan {format_rupiah(figures.aid.handed_value)}') in text  # Rp's no-break space
    assert all(row.recipient in text for row in collect_aid_rows(store, chosen)[1])
    if kind == ProgrammeKind.KWT:
        named = [format_date(month.first_day, format='MMM y', locale='id_ID') for month in figures.months]
        assert named and all(name in text for name in named)  # "Sep 2026", not "2026-09"
        assert not any(month.month in text for month in figures.months)
        assert 'Kepala Bidang Penempatan dan Perluasan Kesempatan Kerja,' in text and 'Ir. Suharto Wibowo, M.M.' in text
    else:
        assert 'Belum ada bulan setelah pelatihan.' in text
    buyers = {s.buyer for s in store.all(GroupSale) if s.buyer} | {s.buyer for s in store.all(Sale) if s.buyer}
    for secret in [*buyers, *secrets(store), *SENSITIVE_CATEGORIES]:
        assert secret not in text, secret


A4, LANDSCAPE = (595, 842), (842, 595)  # points


@pytest.mark.parametrize('kind', [ProgrammeKind.KUE, ProgrammeKind.KWT])
async def test_outcomes_report_is_a4_with_its_wide_tables_landscape_and_no_figure_wrapped(
    user: User, kind: ProgrammeKind
) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    chosen = demo_programme(store, kind)

    response = await user.http_client.get(f'/export/outcomes/{chosen.id}.pdf')

    pages = PdfReader(io.BytesIO(response.content)).pages
    sizes = [(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in pages]
    texts = [page.extract_text() for page in pages]
    assert sizes[0] == A4 and 'Kehadiran per hari' in texts[0]  # the summary and the days, upright
    assert all(size in (A4, LANDSCAPE) for size in sizes)
    wide = [
        size for size, text in zip(sizes, texts, strict=True) if 'Nomor tanda terima' in text or 'Median laba' in text
    ]
    assert wide and all(size == LANDSCAPE for size in wide)  # the months' and the handovers' pages
    figures = programme_outcomes(store, chosen, dt.datetime.now(chosen.zone.tz).date())
    _, aid_rows = collect_aid_rows(store, chosen)
    whole = [row.number for row in aid_rows] + [format_rupiah(row.value) for row in aid_rows]
    whole += [short_date(row.handed_on) for row in aid_rows]
    whole += [date_text(day.date) for day in figures.attendance.days]
    whole += [format_rupiah(value) for m in figures.months for value in (m.revenue, m.profit, m.group_revenue)]
    shown: list[str] = []  # every piece of text as drawn: a cell's line each, a wrapped cell in two
    for page in pages:
        page.extract_text(visitor_text=lambda text, *_: shown.append(flat(text)))
    for figure in map(flat, whole):
        assert figure in shown, figure
    drawn = [piece for piece in shown if piece]
    days = drawn.index('Kehadiran per hari') + 1
    titles = drawn[days : drawn.index('1', days)]  # a title wraps between its words, never inside one
    assert ' '.join(titles) == 'Hari Tanggal Hadir Terlambat Izin Sakit Alpa Belum ditandai'
    assert aid_rows and (kind == ProgrammeKind.KUE or figures.months)


async def test_sensitive_view_and_account_change_from_the_screens_are_in_the_trail(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    me = find_account(store, COORDINATOR[0])
    assert me is not None
    target = person(store, 'Casmini')
    await user.open(f'/participants/{target.id}')
    await user.should_see('Casmini', retries=WAIT)
    await user.open('/accounts')
    user.find(marker='toggle-081200000012').click()
    await user.should_see(marker='status-disabled', retries=WAIT)

    trail = store.all(AuditEntry)
    assert any(e.action == 'participant.view_sensitive' and e.target == target.id and e.by == me.id for e in trail)
    disabled = next(e for e in trail if e.action == 'account.disable')
    assert disabled.by == me.id and disabled.after and disabled.after['disabled'] is True

    await user.open('/audit')
    await user.should_see('Data rahasia peserta dilihat · Casmini', retries=WAIT)
    await user.should_see('Akun dinonaktifkan · Casmini', retries=WAIT)
    only(user, 'filter-kind').value = 'account'
    await user.should_not_see('Data rahasia peserta dilihat · Casmini')
    await user.should_see('Akun dinonaktifkan · Casmini', retries=WAIT)


def comparable(tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The tables but the trail, which a restore keeps whole (tests/test_audit_trail.py): the backup's entries,
    those written after it, then the restore's own."""
    return {name: docs for name, docs in tables.items() if name != 'audit'}


async def _change_everything(store: Store) -> None:
    """Writes after the backup, which the restore must take back."""
    kue = demo_programme(store, ProgrammeKind.KUE)
    await store.put(Participant(name='Peserta Sesudah Cadangan', village='Kosambi'))
    account = find_account(store, '081200000003')
    assert account is not None
    await set_disabled(store, account.id, True, by='-')
    assert kue.id


async def test_restoring_the_daily_backup_from_the_screen_gives_back_the_store_it_was_taken_from(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    today = dt.datetime.now(Zone.WIB.tz).date()
    taken = await backups.daily_backup(store, store.folder, today)
    assert taken is not None and taken.name == today.isoformat()
    assert await backups.daily_backup(store, store.folder, today) is None  # once a day
    before, _ = await store.export_tables()
    await _change_everything(store)
    assert comparable((await store.export_tables())[0]) != comparable(before)

    await user.open('/backup')
    await user.should_see('Cadangan terakhir:', retries=WAIT)
    user.find(marker=f'restore-{taken.name}').click()
    await user.should_see('Pulihkan cadangan?', retries=WAIT)
    user.find(marker='confirm-restore').click()
    await user.should_see('Data sudah dipulihkan dari cadangan', retries=WAIT)

    restored = runtime.store
    assert restored is not store and store.closed and not restored.closed
    after, _ = await restored.export_tables()
    assert comparable(after) == comparable(before)
    assert [e.action for e in restored.all(AuditEntry) if e.action == 'backup.restore'] == ['backup.restore']
    assert set(before['audit']) < set(after['audit'])  # the trail lost nothing
    assert any(p.name.startswith('replaced-') for p in restored.folder.iterdir())  # the old data, moved aside


async def test_a_downloaded_backup_restores_to_the_store_it_was_taken_from(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    before, _ = await store.export_tables()
    response = await user.http_client.get('/export/backup.zip')
    assert response.status_code == 200 and response.headers['content-type'] == 'application/zip'
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert any(n.endswith('/snapshot.json') for n in names)
    assert any(e.action == 'backup.download' for e in store.all(AuditEntry))
    await _change_everything(store)
    me = find_account(store, COORDINATOR[0])
    assert me is not None

    restored = await backups.restore_zip(response.content, by=me.id, label='unduhan.zip')

    after, _ = await restored.export_tables()
    assert comparable(after) == comparable(before)
    assert restored.get(Account, me.id) is not None


async def test_a_damaged_backup_is_refused_and_the_store_stays_open_and_unchanged(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    before, _ = await store.export_tables()
    with pytest.raises(DomainError) as refused:
        await backups.restore_zip(b'not a zip at all', by='-', label='rusak.zip')
    assert refused.value.key == 'backup_bad_zip'
    assert runtime.store is store and not store.closed
    assert (await store.export_tables())[0] == before


async def test_daily_backups_keep_the_last_seven(user: User) -> None:
    store = await runtime.ready()
    first = dt.date(2026, 1, 1)
    for n in range(9):
        await backups.daily_backup(store, store.folder, first + dt.timedelta(days=n))
    kept = [b.name for b in backups.list_backups(store.folder)]
    assert kept == [(first + dt.timedelta(days=n)).isoformat() for n in range(8, 1, -1)]
    assert not [p for p in backups.folder_of(store.folder).iterdir() if p.name.startswith('.')]


async def test_a_cancelled_handover_keeps_its_receipt_stamped_batal_with_the_reason(user: User) -> None:
    store = await runtime.ready()
    kue, yuyun = demo_programme(store, ProgrammeKind.KUE), person(store, 'Yuyun Yuningsih')
    coordinator = find_account(store, COORDINATOR[0])
    assert coordinator is not None
    handed = hand_over(store, 'bantuan-paket-kue', recipients=[yuyun.id], handed_on=kue.start, by=coordinator.id)
    [made] = await handed
    await cancel_handover(store, made.id, by=coordinator.id, reason='Tercatat untuk orang yang salah')

    await log_in(user, *COORDINATOR)
    response = await user.http_client.get(f'/export/aid-receipt/{made.id}.pdf')
    assert response.status_code == 200  # was 404: the paper trail of a cancelled handover stays
    text = pdf_text(response.content)
    assert 'BATAL' in text and 'Penyerahan ini dibatalkan: Tercatat untuk orang yang salah' in text
    assert 'Yuyun Yuningsih' in text
