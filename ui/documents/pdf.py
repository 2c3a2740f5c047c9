"""The base of our PDFs: A4, the vendored DejaVu font (Indonesian names need more than Latin-1), a page
footer with `page x/y`, and a table that repeats its header row on every page it runs over.

Black on white only: the *daftar hadir* is printed on whatever printer the village office has.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from models.programme import Official, Programme
from store import files

from ..i18n import t

FONTS = Path(__file__).resolve().parent.parent.parent / 'assets' / 'fonts'
FONT = 'DejaVu'
LINE = 4.6  # mm per line of 9-pt text in table cells
PADDING = 1.2  # mm inside a cell, left/right and top/bottom

# A cell is text, or a function that draws into the box (x, y, width, height) itself.
Drawer = Callable[['Document', float, float, float, float], None]
Cell = str | Drawer


class Document(FPDF):
    """An A4 page set with our font and footer. `footer_note` is printed at the bottom left of every page."""

    def __init__(self, lang: str, *, title: str, footer_note: str = '', footer_y: float = -11) -> None:
        super().__init__(orientation='P', unit='mm', format='A4')
        self.lang = lang
        self.footer_note = footer_note
        self.footer_y = footer_y
        self.add_font(FONT, '', str(FONTS / 'DejaVuSans.ttf'))
        self.add_font(FONT, 'B', str(FONTS / 'DejaVuSans-Bold.ttf'))
        self.set_title(title)
        self.set_creator('Berdaya')
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_draw_color(0)
        self.set_text_color(0)
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        self.set_y(self.footer_y)
        self.set_font(FONT, size=7)
        width = self.content_width
        if self.footer_note:
            self.cell(width / 2, 4, self.footer_note, align='L')
        self.set_x(self.l_margin + width / 2)
        pages = t('doc.page', self.lang, page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(width / 2, 4, pages, align='R')

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def to_bytes(self) -> bytes:
        return bytes(self.output())

    def text_line(
        self, text: str, *, size: float = 10, bold: bool = False, align: str = 'L', height: float = 5
    ) -> None:
        """One full-width line of text (wrapped if long), then a new line."""
        self.set_font(FONT, 'B' if bold else '', size)
        self.set_x(self.l_margin)
        self.multi_cell(self.content_width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def wrapped(self, text: str, width: float, height: float) -> list[str]:
        """`text` broken into the lines it would take in the current font at `width` mm."""
        lines = self.multi_cell(width, height, text, dry_run=True, output='LINES')
        return [str(line) for line in lines] if isinstance(lines, list) else []

    def labelled(
        self, rows: Sequence[tuple[str, str]], *, label_width: float, height: float, indent: float = 0
    ) -> None:
        """`Label : value` lines in 10-pt text, the colons in one column and each value wrapped beside its label."""
        value_width = self.content_width - indent - label_width - 4
        for label, value in rows:
            self.set_font(FONT, '', 10)
            self.set_x(self.l_margin + indent)
            self.cell(label_width, height, label)
            self.cell(4, height, ':')
            self.multi_cell(value_width, height, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rule(self, width: float = 0.2, gap: float = 1.0) -> None:
        """A horizontal line across the page at the current position."""
        self.set_line_width(width)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_y(self.get_y() + gap)
        self.set_line_width(0.2)


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm
    align: str = 'L'


class Table:
    """A bordered table whose rows grow with their wrapped text and never split across pages.

    When a row does not fit, a new page starts with `on_new_page` (e.g. a running title) and the header row.
    """

    def __init__(
        self,
        doc: Document,
        columns: Sequence[Column],
        *,
        size: float = 9,
        min_height: float = 0,
        on_new_page: Callable[[Document], None] | None = None,
    ) -> None:
        self.doc = doc
        self.columns = list(columns)
        self.size = size
        self.min_height = min_height
        self.on_new_page = on_new_page

    def header(self) -> None:
        """The header row; on a new page if it would stand alone at the bottom of this one."""
        titles = [c.title for c in self.columns]
        height = self._row_height(titles, bold=True, min_height=0)
        if self.doc.get_y() + height + self.min_height > self.doc.page_break_trigger:
            self._new_page()
        self._draw(titles, height, bold=True, align='C', line_width=0.4)

    def row(self, cells: Sequence[Cell], *, bold: bool = False, keep: float = 0) -> None:
        """One row; with `keep` (mm), on a new page unless that much room is left under it as well: the last
        rows of a signed list go over with the sign-off, never leaving it alone on a page."""
        height = self._row_height(cells, bold=bold, min_height=self.min_height)
        if self.doc.get_y() + height + keep > self.doc.page_break_trigger:
            self._new_page()
            self.header()
        self._draw(cells, height, bold=bold, align=None, line_width=0.2)

    def _new_page(self) -> None:
        self.doc.add_page()
        if self.on_new_page:
            self.on_new_page(self.doc)

    def _row_height(self, cells: Sequence[Cell], *, bold: bool, min_height: float) -> float:
        self.doc.set_font(FONT, 'B' if bold else '', self.size)
        return max(min_height, *(self._height(cell, column) for cell, column in zip(cells, self.columns, strict=True)))

    def _draw(self, cells: Sequence[Cell], height: float, *, bold: bool, align: str | None, line_width: float) -> None:
        doc = self.doc
        doc.set_font(FONT, 'B' if bold else '', self.size)
        x, y = doc.l_margin, doc.get_y()
        doc.set_line_width(line_width)
        for cell, column in zip(cells, self.columns, strict=True):
            doc.rect(x, y, column.width, height)
            if callable(cell):
                cell(doc, x, y, column.width, height)
            elif cell:
                text_height = self._height(cell, column) - 2 * PADDING
                doc.set_xy(x + PADDING, y + (height - text_height) / 2)  # centred, as a hand-ruled list reads
                doc.multi_cell(column.width - 2 * PADDING, LINE, cell, align=align or column.align)
            x += column.width
        doc.set_line_width(0.2)
        doc.set_xy(doc.l_margin, y + height)

    def _height(self, cell: Cell, column: Column) -> float:
        if callable(cell) or not cell:
            return LINE + 2 * PADDING
        return len(self.doc.wrapped(cell, column.width - 2 * PADDING, LINE)) * LINE + 2 * PADDING


# ---- the letterhead and the sign-offs ----------------------------------------------------------------


@dataclass(frozen=True)
class Kop:
    """The agency's letterhead (*kop surat*): its logo, name, address and phone, and the partner it works with."""

    agency: str
    address: str = ''
    phone: str = ''
    partner: str = ''
    logo: bytes | None = None  # a PNG, from the programme's papers (store/images.py made it)

    @classmethod
    def of(cls, programme: Programme, data_folder: Path | None) -> Kop:
        """The programme's letterhead; its logo read from the data folder the store keeps files in."""
        logo = _kept_file(data_folder, programme.logo) if data_folder is not None and programme.logo else None
        return cls(programme.agency, programme.agency_address, programme.agency_phone, programme.partner, logo)


