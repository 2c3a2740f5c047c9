"""Every path the app answers, what builds the answer, and who may have it: a path seen on a phone is one read away.

A row is a `page` (a NiceGUI page: `ui/pages/<name>.py`), a `plain` route (HTML, a file or a redirect without a
socket: downloads, the log-in and check-in forms, the public shop) or a `json` route (the phone's API). The roles
in a row are checked here, for every request, before the builder runs: not logged in → the log-in page (303) or
401 for JSON; logged in with another role → 403. The finer rules (her own receipt, an instructor's own programme)
are the builder's, asked of `models/permissions.py`. `tests/test_role_matrix.py` has a row for every row here.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from nicegui import app, ui

from models.account import Account, Role

from . import (
    api,
    auth,
    backup_service,
    checkin,
    helpdesk_api,
    helpdesk_public,
    media,
    notices_api,
    prices_api,
    pwa,
    share_image,
    shop_public,
    sync,
    typed_code,
    views,
)
from .documents import (
    aid_routes,
    attendance_routes,
    audit_routes,
    outcomes_routes,
    skills_routes,
)
from .documents import secretariat_routes as papers  # a secretariat's papers
from .i18n import request_lang, serving, t
from .pages import (
    accounts,
    aid,
    audit,
    backup,
    business,
    business_totals,
    customers,
    day,
    departure,
    family_contacts,
    grid,
    groups,
    helpdesk_inbox,
    helpdesk_message,
    home,
    imports,
    ledger,
    library,
    my_aid,
    notice_board,
    notices,
    orders,
    outcomes,
    participants,
    price_list,
    prices,
    products,
    programmes,
    progress,
    recipe,
    referrals,
    register,
    secretariat_settings,
    secretariat_summary,
    secretariats,
    shop,
    transfer_proof,
    unpaid,
)
from .runtime import runtime

Answer = Literal['page', 'plain', 'json']
PUBLIC: frozenset[Role] = frozenset()  # anyone, logged in or not
SIGNED_IN = frozenset(Role)
COORDINATOR = frozenset({Role.COORDINATOR})
STAFF = frozenset({Role.COORDINATOR, Role.INSTRUCTOR})
TRAINEE = frozenset({Role.TRAINEE})
TRAINEE_OR_COORDINATOR = frozenset({Role.TRAINEE, Role.COORDINATOR})  # her own papers, and the agency's
SECRETARIAT = frozenset({Role.COORDINATOR, Role.SECRETARIAT})  # every secretariat, and a petugas sekretariat's own
# who may be on a secretariat's staff: the page lets in its own (models.permissions.may_serve_secretariat)
SECRETARIAT_STAFF = frozenset({Role.COORDINATOR, Role.SECRETARIAT, Role.INSTRUCTOR})
ASSETS = Path(__file__).resolve().parent.parent / 'assets'
REFUSALS = {  # else: coordinators only
    STAFF: 'auth.forbidden_staff', TRAINEE: 'auth.forbidden_trainee', SECRETARIAT: 'auth.forbidden_secretariat',
    SECRETARIAT_STAFF: 'auth.forbidden_secretariat',
}  # fmt: skip


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Callable[..., Any]
    who: frozenset[Role]
    answer: Answer


def page(path: str, builder: Callable[..., Any], who: frozenset[Role]) -> Route:
    return Route('GET', path, builder, who, 'page')


def plain(method: str, path: str, handler: Callable[..., Any], who: frozenset[Role]) -> Route:
    return Route(method, path, handler, who, 'plain')


def json(method: str, path: str, handler: Callable[..., Any], who: frozenset[Role]) -> Route:
    return Route(method, path, handler, who, 'json')


ROUTES: list[Route] = [
    # ---- everyone: home, logging in, checking in, the installable app, what a shared link opens
    page('/', home.page, PUBLIC),
    plain('GET', '/login', auth.login_form, PUBLIC),
    plain('POST', '/login', auth.login_submit, PUBLIC),
    json('POST', '/api/login', auth.api_login, PUBLIC),
    plain('POST', '/logout', auth.logout, PUBLIC),
    plain('GET', '/bahasa/{lang}', auth.choose_language, PUBLIC),  # the frame's language switch: a cookie, then back
    plain('GET', '/c/{day_id}/{slot}/{mac}', checkin.scanned, PUBLIC),  # the rotating QR: log-in form or check-in
    plain('POST', '/c/{day_id}/{slot}/{mac}', checkin.scanned_login, PUBLIC),
    plain('GET', '/k/{token}', checkin.card, PUBLIC),
    plain('GET', '/manifest.webmanifest', pwa.manifest, PUBLIC),
    plain('GET', '/sw.js', pwa.service_worker, PUBLIC),
    plain('GET', '/offline', pwa.offline, PUBLIC),
    plain('GET', '/toko/{slug}', shop_public.shop, PUBLIC),
    plain('GET', '/toko/{slug}/{product_id}', shop_public.product_page, PUBLIC),
    plain('POST', '/toko/{slug}/pesan', shop_public.order_submitted, PUBLIC),
    plain('GET', '/toko/{slug}/share/{item}.{shape}.jpg', share_image.share_image, PUBLIC),
    plain('GET', '/verifikasi/{certificate_id}', skills_routes.verify, PUBLIC),
    plain('GET', '/media/{name}', media.kept_file, PUBLIC),  # kept pictures by content name (store/files.py)
    json('GET', '/api/health', api.health, PUBLIC),
    json('GET', '/api/programmes', api.programmes, SIGNED_IN),
    # ---- the trainee: her progress, her business, her aid
    page('/progress', progress.page, TRAINEE),
    page('/usaha', business.dashboard_page, TRAINEE),
    page('/usaha/produk', products.products_page, TRAINEE),
    page('/usaha/piutang', unpaid.unpaid_page, TRAINEE),
    page('/usaha/toko', shop.shop_page, TRAINEE),
    page('/usaha/pesanan', orders.orders_page, TRAINEE),
    plain('GET', '/usaha/pesanan/{order_id}/bukti', transfer_proof.proof_file, TRAINEE),  # hers alone: it asks whose
    page('/usaha/pelanggan', customers.customers_page, TRAINEE),
    page('/usaha/pelanggan/{customer_id}', customers.customer_page, TRAINEE),
    page('/aid', my_aid.page, TRAINEE),
    page('/pengumuman', notices.notices_page, TRAINEE),  # the notices of the secretariats that reach her
    json('GET', '/api/notices', notices_api.notices, TRAINEE),
    json('GET', '/api/products', api.products, TRAINEE),
    json('POST', '/api/products/{product_id}/photo', api.product_photo, TRAINEE),
    json('GET', '/api/shop', api.her_shop, TRAINEE),
    json('GET', '/api/orders', api.her_orders, TRAINEE),
    json('POST', '/api/checkin/code', typed_code.api_typed_code, TRAINEE),
    json('GET', '/api/summary', api.summary, TRAINEE),
    json('POST', '/api/sync', sync.sync, TRAINEE),
    # ---- anyone signed in, as far as the page's own rule lets her: recipes of her programmes, her group's book
    page('/recipes/{skill_id}', recipe.page, SIGNED_IN),
    page('/kelompok/{group_id}', ledger.ledger_page, SIGNED_IN),
    page('/harga', prices.page, SIGNED_IN),  # a secretariat's market prices: its staff, and those it reaches
    json('GET', '/api/prices', prices_api.prices, SIGNED_IN),
    plain('GET', '/export/certificate/{programme_id}/{participant_id}.pdf', skills_routes.certificate, SIGNED_IN),
    plain('GET', '/export/aid-receipt/{handover_id}.pdf', aid_routes.aid_receipt, TRAINEE_OR_COORDINATOR),
    # ---- a programme's staff (coordinators, and the instructors of that programme): the day, the grid, papers
    page('/days/{day_id}', day.page, STAFF),
    page('/grid/{programme_id}', grid.page, STAFF),
    json('GET', '/api/days/{day_id}/code', checkin.current_code, STAFF),
    json('GET', '/api/days/{day_id}/code.svg', checkin.current_code_svg, STAFF),
    plain('GET', '/export/daftar-hadir/{day_id}.pdf', attendance_routes.daftar_hadir, STAFF),
    plain('GET', '/export/cards/{programme_id}.pdf', attendance_routes.cards, STAFF),
    plain('GET', '/export/attendance/{programme_id}.xlsx', attendance_routes.attendance_xlsx, STAFF),
    plain('GET', '/export/attendance/{programme_id}.csv', attendance_routes.attendance_csv, STAFF),
    plain('GET', '/export/progress/{programme_id}.xlsx', skills_routes.progress, STAFF),
    # ---- village secretariats: the coordinators, and each secretariat's own staff
    page('/sekretariat', secretariats.list_page, SECRETARIAT),
    page('/sekretariat/{secretariat_id}/atur', secretariat_settings.settings_page, SECRETARIAT_STAFF),
    page('/sekretariat/{secretariat_id}/harga', price_list.page, SECRETARIAT_STAFF),  # its market prices, kept
    # its help desk for those abroad and their families: the inbox (sensitive: its staff and coordinators), its JSON
    page('/sekretariat/{secretariat_id}/pesan', helpdesk_inbox.inbox_page, SECRETARIAT_STAFF),
    page('/sekretariat/{secretariat_id}/pesan/{message_id}', helpdesk_message.message_page, SECRETARIAT_STAFF),
    json('GET', '/api/secretariat/{slug}/messages', helpdesk_api.messages, SECRETARIAT_STAFF),
    # and its public page with the message form, anyone's (after its fixed paths: `{slug}` would take any name)
    plain('GET', '/sekretariat/{slug}', helpdesk_public.public_page, PUBLIC),
    plain('POST', '/sekretariat/{slug}/pesan', helpdesk_public.message_submitted, PUBLIC),
    page('/sekretariat/{secretariat_id}/papan', notice_board.board_page, SECRETARIAT_STAFF),  # its notice board
    # its register of villagers abroad and returned, family contacts, cases, checklists (sensitive: its staff and
    # coordinators, every view in the trail), and its summary for the village's reports (counts only)
    page('/sekretariat/{secretariat_id}/daftar', register.list_page, SECRETARIAT_STAFF),
    page('/sekretariat/{secretariat_id}/daftar/{entry_id}', register.entry_page, SECRETARIAT_STAFF),  # `baru`: new
    page('/sekretariat/{secretariat_id}/kontak', family_contacts.page, SECRETARIAT_STAFF),
    page('/sekretariat/{secretariat_id}/kasus', referrals.page, SECRETARIAT_STAFF),
    page('/sekretariat/{secretariat_id}/persiapan', departure.list_page, SECRETARIAT_STAFF),
    page('/sekretariat/{secretariat_id}/persiapan/{entry_id}', departure.checklist_page, SECRETARIAT_STAFF),
    page('/sekretariat/{secretariat_id}/ringkasan', secretariat_summary.page, SECRETARIAT_STAFF),
    # its papers: the legal route's sheet to hand out, a villager's own (ticked), the summary (`?year=2026`)
    plain('GET', '/export/secretariat/{secretariat_id}/persiapan.pdf', papers.blank_sheet, SECRETARIAT_STAFF),
    plain('GET', '/export/secretariat/{secretariat_id}/checklist/{entry_id}.pdf', papers.her_sheet, SECRETARIAT_STAFF),
    plain('GET', '/export/secretariat/{secretariat_id}/summary.xlsx', papers.summary_workbook, SECRETARIAT_STAFF),
    plain('GET', '/export/secretariat/{secretariat_id}/summary.pdf', papers.summary_report, SECRETARIAT_STAFF),
    # ---- the coordinator: programmes, people, accounts, the curriculum, aid, outcomes, the trail, backups
    page('/programmes', programmes.list_page, COORDINATOR),
    page('/programmes/new', programmes.new_page, COORDINATOR),
    page('/programmes/{programme_id}', programmes.detail_page, COORDINATOR),
    page('/programmes/{programme_id}/participants', participants.enrolment_page, COORDINATOR),
    page('/programmes/{programme_id}/import', imports.page, COORDINATOR),
    page('/programmes/{programme_id}/aid', aid.page, COORDINATOR),
    page('/programmes/{programme_id}/outcomes', outcomes.page, COORDINATOR),
    page('/programmes/{programme_id}/business', business_totals.totals_page, COORDINATOR),
    page('/participants', participants.list_page, COORDINATOR),
    page('/participants/new', participants.new_page, COORDINATOR),
    page('/participants/{participant_id}', participants.detail_page, COORDINATOR),
    page('/groups', groups.list_page, COORDINATOR),
    page('/groups/{group_id}', groups.detail_page, COORDINATOR),
    page('/accounts', accounts.page, COORDINATOR),
    page('/skills', library.list_page, COORDINATOR),
    page('/skills/{skill_id}', library.edit_page, COORDINATOR),  # `new` for a new one
    page('/audit', audit.page, COORDINATOR),
    page('/backup', backup.page, COORDINATOR),
    plain('GET', '/import/template.csv', imports.csv_template, COORDINATOR),
    plain('GET', '/import/template.xlsx', imports.xlsx_template, COORDINATOR),
    plain('GET', '/export/daftar-hadir-all/{programme_id}.pdf', attendance_routes.daftar_hadir_all, COORDINATOR),
    plain('GET', '/export/certificates/{programme_id}.pdf', skills_routes.certificates, COORDINATOR),
    plain('GET', '/export/outcomes/{programme_id}.xlsx', outcomes_routes.outcomes_workbook, COORDINATOR),
    plain('GET', '/export/outcomes/{programme_id}.pdf', outcomes_routes.outcomes_report, COORDINATOR),
    plain('GET', '/export/aid-recipients/{item_id}.pdf', aid_routes.aid_recipients, COORDINATOR),
    plain('GET', '/export/bast/{handover_id}.pdf', aid_routes.bast, COORDINATOR),
    plain('GET', '/export/backup.zip', backup_service.download, COORDINATOR),
    plain('GET', '/export/audit.xlsx', audit_routes.audit_xlsx_route, COORDINATOR),  # the trail's filters as query
    plain('GET', '/export/audit.csv', audit_routes.audit_csv_route, COORDINATOR),
]
# Folders of files anyone may fetch (the offline page, its script, the app's icons)
FOLDERS = {'/assets/js': ASSETS / 'js', '/assets/offline': ASSETS / 'offline', '/assets/icons': ASSETS / 'icons'}


def register(fastapi_app: FastAPI = app) -> None:
    """Serve every row, each behind its role check, and the folders."""
    for route in ROUTES:
        endpoint = checked(route)
        if route.answer == 'page':
            ui.page(route.path)(endpoint)
        else:
            fastapi_app.add_api_route(route.path, endpoint, methods=[route.method])
    for path, folder in FOLDERS.items():
        app.add_static_files(path, folder)


def checked(route: Route) -> Callable[..., Any]:
    """The row's handler behind its role check; the account let in is `request.state.account`."""
    handler = route.handler
    wants_request = 'request' in inspect.signature(handler).parameters

    @wraps(handler)
    async def endpoint(*args: Any, **kwargs: Any) -> Any:
        request: Request = kwargs['request'] if wants_request else kwargs.pop('request')
        serving(request)  # her language, for every text of the answer (ui/i18n.py)
        if route.who:
            await runtime.ready()  # in the first moments after start, wait for the store, not send her to log in
        account = auth.request_account(request)
        request.state.account = account
        if route.who and not admits(route.who, account):
            if route.answer == 'page':
                views.html_ready(ui.context.client, page=False)
            return refusal(route, request, account)
        answer = handler(*args, **kwargs)
        answer = await answer if inspect.isawaitable(answer) else answer
        if route.answer == 'page':  # its grace for the socket starts now (ui/views.py)
            views.html_ready(ui.context.client, page=not isinstance(answer, Response))
        return answer

    endpoint.__signature__ = _signature(handler)  # type: ignore[attr-defined]
    return endpoint


