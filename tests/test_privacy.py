"""Sensitive fields never reach an instructor, a trainee or a secretariat's staff: page HTML, socket payloads and JSON
alike.

Add every new page and route an instructor or trainee can open to PAGES / ROUTES.
"""

from __future__ import annotations

import json

import pytest
from nicegui.testing import User

from models.participant import Group, Participant
from ui.runtime import runtime

from .conftest import (
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    OTHER_INSTRUCTOR,
    SECRETARIAT,
    SENSITIVE_CATEGORIES,
    demo_programme,
    log_in,
    route_ids,
)
from .test_role_matrix import MATRIX

pytestmark = pytest.mark.demo

PAGES = ['/']
TRAINEE_PAGES = ['/aid']  # hers only: staff are refused
ROUTES = ['/api/programmes']
# coordinator pages that show sensitive fields: others are refused before anything is built
REFUSED_PAGES = [
    '/participants', '/participants/{person}', '/programmes/{kue}/participants', '/accounts', '/groups',
    '/programmes/{kue}/aid', '/programmes/{kue}/outcomes', '/audit', '/backup',
]  # fmt: skip


def _secrets() -> list[str]:
    people = runtime.store.all(Participant)
    values = [p.nik for p in people if p.nik] + [p.case_notes for p in people if p.case_notes]
    assert len(values) >= 27  # the demo has a NIK for everyone, and case notes for two
    countries = {p.former_country for p in people if p.former_country}
    assert countries  # the demo records where some of them worked
    return values + [f'"{country}"' for country in countries] + [f'>{country}<' for country in countries]


def _rendered(user: User) -> str:
    """Everything the browser was sent for this page: the element tree as the socket carries it."""
    return json.dumps({i: e._to_dict() for i, e in user.client.elements.items()}, ensure_ascii=False, default=str)


@pytest.mark.parametrize('account', [INSTRUCTOR, OTHER_INSTRUCTOR, KUE_TRAINEE, KWT_TRAINEE, SECRETARIAT])
async def test_no_sensitive_field_reaches_staff_or_trainees(user: User, account: tuple[str, str]) -> None:
    await log_in(user, *account)
    secrets = _secrets()
    for path in PAGES + (TRAINEE_PAGES if account in (KUE_TRAINEE, KWT_TRAINEE) else []):
        html = (await user.http_client.get(path)).text
        await user.open(path)
        received = html + _rendered(user)
        for secret in secrets:
            assert secret not in received, f'{path} leaks {secret!r} to {account[0]}'
        for category in SENSITIVE_CATEGORIES:
            assert category not in received, f'{path} leaks category {category} to {account[0]}'
    for path in REFUSED_PAGES:
        refused = await user.http_client.get(path.format(**await _ids()))
        assert refused.status_code == 403, path
        assert not any(secret in refused.text for secret in secrets), path
    for route in ROUTES:
        body = (await user.http_client.get(route)).text
        assert not any(secret in body for secret in secrets), route
        assert not any(category in body for category in SENSITIVE_CATEGORIES), route


async def _ids() -> dict[str, str]:
    store = await runtime.ready()
    kue = demo_programme(store)
    return {'kue': kue.id, 'person': kue.participant_ids[-1]}


# Every page the role matrix serves to an instructor, a trainee or a secretariat's staff (documents are read back in
# test_documents)
SERVED = {
    role: sorted(path for (method, path), cells in MATRIX.items() if method == 'GET' and cells[role] == 200
                 and not path.startswith(('/export/', '/c/', '/k/', '/sw.js', '/manifest', '/assets/')))
    for role in ('trainee', 'instructor', 'secretariat')
}  # fmt: skip


@pytest.mark.parametrize(
    ('account', 'role'),
    [(INSTRUCTOR, 'instructor'), (OTHER_INSTRUCTOR, 'instructor'), (KUE_TRAINEE, 'trainee'), (KWT_TRAINEE, 'trainee'),
     (SECRETARIAT, 'secretariat')],
)  # fmt: skip
async def test_no_page_an_instructor_or_trainee_may_open_carries_a_sensitive_field(
    user: User, account: tuple[str, str], role: str
) -> None:
    await log_in(user, *account)
    secrets = _secrets()
    ids = await route_ids()
    group = next(iter(runtime.store.all(Group)))
    paths = [*SERVED[role], f'/kelompok/{group.id}', f'/grid/{ids["programme_id"]}?day={ids["day_id"]}']
    assert len(paths) >= 9  # a petugas sekretariat has the fewest: her home, her secretariat's two, the app's own
    for template in paths:
        path = template.format(**ids)
        answer = await user.http_client.get(path)
        received = answer.text
        if answer.status_code == 200 and '/_nicegui/' in answer.text:  # a NiceGUI page: its socket payload too
            await user.open(path)
            received += _rendered(user)
        for secret in secrets:
            assert secret not in received, f'{path} leaks {secret!r} to {account[0]}'
        for category in SENSITIVE_CATEGORIES:
            assert f'"{category}"' not in received and f'>{category}<' not in received, f'{path}: {category}'
