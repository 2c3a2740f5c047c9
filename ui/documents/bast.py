"""The *berita acara serah terima* (BAST) of an aid item handed to a group: the agency's official paper that its
responsible official (PIHAK PERTAMA) handed the item over and the group's chair (PIHAK KEDUA) received it, dated
in words, with the item's value in figures and in words (*terbilang*), a *meterai* box beside the chair's
signature, and the committee chair's signature as witness. One A4 page.

A handover to one trainee has a receipt (`aid.py`), not a BAST. As with the other papers, a collector reads the
store into plain data (names and addresses only: never a NIK, a category or case notes) and a builder turns it
into bytes without the store or the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from fpdf.enums import XPos, YPos

from models.aid import AidItem, Handover, bast_number
from models.money import format_rupiah, grouped, terbilang
from models.participant import Group, Participant
from models.programme import Programme
from store import Store
from store.aid import bast_seq

from ..format import LOCALES
from ..i18n import t
from .aid import cancelled_stamp
from .pdf import FONT, Column, Document, Kop, SignBlock, Signer, Table, kop, sign_off, sign_off_height

INDENT = 6.0  # mm: a party's lines under its number
LINE_H = 4.8  # mm a line of 10-pt text: the page holds a BAST whole, its BATAL stamp and witness too


@dataclass(frozen=True)
class Bast:
    number: str
    kop: Kop
    programme: str
    agency: str
    handed_on: dt.date
    place: str  # where it is signed: the group's village
    giver: Signer  # PIHAK PERTAMA: the programme's responsible official, for the agency
    group: str
    chair: str  # PIHAK KEDUA: the group's chair; blank leaves a dotted line to write her name in
    address: str
    item: str
    description: str
    quantity: int
    unit: str
    value: int
    note: str = ''
    witness: Signer | None = None  # the committee chair, when the programme names one
    cancelled: str | None = None  # the reason, when the handover was cancelled: the paper says BATAL


def collect_bast(store: Store, handover: Handover) -> Bast | None:
    """The BAST's data from the store, or None when the handover is not to a group or its item, programme or
    group is gone."""
    item = store.get(AidItem, handover.item_id)
    programme = store.get(Programme, handover.programme_id)
    group = store.get(Group, handover.group_id) if handover.group_id else None
    if item is None or programme is None or group is None:
        return None
    village = f'Desa {group.village}' if group.village else ''
    chair, address = _chair(store, group, handover, village)
    committee = Signer.of(programme.committee)
    return Bast(
        number=bast_number(bast_seq(store, handover), programme.agency_code, handover.handed_on),
        kop=Kop.of(programme, store.folder), programme=programme.name, agency=programme.agency,
        handed_on=handover.handed_on, place=village or programme.city or programme.place.split(',', 1)[0].strip(),
        giver=Signer.of(programme.responsible), group=group.name, chair=chair, address=address, item=item.name,
        description=item.description, quantity=handover.quantity, unit=item.unit, value=handover.value,
        note=handover.note, witness=committee if committee.name else None,
        cancelled=(handover.cancel_reason or '-') if handover.cancelled else None,
    )  # fmt: skip


def _chair(store: Store, group: Group, handover: Handover, village: str) -> tuple[str, str]:
    """The chair's name and address. Without a chair recorded on the group: whoever signed the receipt for it
    (else a blank to write in), at the group's village."""
    person = store.get(Participant, group.chair_id) if group.chair_id else None
    if person is None:
        return handover.receiver_name, village
    return person.name, ', '.join(part for part in (person.address(), person.regency) if part) or village


