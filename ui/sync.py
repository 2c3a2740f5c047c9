"""`POST /api/sync`: what her phone kept while it had no signal (check-in scans, sales, expenses), applied once.

Each item carries an id her phone made. A sale or an expense is saved under that id, so sending the same
queue again changes nothing (`duplicate`); a check-in is once per day anyway. A queued check-in is judged by
the moment she scanned it against the slot of the code she scanned: a scan made in time counts even if it
arrives an hour later; a stale or forged code never does. A bad item is refused with a message in her
language (`rejected`) and the others still apply. A malformed request as a whole gets a 4xx answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from models.account import Account
from models.attendance import Method, Status, check_code
from models.base import DomainError
from models.business import ExpenseForm, Product, SaleForm
from store import Store
from store.attendance import check_in
from store.expenses import record_expense
from store.orders import OrderForm, record_order
from store.sales import record_sale
from store.saved import Saved

from . import auth
from .bodies import BadBody, parse_json
from .checkin import secret
from .format import format_rupiah, local_time, number
from .forms import problem_text
from .i18n import error_text, request_lang, t
from .runtime import runtime

MAX_ITEMS = 200
MAX_BODY = 256 * 1024  # bytes: 200 items of a kilobyte each, with room to spare
SCAN_MAX_AGE = dt.timedelta(days=7)
SCAN_CLOCK_AHEAD = dt.timedelta(minutes=2)  # a phone clock a little ahead of the server's
ENTRY_CLOCK_AHEAD = dt.timedelta(days=1)  # a sale's time: phones with a wrong zone set by hand are common
ITEM_ID = re.compile(r'[A-Za-z0-9-]{8,64}')  # a UUID, or the page's fallback of hex digits
CODE_PATH = re.compile(r'/c/([A-Za-z0-9_.:-]{1,100})/(\d{1,14})/([0-9A-Fa-f]{1,64})/?')
SALE_FIELDS = ('product_id', 'quantity', 'unit_price', 'channel', 'paid', 'paid_amount', 'buyer', 'buyer_phone', 'at')
EXPENSE_FIELDS = ('category', 'amount', 'note', 'at')
ORDER_FIELDS = ('buyer', 'buyer_phone', 'lines', 'due', 'delivery', 'address', 'note', 'dp')

Applied = tuple[str, str]  # (status, message)
F = TypeVar('F', SaleForm, ExpenseForm)


class StoreUnavailable(Exception):
    """The store could not write: the whole request is answered 503 so the phone keeps its queue and retries."""


async def sync(request: Request) -> Response:
    store = await runtime.ready()
    lang = request_lang(request)
    account: Account = request.state.account  # a trainee: the route table lets in no one else
    body = await _read_body(request)
    if body is None:
        return _refusal(t('pwa.sync_too_big', lang, max=MAX_ITEMS), 413)
    items = _items(body)
    if items is None:
        return _refusal(t('pwa.sync_bad_request', lang, max=MAX_ITEMS), 400)
    if len(items) > MAX_ITEMS:
        return _refusal(t('pwa.sync_too_big', lang, max=MAX_ITEMS), 413)
    try:
        results = [await apply_item(store, account, item, lang) for item in items]
    except StoreUnavailable as error:
        return _refusal(str(error), 503)
    return JSONResponse({'results': results}, headers={'Cache-Control': 'no-store'})


async def apply_item(store: Store, account: Account, item: Any, lang: str) -> dict[str, Any]:
    """One queued item's answer: `{"id", "status", "message"}`; a refusal never stops the others."""
    item_id = item.get('id') if isinstance(item, dict) else None
    shown_id = item_id[:100] if isinstance(item_id, str) else None
    try:
        if not isinstance(item, dict) or not isinstance(item_id, str) or not ITEM_ID.fullmatch(item_id):
            raise DomainError('sync_bad_item')
        kind = item.get('kind')
        apply = KINDS.get(kind) if isinstance(kind, str) else None
        if apply is None:
            raise DomainError('sync_bad_item')
        status, message = await apply(store, account, item, lang)
    except DomainError as error:
        if error.key.startswith('store_'):
            raise StoreUnavailable(error_text(error, lang)) from error
        return {'id': shown_id, 'status': 'rejected', 'message': error_text(error, lang)}
    except ValidationError as error:
        return {'id': shown_id, 'status': 'rejected', 'message': _invalid(error, lang)}
    return {'id': shown_id, 'status': status, 'message': message}


async def _checkin(store: Store, account: Account, item: dict[str, Any], lang: str) -> Applied:
    day_id, slot, mac = _code(item.get('url'))
    scanned_at = _moment(item.get('scanned_at'))
    now = auth.now()
    if scanned_at > now + SCAN_CLOCK_AHEAD:
        raise DomainError('sync_future')
    if now - scanned_at > SCAN_MAX_AGE:
        raise DomainError('sync_too_old', days=SCAN_MAX_AGE.days)
    check_code(secret(), day_id, slot, mac, scanned_at)
    assert account.participant_id is not None
    done = await check_in(
        store, day_id, account.participant_id, arrived=scanned_at, how=Method.SELF_SCAN, by=account.id, queued=True
    )
    time = local_time(done.attendance.at, done.programme.zone)
    if done.already:
        return 'duplicate', t('checkin.already', lang, time=time)
    late = done.attendance.status == Status.TERLAMBAT
    return 'applied', t('checkin.late' if late else 'checkin.present', lang, time=time)


