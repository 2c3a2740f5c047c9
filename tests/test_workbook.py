"""The workbook base every XLSX is written with: a document declares columns of a kind, and the sheet comes out
with real numbers and dates in their formats, a total row, a frozen and filtered header and A4 landscape print."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.spreadsheet import workbook_bytes
from ui.documents.workbook import Column, Kind, Table, Title, Typed, new_book, total_values, write_sheet

from .workbooks import DATE, MONEY, assert_printable

COLUMNS = [
    Column('No', Kind.NUMBER),
    Column('Nama'),
    Column('Tanggal', Kind.DATE),
    Column('Bulan', Kind.MONTH),
    Column('Jam', Kind.TIME),
    Column('Jumlah', Kind.COUNT),
    Column('Cabai (kg)', Kind.DECIMAL),
    Column('Omzet', Kind.MONEY),
    Column('Median', Kind.MONEY, summed=False),
    Column('Kehadiran', Kind.RATE),
]
ROWS = [
    [1, '=HYPERLINK("http://x.example")', dt.date(2026, 12, 7), dt.date(2026, 12, 1), dt.time(8, 5), 3,
     Decimal('12.5'), 150_000, 50_000, 100],
    [2, 'Ani', dt.date(2026, 12, 8), dt.date(2027, 1, 1), None, 2, Decimal('1.5'), 20_000, 10_000, 13],
]  # fmt: skip
TITLE = Title('Pelatihan Uji', 'Dinas Sosial', 'Rekap uji', '7–8 Desember 2026', notes=['Skala: 0 sampai 3.'])


def written(table: Table) -> Worksheet:
    book, sheet = new_book('Uji')
    write_sheet(sheet, TITLE, table)
    return load_workbook(io.BytesIO(workbook_bytes(book))).active


def test_figures_are_real_numbers_and_dates_in_their_formats_and_text_stays_text() -> None:
    sheet = written(Table(COLUMNS, ROWS, total_label='Jumlah', totals={9: 57}))

    first = list(sheet[8])  # title, agency, what, period, note, blank; the header in row 7
    assert [c.value for c in sheet['A'][:5]] == ['Pelatihan Uji', 'Dinas Sosial', 'Rekap uji', '7–8 Desember 2026',
                                                 'Skala: 0 sampai 3.']  # fmt: skip
    assert [c.value for c in sheet[7]] == [c.title for c in COLUMNS]
    assert first[1].value == '=HYPERLINK("http://x.example")' and first[1].data_type == 's'  # runs nothing
    assert [(c.value, c.number_format) for c in first[2:5]] == [
        (dt.datetime(2026, 12, 7), DATE), (dt.datetime(2026, 12, 1), 'mmm yyyy'), (dt.time(8, 5), 'hh:mm')
    ]  # fmt: skip
    assert [(c.value, c.number_format) for c in first[5:]] == [
        (3, '#,##0'), (12.5, '#,##0.0'), (150_000, MONEY), (50_000, MONEY), (1, '0%')
    ]  # fmt: skip
    assert all(c.data_type == 'n' for c in first[5:]) and first[0].data_type == 'n'


def test_the_total_row_sums_money_counts_and_decimals_and_takes_the_overall_rate() -> None:
    table = Table(COLUMNS, ROWS, total_label='Jumlah', totals={9: 57})

    sheet = written(table)

    total = [c.value for c in sheet[10]]
    assert total == [None, 'Jumlah', None, None, None, 5, 14, 170_000, None, 0.57]
    assert total[5:8] == [sum(row[i] for row in ROWS) for i in (5, 6, 7)]  # type: ignore[misc]
    assert sheet['H10'].number_format == MONEY and sheet['H10'].font.bold
    assert total_values(table)[1] == 'Jumlah'


def test_the_sheet_prints_landscape_a4_one_page_wide_with_its_header_on_every_page_and_filters() -> None:
    sheet = written(Table(COLUMNS, ROWS, total_label='Jumlah', frozen_columns=2, footnotes=['Catatan.']))

    assert_printable(sheet)
    assert sheet.auto_filter.ref == 'A7:J9'  # the header and the data rows, not the total
    assert sheet.print_title_rows == '$7:$7' and sheet.freeze_panes == 'C8'
    assert sheet['A12'].value == 'Catatan.' and 'A12:J12' in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.column_dimensions['B'].width >= len('=HYPERLINK("http://x.example")')


def test_a_typed_value_keeps_its_own_kind_and_no_rows_make_no_total() -> None:
    columns = [Column('Uraian'), Column('Angka', Kind.COUNT)]
    rows = [['Tingkat kehadiran', Typed(Decimal('86.7'), Kind.RATE_TENTH)], ['Nilai', Typed(1_500_000, Kind.MONEY)]]

    sheet = written(Table(columns, rows))
    empty = written(Table(columns, [], total_label='Jumlah'))

    assert (sheet['B8'].value, sheet['B8'].number_format) == (0.867, '0.0%')
    assert (sheet['B9'].value, sheet['B9'].number_format) == (1_500_000, MONEY)
    assert sheet['A10'].value is None and empty['A8'].value is None
    assert empty.auto_filter.ref == 'A7:B7'
