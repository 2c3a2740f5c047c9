"""Who is asking: log-in and log-out routes, the session cookie, and role checks for pages and handlers.

Every page, handler and route asks here again; a page that opened once proves nothing later (she may
have logged out on another tab, or the coordinator disabled her).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import time
from collections import deque
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from nicegui import ui

from models.account import Account, Role
from models.base import DomainError
from models.permissions import may_run_day, may_serve_secretariat, may_set_up_secretariats
from models.programme import Programme
from models.secretariat import Secretariat
from store.accounts import authenticate, end_session, session_account, start_session

from . import login_page
from .bodies import BadBody, parse_json, read_form
from .i18n import LANG_COOKIE, LANGUAGES, YEAR_S, error_text, request_lang, t
from .runtime import runtime
from .settings import trusted_networks

COOKIE = 'berdaya_session'
ADDRESS_WINDOW_SECONDS = 15 * 60
ADDRESS_FAILURES = 30  # across all accounts from one address before it is slowed down
ADDRESS_DELAY_SECONDS = 2.0
ADDRESS_MAX_WAIT_SECONDS = 30.0  # beyond this a try is refused with 429 at once

F = TypeVar('F', bound=Callable[..., Any])


class AddressThrottle:
    """Slows down an address with many failures across accounts; never locks it out, because a whole
    classroom may share one hotspot or one carrier address.

    Once an address has ADDRESS_FAILURES failures in the window (tries still being checked count too), each
    further try takes the next free slot, ADDRESS_DELAY_SECONDS after the one before: a hundred tries sent at
    once are spread out exactly as a hundred sent one after another. A try that would wait longer than
    ADDRESS_MAX_WAIT_SECONDS is refused at once (429) instead of holding a connection open.
    """

    def __init__(self) -> None:
        self.failures: dict[str, deque[float]] = {}
        self.checking: dict[str, int] = {}  # tries of this address admitted and not yet answered
        self.next_slot: dict[str, float] = {}

    def admit(self, address: str, now: float) -> float | None:
        """Seconds this try must wait before its password is checked; None: refuse it now."""
        recent = self._recent(address, now)
        if len(recent) + self.checking.get(address, 0) < ADDRESS_FAILURES:
            wait = 0.0
        else:
            wait = max(now, self.next_slot.get(address, 0.0)) - now + ADDRESS_DELAY_SECONDS
            if wait > ADDRESS_MAX_WAIT_SECONDS:
                return None
            self.next_slot[address] = now + wait
        self.checking[address] = self.checking.get(address, 0) + 1
        return wait

    def answered(self, address: str, now: float, *, failed: bool) -> None:
        left = self.checking.get(address, 1) - 1
        if left:
            self.checking[address] = left
        else:
            self.checking.pop(address, None)
        if failed:
            self._recent(address, now).append(now)

    def _recent(self, address: str, now: float) -> deque[float]:
        recent = self.failures.setdefault(address, deque(maxlen=ADDRESS_FAILURES * 4))
        while recent and now - recent[0] > ADDRESS_WINDOW_SECONDS:
            recent.popleft()
        return recent


throttle = AddressThrottle()
sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # tests swap it to see the slow-down without waiting
clock: Callable[[], float] = time.monotonic


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def request_account(request: Request) -> Account | None:
    if not runtime.is_open:
        return None
    return session_account(runtime.store, request.cookies.get(COOKIE), now())


def current_account() -> Account | None:
    """The account of the page or handler being run, checked against the store now."""
    return request_account(ui.context.client.request)


def acting(rule: Callable[[Account], bool] = lambda account: True) -> Account | None:
    """The account behind an event handler, checked again now: she may have logged out, been disabled or been
    taken off the programme since the page opened. None, with a notice, when `rule` no longer lets her."""
    account = current_account()
    if account is None or not rule(account):
        ui.notify(t('auth.not_allowed'), type='negative')
        return None
    return account


def acting_for_programme(programme_id: str) -> Account | None:
    """`acting` for those who run the programme's days (its instructors, the coordinators)."""
    programme = runtime.store.get(Programme, programme_id)
    return acting(lambda account: programme is not None and may_run_day(account, programme))


def acting_for_secretariat(secretariat_id: str, *, setting_up: bool = False) -> Account | None:
    """`acting` for a secretariat's staff and the coordinators (`setting_up`: its settings, staff and links,
    coordinators only). An unknown secretariat lets nobody act."""
    secretariat = runtime.store.get(Secretariat, secretariat_id)

    def allowed(account: Account) -> bool:
        if secretariat is None:
            return False
        return may_set_up_secretariats(account) if setting_up else may_serve_secretariat(account, secretariat)

    return acting(allowed)


def serving(secretariat_id: str) -> Secretariat | None:
    """The secretariat a page opens, when the account the route table let in may serve it (its staff, the
    coordinators); None for an unknown id and another secretariat's alike, which the page refuses in the same
    words (`refusal('secretariat.not_yours')`)."""
    account = admitted()
    secretariat = runtime.store.get(Secretariat, secretariat_id)
    if account is None or secretariat is None or not may_serve_secretariat(account, secretariat):
        return None
    return secretariat


def guard(*roles: Role) -> Callable[[F], F]:
    """Wrap an event handler: it runs only while its user is still logged in with one of `roles`."""

    def decorate(handler: F) -> F:
        @wraps(handler)
        async def checked(*args: Any, **kwargs: Any) -> Any:
            if acting(lambda account: account.role in roles) is None:
                return None
            result = handler(*args, **kwargs)
            if isinstance(result, Awaitable):
                result = await result
            return result

        return checked  # type: ignore[return-value]

    return decorate


