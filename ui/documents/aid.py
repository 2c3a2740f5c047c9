"""The aid receipt (*tanda terima bantuan*): an A4 page with the agency's header, what was handed over and its
value, how the recipient confirmed it, and two signature lines, the giver's and the recipient's.

As with the other documents, a collector reads the store into plain data (names and village only: never a
NIK, a category or case notes) and a builder turns it into bytes without the store or the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.aid import AidItem, Confirmation, Handover
from models.money import format_rupiah
from models.participant import Group, Participant
from models.programme import Programme
from store import Store

from ..i18n import t
from .pdf import FONT, Column, Document, Kop, SignBlock, Signer, Table, kop, sign_off
from .skills import date_text


@dataclass(frozen=True)
class Receipt:
    number: str
    agency: str
    partner: str
    programme: str
    place: str  # the town or village the receipt is dated in
    item: str
    description: str
    unit: str
    quantity: int
    unit_value: int
    recipient: str  # her name, or the group's
    village: str
    for_group: bool
    receiver_name: str  # who ticked or signed: for a group, its representative
    handed_on: dt.date
    giver: Signer  # the programme's responsible official hands over for the agency
    confirmation: Confirmation | None
    confirmed_at: str  # in the programme's zone, e.g. `25/11/2026 08.12 WIB`
    note: str
    kop: Kop | None = None  # the agency's letterhead; its name alone when None
    cancelled: str | None = None  # the reason, when the handover was cancelled: the paper says BATAL

    @property
    def value(self) -> int:
        return self.quantity * self.unit_value


def receipt_number(handover: Handover) -> str:
    """`TT-20261124-1A2B3C4D`: the handover's date and the start of its id, so the paper leads back to it."""
    return f'TT-{handover.handed_on:%Y%m%d}-{handover.id[:8].upper()}'


def collect_receipt(store: Store, handover: Handover) -> Receipt | None:
    """The receipt's data from the store, or None if its item or programme is gone."""
    item = store.get(AidItem, handover.item_id)
    programme = store.get(Programme, handover.programme_id)
    if item is None or programme is None:
        return None
    if handover.participant_id:
        person = store.get(Participant, handover.participant_id)
        recipient, village, group = (person.name, person.village, False) if person else ('?', '', False)
    else:
        found = store.get(Group, handover.group_id or '')
        recipient, village, group = (found.name, found.village, True) if found else ('?', '', True)
    stamp = ''
    if handover.confirmed_at is not None:
        stamp = f'{handover.confirmed_at.astimezone(programme.zone.tz):%d/%m/%Y %H.%M} {programme.zone.value}'
    return Receipt(
        number=receipt_number(handover), agency=programme.agency, partner=programme.partner, programme=programme.name,
        place=_town(programme.place, village), item=item.name, description=item.description, unit=item.unit,
        quantity=handover.quantity, unit_value=handover.unit_value, recipient=recipient, village=village,
        for_group=group, receiver_name=handover.receiver_name, handed_on=handover.handed_on,
        giver=Signer.of(programme.responsible), kop=Kop.of(programme, store.folder), confirmation=handover.confirmation,
        cancelled=(handover.cancel_reason or '-') if handover.cancelled else None,
        confirmed_at=stamp, note=handover.note,
    )  # fmt: skip


def _town(place: str, village: str) -> str:
    """Where the receipt is signed: the recipient's village, else the first part of the programme's place."""
    return village or place.split(',', 1)[0].strip()


def receipt_pdf(receipt: Receipt, lang: str = 'id') -> bytes:
    doc = Document(lang, title=f'{t("doc.aid.title", lang)} {receipt.number}', footer_note=receipt.number)
    doc.add_page()
    kop(doc, receipt.kop or Kop(receipt.agency, partner=receipt.partner))
    doc.text_line(receipt.programme, size=10, align='C', height=5)
    doc.set_y(doc.get_y() + 2)
    doc.text_line(t('doc.aid.title', lang).upper(), size=14, bold=True, align='C', height=7)
    doc.text_line(t('doc.aid.number', lang, number=receipt.number), size=10, align='C')
    doc.set_y(doc.get_y() + 5)
    _parties(doc, receipt)
    _items(doc, receipt)
    _confirmation(doc, receipt)
    if receipt.cancelled is not None:
        cancelled_stamp(doc, receipt.cancelled)
    _signatures(doc, receipt)
    return doc.to_bytes()


