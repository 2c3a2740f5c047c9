"""Skills documents: the trainee × skill progress grid (XLSX) and the completion certificate (PDF).

As with the attendance documents, a collector reads the store into plain data (names, villages, levels,
attendance; never category, NIK or case notes) and a builder turns that data into bytes without touching
the store or the clock.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from fpdf.enums import XPos
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from models.account import Account
from models.certificate import Certificate
from models.participant import ConsentScope, Participant
from models.programme import Programme
from models.skills import Level
from models.spreadsheet import workbook_bytes
from store import Store
from store.certificates import certificate_of, eligibility
from store.skills import curriculum, latest

from ..format import date_range, date_text
from ..i18n import t
from ..qr import png
from . import workbook as xlsx
from .attendance import instructor_signer
from .pdf import FONT, LOGO_HEIGHT, Document, Kop, Signer, centred_fit

# ---- the progress grid -------------------------------------------------------------------------


class CertificateState:
    """What the grid says about her certificate."""

    ISSUED = 'issued'
    READY = 'ready'  # earned, not downloaded yet
    NOT_YET = 'not_yet'


@dataclass(frozen=True)
class SkillColumn:
    day_number: int
    day_date: dt.date
    name: str


@dataclass(frozen=True)
class ProgressRow:
    name: str
    village: str
    levels: list[Level | None]  # one per skill column; None: never marked
    attendance_percent: int
    certificate: str  # a CertificateState

    @property
    def competent(self) -> int:
        return sum(1 for level in self.levels if level is not None and level.competent)


@dataclass(frozen=True)
class Progress:
    """The programme's skills in curriculum order (by day, then the day's order) × its trainees by name."""

    programme: str
    agency: str
    bar: int
    columns: list[SkillColumn]
    rows: list[ProgressRow]
    start: dt.date  # the programme's dates, for the sheet's title
    end: dt.date

    def skill_total(self, index: int) -> int:
        """How many trainees are competent in the skill of column `index`."""
        return sum(1 for row in self.rows if (level := row.levels[index]) is not None and level.competent)

    def certificates(self) -> int:
        """Trainees who hold a certificate or may have one now."""
        return sum(1 for row in self.rows if row.certificate != CertificateState.NOT_YET)


def collect_progress(store: Store, programme: Programme) -> Progress:
    marks = latest(store, programme.id)
    placed = [(day, skill) for day, skills in curriculum(store, programme.id) for skill in skills]
    columns = [SkillColumn(day.number, day.date, skill.name) for day, skill in placed]
    people = [p for p in (store.get(Participant, i) for i in programme.participant_ids) if p is not None]
    rows = []
    for person in sorted(people, key=lambda p: p.name.lower()):
        levels = [
            Level(mark.level) if (mark := marks.get((person.id, skill.id))) is not None else None for _, skill in placed
        ]
        standing = eligibility(store, programme.id, person.id)
        if certificate_of(store, programme.id, person.id) is not None:
            state = CertificateState.ISSUED
        else:
            state = CertificateState.READY if standing.ok else CertificateState.NOT_YET
        rows.append(ProgressRow(person.name, person.village, levels, standing.attendance_percent, state))
    bar = programme.attendance_bar_percent
    return Progress(programme.name, programme.agency, bar, columns, rows, programme.start, programme.end)


def level_word(level: Level, lang: str = 'id') -> str:
    """`2 Bisa`: the number and the word, as the scale is taught."""
    return f'{int(level)} {t(f"level.{int(level)}", lang)}'


def progress_table(progress: Progress, lang: str = 'id') -> list[list[str | int | None]]:
    """Two header rows (the days over their skills, then the column titles), the trainees, a totals row."""
    fixed = [t('doc.col.no', lang), t('doc.col.name', lang), t('doc.col.village', lang)]
    days: list[str | int | None] = [None] * len(fixed)
    for index, column in enumerate(progress.columns):
        first = index == 0 or progress.columns[index - 1].day_number != column.day_number
        days.append(
            t('doc.grid.day', lang, number=column.day_number, date=f'{column.day_date:%d/%m}') if first else None
        )
    days += [None, None, None]
    header: list[str | int | None] = [
        *fixed,
        *(column.name for column in progress.columns),
        t('doc.progress.competent', lang, total=len(progress.columns)),
        t('doc.grid.percent', lang),
        t('doc.progress.certificate', lang),
    ]
    table = [days, header]
    for number, row in enumerate(progress.rows, start=1):
        table.append(
            [
                number,
                row.name,
                row.village,
                *(level_word(level, lang) if level is not None else None for level in row.levels),
                row.competent,
                row.attendance_percent,
                t(f'doc.progress.state.{row.certificate}', lang),
            ]
        )
    table.append(
        [
            None,
            t('doc.progress.total_row', lang),
            None,
            *(progress.skill_total(i) for i in range(len(progress.columns))),
            None,
            None,
            progress.certificates(),
        ]
    )
    return table


FILLS = {  # light enough to print in grey on a village office's printer
    Level.BELUM: PatternFill('solid', fgColor='FDE2E2'),
    Level.DICOBA: PatternFill('solid', fgColor='FEF3C7'),
    Level.BISA: PatternFill('solid', fgColor='D1FAE5'),
    Level.MAHIR: PatternFill('solid', fgColor='A7F3D0'),
}


def progress_xlsx(progress: Progress, lang: str = 'id') -> bytes:
    """One sheet: the title and the scale, then the grid (the days over their skills), its total row, names and
    header rows frozen; each mark in its level's colour."""
    book, sheet = xlsx.new_book(t('doc.progress.sheet', lang))
    legend = t('doc.progress.legend', lang, bar=progress.bar)
    period = date_range(progress.start, progress.end, lang)
    title = xlsx.Title(progress.programme, progress.agency, t('doc.progress.title', lang), period, notes=[legend])
    placed = xlsx.write_sheet(sheet, title, progress_sheet(progress, lang))
    skills_from, skills_to = 4, 3 + len(progress.columns)
    for row in sheet.iter_rows(min_row=placed.first, max_row=placed.last, min_col=skills_from, max_col=skills_to):
        for cell in row:
            if isinstance(cell.value, str):
                cell.fill = FILLS[Level(int(cell.value[0]))]
                cell.alignment = Alignment(horizontal='center')
    _merge_days(sheet, progress, placed.top, placed.total or placed.last, skills_from)
    return workbook_bytes(book)


