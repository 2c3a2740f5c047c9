"""An audit trail people can read (issue 16): field names in her language, names where ids were, times at the
programme's clock, money, dates and yes/no as she writes them; her sensitive fields' edits and consents on it,
before and after, for coordinators only; the screen's filters downloaded as XLSX and CSV; and a restore that
keeps what was written after its backup, its own entry last."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User
from openpyxl import load_workbook

from models.account import Account
from models.aid import AidItem, Handover
from models.attendance import Attendance, Card
from models.audit import AuditEntry
from models.business import GroupExpense, GroupSale, Harvest
from models.certificate import Certificate
from models.participant import Category, Consent, Participant
from models.programme import Day, Zone
from models.secretariat import Secretariat
from models.skills import Mark
from store.accounts import find_account, set_disabled
from store.aid import hand_over
from store.audit import AuditFilter, entries
from store.audit_view import HIDDEN, trail
from store.backup_folder import read_folder
from store.participants import save_participant
from ui import backup_service as backups
from ui.audit_text import when_text
from ui.i18n import catalogue
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, demo_programme, log_in, only, open_as
from .test_no_english import check, icons_known, shown

pytestmark = pytest.mark.demo

WAIT = 50
HANDED = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)  # 06.30 WIB on Monday 7 December
HOSTILE = "=cmd|' /C calc'!A0"


@pytest.fixture(autouse=True)
async def store_open(user: User) -> None:
    """The app's store, open and seeded, before a test looks anything up in it."""
    await runtime.ready()


def texts(user: User, marker: str) -> list[str]:
    """The texts of every element marked `marker` on the open page, shown or folded away."""
    return [str(element.text) for element in user.find(marker=marker).elements]


def person(name: str) -> Participant:
    return next(p for p in runtime.store.all(Participant) if p.name == name)


def coordinator() -> Account:
    account = find_account(runtime.store, COORDINATOR[0])
    assert account is not None
    return account


async def a_handover() -> str:
    """Yuyun's baking kit handed over by the coordinator at 06.30 WIB today; the handover's id."""
    store = await runtime.ready()
    kue = demo_programme(store)
    [made] = await hand_over(
        store, 'bantuan-paket-kue', recipients=[person('Yuyun Yuningsih').id], handed_on=kue.start,
        by=coordinator().id, now=HANDED,
    )  # fmt: skip
    return made.id


async def an_edit_of_her_case_notes(user: User) -> Participant:
    """The coordinator writes a case note for Yuyun on her page and saves it."""
    await open_as(user, COORDINATOR, f'/participants/{person("Yuyun Yuningsih").id}')
    only(user, 'case_notes').value = 'Pulang dari Malaysia, perlu pendampingan'
    user.find(marker='save-participant').click()
    await user.should_see('Tersimpan', retries=WAIT)
    return person('Yuyun Yuningsih')


# ---- readable ----------------------------------------------------------------------------------------


@pytest.mark.any_hour
async def test_a_handover_reads_with_indonesian_labels_names_rupiah_and_wib_times(user: User) -> None:
    handover_id = await a_handover()

    await open_as(user, COORDINATOR, '/audit')
    only(user, 'filter-text').value = handover_id

    await user.should_see('Bantuan diserahkan · Yuyun Yuningsih', retries=WAIT)
    me = coordinator().name
    assert texts(user, 'audit-when') == [f'7 Des 2026 06.30 WIB · {me} · {demo_programme(runtime.store).name}']
    shown = user.find(ui.label).elements
    labels = {str(label.text) for label in shown}
    assert {'Diserahkan oleh', 'Jenis bantuan', 'Peserta', 'Nilai satuan', 'Dicatat pada', 'Dibatalkan'} <= labels
    changes = texts(user, 'audit-change')
    assert f'– → {me}' in changes  # handed_by, once an id
    assert '– → Yuyun Yuningsih' in changes and '– → Paket peralatan usaha kue' in changes
    assert '– → 7 Desember 2026 06.30 WIB' in changes  # recorded_at, once a UTC ISO time
    assert '– → Tidak' in changes  # cancelled: no
    assert any(text.startswith('– → Rp\u00a0') for text in changes)
    assert not [text for text in changes if handover_id[:8] in text or 'T23:30' in text]


@pytest.mark.any_hour
async def test_each_time_is_at_the_programme_clock_whatever_the_server_zone(user: User) -> None:
    handover_id = await a_handover()
    kue = demo_programme(runtime.store)
    moved = kue.model_copy(update={'zone': Zone.WIT})
    await runtime.store.put(moved)

    [row] = trail(runtime.store, AuditFilter(text=handover_id), sensitive=True).rows

    assert row.zone is Zone.WIT and row.at == HANDED
    assert when_text(row, 'id') == '7 Des 2026 08.30 WIT'


# ---- sensitive fields --------------------------------------------------------------------------------