async def _sale(store: Store, account: Account, item: dict[str, Any], lang: str) -> Applied:
    form = _entry_form(SaleForm, item, SALE_FIELDS)
    assert account.participant_id is not None
    saved = await record_sale(store, account.participant_id, form, client_id=item['id'])
    sale = saved.record
    product = store.get(Product, sale.product_id)
    text = t(
        'business.sale_saved',
        lang,
        quantity=number(sale.quantity, lang),
        name=product.name if product else '',
        total=format_rupiah(sale.total),
    )
    return _answer(saved, text, lang)


async def _expense(store: Store, account: Account, item: dict[str, Any], lang: str) -> Applied:
    form = _entry_form(ExpenseForm, item, EXPENSE_FIELDS)
    assert account.participant_id is not None
    saved = await record_expense(store, account.participant_id, form, client_id=item['id'])
    category = t(f'expense.{saved.record.category.value}', lang)
    return _answer(
        saved, t('business.expense_saved', lang, category=category, amount=format_rupiah(saved.record.amount)), lang
    )


async def _order(store: Store, account: Account, item: dict[str, Any], lang: str) -> Applied:
    """An order she took with no signal: `{"kind": "order", "buyer", "lines": [{"product_id", "quantity"}],
    "due", "dp"?, …}`, saved once by its id as a sale is."""
    form = OrderForm.model_validate(_fields(item, ORDER_FIELDS))
    assert account.participant_id is not None
    saved = await record_order(store, account.participant_id, form, client_id=item['id'])
    order = saved.record
    return _answer(saved, t('orders.saved_total', lang, buyer=order.buyer, total=format_rupiah(order.total)), lang)


def _entry_form(form: type[F], item: dict[str, Any], names: tuple[str, ...]) -> F:
    """A queued sale's or expense's form, its time within reason (`_check_entry_time`)."""
    entry = form.model_validate(_fields(item, names))
    _check_entry_time(entry.at)
    return entry


def _answer(saved: Saved[Any], text: str, lang: str) -> Applied:
    """What a sale or an expense did: its saved text, or that text as saved before (a retry changed nothing)."""
    return saved.status, text if saved.status == 'applied' else t('pwa.already_saved', lang, text=text)


KINDS: dict[str, Callable[[Store, Account, dict[str, Any], str], Awaitable[Applied]]] = {
    'checkin': _checkin,
    'sale': _sale,
    'expense': _expense,
    'order': _order,
}


def _code(url: Any) -> tuple[str, int, str]:
    """Day, slot and mac of a scanned check-in URL (full or just the path); a stranger URL is forged."""
    if not isinstance(url, str) or len(url) > 500:
        raise DomainError('checkin_forged')
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        raise DomainError('checkin_forged') from None
    found = CODE_PATH.fullmatch(path)
    if found is None:
        raise DomainError('checkin_forged')
    return found[1], int(found[2]), found[3]


def _moment(value: Any) -> dt.datetime:
    """An ISO time with its offset (`2025-05-14T01:02:03.456Z`); a time without one cannot be judged."""
    if not isinstance(value, str) or len(value) > 40:
        raise DomainError('sync_bad_time')
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise DomainError('sync_bad_time') from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DomainError('sync_bad_time')
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise DomainError('sync_bad_time') from None


def _check_entry_time(at: dt.datetime) -> None:
    """A sale's or expense's time: not tomorrow or later, nor before 2000 (a phone whose clock was reset)."""
    try:
        moment = at.astimezone(dt.UTC)
    except OverflowError:  # year 1 or 9999 shifted by its offset
        raise DomainError('sync_bad_time') from None
    if moment.year < 2000:
        raise DomainError('sync_bad_time')
    if moment > auth.now() + ENTRY_CLOCK_AHEAD:
        raise DomainError('sync_future')


def _fields(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The item's fields a form knows; others (a later page's additions) are left out, absent ones default."""
    return {name: item[name] for name in names if item.get(name) is not None}


def _invalid(error: ValidationError, lang: str) -> str:
    """pydantic's first refusal, named by its field: `Jumlah: Terlalu kecil (minimal 1)`."""
    problem = error.errors()[0]
    text = problem_text(problem, lang)
    field = str(problem['loc'][0]) if problem['loc'] else ''
    if field in SALE_FIELDS or field in EXPENSE_FIELDS:
        return t('error.sync_invalid', lang, field=t(f'sync.field.{field}', lang), problem=text)
    return text


async def _read_body(request: Request) -> bytes | None:
    """The body, or None when it is larger than MAX_BODY (read no further than that)."""
    declared = request.headers.get('content-length', '')
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return bytes(body)


def _items(body: bytes) -> list[Any] | None:
    try:
        data = parse_json(body)
    except BadBody:
        return None
    if not isinstance(data, dict) or not isinstance(data.get('items'), list):
        return None
    return data['items']


def _refusal(message: str, status: int) -> JSONResponse:
    return JSONResponse({'error': message}, status_code=status, headers={'Cache-Control': 'no-store'})
