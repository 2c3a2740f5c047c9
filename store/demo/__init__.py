"""The demo data: Berdaya's two founding cases, seeded by `berdaya --demo` into an empty store.

1. A 5-day kue course for 15 returnees run by a provincial social office with a migrant workers'
   forum; day 1 is today, so a new user can try check-in at once.
2. A women farmers' group (KWT) of returnees trained in chili growing months ago, with one tillage
   machine, and a history of harvests, group sales (to a collector and at the market) and costs. Its
   village, Bumidaya, has a secretariat its returnees run (`secretariat.py`), the KWT linked to it.

Names, phones and NIKs are invented; NIKs are shaped like real ones (women: day of birth + 40).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from models.account import Account, Role
from models.aid import Handover
from models.attendance import Attendance, Method, Status, attendance_id
from models.audit import AuditEntry
from models.base import Record
from models.business import Channel, ExpenseCategory, GroupExpense, GroupSale, Harvest
from models.participant import Category, Consent, Gender, Group, Participant
from models.programme import Day, Programme
from models.skills import Mark

from ..accounts import secret_matches, shared_demo_hash
from ..certificates import eligibility, issue_certificates
from ..engine import Store
from ..programmes import set_logo
from .aid import aid_records
from .curriculum import curriculum_records
from .helpdesk import helpdesk_records
from .notices import notice_records
from .prices import price_records
from .register import register_records
from .secretariat import secretariat_records
from .sellers import seed_sellers

PROGRAMMES = Path(__file__).resolve().parent.parent.parent / 'assets' / 'demo' / 'programmes.json'
STAFF_PASSWORD = 'demo1234'
TRAINEE_PIN = '123456'

KUE_PEOPLE = [  # name, village
    ('Siti Nurhayati', 'Waliwis'),
    ('Euis Rohaeti', 'Waliwis'),
    ('Nani Suryani', 'Kedaung'),
    ('Rina Marlina', 'Kedaung'),
    ('Dewi Sartika', 'Jenggot'),
    ('Tati Sumiati', 'Jenggot'),
    ('Yuyun Yuningsih', 'Waliwis'),
    ('Lilis Suryati', 'Gandaria'),
    ('Ai Nurjanah', 'Gandaria'),
    ('Iis Aisyah', 'Kedaung'),
    ('Wartini', 'Kosambi'),
    ('Casmini', 'Kosambi'),
    ('Sri Wahyuni', 'Jenggot'),
    ('Eti Rohayati', 'Waliwis'),
    ('Neneng Hasanah', 'Gandaria'),
]
KUE_CATEGORIES = [Category.PMI_PURNA] * 9 + [Category.PMBS] * 3 + [Category.KTK, Category.KTK, Category.KPO]
KUE_COUNTRIES = ['Malaysia', 'Arab Saudi', 'Hong Kong', 'Taiwan', 'Singapura', 'Uni Emirat Arab']
KUE_DAYS = [
    'Kue kukus: bolu kukus, putu ayu, brownies kukus',
    'Kue tradisional: klepon, onde-onde, dadar gulung',
    'Kue basah: kue lapis, lemper, bika ambon',
    'Gorengan & panggang: risoles, pastel, donat',
    'Kue kering & jajanan: nastar, kastengel, kue cubit',
]

KWT_PEOPLE = [
    ('Carini', 'Bumidaya'),
    ('Warsih', 'Bumidaya'),
    ('Tarsini', 'Bumidaya'),
    ('Rusmini', 'Palas Jaya'),
    ('Kartini', 'Palas Jaya'),
    ('Darsih', 'Bumidaya'),
    ('Sutinah', 'Palas Jaya'),
    ('Rokayah', 'Bumidaya'),
    ('Wasinah', 'Palas Jaya'),
    ('Karyati', 'Bumidaya'),
    ('Nurhasanah', 'Bumidaya'),
    ('Sarinah', 'Palas Jaya'),
]
KWT_DAYS = [  # (days after the start, title)
    (0, 'Persemaian cabai'),
    (14, 'Pengolahan lahan dengan traktor tangan'),
    (28, 'Penanaman dan pemasangan mulsa'),
    (42, 'Pemupukan susulan'),
    (56, 'Pengendalian hama dan penyakit'),
    (100, 'Panen, sortasi dan pascapanen'),
]
KWT_PLOTS = ['Blok Sawah Lor', 'Blok Sawah Kidul', 'Pekarangan']
KWT_SEASON_COSTS = [  # (days after the land was prepared, category, rupiah, note)
    (0, ExpenseCategory.TRANSPORT, 85_000, 'Solar traktor tangan, pengolahan lahan'),
    (30, ExpenseCategory.TOOLS, 120_000, 'Ganti oli dan servis traktor'),
    (-14, ExpenseCategory.SEEDS, 240_000, 'Benih cabai merah keriting'),
    (40, ExpenseCategory.FERTILISER, 450_000, 'NPK dan pupuk kandang'),
]


async def seed_demo(store: Store, today: dt.date) -> bool:
    """Seed both cases into an empty store (`today` in WIB); False and nothing done if it holds data."""
    if store.count(Programme):
        return False
    rng = random.Random(20261124)
    kue, kue_days, kue_people = kue_programme(today, rng)
    kwt, kwt_days, kwt_people, group = kwt_programme(today, rng)
    history = kwt_history(today, group, kwt_people, rng)
    staff = staff_accounts()
    kue.instructor_ids = [staff[1].id]
    kwt.instructor_ids = [staff[2].id]
    trainees = [trainee_account(p) for p in kue_people + kwt_people]
    curriculum = curriculum_records(kue, kue_days, kwt, kwt_days, staff[2].id, rng)
    aid = aid_records(kue, kue_people, kwt, group, staff[0], trainees, dt.datetime.now(dt.UTC))
    attendance = kwt_attendance(kwt, kwt_days, kwt_people, staff[2].id, rng)
    trail = demo_trail([*curriculum, *aid, *attendance])
    secretariat = secretariat_records(kwt, group, staff[0], STAFF_PASSWORD, dt.datetime.now(dt.UTC))
    prices = price_records(secretariat, trainees[len(kue_people) :], today)  # its market prices, 90 days
    register = register_records(secretariat, kwt_people, today)  # its register of villagers abroad (made up)
    notices = notice_records(secretariat, kwt_people, today, store.folder)  # its notice board, photos kept
    helpdesk = helpdesk_records(secretariat, dt.datetime.now(dt.UTC))  # messages from abroad and families (made up)
    await store.put(
        kue, *kue_days, *kue_people, kwt, *kwt_days, *kwt_people, group, *history, *staff, *trainees, *curriculum,
        *aid, *attendance, *trail, *secretariat, *prices, *register, *notices, *helpdesk,
    )  # fmt: skip
    await _kwt_certificates(store, kwt, staff[0].id)
    for key, programme in (('kue', kue), ('kwt', kwt)):  # each agency's letterhead emblem (made up for the demo)
        await set_logo(store, programme.id, (PROGRAMMES.parent / f'logo-{key}.png').read_bytes())
    await seed_sellers(store, today, kwt_people)
    return True


def demo_logins(store: Store) -> list[tuple[str, list[Account]]]:
    """The demo's log-ins that still open with the demo's password or PIN (a coordinator may have changed one
    since), each secret with its accounts in username order. Slow (argon2): once per distinct hash, off the loop."""
    by_hash: dict[str, list[Account]] = {}
    for account in store.all(Account):
        if not account.disabled:
            by_hash.setdefault(account.secret_hash, []).append(account)
    found: dict[str, list[Account]] = {}
    for secret_hash, accounts in by_hash.items():
        secret = next((s for s in (STAFF_PASSWORD, TRAINEE_PIN) if secret_matches(secret_hash, s)), None)
        if secret is not None:
            found.setdefault(secret, []).extend(accounts)
    return [(secret, sorted(found[secret], key=lambda a: a.username)) for secret in (STAFF_PASSWORD, TRAINEE_PIN)
            if secret in found]  # fmt: skip


async def _kwt_certificates(store: Store, kwt: Programme, coordinator_id: str) -> None:
    """The KWT's course is over: its coordinator issued the certificates of those who earned one, on its last
    day, numbered in the agency's format."""
    earned = [pid for pid in kwt.participant_ids if eligibility(store, kwt.id, pid).ok]
    await issue_certificates(store, kwt.id, earned, coordinator_id, issued_on=kwt.end)


