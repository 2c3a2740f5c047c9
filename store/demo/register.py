"""The demo secretariat's register (made-up people): twenty villagers of Bumidaya abroad or back, two of them KWT
members linked to their participant records; family contacts and referred cases in different states; the Lampung
offices on its pre-departure sheet; and three checklists, two still in progress. Seeded in the demo's one write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from models.account import Account
from models.audit import AuditEntry
from models.base import Record
from models.departure import DEFAULT_DOCUMENTS, Checklist, DepartureGuide, Office
from models.participant import Participant
from models.programme import Zone
from models.register import (
    Case,
    CaseStatus,
    ConsentGiver,
    ContactDirection,
    ContactOutcome,
    FamilyContact,
    Problem,
    ReferredTo,
    RegisterConsent,
    RegisterEntry,
)
from models.secretariat import Secretariat

PURPOSE = 'Pendataan warga Desa Bumidaya yang bekerja di luar negeri dan pendampingan keluarganya oleh sekretariat'
CHECKLIST_PURPOSE = 'Pendampingan persiapan dokumen keberangkatan melalui jalur resmi'

# name, family (name, relation, phone), country, employer or agency, contract end (days from today), returned
# (days ago, or None while abroad), registered (days ago); a KWT member's index links her participant record
Row = tuple[str, str, str, str, str, str, int, int | None, int]
ABROAD: list[Row] = [
    ('Sumarni', 'Sarno', 'ayah', '081300009101', 'Taiwan', 'Panti wreda, Taichung', 38, None, 300),
    ('Wartinah', 'Rasminah', 'ibu', '081300009102', 'Arab Saudi', 'Keluarga Al-Harbi, Riyadh', 210, None, 280),
    ('Nur Aini', 'Slamet Riyadi', 'suami', '081300009103', 'Hong Kong', 'Keluarga Wong, Kowloon', 64, None, 260),
    ('Sulastri', 'Painem', 'ibu', '081300009104', 'Malaysia', 'Kilang sarung tangan, Klang', 15, None, 240),
    ('Ponirah', 'Joko Susilo', 'kakak', '081300009105', 'Singapura', 'Keluarga Tan, Bedok', 420, None, 230),
    ('Sri Rahayu', 'Ngadimin', 'ayah', '081300009106', 'Hong Kong', 'Keluarga Leung, Sha Tin', 85, None, 210),
    ('Endang Lestari', 'Sukirno', 'suami', '081300009107', 'Taiwan', 'Pabrik tekstil, Taoyuan', 300, None, 200),
    ('Wagiyem', 'Tukiyem', 'ibu', '081300009108', 'Malaysia', 'Ladang sawit, Sabah', 500, None, 190),
    ('Rohimah', 'Ahmad Fauzan', 'suami', '081300009109', 'Arab Saudi', 'Keluarga Al-Qahtani, Jeddah', -20, None, 180),
    ('Mujiati', 'Sarinem', 'ibu', '081300009110', 'Hong Kong', 'Keluarga Chan, Tsuen Wan', 150, None, 160),
    ('Rahmat Hidayat', 'Siti Khodijah', 'istri', '081300009111', 'Korea Selatan', 'Pabrik suku cadang, Ansan',
     600, None, 150),
    ('Budi Santoso', 'Parmi', 'ibu', '081300009112', 'Jepang', 'Kebun sayur, Ibaraki', 75, None, 120),
    ('Lasmi', 'Wakidi', 'ayah', '081300009113', 'Taiwan', 'Keluarga Lin, Tainan', 260, None, 100),
    ('Ngatini', 'Suparno', 'suami', '081300009114', 'Singapura', 'Keluarga Lim, Tampines', 9, None, 80),
    ('Sukarti', 'Darmi', 'ibu', '081300009115', 'Brunei Darussalam', 'Keluarga Haji Osman, Bandar Seri Begawan',
     330, None, 40),
    ('Dewi Anggraini', 'Rusdi', 'ayah', '081300009116', 'Malaysia', 'Hotel, Johor Bahru', 180, None, 20),
    # back home
    ('Carini', 'Warno', 'suami', '081300009117', 'Hong Kong', 'Keluarga Ho, Tuen Mun', -400, 390, 320),
    ('Warsih', 'Kasdi', 'suami', '081300009118', 'Malaysia', 'Kilang elektronik, Penang', -250, 240, 310),
    ('Tumirah', 'Sutarjo', 'suami', '081300009119', 'Arab Saudi', 'Keluarga Al-Otaibi, Dammam', -70, 60, 290),
    ('Waginah', 'Tarmini', 'ibu', '081300009120', 'Taiwan', 'Keluarga Chen, Hsinchu', -30, 25, 270),
]  # fmt: skip
LINKED = {'Carini': 0, 'Warsih': 1}  # the KWT's first two members are back from abroad
Moment = Callable[[int], dt.datetime]  # so many days ago, at 09.30 WIB


def register_records(seeded: Sequence[Record], kwt_people: list[Participant], today: dt.date) -> list[Record]:
    """The register, its logs, the guide and the checklists of the demo secretariat in `seeded` (its records as
    `store.demo.secretariat` made them), with the trail's entry for each record its staff wrote down."""
    secretariat = next(r for r in seeded if isinstance(r, Secretariat))
    staff = next(r for r in seeded if isinstance(r, Account))

    def moment(days_ago: int) -> dt.datetime:
        day = today - dt.timedelta(days=days_ago)
        return dt.datetime.combine(day, dt.time(9, 30), tzinfo=Zone.WIB.tz).astimezone(dt.UTC)

    entries = [_entry(row, secretariat.id, staff.id, kwt_people, today, moment) for row in ABROAD]
    by_name = {e.name: e for e in entries}
    contacts = _contacts(by_name, secretariat.id, staff.id, today, moment)
    cases = _cases(by_name, secretariat.id, staff.id, today, moment)
    checklists = _checklists(secretariat.id, staff.id, today, moment)
    trail = [
        AuditEntry(at=r.created_at, by=staff.id, action=f'register.{kind}_create', target=r.id)
        for kind, records in (('entry', entries), ('contact', contacts), ('case', cases), ('checklist', checklists))
        for r in records
    ]
    return [*entries, *contacts, *cases, *checklists, _guide(secretariat.id, staff.id, moment(200)), *trail]


