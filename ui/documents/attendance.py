"""Attendance documents: the daily *daftar hadir* (the signed attendance list agencies file), the sheet of
personal QR cards, and the trainee × day grid as XLSX and CSV.

Each document is two steps: a collector reads the store into plain data (only what the paper may show:
names, villages, marks; never category, NIK or case notes), and a builder turns that data into bytes.
Builders touch neither the store nor the clock, so tests call them directly and routes may run them
off the event loop.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from models.account import Account
from models.attendance import PRESENT, Attendance, Method, Status, attendance_rate, card_code, spaced
from models.participant import Participant
from models.programme import Day, Programme
from models.spreadsheet import csv_bytes, workbook_bytes
from store import Store
from store.attendance import ensure_cards, roster

from ..format import date_range, long_date, plain_date
from ..i18n import t
from . import workbook as xlsx
from .pdf import FONT, Column, Document, Drawer, Kop, SignBlock, Signer, Table, kop, sign_off, sign_off_height

TOTALS_HEIGHT = 24.0  # mm: the totals' heading, header row and row, under the list
STATUS_ORDER = (Status.HADIR, Status.TERLAMBAT, Status.IZIN, Status.SAKIT, Status.ALPA)
GRID_TOTALS = ('present', Status.IZIN, Status.SAKIT, Status.ALPA)  # per trainee: Hadir counts Terlambat too


# ---- the daftar hadir --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One trainee's row: `place` is her village, or her address where the programme asks for it; `arrived`
    her local arrival time (`08.12`) when she was present; `gender` L or P where the programme asks for it."""

    name: str
    place: str
    status: Status | None
    arrived: str = ''
    reason: str = ''
    gender: str = ''


@dataclass(frozen=True)
class DaftarHadir:
    kop: Kop
    programme: str
    day_number: int
    day_title: str
    date: dt.date
    place: str
    zone: str
    lines: list[Line]
    city: str = ''  # where it is dated
    instructor: Signer = Signer()
    committee: Signer = Signer()
    responsible: Signer = Signer()
    printed: str = ''  # when it was printed, in the programme's zone
    gender_column: bool = False  # an L/P column (the programme's `sheet_gender`)
    address_column: bool = False  # `place` is the address, not only the village (`sheet_address`)

    def totals(self) -> dict[Status | None, int]:
        counts: dict[Status | None, int] = dict.fromkeys([*STATUS_ORDER, None], 0)
        for line in self.lines:
            counts[line.status] += 1
        return counts


def collect_daftar_hadir(store: Store, day: Day, programme: Programme, *, now: dt.datetime) -> DaftarHadir:
    """The day's list from the store, signed by the programme's own officials, whoever prints it."""
    tz = programme.zone.tz
    lines = [_line(programme, participant, mark, tz) for participant, mark in roster(store, day, programme)]
    return DaftarHadir(
        kop=Kop.of(programme, store.folder),
        programme=programme.name,
        day_number=day.number,
        day_title=day.title,
        date=day.date,
        place=programme.place,
        zone=programme.zone.value,
        lines=lines,
        city=programme.city,
        instructor=instructor_signer(store, programme),
        committee=Signer.of(programme.committee),
        responsible=Signer.of(programme.responsible),
        printed=f'{now.astimezone(tz):%d/%m/%Y %H.%M} {programme.zone.value}',
        gender_column=programme.sheet_gender,
        address_column=programme.sheet_address,
    )


def instructor_signer(store: Store, programme: Programme) -> Signer:
    """The programme's first instructor, from her account (name and NIP as she keeps them)."""
    instructor = store.get(Account, programme.instructor_ids[0]) if programme.instructor_ids else None
    return Signer(instructor.name, instructor.nip, t('doc.sign.instructor', 'id')) if instructor else Signer()


def _line(programme: Programme, person: Participant, mark: Attendance | None, tz: dt.tzinfo) -> Line:
    place = (person.address() or person.regency) if programme.sheet_address else person.village
    gender = person.gender.value if programme.sheet_gender and person.gender else ''
    if mark is None:
        return Line(person.name, place, None, gender=gender)
    arrived = f'{mark.at.astimezone(tz):%H.%M}' if mark.status in PRESENT else ''
    reason = mark.reason if mark.how == Method.MANUAL else ''
    return Line(person.name, place, mark.status, arrived, reason, gender)


def daftar_hadir_pdf(sheet: DaftarHadir, lang: str = 'id') -> bytes:
    """A4 portrait: the agency's header, the table with zig-zag signature slots, totals, and sign-offs."""
    return daftar_hadir_book([sheet], lang)


