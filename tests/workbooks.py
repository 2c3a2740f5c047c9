"""Read-back checks every workbook the app makes shares: it opens ready to print and to filter."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

MONEY = '"Rp" #,##0'
DATE = 'd mmm yyyy'


def assert_printable(sheet: Worksheet) -> None:
    """A4 landscape, one page wide and as many down as it takes, the header rows on every page, a filter on the
    table and a frozen header."""
    assert sheet.page_setup.orientation == 'landscape'
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_options.horizontalCentered
    assert sheet.print_title_rows and sheet.auto_filter.ref and sheet.freeze_panes
    header = header_row(sheet)
    assert sheet.print_title_rows.endswith(f'${header}')  # the filtered header is the last row printed on each page
    assert int(sheet.freeze_panes.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')) == header + 1


def header_row(sheet: Worksheet) -> int:
    """The row of the column titles: where the filter starts."""
    return int(sheet.auto_filter.ref.split(':')[0][1:])
