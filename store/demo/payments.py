"""The demo seller's payment pictures, drawn here (no downloads): her shop's QRIS, a real QR code of a made-up QRIS
payload (merchant Dapur Bu Sumi, an NMID no bank issued, "CONTOH" printed under it, so nobody pays into it), and a
buyer's proof of transfer for a DP, as a banking app's screenshot looks.

A QRIS payload is EMVCo's merchant-presented QR: tag-length-value fields, the last one a CRC-16 of all before it.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).resolve().parent.parent.parent / 'assets' / 'fonts'
RED = (200, 16, 46)
GREEN = (22, 128, 61)
INK = (31, 41, 55)
GREY = (107, 114, 128)


def qris_payload(merchant: str, city: str, postcode: str) -> str:
    """A QRIS text as a bank's app reads it: static (11), a bakery (MCC 5462), rupiah (360), Indonesia; the merchant
    ids are made up (`ID1026…`, a PJSP `ID.CO.CONTOH.WWW`)."""
    account = _tlv('00', 'ID.CO.CONTOH.WWW') + _tlv('01', '936009990000000001') + _tlv('02', 'CONTOH0001')
    qris = _tlv('00', 'ID.CO.QRIS.WWW') + _tlv('02', 'ID1026000000001') + _tlv('03', 'UMI')
    body = (
        _tlv('00', '01') + _tlv('01', '11') + _tlv('26', account + _tlv('03', 'UMI')) + _tlv('51', qris)
        + _tlv('52', '5462') + _tlv('53', '360') + _tlv('58', 'ID') + _tlv('59', merchant.upper()[:25])
        + _tlv('60', city.upper()[:15]) + _tlv('61', postcode) + '6304'
    )  # fmt: skip
    return body + f'{_crc16(body.encode()):04X}'


@lru_cache(maxsize=2)
def draw_qris(merchant: str, city: str, postcode: str) -> bytes:
    """Her QRIS sticker as a bank hands it over, a PNG: the QRIS band, her name, the code, its NMID, "CONTOH"."""
    image = Image.new('RGB', (900, 1200), 'white')
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 900, 150), fill=RED)
    draw.text((450, 75), 'QRIS', font=_font(96, bold=True), fill='white', anchor='mm')
    draw.text((450, 215), merchant.upper(), font=_font(48, bold=True), fill=INK, anchor='mm')
    draw.text((450, 270), 'NMID: ID1026000000001', font=_font(30), fill=GREY, anchor='mm')
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(qris_payload(merchant, city, postcode))
    modules = code.make_image().get_image().convert('L')
    side = modules.width * (720 // modules.width)  # whole pixels a module: its edges stay sharp
    image.paste(modules.resize((side, side), Image.Resampling.NEAREST), ((900 - side) // 2, 310))
    draw.text((450, 1060), 'SATU QRIS UNTUK SEMUA', font=_font(30, bold=True), fill=INK, anchor='mm')
    draw.text((450, 1130), 'CONTOH UNTUK DEMO, BUKAN QRIS ASLI', font=_font(28), fill=RED, anchor='mm')
    return _encoded(image, 'PNG')


@lru_cache(maxsize=2)
def draw_transfer_proof(buyer: str, amount: str, merchant: str, when: str) -> bytes:
    """A banking app's screenshot of a successful transfer (720×1480 JPEG): the amount, to whom, from whom, when."""
    image = Image.new('RGB', (720, 1480), (243, 244, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 720, 110), fill=(30, 64, 175))
    draw.text((360, 55), 'Bank Contoh', font=_font(40, bold=True), fill='white', anchor='mm')
    draw.ellipse((290, 180, 430, 320), fill=GREEN)
    draw.line(((320, 250), (350, 285), (405, 215)), fill='white', width=14, joint='curve')
    draw.text((360, 380), 'Transfer Berhasil', font=_font(44, bold=True), fill=INK, anchor='mm')
    draw.text((360, 470), amount, font=_font(64, bold=True), fill=GREEN, anchor='mm')
    draw.rounded_rectangle((40, 560, 680, 1120), 24, fill='white')
    rows = [('Ke', merchant.upper()), ('Metode', 'QRIS'), ('Dari', buyer.upper()), ('Tanggal', when),
            ('No. Ref', '0000123456789'), ('Keterangan', 'DP pesanan kue')]  # fmt: skip
    for n, (label, value) in enumerate(rows):
        y = 610 + n * 85
        draw.text((80, y), label, font=_font(28), fill=GREY)
        draw.text((640, y), value, font=_font(30, bold=True), fill=INK, anchor='ra')
    draw.text((360, 1200), 'CONTOH UNTUK DEMO', font=_font(28), fill=GREY, anchor='mm')
    return _encoded(image, 'JPEG')


def _tlv(tag: str, value: str) -> str:
    return f'{tag}{len(value):02d}{value}'


def _crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE, as QRIS and EMVCo's QR codes end."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ('DejaVuSans-Bold.ttf' if bold else 'DejaVuSans.ttf')), size)


def _encoded(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **({'quality': 90} if kind == 'JPEG' else {}))
    return out.getvalue()
