"""A secretariat's summary for the village's reports: counts by month from its register, logs, checklists, notice
board, prices and help desk, and its linked groups' sales, read back from the workbook and the PDF; counts only,
never a name."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from nicegui.testing import User
from openpyxl import load_workbook
from pypdf import PdfReader

from models.departure import DEFAULT_DOCUMENTS, ChecklistForm
from models.helpdesk import HelpdeskMessage, MessageStatus
from models.market_prices import MarketPrice
from models.notices import Notice, NoticeInterest
from models.participant import Group
from models.register import (
    AbroadForm,
    CaseForm,
    CaseStatus,
    ContactDirection,
    ContactForm,
    ContactOutcome,
    Problem,
    ReferredTo,
    RegisterConsent,
    RegisterEntry,
)
from models.secretariat import Secretariat, SecretariatSettings
from store.departure import add_checklist, tick
from store.register import add_entry
from store.secretariat_logs import add_case, add_contact
from store.secretariat_summary import secretariat_summary
from store.secretariats import create_secretariat
from ui.runtime import runtime

from .conftest import COORDINATOR, SECRETARIAT, WIB, XLSX, account, bumidaya, flat, log_in, open_as, pdf_text

pytestmark = pytest.mark.demo

TODAY = dt.date(2026, 12, 7)
CONSENT = RegisterConsent(purpose='Pendataan', given_on=TODAY, giver_name='Keluarga')


async def waliwis() -> Secretariat:
    """A new secretariat with nothing in it but what each test writes: four villagers (one back on 1 December), two
    family contacts (one reached), two cases (one referred to BP3MI in November and resolved), a checklist
    completed today."""
    await runtime.ready()
    by = account('koordinator').id
    settings = SecretariatSettings(name='Sekretariat PMI Purna Waliwis', slug='waliwis', village='Waliwis')
    made = await create_secretariat(runtime.store, settings, secretariat_id='sek-waliwis', by=by)
    sid = made.record.id
    for n, (country, back) in enumerate([('Taiwan', None), ('Malaysia', None), ('Hong Kong', None),
                                          ('Taiwan', dt.date(2026, 12, 1))]):  # fmt: skip
        form = AbroadForm(name=f'Warga {n}', country=country, returned=back is not None, returned_on=back)
        await add_entry(runtime.store, sid, form, CONSENT, entry_id=f'w-{n}', by=by)
    contacts = [(dt.date(2026, 11, 20), ContactOutcome.REACHED, dt.date(2026, 12, 2)),
                (dt.date(2026, 12, 3), ContactOutcome.OPEN, None)]  # fmt: skip
    for n, (asked, outcome, closed) in enumerate(contacts):
        form = ContactForm(direction=ContactDirection.FAMILY, asked_by='Ibu', asked_on=asked, entry_id='w-0',
                           outcome=outcome, closed_on=closed)  # fmt: skip
        await add_contact(runtime.store, sid, form, record_id=f'wc-{n}', by=by)
    await add_case(runtime.store, sid, CaseForm(
        problem=Problem.UNPAID_WAGES, entry_id='w-1', opened_on=dt.date(2026, 11, 3), referred_to=ReferredTo.BP3MI,
        referred_on=dt.date(2026, 11, 4), status=CaseStatus.RESOLVED, closed_on=dt.date(2026, 12, 5)),
        record_id='wk-0', by=by)  # fmt: skip
    await add_case(runtime.store, sid, CaseForm(problem=Problem.OTHER, for_name='Tetangga', opened_on=TODAY),
                   record_id='wk-1', by=by)  # fmt: skip
    await add_checklist(runtime.store, sid, ChecklistForm(name='Calon'), CONSENT, checklist_id='wl-0', by=by)
    for key in DEFAULT_DOCUMENTS:
        await tick(runtime.store, sid, 'wl-0', key, brought=True, on=TODAY, by=by)
    return made.record


def lines(store_summary: object) -> dict[str, tuple[tuple[int, ...], int]]:
    return {line.key: (line.values, line.total) for s in store_summary.sections for line in s.lines}  # type: ignore[attr-defined]


async def test_the_summary_counts_each_month_what_the_secretariat_did(user: User) -> None:
    secretariat = await waliwis()
    figures = lines(secretariat_summary(runtime.store, secretariat, 2026, TODAY))
    nov, dec = 10, 11
    assert figures['registered'][0][dec] == 4 and figures['registered'][1] == 4
    assert figures['abroad'][0][dec] == 3 and figures['abroad'][1] == 3  # at December's end: three still abroad
    assert figures['returned'][0][dec] == 1
    assert (figures['contacts_asked'][0][nov], figures['contacts_asked'][0][dec]) == (1, 1)
    assert figures['contacts_terhubung'][0][dec] == 1 and figures['contacts_tidak_terhubung'][1] == 0
    assert (figures['cases_opened'][0][nov], figures['cases_opened'][0][dec]) == (1, 1)
    assert figures['cases_referred'][0][nov] == 1 and figures['cases_selesai'][0][dec] == 1
    assert (figures['cases_open'][0][nov], figures['cases_open'][0][dec]) == (1, 1)  # a stock: the last month's
    assert figures['checklists_started'][0][dec] == 1 and figures['checklists_completed'][0][dec] == 1
    for nothing in ('notices_posted', 'interest', 'messages_received', 'prices_recorded', 'group_sales'):
        assert figures[nothing][1] == 0, nothing


async def test_the_demo_secretariats_notices_interest_prices_and_messages_are_counted_in_their_months(
    user: User,
) -> None:
    secretariat = await bumidaya()
    store = runtime.store
    figures = lines(secretariat_summary(store, secretariat, 2026, TODAY))

    def by_month(moments: list[dt.date]) -> tuple[int, ...]:
        return tuple(sum(1 for m in moments if m.year == 2026 and m.month == month) for month in range(1, 13))

    def local(moment: dt.datetime) -> dt.date:
        return moment.astimezone(WIB).date()

    notices = [n for n in store.all(Notice) if n.secretariat_id == secretariat.id]
    interest = [i for i in store.all(NoticeInterest) if i.interested and i.notice_id in {n.id for n in notices}]
    messages = [m for m in store.all(HelpdeskMessage) if m.secretariat_id == secretariat.id]
    prices = [p for p in store.all(MarketPrice) if p.secretariat_id == secretariat.id and not p.deleted]
    expected = {
        'notices_posted': by_month([local(n.posted_at) for n in notices]),
        'interest': by_month([local(i.at) for i in interest]),
        'messages_received': by_month([local(m.received_at) for m in messages]),
        'messages_answered': by_month([local(m.received_at) for m in messages if m.status != MessageStatus.NEW]),
        'prices_recorded': by_month([p.date for p in prices]),
    }
    for key, months in expected.items():
        assert figures[key] == (months, sum(months)), key
        assert sum(months) > 0, f'the demo has {key}'
    assert figures['messages_answered'][1] < figures['messages_received'][1]  # some are still new


async def test_the_workbook_holds_typed_counts_under_titles_and_no_names(user: User) -> None:
    secretariat = await waliwis()
    await log_in(user, *COORDINATOR)
    answer = await user.http_client.get(f'/export/secretariat/{secretariat.id}/summary.xlsx?year=2026')
    assert answer.status_code == 200 and answer.headers['content-type'] == XLSX
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ['Indikator desa', 'Kegiatan per bulan', 'Program pemberdayaan',
                               'Kelompok usaha purna PMI']  # fmt: skip
    indicators = book['Indikator desa']
    assert [indicators.cell(r, 1).value for r in (1, 2, 3, 4)] == [
        'Sekretariat PMI Purna Waliwis', 'Desa Waliwis', 'Indikator desa', 'Januari–Desember 2026',
    ]  # fmt: skip
    by_label = {row[1]: row[2] for row in indicators.iter_rows(min_row=7, values_only=True) if row[1]}
    assert by_label['Warga baru terdata'] == 4 and by_label['Warga di luar negeri'] == 3
    assert by_label['Kasus dirujuk ke BP3MI / UPT P2MI'] == 1 and by_label['Petugas sekretariat'] == 0
    months = book['Kegiatan per bulan']
    header = [c.value for c in months[6]]
    assert header[2:] == ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des',
                          'Tahun 2026']  # fmt: skip
    asked = next(row for row in months.iter_rows(min_row=7) if row[1].value == 'Permintaan kontak keluarga')
    assert [c.value for c in asked[12:15]] == [1, 1, 2] and asked[13].number_format == '#,##0'
    texts = {c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    names = {e.name for e in runtime.store.all(RegisterEntry)} | {'Calon', 'Ibu', 'Tetangga', 'Keluarga'}
    assert texts & names == set()


async def test_the_pdf_is_the_village_report_with_its_sign_off(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/ringkasan')
    await user.should_see('Ringkasan kegiatan sekretariat')
    answer = await user.http_client.get(f'/export/secretariat/{secretariat.id}/summary.pdf')
    assert answer.status_code == 200
    reader = PdfReader(io.BytesIO(answer.content))
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # upright first, the months across
    assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height
    text = flat(pdf_text(answer.content))
    for expected in (
        'RINGKASAN KEGIATAN SEKRETARIAT', 'Januari–Desember 2026', 'Desa Migran EMAS', 'Warga baru terdata 20',
        'Kelompok usaha purna PMI (Sejahtera)', 'KWT Melati Purna', 'Budidaya Cabai untuk KWT PMI Purna',
        'Mengetahui,', 'Kepala Desa Bumidaya', 'Bumidaya, 7 Desember 2026', 'Lampiran: Kegiatan per bulan',
    ):  # fmt: skip
        assert expected in text, expected
    for entry in runtime.store.all(RegisterEntry):
        assert entry.family_name not in text and entry.employer not in text
    assert 'Sumarni' not in text and 'Wartinah' not in text  # nobody abroad is named


async def test_the_summary_page_shows_the_year_and_the_last_month(user: User) -> None:
    secretariat = await waliwis()
    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/ringkasan')
    await user.should_see('Permintaan kontak keluarga')
    await user.should_see(marker='total-contacts_asked')
    assert user.find(marker='total-contacts_asked').elements.pop().text == '2'


async def test_a_year_before_any_summary_or_still_to_come_is_not_found(user: User) -> None:
    secretariat = await waliwis()
    await log_in(user, *COORDINATOR)
    for year in ('2019', '2027', 'dua', '%00'):
        answer = await user.http_client.get(f'/export/secretariat/{secretariat.id}/summary.pdf?year={year}')
        assert answer.status_code == 404, year
    past = await user.http_client.get(f'/export/secretariat/{secretariat.id}/summary.xlsx?year=2025')
    assert past.status_code == 200
    assert load_workbook(io.BytesIO(past.content))['Kegiatan per bulan'].cell(6, 14).value == 'Des'


async def test_a_group_named_like_a_formula_is_text_in_the_workbook(user: User) -> None:
    secretariat = await bumidaya()
    group = next(g for g in runtime.store.all(Group) if g.id in secretariat.group_ids)
    await runtime.store.put(group.model_copy(update={'name': '=HYPERLINK("http://contoh.test","KWT")'}))
    await log_in(user, *COORDINATOR)
    answer = await user.http_client.get(f'/export/secretariat/{secretariat.id}/summary.xlsx')
    book = load_workbook(io.BytesIO(answer.content))
    cells = [(c.value, c.data_type) for sheet in book for row in sheet.iter_rows() for c in row]
    assert [c for c in cells if c[1] == 'f'] == []
    assert ('=HYPERLINK("http://contoh.test","KWT")', 's') in cells
