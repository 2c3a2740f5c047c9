"""Who may open what: every page and route × anonymous, trainee, instructor, coordinator.

Each cell says what the caller gets: 200 (served), 303 (sent to log in / onwards), 401, 403.
New pages and routes get a row here when they are built.
"""

from __future__ import annotations

import pytest
from nicegui.testing import User

from models.participant import Group
from models.programme import Programme, ProgrammeKind
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, log_in

pytestmark = pytest.mark.demo

WHO = {'anonymous': None, 'trainee': KUE_TRAINEE, 'instructor': INSTRUCTOR, 'coordinator': COORDINATOR}

COORDINATOR_ONLY = {'anonymous': 303, 'trainee': 403, 'instructor': 403, 'coordinator': 200}

# (method, path): {who: expected status}; {kue}, {person} and {group} stand for demo records' ids
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
    return {'kue': kue.id, 'person': kue.participant_ids[0], 'group': store.all(Group)[0].id}
