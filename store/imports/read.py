"""Reading an import file: a CSV (in any encoding and separator Excel saves) or an XLSX, turned into rows keyed
by the template's columns. Too big, not a spreadsheet, or without a name column is refused with a key only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Generator, Iterable
from typing import Any

from models.base import DomainError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 200  # of a header row; a real template has 9
MAX_UNZIPPED = 64 * 1024 * 1024  # an XLSX of at most 2 MB that unpacks to more is refused (zip bomb)
BLANK_ROWS_END = 1_000  # so many blank rows in a row end the sheet (Excel keeps formatted empty rows)

COLUMNS: tuple[str, ...] = (
    'nama',
    'no_hp',
    'desa',
    'kecamatan',
    'kabupaten',
    'kelompok',
    'kategori',
    'nik',
    'negara_tujuan_dulu',
    'jenis_kelamin',
)

# Header spellings, after `_header_key` (lower case, runs of anything but letters and digits become `_`).
ALIASES: dict[str, tuple[str, ...]] = {
    'nama': ('nama', 'nama_lengkap', 'nama_peserta', 'name', 'full_name', 'participant_name'),
    'no_hp': (
        'no_hp',
        'nohp',
        'nomor_hp',
        'no_handphone',
        'nomor_handphone',
        'hp',
        'no_wa',
        'nomor_wa',
        'no_whatsapp',
        'whatsapp',
        'no_telp',
        'no_tlp',
        'no_telepon',
        'nomor_telepon',
        'telepon',
        'phone',
        'phone_number',
        'mobile',
    ),
    'desa': ('desa', 'desa_kelurahan', 'kelurahan', 'kelurahan_desa', 'village'),
    'kecamatan': ('kecamatan', 'kec', 'district', 'subdistrict', 'sub_district'),
    'kabupaten': ('kabupaten', 'kabupaten_kota', 'kab_kota', 'kab', 'kota', 'regency', 'city', 'regency_city'),
    'kelompok': ('kelompok', 'nama_kelompok', 'group', 'group_name'),
    'kategori': ('kategori', 'kategori_peserta', 'category'),
    'nik': ('nik', 'no_nik', 'nomor_nik', 'no_ktp', 'nomor_ktp', 'nik_ktp', 'ktp'),
    'negara_tujuan_dulu': (
        'negara_tujuan_dulu',
        'negara_tujuan',
        'negara_penempatan',
        'negara_bekerja',
        'former_country',
        'former_destination',
        'former_destination_country',
        'destination_country',
        'country',
    ),
}
ALIASES['jenis_kelamin'] = ('jenis_kelamin', 'jk', 'l_p', 'lp', 'kelamin', 'gender', 'sex')
_COLUMN_OF: dict[str, str] = {alias: column for column, aliases in ALIASES.items() for alias in aliases}


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """The data rows of a CSV or XLSX file, keyed by `COLUMNS` (every key present, values stripped).

    The first row is the header, so `rows[i]` is row `i + 2` of the sheet; blank rows in between are kept
    (as all-empty rows, which `plan_import` skips) so the numbers stay the ones the user sees. Raises
    DomainError `import_too_large`, `import_unreadable`, `import_no_name_column` or `import_too_many_rows`.
    """
    table = sheet_cells(data, filename)
    try:
        return _rows_from(table)
    finally:
        table.close()  # an XLSX file stays open until its generator ends


def sheet_cells(data: bytes, filename: str) -> Generator[list[str], None, None]:
    """The file's rows as text cells, header first, read lazily (close the generator when done): a CSV in any
    encoding and separator Excel saves, or an XLSX's first sheet. Too big or not a spreadsheet is refused
    (`import_too_large`, `import_unreadable`). The market prices' import (`store/market_price_import.py`) reads
    its own columns through it."""
    if len(data) > MAX_BYTES:
        raise DomainError('import_too_large', max_mb=MAX_BYTES // (1024 * 1024))
    if not data:
        raise DomainError('import_unreadable')
    if is_xlsx(data, filename):
        return _xlsx_cells(data)
    if _looks_binary(data):  # an old .xls, a PDF, a picture...
        raise DomainError('import_unreadable')
    return _csv_cells(_decode(data))


def is_xlsx(data: bytes, filename: str) -> bool:
    """A workbook by its first bytes (a zip) or its name."""
    return data.startswith(b'PK\x03\x04') or (filename or '').casefold().endswith(('.xlsx', '.xlsm'))


def column_of(header: str) -> str | None:
    """The template column a header cell names (`'No. HP'` -> `'no_hp'`), or None for one we do not use."""
    return _COLUMN_OF.get(_header_key(header))


def _header_key(raw: str) -> str:
    return re.sub(r'[^0-9a-z]+', '_', raw.strip().casefold()).strip('_')


def _rows_from(table: Iterable[list[str]]) -> list[dict[str, str]]:
    rows_iter = iter(table)
    header = next(rows_iter, None)
    if header is None:
        raise DomainError('import_no_name_column')
    positions: dict[str, int] = {}
    for position, cell in enumerate(header[:MAX_COLUMNS]):
        column = column_of(cell)
        if column is not None and column not in positions:  # the first of two same-named columns wins
            positions[column] = position
    if 'nama' not in positions:
        raise DomainError('import_no_name_column')
    rows: list[dict[str, str]] = []
    filled = blanks = 0
    for cells in rows_iter:
        row = dict.fromkeys(COLUMNS, '')
        for column, position in positions.items():
            if position < len(cells):
                row[column] = cells[position]
        if any(row.values()):
            filled += 1
            blanks = 0
            # Blank rows in between count only towards a looser bound on the whole sheet.
            if filled > MAX_ROWS or len(rows) >= MAX_ROWS + BLANK_ROWS_END:
                raise DomainError('import_too_many_rows', max_rows=MAX_ROWS)
        else:
            blanks += 1
            if blanks >= BLANK_ROWS_END:
                break
        rows.append(row)
    while rows and not any(rows[-1].values()):
        rows.pop()
    return rows


_BINARY_MAGIC = (
    b'\xd0\xcf\x11\xe0',
    b'%PDF',
    b'\x89PNG',
    b'\xff\xd8\xff',
    b'GIF8',
    b'\x1f\x8b',
    b'Rar!',
    b'7z\xbc\xaf',
)


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    if data.startswith((b'\xff\xfe', b'\xfe\xff')):  # UTF-16 text (Excel's "Unicode text") has zero bytes
        return False
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return b'\x00' in sample or controls > len(sample) // 20


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; else Windows-1252, which Excel uses for "CSV"."""
    if data.startswith((b'\xff\xfe', b'\xfe\xff')):
        try:
            return data.decode('utf-16')
        except UnicodeDecodeError:
            raise DomainError('import_unreadable') from None
    try:
        return data.decode('utf-8-sig')
    except UnicodeDecodeError:
        pass
    try:
        return data.decode('cp1252')
    except UnicodeDecodeError:
        return data.decode('latin-1')  # never fails: every byte is a character


