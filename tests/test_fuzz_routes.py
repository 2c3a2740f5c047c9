"""Malformed requests get 4xx, never 5xx, on every route the app serves.

Hand-picked bodies that once broke parsers (deep nesting, a NUL, a lone surrogate, wrong types, huge numbers,
not JSON at all), then hypothesis-made JSON of any shape, sent anonymous and as a logged-in trainee and
coordinator; forms in multipart with a charset of their own or a file where a field belongs; and every GET route
read from the app itself with hostile path segments, queries and cookies. Add every new POST route to ROUTES
(a test fails until you do).
"""

from __future__ import annotations

import json

import pytest
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nicegui import app
from nicegui.testing import User

from models.aid import Handover
from models.business import Product, Shop
from models.certificate import Certificate
from models.helpdesk import HelpdeskMessage
from models.orders import Order
from models.participant import Group, Participant
from models.programme import Day, Programme, ProgrammeKind
from models.register import RegisterEntry
from models.secretariat import Secretariat
from models.skills import Skill
from ui import auth
from ui.runtime import runtime

from .conftest import COORDINATOR, KUE_TRAINEE, log_in

pytestmark = pytest.mark.demo

# (method, path); {day} is the demo's day 1
ROUTES = [
    ('POST', '/api/login'),
    ('POST', '/api/sync'),
    ('GET', '/api/summary'),
    ('GET', '/api/prices'),  # a secretariat's market prices
    ('GET', '/api/programmes'),
    ('GET', '/api/products'),
    ('GET', '/api/days/{day}/code'),
    ('POST', '/login'),
    ('POST', '/logout'),
    ('POST', '/c/{day}/1/00'),
    ('POST', '/api/checkin/code'),
    ('POST', '/api/products/{product}/photo'),
    ('POST', '/toko/{shop}/pesan'),
    ('POST', '/sekretariat/{secretariat}/pesan'),  # the help desk's public form
    ('GET', '/api/secretariat/{secretariat}/messages'),
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
QUERIES += ['commodity=%ED%A0%80&days=%00', 'commodity=cabai-hijau&days=' + '9' * 5000, 'commodity=cabai-hijau&days=-1']
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
    st.fixed_dictionaries({'code': json_values}),
)  # fmt: skip


async def _paths() -> list[tuple[str, str]]:
    store = await runtime.ready()
    kue = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KUE)
    day = next(d for d in store.by_index(Day, 'programme', kue.id) if d.number == 1)
    product = next(iter(store.all(Product)), None)
    shop = next((s.slug for s in store.all(Shop)), 'no-shop')
    return [
        (method, path.format(day=day.id, product=product.id if product else 'x', shop=shop, secretariat='bumidaya'))
        for method, path in ROUTES
    ]


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


# ---- every route the app serves ------------------------------------------------------------------------------

SEGMENTS = [
    '%ED%A0%80',  # a lone surrogate's UTF-8 bytes
    '%C3%A9%C2%B2',  # é² : not ASCII, and '²'.isdigit() is True
    '%D9%A3',  # an Arabic-Indic 3: int() takes it
    '%00',
    '..%2F..%2Fetc%2Fpasswd',
    '9' * 3000,
    '%F0%9F%92%A9%22%3E%3Cscript%3E',
]
GET_QUERIES = ['lang=%00&next=%ED%A0%80', 'lang=' + 'x' * 3000, 'next=%2F%2Fevil.example&month=%FF', 'a=%00&a=%F0']
COOKIES = ['%ED%A0%80', 'é' * 10, '\x00', 'x' * 5000, '"; ']
NICEGUI_OWN = '/_nicegui/'


def _app_routes(method: str) -> list[str]:
    return sorted(
        route.path
        for route in app.routes
        if isinstance(route, APIRoute) and method in route.methods and not route.path.startswith(NICEGUI_OWN)
    )


async def _real_ids() -> dict[str, str]:
    """A real record for each path parameter, so hostile queries reach past the not-found answer."""
    store = await runtime.ready()
    kue = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KUE)
    day = next(d for d in store.by_index(Day, 'programme', kue.id) if d.number == 1)
    participant = store.get(Participant, kue.participant_ids[0])
    return {
        'day_id': day.id,
        'programme_id': kue.id,
        'participant_id': participant.id,
        'skill_id': store.all(Skill)[0].id,
        'group_id': store.all(Group)[0].id,
        'handover_id': store.all(Handover)[0].id,
        'slug': next((shop.slug for shop in store.all(Shop)), 'toko-ani'),
        'certificate_id': next(iter(store.all(Certificate)), participant).id,
        'item_id': 'bantuan-paket-kue',
        'name': kue.logo,
        'product_id': next((p.id for p in store.all(Product)), 'x'),
        'secretariat_id': next((s.id for s in store.all(Secretariat)), 'x'),
        'message_id': next((m.id for m in store.all(HelpdeskMessage)), 'x'),  # a help-desk message
        'customer_id': 'x',
        'entry_id': next((e.id for e in store.all(RegisterEntry)), 'x'),  # the secretariat's register
        'order_id': next((o.id for o in store.all(Order) if o.transfer_proof), 'x'),
        'item': 'all',
        'shape': 'square',
        'slot': '1',
        'mac': '00',
        'token': 'x',
        'key': 'x',
        'path': 'x.js',
        'lang': 'en',
    }


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace('{' + name + ':path}', value).replace('{' + name + '}', value)
    assert '{' not in path, f'no value for a parameter of {path}: add it to _real_ids'
    return path