def daftar_hadir_book(sheets: list[DaftarHadir], lang: str = 'id') -> bytes:
    """Several days' lists in one file for the SPJ, each day from a new page, pages numbered through."""
    first = sheets[0]
    number = str(first.day_number) if len(sheets) == 1 else t('doc.dh.all_days', lang)
    doc = Document(
        lang,
        title=' · '.join([t('doc.dh.title', lang), first.programme, number]),
        footer_note=t('doc.printed', lang, when=first.printed) if first.printed else '',
    )
    for sheet in sheets:
        doc.add_page()
        _letterhead(doc, sheet)
        _attendance_table(doc, sheet)
        _totals(doc, sheet)
        _sign_off(doc, sheet)
    return doc.to_bytes()


def _letterhead(doc: Document, sheet: DaftarHadir) -> None:
    lang = doc.lang
    kop(doc, sheet.kop)
    doc.text_line(t('doc.dh.title', lang), size=13, bold=True, align='C', height=6)
    doc.set_y(doc.get_y() + 2)
    day = t('doc.dh.day_value', lang, number=sheet.day_number, title=sheet.day_title)
    rows = [
        (t('doc.dh.programme', lang), sheet.programme),
        (t('doc.dh.day', lang), day),
        (t('doc.dh.date', lang), long_date(sheet.date, lang)),
        (t('doc.dh.place', lang), sheet.place),
    ]
    doc.labelled(rows, label_width=24, height=5.5)
    doc.set_y(doc.get_y() + 3)


def _sheet_columns(sheet: DaftarHadir, lang: str) -> list[Column]:
    """No, name, (L/P), village or address, time, note, signature: 180 mm whichever the programme turns on."""
    name, place, note, signature = 46, 25, 41, 42
    if sheet.address_column:
        name, place, note = 42, 40, 30
    if sheet.gender_column:
        name, note, signature = name - 4, note - 4, 40
    columns = [Column(t('doc.col.no', lang), 10, 'C'), Column(t('doc.col.name', lang), name)]
    if sheet.gender_column:
        columns.append(Column(t('doc.col.gender', lang), 10, 'C'))
    place_label = t('doc.col.address' if sheet.address_column else 'doc.col.village', lang)
    return [
        *columns,
        Column(place_label, place),
        Column(t('doc.col.time', lang, zone=sheet.zone), 16, 'C'),
        Column(t('doc.col.note', lang), note),
        Column(t('doc.col.signature', lang), signature),
    ]


def _attendance_table(doc: Document, sheet: DaftarHadir) -> None:
    lang = doc.lang
    columns = _sheet_columns(sheet, lang)

    def running_title(doc: Document) -> None:
        date = plain_date(sheet.date, lang)
        doc.text_line(
            t('doc.dh.continued', lang, programme=sheet.programme, number=sheet.day_number, date=date), size=8
        )
        doc.set_y(doc.get_y() + 1)

    table = Table(doc, columns, min_height=10, on_new_page=running_title)
    table.header()
    after_last = TOTALS_HEIGHT + sign_off_height(known=True)  # the last row goes over with them, never apart
    for number, line in enumerate(sheet.lines, start=1):
        gender = [line.gender] if sheet.gender_column else []
        cells = [str(number), line.name, *gender, line.place, line.arrived, _remark(line, lang), signature_slot(number)]
        table.row(cells, keep=after_last if number == len(sheet.lines) else 0)


def _remark(line: Line, lang: str) -> str:
    if line.status is None:
        return ''
    word = t(f'doc.status.{line.status.value}', lang)
    return f'{word} ({line.reason})' if line.reason else word


def signature_slot(number: int) -> Drawer:
    """`1. ......` on the left half for odd numbers, on the right for even: the zig-zag of paper lists,
    so neighbours' signatures do not collide."""

    def draw(doc: Document, x: float, y: float, width: float, height: float) -> None:
        half = width / 2
        left = x + 1.2 + (half if number % 2 == 0 else 0)
        label = f'{number}. '
        doc.set_font(FONT, '', 8)
        dots = '.' * max(3, int((half - 2.4 - doc.get_string_width(label)) / doc.get_string_width('.')))
        doc.set_xy(left, y + height - 5)
        doc.cell(half - 2.4, 4, label + dots)

    return draw