@lru_cache(maxsize=16)
def _kept_file(data_folder: Path, name: str) -> bytes | None:
    """A kept file's bytes; cached, as a name always means the same bytes (store/files.py)."""
    return files.read(data_folder, name)


LOGO_HEIGHT = 20.0  # mm, at the left of the letterhead; the text stays centred between equal margins


def kop(doc: Document, letterhead: Kop) -> None:
    """The letterhead centred at the top of the page, over the double rule of an Indonesian letter."""
    lang = doc.lang
    top, margins = doc.get_y(), (doc.l_margin, doc.r_margin)
    if letterhead.logo:
        doc.image(io.BytesIO(letterhead.logo), x=doc.l_margin, y=top, h=LOGO_HEIGHT, keep_aspect_ratio=True)
        inset = LOGO_HEIGHT + 6  # the text clear of the logo on the left, centred by the same on the right
        doc.set_margins(margins[0] + inset, doc.t_margin, margins[1] + inset)
    doc.text_line(letterhead.agency.upper(), size=13, bold=True, align='C', height=6)
    phone = t('doc.phone', lang, phone=letterhead.phone) if letterhead.phone else ''
    contact = ' · '.join(part for part in (letterhead.address, phone) if part)
    if contact:
        doc.text_line(contact, size=9, align='C', height=4.5)
    if letterhead.partner:
        doc.text_line(t('doc.partner', lang, partner=letterhead.partner), size=9, align='C', height=4.5)
    doc.set_margins(margins[0], doc.t_margin, margins[1])
    doc.set_y(max(doc.get_y(), top + LOGO_HEIGHT if letterhead.logo else 0) + 1.5)
    doc.rule(width=0.8, gap=0.8)
    doc.rule(width=0.2, gap=4)