def _entry(row: Row, secretariat_id: str, staff_id: str, kwt_people: list[Participant], today: dt.date,
           moment: Moment) -> RegisterEntry:  # fmt: skip
    name, family, relation, phone, country, employer, ends_in, back_ago, registered_ago = row
    created = moment(registered_ago)
    linked = LINKED.get(name)
    giver = ConsentGiver.FAMILY if back_ago is None else ConsentGiver.SELF
    return RegisterEntry(
        secretariat_id=secretariat_id, name=name, family_name=family, family_relation=relation, family_phone=phone,
        country=country, employer=employer, contract_end=today + dt.timedelta(days=ends_in),
        returned=back_ago is not None,
        returned_on=today - dt.timedelta(days=back_ago) if back_ago is not None else None,
        participant_id=kwt_people[linked].id if linked is not None and linked < len(kwt_people) else None,
        consent=RegisterConsent(
            purpose=PURPOSE, given_on=created.date(), giver=giver,
            giver_name=family if giver == ConsentGiver.FAMILY else name, recorded_by=staff_id,
        ),
        created_at=created, created_by=staff_id,
    )  # fmt: skip


def _contacts(by_name: dict[str, RegisterEntry], secretariat_id: str, staff_id: str, today: dt.date,
              moment: Moment) -> list[FamilyContact]:  # fmt: skip
    def day(days_ago: int) -> dt.date:
        return today - dt.timedelta(days=days_ago)

    rows = [
        (ContactDirection.FAMILY, 'Sarno', 'ayah', by_name['Sumarni'].id, '', 20,
         'Menghubungi agensi di Taichung lewat WhatsApp; agensi menyampaikan pesan keluarga.',
         ContactOutcome.REACHED, 15),
        (ContactDirection.FAMILY, 'Rasminah', 'ibu', by_name['Wartinah'].id, '', 45,
         'Sudah tiga bulan tidak ada kabar. Lapor ke KBRI Riyadh lewat layanan Lapor Diri; menunggu jawaban.',
         ContactOutcome.OPEN, None),
        (ContactDirection.WORKER, 'Nur Aini', 'PMI di Hong Kong', None, 'Anak-anak Nur Aini di Dusun III', 12,
         'Petugas datang ke rumah dan menyambungkan panggilan video dari kantor sekretariat.',
         ContactOutcome.REACHED, 11),
        (ContactDirection.FAMILY, 'Heru Prasetyo', 'suami', None, 'Tumini (belum terdata)', 70,
         'Nomor lama tidak aktif; agensi yang memberangkatkan tidak terdaftar.',
         ContactOutcome.NOT_REACHED, 40),
    ]  # fmt: skip
    return [
        FamilyContact(
            secretariat_id=secretariat_id, direction=direction, asked_by=asked_by, asked_by_relation=relation,
            entry_id=entry_id, for_name=for_name, asked_on=day(asked), done=done, outcome=outcome,
            closed_on=day(closed) if closed is not None else None, created_at=moment(asked), created_by=staff_id,
        )
        for direction, asked_by, relation, entry_id, for_name, asked, done, outcome, closed in rows
    ]  # fmt: skip


