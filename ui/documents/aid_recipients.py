"""The list of an aid item's recipients (*daftar penerima bantuan*) for the accountability report: who received
how many of it, worth what, on which day, with a column for each recipient's signature, under the programme's
letterhead and signed by its responsible official. Cancelled handovers are not on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.aid import AidItem
from models.participant import Group, Participant
from models.programme import Programme
from store import Store
from store.aid import handovers_of

from ..format import format_rupiah, plain_date, short_date
from ..i18n import t
from .attendance import signature_slot
from .pdf import Column, Document, Kop, SignBlock, Signer, Table, kop, sign_off, sign_off_height


@dataclass(frozen=True)
class RecipientLine:
    name: str
    village: str
    quantity: int
    value: int
    handed_on: dt.date


@dataclass(frozen=True)
class RecipientList:
    kop: Kop
    programme: str
    item: str
    description: str
    unit: str
    unit_value: int
    lines: list[RecipientLine]
    city: str
    official: Signer
    printed: dt.date


def collect_recipients(store: Store, item: AidItem, programme: Programme, today: dt.date) -> RecipientList:
    lines = []
    for handover in handovers_of(store, programme.id):
        if handover.item_id != item.id:
            continue
        if handover.participant_id:
            person = store.get(Participant, handover.participant_id)
            name, village = (person.name, person.village) if person else ('?', '')
        else:
            group = store.get(Group, handover.group_id or '')
            name, village = (group.name, group.village) if group else ('?', '')
        lines.append(RecipientLine(name, village, handover.quantity, handover.value, handover.handed_on))
    lines.sort(key=lambda line: (line.handed_on, line.name.lower()))
    return RecipientList(
        kop=Kop.of(programme, store.folder), programme=programme.name, item=item.name, description=item.description,
        unit=item.unit, unit_value=item.unit_value, lines=lines, city=programme.city,
        official=Signer.of(programme.responsible), printed=today,
    )  # fmt: skip


def recipients_pdf(sheet: RecipientList, lang: str = 'id') -> bytes:
    doc = Document(lang, title=f'{t("doc.recipients.title", lang)} {sheet.item}', footer_note=sheet.programme[:70])
    doc.add_page()
    kop(doc, sheet.kop)
    doc.text_line(t('doc.recipients.title', lang).upper(), size=13, bold=True, align='C', height=6)
    doc.set_y(doc.get_y() + 2)
    item = f'{sheet.item} ({sheet.description})' if sheet.description else sheet.item
    doc.labelled(
        [
            (t('doc.dh.programme', lang), sheet.programme),
            (t('doc.recipients.item', lang), item),
            (t('doc.recipients.unit_value', lang), f'{format_rupiah(sheet.unit_value)} / {sheet.unit}'),
        ],
        label_width=30, height=5.5,
    )  # fmt: skip
    doc.set_y(doc.get_y() + 3)
    _table(doc, sheet)
    date = plain_date(sheet.printed, lang)
    dated = t('doc.sign.dated', lang, city=sheet.city, date=date) if sheet.city else date
    title = (sheet.official.title or t('doc.sign.responsible', lang)) + ','
    doc.set_y(doc.get_y() + 4)
    sign_off(doc, None, SignBlock((dated, title), sheet.official))
    return doc.to_bytes()


def _table(doc: Document, sheet: RecipientList) -> None:
    lang = doc.lang
    columns = [
        Column(t('doc.col.no', lang), 10, 'C'),
        Column(t('doc.recipients.name', lang), 41),
        Column(t('doc.col.village', lang), 24),
        Column(t('doc.recipients.quantity', lang), 18, 'C'),
        Column(t('doc.recipients.value', lang), 28, 'R'),
        Column(t('doc.recipients.date', lang), 22, 'C'),
        Column(t('doc.col.signature', lang), 37),
    ]
    table = Table(doc, columns, min_height=10)
    table.header()
    last = len(sheet.lines)
    keep = 12 + sign_off_height(known=False)  # the last row goes over with the total and the sign-off
    for number, line in enumerate(sheet.lines, start=1):
        cells = [
            str(number), line.name, line.village, f'{line.quantity} {sheet.unit}', format_rupiah(line.value),
            short_date(line.handed_on, lang), signature_slot(number),
        ]  # fmt: skip
        table.row(cells, keep=keep if number == last else 0)
    total_units = sum(line.quantity for line in sheet.lines)
    total_value = sum(line.value for line in sheet.lines)
    total = ['', t('doc.recipients.total', lang), '', f'{total_units} {sheet.unit}', format_rupiah(total_value), '', '']
    table.row(total, bold=True)
