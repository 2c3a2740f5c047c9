"""Log-in slips to hand out when a whole class gets its accounts at once: for each trainee her name, her username
(her phone number), her PIN and the app's address as a QR, eight to an A4 page to cut apart.

The PINs are made when the accounts are, and are on these slips only: the store keeps their hashes, so the
file is built in memory and handed to the coordinator's browser once, never saved.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..i18n import t
from ..qr import png
from .pdf import FONT, Document

SLIP_W, SLIP_H = 90.0, 64.0
COLUMNS, ROWS = 2, 4
QR_SIZE = 26.0


@dataclass(frozen=True)
class Slip:
    name: str
    username: str
    pin: str


def login_slips_pdf(programme: str, address: str, slips: list[Slip], lang: str = 'id') -> bytes:
    """`address` is where she logs in (the app's home); its QR is on every slip."""
    doc = Document(lang, title=t('slips.title', lang, programme=programme), footer_note=programme[:70])
    qr = png(address, box_size=6)
    left = (doc.w - COLUMNS * SLIP_W) / 2
    for index, slip in enumerate(slips):
        if index % (COLUMNS * ROWS) == 0:
            doc.add_page()
        column, row = index % COLUMNS, (index // COLUMNS) % ROWS
        _slip(doc, left + column * SLIP_W, 14 + row * SLIP_H, slip, programme, address, qr)
    return doc.to_bytes()


def _slip(doc: Document, x: float, y: float, slip: Slip, programme: str, address: str, qr: bytes) -> None:
    lang = doc.lang
    doc.set_line_width(0.2)
    doc.set_dash_pattern(dash=1.5, gap=1.5)  # cut along the dashes
    doc.rect(x, y, SLIP_W, SLIP_H)
    doc.set_dash_pattern()
    doc.set_xy(x + 4, y + 3)
    doc.set_font(FONT, 'B', 10)
    doc.cell(SLIP_W - 8, 5, t('slips.heading', lang))
    doc.set_xy(x + 4, y + 8)
    doc.set_font(FONT, '', 7.5)
    doc.cell(SLIP_W - 8, 4, programme[:60])
    doc.set_xy(x + 4, y + 14)
    doc.set_font(FONT, 'B', 11)
    doc.multi_cell(SLIP_W - QR_SIZE - 10, 5, slip.name)
    lines = ((t('slips.username', lang), slip.username), (t('slips.pin', lang), slip.pin))
    for number, (label, value) in enumerate(lines):
        doc.set_xy(x + 4, y + 30 + number * 11)
        doc.set_font(FONT, '', 8)
        doc.cell(SLIP_W - QR_SIZE - 10, 4, label)
        doc.set_xy(x + 4, y + 34 + number * 11)
        doc.set_font(FONT, 'B', 14)
        doc.cell(SLIP_W - QR_SIZE - 10, 6, value)
    doc.image(io.BytesIO(qr), x=x + SLIP_W - QR_SIZE - 4, y=y + 14, w=QR_SIZE, h=QR_SIZE)
    doc.set_xy(x + SLIP_W - QR_SIZE - 6, y + 14 + QR_SIZE + 1)
    doc.set_font(FONT, '', 6.5)
    doc.multi_cell(QR_SIZE + 4, 3, address, align='C')
    doc.set_xy(x + 4, y + SLIP_H - 8)
    doc.set_font(FONT, '', 7)
    doc.cell(SLIP_W - 8, 4, t('slips.keep', lang))