def kue_programme(today: dt.date, rng: random.Random) -> tuple[Programme, list[Day], list[Participant]]:
    place = {'district': 'Mekar Baru', 'regency': 'Kabupaten Tangerang'}
    people = _people(rng, KUE_PEOPLE, '0812000000', '3603', place)
    for person, category in zip(people, KUE_CATEGORIES, strict=True):
        person.category = category
        person.consents = [
            Consent(purpose='Data pelatihan dan pendampingan usaha', given_on=today, recorded_by='koordinator')
        ]
    people[13].case_notes = 'Pendampingan psikososial oleh P2TP2A; jangan hubungi mantan majikan.'
    people[14].case_notes = 'Korban TPPO 2023, kasus sudah inkracht; identitas dirahasiakan.'
    end = today + dt.timedelta(days=len(KUE_DAYS) - 1)
    programme = _programme('kue', today, end, people)
    dated = [(today + dt.timedelta(days=n), title) for n, title in enumerate(KUE_DAYS)]
    days = _days(programme, dated, dt.time(8, 0))
    return programme, days, people


def kwt_programme(today: dt.date, rng: random.Random) -> tuple[Programme, list[Day], list[Participant], Group]:
    place = {'district': 'Palas', 'regency': 'Kabupaten Lampung Selatan'}
    people = _people(rng, KWT_PEOPLE, '0813000000', '1801', place)
    for person in people:
        person.category = Category.PMI_PURNA
        person.consents = [
            Consent(
                purpose='Data kelompok tani dan pendampingan usaha',
                given_on=today - dt.timedelta(days=200),
                recorded_by='koordinator',
            )
        ]
    start = today - dt.timedelta(days=190)
    group = Group(name='KWT Melati Purna', village='Bumidaya', member_ids=[p.id for p in people])
    group.chair_id = people[0].id  # Carini: she signs for the group (the tillage machine's BAST)
    for person in people:
        person.group_id = group.id
    programme = _programme('kwt', start, start + dt.timedelta(days=KWT_DAYS[-1][0]), people, group_ids=[group.id])
    group.programme_id = programme.id
    dated = [(start + dt.timedelta(days=offset), title) for offset, title in KWT_DAYS]
    days = _days(programme, dated, dt.time(7, 30), closed=True)
    return programme, days, people, group


