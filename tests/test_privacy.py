"""Sensitive fields never reach an instructor, a trainee or a secretariat's staff: page HTML, socket payloads and JSON
alike.

Add every new page and route an instructor or trainee can open to PAGES / ROUTES.
"""

from __future__ import annotations

import json

import pytest
from nicegui.testing import User

from models.departure import Checklist
from models.participant import Group, Participant
from models.register import Case, FamilyContact, RegisterEntry
from store import Store
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
from .test_helpdesk_privacy import readable
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
        for secret in _not_its_own(secrets, template) if role == 'secretariat' else secrets:
            assert secret not in received, f'{path} leaks {secret!r} to {account[0]}'
        for category in SENSITIVE_CATEGORIES:
            assert f'"{category}"' not in received and f'>{category}<' not in received, f'{path}: {category}'


# A secretariat's register and help desk name the countries people work in, with their consent or in their own
# message: on those pages a country is their record, not a participant's former country (whose NIK and case notes are
# looked for there as anywhere).
OWN_COUNTRIES = ('/daftar', '/kontak', '/kasus', '/persiapan', '/pesan')


def _not_its_own(secrets: list[str], template: str) -> list[str]:
    if not any(part in template for part in OWN_COUNTRIES):
        return secrets
    return [s for s in secrets if not (s.startswith(('"', '>')) and s.endswith(('"', '<')))]


# ---- the secretariat's register, family contacts, cases and checklists --------------------------------------------


def _register_secrets(store: Store) -> list[str]:
    """What the demo secretariat keeps about people abroad, their families and those about to leave: every name,
    number, employer and word written in. Not the offices a case was referred to; and a returnee linked to her
    participant record is named on her group's pages as a member, not by the register."""
    entries = store.all(RegisterEntry)
    found = [e.name for e in entries if not e.participant_id]
    found += [text for e in entries for text in (e.family_name, e.family_phone, e.employer)]
    found += [text for c in store.all(FamilyContact) for text in (c.asked_by, c.for_name, c.done)]
    found += [text for c in store.all(Case) for text in (c.reported_by, c.for_name, c.what, c.outcome)]
    found += [text for c in store.all(Checklist) for text in (c.name, c.phone)]
    secrets = sorted({text for text in found if text})
    assert len(secrets) >= 60  # twenty villagers abroad and back, four contacts, five cases, three checklists
    return secrets


ANONYMOUS_PAGES = ['/', '/login', '/offline', '/sekretariat/bumidaya', '/toko/dapur-bu-sumi', '/pengumuman', '/harga']
KWT_PAGES = ['/pengumuman', '/harga', '/api/notices', '/api/prices?commodity=cabai-merah-keriting&days=90']


@pytest.mark.parametrize(
    ('account', 'role'),
    [(None, 'anonymous'), (INSTRUCTOR, 'instructor'), (OTHER_INSTRUCTOR, 'instructor'), (KUE_TRAINEE, 'trainee'),
     (KWT_TRAINEE, 'trainee')],
    ids=['anonymous', 'instructor', 'kwt-companion', 'kue-trainee', 'kwt-member'],
)  # fmt: skip
async def test_nothing_of_the_register_reaches_anyone_but_its_staff(
    user: User, account: tuple[str, str] | None, role: str
) -> None:
    if account is not None:
        await log_in(user, *account)
    secrets = _register_secrets(await runtime.ready())
    ids = await route_ids()
    group = next(iter(runtime.store.all(Group)))
    paths = ANONYMOUS_PAGES if account is None else [*SERVED[role], f'/kelompok/{group.id}', *KWT_PAGES]
    downloads = [path for (method, path), cells in MATRIX.items()  # her papers too, read as a reader reads them
                 if method == 'GET' and path.startswith('/export/') and cells.get(role) == 200]  # fmt: skip
    assert role != 'instructor' or downloads  # the instructor's papers are walked
    for template in [*paths, *downloads]:
        path = template.format(**ids)
        answer = await user.http_client.get(path)
        received = readable(answer.headers.get('content-type', ''), answer.content)
        if answer.status_code == 200 and '/_nicegui/' in answer.text:
            await user.open(path)
            received += _rendered(user)
        leaked = [secret for secret in secrets if secret in received]
        assert leaked == [], f'{path} shows {leaked} to {role}'