def progress_sheet(progress: Progress, lang: str = 'id') -> xlsx.Table:
    """`progress_table` as a sheet's table: the days' row over the column titles, the trainees, and a total row
    counting who is competent in each skill and who may have a certificate."""
    days, header, *trainees, totals = progress_table(progress, lang)
    kind = xlsx.Kind
    kinds = [kind.NUMBER, *([kind.TEXT] * (2 + len(progress.columns))), kind.COUNT, kind.RATE, kind.TEXT]
    columns = [xlsx.Column(str(title), k) for title, k in zip(header, kinds, strict=True)]
    columns[1] = xlsx.Column(str(header[1]), width=xlsx.NAME_WIDTH)
    skills = range(3, 3 + len(progress.columns))
    return xlsx.Table(
        columns,
        trainees,
        total_label=str(totals[1]),
        totals={**{i: totals[i] for i in skills}, len(columns) - 1: totals[-1]},
        above=[days],
        frozen_columns=3,
    )


def _merge_days(sheet: Worksheet, progress: Progress, top: int, bottom: int, first_column: int) -> None:
    """The day label spans its skills' columns, with a rule on its left so the days read as blocks."""
    start = 0
    edge = Border(left=Side(style='medium'), right=xlsx.THIN, top=xlsx.THIN, bottom=xlsx.THIN)
    for index in range(1, len(progress.columns) + 1):
        if index == len(progress.columns) or progress.columns[index].day_number != progress.columns[start].day_number:
            if index - start > 1:
                sheet.merge_cells(
                    start_row=top, start_column=first_column + start, end_row=top, end_column=first_column + index - 1
                )
            for r in range(top, bottom + 1):
                sheet.cell(r, first_column + start).border = edge
            start = index


