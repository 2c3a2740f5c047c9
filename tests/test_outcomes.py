"""Outcomes, aid and the audit trail in the store: figures from a small seeded programme equal the ones worked
out by hand, the outcomes workbook holds no buyer names or sensitive fields, aid is handed over once and
confirmed only by its recipient, and each kind of change leaves its audit entry."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from models.account import Account, AccountForm, Role
from models.aid import AidItem, Confirmation, Handover, Recipient
from models.attendance import Attendance, Status
from models.audit import AuditEntry
from models.base import DomainError
from models.business import Expense, ExpenseCategory, GroupSale, Sale
from models.participant import Category, Group, Participant
from models.programme import Day, Programme, Zone
from models.skills import Level, Mark, Placement, Skill, SkillKind, placement_id
from store import Store
from store.accounts import authenticate, create_account, reset_secret, set_disabled, unlock
from store.aid import (
    cancel_handover,
    confirm_received,
    delete_item,
    hand_over,
    her_handovers,
    record_paper_signature,
    save_item,
    still_to_hand,
)
from store.attendance import close_day, mark, reopen_day
from store.audit import AuditFilter, entries, log_event
from store.certificates import issue_certificates
from store.demo import seed_demo
from store.outcomes import median, months_after, percent, programme_outcomes
from store.skills import latest, record_mark
from ui.documents.outcomes import collect_aid_rows, outcomes_xlsx

from .workbooks import DATE, MONEY, assert_printable, header_row

WIB = Zone.WIB.tz
TODAY = dt.date(2025, 7, 10)
COORD = 'acct-coordinator'


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), WIB).astimezone(dt.UTC)


class Seeded:
    """Three trainees (Ani, Budi, Cici) on a 2-day course on 1–2 May 2025, a KWT group, two skills.

    Day 1: Ani Hadir, Budi Izin, Cici Alpa. Day 2: Ani Terlambat, Budi Hadir, Cici unmarked.
    Skills: Ani Bisa + Mahir; Budi Dicoba then Bisa, and Belum; Cici nothing.
    Aid: a kit of Rp 500.000 for each of the three; Ani and Budi have one, Ani confirmed.
    Sales after the training (ends 2 May): May, Ani 10 × Rp 5.000 (HPP Rp 2.000) and Rp 5.000 spent; Budi
    3 × Rp 10.000 on credit to Bu Rohmah. June, Ani 2 × Rp 5.000 (HPP Rp 2.000); Budi only spends Rp 8.000.
    Cici sold on 1 May, during the training: not counted. The group sold 100 kg at Rp 30.000 in June.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ani = Participant(id='ani', name='Ani Suryani', phone='081211110001', village='Waliwis',
                               category=Category.KTK, nik='3603015505900001', case_notes='Catatan rahasia Ani',
                               former_country='Hong Kong')  # fmt: skip
        self.budi = Participant(id='budi', name='Budi Rahayu', village='Kedaung', nik='3603016604910002')
        self.cici = Participant(id='cici', name='Cici Lestari', village='Kedaung', category=Category.KPO)
        self.group = Group(id='kwt', name='KWT Mawar', village='Kedaung', member_ids=['budi', 'cici'])
        self.programme = Programme(
            id='prog', name='Pelatihan Uji', agency='Dinas Sosial', place='Aula Desa', zone=Zone.WIB,
            start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 2), attendance_bar_percent=50,
            participant_ids=['ani', 'budi', 'cici'], group_ids=['kwt'],
        )  # fmt: skip
        self.days = [
            Day(id='d1', programme_id='prog', number=1, date=dt.date(2025, 5, 1), title='Satu'),
            Day(id='d2', programme_id='prog', number=2, date=dt.date(2025, 5, 2), title='Dua'),
        ]
        self.skills = [Skill(id=f's{i}', kind=SkillKind.FARMING, name=f'Langkah {i}') for i in (1, 2)]
        self.placements = [
            Placement(id=placement_id('prog', s.id), programme_id='prog', skill_id=s.id, day_id='d1', order=i)
            for i, s in enumerate(self.skills)
        ]
        self.kit = AidItem(id='kit', programme_id='prog', name='Paket alat', quantity=3, unit_value=500_000)
        self.ani_account = Account(id='acct-ani', username='081211110001', name='Ani Suryani', role=Role.TRAINEE,
                                   secret_hash='x' * 30, participant_id='ani')  # fmt: skip
        self.cici_account = Account(id='acct-cici', username='081211110003', name='Cici Lestari', role=Role.TRAINEE,
                                    secret_hash='x' * 30, participant_id='cici')  # fmt: skip

    async def seed(self) -> None:
        store = self.store
        await store.put(self.ani, self.budi, self.cici, self.group, self.programme, *self.days, *self.skills,
                        *self.placements, self.ani_account, self.cici_account)  # fmt: skip
        await mark(store, 'd1', 'ani', Status.HADIR, by=COORD, reason='manual', arrived=at(self.days[0].date, 7))
        await mark(store, 'd1', 'budi', Status.IZIN, by=COORD, reason='acara keluarga', arrived=at(self.days[0].date))
        await close_day(store, 'd1', by=COORD)  # Cici: Alpa
        await mark(store, 'd2', 'ani', Status.TERLAMBAT, by=COORD, reason='hujan', arrived=at(self.days[1].date))
        await mark(store, 'd2', 'budi', Status.HADIR, by=COORD, reason='manual', arrived=at(self.days[1].date, 7))
        for participant, skill, level in [
            ('ani', 's1', Level.BISA), ('ani', 's2', Level.MAHIR), ('budi', 's1', Level.DICOBA),
            ('budi', 's1', Level.BISA), ('budi', 's2', Level.BELUM),
        ]:  # fmt: skip
            await record_mark(store, 'prog', skill, participant, level=level, by=COORD)
        await issue_certificates(store, 'prog', ['ani'], COORD, issued_on=dt.date(2025, 5, 2))
        await save_item(store, self.kit, by=COORD)
        self.handovers = await hand_over(store, 'kit', recipients=['ani', 'budi'], handed_on=dt.date(2025, 5, 2),
                                         by=COORD)  # fmt: skip
        await confirm_received(store, self.handovers[0].id, self.ani_account)
        await store.put(
            sale('ani', dt.date(2025, 5, 10), 10, 5_000, 2_000),
            expense('ani', dt.date(2025, 5, 11), 5_000),
            sale('budi', dt.date(2025, 5, 20), 3, 10_000, 0, buyer='Bu Rohmah'),
            sale('cici', dt.date(2025, 5, 1), 4, 10_000, 0, buyer='Pak Darto'),
            sale('ani', dt.date(2025, 6, 3), 2, 5_000, 2_000),
            expense('budi', dt.date(2025, 6, 4), 8_000),
            GroupSale(group_id='kwt', date=dt.date(2025, 6, 5), kg=Decimal(100), price_per_kg=30_000,
                      buyer='Pengepul Haji Sanusi'),
        )  # fmt: skip