def _delimiter(text: str) -> str:
    """`,` or `;` (Indonesian Excel saves "CSV" with `;`) or a tab: whichever the header line has most of."""
    first = text.lstrip('\r\n').split('\n', 1)[0]
    outside = re.sub(r'"[^"]*"', '', first)  # a quoted header cell may hold any of them
    counts = {d: outside.count(d) for d in (',', ';', '\t')}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ','


def _csv_cells(text: str) -> Generator[list[str], None, None]:
    if '\x00' in text:
        raise DomainError('import_unreadable')
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=_delimiter(text), strict=False)
    try:
        for cells in reader:
            yield [cell.strip() for cell in cells]
    except csv.Error:  # a cell over the csv module's size limit, a stray NUL...
        raise DomainError('import_unreadable') from None


def _xlsx_cells(data: bytes) -> Generator[list[str], None, None]:
    """The first sheet's rows as text. Parses lazily; any failure of the file is `import_unreadable`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > 1_000 or sum(i.file_size for i in infos) > MAX_UNZIPPED:
                raise DomainError('import_unreadable')
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - zipfile, XML and openpyxl raise many kinds for a broken file
        raise DomainError('import_unreadable') from None
    try:
        if not workbook.worksheets:
            raise DomainError('import_unreadable')
        sheet = workbook.worksheets[0]
        if hasattr(sheet, 'reset_dimensions'):  # some writers store a wrong size; read what is there
            sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in values[:MAX_COLUMNS]]
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - as above, while streaming the sheet
        raise DomainError('import_unreadable') from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as the text the user typed. Whole numbers come back as digits (`81234560101`, no `.0`).

    Excel keeps only 15 significant digits of a number, so a 16-digit NIK typed into a number cell has
    already lost its last digit: such numbers come back in scientific notation (`3.60312540885e+15`),
    which no check accepts, rather than as digits that look right and are wrong.
    """
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'TRUE' if value else 'FALSE'
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):  # NaN or ±inf: a cell with no number in it
            return ''
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return format(number, '.15g')
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
