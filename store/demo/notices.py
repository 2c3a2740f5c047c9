"""The demo secretariat's notice board: a dozen notices of the four kinds that its staff posted over the last weeks
(two already past their last day), three with photos drawn here, and the KWT members who said "Saya tertarik".
Made as records for the demo's one write; the photos are drawn and made once a process and kept without fsyncs.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from models.account import Account, Role
from models.audit import AuditEntry
from models.base import Record
from models.business import Photo
from models.notices import Notice, NoticeInterest, NoticeKind, interest_id
from models.participant import Participant
from models.programme import Zone
from models.secretariat import Secretariat

from .. import files, images
from ..products import PHOTO_SIDE, THUMB_SIDE
from .sellers import draw_photo

CONTACT = 'Sri Mulyani (Sekretariat PMI Purna Bumidaya), WA 0813-0000-9001'
# (kind, title, text, amount, contact or None for the secretariat's, days since posted, days left, photo, interested)
NOTICES = [
    (NoticeKind.OPPORTUNITY, 'Dicari cabai merah keriting 50 kg per minggu',
     'CV Tani Makmur (Bandar Lampung) mencari pemasok tetap cabai merah keriting, 50 kg setiap minggu selama '
     'tiga bulan. Cabai segar, merah penuh, tangkai utuh. Diambil di Bumidaya tiap Kamis; dibayar tunai saat '
     'penimbangan.', 32_000, 'Pak Hendra, WA 0812-7788-1200', 2, 20, 'chili', (1, 2, 5)),
    (NoticeKind.TRAINING, 'Pelatihan sambal dan abon cabai (gratis)',
     'BLK Lampung Selatan membuka pelatihan tiga hari mengolah cabai menjadi sambal botol dan abon cabai, '
     'termasuk izin PIRT dan label kemasan. Tempat terbatas 20 orang; daftar di sekretariat dengan KTP.',
     None, None, 3, 10, 'class', (3, 4)),
    (NoticeKind.CAPITAL, 'KUR Mikro untuk PMI purna: sampai Rp 50 juta',
     'Bank penyalur KUR di Kecamatan Palas menerima pengajuan KUR Mikro untuk usaha PMI purna, bunga 6% '
     'setahun, tanpa agunan tambahan sampai Rp 10 juta. Bawa KTP, KK, surat keterangan usaha dari desa dan '
     'paspor atau bukti pernah bekerja di luar negeri. Petugas sekretariat membantu menyiapkan berkasnya.',
     50_000_000, None, 6, 45, None, (1,)),
    (NoticeKind.ANNOUNCEMENT, 'Rapat anggota KWT Melati Purna hari Sabtu',
     'Rapat bulanan KWT Melati Purna hari Sabtu pukul 09.00 WIB di balai desa Bumidaya: pembagian hasil '
     'penjualan bulan lalu dan jadwal pemakaian traktor tangan. Mohon hadir tepat waktu.',
     None, None, 1, 5, None, ()),
    (NoticeKind.OPPORTUNITY, 'Pesanan 300 kotak kue untuk hajatan',
     'Keluarga Bapak Sutrisno di Palas Jaya memesan 300 kotak kue (isi 4: lemper, risoles, bolu kukus, '
     'kue lapis) untuk hajatan tanggal 20. Bisa dikerjakan bersama beberapa orang.',
     15_000, 'Bu Warni, WA 0813-6655-4433', 4, 8, None, (6,)),
    (NoticeKind.OPPORTUNITY, 'Lapak Pasar Palas disewakan',
     'Satu lapak ukuran 2 × 3 meter di los sayur Pasar Palas disewakan per bulan, cocok untuk berjualan cabai '
     'dan sayur. Listrik dan kebersihan sudah termasuk.', 150_000, 'Pak Komar (pengelola pasar), 0852-1122-3344',
     8, 30, 'stall', (2,)),
    (NoticeKind.CAPITAL, 'Bantuan alat usaha dari Dinas Sosial',
     'Dinas Sosial Kabupaten Lampung Selatan membuka pendaftaran bantuan alat usaha (alat produksi pangan, '
     'gerobak, etalase) untuk PMI purna yang sudah berusaha minimal 6 bulan. Usulan dikumpulkan lewat '
     'sekretariat desa.', None, None, 10, 25, None, (4, 7)),
    (NoticeKind.TRAINING, 'Pelatihan jualan lewat WhatsApp dan marketplace',
     'Dua kali pertemuan di sekretariat: membuat katalog produk di WhatsApp, memotret produk dengan HP, dan '
     'membuka toko di marketplace. Bawa HP yang sudah ada WhatsApp.', None, None, 5, 14, None, ()),
    (NoticeKind.CAPITAL, 'Pinjaman bergulir BUMDes Bumidaya',
     'BUMDes Bumidaya menyalurkan pinjaman bergulir dari dana desa untuk kelompok usaha warga, jasa 1% per '
     'bulan, diangsur 10 bulan. Pengajuan lewat ketua kelompok.', 5_000_000, 'Pengurus BUMDes, balai desa', 12,
     60, None, ()),
    (NoticeKind.ANNOUNCEMENT, 'Pemeriksaan kesehatan gratis di balai desa',
     'Puskesmas Palas mengadakan pemeriksaan tekanan darah, gula darah dan konsultasi gizi gratis, Rabu pukul '
     '08.00–12.00 WIB di balai desa Bumidaya.', None, None, 2, 3, None, ()),
    (NoticeKind.TRAINING, 'Pelatihan membuat pupuk organik cair',
     'Penyuluh pertanian Kecamatan Palas melatih membuat pupuk organik cair dari limbah dapur dan kotoran '
     'ternak, untuk menekan biaya pupuk cabai.', None, None, 20, -5, None, (1, 3)),
    (NoticeKind.OPPORTUNITY, 'Dicari cabai rawit 20 kg untuk rumah makan',
     'Rumah makan Padang di Kalianda mencari cabai rawit merah 20 kg, sekali kirim.', 55_000,
     'Uda Rizal, WA 0821-3344-5566', 15, -2, None, (2,)),
]  # fmt: skip


def notice_records(seeded: list[Record], members: list[Participant], today: dt.date, folder: Path) -> list[Record]:
    """The notices of the demo's secretariat (in `seeded`, with its staff account, who posted them), the trail's
    entry of each, and the interest of the KWT's `members` (by their place in the list) in some of them."""
    secretariat = next(r for r in seeded if isinstance(r, Secretariat))
    staff = next(r for r in seeded if isinstance(r, Account) and r.role == Role.SECRETARIAT)
    rng = random.Random(20261209)
    records: list[Record] = []
    for n, (kind, title, text, amount, contact, ago, left, picture, interested) in enumerate(NOTICES):
        posted_at = _wib(today - dt.timedelta(days=ago), 8 + n % 6, rng.randrange(60))
        notice = Notice(
            kind=kind, title=title, text=text, contact=contact or CONTACT, amount=amount,
            ends_on=today + dt.timedelta(days=left), photo=_photo(folder, picture) if picture else None,
            secretariat_id=secretariat.id, zone=Zone.WIB, posted_by=staff.id, posted_at=posted_at,
        )  # fmt: skip
        entry = AuditEntry(at=posted_at, by=staff.id, action='notice.post', target=notice.id,
                           after=notice.model_dump(mode='json'))  # fmt: skip
        records += [notice, entry]
        for place in interested:
            person = members[place]
            at = posted_at + dt.timedelta(hours=rng.randrange(2, 20))
            records.append(NoticeInterest(id=interest_id(notice.id, person.id), notice_id=notice.id,
                                          participant_id=person.id, at=at))  # fmt: skip
    return records