# ---- the certificate ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificatePaper:
    """What one certificate shows. `url` is what its QR opens: `{base}/verifikasi/{id}`."""

    number: str
    name: str
    programme: str
    agency: str
    partner: str
    place: str
    start: dt.date
    end: dt.date
    skills: list[tuple[str, Level]]
    attendance_percent: int
    issued_on: dt.date
    url: str
    instructor: Signer = Signer()
    official: Signer = Signer()  # the programme's responsible official signs for the agency
    city: str = ''  # where it is dated
    logo: bytes | None = None  # the agency's, from the programme's letterhead


def collect_certificate(
    store: Store, certificate: Certificate, *, reader: Account, base_url: str
) -> CertificatePaper | None:
    """The paper for an issued certificate, signed by the programme's instructor and its responsible official
    (never by whoever downloads it)."""
    programme = store.get(Programme, certificate.programme_id)
    person = store.get(Participant, certificate.participant_id)
    if programme is None or person is None:
        return None
    return CertificatePaper(
        number=certificate.number or certificate.id,
        name=person.name,
        programme=programme.name,
        agency=programme.agency,
        partner=programme.partner,
        place=programme.place,
        start=programme.start,
        end=programme.end,
        skills=[(skill.name, Level(skill.level)) for skill in certificate.skills],
        attendance_percent=certificate.attendance_percent,
        issued_on=certificate.issued_on,
        url=f'{base_url}/verifikasi/{certificate.id}',
        instructor=instructor_signer(store, programme),
        official=Signer.of(programme.responsible),
        city=programme.city,
        logo=Kop.of(programme, store.folder).logo,
    )


class _Paper(Document):
    """A4 landscape, no page footer: a certificate is one page that goes in a frame."""

    def footer(self) -> None:
        pass


PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 24.0  # inside the frame
CERT_QR = 30.0
INK = (20, 20, 20)
SOFT = (90, 90, 90)


def certificate_pdf(paper: CertificatePaper, lang: str = 'id') -> bytes:
    """One A4 landscape page: frame, agency, SERTIFIKAT, her name, the course, her skills, sign-offs, QR."""
    return certificates_pdf([paper], lang)


def certificates_pdf(papers: list[CertificatePaper], lang: str = 'id') -> bytes:
    """Certificates one a page, for the coordinator to print a whole class at once."""
    first = papers[0]
    name = first.name if len(papers) == 1 else str(len(papers))
    doc = _Paper(lang, title=t('doc.cert.pdf_title', lang, name=name, programme=first.programme))
    doc.set_auto_page_break(False)
    doc.set_margins(MARGIN, MARGIN, MARGIN)
    for paper in papers:
        doc.add_page(orientation='L')
        doc.set_text_color(*INK)
        _frame(doc)
        _heading(doc, paper)
        _body(doc, paper)
        _skills(doc, paper, top=doc.get_y() + 3, bottom=PAGE_H - MARGIN - 44)
        _footer_blocks(doc, paper, top=PAGE_H - MARGIN - 40)
    return doc.to_bytes()


def _frame(doc: Document) -> None:
    """A thick outer rule, a thin inner one, and small squares in the corners between them."""
    doc.set_draw_color(*INK)
    doc.set_line_width(1.6)
    doc.rect(9, 9, PAGE_W - 18, PAGE_H - 18)
    doc.set_line_width(0.3)
    doc.rect(13, 13, PAGE_W - 26, PAGE_H - 26)
    for x, y in ((9, 9), (PAGE_W - 17, 9), (9, PAGE_H - 17), (PAGE_W - 17, PAGE_H - 17)):
        doc.set_fill_color(*INK)
        doc.rect(x, y, 8, 8, style='F')
        doc.set_fill_color(255, 255, 255)
        doc.rect(x + 2, y + 2, 4, 4, style='F')
    doc.set_line_width(0.2)


