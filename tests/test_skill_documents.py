"""Skills documents: the progress grid, the completion certificate and its public check, read back as a
reader would (spreadsheet cells, PDF text, the decoded QR, the page it opens), and who may have them."""

from __future__ import annotations

import asyncio
import datetime as dt
import io

import pytest
from nicegui.testing import User
from openpyxl import load_workbook
from pypdf import PdfReader

from models.certificate import ROMAN_MONTHS, Certificate
from models.participant import Participant
from models.programme import ProgrammeKind
from models.skills import Level, Mark, Skill, SkillKind, latest_marks
from store import Store
from store.certificates import certificate_of, eligibility, issue_certificates
from store.skills import place_skill, programme_skills, record_mark, save_skill
from ui.documents.skills import date_range, initials
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    OTHER_INSTRUCTOR,
    XLSX,
    demo_programme,
    flat,
    log_in,
    only,
    open_as,
    pdf_text,
    qr_paths,
    sensitive_texts,
)
from .conftest import Kue as AttendanceKue
from .workbooks import assert_printable

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock

SITI, EUIS = 'Siti Nurhayati', 'Euis Rohaeti'  # Siti's phone is KUE_TRAINEE's
OTHER_TRAINEE = ('081200000002', '123456')  # Euis
FALLBACK_SKILLS = [(1, 'Bolu kukus'), (1, 'Putu ayu'), (2, 'Klepon'), (3, 'Lemper')]  # (day, name)


class Kue(AttendanceKue):
    """The demo kue course with a curriculum: the demo's own if it has one, else a small one made here."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.skills: list[Skill] = []
        self.ticks = 0

    async def with_curriculum(self) -> Kue:
        if not programme_skills(self.store, self.programme.id):
            for order, (day, name) in enumerate(FALLBACK_SKILLS):
                skill = await save_skill(self.store, Skill(kind=SkillKind.RECIPE, name=name))
                await place_skill(self.store, self.programme.id, skill.id, self.days[day - 1].id, order)
        self.skills = programme_skills(self.store, self.programme.id)
        return self

    async def grade(self, name: str, skill: Skill, level: Level) -> None:
        """A mark after the course's last day, so it is the latest whatever the demo seeded before it."""
        self.ticks += 1
        moment = self.at(len(self.days), 18, 0) + dt.timedelta(seconds=self.ticks)
        await record_mark(
            self.store, self.programme.id, skill.id, self.people[name].id, level=level, by=self.coordinator.id,
            now=moment,
        )  # fmt: skip

    async def grade_all(self, name: str, level: Level, *, except_last: bool = False) -> None:
        for skill in self.skills[:-1] if except_last else self.skills:
            await self.grade(name, skill, level)

    async def attend(self, name: str, days: int) -> None:
        """Present (card scan at 07.55) on the first `days` days."""
        for number in range(1, days + 1):
            await self.arrive(number, name, 7, 55)

    async def earned(self, name: str) -> None:
        await self.grade_all(name, Level.BISA)
        await self.attend(name, len(self.days))

    async def issue(self, name: str = SITI) -> None:
        """The coordinator issues her certificate, dated the programme's last day."""
        person = self.people[name].id
        await issue_certificates(
            self.store, self.programme.id, [person], self.coordinator.id, issued_on=self.programme.end
        )

    def certificate_url(self, name: str = SITI) -> str:
        return f'/export/certificate/{self.programme.id}/{self.people[name].id}.pdf'

    def secrets(self) -> list[str]:
        """What no document of this module may show: NIKs, case notes, phones, categories, former countries."""
        return [*sensitive_texts(self), *(p.former_country for p in self.people.values() if p.former_country)]


async def kue_course() -> Kue:
    return await Kue(await runtime.ready()).with_curriculum()


# ---- the progress grid -------------------------------------------------------------------------


