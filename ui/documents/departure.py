"""The pre-departure sheet a village office hands out: one A4 page in Indonesian under the secretariat's letterhead,
with the documents the legal route needs (ticked, with the day each was brought, on a villager's own sheet), the
route step by step, what to beware of, where to register (the one-stop service office LTSA, the agency's provincial
office BP3MI, the manpower office) and whom to call.

A collector (`route_sheet`) reads the store into plain data; `departure_pdf` draws it without the store or the
clock. Black on white, for whatever printer the office has; its type is made smaller until it fits one page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fpdf.enums import XPos, YPos

from models.departure import Checklist
from models.secretariat import Secretariat
from store import Store
from store.departure import guide_of

from ..departure_text import GuideText, document_name, guide_text
from ..format import date_text, short_date
from ..i18n import t
from .pdf import FONT, Document, Kop, kop

SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)  # pt: the first at which the whole sheet fits one page


@dataclass(frozen=True)
class DocumentLine:
    name: str
    brought: dt.date | None


@dataclass(frozen=True)
class Holder:
    """Whose sheet it is: her name, where she means to work, her phone."""

    name: str
    country: str
    phone: str


@dataclass(frozen=True)
class RouteSheet:
    kop: Kop
    guide: GuideText
    documents: tuple[DocumentLine, ...]
    printed: dt.date
    holder: Holder | None = None


def route_sheet(store: Store, secretariat: Secretariat, printed: dt.date, checklist: Checklist | None = None,
                lang: str = 'id') -> RouteSheet:  # fmt: skip
    """The sheet's data: the secretariat's guide, and with `checklist` her documents as she has brought them."""
    documents = guide_of(store, secretariat.id).documents
    ticked = checklist.ticked if checklist else {}
    holder = Holder(checklist.name, checklist.country, checklist.phone) if checklist else None
    return RouteSheet(
        kop=Kop(secretariat.name, secretariat.place(), secretariat.wa_number),
        guide=guide_text(store, secretariat, lang),
        documents=tuple(DocumentLine(document_name(item, lang), ticked.get(item.key)) for item in documents),
        printed=printed,
        holder=holder,
    )


def departure_pdf(sheet: RouteSheet, lang: str = 'id') -> bytes:
    """The sheet on one A4 page, at the largest type that fits."""
    title = t('departure.pdf.title', lang)
    for size in SIZES:
        doc = Document(lang, title=title, footer_note=sheet.kop.agency[:70])
        doc.set_auto_page_break(True, margin=14)
        doc.add_page()
        _draw(doc, sheet, size)
        if doc.page == 1 or size == SIZES[-1]:
            return doc.to_bytes()
    raise AssertionError('unreachable')


def _draw(doc: Document, sheet: RouteSheet, size: float) -> None:
    lang = doc.lang
    kop(doc, sheet.kop)
    doc.text_line(t('departure.pdf.title', lang).upper(), size=size + 3.5, bold=True, align='C', height=6.5)
    doc.text_line(t('departure.pdf.subtitle', lang), size=size, align='C', height=size * 0.5)
    doc.set_y(doc.get_y() + 2)
    if sheet.holder is not None:
        _holder(doc, sheet.holder, sheet.printed, size)
    _heading(doc, t('departure.pdf.documents', lang), size)
    _documents(doc, sheet.documents, size, ticks=sheet.holder is not None)
    _heading(doc, t('departure.pdf.steps', lang), size)
    _steps(doc, sheet.guide.steps, size)
    _warnings(doc, sheet.guide.warnings, size)
    if sheet.guide.offices:
        _heading(doc, t('departure.pdf.offices', lang), size)
        _offices(doc, sheet.guide, size)
    if sheet.guide.helplines:
        _heading(doc, t('departure.pdf.help', lang), size)
        for line in sheet.guide.helplines:
            doc.text_line(f'• {line}', size=size, height=size * 0.48)
    doc.set_y(doc.get_y() + 2)
    doc.text_line(t('departure.pdf.printed', lang, date=date_text(sheet.printed, lang)), size=size - 1.5,
                  height=size * 0.45)  # fmt: skip


def _heading(doc: Document, text: str, size: float) -> None:
    doc.set_y(doc.get_y() + size * 0.25)
    doc.text_line(text, size=size + 1.5, bold=True, height=size * 0.62)
    doc.rule(width=0.3, gap=1.2)


def _holder(doc: Document, holder: Holder, printed: dt.date, size: float) -> None:
    """Her name, where she means to work and her phone, in a ruled box."""
    lang = doc.lang
    top = doc.get_y()
    rows = [(t('departure.pdf.name', lang), holder.name)]
    if holder.country:
        rows.append((t('departure.pdf.country', lang), holder.country))
    if holder.phone:
        rows.append((t('departure.pdf.phone', lang), holder.phone))
    doc.set_y(top + 1.5)
    height = size * 0.5
    for label, value in rows:
        doc.set_font(FONT, '', size)
        doc.set_x(doc.l_margin + 2)
        doc.cell(34, height, label)
        doc.cell(4, height, ':')
        doc.set_font(FONT, 'B', size)
        doc.multi_cell(doc.content_width - 42, height, value, align='L', new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_y(doc.get_y() + 1.5)
    doc.set_line_width(0.3)
    doc.rect(doc.l_margin, top, doc.content_width, doc.get_y() - top)
    doc.set_line_width(0.2)
    doc.set_y(doc.get_y() + 1)


def _documents(doc: Document, lines: tuple[DocumentLine, ...], size: float, *, ticks: bool) -> None:
    """Boxes in two columns (three for a long list), down each column: ticked, with the day, for the documents she
    has brought; empty for the rest. A long name wraps under itself."""
    columns = 2 if len(lines) <= 16 else 3
    width = doc.content_width / columns
    line_height, box = size * 0.45, size * 0.42
    rows = (len(lines) + columns - 1) // columns
    texts = [_document_text(doc, line, ticks) for line in lines]
    doc.set_font(FONT, '', size)
    heights = [0.0] * rows
    for index, text in enumerate(texts):
        wrapped = len(doc.wrapped(text, width - box - 4, line_height)) or 1
        heights[index % rows] = max(heights[index % rows], wrapped * line_height + size * 0.17)
    top = doc.get_y()
    for index, (line, text) in enumerate(zip(lines, texts, strict=True)):
        column, row = divmod(index, rows)
        x, y = doc.l_margin + column * width, top + sum(heights[:row])
        doc.set_line_width(0.3)
        doc.rect(x + 1, y + 0.4, box, box)
        if ticks and line.brought is not None:
            _tick(doc, x + 1, y + 0.4, box)
        doc.set_font(FONT, '', size)
        doc.set_xy(x + box + 2.5, y)
        doc.multi_cell(width - box - 4, line_height, text, align='L')
    doc.set_line_width(0.2)
    doc.set_y(top + sum(heights) + 1)
    if ticks:
        done = sum(1 for line in lines if line.brought is not None)
        doc.text_line(t('departure.progress', doc.lang, done=done, total=len(lines)), size=size, bold=True,
                      height=size * 0.5)  # fmt: skip


def _document_text(doc: Document, line: DocumentLine, ticks: bool) -> str:
    if ticks and line.brought is not None:
        return f'{line.name} ({t("departure.brought", doc.lang, date=short_date(line.brought, doc.lang))})'
    return line.name


def _tick(doc: Document, x: float, y: float, side: float) -> None:
    doc.set_line_width(0.5)
    doc.line(x + side * 0.18, y + side * 0.55, x + side * 0.42, y + side * 0.8)
    doc.line(x + side * 0.42, y + side * 0.8, x + side * 0.85, y + side * 0.2)


def _steps(doc: Document, steps: tuple[tuple[str, str], ...], size: float) -> None:
    """The route, numbered: each step's title in bold, what she does beside it."""
    height = size * 0.47
    for number, (title, text) in enumerate(steps, start=1):
        y = doc.get_y()
        doc.set_font(FONT, 'B', size + 1)
        doc.set_xy(doc.l_margin, y)
        doc.cell(7, height + 0.4, f'{number}.')
        doc.set_xy(doc.l_margin + 7, y)
        doc.set_font(FONT, 'B', size)
        doc.multi_cell(doc.content_width - 7, height, title, align='L', new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.set_font(FONT, '', size)
        doc.set_x(doc.l_margin + 7)
        doc.multi_cell(doc.content_width - 7, height, text, align='L', new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.set_y(doc.get_y() + size * 0.12)


def _warnings(doc: Document, warnings: tuple[str, ...], size: float) -> None:
    """What to beware of, in a box with a heavy rule: the lines a calo would rather she not read."""
    doc.set_y(doc.get_y() + size * 0.3)
    top = doc.get_y()
    doc.set_y(top + 1.5)
    doc.text_line(t('departure.pdf.beware', doc.lang), size=size + 0.5, bold=True, height=size * 0.55)
    for line in warnings:
        doc.set_font(FONT, '', size)
        doc.set_x(doc.l_margin + 3)
        doc.multi_cell(doc.content_width - 6, size * 0.47, f'• {line}', align='L', new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_y(doc.get_y() + 1.5)
    doc.set_line_width(0.8)
    doc.rect(doc.l_margin, top, doc.content_width, doc.get_y() - top)
    doc.set_line_width(0.2)


def _offices(doc: Document, guide: GuideText, size: float) -> None:
    """The offices side by side, each: what it is for, its name, address and telephone."""
    count = len(guide.offices)
    width = doc.content_width / count
    top, bottom = doc.get_y(), doc.get_y()
    height = size * 0.47
    for index, office in enumerate(guide.offices):
        x = doc.l_margin + index * width
        doc.set_xy(x, top)
        doc.set_font(FONT, 'B', size)
        doc.multi_cell(width - 3, height, office.kind, align='L', new_x=XPos.LEFT, new_y=YPos.NEXT)
        doc.set_font(FONT, '', size)
        for text in (office.name, office.address, t('doc.phone', doc.lang, phone=office.phone) if office.phone else ''):
            if text:
                doc.set_x(x)
                doc.multi_cell(width - 3, height, text, align='L', new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottom = max(bottom, doc.get_y())
    doc.set_y(bottom + 1)