def _centred(doc: Document, text: str, *, size: float, bold: bool = False, height: float, colour: tuple = INK) -> None:
    doc.set_text_color(*colour)
    doc.set_font(FONT, 'B' if bold else '', size)
    doc.set_x(doc.l_margin)
    doc.multi_cell(doc.content_width, height, text, align='C', new_x=XPos.LMARGIN)
    doc.set_text_color(*INK)


def _heading(doc: Document, paper: CertificatePaper) -> None:
    lang = doc.lang
    if paper.logo:  # top left inside the frame, clear of the centred agency name
        doc.image(io.BytesIO(paper.logo), x=MARGIN - 4, y=MARGIN - 6, h=LOGO_HEIGHT, keep_aspect_ratio=True)
    doc.set_y(MARGIN - 4)
    _centred(doc, paper.agency.upper(), size=12, bold=True, height=6)
    if paper.partner:
        _centred(doc, t('doc.partner', lang, partner=paper.partner), size=9, height=4.5, colour=SOFT)
    doc.set_y(doc.get_y() + 4)
    _centred(doc, _spaced(t('doc.cert.title', lang)), size=34, bold=True, height=14)
    _centred(doc, t('doc.cert.number', lang, number=paper.number), size=8.5, height=4.5, colour=SOFT)


def _spaced(word: str) -> str:
    """`S E R T I F I K A T`: the letter-spaced title of a certificate."""
    return ' '.join(word)


def _body(doc: Document, paper: CertificatePaper) -> None:
    lang = doc.lang
    doc.set_y(doc.get_y() + 3)
    _centred(doc, t('doc.cert.given_to', lang), size=11, height=6)
    doc.set_y(doc.get_y() + 1)
    size = 26.0
    doc.set_font(FONT, 'B', size)
    while size > 16 and doc.get_string_width(paper.name) > doc.content_width - 40:
        size -= 1
        doc.set_font(FONT, 'B', size)
    _centred(doc, paper.name, size=size, bold=True, height=size * 0.45)
    width = min(doc.content_width - 40, max(90, doc.get_string_width(paper.name) + 20))
    doc.set_line_width(0.4)
    line_y = doc.get_y() + 1
    doc.line((PAGE_W - width) / 2, line_y, (PAGE_W + width) / 2, line_y)
    doc.set_line_width(0.2)
    doc.set_y(line_y + 3)
    _centred(doc, t('doc.cert.completed', lang), size=11, height=6)
    _centred(doc, paper.programme, size=15, bold=True, height=7)
    when = date_range(paper.start, paper.end, lang)
    held = t('doc.cert.held', lang, place=paper.place, dates=when, attendance=paper.attendance_percent)
    _centred(doc, held, size=9.5, height=5, colour=SOFT)


