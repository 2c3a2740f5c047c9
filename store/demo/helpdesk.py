"""The demo secretariat's help-desk messages: made-up workers abroad and families at home, in each state (new,
followed up with the staff's notes, done), with the trail's entries of the staff who moved them. Names and numbers
are invented; the numbers have the shape of real ones (Hong Kong +852, Taiwan +886, Singapore +65)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from models.account import Account, Role
from models.audit import AuditEntry
from models.base import Record
from models.helpdesk import HelpdeskMessage, MessageStatus, SenderKind, StaffNote
from models.secretariat import Secretariat

# (hours ago, kind, name, number as given, country, text, status, staff notes as (hours ago, text))
MESSAGES: list[tuple[int, SenderKind, str, str, str, str, MessageStatus, list[tuple[int, str]]]] = [
    (
        3, SenderKind.WORKER, 'Wulan Sari', '+852 6123 4578', 'Hong Kong',
        'Kontrak kerja saya di Hong Kong habis akhir Februari. Saya mau pulang ke Bumidaya dan ingin ikut '
        'pelatihan usaha kue. Apa yang harus saya siapkan sebelum pulang?',
        MessageStatus.NEW, [],
    ),
    (
        20, SenderKind.FAMILY, 'Suparmi', '0813 7788 1122', 'Malaysia',
        'Anak saya Rina bekerja di Johor Bahru. Sudah tiga minggu tidak bisa dihubungi, nomornya tidak aktif. '
        'Mohon bantuan menghubungi agennya atau KJRI.',
        MessageStatus.FOLLOWED_UP,
        [
            (18, 'Sudah telepon KJRI Johor Bahru, diminta salinan paspor dan alamat majikan Rina.'),
            (2, 'Bu Suparmi datang membawa salinan paspor; dikirim ke KJRI lewat email.'),
        ],
    ),
    (
        50, SenderKind.WORKER, 'Lastri Handayani', '+886 912 345 678', 'Taiwan',
        'Majikan menahan gaji saya dua bulan. Saya harus lapor ke mana? Saya takut dipulangkan.',
        MessageStatus.FOLLOWED_UP,
        [(46, 'Dibalas lewat WhatsApp: nomor KDEI Taipei dan hotline KP2MI. Dirujuk ke BP3MI Lampung.')],
    ),
    (
        120, SenderKind.FAMILY, 'Warsito Hadi', '0812 6655 4433', 'Arab Saudi',
        'Saya minta info cara mengirim dokumen ke istri saya di Riyadh untuk perpanjangan paspor.',
        MessageStatus.DONE,
        [(118, 'Dijelaskan lewat telepon: perpanjangan paspor di KBRI Riyadh, dokumen dikirim lewat pos kilat.')],
    ),
    (
        30, SenderKind.WORKER, 'Yati Rahayu', '+65 8123 4567', 'Singapura',
        'Saya ingin mengirim uang untuk modal usaha keluarga. Apakah ada pendampingan usaha di desa?',
        MessageStatus.NEW, [],
    ),
]  # fmt: skip


def helpdesk_records(seeded: Sequence[Record], now: dt.datetime) -> list[Record]:
    """The messages of the secretariat in `seeded` and the staff's trail entries (status moves, notes; never their
    content): seeded in the demo's one write."""
    secretariat = next(r for r in seeded if isinstance(r, Secretariat))
    staff = next(r for r in seeded if isinstance(r, Account) and r.role == Role.SECRETARIAT)
    records: list[Record] = []
    for hours, kind, name, phone, country, text, status, notes in MESSAGES:
        received = now - dt.timedelta(hours=hours)
        moved = now - dt.timedelta(hours=min(h for h, _ in notes)) if notes else None
        message = HelpdeskMessage(
            secretariat_id=secretariat.id, kind=kind, name=name, phone=phone, country=country, text=text,
            received_at=received, status=status, status_by=staff.id if moved else '', status_at=moved,
            notes=[StaffNote(by=staff.id, at=now - dt.timedelta(hours=h), text=note) for h, note in notes],
        )  # fmt: skip
        records.append(message)
        for note in message.notes:
            records.append(AuditEntry(at=note.at, by=staff.id, action='helpdesk.note', target=message.id))
        if moved is not None:
            before, after = {'status': MessageStatus.NEW.value}, {'status': status.value}
            records.append(
                AuditEntry(
                    at=moved, by=staff.id, action='helpdesk.status', target=message.id, before=before, after=after
                )
            )
    return records
