"""Attendance documents: the daftar hadir, the card sheet and the trainee × day grid, read back as a
reader would (PDF text, decoded QR codes, spreadsheet cells), and who may download them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from nicegui.testing import User
from openpyxl import load_workbook
from pypdf import PdfReader

from models.attendance import Status, attendance_rate
from models.base import DomainError
from models.participant import Participant
from models.programme import Programme, ProgrammeKind
from store.attendance import card_holder, close_day, live_card, reissue_card
from store.certificates import attendance_percent
from ui.documents.attendance import DaftarHadir, Line, collect_grid, daftar_hadir_pdf
from ui.documents.pdf import Kop, Signer
from ui.format import long_date, plain_date
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    OTHER_INSTRUCTOR,
    XLSX,
    Kue,
    demo_programme,
    error_of,
    flat,
    log_in,
    open_as,
    pdf_text,
    qr_paths,
    sensitive_texts,
)
from .workbooks import assert_printable

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock


async def arranged(user: User) -> Kue:
    """Days 1 and 2 of the kue course marked and closed (late after 08.15); the others are Alpa on both.

    Siti: Hadir 08.05, Hadir 07.58 · Euis: Terlambat 08.22, Alpa · Nani: Izin, Hadir by hand at 08.10 ·
    Rina: Sakit twice.
    """
    await log_in(user, *COORDINATOR)
    kue = Kue(await runtime.ready())
    await kue.arrive(1, 'Siti Nurhayati', 8, 5)
    await kue.arrive(1, 'Euis Rohaeti', 8, 22)
    await kue.mark(1, 'Nani Suryani', Status.IZIN, 'acara keluarga')
    await kue.mark(1, 'Rina Marlina', Status.SAKIT, 'demam')
    await close_day(kue.store, kue.days[0].id, by=kue.coordinator.id)
    await kue.arrive(2, 'Siti Nurhayati', 7, 58)
    await kue.mark(2, 'Nani Suryani', Status.HADIR, 'lupa bawa kartu', 8, 10)
    await kue.mark(2, 'Rina Marlina', Status.SAKIT, 'demam')
    await close_day(kue.store, kue.days[1].id, by=kue.coordinator.id)
    return kue


# ---- the daftar hadir --------------------------------------------------------------------------


async def test_daftar_hadir_shows_header_every_trainee_times_statuses_and_totals(user: User) -> None:
    kue = await arranged(user)
    response = await user.http_client.get(f'/export/daftar-hadir/{kue.days[0].id}.pdf')
    assert response.status_code == 200
    assert response.headers['content-type'] == 'application/pdf'
    filename = 'daftar-hadir-pelatihan-aneka-kue-bagi-pmi-purna-hari-1.pdf'  # the programme in the name
    assert response.headers['content-disposition'] == f'attachment; filename="{filename}"'
    text = pdf_text(response.content)
    for expected in (
        'DINAS SOSIAL PROVINSI BANTEN',
        'Forum Komunikasi PMI Purna Kabupaten Tangerang',
        'DAFTAR HADIR PESERTA',
        'Pelatihan Aneka Kue bagi PMI Purna',
        kue.days[0].title,
        kue.programme.place,
        'Instruktur',
        'Panitia',
        'Yanti Rahmawati',  # the kue instructor signs
        'NIP. 198205172010012011',
        'Ratna Dewi Lestari',  # the programme's committee chair
    ):
        assert expected in text, expected
    assert long_date(kue.days[0].date, 'id') in text
    for name in kue.people:
        assert name in text, name
    assert '08.05 Hadir' in _row(text, 'Siti Nurhayati')
    assert '08.22 Terlambat' in _row(text, 'Euis Rohaeti')
    assert 'Izin (acara keluarga)' in _row(text, 'Nani Suryani')
    assert 'Sakit (demam)' in _row(text, 'Rina Marlina')
    assert 'Alpa' in _row(text, 'Wartini')
    assert 'Hadir Terlambat Izin Sakit Alpa Jumlah peserta\n1 1 1 1 11 15' in text
    for secret in sensitive_texts(kue):
        assert secret not in text


@pytest.mark.parametrize('who', [INSTRUCTOR, COORDINATOR], ids=['instructor', 'coordinator'])
async def test_daftar_hadir_is_signed_by_the_programmes_officials_whoever_prints_it(
    user: User, who: tuple[str, str]
) -> None:
    await log_in(user, *who)
    kue = Kue(await runtime.ready())
    text = pdf_text((await user.http_client.get(f'/export/daftar-hadir/{kue.days[0].id}.pdf')).content)
    for expected in (
        'Jl. Syekh Nawawi Al-Bantani',  # the agency's letterhead
        'Instruktur,', 'Yanti Rahmawati', 'NIP. 198205172010012011',
        f'Tangerang, {plain_date(kue.days[0].date, "id")}', 'Ketua Panitia,', 'Ratna Dewi Lestari, S.Sos.',
        'Penata Tingkat I, III/d', 'NIP. 197803122005012004',
        'Mengetahui,', 'Kepala Bidang Rehabilitasi Sosial,', 'Drs. H. Ahmad Fauzi, M.Si.', 'Pembina Tingkat I, IV/b',
        'NIP. 196908121994031005',
    ):  # fmt: skip
        assert expected in text, expected
    assert text.index('Yanti Rahmawati') < text.index('Mengetahui,')  # "Mengetahui," above the superior only
    assert ', 0' not in plain_date(kue.days[0].date, 'id')  # "7 Desember", never "07 Desember"


def _sheet(trainees: int, **fields: object) -> DaftarHadir:
    lines = [Line(f'Peserta Nomor {n}', 'Waliwis', Status.HADIR, '08.00') for n in range(1, trainees + 1)]
    values: dict[str, object] = {
        'kop': Kop('Dinas Sosial'), 'programme': 'Pelatihan Panjang', 'day_number': 1, 'day_title': 'Hari pertama',
        'date': dt.date(2026, 11, 24), 'place': 'Aula', 'zone': 'WIB', 'lines': lines, 'city': 'Tangerang',
        'instructor': Signer('Yanti', '198205172010012011'),
    }  # fmt: skip
    return DaftarHadir(**(values | fields))  # type: ignore[arg-type]


def test_a_long_list_runs_over_pages_repeating_the_header_row() -> None:
    reader = PdfReader(io.BytesIO(daftar_hadir_pdf(_sheet(60))))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f'Halaman {number}/{len(reader.pages)}' in text
        if 'Peserta Nomor' in text:
            assert 'Tanda tangan' in text and 'Nama' in text
    text = '\n'.join(page.extract_text() for page in reader.pages)
    assert all(f'Peserta Nomor {n}\n' in text or f'Peserta Nomor {n} ' in text for n in range(1, 61))


@pytest.mark.parametrize('trainees', [15, 17, 30, 60])
def test_the_last_rows_and_the_sign_off_share_a_page_with_the_programme_on_it(trainees: int) -> None:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(daftar_hadir_pdf(_sheet(trainees)))).pages]
    last = pages[-1]
    assert f'Peserta Nomor {trainees}' in last and 'Mengetahui,' in last and 'Jumlah peserta' in last
    assert 'Pelatihan Panjang' in last  # a page an auditor can place: the programme and the day on it
    assert all('Mengetahui,' not in page for page in pages[:-1])


async def test_the_programme_turns_on_the_sex_and_address_columns(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = Kue(await runtime.ready())
    siti = kue.store.get(Participant, kue.programme.participant_ids[0])
    assert siti is not None
    await open_as(user, COORDINATOR, f'/programmes/{kue.programme.id}')
    user.find(marker='papers-section').click()  # the section opens, and is built, when she taps it
    user.find(marker='sheet_gender').click()
    user.find(marker='sheet_address').click()
    user.find(marker='save-papers').click()
    await user.should_see('Tersimpan')
    saved = kue.store.get(Programme, kue.programme.id)
    assert saved is not None and saved.sheet_gender and saved.sheet_address

    text = pdf_text((await user.http_client.get(f'/export/daftar-hadir/{kue.days[0].id}.pdf')).content)

    assert 'L/P' in text and 'Alamat' in text and 'Keterangan' in text  # the heads unbroken
    assert siti.district and f'Desa {siti.village}, Kec. {siti.district}' in flat(text)
    assert f'{siti.name} P Desa' in flat(text)


@pytest.mark.parametrize('trainees', [17, 60])
def test_with_every_column_on_the_last_rows_still_keep_the_sign_off(trainees: int) -> None:
    lines = [
        Line(f'Peserta Nomor {n}', 'Desa Waliwis, Kec. Mekar Baru', Status.HADIR, '08.00', gender='P')
        for n in range(1, trainees + 1)
    ]
    sheet = _sheet(0, lines=lines, gender_column=True, address_column=True)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(daftar_hadir_pdf(sheet))).pages]
    assert f'Peserta Nomor {trainees}' in pages[-1] and 'Mengetahui,' in pages[-1]
    assert 'L/P' in pages[0] and 'Alamat' in pages[0]


def test_signature_slots_zig_zag_odd_left_even_right() -> None:
    lines = [Line(f'Peserta {n}', 'Waliwis', None) for n in range(1, 5)]
    sheet = _sheet(0, lines=lines)
    slots: dict[int, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        label = text.split('.', 1)[0].strip()
        if text.strip().endswith('...') and label.isdigit():
            slots[int(label)] = tm[4]

    PdfReader(io.BytesIO(daftar_hadir_pdf(sheet))).pages[0].extract_text(visitor_text=visit)
    assert sorted(slots) == [1, 2, 3, 4]
    assert slots[1] == slots[3] < slots[2] == slots[4]


# ---- the card sheet ----------------------------------------------------------------------------


async def test_every_trainee_gets_one_card_whose_qr_opens_her_live_card(user: User) -> None:
    await log_in(user, *INSTRUCTOR)
    kue = Kue(await runtime.ready())
    response = await user.http_client.get(f'/export/cards/{kue.programme.id}.pdf')
    assert response.status_code == 200 and response.headers['content-type'] == 'application/pdf'
    assert response.headers['content-disposition'].startswith('attachment; filename="kartu-peserta-pelatihan-')
    tokens = decoded_tokens(response.content)
    live = [live_card(kue.store, p.id, kue.programme.id) for p in kue.people.values()]
    assert sorted(tokens) == sorted(card.id for card in live if card is not None)
    assert len(tokens) == len(kue.people) == 15
    assert {card_holder(kue.store, token, kue.programme.id).name for token in tokens} == set(kue.people)
    text = flat(pdf_text(response.content))
    for person in kue.people.values():
        assert person.name in text and f'Desa {person.village}' in text
    for secret in sensitive_texts(kue):
        assert secret not in text


async def test_a_reissued_card_replaces_the_old_token_on_the_sheet(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = Kue(await runtime.ready())
    first = decoded_tokens((await user.http_client.get(f'/export/cards/{kue.programme.id}.pdf')).content)
    siti = kue.people['Siti Nurhayati']
    old = live_card(kue.store, siti.id, kue.programme.id)
    assert old is not None and old.id in first
    new = await reissue_card(kue.store, siti.id, kue.programme.id, by=kue.coordinator.id)
    again = decoded_tokens((await user.http_client.get(f'/export/cards/{kue.programme.id}.pdf')).content)
    assert old.id not in again and new.id in again
    assert set(again) - {new.id} == set(first) - {old.id}  # the others keep their cards
    with pytest.raises(DomainError, match='card_revoked'):
        card_holder(kue.store, old.id, kue.programme.id)


def decoded_tokens(body: bytes) -> list[str]:
    """Every QR on the sheet, decoded from its embedded image; each must be a `/k/<token>` URL."""
    paths = qr_paths(body)
    assert all(path.startswith('/k/') for path in paths), paths
    return [path.removeprefix('/k/') for path in paths]


# ---- the grid ----------------------------------------------------------------------------------

# name: (day 1, day 2, Hadir, Izin, Sakit, Alpa, %); days 1 and 2 are closed, so they are the counted days
EXPECTED = {
    'Siti Nurhayati': ('Hadir', 'Hadir', 2, 0, 0, 0, 100),
    'Euis Rohaeti': ('Terlambat', 'Alpa', 1, 0, 0, 1, 50),
    'Nani Suryani': ('Izin', 'Hadir', 1, 1, 0, 0, 50),
    'Rina Marlina': ('Sakit', 'Sakit', 0, 0, 2, 0, 0),
    'Wartini': ('Alpa', 'Alpa', 0, 0, 0, 2, 0),
}


def check_trainees(rows: list[list[object]], kue: Kue, *, percent_of: int = 1) -> None:
    """The header and the trainees' rows; a percentage read as `percent_of` (100 where a cell holds 0.13)."""
    header = rows[0]
    day1, day2 = (f'Hari {d.number} ({d.date:%d/%m})' for d in kue.days[:2])
    assert header[:5] == ['No', 'Nama', 'Desa', day1, day2]
    assert header[-5:] == ['Hadir', 'Izin', 'Sakit', 'Alpa', 'Kehadiran (%)']
    assert len(header) == 3 + len(kue.days) + 5
    trainees = rows[1 : 1 + len(kue.people)]
    assert [r[1] for r in trainees] == sorted(kue.people, key=str.lower)
    assert [r[0] for r in trainees] == list(range(1, 16))
    by_name = {r[1]: r for r in trainees}
    for name, (day1, day2, hadir, izin, sakit, alpa, percent) in EXPECTED.items():
        row = by_name[name]
        assert row[2] == kue.people[name].village
        assert row[3:5] == [day1, day2], name
        assert all(cell is None for cell in row[5 : 3 + len(kue.days)]), name  # days 3–5 not marked yet
        assert row[-5:-1] == [hadir, izin, sakit, alpa], name
        assert row[-1] == pytest.approx(percent / percent_of), name


