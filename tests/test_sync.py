"""`POST /api/sync`: what her phone kept with no signal is applied once, judged by when it happened."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nicegui.testing import User

from models.attendance import SLOT_SECONDS, Attendance, Method, Status, code_path, slot_of
from models.business import Expense, Product, Sale
from models.orders import Order
from models.programme import Day
from store.accounts import find_account
from store.attendance import close_day
from ui import checkin
from ui.runtime import runtime
from ui.sync import MAX_BODY, MAX_ITEMS

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    at_local,
    her_product,
    her_record,
    kue_day,
    log_in,
)

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock


def new_id() -> str:
    return str(uuid.uuid4())


def scan(day: Day, moment: dt.datetime, *, scanned_at: dt.datetime | None = None) -> dict[str, Any]:
    """The queued scan of the code the projector showed at `moment`, scanned at `scanned_at` (default: then)."""
    url = 'http://192.168.1.10:8080' + code_path(checkin.secret(), day.id, slot_of(moment))
    return {'id': new_id(), 'kind': 'checkin', 'url': url, 'scanned_at': (scanned_at or moment).isoformat()}


def sale(product: Product, **changes: Any) -> dict[str, Any]:
    item = {
        'id': new_id(),
        'kind': 'sale',
        'product_id': product.id,
        'quantity': 2,
        'unit_price': 1500,
        'channel': 'tetangga',
        'paid': True,
        'at': '2026-01-10T09:30:00+07:00',
    }
    return item | changes


def expense(**changes: Any) -> dict[str, Any]:
    item = {'id': new_id(), 'kind': 'expense', 'category': 'bahan', 'amount': 25000, 'at': '2026-01-10T07:00:00Z'}
    return item | changes


async def send(user: User, *items: Any) -> list[dict[str, Any]]:
    response = await user.http_client.post('/api/sync', json={'items': list(items)})
    assert response.status_code == 200, response.text
    return response.json()['results']


def statuses(results: list[dict[str, Any]]) -> list[str]:
    return [r['status'] for r in results]


# ---- check-ins ----------------------------------------------------------------------------------


async def test_a_scan_made_in_time_counts_when_it_arrives_an_hour_later(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    scanned = at_local(day, 7, 55, 5)
    item = scan(day, scanned)
    clock(scanned + dt.timedelta(hours=1))
    await log_in(user, *KUE_TRAINEE)

    [result] = await send(user, item)

    assert result == {'id': item['id'], 'status': 'applied', 'message': 'Hadir, pukul 07.55 WIB'}
    record = her_record(day, KUE_TRAINEE[0])
    assert record is not None and record.status == Status.HADIR and record.how == Method.SELF_SCAN
    assert record.at == scanned


async def test_a_scan_made_in_time_counts_on_a_day_closed_before_it_arrived(user: User, clock: Callable) -> None:
    """No signal in the hall: her scan reaches the server after the instructor closed the day."""
    _, day = await kue_day()
    scanned = at_local(day, 7, 58)
    item = scan(day, scanned)
    clock(at_local(day, 16, 0))
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    await close_day(runtime.store, day.id, by=instructor.id)  # type: ignore[union-attr]
    assert her_record(day, KUE_TRAINEE[0]).status == Status.ALPA  # type: ignore[union-attr]
    await log_in(user, *KUE_TRAINEE)

    [result] = await send(user, item)

    assert result == {'id': item['id'], 'status': 'applied', 'message': 'Hadir, pukul 07.58 WIB'}
    record = her_record(day, KUE_TRAINEE[0])
    assert record is not None and record.status == Status.HADIR and record.at == scanned
    # (a live scan on a closed day is still refused: tests/test_checkin.py)


async def test_a_scan_after_the_late_threshold_is_terlambat_by_its_scan_time(user: User, clock: Callable) -> None:
    _, day = await kue_day()  # starts 08.00, late after 15 minutes
    scanned = at_local(day, 8, 20)
    item = scan(day, scanned)
    clock(at_local(day, 9, 0))
    await log_in(user, *KUE_TRAINEE)

    [result] = await send(user, item)

    assert result['status'] == 'applied' and result['message'] == 'Terlambat, pukul 08.20 WIB'
    assert her_record(day, KUE_TRAINEE[0]).status == Status.TERLAMBAT  # type: ignore[union-attr]


async def test_a_stale_code_is_refused_by_its_scan_time_not_by_its_arrival(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    shown = at_local(day, 8, 0)
    item = scan(day, shown, scanned_at=shown + dt.timedelta(seconds=3 * SLOT_SECONDS))  # a copy sent to a friend
    clock(shown + dt.timedelta(seconds=3 * SLOT_SECONDS + 5))
    await log_in(user, *KUE_TRAINEE)

    [result] = await send(user, item)

    assert result['status'] == 'rejected' and 'kedaluwarsa' in result['message']
    assert her_record(day, KUE_TRAINEE[0]) is None


async def test_a_forged_or_foreign_code_is_refused(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    moment = at_local(day, 8, 0)
    clock(moment)
    forged = scan(day, moment)
    forged['url'] = forged['url'][:-4] + ('0000' if not forged['url'].endswith('0000') else '1111')
    elsewhere = scan(day, moment) | {'url': 'https://example.com/login'}
    await log_in(user, *KUE_TRAINEE)

    results = await send(user, forged, elsewhere)

    assert statuses(results) == ['rejected', 'rejected']
    assert all('tidak dikenal' in r['message'] for r in results)
    assert her_record(day, KUE_TRAINEE[0]) is None


@pytest.mark.parametrize(
    ('scanned_shift', 'now_shift', 'words'),
    [
        (dt.timedelta(minutes=10), dt.timedelta(0), 'masa depan'),  # her clock is far ahead
        (dt.timedelta(0), dt.timedelta(days=8), 'lebih dari 7 hari'),
    ],
    ids=['future', 'too-old'],
)
async def test_a_scan_time_out_of_bounds_is_refused(
    user: User, clock: Callable, scanned_shift: dt.timedelta, now_shift: dt.timedelta, words: str
) -> None:
    _, day = await kue_day()
    moment = at_local(day, 8, 0) + scanned_shift
    clock(at_local(day, 8, 0) + now_shift)
    await log_in(user, *KUE_TRAINEE)

    [result] = await send(user, scan(day, moment))

    assert result['status'] == 'rejected' and words in result['message']
    assert her_record(day, KUE_TRAINEE[0]) is None


async def test_a_scan_time_without_its_offset_is_refused(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    moment = at_local(day, 8, 0)
    clock(moment)
    await log_in(user, *KUE_TRAINEE)

    [result] = await send(user, scan(day, moment) | {'scanned_at': '2026-01-10T08:00:00'})

    assert result['status'] == 'rejected' and 'Periksa jam di HP' in result['message']
    assert her_record(day, KUE_TRAINEE[0]) is None


async def test_the_same_scan_sent_twice_is_a_duplicate_and_writes_nothing(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    moment = at_local(day, 8, 12)
    item = scan(day, moment)
    clock(moment + dt.timedelta(minutes=5))
    await log_in(user, *KUE_TRAINEE)
    await send(user, item)
    before = runtime.store.count(Attendance), runtime.store.stats().get('audit')

    [again] = await send(user, item)

    assert again == {'id': item['id'], 'status': 'duplicate', 'message': 'Sudah hadir pukul 08.12 WIB'}
    assert (runtime.store.count(Attendance), runtime.store.stats().get('audit')) == before


# ---- sales and expenses -------------------------------------------------------------------------


async def test_a_sale_is_saved_under_its_phone_id_once(user: User) -> None:
    product = await her_product(price=1500)
    item = sale(product)
    await log_in(user, *KUE_TRAINEE)

    first = await send(user, item)
    second = await send(user, item)

    assert first == [{'id': item['id'], 'status': 'applied', 'message': 'Tersimpan: 2 Klepon · Rp\u00a03.000'}]
    assert second[0]['status'] == 'duplicate' and 'Sudah tercatat' in second[0]['message']
    sales = [s for s in runtime.store.all(Sale) if s.participant_id == product.participant_id]
    assert [(s.id, s.quantity, s.total) for s in sales] == [(item['id'], 2, 3000)]


async def test_an_unpaid_sale_keeps_its_buyer(user: User) -> None:
    product = await her_product(price=1500)
    item = sale(product, paid=False, buyer='Bu Romlah')
    await log_in(user, *KUE_TRAINEE)

    [result] = await send(user, item)

    assert result['status'] == 'applied'
    stored = runtime.store.get(Sale, item['id'])
    assert stored is not None and not stored.paid and stored.buyer == 'Bu Romlah' and stored.owed == 3000


async def test_an_expense_is_saved_once(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)
    item = expense(note='tepung ketan')

    results = await send(user, item, item)

    assert statuses(results) == ['applied', 'duplicate']
    assert results[0]['message'] == 'Tersimpan: Bahan · Rp\u00a025.000'
    stored = runtime.store.get(Expense, item['id'])
    assert stored is not None and stored.amount == 25000 and stored.note == 'tepung ketan'


@pytest.mark.parametrize(
    ('changes', 'words'),
    [
        ({'quantity': 0}, 'Jumlah: '),
        ({'quantity': 'dua'}, 'Jumlah: '),
        ({'quantity': '1.5'}, 'bilangan bulat'),  # pieces are sold whole
        ({'unit_price': -5}, 'Harga satuan: '),
        ({'channel': 'tiktok'}, 'Dijual lewat: '),
        ({'paid': False}, 'pembeli'),  # unpaid needs a buyer
        ({'at': 'kemarin'}, 'Waktu: '),
        ({'at': '2099-01-01T00:00:00Z'}, 'masa depan'),
        ({'product_id': 'tidak-ada'}, 'Produk tidak ditemukan'),
    ],
    ids=str,
)
async def test_a_bad_sale_is_refused_with_her_message(user: User, changes: dict[str, Any], words: str) -> None:
    product = await her_product(price=1500)
    await log_in(user, *KUE_TRAINEE)
    before = runtime.store.count(Sale)  # the demo's seller has sales of her own

    [result] = await send(user, sale(product, **changes))

    assert result['status'] == 'rejected' and words in result['message'], result
    assert runtime.store.count(Sale) == before


async def test_someone_elses_product_is_refused(user: User) -> None:
    theirs = await her_product(KWT_TRAINEE[0], price=1500)
    await log_in(user, *KUE_TRAINEE)
    before = runtime.store.count(Sale)

    [result] = await send(user, sale(theirs))

    assert result['status'] == 'rejected' and 'bukan catatan Anda' in result['message']
    assert runtime.store.count(Sale) == before


async def test_a_bad_expense_is_refused(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)
    before = runtime.store.count(Expense)

    results = await send(user, expense(category='jajan'), expense(amount=0), expense(amount='15.000,50'))

    assert statuses(results) == ['rejected'] * 3
    assert results[0]['message'].startswith('Untuk: ') and results[1]['message'].startswith('Jumlah uang: ')
    assert runtime.store.count(Expense) == before


async def test_messages_follow_her_language_cookie(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)
    user.http_client.cookies.set('berdaya_lang', 'en')

    [result] = await send(user, expense(category='jajan'))

    assert result['message'].startswith('For: ')


# ---- the batch as a whole ------------------------------------------------------------------------


async def test_a_mixed_batch_answers_in_order_and_a_bad_item_stops_nothing(user: User, clock: Callable) -> None:
    product = await her_product(price=1500)
    _, day = await kue_day()
    moment = at_local(day, 7, 58)
    clock(moment + dt.timedelta(minutes=30))
    good_sale, good_expense, good_scan = sale(product), expense(), scan(day, moment)
    await log_in(user, *KUE_TRAINEE)
    sales, expenses = runtime.store.count(Sale), runtime.store.count(Expense)

    results = await send(
        user, good_sale, 'sampah', {'id': 'short', 'kind': 'sale'}, {'id': new_id(), 'kind': 'hadiah'},
        good_expense, sale(product, quantity=-1), good_scan,
    )  # fmt: skip

    assert statuses(results) == ['applied', 'rejected', 'rejected', 'rejected', 'applied', 'rejected', 'applied']
    assert [r['id'] for r in results] == [
        good_sale['id'], None, 'short', results[3]['id'], good_expense['id'], results[5]['id'], good_scan['id'],
    ]  # fmt: skip
    assert results[1]['message'] == 'Catatan ini rusak dan tidak bisa dibaca.'
    assert (runtime.store.count(Sale), runtime.store.count(Expense)) == (sales + 1, expenses + 1)
    assert her_record(day, KUE_TRAINEE[0]) is not None


async def test_an_empty_queue_gets_an_empty_answer(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)

    assert await send(user) == []


@pytest.mark.parametrize(
    ('who', 'status'), [(None, 401), (INSTRUCTOR, 403), (COORDINATOR, 403)], ids=['anonymous', 'staff', 'coordinator']
)
async def test_only_a_logged_in_trainee_may_sync(user: User, who: tuple[str, str] | None, status: int) -> None:
    if who is not None:
        await log_in(user, *who)
    before = (await runtime.ready()).count(Expense)

    response = await user.http_client.post('/api/sync', json={'items': [expense()]})

    assert response.status_code == status and 'error' in response.json()
    assert runtime.store.count(Expense) == before


@pytest.mark.parametrize(
    ('body', 'status'),
    [
        (b'', 400),
        (b'bukan json', 400),
        (b'\xff\xfe\x00', 400),
        (b'[]', 400),
        (b'{"items": {}}', 400),
        (b'{"barang": []}', 400),
        (b'[' * 150_000 + b']' * 150_000, 413),
        (b'[' * 50_000 + b']' * 50_000, 400),  # deeper than the JSON parser goes
        (json.dumps({'items': [{}] * (MAX_ITEMS + 1)}).encode(), 413),
        (json.dumps({'items': ['x' * MAX_BODY]}).encode(), 413),
    ],
    ids=['empty', 'text', 'bytes', 'list', 'items-object', 'no-items', 'huge', 'deep', 'too-many', 'too-big'],
)
async def test_a_malformed_request_gets_4xx(user: User, body: bytes, status: int) -> None:
    await log_in(user, *KUE_TRAINEE)

    response = await user.http_client.post('/api/sync', content=body, headers={'Content-Type': 'application/json'})

    assert response.status_code == status
    assert 'error' in response.json()


# ---- garbage never breaks it --------------------------------------------------------------------

JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.datetimes(timezones=st.just(dt.UTC)).map(dt.datetime.isoformat),
    st.datetimes().map(dt.datetime.isoformat),
    st.sampled_from(['/c/x/1/abc', '/c/../../1/00', 'http://[::1', '1,5', '15.000', 'bahan', 'tetangga', '']),
)
JSON_VALUE = st.recursive(
    JSON_LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
)
FIELDS = ['url', 'scanned_at', 'product_id', 'quantity', 'unit_price', 'channel', 'paid', 'buyer', 'at', 'category']
ITEM = st.fixed_dictionaries(
    {
        'id': st.one_of(st.uuids().map(str), JSON_LEAF),
        'kind': st.one_of(st.sampled_from(['checkin', 'sale', 'expense']), JSON_LEAF),
    },
    optional={name: JSON_VALUE for name in [*FIELDS, 'amount', 'note', 'buyer_phone', 'paid_amount']},
)
BODY = st.one_of(
    st.binary(max_size=300),
    JSON_VALUE.map(lambda value: json.dumps(value).encode()),
    st.lists(st.one_of(ITEM, JSON_VALUE), max_size=6).map(lambda items: json.dumps({'items': items}).encode()),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODY)
async def test_garbage_never_gets_a_server_error(user: User, body: bytes) -> None:
    if not user.http_client.cookies:
        await log_in(user, *KUE_TRAINEE)

    response = await user.http_client.post('/api/sync', content=body)

    assert response.status_code < 500, (body, response.text)
    if response.status_code == 200:
        results = response.json()['results']
        assert len(results) == len(json.loads(body)['items'])
        assert all(r['status'] in {'applied', 'duplicate', 'rejected'} and r['message'] for r in results)


async def test_an_order_taken_without_signal_is_saved_once_and_a_bad_one_refused(user: User) -> None:
    product = await her_product(price=1500)
    due = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()
    item = {'id': new_id(), 'kind': 'order', 'buyer': 'Bu Romlah', 'buyer_phone': '081233334444', 'due': due,
            'dp': 5000, 'lines': [{'product_id': product.id, 'quantity': 20}], 'later_field': 'ignored'}  # fmt: skip
    bad = item | {'id': new_id(), 'dp': 100_000}  # more down payment than the order costs
    await log_in(user, *KUE_TRAINEE)

    first, second, refused = await send(user, item, item, bad)

    assert (first['status'], first['message']) == ('applied', 'Pesanan Bu Romlah tercatat: Rp\u00a030.000')
    assert second['status'] == 'duplicate' and refused['status'] == 'rejected'
    orders = [o for o in runtime.store.all(Order) if o.participant_id == product.participant_id]
    assert [(o.id, o.total, o.dp) for o in orders] == [(item['id'], 30_000, 5_000)]