async def test_a_sensitive_edit_is_on_the_trail_with_before_and_after_for_the_coordinator(user: User) -> None:
    yuyun = await an_edit_of_her_case_notes(user)

    [edit] = [e for e in runtime.store.all(AuditEntry) if e.action == 'participant.edit' and e.target == yuyun.id]
    assert edit.by == coordinator().id
    assert edit.before == {'case_notes': ''} and edit.after == {'case_notes': yuyun.case_notes}
    await user.open('/audit')
    only(user, 'filter-kind').value = 'participant'
    await user.should_see('Data peserta diubah · Yuyun Yuningsih', retries=WAIT)
    assert '– → Pulang dari Malaysia, perlu pendampingan' in texts(user, 'audit-change')
    await user.should_see('Catatan kasus')


async def test_consent_recorded_and_withdrawn_are_on_the_trail(user: User) -> None:
    yuyun = person('Yuyun Yuningsih')
    await open_as(user, COORDINATOR, f'/participants/{yuyun.id}')
    user.find(marker='record-consent').click()
    await user.should_see('Persetujuan dicatat', retries=WAIT)
    user.find(marker='withdraw-program').click()
    await user.should_see('Dicabut', retries=WAIT)

    actions = [e.action for e in runtime.store.all(AuditEntry) if e.target == yuyun.id]
    assert {'participant.consent_add', 'participant.consent_withdraw'} <= set(actions)
    await user.open('/audit')
    only(user, 'filter-kind').value = 'participant'
    await user.should_see('Persetujuan dicabut · Yuyun Yuningsih', retries=WAIT)
    assert any(text.startswith('– → ') and '2026' in text for text in texts(user, 'audit-change'))  # withdrawn on


async def test_a_reader_who_may_not_see_sensitive_fields_gets_none_of_their_values(user: User) -> None:
    yuyun = await an_edit_of_her_case_notes(user)
    await save_participant(runtime.store, yuyun.model_copy(update={'category': Category.KTK}), by=coordinator().id)

    rows = trail(runtime.store, AuditFilter(kind='participant', text=yuyun.id), sensitive=False).rows

    changes = [c for row in rows for c in row.changes if row.action == 'participant.edit']
    assert {c.field for c in changes} == {'case_notes', 'category'}
    assert all(c.sensitive and c.before is HIDDEN and c.after is HIDDEN for c in changes)


@pytest.mark.parametrize('path', ['/audit', '/export/audit.xlsx', '/export/audit.csv?kind=participant'])
async def test_an_instructor_can_open_neither_the_trail_nor_its_downloads(user: User, path: str) -> None:
    await save_participant(
        runtime.store, person('Yuyun Yuningsih').model_copy(update={'case_notes': 'Catatan rahasia kasus'})
    )
    await log_in(user, *INSTRUCTOR)

    response = await user.http_client.get(path)

    assert response.status_code == 403
    assert 'Catatan rahasia kasus' not in response.text


# ---- downloads ---------------------------------------------------------------------------------------


def xlsx_rows(body: bytes) -> tuple[list[list[Any]], list[Any]]:
    """The title's first cells, and the table's rows under its header (found by its `No`)."""
    sheet = load_workbook(io.BytesIO(body)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == 'No')
    return rows[header:], [row[0] for row in rows[:header]]


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith('\ufeff'.encode())
    return list(csv.reader(io.StringIO(body.decode('utf-8-sig')), delimiter=';'))


async def test_the_xlsx_holds_the_filtered_entries_readable_with_a_hostile_name_as_text(user: User) -> None:
    handover_id = await a_handover()
    yuyun = person('Yuyun Yuningsih')
    await runtime.store.put(yuyun.model_copy(update={'name': HOSTILE}))
    await log_in(user, *COORDINATOR)
    kue = demo_programme(runtime.store)

    query = f'kind=aid&programme={kue.id}&since=2026-12-07&text={handover_id}'
    response = await user.http_client.get(f'/export/audit.xlsx?{query}')

    assert response.status_code == 200 and response.headers['content-disposition'].endswith('.xlsx"')
    table, title = xlsx_rows(response.content)
    assert title[:3] == [kue.name, kue.agency, 'Jejak audit'] and 'Tanggal 7 Desember 2026 s.d. …' in title
    assert table[0] == ['No', 'Tanggal', 'Jam', 'Zona waktu', 'Kejadian', 'Tentang', 'Oleh', 'Program', 'Catatan',
                        'Perubahan (sebelum → sesudah)']  # fmt: skip
    [row] = table[1:]
    assert row[:8] == [1, dt.datetime(2026, 12, 7), dt.time(6, 30), 'WIB', 'Bantuan diserahkan', HOSTILE,
                       coordinator().name, kue.name]  # fmt: skip
    assert f'Diserahkan oleh: – → {coordinator().name}' in row[9].split('\n')
    cells = [c for r in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in r]
    assert [c for c in cells if c.data_type == 'f'] == []