def sale(who: str, day: dt.date, quantity: int, price: int, hpp: int, buyer: str = '') -> Sale:
    return Sale(participant_id=who, product_id=f'prod-{who}', quantity=Decimal(quantity), unit_price=price,
                unit_hpp=hpp, paid=not buyer, buyer=buyer, at=at(day))  # fmt: skip


def expense(who: str, day: dt.date, amount: int) -> Expense:
    return Expense(participant_id=who, category=ExpenseCategory.INGREDIENTS, amount=amount, at=at(day))


@pytest.fixture
async def seeded(tmp_path: Path) -> AsyncIterator[Seeded]:
    store = await Store.open(tmp_path / 'store')
    data = Seeded(store)
    await data.seed()
    yield data
    await store.close()


def test_percent_and_median_round_half_up() -> None:
    assert percent(2, 3) == Decimal('66.7')
    assert percent(1, 8) == Decimal('12.5')
    assert percent(0, 0) is None
    assert median([]) == 0
    assert median([30, 10, 20]) == 20
    assert median([1, 2]) == 2  # 1.5 → 2, as a seller rounds
    assert median([-5, -2]) == -4  # half away from zero, as `rupiah` rounds
    assert months_after(dt.date(2025, 5, 31), dt.date(2025, 6, 1)) == [
        ('2025-06', dt.date(2025, 6, 1), dt.date(2025, 7, 1))
    ]
    assert months_after(dt.date(2025, 5, 2), dt.date(2025, 5, 2)) == []