def _programme(key: str, start: dt.date, end: dt.date, people: list[Participant], **more: Any) -> Programme:
    """The programme `key` of assets/demo/programmes.json, held from `start` to `end` for `people`."""
    return Programme(**_programmes()[key], start=start, end=end, participant_ids=[p.id for p in people], **more)


@cache
def _programmes() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads(PROGRAMMES.read_text(encoding='utf-8'))
    return loaded


def _days(
    programme: Programme, dated: list[tuple[dt.date, str]], starts_at: dt.time, *, closed: bool = False
) -> list[Day]:
    """The programme's days, numbered from 1 in the order given, each with its date and title."""
    return [
        Day(programme_id=programme.id, number=n, date=date, title=title, starts_at=starts_at, closed=closed)
        for n, (date, title) in enumerate(dated, start=1)
    ]


def kwt_history(
    today: dt.date, group: Group, people: list[Participant], rng: random.Random
) -> list[Harvest | GroupSale | GroupExpense]:
    """Weekly picking from ~10 weeks after planting until last week; the group sells each week's pool."""
    records: list[Harvest | GroupSale | GroupExpense] = []
    first_harvest = today - dt.timedelta(days=80)
    week = 0
    while (day := first_harvest + dt.timedelta(days=7 * week)) < today:
        records += _harvest_week(day, week, group, people, rng)
        week += 1
    return records + _season_costs(today, group)


