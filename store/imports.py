"""Importing participants from a CSV or XLSX file an agency typed, and the template to type it in.

Three steps, so the page can show what will happen before anything is saved:

1. `read_rows(data, filename)` turns the file into rows keyed by the template's Indonesian column names
   (`COLUMNS`). Header spellings like `No HP`, `Nama Lengkap` or the English `phone` are understood.
2. `plan_import(store, rows, programme_id)` checks every row with the `Participant` model and the store,
   and writes nothing: each row becomes `new`, `existing` (already in the store: matched by phone, else
   NIK, else name and village when neither is given) or `bad` with reason keys (`import.reason.<key>`).
3. `apply_import(store, plan, programme_id, by_account_id)` saves the plan in one transaction, checking
   again against the store as it is then, so the same file imported twice, or two imports at once, never
   make a participant twice.

Category, NIK and former country are coordinator-only: they are imported but never logged. Nothing here
logs a row's values or a validation error's text (pydantic puts the input value in it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from models.base import DomainError, new_id
from models.participant import Category, Group, Participant
from models.programme import Programme
from models.spreadsheet import csv_cell, workbook_bytes

from .engine import Store, Tx
from .schema import table_of

log = logging.getLogger(__name__)

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
_COLUMN_OF: dict[str, str] = {alias: column for column, aliases in ALIASES.items() for alias in aliases}

CATEGORIES: dict[str, Category] = {re.sub(r'[\W_]+', '', c.value).casefold(): c for c in Category}

# Every reason a row can be refused for; the texts are `import.reason.<key>` in assets/i18n.
REASONS = (
    'missing_name',
    'bad_phone',
    'bad_nik',
    'nik_as_number',
    'bad_category',
    'bad_group',
    'duplicate_in_file',
    'too_long',
    'invalid_value',
)

# Pydantic field -> the reason a failure of it gets (lengths are `too_long` whatever the field).
_FIELD_REASON = {'name': 'missing_name', 'phone': 'bad_phone', 'nik': 'bad_nik', 'category': 'bad_category'}

Status = Literal['new', 'existing', 'bad']


# ---- reading ---------------------------------------------------------------------------------------


def _header_key(raw: str) -> str:
    return re.sub(r'[^0-9a-z]+', '_', raw.strip().casefold()).strip('_')


def column_of(header: str) -> str | None:
    """The template column a header cell names (`'No. HP'` -> `'no_hp'`), or None for one we do not use."""
    return _COLUMN_OF.get(_header_key(header))


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """The data rows of a CSV or XLSX file, keyed by `COLUMNS` (every key present, values stripped).

    The first row is the header, so `rows[i]` is row `i + 2` of the sheet; blank rows in between are kept
    (as all-empty rows, which `plan_import` skips) so the numbers stay the ones the user sees. Raises
    DomainError `import_too_large`, `import_unreadable`, `import_no_name_column` or `import_too_many_rows`.
    """
    if len(data) > MAX_BYTES:
        raise DomainError('import_too_large', max_mb=MAX_BYTES // (1024 * 1024))
    if not data:
        raise DomainError('import_unreadable')
    name = (filename or '').casefold()
    if data.startswith(b'PK\x03\x04') or name.endswith(('.xlsx', '.xlsm')):
        table: Generator[list[str], None, None] = _xlsx_cells(data)
    elif _looks_binary(data):  # an old .xls, a PDF, a picture...
        raise DomainError('import_unreadable')
    else:
        table = _csv_cells(_decode(data))
    try:
        return _rows_from(table)
    finally:
        table.close()  # an XLSX file stays open until its generator ends


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
        if number != number or number in (float('inf'), float('-inf')):
            return ''
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return format(number, '.15g')
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


# ---- planning --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRow:
    """One row of the file and what the import will do with it.

    `participant` is the validated record for a `new` row (and the row's data for an `existing` one);
    `existing_id` the stored participant an `existing` row matched; `group` the group name as typed.
    """

    row: int
    name: str
    status: Status
    reasons: tuple[str, ...] = ()
    participant: Participant | None = None
    existing_id: str | None = None
    group: str = ''
    enrol: bool = False  # an existing participant not yet in the programme


@dataclass(frozen=True)
class ImportPlan:
    programme_id: str | None
    rows: tuple[PlannedRow, ...]
    new_groups: tuple[str, ...] = ()  # group names the import will create, as first typed

    @property
    def new(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == 'new']

    @property
    def existing(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == 'existing']

    @property
    def bad(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == 'bad']

    @property
    def to_enrol(self) -> int:
        """How many participants the programme will gain: the new ones and existing ones not yet in it."""
        if self.programme_id is None:
            return 0
        return len(self.new) + sum(1 for r in self.existing if r.enrol)


def _text(value: Any) -> str:
    if value is None:
        return ''
    return (value if isinstance(value, str) else str(value)).strip()


def _name_key(name: str, village: str) -> tuple[str, str]:
    return ' '.join(name.split()).casefold(), ' '.join(village.split()).casefold()


def _group_key(name: str) -> str:
    return ' '.join(name.split()).casefold()


def _clean_phone(raw: str) -> str:
    phone = raw.lstrip("'").strip()
    digits = re.sub(r'[\s\-().]', '', phone)
    if re.fullmatch(r'8\d{8,11}', digits):  # Excel dropped the leading 0 of a number cell
        return '0' + digits
    return phone


_SCIENTIFIC = re.compile(r'[+-]?\d+([.,]\d*)?[eE][+-]?\d+')


def _is_example(row: Mapping[str, str]) -> bool:
    """The template's example row, left in: skipped rather than imported as a person."""
    return (row['nama'], row['no_hp'], row['nik']) == (EXAMPLE_ROW[0], EXAMPLE_ROW[1], EXAMPLE_ROW[7])


def _candidate(row: Mapping[str, str]) -> tuple[Participant | None, list[str]]:
    """The participant a row describes, or the reasons it cannot be one (model errors mapped to keys)."""
    reasons: list[str] = []
    raw_category = row['kategori']
    category: Category | None = None
    if raw_category:
        category = CATEGORIES.get(re.sub(r'[\W_]+', '', raw_category).casefold())
        if category is None:
            reasons.append('bad_category')
    nik = row['nik'].lstrip("'").strip()
    if _SCIENTIFIC.fullmatch(nik):  # a NIK Excel kept as a number has lost digits: say so
        reasons += ['bad_nik', 'nik_as_number']
    if row['kelompok']:
        try:
            Group.model_validate({'name': ' '.join(row['kelompok'].split())})
        except ValidationError as exc:
            reasons += ['too_long' if e['type'] == 'string_too_long' else 'bad_group' for e in exc.errors()]
    doc = {
        'name': row['nama'],
        'phone': _clean_phone(row['no_hp']),
        'village': row['desa'],
        'district': row['kecamatan'],
        'regency': row['kabupaten'],
        'category': category,
        'nik': nik or None,
        'former_country': row['negara_tujuan_dulu'],
    }
    try:
        participant = Participant.model_validate(doc)
    except ValidationError as exc:
        participant = None
        for error in exc.errors():
            reasons.append(_reason(error))
    reasons = list(dict.fromkeys(reasons))  # in order, once each
    return (participant if not reasons else None), reasons


def _reason(error: Mapping[str, Any]) -> str:
    loc = error.get('loc') or ('',)
    field_name = str(loc[0])
    kind = str(error.get('type', ''))
    if kind == 'string_too_long':
        return 'too_long'
    if field_name in _FIELD_REASON:
        return _FIELD_REASON[field_name]
    return 'invalid_value'


class _Known:
    """Who is already there, to match rows against: by phone, by NIK, by name and village."""

    def __init__(self, participants: Iterable[Mapping[str, Any]]) -> None:
        self.phone: dict[str, str] = {}
        self.nik: dict[str, str] = {}
        self.name: dict[tuple[str, str], str] = {}
        for doc in participants:
            self.add(
                doc['id'], doc.get('phone') or '', doc.get('nik') or '', doc.get('name') or '', doc.get('village') or ''
            )

    def add(self, pid: str, phone: str, nik: str, name: str, village: str) -> None:
        if phone:
            self.phone.setdefault(phone, pid)
        if nik:
            self.nik.setdefault(nik, pid)
        self.name.setdefault(_name_key(name, village), pid)

    def match(self, p: Participant) -> str | None:
        if p.phone and p.phone in self.phone:
            return self.phone[p.phone]
        if p.nik and p.nik in self.nik:
            return self.nik[p.nik]
        if not p.phone and not p.nik:
            return self.name.get(_name_key(p.name, p.village))
        return None


def _groups_in_scope(groups: Iterable[Mapping[str, Any]], programme_id: str | None) -> dict[str, str]:
    """Group name key -> id: the programme's groups, or without a programme every group (unattached first)."""
    found: dict[str, str] = {}
    ordered = sorted(groups, key=lambda g: (g.get('programme_id') is not None, g['id']))
    for doc in ordered:
        if programme_id is not None and doc.get('programme_id') != programme_id:
            continue
        found.setdefault(_group_key(doc.get('name') or ''), doc['id'])
    return found


def _canonical_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rows keyed by `COLUMNS` whatever spelling their keys have; every column present."""
    result = []
    for raw in rows:
        row = dict.fromkeys(COLUMNS, '')
        items = raw.items() if isinstance(raw, Mapping) else ()
        for key, value in items:
            column = key if key in row else column_of(_text(key))
            if column is not None and not row[column]:
                row[column] = _text(value)
        result.append(row)
    return result


def plan_import(store: Store, rows: Sequence[Mapping[str, str]], programme_id: str | None) -> ImportPlan:
    """What importing `rows` (from `read_rows`) would do; writes nothing.

    Row numbers are the sheet's: `rows[0]` is row 2. All-blank rows and the template's example row are
    skipped. A row with the phone or NIK of an earlier accepted row of the file is `duplicate_in_file`
    (an earlier refused row does not count: the first good one wins). With a programme, an existing
    participant not yet in it will be enrolled, and `kelompok` names one of the programme's groups.
    Raises DomainError `import_too_many_rows`, or `import_no_programme` for an unknown programme.
    """
    if len(rows) > MAX_ROWS + BLANK_ROWS_END:
        raise DomainError('import_too_many_rows', max_rows=MAX_ROWS)
    programme = None
    if programme_id is not None:
        programme = store.get(Programme, programme_id)
        if programme is None:
            raise DomainError('import_no_programme')
    enrolled = set(programme.participant_ids) if programme is not None else set()
    known = _Known(store.raw(table_of(Participant)).values())
    groups = _groups_in_scope(store.raw(table_of(Group)).values(), programme_id)
    seen = _Known(())
    new_groups: dict[str, str] = {}
    planned: list[PlannedRow] = []
    count = 0
    for index, row in enumerate(_canonical_rows(rows)):
        if not any(row.values()) or _is_example(row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise DomainError('import_too_many_rows', max_rows=MAX_ROWS)
        number = index + 2
        participant, reasons = _candidate(row)
        if participant is None:
            planned.append(PlannedRow(number, row['nama'], 'bad', tuple(reasons), group=row['kelompok']))
            continue
        if seen.match(participant) is not None:  # same phone or NIK (or name and village) as an earlier row
            planned.append(PlannedRow(number, row['nama'], 'bad', ('duplicate_in_file',), group=row['kelompok']))
            continue
        seen.add(participant.id, participant.phone, participant.nik or '', participant.name, participant.village)
        existing_id = known.match(participant)
        if existing_id is not None:
            planned.append(
                PlannedRow(
                    number,
                    row['nama'],
                    'existing',
                    (),
                    participant,
                    existing_id,
                    row['kelompok'],
                    enrol=programme is not None and existing_id not in enrolled,
                )
            )
            continue
        group = row['kelompok']
        if group and _group_key(group) not in groups:
            new_groups.setdefault(_group_key(group), ' '.join(group.split()))
        planned.append(PlannedRow(number, row['nama'], 'new', (), participant, None, group))
    return ImportPlan(programme_id, tuple(planned), tuple(new_groups.values()))


# ---- applying --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusedRow:
    row: int
    name: str  # as typed
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    """What an import did. `enrolled` counts the participants the programme gained (new and existing)."""

    import_id: str
    saved: int
    existing: int
    enrolled: int
    refused: int
    refused_rows: tuple[RefusedRow, ...]
    groups_created: tuple[str, ...] = ()
    participant_ids: tuple[str, ...] = field(default=(), repr=False)  # the new participants' ids


def _stage(tx: Tx, store: Store, plan: ImportPlan, programme_id: str | None, by_account_id: str) -> ImportResult:
    """The transaction: the plan re-checked against the store as it is now, then staged."""
    programme = None
    if programme_id is not None:
        programme = tx.get(Programme, programme_id)
        if programme is None:
            raise DomainError('import_no_programme')
    # Earlier transactions are already in the engine when this one runs, so the raw tables are current.
    known = _Known(store.raw(table_of(Participant)).values())
    group_docs = store.raw(table_of(Group))
    groups = _groups_in_scope(group_docs.values(), programme_id)
    enrolled_before = list(programme.participant_ids) if programme is not None else []
    enrol: list[str] = []
    members: dict[str, list[str]] = {}
    created_groups: dict[str, Group] = {}
    saved: list[str] = []
    existing = 0
    refused = [RefusedRow(r.row, r.name, r.reasons) for r in plan.rows if r.status == 'bad']
    for planned in plan.rows:
        if planned.status == 'bad' or planned.participant is None:
            continue
        candidate = planned.participant
        match = known.match(candidate)
        if match is not None:
            existing += 1
            enrol.append(match)
            continue
        group_id = None
        if planned.group:
            key = _group_key(planned.group)
            group_id = groups.get(key)
            if group_id is None:
                group = Group(
                    name=' '.join(planned.group.split()), village=candidate.village, programme_id=programme_id
                )
                created_groups[key] = group
                groups[key] = group_id = group.id
        # A fresh id, so a plan applied twice cannot reuse one (its rows then match as existing anyway).
        person = candidate.model_copy(update={'id': new_id(), 'group_id': group_id})
        if group_id is not None:
            members.setdefault(group_id, []).append(person.id)
        tx.put(person)  # validates the whole record again
        known.add(person.id, person.phone, person.nik or '', person.name, person.village)
        saved.append(person.id)
        enrol.append(person.id)
    for group in created_groups.values():
        group.member_ids = members.pop(group.id, [])
        tx.put(group)
    for group_id, ids in members.items():
        stored = tx.get(Group, group_id)
        if stored is not None:
            stored.member_ids = list(dict.fromkeys([*stored.member_ids, *ids]))
            tx.put(stored)
    gained: list[str] = []
    if programme is not None:
        already = set(enrolled_before)
        gained = [pid for pid in dict.fromkeys(enrol) if pid not in already]
        new_group_ids = [g.id for g in created_groups.values() if g.id not in programme.group_ids]
        if gained or new_group_ids:
            programme.participant_ids = [*enrolled_before, *gained]
            programme.group_ids = [*programme.group_ids, *new_group_ids]
            tx.put(programme)
    import_id = new_id()
    result = ImportResult(
        import_id=import_id,
        saved=len(saved),
        existing=existing,
        enrolled=len(gained),
        refused=len(refused),
        refused_rows=tuple(refused),
        groups_created=tuple(g.name for g in created_groups.values()),
        participant_ids=tuple(saved),
    )
    # Who imported what and when, in the store's meta table (participants have no field for it).
    tx.set_meta(
        f'import:{import_id}',
        {
            'at': dt.datetime.now(dt.UTC).isoformat(timespec='seconds'),
            'by': by_account_id,
            'programme_id': programme_id,
            'saved': list(saved),
            'existing': existing,
            'enrolled': list(gained),
            'refused_rows': [r.row for r in refused],
            'groups_created': [g.id for g in created_groups.values()],
        },
    )
    return result


async def apply_import(store: Store, plan: ImportPlan, programme_id: str | None, by_account_id: str) -> ImportResult:
    """Save a plan in one transaction: new participants, new groups, memberships, enrolment, who did it.

    Rows are matched again against the store as it is when the transaction runs: a row planned as new
    that is there by then counts as existing, so nothing is ever saved twice. Raises DomainError
    `import_no_programme` if the programme is gone, `import_no_account` without an account id.
    """
    if not by_account_id:
        raise DomainError('import_no_account')
    result = await store.transact(lambda tx: _stage(tx, store, plan, programme_id, by_account_id))
    log.info(
        'import %s by %s: %d saved, %d existing, %d enrolled, %d refused',
        result.import_id,
        by_account_id,
        result.saved,
        result.existing,
        result.enrolled,
        result.refused,
    )
    return result


# ---- templates -------------------------------------------------------------------------------------

EXAMPLE_ROW: tuple[str, ...] = (
    'Contoh: Sri Rahayu',
    '081234567890',
    'Sukamaju',
    'Cibeber',
    'Cianjur',
    'KWT Mawar',
    'PMI Purna',
    '3203014506850001',
    'Malaysia',
)

GUIDE: tuple[tuple[str, str], ...] = (
    ('nama', 'Wajib diisi. Nama lengkap peserta, 2 sampai 120 huruf.'),
    (
        'no_hp',
        'Nomor HP/WhatsApp peserta. Boleh ditulis 081234567890, 0812-3456-7890 atau +6281234567890. '
        'Harus nomor seluler Indonesia (diawali 08, 10 sampai 13 angka). Boleh kosong. Nomor HP dipakai '
        'untuk mengenali peserta yang sudah terdaftar, jadi tidak dibuat ganda.',
    ),
    ('desa', 'Desa atau kelurahan tempat tinggal.'),
    ('kecamatan', 'Kecamatan tempat tinggal.'),
    ('kabupaten', 'Kabupaten atau kota tempat tinggal.'),
    (
        'kelompok',
        'Nama kelompok peserta, misalnya KWT Mawar. Boleh kosong. Bila kelompok dengan nama itu belum ada, '
        'kelompok baru dibuat otomatis.',
    ),
    (
        'kategori',
        'Salah satu dari: PMI Purna (pekerja migran yang sudah pulang), PMBS (Pekerja Migran Bermasalah), '
        'KTK (Korban Tindak Kekerasan), KPO (Korban Perdagangan Orang). Boleh kosong. DATA RAHASIA: hanya '
        'koordinator yang dapat melihatnya.',
    ),
    (
        'nik',
        'NIK sesuai KTP: tepat 16 angka. Boleh kosong. Kolom ini berformat Teks; jangan ubah menjadi Angka, '
        'karena Excel hanya menyimpan 15 angka dan digit terakhir NIK akan hilang. DATA RAHASIA.',
    ),
    ('negara_tujuan_dulu', 'Negara tempat dulu bekerja, misalnya Malaysia atau Hong Kong. Boleh kosong. DATA RAHASIA.'),
)

GUIDE_NOTES: tuple[str, ...] = (
    'Baris 1 adalah judul kolom: jangan diubah. Isi data mulai baris 2, satu peserta satu baris.',
    'Hapus baris contoh sebelum mengunggah.',
    f'Paling banyak {MAX_ROWS:,} baris dan ukuran berkas paling besar {MAX_BYTES // (1024 * 1024)} MB.'.replace(
        ',', '.'
    ),
    'Peserta yang sudah terdaftar (nomor HP atau NIK sama) tidak dibuat ganda.',
    'Bila menyimpan sebagai CSV, nomor HP dan NIK harus tetap berupa teks (awali dengan 0, tanpa E+).',
)

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
}
_TEXT_COLUMNS = ('no_hp', 'nik')


def template_csv() -> bytes:
    """The template as CSV: UTF-8 with a BOM (so Excel shows the letters right), comma-separated."""
    out = io.StringIO(newline='')
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow(csv_cell(cell) for cell in COLUMNS)
    writer.writerow(csv_cell(cell) for cell in EXAMPLE_ROW)
    return out.getvalue().encode('utf-8-sig')


def template_xlsx() -> bytes:
    """The template as XLSX: the header and an example row, phone and NIK columns as text, and a guide sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = 'Peserta'
    bold = Font(bold=True)
    fill = PatternFill('solid', fgColor='DDEBF7')
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
    sheet.freeze_panes = 'A2'
    category_letter = get_column_letter(COLUMNS.index('kategori') + 1)
    choices = DataValidation(
        type='list',
        formula1='"' + ','.join(c.value for c in Category) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle='Kategori',
        error='Pilih PMI Purna, PMBS, KTK atau KPO, atau kosongkan.',
    )
    choices.add(f'{category_letter}2:{category_letter}{MAX_ROWS + 1}')
    sheet.add_data_validation(choices)

    guide = workbook.create_sheet('Petunjuk')
    guide.append(['Kolom', 'Keterangan'])
    for cell in guide[1]:
        cell.font = bold
        cell.fill = fill
    for column, text in GUIDE:
        guide.append([column, text])
    guide.append([])
    guide.append(['Catatan', ''])
    guide.cell(row=guide.max_row, column=1).font = bold
    for note in GUIDE_NOTES:
        guide.append(['', note])
    guide.column_dimensions['A'].width = 22
    guide.column_dimensions['B'].width = 100
    for row in guide.iter_rows(min_row=2):
        row[0].alignment = Alignment(vertical='top')
        row[1].alignment = Alignment(wrap_text=True, vertical='top')

    return workbook_bytes(workbook)