async def test_every_post_route_is_fuzzed() -> None:
    fuzzed = {path for method, path in ROUTES if method == 'POST'}
    served = {
        path.replace('{day_id}/{slot}/{mac}', '{day}/1/00')
        .replace('{product_id}', '{product}')
        .replace('/sekretariat/{slug}', '/sekretariat/{secretariat}')
        .replace('{slug}', '{shop}')
        for path in _app_routes('POST')
    }
    assert served == fuzzed


@pytest.mark.parametrize('who', [None, KUE_TRAINEE, COORDINATOR], ids=['anonymous', 'trainee', 'coordinator'])
async def test_hostile_paths_queries_and_cookies_on_every_get_route_get_under_500(
    user: User, no_wait: None, who: tuple[str, str] | None
) -> None:
    if who:
        await log_in(user, *who)
    real = await _real_ids()
    answers = []
    for path in _app_routes('GET'):
        for segment in SEGMENTS:
            url = _fill(path, dict.fromkeys(real, segment))
            answers.append((url[:80], (await user.http_client.get(url)).status_code))
        for query in GET_QUERIES:
            url = f'{_fill(path, real)}?{query}'
            answers.append((url[:80], (await user.http_client.get(url)).status_code))
    assert len(answers) > 400
    assert [a for a in answers if a[-1] >= 500] == []


async def test_hostile_session_cookies_are_anonymous_not_500(user: User) -> None:
    for cookie in COOKIES:
        for path in ('/', '/programmes', '/api/summary', '/usaha', '/export/backup.zip'):
            response = await user.http_client.get(path, headers={'cookie': f'{auth.COOKIE}={cookie}'.encode()})
            assert response.status_code < 500, (cookie[:20], path)
            assert response.status_code != 200 or 'Masuk' in response.text or path == '/', (cookie[:20], path)


def _multipart(charset: str, fields: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart body in `charset` (Starlette decodes every field in the one the request names); each field is
    (name, more of its Content-Disposition, value)."""
    boundary = 'b0undary'
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"{extra}\r\n\r\n'.encode() + value + b'\r\n'
        for name, extra, value in fields
    ]
    body = b''.join(parts) + f'--{boundary}--\r\n'.encode()
    return body, f'multipart/form-data; boundary={boundary}; charset={charset}'


MULTIPART = [
    ('utf-7', [('username', '', b'+2AA-'), ('password', '', b'123456')]),  # +2AA- is a lone surrogate in UTF-7
    ('raw_unicode_escape', [('username', '', b'\\ud800'), ('password', '', b'1')]),
    ('utf-16', [('username', '', b'\x00\xd8'), ('password', '', b'1')]),
    ('utf-8', [('username', '; filename="a.txt"', b'081200000001'), ('password', '', b'123456')]),
    ('utf-8', [('username', '', b'0812\x00'), ('password', '', b'123456')]),
]


@pytest.mark.parametrize(
    ('charset', 'fields'), MULTIPART, ids=['utf-7', 'raw-unicode-escape', 'utf-16', 'a-file', 'nul']
)
async def test_a_form_in_a_charset_of_its_own_or_with_a_file_is_refused_in_words(
    user: User, no_wait: None, charset: str, fields: list[tuple[str, str, bytes]]
) -> None:
    body, content_type = _multipart(charset, fields)
    for path in ('/login', '/c/{day}/1/00'.format(day=(await _real_ids())['day_id'])):
        response = await user.http_client.post(path, content=body, headers={'content-type': content_type})
        assert response.status_code == 400, (path, response.status_code)
        assert 'Isian tidak bisa dibaca' in response.text, path


async def test_a_code_or_form_stamp_in_other_digits_is_forged_not_500(user: User, no_wait: None) -> None:
    await log_in(user, *KUE_TRAINEE)
    day = (await _real_ids())['day_id']
    for slot, mac in (('²', '00'), ('%D9%A3', '00'), ('1', '%C3%A9' * 8), ('1', '%F0%9F%92%A9')):
        response = await user.http_client.get(f'/c/{day}/{slot}/{mac}')
        assert response.status_code == 200, (slot, mac)
        assert 'Kode QR ini tidak dikenal' in response.text, (slot, mac)
    await user.http_client.post('/logout')
    form = {'username': '081200000001', 'password': '123456', 'opened': '٣٣٣', 'sig': 'é' * 32}
    response = await user.http_client.post(f'/c/{day}/1/00', data=form)
    assert response.status_code < 500
