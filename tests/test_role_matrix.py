"""Who may open what: every page and route × anonymous, trainee, instructor, coordinator.

Each cell says what the caller gets: 200 (served), 303 (sent to log in / onwards), 401, 403.
New pages and routes get a row here when they are built.
"""

from __future__ import annotations

import pytest
from nicegui.testing import User

from models.aid import Handover
from models.participant import Group
from models.programme import Day, Programme, ProgrammeKind
from store.skills import day_skills
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, log_in

pytestmark = pytest.mark.demo

WHO = {'anonymous': None, 'trainee': KUE_TRAINEE, 'instructor': INSTRUCTOR, 'coordinator': COORDINATOR}

COORDINATOR_ONLY = {'anonymous': 303, 'trainee': 403, 'instructor': 403, 'coordinator': 200}
PROGRAMME_STAFF = {'anonymous': 303, 'trainee': 403, 'instructor': 200, 'coordinator': 200}  # the kue instructor
EVERYONE = {'anonymous': 200, 'trainee': 200, 'instructor': 200, 'coordinator': 200}
OWN = {'anonymous': 303, 'trainee': 200, 'instructor': 403, 'coordinator': 200}
TRAINEE_ONLY = {'anonymous': 303, 'trainee': 200, 'instructor': 403, 'coordinator': 403}
NOT_EARNED_YET = {'anonymous': 303, 'trainee': 409, 'instructor': 409, 'coordinator': 409}  # her own, not yet earned

