"""The template an agency types its participants in: CSV, or XLSX with phone and NIK columns as text, a
category list and a guide sheet. The columns are the importer's (`store/imports/read.py`); the guide's words are
the translation layer's (`import.guide_*`), in Indonesian as the offices that fill it in read it."""

from __future__ import annotations

from models.participant import Category
from models.spreadsheet import csv_bytes, workbook_bytes
from store.imports.plan import EXAMPLE_ROW
from store.imports.read import COLUMNS, MAX_BYTES, MAX_ROWS

from ..format import number
from ..i18n import t

LANG = 'id'
GUIDE_NOTES = 5  # import.guide_note_1 … _5
_WIDTHS = {
    'nama': 28,
    'no_hp': 16,
    'desa': 16,
    'kecamatan': 16,
    'kabupaten': 18,
    'kelompok': 24,
    'kategori': 12,
    'nik': 20,
    'negara_tujuan_dulu': 20,
    'jenis_kelamin': 14,
}
_TEXT_COLUMNS = ('no_hp', 'nik')


def template_csv() -> bytes:
    """The template as CSV, as Indonesian Excel opens it (`;`, UTF-8 with a BOM): the header and the example."""
    return csv_bytes([COLUMNS, EXAMPLE_ROW])


def template_xlsx() -> bytes:
    """The template as XLSX: the header and an example row, phone and NIK columns as text, and a guide sheet."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from . import workbook as xlsx

    workbook, sheet = xlsx.new_book(t('import.sheet_people', LANG))
    bold, fill = xlsx.BOLD, xlsx.HEADER_FILL
    sheet.append(list(COLUMNS))
    sheet.append(list(EXAMPLE_ROW))
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        header = sheet.cell(row=1, column=position)
        header.font = bold
        header.fill = fill
        dimension = sheet.column_dimensions[letter]
        dimension.width = _WIDTHS[column]
        if column in _TEXT_COLUMNS:
            dimension.number_format = '@'  # new cells typed in this column stay text: leading 0, all 16 digits
            sheet.cell(row=2, column=position).number_format = '@'
    # no title rows: the importer reads the header from row 1
    xlsx.finish(sheet, top=1, header=1, last=2, width=len(COLUMNS))
    category_letter = get_column_letter(COLUMNS.index('kategori') + 1)
    choices = DataValidation(
        type='list',
        formula1='"' + ','.join(c.value for c in Category) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t('import.category_title', LANG),
        error=t('import.category_error', LANG),
    )
    choices.add(f'{category_letter}2:{category_letter}{MAX_ROWS + 1}')
    sheet.add_data_validation(choices)

    guide = workbook.create_sheet(t('import.sheet_guide', LANG))
    guide.append([t('import.guide_column', LANG), t('import.guide_meaning', LANG)])
    for cell in guide[1]:
        cell.font = bold
        cell.fill = fill
    for column in COLUMNS:
        guide.append([column, t(f'import.guide_{column}', LANG)])
    guide.append([])
    guide.append([t('import.guide_notes', LANG), ''])
    guide.cell(row=guide.max_row, column=1).font = bold
    limits = {'rows': number(MAX_ROWS, LANG), 'mb': MAX_BYTES // (1024 * 1024)}
    for index in range(1, GUIDE_NOTES + 1):
        guide.append(['', t(f'import.guide_note_{index}', LANG, **limits)])
    guide.column_dimensions['A'].width = 22
    guide.column_dimensions['B'].width = 100
    for row in guide.iter_rows(min_row=2):
        row[0].alignment = Alignment(vertical='top')
        row[1].alignment = Alignment(wrap_text=True, vertical='top')
    xlsx.finish(guide, top=1, header=1, last=1 + len(COLUMNS), width=2)

    return workbook_bytes(workbook)