def bast_pdf(paper: Bast, lang: str = 'id') -> bytes:
    """The BAST on one A4 page (a long description or reason takes the closing and signatures over)."""
    title = t('doc.bast.title', lang)
    doc = Document(lang, title=f'{title} {paper.number}', footer_note=paper.number)
    doc.add_page()
    kop(doc, paper.kop)
    doc.set_font(FONT, 'BU', 13)
    doc.cell(doc.content_width, 6, title.upper(), align='C', new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.text_line(t('doc.aid.number', lang, number=paper.number), size=10, align='C')
    doc.set_y(doc.get_y() + 2)
    doc.text_line(_opening(paper, lang), height=LINE_H)
    _parties(doc, paper)
    doc.set_y(doc.get_y() + 0.5)
    doc.text_line(t('doc.bast.handover', lang, programme=paper.programme), height=LINE_H)
    doc.set_y(doc.get_y() + 1.5)
    _items(doc, paper)
    _closing(doc, paper)
    _signatures(doc, paper)
    return doc.to_bytes()


def _opening(paper: Bast, lang: str) -> str:
    """`Pada hari ini, Senin tanggal tujuh bulan Desember tahun dua ribu dua puluh enam (7-12-2026), …`: the day
    and year in words as an Indonesian official paper writes them (in figures in English)."""
    day = paper.handed_on
    words = lang == 'id'
    return t(
        'doc.bast.opening', lang, weekday=format_date(day, 'EEEE', locale=LOCALES[lang]),
        day=terbilang(day.day) if words else str(day.day), month=format_date(day, 'MMMM', locale=LOCALES[lang]),
        year=terbilang(day.year) if words else str(day.year), date=f'{day.day}-{day.month}-{day.year}',
        place=paper.place,
    )  # fmt: skip


def _parties(doc: Document, paper: Bast) -> None:
    lang, giver = doc.lang, paper.giver
    first = [
        (t('doc.bast.name', lang), giver.name or '.' * 40),
        (t('doc.bast.nip', lang), giver.nip or '.' * 30),
        (t('doc.bast.position', lang), giver.title or '-'),
        (t('doc.bast.agency', lang), paper.agency),
    ]
    _party(doc, '1.', first, t('doc.bast.first_party_is', lang))
    second = [
        (t('doc.bast.name', lang), paper.chair or '.' * 40),
        (t('doc.bast.position', lang), t('doc.bast.chair_of', lang, group=paper.group)),
        (t('doc.bast.address', lang), paper.address or '-'),
    ]
    _party(doc, '2.', second, t('doc.bast.second_party_is', lang, group=paper.group))


def _party(doc: Document, number: str, rows: list[tuple[str, str]], called: str) -> None:
    """One party, numbered: `Nama : …` lines, then what the paper calls it from here on."""
    doc.set_y(doc.get_y() + 0.5)
    doc.set_font(FONT, '', 10)
    doc.set_x(doc.l_margin)
    doc.cell(INDENT, LINE_H, number)
    doc.labelled(rows, label_width=20, height=LINE_H, indent=INDENT)
    doc.set_font(FONT, '', 10)
    doc.set_x(doc.l_margin + INDENT)
    doc.multi_cell(doc.content_width - INDENT, LINE_H, called, align='L', new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _items(doc: Document, paper: Bast) -> None:
    lang = doc.lang
    columns = [
        Column(t('doc.col.no', lang), 10, 'C'),
        Column(t('doc.bast.item', lang), 42),
        Column(t('doc.bast.spec', lang), doc.content_width - 10 - 42 - 17 - 18 - 27),
        Column(t('doc.bast.quantity', lang), 17, 'C'),
        Column(t('doc.bast.unit', lang), 18, 'C'),
        Column(t('doc.bast.value', lang), 27, 'R'),
    ]
    table = Table(doc, columns, size=9)
    table.header()  # one handover is one line: its total is the sentence under it, in figures and in words
    table.row(['1', paper.item, paper.description or '-', str(paper.quantity), paper.unit, grouped(paper.value)])
    doc.set_y(doc.get_y() + 1.5)
    amount = t('doc.bast.in_words', lang, amount=format_rupiah(paper.value), words=terbilang(paper.value))
    doc.text_line(amount, bold=True, height=LINE_H)


def _closing(doc: Document, paper: Bast) -> None:
    """That the goods were received in good order, or, for a cancelled handover, BATAL and why in its place (it
    was never signed: a signed one cannot be cancelled); then the closing formula, on the page of the signatures."""
    lang = doc.lang
    if paper.cancelled is not None:
        cancelled_stamp(doc, paper.cancelled)
    else:
        doc.text_line(t('doc.bast.condition', lang), height=LINE_H)
    if paper.note:
        doc.text_line(t('doc.aid.note', lang, note=paper.note), size=9, height=4.5)
    closing = t('doc.bast.closing', lang)
    doc.set_font(FONT, '', 10)
    height = 1 + len(doc.wrapped(closing, doc.content_width, LINE_H)) * LINE_H
    if doc.get_y() + height + sign_off_height(known=paper.witness is not None) > doc.page_break_trigger:
        doc.add_page()  # a long description or reason: the formula goes over with the signatures, never alone
    doc.set_y(doc.get_y() + 1)
    doc.text_line(closing, height=LINE_H)


def _signatures(doc: Document, paper: Bast) -> None:
    """PIHAK KEDUA receives on the left, signing over the *meterai*; PIHAK PERTAMA hands over on the right; the
    committee chair witnesses under them. No "Mengetahui,": that is written above a superior official's name, and
    the programme's highest official is PIHAK PERTAMA."""
    lang = doc.lang
    chair = Signer(paper.chair, rank=t('doc.bast.chair_of', lang, group=paper.group))
    receiver = (t('doc.bast.second_party', lang), t('doc.bast.receiver', lang))
    giver = (t('doc.bast.first_party', lang), t('doc.bast.giver', lang))
    witness = None
    if paper.witness is not None:
        title = (paper.witness.title or t('doc.sign.committee', lang)) + ','
        witness = SignBlock((t('doc.bast.witness', lang), title), paper.witness)
    sign_off(
        doc,
        SignBlock(receiver, chair, with_nip=False, seal=t('doc.bast.stamp', lang)),
        SignBlock(giver, paper.giver),
        witness,
    )
