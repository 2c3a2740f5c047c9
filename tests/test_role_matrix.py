"""Who may open what: every row of the route table (ui/routes.py) × anonymous, trainee, instructor, coordinator and
a secretariat's staff (petugas sekretariat).

Each cell says what the caller gets: 200 (served), 303 (sent to log in / onwards), 401, 403. The matrix covers
exactly the table's paths: a route added to the table without a row here fails `test_the_matrix_is_the_table`.
"""

from __future__ import annotations

import pytest
from nicegui.testing import User

from ui import routes

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, SECRETARIAT, log_in, route_ids

pytestmark = pytest.mark.demo

WHO = {
    'anonymous': None, 'trainee': KUE_TRAINEE, 'instructor': INSTRUCTOR, 'coordinator': COORDINATOR,
    'secretariat': SECRETARIAT,  # a petugas sekretariat: the demo's village secretariat's staff
}  # fmt: skip

COORDINATOR_ONLY = {'anonymous': 303, 'trainee': 403, 'instructor': 403, 'coordinator': 200, 'secretariat': 403}
# the kue instructor's programme: a petugas sekretariat runs no training
PROGRAMME_STAFF = {'anonymous': 303, 'trainee': 403, 'instructor': 200, 'coordinator': 200, 'secretariat': 403}
ONWARDS = {'anonymous': 303, 'trainee': 303, 'instructor': 303, 'coordinator': 303, 'secretariat': 303}
EVERYONE = {'anonymous': 200, 'trainee': 200, 'instructor': 200, 'coordinator': 200, 'secretariat': 200}
NOT_THERE = {'anonymous': 404, 'trainee': 404, 'instructor': 404, 'coordinator': 404, 'secretariat': 404}  # no such one
TRAINEE_JSON = {'anonymous': 401, 'trainee': 200, 'instructor': 403, 'coordinator': 403, 'secretariat': 403}  # her data
OWN = {'anonymous': 303, 'trainee': 200, 'instructor': 403, 'coordinator': 200, 'secretariat': 403}
TRAINEE_ONLY = {'anonymous': 303, 'trainee': 200, 'instructor': 403, 'coordinator': 403, 'secretariat': 403}
# her own, not yet earned (to those who may have it)
NOT_EARNED_YET = {'anonymous': 303, 'trainee': 409, 'instructor': 409, 'coordinator': 409, 'secretariat': 403}
# a village secretariat's pages: the coordinators, and its staff (not the kue instructor, who is on none)
SECRETARIAT_PAGE = {'anonymous': 303, 'trainee': 403, 'instructor': 403, 'coordinator': 200, 'secretariat': 200}