def admitted() -> Account | None:
    """The account the route table let into the page being built (None on a public page, logged out)."""
    request = ui.context.client.request
    return request.state.account if hasattr(request.state, 'account') else request_account(request)


def page_user() -> Account:
    """The account of a page only for the logged-in: the route table has let her in."""
    account = admitted()
    assert account is not None, 'a page for the logged-in is in the route table with its roles'
    return account


def refusal(text_key: str = 'auth.forbidden') -> Response:
    """The 403 answer of a page she may not open: a tiny page with the reason and a way home."""
    lang = request_lang(ui.context.client.request)
    page = login_page.message_page(lang, t('auth.forbidden_title', lang), t(text_key, lang))
    return HTMLResponse(page, status_code=403)


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f'?{request.url.query}' if request.url.query else '')
    return RedirectResponse(f'/login?next={target}', status_code=303)


def safe_next(target: str | None) -> str:
    """Only paths on this site; `//evil.example` and `https://…` go home instead."""
    if target and target.startswith('/') and not target.startswith('//') and '\\' not in target:
        return target
    return '/'


def client_address(request: Request) -> str:
    """The address the server really sees; behind a proxy the operator named in BERDAYA_TRUSTED_PROXIES, the
    nearest address in X-Forwarded-For that is not one of those proxies. Anyone else's header is ignored."""
    peer = request.client.host if request.client else 'unknown'
    proxies = trusted_networks(runtime.settings)
    if not _within(peer, proxies):
        return peer
    hops = [hop.strip() for hop in request.headers.get('x-forwarded-for', '').split(',') if hop.strip()]
    for hop in reversed(hops):
        if not _within(hop, proxies):
            return hop
    return peer


def _within(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


async def attempt(request: Request, username: str, password: str, lang: str) -> tuple[Account | None, str, int]:
    """Try to log in; returns (account, error text, HTTP status)."""
    store = await runtime.ready()
    address = client_address(request)
    wait = throttle.admit(address, clock())
    if wait is None:
        return None, t('auth.slow_down', lang, seconds=int(ADDRESS_MAX_WAIT_SECONDS)), 429
    failed = True
    try:
        if wait:
            await sleep(wait)
        account = await authenticate(store, username, password, now())
        failed = False
    except DomainError as error:
        return None, error_text(error, lang), 429 if error.key == 'login_locked' else 401
    finally:
        throttle.answered(address, clock(), failed=failed)
    return account, '', 200


async def set_session(request: Request, response: Response, account: Account) -> None:
    token, session = await start_session(runtime.store, account, now())
    secure = request.url.scheme == 'https' or request.headers.get('x-forwarded-proto') == 'https'
    response.set_cookie(
        COOKIE,
        token,
        max_age=int((session.expires - session.created).total_seconds()),
        httponly=True,
        samesite='lax',
        secure=secure,
        path='/',
    )


async def login_form(request: Request, next: str = '/') -> Response:
    await runtime.ready()  # right after start-up the demo may still be seeding: the form waits, not the log-in
    lang = request_lang(request)
    if request_account(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return HTMLResponse(login_page.render(lang, next_path=safe_next(next)))


async def login_submit(request: Request) -> Response:
    lang = request_lang(request)
    try:
        form = await read_form(request)
    except BadBody:
        page = login_page.render(lang, error=t('auth.bad_form', lang))
        return HTMLResponse(page, status_code=400)
    username, password = form.get('username', '')[:200], form.get('password', '')[:200]
    next_path = safe_next(form.get('next', '/'))
    account, message, status = await attempt(request, username, password, lang)
    if account is None:
        page = login_page.render(lang, next_path=next_path, username=username, error=message)
        return HTMLResponse(page, status_code=status)
    response = RedirectResponse(next_path, status_code=303)
    await set_session(request, response, account)
    if request.query_params.get('lang') in LANGUAGES:  # the form's language switch: her pages speak it too
        response.set_cookie(LANG_COOKIE, lang, max_age=YEAR_S, path='/', samesite='lax')
    return response


async def api_login(request: Request) -> Response:
    try:
        body = parse_json(await request.body())
    except BadBody:
        body = None
    if (
        not isinstance(body, dict)
        or not isinstance(body.get('username'), str)
        or not isinstance(body.get('password'), str)
    ):
        return JSONResponse(
            {'error': t('auth.bad_request', 'id'), 'error_en': t('auth.bad_request', 'en')}, status_code=422
        )
    account, message, status = await attempt(
        request, body['username'][:200], body['password'][:200], request_lang(request)
    )
    if account is None:
        return JSONResponse({'error': message}, status_code=status)
    response = JSONResponse({'ok': True, 'name': account.name, 'role': account.role.value})
    await set_session(request, response, account)
    return response


def choose_language(lang: str, ke: str = '/') -> Response:
    """The frame's language switch: her choice kept a year in the cookie every page reads (ui/i18n.py), then
    back to the page she was on (a path of this site only)."""
    response = RedirectResponse(safe_next(ke), status_code=303)
    if lang in LANGUAGES:  # the old page shows again in her language as it was
        response.set_cookie(LANG_COOKIE, lang, max_age=YEAR_S, path='/', samesite='lax')
    return response


async def logout(request: Request) -> Response:
    await end_session(await runtime.ready(), request.cookies.get(COOKIE))
    response = RedirectResponse('/login', status_code=303)
    response.delete_cookie(COOKIE, path='/')
    return response


async def logout_here() -> None:
    """The frame's log-out button: end this browser's session, then show the log-in form."""
    await end_session(runtime.store, ui.context.client.request.cookies.get(COOKIE))
    ui.navigate.to('/login')