def _parties(doc: Document, receipt: Receipt) -> None:
    lang = doc.lang
    doc.text_line(t('doc.aid.undersigned', lang))
    name = receipt.recipient
    if receipt.for_group and receipt.receiver_name:
        name = t('doc.aid.group_by', lang, group=receipt.recipient, name=receipt.receiver_name)
    rows = [(t('doc.aid.name', lang), name), (t('doc.aid.village', lang), receipt.village or '-')]
    doc.labelled(rows, label_width=32, height=6, indent=6)
    doc.set_y(doc.get_y() + 2)
    doc.text_line(t('doc.aid.received_from', lang, agency=receipt.agency, date=date_text(receipt.handed_on, lang)))
    doc.set_y(doc.get_y() + 2)


def _items(doc: Document, receipt: Receipt) -> None:
    lang = doc.lang
    width = doc.content_width
    columns = [
        Column(t('doc.col.no', lang), 10, 'C'),
        Column(t('doc.aid.item', lang), width - 10 - 26 - 36 - 38),
        Column(t('doc.aid.quantity', lang), 26, 'C'),
        Column(t('doc.aid.unit_value', lang), 36, 'R'),
        Column(t('doc.aid.value', lang), 38, 'R'),
    ]
    table = Table(doc, columns, size=10)
    table.header()
    item = receipt.item + (f'\n{receipt.description}' if receipt.description else '')
    amount = f'{receipt.quantity} {receipt.unit}'
    table.row(['1', item, amount, format_rupiah(receipt.unit_value), format_rupiah(receipt.value)])
    table.row(['', t('doc.aid.total', lang), '', '', format_rupiah(receipt.value)], bold=True)
    doc.set_y(doc.get_y() + 3)
    doc.text_line(t('doc.aid.condition', lang))
    if receipt.note:
        doc.text_line(t('doc.aid.note', lang, note=receipt.note), size=9)


def _confirmation(doc: Document, receipt: Receipt) -> None:
    lang = doc.lang
    if receipt.confirmation == Confirmation.PHONE:
        text = t('doc.aid.confirmed_phone', lang, name=receipt.receiver_name, when=receipt.confirmed_at)
    elif receipt.confirmation == Confirmation.PAPER:
        text = t('doc.aid.confirmed_paper', lang, name=receipt.receiver_name, when=receipt.confirmed_at)
    else:
        text = t('doc.aid.unconfirmed', lang)
    doc.set_y(doc.get_y() + 2)
    doc.text_line(text, size=9, bold=receipt.confirmation is None)


def _signatures(doc: Document, receipt: Receipt) -> None:
    """The programme's responsible official hands over on the left; the recipient, under the place and date, on
    the right (a trainee has no NIP)."""
    lang = doc.lang
    receiver = receipt.receiver_name or ('' if receipt.for_group else receipt.recipient)
    giver = receipt.giver
    sign_off(
        doc,
        SignBlock(('', t('doc.aid.giver', lang), giver.title), giver),
        SignBlock(
            (f'{receipt.place}, {date_text(receipt.handed_on, lang)}', t('doc.aid.receiver', lang)),
            Signer(receiver),
            with_nip=False,
        ),
    )


STAMP_WORD = 42.0  # mm: BATAL's part of the stamp, the reason beside it


def cancelled_stamp(doc: Document, reason: str) -> None:
    """BATAL in a box across the paper, the reason beside it: a cancelled handover keeps its paper, marked void.
    The box grows with the reason (up to 300 characters: four lines)."""
    lang = doc.lang
    text = t('doc.aid.cancelled_reason', lang, reason=reason)
    width = doc.content_width - STAMP_WORD - 4
    doc.set_font(FONT, '', 9)
    lines = len(doc.wrapped(text, width, 4.5))
    height = max(12.0, 4.5 * lines + 4)
    doc.set_y(doc.get_y() + 2.5)
    top = doc.get_y()
    doc.set_line_width(1.2)
    doc.rect(doc.l_margin, top, doc.content_width, height)
    doc.line(doc.l_margin + STAMP_WORD, top, doc.l_margin + STAMP_WORD, top + height)
    doc.set_line_width(0.2)
    doc.set_xy(doc.l_margin, top + (height - 9) / 2)
    doc.set_font(FONT, 'B', 20)
    doc.cell(STAMP_WORD, 9, t('doc.aid.cancelled', lang), align='C')
    doc.set_xy(doc.l_margin + STAMP_WORD + 2, top + (height - 4.5 * lines) / 2)
    doc.set_font(FONT, '', 9)
    doc.multi_cell(width, 4.5, text, align='L')
    doc.set_y(top + height + 2)