# (method, path): {who: expected status}; {kue}, {person}, {group} and the handovers stand for demo records' ids
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ('GET', '/'): EVERYONE,
    ('GET', '/login'): {'anonymous': 200, 'trainee': 303, 'instructor': 303, 'coordinator': 303, 'secretariat': 303},
    ('GET', '/api/health'): EVERYONE,
    ('GET', '/api/programmes'): {
        'anonymous': 401,
        'trainee': 200,
        'instructor': 200,
        'coordinator': 200,
        'secretariat': 200,
    },  # fmt: skip
    ('POST', '/login'): {  # no name given
        'anonymous': 401,
        'trainee': 401,
        'instructor': 401,
        'coordinator': 401,
        'secretariat': 401,
    },  # fmt: skip
    ('POST', '/api/login'): {  # no body
        'anonymous': 422,
        'trainee': 422,
        'instructor': 422,
        'coordinator': 422,
        'secretariat': 422,
    },  # fmt: skip
    ('POST', '/c/{day_id}/{slot}/{mac}'): {
        'anonymous': 401,
        'trainee': 401,
        'instructor': 401,
        'coordinator': 401,
        'secretariat': 401,
    },  # fmt: skip
    ('POST', '/logout'): {'anonymous': 303, 'trainee': 303, 'instructor': 303, 'coordinator': 303, 'secretariat': 303},
    ('GET', '/bahasa/{lang}'): ONWARDS,  # the language switch: a cookie, then the page she was on
    ('GET', '/programmes'): COORDINATOR_ONLY,
    ('GET', '/programmes/new'): COORDINATOR_ONLY,
    ('GET', '/programmes/{programme_id}'): COORDINATOR_ONLY,
    ('GET', '/programmes/{programme_id}/participants'): COORDINATOR_ONLY,
    ('GET', '/programmes/{programme_id}/import'): COORDINATOR_ONLY,
    ('GET', '/participants'): COORDINATOR_ONLY,
    ('GET', '/participants/new'): COORDINATOR_ONLY,
    ('GET', '/participants/{participant_id}'): COORDINATOR_ONLY,
    ('GET', '/groups'): COORDINATOR_ONLY,
    ('GET', '/groups/{group_id}'): COORDINATOR_ONLY,
    ('GET', '/accounts'): COORDINATOR_ONLY,
    ('GET', '/import/template.csv'): COORDINATOR_ONLY,
    ('GET', '/import/template.xlsx'): COORDINATOR_ONLY,
    ('GET', '/days/{day_id}'): PROGRAMME_STAFF,
    ('GET', '/api/days/{day_id}/code'): {
        'anonymous': 401,
        'trainee': 403,
        'instructor': 200,
        'coordinator': 200,
        'secretariat': 403,
    },  # fmt: skip
    ('GET', '/api/days/{day_id}/code.svg'): {
        'anonymous': 401,
        'trainee': 403,
        'instructor': 200,
        'coordinator': 200,
        'secretariat': 403,
    },  # fmt: skip
    ('GET', '/export/daftar-hadir/{day_id}.pdf'): PROGRAMME_STAFF,
    ('GET', '/export/cards/{programme_id}.pdf'): PROGRAMME_STAFF,
    ('GET', '/export/attendance/{programme_id}.xlsx'): PROGRAMME_STAFF,
    ('GET', '/export/attendance/{programme_id}.csv'): PROGRAMME_STAFF,
    ('GET', '/c/{day_id}/{slot}/{mac}'): EVERYONE,  # a tiny page for each: log-in form, refusal, or "for trainees"
    ('GET', '/k/{token}'): EVERYONE,
    ('GET', '/programmes/{programme_id}/aid'): COORDINATOR_ONLY,
    ('GET', '/programmes/{programme_id}/outcomes'): COORDINATOR_ONLY,
    ('GET', '/audit'): COORDINATOR_ONLY,
    ('GET', '/backup'): COORDINATOR_ONLY,
    ('GET', '/aid'): {'anonymous': 303, 'trainee': 200, 'instructor': 403, 'coordinator': 403, 'secretariat': 403},
    ('GET', '/export/outcomes/{programme_id}.xlsx'): COORDINATOR_ONLY,
    ('GET', '/export/daftar-hadir-all/{programme_id}.pdf'): COORDINATOR_ONLY,
    ('GET', '/export/aid-recipients/{item_id}.pdf'): COORDINATOR_ONLY,
    ('GET', '/export/bast/{handover_id}.pdf'): {  # a trainee's kit: hers is the receipt, a BAST is a group's
        'anonymous': 303,
        'trainee': 403,
        'instructor': 403,
        'coordinator': 409,
        'secretariat': 403,
    },
    ('GET', '/export/certificates/{programme_id}.pdf'): {
        'anonymous': 303,
        'trainee': 403,
        'instructor': 403,
        'coordinator': 404,
        'secretariat': 403,
    },  # none issued yet
    ('GET', '/export/outcomes/{programme_id}.pdf'): COORDINATOR_ONLY,
    ('GET', '/export/aid-receipt/{handover_id}.pdf'): COORDINATOR_ONLY,  # another trainee's receipt
    ('GET', '/export/backup.zip'): COORDINATOR_ONLY,
    ('GET', '/export/audit.xlsx'): COORDINATOR_ONLY,
    ('GET', '/export/audit.csv'): COORDINATOR_ONLY,
    ('POST', '/api/sync'): {  # 400: no body
        'anonymous': 401,
        'trainee': 400,
        'instructor': 403,
        'coordinator': 403,
        'secretariat': 403,
    },  # fmt: skip
    ('POST', '/api/checkin/code'): {  # no code
        'anonymous': 401,
        'trainee': 422,
        'instructor': 403,
        'coordinator': 403,
        'secretariat': 403,
    },  # fmt: skip
    ('POST', '/api/products/{product_id}/photo'): {  # no file sent
        'anonymous': 401,
        'trainee': 422,
        'instructor': 403,
        'coordinator': 403,
        'secretariat': 403,
    },  # fmt: skip
    ('GET', '/offline'): EVERYONE,  # the installable app's files work for anyone, logged in or not
    ('GET', '/sw.js'): EVERYONE,
    ('GET', '/manifest.webmanifest'): EVERYONE,
    ('GET', '/progress'): TRAINEE_ONLY,
    ('GET', '/usaha'): TRAINEE_ONLY,
    ('GET', '/usaha/produk'): TRAINEE_ONLY,
    ('GET', '/usaha/piutang'): TRAINEE_ONLY,
    ('GET', '/usaha/toko'): TRAINEE_ONLY,
    ('GET', '/usaha/pesanan'): TRAINEE_ONLY,
    ('GET', '/usaha/pesanan/{order_id}/bukti'): {  # the demo seller's proof of transfer: hers alone
        'anonymous': 303,
        'trainee': 404,
        'instructor': 403,
        'coordinator': 403,
        'secretariat': 403,
    },  # fmt: skip
    ('GET', '/usaha/pelanggan'): TRAINEE_ONLY,
    ('GET', '/usaha/pelanggan/{customer_id}'): TRAINEE_ONLY,
    ('GET', '/api/products'): TRAINEE_JSON,
    ('GET', '/api/shop'): {  # none yet
        'anonymous': 401,
        'trainee': 404,
        'instructor': 403,
        'coordinator': 403,
        'secretariat': 403,
    },  # fmt: skip
    ('GET', '/api/orders'): TRAINEE_JSON,
    ('GET', '/api/summary'): TRAINEE_JSON,
    # the notices of the secretariats that reach her (the kue trainee: none); staff have the board's page instead
    ('GET', '/pengumuman'): TRAINEE_ONLY,
    ('GET', '/api/notices'): TRAINEE_JSON,
    ('GET', '/grid/{programme_id}'): PROGRAMME_STAFF,
    ('GET', '/recipes/{skill_id}'): {
        'anonymous': 303,
        'trainee': 200,
        'instructor': 200,
        'coordinator': 200,
        'secretariat': 403,
    },  # fmt: skip
    ('GET', '/skills'): COORDINATOR_ONLY,
    ('GET', '/skills/{skill_id}'): COORDINATOR_ONLY,
    ('GET', '/kelompok/{group_id}'): COORDINATOR_ONLY,  # the KWT's members and companion; not the kue course
    ('GET', '/programmes/{programme_id}/business'): COORDINATOR_ONLY,
    ('GET', '/toko/{slug}'): NOT_THERE,
    ('GET', '/toko/{slug}/{product_id}'): NOT_THERE,
    ('POST', '/toko/{slug}/pesan'): NOT_THERE,
    ('GET', '/toko/{slug}/share/{item}.{shape}.jpg'): NOT_THERE,  # no such shop in the demo yet
    ('GET', '/export/progress/{programme_id}.xlsx'): PROGRAMME_STAFF,
    ('GET', '/export/certificate/{programme_id}/{participant_id}.pdf'): NOT_EARNED_YET,
    ('GET', '/verifikasi/{certificate_id}'): NOT_THERE,
    ('GET', '/media/{name}'): EVERYONE,  # a logo
    ('GET', '/sekretariat'): SECRETARIAT_PAGE,
    ('GET', '/sekretariat/{secretariat_id}/atur'): SECRETARIAT_PAGE,  # the demo's Bumidaya
    ('GET', '/sekretariat/{secretariat_id}/papan'): SECRETARIAT_PAGE,  # its notice board
    # its help desk: the inbox and a message (sensitive), its JSON; its public page and form, anyone's
    ('GET', '/sekretariat/{secretariat_id}/pesan'): SECRETARIAT_PAGE,
    ('GET', '/sekretariat/{secretariat_id}/pesan/{message_id}'): SECRETARIAT_PAGE,  # a demo message
    ('GET', '/api/secretariat/{slug}/messages'): {  # no such secretariat: those who may ask are told so
        'anonymous': 401,
        'trainee': 403,
        'instructor': 404,
        'coordinator': 404,
        'secretariat': 404,
    },  # fmt: skip
    ('GET', '/sekretariat/{slug}'): NOT_THERE,
    ('POST', '/sekretariat/{slug}/pesan'): NOT_THERE,
    # its market prices: its staff and those it reaches (the KWT's members, tests/test_market_prices.py); not the
    # kue course, which is not linked to it, nor the kue instructor, who is on no secretariat's staff
    ('GET', '/harga'): SECRETARIAT_PAGE,
    ('GET', '/api/prices'): {  # no commodity asked: not found, to those who may ask
        'anonymous': 401,
        'trainee': 403,
        'instructor': 403,
        'coordinator': 404,
        'secretariat': 404,
    },  # fmt: skip
    ('GET', '/sekretariat/{secretariat_id}/harga'): SECRETARIAT_PAGE,  # its price list, kept by its staff
    # its register of villagers abroad, family contacts, cases, checklists (sensitive: its staff and coordinators),
    # its summary and papers; a checklist's paths asked with a register entry's id: no such checklist (see below)
    ('GET', '/sekretariat/{secretariat_id}/daftar'): SECRETARIAT_PAGE,
    ('GET', '/sekretariat/{secretariat_id}/daftar/{entry_id}'): SECRETARIAT_PAGE,
    ('GET', '/sekretariat/{secretariat_id}/kontak'): SECRETARIAT_PAGE,
    ('GET', '/sekretariat/{secretariat_id}/kasus'): SECRETARIAT_PAGE,
    ('GET', '/sekretariat/{secretariat_id}/persiapan'): SECRETARIAT_PAGE,
    ('GET', '/sekretariat/{secretariat_id}/persiapan/{entry_id}'): SECRETARIAT_PAGE,  # says there is none such
    ('GET', '/sekretariat/{secretariat_id}/ringkasan'): SECRETARIAT_PAGE,
    ('GET', '/export/secretariat/{secretariat_id}/persiapan.pdf'): SECRETARIAT_PAGE,
    ('GET', '/export/secretariat/{secretariat_id}/checklist/{entry_id}.pdf'): {
        'anonymous': 303,
        'trainee': 403,
        'instructor': 403,
        'coordinator': 404,
        'secretariat': 404,
    },  # fmt: skip
    ('GET', '/export/secretariat/{secretariat_id}/summary.xlsx'): SECRETARIAT_PAGE,
    ('GET', '/export/secretariat/{secretariat_id}/summary.pdf'): SECRETARIAT_PAGE,
}
# The table's paths are filled with these demo records (see route_ids); a few cells ask again with other ids.
OTHER_CELLS: dict[tuple[str, str], dict[str, int]] = {
    ('GET', '/export/aid-receipt/{own_handover}.pdf'): OWN,  # hers: the demo's trainee 1
    ('GET', '/export/bast/{group_handover}.pdf'): COORDINATOR_ONLY,  # the KWT's tillage machine
    ('GET', '/skills/new'): COORDINATOR_ONLY,
    ('GET', '/api/summary?month=2026-05'): TRAINEE_JSON,
    ('GET', '/sekretariat/bumidaya'): EVERYONE,  # the demo secretariat's public page
    ('POST', '/sekretariat/bumidaya/pesan'): {  # no form sent: refused in words, whoever sends it
        'anonymous': 415,
        'trainee': 415,
        'instructor': 415,
        'coordinator': 415,
        'secretariat': 415,
    },  # fmt: skip
    ('GET', '/api/secretariat/bumidaya/messages'): {  # its staff and coordinators; not the kue instructor
        'anonymous': 401,
        'trainee': 403,
        'instructor': 403,
        'coordinator': 200,
        'secretariat': 200,
    },  # fmt: skip
    ('GET', '/sekretariat/{secretariat_id}/daftar/baru'): SECRETARIAT_PAGE,  # a new entry's form
    ('GET', '/sekretariat/{secretariat_id}/persiapan/{checklist_id}'): SECRETARIAT_PAGE,  # a demo checklist
    ('GET', '/export/secretariat/{secretariat_id}/checklist/{checklist_id}.pdf'): SECRETARIAT_PAGE,
    ('GET', '/export/secretariat/{secretariat_id}/summary.pdf?year=2025'): SECRETARIAT_PAGE,
    ('GET', '/export/secretariat/{secretariat_id}/summary.xlsx?year=2019'): {  # before any summary: none
        'anonymous': 303,
        'trainee': 403,
        'instructor': 403,
        'coordinator': 404,
        'secretariat': 404,
    },  # fmt: skip
    ('GET', '/api/prices?commodity=cabai-merah-keriting&days=30'): {
        'anonymous': 401,
        'trainee': 403,
        'instructor': 403,
        'coordinator': 200,
        'secretariat': 200,
    },  # fmt: skip
}
FILES = {
    '/assets/js/{path}': 'scanner.js',
    '/assets/offline/{path}': 'offline.js',
    '/assets/icons/{path}': 'icon-192.png',
}
for _folder in FILES:
    MATRIX[('GET', _folder)] = EVERYONE