def check_grid(rows: list[list[object]], kue: Kue) -> None:
    check_trainees(rows, kue)
    totals = {r[1]: r for r in rows[1 + len(kue.people) :]}
    assert list(totals) == ['Jumlah Hadir', 'Jumlah Izin', 'Jumlah Sakit', 'Jumlah Alpa']
    assert totals['Jumlah Hadir'][3:5] == [2, 2]
    assert totals['Jumlah Izin'][3:5] == [1, 0]
    assert totals['Jumlah Sakit'][3:5] == [1, 1]
    assert totals['Jumlah Alpa'][3:5] == [11, 12]
    assert totals['Jumlah Hadir'][-5:] == [4, None, None, None, 13]  # 4 present of 15 × 2 counted = 13 %
    assert totals['Jumlah Alpa'][-5:] == [None, None, None, 23, None]


async def test_xlsx_grid_has_marks_totals_and_percentages(user: User) -> None:
    kue = await arranged(user)
    response = await user.http_client.get(f'/export/attendance/{kue.programme.id}.xlsx')
    assert response.status_code == 200 and response.headers['content-type'] == XLSX
    assert response.headers['content-disposition'] == (
        'attachment; filename="kehadiran-pelatihan-aneka-kue-bagi-pmi-purna.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in values[:4]] == [
        kue.programme.name, kue.programme.agency, 'Rekap kehadiran peserta', '7–11 Desember 2026'
    ]  # fmt: skip
    start = next(i for i, row in enumerate(values) if row[0] == 'No')
    check_trainees(values[start:], kue, percent_of=100)  # 100% is the number 1, shown as a percentage
    total, *per_day = values[start + 1 + len(kue.people) :]
    trainees = values[start + 1 : start + 1 + len(kue.people)]
    assert total[1] == 'Jumlah' and total[3 : 3 + len(kue.days)] == [None] * len(kue.days)
    assert total[-5:-1] == [sum(row[c] for row in trainees) for c in range(-5, -1)] == [4, 1, 2, 23]
    assert total[-1] == pytest.approx(0.13)  # 4 present of 15 × 2 counted: the overall rate, not a sum
    assert {row[1]: row[3:5] for row in per_day} == {
        'Jumlah Hadir': [2, 2], 'Jumlah Izin': [1, 0], 'Jumlah Sakit': [1, 1], 'Jumlah Alpa': [11, 12]
    }  # fmt: skip
    header_row, first = start + 1, start + 2
    siti = next(r for r in sheet.iter_rows(min_row=first) if r[1].value == 'Siti Nurhayati')
    assert siti[-1].number_format == '0%' and siti[-2].data_type == 'n' and siti[0].data_type == 'n'
    assert sheet.cell(header_row, 2).font.bold and sheet.cell(first + len(kue.people), 2).font.bold
    assert sheet.freeze_panes == f'D{first}'
    assert sheet.auto_filter.ref == f'A{header_row}:{sheet.cell(1, len(values[start])).column_letter}{first + 14}'
    assert sheet.print_title_rows == f'${header_row}:${header_row}'
    assert_printable(sheet)
    assert sheet.column_dimensions['B'].width >= 20
    flat = ' '.join(str(cell) for row in values for cell in row if cell is not None)
    for secret in sensitive_texts(kue):
        assert secret not in flat