def admits(who: frozenset[Role], account: Account | None) -> bool:
    """A trainee's account counts as a trainee only with her participant record behind it."""
    if account is None or account.role not in who:
        return False
    return account.role != Role.TRAINEE or bool(account.participant_id)


def refusal(route: Route, request: Request, account: Account | None) -> Response:
    lang = request_lang(request)
    if route.answer == 'json':
        key = 'auth.login_needed' if account is None else 'auth.not_allowed'
        if account is not None and route.who == TRAINEE:
            key = 'error.trainees_only'
        status = 401 if account is None else 403
        return JSONResponse({'error': t(key, lang)}, status_code=status, headers={'Cache-Control': 'no-store'})
    if account is None:
        return auth.login_redirect(request)
    if route.answer == 'page':  # the page names who it is for
        return auth.refusal(REFUSALS.get(route.who, 'auth.forbidden'))
    return PlainTextResponse(t('doc.forbidden', lang), status_code=403)


def _signature(handler: Callable[..., Any]) -> inspect.Signature:
    """The handler's parameters with their types resolved (FastAPI reads them from this module otherwise), and a
    `request` for the check when the handler takes none."""
    hints = typing.get_type_hints(handler)
    signature = inspect.signature(handler)
    parameters = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()]
    if 'request' not in signature.parameters:
        parameters.append(inspect.Parameter('request', inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    return signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty)
