"""The demo's village secretariat: Desa Bumidaya, the KWT's village, whose returnees run it (`/sekretariat/bumidaya`),
with its staff account `sekretariat` and the KWT group and its programme linked to it."""

from __future__ import annotations

import datetime as dt

from models.account import Account, Role
from models.audit import AuditEntry
from models.base import Record
from models.participant import Group
from models.programme import Programme
from models.secretariat import EmbassyContact, Secretariat

from ..accounts import shared_demo_hash
from ..audit import account_view

STAFF_USERNAME = 'sekretariat'
# The missions where the village's workers are, for its public page: the demo's numbers, which a secretariat checks
# against each mission's own page before its people rely on them
MISSIONS = [
    ('Malaysia', 'KBRI Kuala Lumpur', '+60 3 2116 4000'),
    ('Malaysia', 'KJRI Johor Bahru', '+60 7 227 4000'),
    ('Hong Kong', 'KJRI Hong Kong', '+852 2890 4421'),
    ('Taiwan', 'KDEI Taipei', '+886 2 8752 6170'),
    ('Singapura', 'KBRI Singapura', '+65 6737 7422'),
    ('Arab Saudi', 'KBRI Riyadh', '+966 11 488 2800'),
]


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
        embassies=[EmbassyContact(country=c, name=n, phone=p) for c, n, p in MISSIONS],
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