@pytest.mark.any_hour
async def test_the_csv_holds_the_same_rows_with_a_hostile_name_that_runs_nothing(user: User) -> None:
    handover_id = await a_handover()
    await runtime.store.put(person('Yuyun Yuningsih').model_copy(update={'name': HOSTILE}))
    await log_in(user, *COORDINATOR)

    response = await user.http_client.get(
        f'/export/audit.csv?kind=aid&since=2026-12-07&until=2026-12-07&text={handover_id}'
    )

    assert response.status_code == 200 and response.headers['content-type'].startswith('text/csv')
    header, *rows = csv_rows(response.content)
    assert header[:3] == ['No', 'Tanggal', 'Jam']
    assert [row[:6] for row in rows] == [['1', '2026-12-07', '06.30', 'WIB', 'Bantuan diserahkan', "'" + HOSTILE]]
    assert not [cell for row in rows for cell in row if cell.startswith(('=', '+', '-', '@'))]


async def test_filters_narrow_the_download_as_they_narrow_the_screen(user: User) -> None:
    await log_in(user, *COORDINATOR)
    store = await runtime.ready()
    total = len([e for e in store.all(AuditEntry) if e.action.startswith('mark.')])
    assert total > 0

    every = csv_rows((await user.http_client.get('/export/audit.csv')).content)[1:]
    only_marks = csv_rows((await user.http_client.get('/export/audit.csv?kind=mark')).content)[1:]
    nothing = csv_rows((await user.http_client.get('/export/audit.csv?kind=mark&until=2000-01-01')).content)[1:]

    assert len(only_marks) == total and len(every) > total and nothing == []
    assert {row[4] for row in only_marks} == {'Nilai keterampilan'}
    bad = await user.http_client.get('/export/audit.xlsx?since=kemarin&until=%ED%A0%80&kind=%00')
    assert bad.status_code == 200  # a filter that is no filter narrows to nothing, never an error


async def test_the_screens_download_buttons_pass_its_filters(user: User) -> None:
    handover_id = await a_handover()
    await open_as(user, COORDINATOR, '/audit')
    only(user, 'filter-kind').value = 'aid'
    only(user, 'filter-since').value = '2026-12-07'
    only(user, 'filter-text').value = handover_id

    user.find(marker='download-audit-csv').click()
    response = await user.download.next(timeout=20)

    rows = csv_rows(response.content)[1:]
    assert [row[4] for row in rows] == ['Bantuan diserahkan']
    downloads = [e for e in runtime.store.all(AuditEntry) if e.action == 'audit.export']
    assert [e.note for e in downloads] == [f'kind=aid&since=2026-12-07&text={handover_id}']  # on the trail too


# ---- a restore keeps the trail -----------------------------------------------------------------------


@pytest.mark.any_hour
async def test_entries_written_after_a_backup_survive_its_restore_with_the_restore_last(user: User) -> None:
    store = await runtime.ready()
    me = coordinator()
    taken = await backups.daily_backup(store, store.folder, dt.datetime.now(Zone.WIB.tz).date())
    assert taken is not None
    account = find_account(store, '081200000003')
    assert account is not None
    await set_disabled(store, account.id, True, by=me.id)
    await an_edit_of_her_case_notes(user)
    in_backup = set(read_folder(taken.path)[0]['audit'])
    after_backup = {e.id for e in store.all(AuditEntry)} - in_backup
    assert len(after_backup) >= 3  # the disabling, the view of her page, the edit

    restored = await backups.restore_daily(taken.name, by=me.id)

    newest, _ = entries(restored, AuditFilter(), limit=len(after_backup) + 1)
    assert newest[0].action == 'backup.restore' and newest[0].by == me.id and newest[0].target == taken.name
    assert {e.id for e in newest[1:]} == after_backup
    assert {e.id for e in restored.all(AuditEntry)} == in_backup | after_backup | {newest[0].id}
    disabled = restored.get(Account, account.id)
    assert disabled is not None and disabled.disabled is False  # the data is the backup's; the trail is whole


async def test_the_trail_has_no_english(user: User) -> None:
    handover_id = await a_handover()
    yuyun = await an_edit_of_her_case_notes(user)
    await open_as(user, COORDINATOR, '/audit')
    for searched, seen in ((handover_id, 'Bantuan diserahkan'), (yuyun.id, 'Data peserta diubah')):
        only(user, 'filter-text').value = searched
        await user.should_see(f'{seen} · Yuyun Yuningsih', retries=WAIT)
        check(f'/audit, {seen}', shown(user))
        icons_known('/audit', user)


RECORDED = {
    'attendance': [Attendance], 'day': [Day], 'card': [Card], 'mark': [Mark], 'certificate': [Certificate],
    'aid': [AidItem, Handover], 'account': [Account], 'participant': [Participant, Consent],
    'ledger': [Harvest, GroupSale, GroupExpense], 'secretariat': [Secretariat],
}  # fmt: skip


def test_every_field_of_every_record_the_trail_keeps_has_a_label_in_both_languages() -> None:
    unlabelled = []
    for lang, (kind, models) in itertools.product(('id', 'en'), RECORDED.items()):
        fields = {field for model in models for field in model.model_fields} - {'id', 'secret_hash'}
        labels = set(catalogue(lang))
        unlabelled += [
            f'{lang} {kind}.{field}'
            for field in fields
            if not {f'audit.field.{kind}.{field}', f'audit.field.{field}'} & labels
        ]
    assert unlabelled == []  # none is shown by its code name