async def test_outcome_figures_equal_the_hand_computed_ones(seeded: Seeded) -> None:
    outcomes = programme_outcomes(seeded.store, seeded.programme, TODAY)

    a = outcomes.attendance
    assert (a.days_held, a.possible, a.present, a.late, a.excused, a.sick, a.absent, a.unmarked) == (
        2, 6, 3, 1, 1, 0, 1, 1
    )  # fmt: skip
    assert a.rate == Decimal('50.0')  # Ani twice (once late), Budi once, of 3 trainees × 2 days
    assert [(d.number, d.present, d.unmarked) for d in a.days] == [(1, 1, 0), (2, 2, 1)]
    s = outcomes.skills
    assert (s.skills, s.cells, s.competent, s.fully_competent, s.rate) == (2, 6, 3, 1, Decimal('50.0'))
    assert outcomes.certificates == 1
    aid = outcomes.aid
    assert (aid.planned_value, aid.handed_value, aid.handovers, aid.confirmed, aid.pending) == (
        1_500_000, 1_000_000, 2, 1, 1
    )  # fmt: skip
    months = [(m.month, m.first_day, m.selling, m.revenue, m.profit, m.revenue_median, m.profit_median,
               m.group_kg, m.group_revenue) for m in outcomes.months]  # fmt: skip
    assert months == [
        # profit is money in minus money out (Ani's May: 50.000 − 5.000 spent); the HPP is not spent again
        ('2025-05', dt.date(2025, 5, 3), 2, 80_000, 75_000, 40_000, 37_500, Decimal(0), 0),
        ('2025-06', dt.date(2025, 6, 1), 1, 10_000, 10_000, 10_000, 10_000, Decimal(100), 3_000_000),
        ('2025-07', dt.date(2025, 7, 1), 0, 0, 0, 0, 0, Decimal(0), 0),
    ]


async def test_outcomes_workbook_has_the_figures_and_no_buyer_names_or_sensitive_fields(seeded: Seeded) -> None:
    outcomes = programme_outcomes(seeded.store, seeded.programme, TODAY)
    items, rows = collect_aid_rows(seeded.store, seeded.programme)

    book = load_workbook(io.BytesIO(outcomes_xlsx(outcomes, items, rows, 'id')))

    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    text = ' '.join(str(c) for c in cells)
    for secret in ('Bu Rohmah', 'Pak Darto', 'Pengepul Haji Sanusi', '3603015505900001', '3603016604910002',
                   'Catatan rahasia Ani', 'Hong Kong', 'KTK', 'KPO'):  # fmt: skip
        assert secret not in text
    months = book['Usaha per bulan']
    may_row = next(r for r in months.iter_rows() if isinstance(r[0].value, dt.datetime) and r[0].value.month == 5)
    assert may_row[0].number_format == 'mmm yyyy'  # a real date, shown as "May 2025"
    may = tuple(cell.value for cell in may_row)
    assert may[0].date() == dt.date(2025, 5, 3) and may[1:6] == (2, 80_000, 75_000, 40_000, 37_500)
    summary = {row[0]: row[1] for row in book['Ringkasan'].iter_rows(values_only=True) if row[0]}
    assert summary['Tingkat kehadiran'] == 0.5  # 50%, a real percentage
    assert summary['Sertifikat terbit'] == 1
    handovers = book['Serah terima bantuan']
    aid = [row for row in handovers.iter_rows(values_only=True) if row[0] and str(row[0]).startswith('TT-')]
    assert [(row[2], row[4], row[5], row[6], row[7], row[8]) for row in aid] == [
        ('Ani Suryani', 1, 'paket', 500_000, dt.datetime(2025, 5, 2), 'Diterima (dikonfirmasi di HP)'),
        ('Budi Rahayu', 1, 'paket', 500_000, dt.datetime(2025, 5, 2), 'Menunggu konfirmasi penerima'),
    ]  # quantities and dates are numbers and dates, not text


