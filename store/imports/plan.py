"""Planning an import: what saving the rows would do, each row checked with the `Participant` model and against
the store; nothing written."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from models.base import DomainError
from models.participant import Category, Gender, Group, Participant, gender_from_nik
from models.programme import Programme

from ..engine import Store
from ..schema import table_of
from .match import Known, group_key, groups_in_scope
from .read import BLANK_ROWS_END, COLUMNS, MAX_ROWS, column_of

GENDERS: dict[str, Gender] = {
    **dict.fromkeys(('p', 'perempuan', 'wanita', 'pr', 'f', 'female'), Gender.P),
    **dict.fromkeys(('l', 'lakilaki', 'laki', 'pria', 'lk', 'm', 'male'), Gender.L),
}
CATEGORIES: dict[str, Category] = {re.sub(r'[\W_]+', '', c.value).casefold(): c for c in Category}

# Every reason a row can be refused for; the texts are `import.reason.<key>` in assets/i18n.
REASONS = (
    'missing_name',
    'bad_phone',
    'bad_nik',
    'nik_as_number',
    'bad_category',
    'bad_gender',
    'bad_group',
    'duplicate_in_file',
    'too_long',
    'invalid_value',
)

# Pydantic field -> the reason a failure of it gets (lengths are `too_long` whatever the field).
_FIELD_REASON = {'name': 'missing_name', 'phone': 'bad_phone', 'nik': 'bad_nik', 'category': 'bad_category'}

# A number as Excel shows one it could not keep whole (a 16-digit NIK typed into a number cell).
_SCIENTIFIC = re.compile(r'[+-]?\d+([.,]\d*)?[eE][+-]?\d+')

Status = Literal['new', 'existing', 'bad']

# The template's example row (ui/documents/import_template.py writes it): an upload that still has it skips it
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
    'P',
)


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
    known = Known(store.raw(table_of(Participant)).values())
    groups = groups_in_scope(store.raw(table_of(Group)).values(), programme_id)
    seen = Known(())
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
        if group and group_key(group) not in groups:
            new_groups.setdefault(group_key(group), ' '.join(group.split()))
        planned.append(PlannedRow(number, row['nama'], 'new', (), participant, None, group))
    return ImportPlan(programme_id, tuple(planned), tuple(new_groups.values()))


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


def _text(value: Any) -> str:
    if value is None:
        return ''
    return (value if isinstance(value, str) else str(value)).strip()


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
    gender = _gender(row['jenis_kelamin'], row['nik'])
    if gender == '?':
        reasons.append('bad_gender')
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
        'gender': gender if gender != '?' else None,
    }
    try:
        participant = Participant.model_validate(doc)
    except ValidationError as exc:
        participant = None
        for error in exc.errors():
            reasons.append(_reason(error))
    reasons = list(dict.fromkeys(reasons))  # in order, once each
    return (participant if not reasons else None), reasons


def _gender(raw: str, nik: str) -> Gender | Literal['?'] | None:
    """`P`, `Perempuan`, `Wanita`, `L`, `Laki-laki`, `Pria` (any case); blank → what her NIK says (women's
    birth day + 40), if it is a valid one; anything else → '?'."""
    key = re.sub(r'[\W_]+', '', raw).casefold()
    if not key:
        return gender_from_nik(nik.lstrip("'").strip())
    return GENDERS.get(key, '?')


def _reason(error: Mapping[str, Any]) -> str:
    loc = error.get('loc') or ('',)
    field_name = str(loc[0])
    kind = str(error.get('type', ''))
    if kind == 'string_too_long':
        return 'too_long'
    if field_name in _FIELD_REASON:
        return _FIELD_REASON[field_name]
    return 'invalid_value'


def _clean_phone(raw: str) -> str:
    phone = raw.lstrip("'").strip()
    digits = re.sub(r'[\s\-().]', '', phone)
    if re.fullmatch(r'8\d{8,11}', digits):  # Excel dropped the leading 0 of a number cell
        return '0' + digits
    return phone