@dataclass(frozen=True)
class Signer:
    """Who signs a block, as the agency writes them; a blank name and NIP stay dotted lines to fill by hand."""

    name: str = ''
    nip: str = ''
    title: str = ''  # jabatan: "Kepala Bidang Rehabilitasi Sosial"
    rank: str = ''  # pangkat/golongan: "Pembina, IV/a"

    @classmethod
    def of(cls, official: Official) -> Signer:
        return cls(official.name, official.nip, official.title, official.rank)


@dataclass(frozen=True)
class SignBlock:
    """One signature block: the lines above the signing space (a dated place, "Mengetahui,", the role), then
    the signer's name, rank and NIP; `with_nip` off for someone who has none (a trainee receiving aid). With
    `seal`, a dashed box so labelled sits in the signing space left of centre: where the *meterai* is stuck, the
    signature running over its edge."""

    above: tuple[str, ...]
    signer: Signer
    with_nip: bool = True
    seal: str = ''


BLOCK_HEIGHT = 44.0  # mm: three lines above, the signing space, name, rank and NIP


def sign_off_height(*, known: bool) -> float:
    """The room `sign_off` takes, with the superior official's block under the two or without it."""
    return 4 + BLOCK_HEIGHT * (2 if known else 1)


def sign_off(doc: Document, left: SignBlock | None, right: SignBlock | None, known: SignBlock | None = None) -> None:
    """Two blocks side by side and, under them and centred, the superior official's ("Mengetahui,"); all on
    one page (a caller keeps its last rows with it: `Table.row(keep=sign_off_height(...))`)."""
    height = sign_off_height(known=known is not None)
    if doc.get_y() + height > doc.page_break_trigger:
        doc.add_page()
    top = doc.get_y() + 4
    half = doc.content_width / 2
    lines = max(len(block.above) for block in (left, right) if block is not None) if left or right else 0
    for x, block in ((doc.l_margin, left), (doc.l_margin + half, right)):
        if block is not None:  # side by side, names on one line: the shorter block's lines start lower
            padded = ('',) * (lines - len(block.above)) + block.above
            _sign_block(doc, x, top, half, replace(block, above=padded))
    if known is not None:
        _sign_block(doc, doc.l_margin + half / 2, top + BLOCK_HEIGHT, half, known)
    doc.set_y(top + height - 4)


def centred_fit(doc: Document, text: str, x: float, y: float, width: float, *, size: float = 10.0) -> None:
    """One line centred in `width` at (x, y), its font made smaller (to 7 pt) until it fits: a long title such
    as "Kepala Bidang Penempatan dan Perluasan Kesempatan Kerja," stays inside its block."""
    doc.set_font(FONT, '', size)
    while doc.get_string_width(text) > width - 4 and size > 7:
        size -= 0.5
        doc.set_font(FONT, '', size)
    doc.set_xy(x, y)
    doc.cell(width, 5, text, align='C')


def _sign_block(doc: Document, x: float, top: float, width: float, block: SignBlock) -> None:
    signer = block.signer
    for number, text in enumerate(block.above):
        centred_fit(doc, text, x, top + number * 5, width)
    y = top + 5 * max(len(block.above), 2) + 18
    if block.seal:
        _seal_box(doc, block.seal, x + width / 2 - SEAL_W - 2, y - SEAL_H - 1)
    doc.set_xy(x, y)
    doc.set_font(FONT, 'B' if signer.name else '', 10)
    doc.cell(width, 5, signer.name or '.' * 40, align='C')
    doc.set_font(FONT, '', 9)
    for line in (signer.rank, t('doc.sign.nip', doc.lang, nip=signer.nip or '.' * 30) if block.with_nip else ''):
        if line:
            y += 4.5
            doc.set_xy(x, y)
            doc.cell(width, 5, line, align='C')


SEAL_W, SEAL_H = 26.0, 16.0  # mm: about a meterai tempel's size, inside the signing space's 18 mm


def _seal_box(doc: Document, label: str, x: float, y: float) -> None:
    """A dashed rectangle with `label` in small type inside it: the place for the stamp duty (*meterai*)."""
    doc.set_line_width(0.2)
    doc.set_dash_pattern(dash=1.2, gap=0.8)
    doc.rect(x, y, SEAL_W, SEAL_H)
    doc.set_dash_pattern()
    doc.set_font(FONT, '', 7)
    lines = doc.wrapped(label, SEAL_W - 2, 3.2)
    doc.set_xy(x + 1, y + (SEAL_H - 3.2 * len(lines)) / 2)
    doc.multi_cell(SEAL_W - 2, 3.2, label, align='C')
