"""The demo's village secretariat: Desa Bumidaya, the KWT's village, whose returnees run it (`/sekretariat/bumidaya`),
with its staff account `sekretariat` and the KWT group and its programme linked to it."""

from __future__ import annotations

import datetime as dt

from models.account import Account, Role
from models.audit import AuditEntry
from models.base import Record
from models.participant import Group
from models.programme import Programme
from models.secretariat import Secretariat

from ..accounts import shared_demo_hash
from ..audit import account_view

STAFF_USERNAME = 'sekretariat'


def secretariat_records(
    kwt: Programme, group: Group, coordinator: Account, password: str, now: dt.datetime
) -> list[Record]:
    """The secretariat, its *petugas sekretariat* (password `password`), and the trail's entries of the coordinator
    who set them up: seeded in the demo's one write."""
    staff = Account(
        username=STAFF_USERNAME, name='Sri Mulyani', role=Role.SECRETARIAT, secret_hash=shared_demo_hash(password)
    )
    secretariat = Secretariat(
        name='Sekretariat PMI Purna Desa Bumidaya',
        slug='bumidaya',
        village='Bumidaya',
        district='Palas',
        regency='Kabupaten Lampung Selatan',
        wa_number='081300009001',
        hours='Senin–Jumat 08.00–15.00 WIB, Sabtu 08.00–12.00 WIB',
        agency_name='Kementerian Pelindungan Pekerja Migran Indonesia (KP2MI, dulu BP2MI)',
        agency_phone='0800-1000',
        agency_phone_abroad='+62 21 2924 4800',
        what_to_bring='KTP, Kartu Keluarga, paspor (bila ada), kontrak kerja atau surat dari agen, '
        'dan nomor yang bisa dihubungi di luar negeri.',
        staff_ids=[staff.id],
        group_ids=[group.id],
        programme_ids=[kwt.id],
        created_at=now,
    )
    trail = [
        AuditEntry(at=now, by=coordinator.id, action='account.create', target=staff.id, after=account_view(staff)),
        AuditEntry(
            at=now,
            by=coordinator.id,
            action='secretariat.create',
            target=secretariat.id,
            after=secretariat.model_dump(mode='json'),
        ),  # fmt: skip
    ]
    return [staff, secretariat, *trail]