async def test_csv_grid_is_semicolon_separated_utf8_with_bom_and_matches_the_marks(user: User) -> None:
    kue = await arranged(user)
    response = await user.http_client.get(f'/export/attendance/{kue.programme.id}.csv')
    assert response.status_code == 200 and response.headers['content-type'] == 'text/csv; charset=utf-8'
    assert response.headers['content-disposition'].endswith('.csv"')
    assert response.content.startswith('\ufeff'.encode())
    text = response.content.decode('utf-8-sig')
    assert text.splitlines()[0].count(';') > 5  # `;`-separated: Indonesian Excel opens it in columns
    rows = [[_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text), delimiter=';')]
    check_grid(rows, kue)
    for secret in sensitive_texts(kue):
        assert secret not in text


def _cell(text: str) -> object:
    return None if text == '' else int(text) if text.isdigit() else text


# ---- who may download --------------------------------------------------------------------------


def export_paths(kue: Kue) -> list[str]:
    return [
        f'/export/daftar-hadir/{kue.days[0].id}.pdf',
        f'/export/cards/{kue.programme.id}.pdf',
        f'/export/attendance/{kue.programme.id}.xlsx',
        f'/export/attendance/{kue.programme.id}.csv',
    ]


@pytest.mark.parametrize(
    ('who', 'status'),
    [(None, 303), (KUE_TRAINEE, 403), (OTHER_INSTRUCTOR, 403), (INSTRUCTOR, 200), (COORDINATOR, 200)],
    ids=['anonymous', 'trainee', 'other-instructor', 'kue-instructor', 'coordinator'],
)
async def test_only_the_programmes_staff_may_download(user: User, who: tuple[str, str] | None, status: int) -> None:
    kue = Kue(await runtime.ready())
    if who is not None:
        assert await log_in(user, *who) == 303
    for path in export_paths(kue):
        response = await user.http_client.get(path)
        assert response.status_code == status, path
        if status == 303:
            assert response.headers['location'] == f'/login?next={path}'
        if status == 403:
            assert 'tidak boleh' in response.text