async def test_progress_grid_has_levels_by_day_totals_attendance_and_certificate_state(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = await kue_course()
    await kue.earned(SITI)
    await kue.grade(SITI, kue.skills[0], Level.MAHIR)
    euis_levels = [Level.DICOBA, *([Level.BISA] * (len(kue.skills) - 1))]
    for skill, level in zip(kue.skills, euis_levels, strict=True):
        await kue.grade(EUIS, skill, level)
    await kue.attend(EUIS, 3)

    response = await user.http_client.get(f'/export/progress/{kue.programme.id}.xlsx')

    assert response.status_code == 200 and response.headers['content-type'] == XLSX
    assert response.headers['content-disposition'] == (
        'attachment; filename="kemajuan-pelatihan-aneka-kue-bagi-pmi-purna.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in values[:4]] == [
        kue.programme.name, kue.programme.agency, 'Rekap nilai keterampilan', '7–11 Desember 2026'
    ]  # fmt: skip
    start = next(i for i, row in enumerate(values) if row[0] == 'No')
    days_row, header = values[start - 1], values[start]
    skill_count = len(kue.skills)
    assert header[:3] == ['No', 'Nama', 'Desa']
    assert header[3 : 3 + skill_count] == [s.name for s in kue.skills]  # curriculum order: by day, then order
    assert header[-3:] == [f'Kompeten (dari {skill_count})', 'Kehadiran (%)', 'Sertifikat']
    assert days_row[3] == f'Hari 1 ({kue.days[0].date:%d/%m})'
    trainees = values[start + 1 : start + 1 + len(kue.people)]
    assert [row[1] for row in trainees] == sorted(kue.people, key=str.lower)
    rows = {row[1]: row for row in trainees}
    # attendance as a real percentage: 100% is the number 1
    assert rows[SITI][3:] == ['3 Mahir', *(['2 Bisa'] * (skill_count - 1)), skill_count, 1, 'Bisa diterbitkan']
    assert rows[EUIS][3:] == ['1 Dicoba', *(['2 Bisa'] * (skill_count - 1)), skill_count - 1, 0.6, 'Belum']
    assert rows[SITI][2] == kue.people[SITI].village

    totals = values[start + 1 + len(kue.people)]
    assert totals[1] == 'Jumlah peserta kompeten'
    latest = latest_marks(kue.store.by_index(Mark, 'programme', kue.programme.id))
    competent = [
        sum(1 for p in kue.people.values() if (m := latest.get((p.id, s.id))) is not None and m.level >= Level.BISA)
        for s in kue.skills
    ]
    assert totals[3 : 3 + skill_count] == competent
    assert competent[0] >= 1 and all(count >= 2 for count in competent[1:])  # Siti; Siti and Euis
    assert totals[-1] == sum(1 for row in trainees if row[-1] != 'Belum')
    assert totals[-3] == sum(row[-3] for row in trainees) and totals[-2] is None  # a rate is no sum

    assert days_row[3] and sheet.print_title_rows == f'${start}:${start + 1}'  # both header rows on every page
    assert sheet.auto_filter.ref == f'A{start + 1}:{sheet.cell(1, len(header)).column_letter}{start + 16}'
    assert sheet.freeze_panes == f'D{start + 2}'
    cells = next(r for r in sheet.iter_rows(min_row=start + 2) if r[1].value == SITI)
    assert (cells[0].data_type, cells[-3].data_type, cells[-2].number_format) == ('n', 'n', '0%')
    assert_printable(sheet)

    text = ' '.join(str(cell) for row in values for cell in row if cell is not None)
    for secret in kue.secrets():
        assert secret not in text, secret


# ---- the certificate ---------------------------------------------------------------------------


async def test_certificate_is_refused_naming_the_missing_skill_until_she_earns_it(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = await kue_course()
    await kue.grade_all(SITI, Level.BISA, except_last=True)
    await kue.grade(SITI, kue.skills[-1], Level.DICOBA)
    await kue.attend(SITI, len(kue.days))

    refused = await user.http_client.get(kue.certificate_url())

    assert refused.status_code == 409
    assert 'Sertifikat belum dapat diberikan' in refused.text
    assert kue.skills[-1].name in refused.text and kue.skills[0].name not in refused.text
    assert 'Kehadiran 100% (syarat minimal 80%)' in refused.text
    assert certificate_of(kue.store, kue.programme.id, kue.people[SITI].id) is None

    await kue.grade(SITI, kue.skills[-1], Level.BISA)
    earned = await user.http_client.get(kue.certificate_url())  # earned: the coordinator issues it, not a download
    assert earned.status_code == 409 and 'Sertifikat belum diterbitkan' in earned.text
    assert certificate_of(kue.store, kue.programme.id, kue.people[SITI].id) is None

    await kue.issue(SITI)
    issued = await user.http_client.get(kue.certificate_url())

    assert issued.status_code == 200 and issued.headers['content-type'] == 'application/pdf'
    assert issued.headers['content-disposition'] == 'attachment; filename="sertifikat-siti-nurhayati.pdf"'
    assert certificate_of(kue.store, kue.programme.id, kue.people[SITI].id) is not None


async def test_certificate_is_refused_when_attendance_is_below_the_bar(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = await kue_course()
    await kue.grade_all(SITI, Level.MAHIR)
    await kue.attend(SITI, 3)  # 3 of 5 days

    refused = await user.http_client.get(kue.certificate_url())

    assert refused.status_code == 409
    assert 'Kehadiran 60% (syarat minimal 80%)' in refused.text
    assert 'belum dikuasai' not in refused.text


async def test_certificate_pdf_shows_her_course_and_skills_and_its_qr_opens_the_public_check(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = await kue_course()
    await kue.earned(SITI)
    await kue.grade(SITI, kue.skills[0], Level.MAHIR)
    await kue.issue(SITI)

    response = await user.http_client.get(kue.certificate_url())

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = flat(pdf_text(response.content))
    for expected in (
        'S E R T I F I K A T',
        'diberikan kepada',
        SITI,
        'telah menyelesaikan pelatihan',
        kue.programme.name,
        kue.programme.agency.upper(),
        kue.programme.partner,
        date_range(kue.programme.start, kue.programme.end),
        'kehadiran 100%',
        f'Keterampilan yang dikuasai ({len(kue.skills)})',
        f'{kue.skills[0].name} — Mahir',
        f'{kue.skills[1].name} — Bisa',
        'Drs. H. Ahmad Fauzi, M.Si.',  # the programme's responsible official signs, whoever issued it
        'NIP. 196908121994031005',
        'Kepala Bidang Rehabilitasi Sosial,',
        'Tangerang, ',
        'Yanti Rahmawati',  # the programme's instructor
    ):
        assert expected in text, expected
    for skill in kue.skills:
        assert skill.name in text, skill.name
    for secret in kue.secrets():
        assert secret not in text, secret

    certificate = certificate_of(kue.store, kue.programme.id, kue.people[SITI].id)
    assert (
        certificate is not None
        and certificate.number
        == f'001/SERT/DINSOS-BTN/{ROMAN_MONTHS[kue.programme.end.month - 1]}/{kue.programme.end.year}'
    )
    assert f'Nomor: {certificate.number}' in text
    assert qr_paths(response.content) == [f'/verifikasi/{certificate.id}']

    user.http_client.cookies.clear()  # whoever holds the paper, logged in or not
    check = await user.http_client.get(f'/verifikasi/{certificate.id}')
    assert check.status_code == 200
    assert 'Sertifikat sah' in check.text
    assert 'S. N.' in check.text
    assert kue.programme.name in check.text and kue.programme.agency in check.text
    assert f'{len(kue.skills)} keterampilan' in check.text
    assert 'Siti' not in check.text and 'Nurhayati' not in check.text
    assert kue.people[SITI].village not in check.text
    for secret in kue.secrets():
        assert secret not in check.text, secret


async def test_a_second_download_gives_the_same_certificate_even_after_a_later_mark(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = await kue_course()
    await kue.earned(SITI)
    await kue.issue(SITI)
    first = qr_paths((await user.http_client.get(kue.certificate_url())).content)
    await kue.grade(SITI, kue.skills[0], Level.DICOBA)  # a later mark does not take back a printed certificate

    again = await user.http_client.get(kue.certificate_url())

    assert again.status_code == 200
    assert qr_paths(again.content) == first
    held = [c for c in kue.store.all(Certificate) if c.participant_id == kue.people[SITI].id]
    assert len(held) == 1 and first == [f'/verifikasi/{held[0].id}']


async def test_the_check_shows_her_full_name_only_while_her_consent_stands(user: User) -> None:
    kue = await kue_course()
    await kue.earned(SITI)
    await kue.issue(SITI)
    certificate = certificate_of(kue.store, kue.programme.id, kue.people[SITI].id)
    assert certificate is not None
    await open_as(user, COORDINATOR, f'/participants/{kue.people[SITI].id}')
    user.find(marker='consent-scope').click()
    user.find('Nama di cek sertifikat').click()
    await user.should_see('Nama lengkap ditampilkan pada halaman cek keaslian sertifikat')
    user.find(marker='record-consent').click()
    await user.should_see('Persetujuan dicatat')
    cookies = dict(user.http_client.cookies)
    user.http_client.cookies.clear()

    agreed = await user.http_client.get(f'/verifikasi/{certificate.id}')

    assert agreed.status_code == 200 and SITI in agreed.text
    user.http_client.cookies.update(cookies)
    before = len(_person(kue, SITI).consents)
    user.find(marker='withdraw-nama_publik').click()
    await user.should_see('Persetujuan dicabut')
    consents = _person(kue, SITI).consents
    assert len(consents) == before  # kept on record, marked withdrawn
    assert [c.withdrawn_on is not None for c in consents] == [False, True]
    await user.should_see('Dicabut')
    user.http_client.cookies.clear()

    withdrawn = await user.http_client.get(f'/verifikasi/{certificate.id}')

    assert 'S. N.' in withdrawn.text and 'Nurhayati' not in withdrawn.text


def _person(kue: Kue, name: str) -> Participant:
    person = kue.store.get(Participant, kue.people[name].id)
    assert person is not None
    return person


async def test_unknown_certificate_says_so(user: User) -> None:
    await runtime.ready()
    for code in ('NoSuchCertificate123', 'x', 'a' * 200):
        response = await user.http_client.get(f'/verifikasi/{code}')
        assert response.status_code == 404
        assert 'Tidak ada sertifikat dengan kode ini' in response.text


async def test_eligibility_counts_all_days_and_the_bar_is_inclusive(user: User) -> None:
    kue = await kue_course()
    siti = kue.people[SITI].id
    await kue.grade_all(SITI, Level.BISA)
    await kue.attend(SITI, 3)
    standing = eligibility(kue.store, kue.programme.id, siti)
    assert (standing.ok, standing.attendance_percent, standing.bar, standing.missing) == (False, 60, 80, [])
    await kue.attend(SITI, 4)
    standing = eligibility(kue.store, kue.programme.id, siti)
    assert (standing.ok, standing.attendance_percent, standing.competent) == (True, 80, len(kue.skills))


def test_initials_and_date_ranges() -> None:
    assert initials('Siti Nurhayati') == 'S. N.'
    assert initials('Wartini') == 'W.'
    assert initials('  ai  nur  jannah ') == 'A. N. J.'
    assert date_range(dt.date(2026, 11, 24), dt.date(2026, 11, 28)) == '24–28 November 2026'
    assert date_range(dt.date(2026, 11, 30), dt.date(2026, 12, 4)) == '30 November – 4 Desember 2026'
    assert date_range(dt.date(2026, 12, 30), dt.date(2027, 1, 2)) == '30 Desember 2026 – 2 Januari 2027'
    assert date_range(dt.date(2026, 11, 24), dt.date(2026, 11, 24)) == '24 November 2026'


# ---- who may have them -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('who', 'status'),
    [
        (None, 303),
        (OTHER_TRAINEE, 403),
        (KUE_TRAINEE, 200),
        (OTHER_INSTRUCTOR, 403),
        (INSTRUCTOR, 200),
        (COORDINATOR, 200),
    ],
    ids=['anonymous', 'other-trainee', 'herself', 'other-instructor', 'kue-instructor', 'coordinator'],
)
async def test_who_may_download_her_certificate(user: User, who: tuple[str, str] | None, status: int) -> None:
    kue = await kue_course()
    await kue.earned(SITI)
    await kue.issue(SITI)
    if who is not None:
        assert await log_in(user, *who) == 303

    response = await user.http_client.get(kue.certificate_url())

    assert response.status_code == status
    if status == 303:
        assert response.headers['location'] == f'/login?next={kue.certificate_url()}'
    if status == 200:
        assert SITI in flat(pdf_text(response.content))


async def test_a_trainee_sees_what_she_still_needs(user: User) -> None:
    kue = await kue_course()
    await log_in(user, *KUE_TRAINEE)
    response = await user.http_client.get(kue.certificate_url())
    assert response.status_code == 409
    assert all(skill.name in response.text for skill in kue.skills)


@pytest.mark.parametrize(
    ('who', 'status'),
    [(None, 303), (KUE_TRAINEE, 403), (OTHER_INSTRUCTOR, 403), (INSTRUCTOR, 200), (COORDINATOR, 200)],
    ids=['anonymous', 'trainee', 'other-instructor', 'kue-instructor', 'coordinator'],
)
async def test_only_the_programmes_staff_may_download_the_progress_grid(
    user: User, who: tuple[str, str] | None, status: int
) -> None:
    kue = await kue_course()
    if who is not None:
        assert await log_in(user, *who) == 303
    response = await user.http_client.get(f'/export/progress/{kue.programme.id}.xlsx')
    assert response.status_code == status
    if status == 403:
        assert 'tidak boleh' in response.text


@pytest.mark.parametrize('who', [COORDINATOR, INSTRUCTOR], ids=['coordinator', 'instructor'])
async def test_unknown_programme_or_trainee_is_not_found_for_staff(user: User, who: tuple[str, str]) -> None:
    kue = await kue_course()
    await log_in(user, *who)
    siti = kue.people[SITI].id
    for path in (
        '/export/progress/nosuchprogramme.xlsx',
        f'/export/certificate/nosuchprogramme/{siti}.pdf',
        f'/export/certificate/{kue.programme.id}/nosuchtrainee.pdf',
    ):
        assert (await user.http_client.get(path)).status_code == 404, path


async def test_issuing_twice_at_once_makes_one_certificate_with_one_number(user: User) -> None:
    kue = await kue_course()
    await kue.earned(SITI)
    siti, end = kue.people[SITI].id, kue.programme.end
    first, second = await asyncio.gather(
        issue_certificates(kue.store, kue.programme.id, [siti], kue.coordinator.id, issued_on=end),
        issue_certificates(kue.store, kue.programme.id, [siti], kue.coordinator.id, issued_on=end),
    )
    assert len(first) + len(second) == 1  # the second found hers issued and kept it
    [made] = first or second
    assert [c.id for c in kue.store.all(Certificate) if c.participant_id == siti] == [made.id] and made.seq == 1
    assert [s.name for s in made.skills] == [s.name for s in kue.skills]


# ---- issued by the coordinator -----------------------------------------------------------------------------


async def test_the_coordinator_issues_every_earned_certificate_on_a_date_she_chooses_and_prints_them_all(
    user: User,
) -> None:
    kue = await kue_course()
    await kue.earned(SITI)
    await kue.earned(EUIS)
    await open_as(user, COORDINATOR, f'/programmes/{kue.programme.id}')
    user.find(marker='certificates-section').click()
    await user.should_see('Terbitkan semua yang memenuhi syarat (2)')
    await user.should_see('Memenuhi syarat, belum diterbitkan')
    only(user, 'certs-date').value = '2026-12-12'
    user.find(marker='issue-all').click()
    await user.should_see('2 sertifikat diterbitkan.')
    issued = sorted((c for c in kue.store.all(Certificate) if c.programme_id == kue.programme.id), key=lambda c: c.seq)
    assert [(c.seq, c.number, c.issued_on) for c in issued] == [
        (1, '001/SERT/DINSOS-BTN/XII/2026', dt.date(2026, 12, 12)),
        (2, '002/SERT/DINSOS-BTN/XII/2026', dt.date(2026, 12, 12)),
    ]
    await user.should_see('Terbit: 001/SERT/DINSOS-BTN/XII/2026')

    response = await user.http_client.get(f'/export/certificates/{kue.programme.id}.pdf')
    assert response.status_code == 200
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 2 and 'Nomor: 001/SERT/DINSOS-BTN/XII/2026' in pages[0]
    assert all('Drs. H. Ahmad Fauzi, M.Si.' in page and 'Tangerang, 12 Desember 2026' in page for page in pages)


async def test_the_demo_kwt_course_has_its_earned_certificates_issued_in_the_agencys_numbering(user: User) -> None:
    store = await runtime.ready()
    kwt = demo_programme(store, ProgrammeKind.KWT)
    issued = sorted((c for c in store.all(Certificate) if c.programme_id == kwt.id), key=lambda c: c.seq)
    earned = [pid for pid in kwt.participant_ids if eligibility(store, kwt.id, pid).ok]
    assert issued and sorted(c.participant_id for c in issued) == sorted(earned)
    assert [c.seq for c in issued] == list(range(1, len(issued) + 1))
    tail = f'/SERT/DISNAKERTRANS-LS/{ROMAN_MONTHS[kwt.end.month - 1]}/{kwt.end.year}'
    assert all(c.number.endswith(tail) for c in issued)