def _totals(doc: Document, sheet: DaftarHadir) -> None:
    lang = doc.lang
    counts = sheet.totals()
    pairs = [(t(f'doc.status.{status.value}', lang), counts[status]) for status in STATUS_ORDER]
    if counts[None]:
        pairs.append((t('doc.status.unmarked', lang), counts[None]))
    pairs.append((t('doc.dh.participants', lang), len(sheet.lines)))
    doc.set_y(doc.get_y() + 4)
    doc.text_line(t('doc.dh.totals', lang), size=9, bold=True)
    width = doc.content_width / len(pairs)
    table = Table(doc, [Column(label, width, 'C') for label, _ in pairs])
    table.header()
    table.row([str(count) for _, count in pairs])


def _sign_off(doc: Document, sheet: DaftarHadir) -> None:
    """The instructor on the left, the committee chair under the place and date on the right, and the
    responsible official under "Mengetahui," below them."""
    lang = doc.lang
    dated = t('doc.sign.dated', lang, city=sheet.city, date=plain_date(sheet.date, lang)) if sheet.city else ''
    sign_off(
        doc,
        SignBlock(('', t('doc.sign.instructor', lang) + ','), sheet.instructor),
        SignBlock((dated, (sheet.committee.title or t('doc.sign.committee', lang)) + ','), sheet.committee),
        SignBlock(
            (t('doc.sign.known', lang), (sheet.responsible.title or t('doc.sign.responsible', lang)) + ','),
            sheet.responsible,
        ),
    )


# ---- the card sheet ----------------------------------------------------------------------------

CARD_W, CARD_H = 85.6, 54.0  # ISO/IEC 7810 ID-1, a wallet card
CARD_COLUMNS, CARD_ROWS = 2, 5
QR_SIZE = 38.0
CUT_MARK = 4.0


@dataclass(frozen=True)
class CardFace:
    name: str
    village: str
    url: str  # what the QR holds: `{base}/k/{token}`
    code: str = ''  # the eight digits under the QR, typed when the card will not scan (`card_code`)


@dataclass(frozen=True)
class CardSheet:
    programme: str
    agency: str
    cards: list[CardFace] = field(default_factory=list)


async def collect_cards(store: Store, programme: Programme, *, by: str, base_url: str) -> CardSheet:
    """A live card for every trainee (issuing the missing ones), by name."""
    cards = await ensure_cards(store, programme.id, by=by)
    people = [p for p in (store.get(Participant, i) for i in cards) if p is not None]
    faces = [
        CardFace(person.name, person.village, f'{base_url}/k/{cards[person.id].id}', card_code(cards[person.id].id))
        for person in sorted(people, key=lambda p: p.name.lower())
    ]
    return CardSheet(programme.name, programme.agency, faces)