# (method, path): {who: expected status}; {kue}, {person}, {group} and the handovers stand for demo records' ids
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ('GET', '/'): {'anonymous': 200, 'trainee': 200, 'instructor': 200, 'coordinator': 200},
    ('GET', '/login'): {'anonymous': 200, 'trainee': 303, 'instructor': 303, 'coordinator': 303},
    ('GET', '/api/health'): {'anonymous': 200, 'trainee': 200, 'instructor': 200, 'coordinator': 200},
    ('GET', '/api/programmes'): {'anonymous': 401, 'trainee': 200, 'instructor': 200, 'coordinator': 200},
    ('POST', '/logout'): {'anonymous': 303, 'trainee': 303, 'instructor': 303, 'coordinator': 303},
    ('GET', '/programmes'): COORDINATOR_ONLY,
    ('GET', '/programmes/new'): COORDINATOR_ONLY,
    ('GET', '/programmes/{kue}'): COORDINATOR_ONLY,
    ('GET', '/programmes/{kue}/participants'): COORDINATOR_ONLY,
    ('GET', '/programmes/{kue}/import'): COORDINATOR_ONLY,
    ('GET', '/participants'): COORDINATOR_ONLY,
    ('GET', '/participants/new'): COORDINATOR_ONLY,
    ('GET', '/participants/{person}'): COORDINATOR_ONLY,
    ('GET', '/groups'): COORDINATOR_ONLY,
    ('GET', '/groups/{group}'): COORDINATOR_ONLY,
    ('GET', '/accounts'): COORDINATOR_ONLY,
    ('GET', '/import/template.csv'): COORDINATOR_ONLY,
    ('GET', '/import/template.xlsx'): COORDINATOR_ONLY,
    ('GET', '/days/{day}'): PROGRAMME_STAFF,
    ('GET', '/api/days/{day}/code'): {'anonymous': 401, 'trainee': 403, 'instructor': 200, 'coordinator': 200},
    ('GET', '/api/days/{day}/code.svg'): {'anonymous': 401, 'trainee': 403, 'instructor': 200, 'coordinator': 200},
    ('GET', '/export/daftar-hadir/{day}.pdf'): PROGRAMME_STAFF,
    ('GET', '/export/cards/{kue}.pdf'): PROGRAMME_STAFF,
    ('GET', '/export/attendance/{kue}.xlsx'): PROGRAMME_STAFF,
    ('GET', '/export/attendance/{kue}.csv'): PROGRAMME_STAFF,
    ('GET', '/c/{day}/1/0'): EVERYONE,  # a tiny page for each: log-in form, refusal, or "for trainees"
    ('GET', '/k/token'): EVERYONE,
    ('GET', '/programmes/{kue}/aid'): COORDINATOR_ONLY,
    ('GET', '/programmes/{kue}/outcomes'): COORDINATOR_ONLY,
    ('GET', '/audit'): COORDINATOR_ONLY,
    ('GET', '/backup'): COORDINATOR_ONLY,
    ('GET', '/aid'): {'anonymous': 303, 'trainee': 200, 'instructor': 403, 'coordinator': 403},
    ('GET', '/export/outcomes/{kue}.xlsx'): COORDINATOR_ONLY,
    ('GET', '/export/outcomes/{kue}.pdf'): COORDINATOR_ONLY,
    ('GET', '/export/aid-receipt/{handover}.pdf'): COORDINATOR_ONLY,  # another trainee's receipt
    ('GET', '/export/aid-receipt/{own_handover}.pdf'): OWN,  # hers: the demo's trainee 1
    ('GET', '/export/backup.zip'): COORDINATOR_ONLY,
    ('POST', '/api/sync'): {'anonymous': 401, 'trainee': 400, 'instructor': 403, 'coordinator': 403},  # 400: no body
    ('GET', '/offline'): EVERYONE,  # the installable app's files work for anyone, logged in or not
    ('GET', '/sw.js'): EVERYONE,
    ('GET', '/manifest.webmanifest'): EVERYONE,
    ('GET', '/progress'): TRAINEE_ONLY,
    ('GET', '/usaha'): TRAINEE_ONLY,
    ('GET', '/usaha/produk'): TRAINEE_ONLY,
    ('GET', '/usaha/piutang'): TRAINEE_ONLY,
    ('GET', '/usaha/toko'): TRAINEE_ONLY,
    ('GET', '/api/products'): {'anonymous': 401, 'trainee': 200, 'instructor': 403, 'coordinator': 403},
    ('GET', '/api/summary?month=2026-05'): {'anonymous': 401, 'trainee': 200, 'instructor': 403, 'coordinator': 403},
    ('GET', '/grid/{kue}'): PROGRAMME_STAFF,
    ('GET', '/recipes/{recipe}'): {'anonymous': 303, 'trainee': 200, 'instructor': 200, 'coordinator': 200},
    ('GET', '/skills'): COORDINATOR_ONLY,
    ('GET', '/skills/new'): COORDINATOR_ONLY,
    ('GET', '/kelompok/{group}'): COORDINATOR_ONLY,  # the KWT's members and companion; not the kue course
    ('GET', '/programmes/{kue}/business'): COORDINATOR_ONLY,
    ('GET', '/toko/no-such-shop'): {'anonymous': 404, 'trainee': 404, 'instructor': 404, 'coordinator': 404},
    ('GET', '/export/progress/{kue}.xlsx'): PROGRAMME_STAFF,
    ('GET', '/export/certificate/{kue}/{person}.pdf'): NOT_EARNED_YET,
    ('GET', '/verifikasi/no-such-code'): {'anonymous': 404, 'trainee': 404, 'instructor': 404, 'coordinator': 404},
}
CELLS = [(method, path, who, status) for (method, path), row in MATRIX.items() for who, status in row.items()]


@pytest.mark.parametrize(('method', 'path', 'who', 'status'), CELLS, ids=[f'{c[0]} {c[1]} {c[2]}' for c in CELLS])
async def test_role_route_cell(user: User, method: str, path: str, who: str, status: int) -> None:
    account = WHO[who]
    if account is not None:
        assert await log_in(user, *account) == 303
    response = await user.http_client.request(method, path.format(**await _demo_ids()))
    assert response.status_code == status


async def _demo_ids() -> dict[str, str]:
    store = await runtime.ready()
    kue = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KUE)
    day = next(d for d in store.by_index(Day, 'programme', kue.id) if d.number == 1)
    handovers = {h.participant_id: h.id for h in store.all(Handover)}
    return {
        'kue': kue.id, 'day': day.id, 'person': kue.participant_ids[0], 'group': store.all(Group)[0].id,
        'own_handover': handovers[kue.participant_ids[0]], 'handover': handovers[kue.participant_ids[1]],
        'recipe': day_skills(store, day.id)[0].id,
    }  # fmt: skip