CELLS = [
    (method, path, who, status) for (method, path), row in (MATRIX | OTHER_CELLS).items() for who, status in row.items()
]


def table_paths() -> set[tuple[str, str]]:
    """What the app serves, as the route table says: its rows and its folders of files."""
    return {(route.method, route.path) for route in routes.ROUTES} | {('GET', f'{p}/{{path}}') for p in routes.FOLDERS}


def mismatch(table: set[tuple[str, str]], matrix: set[tuple[str, str]]) -> tuple[set[tuple[str, str]], ...]:
    """(served without a row, rows for nothing served)."""
    return table - matrix, matrix - table


def test_the_matrix_is_the_table() -> None:
    assert mismatch(table_paths(), set(MATRIX)) == (set(), set())


def test_every_row_says_what_each_caller_gets() -> None:
    assert [key for key, row in (MATRIX | OTHER_CELLS).items() if set(row) != set(WHO)] == []


def test_a_route_added_to_the_table_without_a_row_fails_the_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    added = routes.page('/usaha/rahasia', lambda: None, routes.TRAINEE)
    monkeypatch.setattr(routes, 'ROUTES', [*routes.ROUTES, added])
    assert mismatch(table_paths(), set(MATRIX)) == ({('GET', '/usaha/rahasia')}, set())
    monkeypatch.setattr(routes, 'ROUTES', routes.ROUTES[:-2])
    assert mismatch(table_paths(), set(MATRIX))[1]  # a row for a route taken out is found as well


@pytest.mark.parametrize(('method', 'path', 'who', 'status'), CELLS, ids=[f'{c[0]} {c[1]} {c[2]}' for c in CELLS])
async def test_role_route_cell(user: User, method: str, path: str, who: str, status: int) -> None:
    account = WHO[who]
    if account is not None:
        assert await log_in(user, *account) == 303
    response = await user.http_client.request(method, path.format(**await route_ids(), path=FILES.get(path, '')))
    assert response.status_code == status