def sheet_rows(sheet: Worksheet) -> tuple[list[tuple[Cell, ...]], tuple[Cell, ...] | None]:
    """The table's data rows under the filtered header, and the total row under them (None without one)."""
    header = header_row(sheet)
    last = int(sheet.auto_filter.ref.split(':')[1].lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ'))
    rows = list(sheet.iter_rows(min_row=header + 1, max_row=last))
    total = next(sheet.iter_rows(min_row=last + 1, max_row=last + 1))
    return rows, total if total[0].value == 'Jumlah' else None


async def test_every_outcomes_sheet_has_its_title_real_figures_in_their_formats_totals_and_print_set_up(
    seeded: Seeded,
) -> None:
    outcomes = programme_outcomes(seeded.store, seeded.programme, TODAY)
    items, rows = collect_aid_rows(seeded.store, seeded.programme)

    book = load_workbook(io.BytesIO(outcomes_xlsx(outcomes, items, rows, 'id')))

    names = ['Ringkasan', 'Kehadiran per hari', 'Usaha per bulan', 'Bantuan', 'Serah terima bantuan']
    assert book.sheetnames == names
    for name, sheet in zip(names, book.worksheets, strict=True):
        title = [sheet.cell(row, 1).value for row in range(1, 5)]
        assert title == ['Pelatihan Uji', 'Dinas Sosial', name, '1–2 Mei 2025'], name
        assert_printable(sheet)
    summary, _ = sheet_rows(book['Ringkasan'])
    figures = {row[0].value: row[1] for row in summary}
    assert (figures['Tingkat kehadiran'].value, figures['Tingkat kehadiran'].number_format) == (0.5, '0.0%')
    assert (figures['Nilai bantuan direncanakan'].value, figures['Nilai bantuan direncanakan'].number_format) == (
        1_500_000, MONEY
    )  # fmt: skip
    assert isinstance(figures['Peserta'].value, int)

    days, total = sheet_rows(book['Kehadiran per hari'])
    assert [(d[0].value, d[1].value, d[1].number_format) for d in days] == [
        (1, dt.datetime(2025, 5, 1), DATE), (2, dt.datetime(2025, 5, 2), DATE)
    ]  # fmt: skip
    assert total is not None
    assert [c.value for c in total[2:]] == [sum(d[i].value for d in days) for i in range(2, 8)] == [2, 1, 1, 0, 1, 1]

    months, total = sheet_rows(book['Usaha per bulan'])
    assert [m[0].number_format for m in months] == ['mmm yyyy'] * 3 and {m[2].number_format for m in months} == {MONEY}
    assert total is not None
    assert [c.value for c in total] == ['Jumlah', None, 90_000, 85_000, None, None, 100, 3_000_000]  # medians no sums
    assert total[6].number_format == '#,##0.0'

    kit, total = sheet_rows(book['Bantuan'])
    assert [c.value for c in kit[0]] == ['Paket alat', 'tiap peserta', 3, 'paket', 500_000, 1_500_000]
    assert total is not None and [c.value for c in total] == ['Jumlah', None, 3, None, None, 1_500_000]

    handed, total = sheet_rows(book['Serah terima bantuan'])
    assert total is not None and (total[4].value, total[6].value) == (2, 1_000_000)
    assert (total[6].number_format, handed[0][7].number_format, handed[0][4].data_type) == (MONEY, DATE, 'n')


async def test_an_item_is_handed_to_each_recipient_once_and_never_beyond_its_quantity(seeded: Seeded) -> None:
    store = seeded.store
    with pytest.raises(DomainError) as again:
        await hand_over(store, 'kit', recipients=['budi'], handed_on=TODAY, by=COORD)
    assert again.value.key == 'aid_already_handed'
    with pytest.raises(DomainError) as outsider:
        await hand_over(store, 'kit', recipients=['stranger'], handed_on=TODAY, by=COORD)
    assert outsider.value.key == 'aid_not_in_programme'
    await save_item(store, seeded.kit.model_copy(update={'quantity': 2}), by=COORD)
    with pytest.raises(DomainError) as beyond:
        await hand_over(store, 'kit', recipients=['cici'], handed_on=TODAY, by=COORD)
    assert beyond.value.key == 'aid_exceeds_quantity'
    with pytest.raises(DomainError) as below:
        await save_item(store, seeded.kit.model_copy(update={'quantity': 1}), by=COORD)
    assert below.value.key == 'aid_quantity_below_handed'
    with pytest.raises(DomainError):
        await delete_item(store, 'kit', by=COORD)
    assert [p.name for p in still_to_hand(store, 'prog')] == ['Cici Lestari']
    assert store.get(AidItem, 'kit') is not None and store.get(AidItem, 'kit').quantity == 2  # type: ignore[union-attr]
    assert sorted(h.participant_id for h in store.all(Handover) if h.item_id == 'kit') == ['ani', 'budi']


async def test_only_the_recipient_confirms_and_a_second_tick_changes_nothing(seeded: Seeded) -> None:
    store = seeded.store
    budis = seeded.handovers[1]
    with pytest.raises(DomainError) as foreign:
        await confirm_received(store, budis.id, seeded.ani_account)
    assert foreign.value.key == 'not_found'
    assert not store.get(Handover, budis.id).confirmed  # type: ignore[union-attr]
    first = await confirm_received(store, seeded.handovers[0].id, seeded.ani_account)
    assert first.confirmation == Confirmation.PHONE and first.receiver_name == 'Ani Suryani'
    confirms = [e for e in store.all(AuditEntry) if e.action == 'aid.confirm']
    assert len(confirms) == 1  # the seed's tick; the second one wrote nothing


async def test_a_group_member_confirms_the_groups_handover_and_paper_is_recorded_once(seeded: Seeded) -> None:
    store = seeded.store
    tractor = AidItem(id='tractor', programme_id='prog', name='Traktor tangan', recipient=Recipient.GROUP,
                      quantity=1, unit='unit', unit_value=18_500_000)  # fmt: skip
    await save_item(store, tractor, by=COORD)
    [handover] = await hand_over(store, 'tractor', recipients=['kwt'], handed_on=TODAY, by=COORD)
    assert handover.id in {h.id for h in her_handovers(store, 'cici')}
    assert handover.id not in {h.id for h in her_handovers(store, 'ani')}
    confirmed = await confirm_received(store, handover.id, seeded.cici_account)
    assert confirmed.receiver_name == 'Cici Lestari'
    with pytest.raises(DomainError) as twice:
        await record_paper_signature(store, handover.id, by=COORD, receiver_name='Budi Rahayu')
    assert twice.value.key == 'aid_already_confirmed'
    with pytest.raises(DomainError) as cancel:
        await cancel_handover(store, handover.id, by=COORD, reason='salah')
    assert cancel.value.key == 'aid_already_confirmed'
    assert store.get(Handover, handover.id) == confirmed  # neither refusal wrote over Cici's tick


async def test_audit_entries_exist_for_each_kind_of_change(seeded: Seeded) -> None:
    store = seeded.store
    budis = seeded.handovers[1]
    await record_paper_signature(store, budis.id, by=COORD, receiver_name='Budi Rahayu')
    extra = await save_item(store, AidItem(programme_id='prog', name='Timbangan', quantity=3, unit_value=90_000),
                            by=COORD)  # fmt: skip
    [wrong] = await hand_over(store, extra.id, recipients=['cici'], handed_on=TODAY, by=COORD)
    await cancel_handover(store, wrong.id, by=COORD, reason='tercatat dobel')
    created = await create_account(
        store, AccountForm(role=Role.INSTRUCTOR, name='Instruktur Baru', username='baru', secret='rahasia123'),
        by=COORD,
    )  # fmt: skip
    await reset_secret(store, created.id, 'rahasia456', by=COORD)
    await set_disabled(store, created.id, True, by=COORD)
    await set_disabled(store, created.id, False, by=COORD)
    await unlock(store, created.id, by=COORD)
    await log_event(store, by=COORD, action='participant.view_sensitive', target='ani')

    actions = {e.action for e in store.all(AuditEntry)}

    assert {
        'attendance.mark', 'attendance.close', 'mark.record', 'certificate.issue', 'aid.item_save', 'aid.handover',
        'aid.confirm', 'aid.cancel', 'account.create', 'account.reset_secret', 'account.disable', 'account.enable',
        'account.unlock', 'participant.view_sensitive',
    } <= actions  # fmt: skip
    for item in store.all(AuditEntry):
        assert 'secret_hash' not in (item.before or {}) and 'secret_hash' not in (item.after or {})
    reset = next(e for e in store.all(AuditEntry) if e.action == 'account.reset_secret')
    assert reset.by == COORD and reset.target == created.id and reset.after and reset.after['secret_changed']
    paper = next(e for e in store.all(AuditEntry) if e.action == 'aid.confirm' and e.note == 'kertas')
    assert paper.before and paper.before['confirmed_at'] is None
    assert paper.after and paper.after['receiver_name'] == 'Budi Rahayu'


async def test_the_trail_keeps_before_and_after_of_a_mark_a_reopened_day_and_a_lock(seeded: Seeded) -> None:
    store = seeded.store
    earlier = latest(store, 'prog')[('ani', 's1')]
    mark = await record_mark(store, 'prog', 's1', 'ani', level=Level.DICOBA, by=COORD, note='diulang')
    entry_of_mark = next(e for e in store.all(AuditEntry) if e.target == mark.id)
    assert entry_of_mark.before is not None and entry_of_mark.before['id'] == earlier.id
    assert entry_of_mark.after is not None and entry_of_mark.after['level'] == int(Level.DICOBA)
    first = await record_mark(store, 'prog', 's2', 'cici', by=COORD)
    assert next(e for e in store.all(AuditEntry) if e.target == first.id).before is None  # her first mark there

    await close_day(store, 'd2', by=COORD)
    await reopen_day(store, 'd2', by=COORD)
    reopened = next(e for e in store.all(AuditEntry) if e.action == 'day.reopen')
    assert reopened.before and reopened.before['closed'] is True and reopened.after and not reopened.after['closed']

    created = await create_account(
        store, AccountForm(role=Role.INSTRUCTOR, name='Instruktur Lupa', username='lupa', secret='rahasia123'), by=COORD
    )
    now = dt.datetime.now(dt.UTC)
    for _ in range(5):
        with pytest.raises(DomainError):
            await authenticate(store, 'lupa', 'salah-salah', now)
    locks = [e for e in store.all(AuditEntry) if e.action == 'account.locked' and e.target == created.id]
    assert len(locks) == 1 and locks[0].after and locks[0].after['locked_until']
    assert 'secret_hash' not in locks[0].after
    with pytest.raises(DomainError):
        await authenticate(store, 'lupa', 'salah-salah', now)  # still locked: no second entry
    assert len([e for e in store.all(AuditEntry) if e.action == 'account.locked']) == 1


@pytest.mark.any_hour
async def test_the_trail_filters_by_kind_programme_person_and_date(seeded: Seeded) -> None:
    store = seeded.store
    aid, total = entries(store, AuditFilter(kind='aid'))
    assert total == len(aid) >= 4 and all(e.action.startswith('aid.') for e in aid)
    mine, _ = entries(store, AuditFilter(by='acct-ani'))
    assert [e.action for e in mine] == ['aid.confirm']
    programme, _ = entries(store, AuditFilter(programme_id='prog', kind='attendance'))
    assert {e.action for e in programme} == {'attendance.mark', 'attendance.close'}
    tomorrow = dt.datetime.now(WIB).date() + dt.timedelta(days=1)  # the trail's dates are the agency's (WIB)
    assert entries(store, AuditFilter(since=tomorrow)) == ([], 0)
    newest_first = entries(store, AuditFilter())[0]
    assert [e.at for e in newest_first] == sorted((e.at for e in newest_first), reverse=True)


async def test_the_demo_leaves_a_trail_of_what_it_seeded(tmp_path: Path) -> None:
    """A coordinator trying the demo finds the season's marks, attendance and handovers in `/audit`."""
    store = await Store.open(tmp_path / 'demo')
    try:
        await seed_demo(store, dt.date(2026, 12, 2))
        targets = {(e.action.split('.')[0], e.target) for e in store.all(AuditEntry)}
        assert {('attendance', a.id) for a in store.all(Attendance)} <= targets
        assert {('mark', m.id) for m in store.all(Mark)} <= targets
        handovers = store.all(Handover)
        assert {('aid', h.id) for h in handovers} <= targets
        confirmed = {e.target for e in store.all(AuditEntry) if e.action == 'aid.confirm'}
        assert confirmed == {h.id for h in handovers if h.confirmed_at is not None}
        kinds, _ = entries(store, AuditFilter(kind='attendance'))
        assert {e.action for e in kinds} == {'attendance.checkin', 'attendance.mark', 'attendance.close'}
    finally:
        await store.close()


async def test_the_trail_is_newest_first_also_for_an_entry_on_a_whole_second(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / 'trail')
    try:
        whole = dt.datetime(2026, 12, 7, 2, 30, tzinfo=dt.UTC)  # its ISO text has no fraction
        await store.put(
            AuditEntry(at=whole, by='-', action='attendance.close', target='d1'),
            AuditEntry(at=whole + dt.timedelta(microseconds=1), by='-', action='attendance.close', target='d2'),
            AuditEntry(at=whole - dt.timedelta(microseconds=1), by='-', action='attendance.close', target='d3'),
        )

        newest_first, _ = entries(store, AuditFilter())

        assert [e.target for e in newest_first] == ['d2', 'd1', 'd3']
    finally:
        await store.close()


async def test_the_trail_filters_by_the_coordinators_date_not_the_utc_date(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / 'trail')
    try:
        half_past_midnight_wib = dt.datetime(2026, 12, 7, 0, 30, tzinfo=WIB)  # still 6 December in UTC
        await store.put(AuditEntry(at=half_past_midnight_wib, by='-', action='attendance.close', target='d1'))

        on_the_day, _ = entries(store, AuditFilter(since=dt.date(2026, 12, 7), until=dt.date(2026, 12, 7)))
        day_before, _ = entries(store, AuditFilter(since=dt.date(2026, 12, 6), until=dt.date(2026, 12, 6)))

        assert [e.target for e in on_the_day] == ['d1'] and day_before == []
    finally:
        await store.close()
