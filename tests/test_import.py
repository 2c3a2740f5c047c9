"""Importing participants from CSV and XLSX: reading, planning, saving once, enrolment, templates, garbage."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from models.base import DomainError
from models.participant import Category, Gender, Group, Participant
from models.programme import Programme
from store import Store
from store.imports.apply import apply_import
from store.imports.plan import REASONS, ImportPlan, plan_import
from store.imports.read import COLUMNS, MAX_BYTES, MAX_ROWS, read_rows
from ui.documents.import_template import template_csv, template_xlsx

from .conftest import SAMPLE, sample_table, xlsx_of
from .workbooks import assert_printable

BY = 'acc-koordinator'
REFUSED = {19: ('', ('missing_name',)), 20: ('Nur Aini', ('bad_phone',)), 21: ('Rohimah', ('bad_nik',))}
REFUSED[22] = ('Siti Nurhayati', ('duplicate_in_file',))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / 'data')
    yield opened
    await opened.close()


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


async def a_programme(store: Store) -> Programme:
    today = dt.date(2026, 3, 2)
    programme = Programme(name='Pelatihan Kue', agency='Dinas Sosial', place='Balai Desa', start=today, end=today)
    await store.put(programme)
    return programme


def refused_by_row(rows: object) -> dict[int, tuple[str, tuple[str, ...]]]:
    return {r.row: (r.name, r.reasons) for r in rows}  # type: ignore[attr-defined]


# ---- the sample file -------------------------------------------------------------------------------


async def test_sample_csv_saves_17_and_refuses_4_with_their_reasons(store: Store) -> None:
    rows = read_rows(sample_bytes(), 'peserta-contoh.csv')
    assert len(rows) == 21 and set(rows[0]) == set(COLUMNS)
    plan = plan_import(store, rows, None)
    assert (len(plan.new), len(plan.existing), len(plan.bad)) == (17, 0, 4)
    assert refused_by_row(plan.bad) == REFUSED
    assert plan.new_groups == ('KWT PMI Purna Bumidaya',)
    assert store.count(Participant) == 0  # planning writes nothing

    result = await apply_import(store, plan, None, BY)
    assert (result.saved, result.existing, result.enrolled, result.refused) == (17, 0, 0, 4)
    assert refused_by_row(result.refused_rows) == REFUSED
    assert all(reason in REASONS for r in result.refused_rows for reason in r.reasons)
    assert store.count(Participant) == 17

    people = {p.name: p for p in store.all(Participant)}
    assert people['Nani Suryani'].phone == '081234560103'  # 0812-3456-0103
    assert people['Rina Marlina'].phone == '081234560104'  # +6281234560104
    assert people['Nani Suryani'].category == Category.KPO
    assert people['Euis Rohaeti'].nik == '3603124103870002'
    assert people["Ma'rifah"].former_country == 'Uni Emirat Arab'
    assert people['Siti Nurhayati'].district == 'Mekar Baru' and people['Siti Nurhayati'].group_id is None
    [group] = store.all(Group)
    assert group.name == 'KWT PMI Purna Bumidaya' and group.programme_id is None
    assert sorted(group.member_ids) == sorted([people['Sumarni'].id, people['Sri Wahyuni'].id])
    assert people['Sumarni'].group_id == group.id
    audit = store.meta(f'import:{result.import_id}')
    assert audit['by'] == BY and len(audit['saved']) == 17 and audit['refused_rows'] == [19, 20, 21, 22]


async def test_importing_the_same_file_again_creates_nobody(store: Store) -> None:
    await apply_import(store, plan_import(store, read_rows(sample_bytes(), 'a.csv'), None), None, BY)
    again = plan_import(store, read_rows(sample_bytes(), 'a.csv'), None)
    assert (len(again.new), len(again.existing), len(again.bad)) == (0, 17, 4)
    assert again.new_groups == ()
    result = await apply_import(store, again, None, BY)
    assert (result.saved, result.existing, result.refused) == (0, 17, 4)
    assert store.count(Participant) == 17 and store.count(Group) == 1


async def test_a_stale_plan_or_two_racing_imports_never_duplicate(store: Store) -> None:
    rows = read_rows(sample_bytes(), 'a.csv')
    first, second = plan_import(store, rows, None), plan_import(store, rows, None)
    assert len(first.new) == len(second.new) == 17
    results = await asyncio.gather(apply_import(store, first, None, BY), apply_import(store, second, None, BY))
    assert sorted((r.saved, r.existing) for r in results) == [(0, 17), (17, 0)]
    assert store.count(Participant) == 17 and store.count(Group) == 1
    await apply_import(store, first, None, BY)  # the same plan applied once more (a double click)
    assert store.count(Participant) == 17
    [group] = store.all(Group)
    assert len(group.member_ids) == 2


async def test_sample_as_xlsx_gives_the_same_outcome(store: Store) -> None:
    data = xlsx_of(sample_table())  # type: ignore[arg-type]
    rows = read_rows(data, 'peserta.xlsx')
    assert rows == read_rows(sample_bytes(), 'peserta.csv')
    result = await apply_import(store, plan_import(store, rows, None), None, BY)
    assert (result.saved, result.existing, result.refused) == (17, 0, 4)
    assert refused_by_row(result.refused_rows) == REFUSED
    again = await apply_import(store, plan_import(store, read_rows(data, 'peserta.xlsx'), None), None, BY)
    assert (again.saved, again.existing, again.refused) == (0, 17, 4)
    assert store.count(Participant) == 17


async def test_xlsx_numbers_phone_gets_its_zero_back_and_a_numeric_nik_is_refused(store: Store) -> None:
    table: list[list[object]] = [
        ['Nama', 'No HP', 'NIK', 'Kategori'],
        ['Sumarni', 81399990201, '1801114302830021', 'pmi purna'],  # Excel dropped the phone's 0
        ['Sri Wahyuni', 81399990202.0, 1801115809870022, 'KTK'],  # NIK typed into a number cell
        ['Carini', '0813 9999 0203', 1801115809870.0, ''],  # a short number: digits, no `.0`
    ]
    rows = read_rows(xlsx_of(table, text_columns=()), 'angka.xlsx')
    assert rows[0]['no_hp'] == '81399990201' and rows[1]['no_hp'] == '81399990202'
    assert rows[2]['nik'] == '1801115809870'
    assert 'e+15' in rows[1]['nik']  # not 16 digits that look right and are not
    plan = plan_import(store, rows, None)
    assert [r.status for r in plan.rows] == ['new', 'bad', 'bad']
    assert plan.rows[0].participant is not None and plan.rows[0].participant.phone == '081399990201'
    assert plan.rows[0].participant.category == Category.PMI_PURNA
    assert plan.rows[1].reasons == ('bad_nik', 'nik_as_number')
    assert plan.rows[2].reasons == ('bad_nik',)


# ---- reading variations ----------------------------------------------------------------------------


def test_semicolon_and_bom_csv_read_like_the_sample() -> None:
    expected = read_rows(sample_bytes(), 'a.csv')
    text = sample_bytes().decode('utf-8')
    semicolon = io.StringIO()
    csv.writer(semicolon, delimiter=';', lineterminator='\r\n').writerows(csv.reader(io.StringIO(text)))
    assert read_rows(semicolon.getvalue().encode('utf-8'), 'titik-koma.csv') == expected
    assert read_rows(b'\xef\xbb\xbf' + sample_bytes(), 'bom.csv') == expected
    assert read_rows(semicolon.getvalue().encode('utf-8-sig'), 'keduanya.csv') == expected
    assert read_rows(text.encode('utf-16'), 'unicode.txt') == expected  # Excel's "Unicode text" (with tabs too)
    assert read_rows(text.replace(',', '\t').encode('utf-16'), 'unicode.txt') == expected


def test_windows_1252_csv_and_header_spellings() -> None:
    data = (
        'Nama Lengkap;No. HP;Desa/Kelurahan;Kab/Kota;Negara Tujuan\r\n'
        'Zulaïkha;0812 3456 0199;Kédaung;Tangerang;Hong Kong\r\n'
    )
    [row] = read_rows(data.encode('cp1252'), 'excel.csv')
    assert row['nama'] == 'Zulaïkha' and row['no_hp'] == '0812 3456 0199' and row['desa'] == 'Kédaung'
    assert row['kabupaten'] == 'Tangerang' and row['negara_tujuan_dulu'] == 'Hong Kong' and row['nik'] == ''
    english = 'Name,Phone,Village,District,Regency,Group,Category,NIK,Former country\nAni,081234560150,A,B,C,,KPO,,X\n'
    [row] = read_rows(english.encode(), 'en.csv')
    assert row['nama'] == 'Ani' and row['no_hp'] == '081234560150' and row['kategori'] == 'KPO'
    assert row['negara_tujuan_dulu'] == 'X' and row['kecamatan'] == 'B'


async def test_sex_as_written_or_from_her_nik_and_an_unknown_one_refused(store: Store) -> None:
    data = (
        b'Nama;No HP;NIK;L/P\n'
        b'Ani;081234560150;;Perempuan\n'
        b'Budi;081234560151;;l\n'
        b'Cici;081234560152;3603125408850001;\n'  # birth day 54 = 14 + 40: a woman
        b'Dedi;081234560153;3603121408850002;\n'
        b'Eka;081234560154;;X\n'
    )

    plan = plan_import(store, read_rows(data, 'jk.csv'), None)

    genders = [(r.row, r.participant.gender if r.participant else None, r.reasons) for r in plan.rows]
    assert genders == [
        (2, Gender.P, ()),
        (3, Gender.L, ()),
        (4, Gender.P, ()),
        (5, Gender.L, ()),
        (6, None, ('bad_gender',)),
    ]


async def test_blank_rows_keep_the_sheet_row_numbers(store: Store) -> None:
    data = b'nama,no_hp\nAni,081234560150\n,\n\nBudi,0812\n\n\n'
    rows = read_rows(data, 'a.csv')
    assert len(rows) == 4  # trailing blanks dropped, inner ones kept
    plan = plan_import(store, rows, None)
    assert [(r.row, r.status) for r in plan.rows] == [(2, 'new'), (5, 'bad')]


def test_unreadable_files_and_files_without_a_name_column() -> None:
    for data, name in [
        (b'', 'kosong.csv'),
        (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(600), 'lama.xls'),
        (b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'surat.pdf'),
        (b'nama,no_hp\nAni,0812\n', 'bukan.xlsx'),  # an .xlsx that is not one
        (b'PK\x03\x04' + bytes(100), 'rusak.xlsx'),
        (bytes(range(256)) * 4, 'acak.bin'),
    ]:
        with pytest.raises(DomainError) as error:
            read_rows(data, name)
        assert error.value.key == 'import_unreadable', name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        archive.writestr('hello.txt', 'not a workbook')
    with pytest.raises(DomainError, match='import_unreadable'):
        read_rows(buffer.getvalue(), 'zip.xlsx')
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr('xl/worksheets/sheet1.xml', b' ' * (80 * 1024 * 1024))
    assert len(bomb.getvalue()) < MAX_BYTES
    with pytest.raises(DomainError, match='import_unreadable'):
        read_rows(bomb.getvalue(), 'bom.xlsx')
    for data, name in [
        (b'no_hp,desa\n0812,Waliwis\n', 'a.csv'),
        (b'Daftar peserta pelatihan\nnama,no_hp\n', 'judul.csv'),  # the header must be row 1
        (xlsx_of([['telepon', 'desa'], ['0812', 'Waliwis']]), 'a.xlsx'),
    ]:
        with pytest.raises(DomainError) as error:
            read_rows(data, name)
        assert error.value.key == 'import_no_name_column', name


def test_size_and_row_limits() -> None:
    with pytest.raises(DomainError) as error:
        read_rows(b'nama\n' + b'a' * MAX_BYTES, 'besar.csv')
    assert error.value.key == 'import_too_large' and error.value.params == {'max_mb': 2}
    many = 'nama\n' + ''.join(f'Peserta {n}\n' for n in range(MAX_ROWS + 1))
    with pytest.raises(DomainError) as error:
        read_rows(many.encode(), 'banyak.csv')
    assert error.value.key == 'import_too_many_rows'
    full = 'nama\n' + ''.join(f'Peserta {n}\n' + ('\n' if n % 100 == 0 else '') for n in range(MAX_ROWS))
    rows = read_rows(full.encode(), 'penuh.csv')  # blank rows in between do not count
    assert sum(1 for r in rows if r['nama']) == MAX_ROWS


# ---- matching and enrolment ------------------------------------------------------------------------


async def test_enrolment_adds_ids_once_and_creates_the_group_in_the_programme(store: Store) -> None:
    programme = await a_programme(store)
    # Two of them are already in the store (imported without a programme), one of those already enrolled.
    first = read_rows(sample_bytes(), 'a.csv')[:2]
    await apply_import(store, plan_import(store, first, None), None, BY)
    siti = next(p for p in store.all(Participant) if p.name == 'Siti Nurhayati')
    programme.participant_ids = [siti.id]
    await store.put(programme)

    plan = plan_import(store, read_rows(sample_bytes(), 'a.csv'), programme.id)
    assert (len(plan.new), len(plan.existing), plan.to_enrol) == (15, 2, 16)
    result = await apply_import(store, plan, programme.id, BY)
    assert (result.saved, result.existing, result.enrolled, result.refused) == (15, 2, 16, 4)
    stored = store.get(Programme, programme.id)
    assert stored is not None
    assert len(stored.participant_ids) == len(set(stored.participant_ids)) == 17
    assert set(stored.participant_ids) == {p.id for p in store.all(Participant)}
    assert store.ids(Programme, 'participant', siti.id) == {programme.id}
    [group] = store.by_index(Group, 'programme', programme.id)
    assert group.name == 'KWT PMI Purna Bumidaya' and stored.group_ids == [group.id] and len(group.member_ids) == 2

    again = await apply_import(
        store, plan_import(store, read_rows(sample_bytes(), 'a.csv'), programme.id), programme.id, BY
    )
    assert (again.saved, again.existing, again.enrolled) == (0, 17, 0)
    stored = store.get(Programme, programme.id)
    assert stored is not None and len(stored.participant_ids) == 17 and len(stored.group_ids) == 1
    assert store.count(Group) == 1


async def test_groups_match_by_name_case_insensitively_within_the_programme(store: Store) -> None:
    programme = await a_programme(store)
    other = Group(name='KWT Mawar', programme_id='lain')
    mine = Group(name='KWT Mawar', programme_id=programme.id)
    await store.put(other, mine)
    rows = [{'nama': 'Ani', 'no_hp': '081234560150', 'kelompok': '  kwt   MAWAR '}]
    plan = plan_import(store, rows, programme.id)
    assert plan.new_groups == ()
    await apply_import(store, plan, programme.id, BY)
    [ani] = store.all(Participant)
    assert ani.group_id == mine.id
    stored = store.get(Group, mine.id)
    assert stored is not None and stored.member_ids == [ani.id]
    assert store.count(Group) == 2


async def test_existing_matches_by_phone_then_nik_then_name_and_village(store: Store) -> None:
    await store.put(
        Participant(name='Ani', phone='081234560150', village='Waliwis'),
        Participant(name='Budi Santoso', nik='3603125408850001', village='Kedaung'),
        Participant(name='Citra Lestari', village='Kosambi'),
    )
    rows = [
        {'nama': 'Ani Lain Nama', 'no_hp': '+62 812-3456-0150'},  # same phone, other spelling
        {'nama': 'Budi', 'no_hp': '081234560151', 'nik': '3603125408850001'},  # new phone, known NIK
        {'nama': 'citra  lestari', 'desa': 'KOSAMBI'},  # neither: name and village
        {'nama': 'Citra Lestari', 'desa': 'Waliwis'},  # another village: someone else
        {'nama': 'Dewi', 'no_hp': '081234560152', 'kategori': 'Pekerja'},
        {'nama': 'Eka', 'no_hp': '081234560153', 'kelompok': 'K'},
        {'nama': 'Fitri', 'no_hp': '081234560154', 'desa': 'x' * 81},
        {'nama': 'Gita', 'nik': '3603125408850001'},  # the NIK of row 3 of this file
    ]
    plan = plan_import(store, rows, None)
    assert [(r.row, r.status, r.reasons) for r in plan.rows] == [
        (2, 'existing', ()),
        (3, 'existing', ()),
        (4, 'existing', ()),
        (5, 'new', ()),
        (6, 'bad', ('bad_category',)),
        (7, 'bad', ('bad_group',)),
        (8, 'bad', ('too_long',)),
        (9, 'bad', ('duplicate_in_file',)),
    ]
    result = await apply_import(store, plan, None, BY)
    assert (result.saved, result.existing, result.refused) == (1, 3, 4)
    assert store.count(Participant) == 4


async def test_unknown_programme_and_missing_account_are_refused(store: Store) -> None:
    rows = read_rows(sample_bytes(), 'a.csv')
    with pytest.raises(DomainError, match='import_no_programme'):
        plan_import(store, rows, 'tidak-ada')
    programme = await a_programme(store)
    plan = plan_import(store, rows, programme.id)
    with pytest.raises(DomainError, match='import_no_account'):
        await apply_import(store, plan, programme.id, '')
    await store.delete(Programme, programme.id)
    with pytest.raises(DomainError, match='import_no_programme'):
        await apply_import(store, plan, programme.id, BY)
    assert store.count(Participant) == 0 and store.count(Group) == 0  # all or nothing


async def test_sensitive_fields_are_never_logged(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    rows = read_rows(sample_bytes(), 'a.csv')
    await apply_import(store, plan_import(store, rows, None), None, BY)
    logged = caplog.text
    assert 'import' in logged
    for row in rows:
        for column in ('nik', 'kategori', 'negara_tujuan_dulu'):
            if row[column]:
                assert row[column] not in logged


# ---- templates -------------------------------------------------------------------------------------


async def test_templates_read_back_and_their_example_row_is_skipped(store: Store) -> None:
    csv_rows = read_rows(template_csv(), 'templat.csv')
    xlsx_rows = read_rows(template_xlsx(), 'templat.xlsx')
    assert csv_rows == xlsx_rows and len(csv_rows) == 1
    assert template_csv().startswith(b'\xef\xbb\xbf' + ';'.join(COLUMNS).encode())
    assert plan_import(store, csv_rows, None).rows == ()
    example = dict(csv_rows[0], nama='Sri Rahayu')  # the example, made her own: a valid participant
    assert [r.status for r in plan_import(store, [example], None).rows] == ['new']

    workbook = load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames == ['Peserta', 'Petunjuk']
    sheet = workbook['Peserta']
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet['B2'].number_format == '@' and sheet['H2'].number_format == '@'
    assert sheet['B2'].value == '081234567890' and isinstance(sheet['H2'].value, str)
    assert sheet.column_dimensions['B'].number_format == '@' and sheet.column_dimensions['H'].number_format == '@'
    assert sheet.column_dimensions['A'].width >= 20
    assert (sheet.auto_filter.ref, sheet.print_title_rows) == ('A1:J2', '$1:$1')  # the header stays in row 1
    for printed in workbook.worksheets:
        assert_printable(printed)
    guide = '\n'.join(str(c.value) for row in workbook['Petunjuk'].iter_rows() for c in row if c.value)
    for needle in ('PMI Purna', 'PMBS', 'KTK', 'KPO', '16 angka', '+62', 'negara_tujuan_dulu'):
        assert needle in guide


# ---- garbage in, DomainError out -------------------------------------------------------------------

CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['', '0812', '081234560101', '+6281234560101', '3603125408850001', 'PMI Purna', 'kpo', 'E+15']),
    st.from_regex(r'[0-9 +\-.eE,]{0,20}', fullmatch=True),
)
HEADER = st.lists(st.sampled_from([*COLUMNS, 'Nama', 'No HP', 'name', 'phone', 'x', '', 'NIK']), max_size=10)


def _as_csv(header: list[str], rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    return out.getvalue().encode('utf-8', 'surrogatepass')


async def test_garbage_never_raises_anything_but_domain_error(store: Store) -> None:
    await apply_import(store, plan_import(store, read_rows(sample_bytes(), 'a.csv'), None), None, BY)
    valid_xlsx = xlsx_of(sample_table())  # type: ignore[arg-type]

    def check(data: bytes, name: str) -> None:
        with contextlib.suppress(DomainError):
            plan_import(store, read_rows(data, name), None)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.binary(max_size=3000), name=st.sampled_from(['a.csv', 'a.xlsx', 'a.txt', 'a', '']))
    def random_bytes(data: bytes, name: str) -> None:
        check(data, name)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        header=HEADER,
        rows=st.lists(st.lists(CELL, max_size=10), max_size=8),
        delimiter=st.sampled_from([',', ';', '\t']),
    )
    def csv_garbage(header: list[str], rows: list[list[str]], delimiter: str) -> None:
        check(_as_csv(header, rows, delimiter), 'a.csv')

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(flips=st.lists(st.tuples(st.integers(0, len(valid_xlsx) - 1), st.integers(0, 255)), min_size=1, max_size=8))
    def broken_xlsx(flips: list[tuple[int, int]]) -> None:
        data = bytearray(valid_xlsx)
        for position, value in flips:
            data[position] = value
        check(bytes(data), 'a.xlsx')

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        rows=st.lists(
            st.dictionaries(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=12)), CELL, max_size=12),
            max_size=10,
        )
    )
    def garbage_rows(rows: list[dict[str, str]]) -> None:
        try:
            plan = plan_import(store, rows, None)
        except DomainError:
            return
        for planned in plan.rows:
            assert planned.status in ('new', 'existing', 'bad')
            assert all(reason in REASONS for reason in planned.reasons)
        if plan.new:
            plans.append(plan)

    plans: list[ImportPlan] = []
    random_bytes()
    csv_garbage()
    broken_xlsx()
    garbage_rows()
    assert store.count(Participant) == 17  # planning never wrote anything
    assert plans  # some garbage is a valid participant
    # What garbage plans to save saves, and saving it twice saves nothing more.
    for plan in plans[-20:]:
        before = store.count(Participant)
        result = await apply_import(store, plan, None, BY)
        assert store.count(Participant) == before + result.saved
        again = await apply_import(store, plan, None, BY)
        assert again.saved == 0