def _harvest_week(
    day: dt.date, week: int, group: Group, people: list[Participant], rng: random.Random
) -> list[Harvest | GroupSale | GroupExpense]:
    """One picking day: most members pick; the pool goes to the collector the next day, a fifth of it to the
    market the day after at a better price; a fungicide spray every other week."""
    records: list[Harvest | GroupSale | GroupExpense] = []
    pool = Decimal(0)
    for person in people:
        if rng.random() < 0.8:
            kg = Decimal(rng.randint(20, 160)) / 10
            pool += kg
            records.append(
                Harvest(group_id=group.id, participant_id=person.id, date=day, kg=kg, plot=rng.choice(KWT_PLOTS))
            )
    to_market = (pool * Decimal('0.2')).quantize(Decimal('0.1'))
    price = rng.randrange(28_000, 62_000, 500)
    records.append(
        GroupSale(
            group_id=group.id,
            date=day + dt.timedelta(days=1),
            kg=pool - to_market,
            price_per_kg=price,
            channel=Channel.COLLECTOR,
            buyer='Pengepul Haji Dasuki',
        )
    )
    if to_market > 0:
        records.append(
            GroupSale(
                group_id=group.id,
                date=day + dt.timedelta(days=2),
                kg=to_market,
                price_per_kg=price + 6_000,
                channel=Channel.MARKET,
                buyer='Pasar Palas',
            )
        )
    if week % 2 == 0:
        records.append(
            GroupExpense(
                group_id=group.id,
                date=day,
                category=ExpenseCategory.PESTICIDE,
                amount=rng.randrange(60_000, 150_000, 5_000),
                note='Fungisida dan perekat',
            )
        )
    return records


def _season_costs(today: dt.date, group: Group) -> list[GroupExpense]:
    """What the season cost before the first picking: the tillage machine's diesel and service, seed, fertiliser."""
    land_prep = today - dt.timedelta(days=176)
    return [
        GroupExpense(
            group_id=group.id, date=land_prep + dt.timedelta(days=offset), category=category, amount=amount, note=note
        )
        for offset, category, amount, note in KWT_SEASON_COSTS
    ]


def demo_trail(records: list[Record]) -> list[AuditEntry]:
    """The audit entries the app would have written for the seeded marks, attendance and handovers, so the
    demo's trail (`/audit`) shows what a season of real use leaves there."""
    trail = []
    for record in records:
        after = record.model_dump(mode='json')
        if isinstance(record, Attendance):
            action = {Method.CLOSING: 'attendance.close', Method.MANUAL: 'attendance.mark'}.get(
                record.how, 'attendance.checkin'
            )
            trail.append(AuditEntry(at=record.marked_at, by=record.by, action=action, target=record.id,
                                    programme_id=record.programme_id, after=after, note=record.reason))  # fmt: skip
        elif isinstance(record, Mark):
            trail.append(AuditEntry(at=record.at, by=record.by, action='mark.record', target=record.id,
                                    programme_id=record.programme_id, after=after, note=record.note))  # fmt: skip
        elif isinstance(record, Handover):
            handed = record.model_copy(update={'confirmed_at': None, 'confirmation': None, 'confirmed_by': None,
                                               'receiver_name': ''})  # fmt: skip
            trail.append(AuditEntry(at=record.recorded_at, by=record.handed_by, action='aid.handover',
                                    target=record.id, programme_id=record.programme_id,
                                    after=handed.model_dump(mode='json'), note=record.note))  # fmt: skip
            if record.confirmed_at is not None and record.confirmed_by is not None:
                trail.append(AuditEntry(at=record.confirmed_at, by=record.confirmed_by, action='aid.confirm',
                                        target=record.id, programme_id=record.programme_id,
                                        before=handed.model_dump(mode='json'), after=after,
                                        note=record.confirmation.value if record.confirmation else ''))  # fmt: skip
    return trail


