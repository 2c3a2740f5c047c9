"""Malformed requests get 4xx, never 5xx, on every JSON route and plain form post.

Hand-picked bodies that once broke parsers (deep nesting, a NUL, a lone surrogate, wrong types, huge numbers,
not JSON at all), then hypothesis-made JSON of any shape, sent anonymous and as a logged-in trainee and
coordinator. Add every new JSON or form route to ROUTES.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nicegui.testing import User

from models.programme import Day, Programme, ProgrammeKind
from ui import auth
from ui.runtime import runtime

from .conftest import COORDINATOR, KUE_TRAINEE, log_in

pytestmark = pytest.mark.demo

# (method, path); {day} is the demo's day 1
ROUTES = [
    ('POST', '/api/login'),
    ('POST', '/api/sync'),
    ('GET', '/api/summary'),
    ('GET', '/api/programmes'),
    ('GET', '/api/products'),
    ('GET', '/api/days/{day}/code'),
    ('POST', '/login'),
    ('POST', '/logout'),
    ('POST', '/c/{day}/1/00'),
]
NASTY = [
    b'[' * 100_000 + b']' * 100_000,  # deeper than any parser goes
    b'{"username": "\\ud800", "password": "x"}',  # a lone surrogate: valid JSON, not encodable text
    b'{"username": "ani\\u0000", "password": "\\u0000"}',
    b'{"username": 1e999, "password": -1}',
    b'{"username": ["ani"], "password": {"pin": 1}}',
    b'{"items": [{"id": "\\udfff\\udfff\\udfff\\udfff", "kind": "sale", "quantity": 1e400}]}',
    b'{"items": [{"id": "abcdefgh12", "kind": "checkin", "url": "\\ud800", "scanned_at": "\\u0000"}]}',
    b'{"items": [{"id": "abcdefgh13", "kind": "expense", "amount": 123456789012345678901234567890, "at": 5}]}',
    b'{"items": {"not": "a list"}}',
    b'\xff\xfe\x00garbage',
    b'username=%ED%A0%80&password=%00&next=%FF%2F%2Fevil.example&opened=%ED%A0%80&sig=' + b'9' * 5000,
    b'null',
    b'',
]
QUERIES = ['month=%ED%A0%80', 'month=%FF', 'month=2026-13', 'month=%00', 'month=' + '9' * 5000, 'month=2026-05&month=x']
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
shaped = st.one_of(
    json_values,
    st.fixed_dictionaries({'username': json_values, 'password': json_values}),
    st.fixed_dictionaries({'items': st.lists(st.dictionaries(st.sampled_from(
        ['id', 'kind', 'url', 'scanned_at', 'product_id', 'quantity', 'unit_price', 'channel', 'paid', 'buyer', 'at',
         'category', 'amount', 'note']), json_values), max_size=5)}),
)  # fmt: skip


@pytest.fixture
def no_wait(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    async def skip(seconds: float) -> None:
        return None

    monkeypatch.setattr(auth, 'sleep', skip)
    monkeypatch.setattr(auth, 'throttle', auth.AddressThrottle())
    yield


async def _paths() -> list[tuple[str, str]]:
    store = await runtime.ready()
    kue = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KUE)
    day = next(d for d in store.by_index(Day, 'programme', kue.id) if d.number == 1)
    return [(method, path.format(day=day.id)) for method, path in ROUTES]


async def send(user: User, method: str, path: str, body: bytes, content_type: str) -> int:
    response = await user.http_client.request(method, path, content=body, headers={'content-type': content_type})
    return response.status_code


@pytest.mark.parametrize('who', [None, KUE_TRAINEE, COORDINATOR], ids=['anonymous', 'trainee', 'coordinator'])
async def test_nasty_bodies_and_queries_get_4xx_never_5xx(user: User, no_wait: None, who: tuple[str, str]) -> None:
    if who:
        await log_in(user, *who)
    answers = []
    for method, path in await _paths():
        for body in NASTY:
            for content_type in ('application/json', 'application/x-www-form-urlencoded', 'text/plain'):
                answers.append(
                    (method, path, body[:40], content_type, await send(user, method, path, body, content_type))
                )
        for query in QUERIES:
            answers.append(
                (method, f'{path}?{query[:30]}', b'', '', await send(user, method, f'{path}?{query}', b'', ''))
            )

    assert [a for a in answers if a[-1] >= 500] == []


async def test_a_lone_surrogate_or_nul_in_a_login_field_is_422(user: User, no_wait: None) -> None:
    for body in NASTY[1:5]:
        assert await send(user, 'POST', '/api/login', body, 'application/json') == 422, body


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=shaped)
async def test_any_json_to_any_route_gets_an_answer_under_500(user: User, no_wait: None, value: object) -> None:
    await log_in(user, *KUE_TRAINEE)
    body = json.dumps(value).encode()
    for method, path in await _paths():
        status = await send(user, method, path, body, 'application/json')
        assert status < 500, (method, path, body[:200])