def _cases(by_name: dict[str, RegisterEntry], secretariat_id: str, staff_id: str, today: dt.date,
           moment: Moment) -> list[Case]:  # fmt: skip
    def day(days_ago: int | None) -> dt.date | None:
        return today - dt.timedelta(days=days_ago) if days_ago is not None else None

    rows = [
        (Problem.OUT_OF_CONTACT, by_name['Wartinah'].id, '', 'Rasminah (ibu)', 44,
         'Tidak bisa dihubungi sejak tiga bulan; majikan tidak menjawab.', ReferredTo.BP3MI, '', 40,
         CaseStatus.HANDLED, 'BP3MI meneruskan ke KBRI Riyadh untuk penelusuran.', None),
        (Problem.UNPAID_WAGES, by_name['Sulastri'].id, '', 'Sulastri sendiri, lewat WhatsApp', 150,
         'Gaji tiga bulan belum dibayar oleh kilang.', ReferredTo.MANPOWER, '', 148,
         CaseStatus.RESOLVED, 'Gaji dibayar penuh setelah mediasi dengan agensi.', 110),
        (Problem.TRAFFICKING, None, 'Rina, 18 tahun, Dusun II', 'Bu Marni, tetangganya', 18,
         'Dijanjikan kerja di luar negeri oleh calo tanpa dokumen resmi, diminta berangkat minggu depan.',
         ReferredTo.POLICE, '', 17, CaseStatus.REFERRED, '', None),
        (Problem.VIOLENCE, by_name['Ponirah'].id, '', 'Joko Susilo (kakak)', 5,
         'Mengaku dipukul majikan; minta bantuan pindah majikan.', None, '', None, CaseStatus.NEW, '', None),
        (Problem.OTHER, by_name['Sri Rahayu'].id, '', 'Ngadimin (ayah)', 95,
         'Paspor ditahan majikan.', ReferredTo.OTHER, 'KJRI Hong Kong', 93, CaseStatus.CLOSED,
         'PMI memilih menyelesaikan sendiri dengan agensinya.', 60),
    ]  # fmt: skip
    return [
        Case(
            secretariat_id=secretariat_id, problem=problem, entry_id=entry_id, for_name=for_name, reported_by=reporter,
            opened_on=today - dt.timedelta(days=opened), what=what, referred_to=to, referred_to_other=other,
            referred_on=day(referred),
            status=status, outcome=outcome, closed_on=day(closed), created_at=moment(opened), created_by=staff_id,
        )
        for problem, entry_id, for_name, reporter, opened, what, to, other, referred, status, outcome, closed in rows
    ]  # fmt: skip


def _checklists(secretariat_id: str, staff_id: str, today: dt.date, moment: Moment) -> list[Checklist]:
    rows = [  # name, phone, country, started (days ago), documents brought (days ago each)
        ('Lestari Wulandari', '081300009121', 'Korea Selatan', 30, {'ktp': 30, 'kk': 30, 'akta': 21, 'ijazah': 21}),
        ('Anisa Fitriani', '081300009122', 'Jepang', 9, {'ktp': 9, 'kk': 9}),
        ('Yuni Astuti', '081300009123', 'Taiwan', 120, {
            'ktp': 120, 'kk': 120, 'izin_keluarga': 110, 'akta': 110, 'ijazah': 100, 'sehat': 80, 'paspor': 60}),
    ]  # fmt: skip
    found = []
    for name, phone, country, started, brought in rows:
        ticked = {key: today - dt.timedelta(days=ago) for key, ago in brought.items()}
        complete = all(key in ticked for key in DEFAULT_DOCUMENTS)
        created = moment(started)
        found.append(Checklist(
            secretariat_id=secretariat_id, name=name, phone=phone, country=country, ticked=ticked,
            completed_on=max(ticked.values()) if complete else None,
            consent=RegisterConsent(purpose=CHECKLIST_PURPOSE, given_on=created.date(), giver=ConsentGiver.SELF,
                                    giver_name=name, recorded_by=staff_id),
            created_at=created, created_by=staff_id,
        ))  # fmt: skip
    return found


def _guide(secretariat_id: str, staff_id: str, at: dt.datetime) -> DepartureGuide:
    return DepartureGuide(
        id=secretariat_id,
        ltsa=Office(name='Layanan Terpadu Satu Atap (LTSA) PMI', address='Tanyakan lokasi terdekat di Disnaker'),
        bp3mi=Office(name='BP3MI Lampung (Balai Pelayanan Pelindungan Pekerja Migran Indonesia)',
                     address='Bandar Lampung'),
        disnaker=Office(name='Dinas Tenaga Kerja Kabupaten Lampung Selatan', address='Kalianda'),
        updated_at=at, updated_by=staff_id,
    )  # fmt: skip