def kwt_attendance(
    kwt: Programme, days: list[Day], people: list[Participant], companion_id: str, rng: random.Random
) -> list[Attendance]:
    """The KWT's past training days: most came by 07.30, a few late, the odd excused or absent member."""
    records = []
    for day in days:
        start = dt.datetime.combine(day.date, day.starts_at, tzinfo=kwt.zone.tz)
        for person in people:
            roll = rng.random()
            how, reason = Method.SELF_SCAN, ''
            if roll < 0.78:
                status, arrived = Status.HADIR, start - dt.timedelta(minutes=rng.randint(0, 25))
            elif roll < 0.88:
                status, arrived = Status.TERLAMBAT, start + dt.timedelta(minutes=rng.randint(16, 50))
            elif roll < 0.94:
                status, arrived, how, reason = Status.IZIN, start, Method.MANUAL, 'Mengurus anak sakit'
            else:
                status, arrived, how = Status.ALPA, start + dt.timedelta(hours=8), Method.CLOSING
            records.append(
                Attendance(
                    id=attendance_id(day.id, person.id),
                    day_id=day.id,
                    programme_id=kwt.id,
                    participant_id=person.id,
                    status=status,
                    at=arrived.astimezone(dt.UTC),
                    how=how,
                    by=companion_id,
                    reason=reason,
                    marked_at=arrived.astimezone(dt.UTC),
                )  # fmt: skip
            )
    return records


def staff_accounts() -> list[Account]:
    """The coordinator, the kue instructor (`instruktur`) and the KWT's field companion (`pendamping`)."""
    secret = shared_demo_hash(STAFF_PASSWORD)
    staff = [
        ('koordinator', 'Ratna Dewi Lestari, S.Sos.', Role.COORDINATOR, '197803122005012004'),
        ('instruktur', 'Yanti Rahmawati', Role.INSTRUCTOR, '198205172010012011'),
        ('pendamping', 'Dedi Supriadi, S.P.', Role.INSTRUCTOR, '198511032011011007'),
    ]
    return [
        Account(username=username, name=name, role=role, secret_hash=secret, nip=nip)
        for username, name, role, nip in staff
    ]


def trainee_account(person: Participant) -> Account:
    return Account(
        username=person.phone,
        name=person.name,
        role=Role.TRAINEE,
        secret_hash=shared_demo_hash(TRAINEE_PIN),
        participant_id=person.id,
    )


def _nik(rng: random.Random, regency: str, serial: int) -> str:
    birth = dt.date(rng.randint(1975, 2000), rng.randint(1, 12), rng.randint(1, 28))
    return f'{regency}{rng.randint(1, 20):02d}{birth.day + 40:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}'


def _people(
    rng: random.Random, rows: list[tuple[str, str]], phone_prefix: str, regency_code: str, place: dict[str, str]
) -> list[Participant]:
    people = []
    for n, (name, village) in enumerate(rows, start=1):
        people.append(
            Participant(
                name=name,
                phone=f'{phone_prefix}{n:02d}',
                village=village,
                district=place['district'],
                regency=place['regency'],
                nik=_nik(rng, regency_code, n),
                gender=Gender.P,  # both founding cases' trainees are women
                former_country=rng.choice(KUE_COUNTRIES),
            )
        )
    return people