def _wib(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=Zone.WIB.tz).astimezone(dt.UTC)


def _photo(folder: Path, picture: str) -> Photo:
    full, thumb = _made(picture)
    return Photo(
        full=files.save(folder, full.data, full.extension, durable=False),
        thumb=files.save(folder, thumb.data, thumb.extension, durable=False),
        width=full.width,
        height=full.height,
    )


@lru_cache(maxsize=4)
def _made(picture: str) -> tuple[images.Picture, images.Picture]:
    drawn = draw_photo('chili', (196, 30, 30), 7) if picture == 'chili' else _draw(picture)
    full = images.prepare(drawn, long_side=PHOTO_SIDE)
    return full, images.prepare(full.data, long_side=THUMB_SIDE)


def _draw(picture: str) -> bytes:
    """A class in front of a whiteboard (`class`) or a market stall under a striped awning (`stall`), 1600×1200."""
    image = Image.new('RGB', (1600, 1200), (232, 226, 212))
    draw = ImageDraw.Draw(image)
    if picture == 'class':
        draw.rectangle((260, 120, 1340, 620), fill=(250, 250, 250), outline=(90, 90, 90), width=14)
        for y in range(220, 560, 80):
            draw.line((340, y, 1100 - (y % 160), y), fill=(40, 90, 170), width=12)
        for n in range(8):
            x = 160 + n * 170
            draw.ellipse((x, 760, x + 110, 870), fill=(120 + n * 12, 80, 60))
            draw.rounded_rectangle((x - 20, 870, x + 130, 1120), 30, fill=(60 + n * 20, 110, 150))
    else:
        for n in range(8):
            colour = (200, 40, 40) if n % 2 == 0 else (250, 245, 235)
            draw.polygon([(160 + n * 160, 200), (320 + n * 160, 200), (320 + n * 160, 380), (160 + n * 160, 420)],
                         fill=colour)  # fmt: skip
        draw.rectangle((200, 640, 1400, 1000), fill=(150, 100, 60))
        for n in range(10):
            x = 240 + n * 112
            draw.ellipse((x, 560, x + 100, 660), fill=(190 + n % 3 * 20, 30 + n * 8, 30))
    out = io.BytesIO()
    image.save(out, 'JPEG', quality=88)
    return out.getvalue()