def _skills(doc: Document, paper: CertificatePaper, *, top: float, bottom: float) -> None:
    """Her skills in up to four columns, each `Bolu kukus — Bisa`, smaller type when there are many."""
    lang = doc.lang
    doc.set_xy(doc.l_margin, top)
    doc.set_font(FONT, 'B', 10)
    doc.cell(doc.content_width, 5.5, t('doc.cert.skills', lang, count=len(paper.skills)), align='C')
    count = len(paper.skills)
    columns = 1 if count <= 4 else 2 if count <= 10 else 3 if count <= 24 else 4
    per_column = -(-count // columns) if count else 0
    room = bottom - (top + 7)
    line = min(5.5, room / per_column) if per_column else 5.5
    size = max(6.0, min(10.0, line * 1.9))
    doc.set_font(FONT, '', size)
    texts = [(name, t(f'level.{int(level)}', lang)) for name, level in paper.skills]
    longest = max((doc.get_string_width(f'\u2022 {name} \u2014 {word}') for name, word in texts), default=0)
    width = min((doc.content_width - 10) / columns, longest + 12)  # columns as wide as their longest line
    left = (PAGE_W - width * columns) / 2
    for index, (name, word) in enumerate(texts):
        column, row = divmod(index, per_column)
        doc.set_xy(left + column * width + 4, top + 7 + row * line)
        shown = name
        text = f'\u2022 {shown} \u2014 {word}'
        while doc.get_string_width(text) > width - 6 and len(shown) > 4:
            shown = shown[:-1]
            text = f'\u2022 {shown.rstrip()}… \u2014 {word}'
        doc.cell(width - 6, line, text)


def _footer_blocks(doc: Document, paper: CertificatePaper, *, top: float) -> None:
    """The QR with its caption on the left; the instructor in the middle; the issuing office on the right."""
    lang = doc.lang
    doc.image(io.BytesIO(png(paper.url)), x=MARGIN, y=top + 2, w=CERT_QR, h=CERT_QR)
    doc.set_text_color(*SOFT)
    doc.set_font(FONT, '', 6.5)
    doc.set_xy(MARGIN + CERT_QR + 2, top + 8)
    doc.multi_cell(40, 3, t('doc.cert.scan', lang), new_x=XPos.LEFT)
    doc.set_text_color(*INK)
    block = 76.0
    middle = PAGE_W / 2 - block / 2 + 14
    right = PAGE_W - MARGIN - block
    date = date_text(paper.issued_on, lang)
    issued = (
        t('doc.sign.dated', lang, city=paper.city, date=date) if paper.city else t('doc.cert.issued', lang, date=date)
    )
    _signature(doc, middle, top, block, ['', t('doc.sign.instructor', lang) + ','], paper.instructor)
    official = (paper.official.title or t('doc.sign.responsible', lang)) + ','
    _signature(doc, right, top, block, [issued, official], paper.official)


def _signature(doc: Document, x: float, top: float, width: float, above: list[str], signer: Signer) -> None:
    lang = doc.lang
    for number, text in enumerate(above):
        centred_fit(doc, text, x, top + number * 5, width, size=9.5)
    doc.set_xy(x, top + 28)
    doc.set_font(FONT, 'B' if signer.name else '', 10)
    doc.cell(width, 5, signer.name or '.' * 40, align='C')
    doc.set_line_width(0.3)
    doc.line(x + 8, top + 33.5, x + width - 8, top + 33.5)
    doc.set_line_width(0.2)
    doc.set_xy(x, top + 34)
    doc.set_font(FONT, '', 9)
    doc.cell(width, 5, t('doc.sign.nip', lang, nip=signer.nip or '.' * 30), align='C')


# ---- the public check ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public check of a certificate may show: her initials, or her full name when she agreed to
    that (a standing `ConsentScope.PUBLIC_NAME` consent); never her phone or village."""

    holder: str
    programme: str
    agency: str
    start: dt.date
    end: dt.date
    issued_on: dt.date
    skills: int


def initials(name: str) -> str:
    """`Siti Nurhayati` → `S. N.`; at most four letters, for long names."""
    letters = [word[0].upper() for word in name.split() if word[:1].isalpha()]
    return ' '.join(f'{letter}.' for letter in letters[:4])


def collect_verification(store: Store, certificate: Certificate) -> Verification | None:
    programme = store.get(Programme, certificate.programme_id)
    person = store.get(Participant, certificate.participant_id)
    if programme is None or person is None:
        return None
    return Verification(
        person.name if person.agreed(ConsentScope.PUBLIC_NAME) else initials(person.name),
        programme.name,
        programme.agency,
        programme.start,
        programme.end,
        certificate.issued_on,
        len(certificate.skills),
    )