async def test_the_kwt_companion_may_download_his_own_programme(user: User) -> None:
    await log_in(user, *OTHER_INSTRUCTOR)
    store = await runtime.ready()
    kwt = demo_programme(store, ProgrammeKind.KWT)
    response = await user.http_client.get(f'/export/attendance/{kwt.id}.csv')
    assert response.status_code == 200


@pytest.mark.parametrize('who', [COORDINATOR, INSTRUCTOR], ids=['coordinator', 'instructor'])
async def test_unknown_ids_are_not_found(user: User, who: tuple[str, str]) -> None:
    await log_in(user, *who)
    for path in (
        '/export/daftar-hadir/nosuchday.pdf',
        '/export/cards/nosuchprogramme.pdf',
        '/export/attendance/nosuchprogramme.xlsx',
        '/export/attendance/nosuchprogramme.csv',
    ):
        assert (await user.http_client.get(path)).status_code == 404, path


# ---- helpers -----------------------------------------------------------------------------------


def _row(text: str, name: str) -> str:
    """The extracted line that starts with her name (No, Nama, Desa, Jam hadir, Keterangan, …)."""
    return next(line for line in text.splitlines() if name in line)


# ---- the programme's letterhead and officials ------------------------------------------------------------


async def test_the_coordinator_sets_the_officials_and_every_print_of_the_list_carries_them(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = Kue(await runtime.ready())
    await user.open(f'/programmes/{kue.programme.id}')
    user.find(marker='papers-section').click()
    user.find(marker='responsible-name').clear().type('Hj. Siti Aminah, S.H., M.Si.')
    user.find(marker='responsible-nip').clear().type('12345')  # not a NIP: refused beside the field, nothing saved
    user.find(marker='city').clear().type('Serang')
    user.find(marker='save-papers').click()
    await user.should_see('NIP harus 18 angka')
    assert error_of(user, 'responsible-nip') == 'NIP harus 18 angka, atau kosongkan'
    assert runtime.store.get(Programme, kue.programme.id).responsible.name == 'Drs. H. Ahmad Fauzi, M.Si.'  # type: ignore[union-attr]

    user.find(marker='responsible-nip').clear().type('197501012000032001')
    user.find(marker='save-papers').click()
    await user.should_see('Tersimpan')
    saved = runtime.store.get(Programme, kue.programme.id)
    assert saved is not None and saved.responsible.name == 'Hj. Siti Aminah, S.H., M.Si.' and saved.city == 'Serang'
    assert saved.participant_ids == kue.programme.participant_ids  # the rest of the programme as it was

    for who in (COORDINATOR, INSTRUCTOR):
        await log_in(user, *who)
        text = pdf_text((await user.http_client.get(f'/export/daftar-hadir/{kue.days[0].id}.pdf')).content)
        assert 'Hj. Siti Aminah, S.H., M.Si.' in text and 'NIP. 197501012000032001' in text
        assert f'Serang, {plain_date(kue.days[0].date, "id")}' in text


async def test_all_days_in_one_file_each_day_from_its_own_page_with_its_sign_off(user: User) -> None:
    await log_in(user, *COORDINATOR)
    kue = Kue(await runtime.ready())
    response = await user.http_client.get(f'/export/daftar-hadir-all/{kue.programme.id}.pdf')
    assert response.status_code == 200
    filename = 'daftar-hadir-pelatihan-aneka-kue-bagi-pmi-purna-semua-hari.pdf'
    assert response.headers['content-disposition'] == f'attachment; filename="{filename}"'
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    starts = [n for n, page in enumerate(pages) if 'DAFTAR HADIR PESERTA' in page]
    assert len(starts) == len(kue.days) == 5
    for day, start in zip(kue.days, starts, strict=True):
        assert day.title in pages[start] and long_date(day.date, 'id') in pages[start]
    assert sum(page.count('Mengetahui,') for page in pages) == len(kue.days)  # one sign-off a day
    assert all(f'/{len(pages)}' in page for page in pages)  # numbered through the whole file


# ---- one attendance figure -------------------------------------------------------------------------------


def test_attendance_is_one_figure_in_whole_percent_rounded_half_up() -> None:
    assert [attendance_rate(2, 3), attendance_rate(1, 8), attendance_rate(1, 3), attendance_rate(5, 5)] == [
        67,
        13,
        33,
        100,
    ]
    assert attendance_rate(0, 0) is None


async def test_the_register_and_the_certificate_give_each_kwt_member_the_same_attendance(user: User) -> None:
    store = await runtime.ready()
    kwt = demo_programme(store, ProgrammeKind.KWT)  # over: every day counts
    grid = collect_grid(store, kwt, kwt.end + dt.timedelta(days=1))
    names = {p.name: p.id for p in (store.get(Participant, i) for i in kwt.participant_ids) if p}
    rates = {row.name: grid.percent(row) for row in grid.rows}
    assert len(rates) == len(kwt.participant_ids) and len(set(rates.values())) > 1  # not all the same by chance
    for name, rate in rates.items():
        assert attendance_percent(store, kwt.id, names[name]) == rate, name