def cards_pdf(sheet: CardSheet, lang: str = 'id') -> bytes:
    """A4 sheets of 2 × 5 wallet cards that touch, so each border is a cut line; marks in the margins."""
    doc = Document(
        lang,
        title=t('doc.cards.sheet_title', lang, programme=sheet.programme),
        footer_note=t('doc.cards.cut', lang),
        footer_y=-8,
    )
    doc.set_auto_page_break(False)
    per_page = CARD_COLUMNS * CARD_ROWS
    left, top = (doc.w - CARD_COLUMNS * CARD_W) / 2, (doc.h - CARD_ROWS * CARD_H) / 2
    for index, face in enumerate(sheet.cards):
        if index % per_page == 0:
            doc.add_page()
            on_page = min(per_page, len(sheet.cards) - index)
            _cut_marks(doc, left, top, rows=-(-on_page // CARD_COLUMNS))
        slot = index % per_page
        _card(doc, sheet, face, left + (slot % CARD_COLUMNS) * CARD_W, top + (slot // CARD_COLUMNS) * CARD_H)
    if not sheet.cards:
        doc.add_page()
    return doc.to_bytes()


def _cut_marks(doc: Document, left: float, top: float, *, rows: int) -> None:
    """Short lines in the margins where the cuts go, for the `rows` of cards on this page."""
    right, bottom = left + CARD_COLUMNS * CARD_W, top + rows * CARD_H
    doc.set_line_width(0.2)
    for column in range(CARD_COLUMNS + 1):
        x = left + column * CARD_W
        doc.line(x, top - 1 - CUT_MARK, x, top - 1)
        doc.line(x, bottom + 1, x, bottom + 1 + CUT_MARK)
    for row in range(rows + 1):
        y = top + row * CARD_H
        doc.line(left - 1 - CUT_MARK, y, left - 1, y)
        doc.line(right + 1, y, right + 1 + CUT_MARK, y)


def _card(doc: Document, sheet: CardSheet, face: CardFace, x: float, y: float) -> None:
    lang = doc.lang
    doc.set_line_width(0.2)
    doc.rect(x, y, CARD_W, CARD_H)
    pad = 4.0
    text_w = CARD_W - QR_SIZE - 2 * pad - 1
    cursor = y + pad
    cursor = _fitted(doc, sheet.agency, x + pad, cursor, text_w, size=6, line=2.6, max_lines=2)
    cursor = _fitted(doc, t('doc.cards.title', lang), x + pad, cursor + 1.2, text_w, size=7.5, line=3.4, bold=True)
    cursor = _fitted(doc, sheet.programme, x + pad, cursor, text_w, size=6.5, line=2.9, max_lines=2)
    size = _size_to_fit(doc, face.name, text_w, largest=11, smallest=8.5)
    cursor = _fitted(doc, face.name, x + pad, cursor + 3, text_w, size=size, line=size * 0.44, bold=True, max_lines=2)
    if face.village:
        _fitted(
            doc, t('doc.cards.village', lang, village=face.village), x + pad, cursor + 0.5, text_w, size=8, line=3.6
        )
    _fitted(doc, t('doc.cards.hint', lang), x + pad, y + CARD_H - pad - 5.2, text_w, size=6, line=2.6, max_lines=2)
    qr_x, qr_y = x + CARD_W - QR_SIZE - pad + 1.5, y + pad
    doc.image(_qr_png(face.url), x=qr_x, y=qr_y, w=QR_SIZE, h=QR_SIZE)
    if face.code:  # under the QR, for the instructor to type: "ketik kode kartu"
        doc.set_font(FONT, 'B', 10)
        doc.set_xy(qr_x, qr_y + QR_SIZE + 0.5)
        doc.cell(QR_SIZE, 4.5, spaced(face.code), align='C')


def _size_to_fit(doc: Document, text: str, width: float, *, largest: float, smallest: float) -> float:
    """The largest bold size (in half points) at which `text` fits one line; `smallest` if none does."""
    size = largest
    while size > smallest:
        doc.set_font(FONT, 'B', size)
        if doc.get_string_width(text) <= width:
            return size
        size -= 0.5
    return smallest


def _fitted(
    doc: Document,
    text: str,
    x: float,
    y: float,
    width: float,
    *,
    size: float,
    line: float,
    bold: bool = False,
    max_lines: int = 1,
) -> float:
    """Write `text` in at most `max_lines` lines (the rest is cut with an ellipsis); returns the next y."""
    doc.set_font(FONT, 'B' if bold else '', size)
    lines = doc.wrapped(text, width, line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and doc.get_string_width(last + '…') > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + '…'
    for number, text_line in enumerate(lines):
        doc.set_xy(x, y + number * line)
        doc.cell(width, line, text_line)
    return y + len(lines) * line


def _qr_png(url: str) -> io.BytesIO:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().convert('L').save(buffer, format='PNG')
    buffer.seek(0)
    return buffer


# ---- the trainee × day grid --------------------------------------------------------------------


@dataclass(frozen=True)
class GridDay:
    number: int
    date: dt.date
    counted: bool  # closed, or already past where the programme is: it counts for the percentage


@dataclass(frozen=True)
class GridRow:
    name: str
    village: str
    marks: list[Status | None]  # one per day, in day order


@dataclass(frozen=True)
class Grid:
    """The programme's attendance, one row per trainee and one column per day.

    The percentage is present (Hadir or Terlambat) ÷ counted days, over counted days only: a day counts
    once it is closed or its date is past in the programme's zone, so an open day that is still running
    (or lies ahead) neither lowers nor raises it; `attendance_rate` makes the figure (whole percent, half up), as
    on every other paper; empty while no day counts. The per-trainee totals count every mark shown, counted day or not.
    """

    programme: str
    agency: str
    days: list[GridDay]
    rows: list[GridRow]
    start: dt.date  # the programme's dates, for the sheet's title
    end: dt.date

    def totals(self, row: GridRow) -> dict[str | Status, int]:
        return {key: sum(1 for mark in row.marks if _is(mark, key)) for key in GRID_TOTALS}

    def percent(self, row: GridRow) -> int | None:
        counted = [mark for mark, day in zip(row.marks, self.days, strict=True) if day.counted]
        return attendance_rate(sum(1 for mark in counted if mark in PRESENT), len(counted))

    def day_total(self, index: int, key: str | Status) -> int:
        return sum(1 for row in self.rows if _is(row.marks[index], key))

    def overall_percent(self) -> int | None:
        counted = [i for i, day in enumerate(self.days) if day.counted]
        present = sum(1 for row in self.rows for i in counted if row.marks[i] in PRESENT)
        return attendance_rate(present, len(counted) * len(self.rows))


def _is(mark: Status | None, key: str | Status) -> bool:
    return mark in PRESENT if key == 'present' else mark == key


def collect_grid(store: Store, programme: Programme, today: dt.date) -> Grid:
    """`today` is the date in the programme's zone."""
    days = sorted(store.by_index(Day, 'programme', programme.id), key=lambda d: d.number)
    marks = {(a.day_id, a.participant_id): a.status for a in store.by_index(Attendance, 'programme', programme.id)}
    people = [p for p in (store.get(Participant, i) for i in programme.participant_ids) if p is not None]
    rows = [
        GridRow(person.name, person.village, [marks.get((day.id, person.id)) for day in days])
        for person in sorted(people, key=lambda p: p.name.lower())
    ]
    grid_days = [GridDay(day.number, day.date, day.closed or day.date < today) for day in days]
    return Grid(programme.name, programme.agency, grid_days, rows, programme.start, programme.end)


def grid_table(grid: Grid, lang: str = 'id') -> list[list[str | int | None]]:
    """The grid as rows of cells, header first, then trainees, then a totals row per status."""
    status_word = {s: t(f'doc.status.{s.value}', lang) for s in STATUS_ORDER}
    total_titles = [t('doc.grid.present', lang), *(status_word[s] for s in GRID_TOTALS[1:])]  # type: ignore[index]
    header: list[str | int | None] = [
        t('doc.col.no', lang),
        t('doc.col.name', lang),
        t('doc.col.village', lang),
        *(t('doc.grid.day', lang, number=d.number, date=f'{d.date:%d/%m}') for d in grid.days),
        *total_titles,
        t('doc.grid.percent', lang),
    ]
    table = [header]
    for number, row in enumerate(grid.rows, start=1):
        totals = grid.totals(row)
        table.append(
            [
                number,
                row.name,
                row.village,
                *(status_word[mark] if mark else None for mark in row.marks),
                *(totals[key] for key in GRID_TOTALS),
                grid.percent(row),
            ]
        )
    for position, (key, title) in enumerate(zip(GRID_TOTALS, total_titles, strict=True)):
        sums: list[int | None] = [None] * len(GRID_TOTALS)
        sums[position] = sum(grid.totals(row)[key] for row in grid.rows)
        table.append(
            [
                None,
                t('doc.grid.total_row', lang, status=title),
                None,
                *(grid.day_total(i, key) for i in range(len(grid.days))),
                *sums,
                grid.overall_percent() if key == 'present' else None,
            ]
        )
    return table


def grid_csv(grid: Grid, lang: str = 'id') -> bytes:
    """The grid as a CSV Indonesian Excel opens in columns (`models.spreadsheet.csv_bytes`)."""
    return csv_bytes(grid_table(grid, lang))


def grid_xlsx(grid: Grid, lang: str = 'id') -> bytes:
    """One sheet: the title, then the grid with its total row and each mark's count per day, names and header
    frozen; the same figures as the CSV, marks as words and counts and percentages as numbers."""
    book, sheet = xlsx.new_book(t('doc.grid.sheet', lang))
    title = xlsx.Title(grid.programme, grid.agency, t('doc.grid.title', lang), date_range(grid.start, grid.end, lang))
    xlsx.write_sheet(sheet, title, grid_sheet(grid, lang))
    return workbook_bytes(book)


def grid_sheet(grid: Grid, lang: str = 'id') -> xlsx.Table:
    """`grid_table` as a sheet's table: the trainees, a total row (each mark's sum, the overall percentage), then
    each mark's count per day."""
    header, *body = grid_table(grid, lang)
    days = len(grid.days)
    kind = xlsx.Kind
    kinds = [kind.NUMBER, *([kind.TEXT] * (2 + days)), *([kind.COUNT] * len(GRID_TOTALS)), kind.RATE]
    columns = [xlsx.Column(str(title), kind) for title, kind in zip(header, kinds, strict=True)]
    columns[1] = xlsx.Column(str(header[1]), width=xlsx.NAME_WIDTH)
    trainees, per_day = body[: len(grid.rows)], body[len(grid.rows) :]
    blank = [None] * (len(GRID_TOTALS) + 1)  # the sums are on the total row
    return xlsx.Table(
        columns,
        trainees,
        total_label=t('doc.total', lang),
        totals={len(columns) - 1: grid.overall_percent()},
        below=[[*row[: 3 + days], *blank] for row in per_day],
        frozen_columns=3,
    )
