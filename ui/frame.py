"""The frame every page shares: a header with the language switch, and a bottom navigation for phones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from nicegui import app, ui

from models.account import Role
from models.programme import Programme

from . import pwa, signal
from .auth import admitted, logout_here
from .i18n import current_lang, t
from .icons import icon_svg
from .login_page import switch_name
from .runtime import runtime
from .widgets import PlainButton, back_button, title_bar

THEME = '#0f766e'  # teal 700: AA contrast with white text
POSITIVE = '#2e7d32'  # green 800 for Quasar's 'positive' (#21ba45 is 2.6:1 with white text)
INFO = '#0277bd'  # light blue 800 for 'info' (#31ccec is 1.9:1 with white text)
CSS = (
    '<style>.tap{min-height:48px;min-width:48px} .page{max-width:720px;margin:0 auto;width:100%}'
    '.nav-item{padding:4px 2px;font-size:12px}.nav-item .q-btn__content{flex-wrap:nowrap}'
    '.q-btn-toggle .q-btn{min-height:48px}'
    '.page>.nicegui-column:empty{display:none}'  # an area filled later (an undo bar) takes no gap while empty
    '.gap-0{gap:0}'  # Tailwind's class, which our columns ask for: Tailwind is off (NiceGUI's 16 px gap was kept)
    '.q-btn{text-transform:none}'  # words as written: capitals everywhere read harder, above all for new readers
    # compact: a 48 px header and 8 px page margins, so a phone's first screenful holds the page's job
    '.q-header{min-height:48px;max-height:56px}.nicegui-content{padding:8px 12px}'
    '</style>'
)


@dataclass(frozen=True)
class NavItem:
    icon: str
    label_key: str
    path: str


HOME = NavItem('home', 'nav.home', '/')
SECRETARIATS = NavItem('home_work', 'nav.secretariat', '/sekretariat')
NAV_ITEMS: dict[Role | None, list[NavItem]] = {
    None: [HOME],
    Role.COORDINATOR: [
        HOME,
        NavItem('event_note', 'nav.programmes', '/programmes'),
        NavItem('groups', 'nav.participants', '/participants'),
        NavItem('diversity_3', 'nav.groups', '/groups'),
        NavItem('manage_accounts', 'nav.accounts', '/accounts'),
        SECRETARIATS,
    ],
    Role.INSTRUCTOR: [HOME],
    Role.SECRETARIAT: [HOME, SECRETARIATS],
    Role.TRAINEE: [
        HOME,
        NavItem('storefront', 'nav.business', '/usaha'),
        NavItem('emoji_events', 'nav.progress', '/progress'),
    ],
}


def theme() -> None:
    """The app's colours, set once for every page (a per-page `ui.colors` costs an element and a script)."""
    app.colors(primary=THEME, positive=POSITIVE, info=INFO)


@contextmanager
def frame(title_key: str, *, active: str = '/') -> Iterator[None]:
    """Build the page chrome around the `with` block, for the account the route table let in; the block fills the
    main column."""
    account = admitted()
    lang = current_lang()
    ui.page_title(f'{t(title_key)} · Berdaya')
    # NiceGUI's connection popup in her language, saying what still works without a signal
    signal.add_to_page(lang, offline_page=account is not None and account.role == Role.TRAINEE)
    with ui.header().classes('items-center no-wrap q-px-md q-py-none'):  # every page has it: as few elements as can be
        ui.html(
            f'<div class="row items-center no-wrap">{icon_svg("volunteer_activism")}'
            '<span class="q-ml-sm text-subtitle1 text-weight-bold">Berdaya</span></div>',
            sanitize=False,
        )
        other = 'en' if lang == 'id' else 'id'
        switch = {'dense': True, 'aria-label': switch_name(other, lang)}
        PlainButton(
            other.upper(), 'translate', lambda: _switch(other), mark='switch-language', look='flat', colour='white',
            more=switch,
        ).classes('q-ml-auto')  # fmt: skip
        if account is not None:
            guard = pwa.logout_guard(t('pwa.logout_unsent'))
            leave = {'dense': True, 'aria-label': t('frame.logout'), 'title': t('frame.logout')}
            PlainButton('', 'logout', None, mark='logout', look='flat', colour='white', more=leave).classes(
                'q-ml-xs'
            ).on('click', logout_here, js_handler=guard)
    if account is not None and account.role == Role.TRAINEE:
        ui.add_head_html(pwa.KEEP_PRODUCTS)  # for the offline sale form
    # its items in a row of their own with no gap between them (six, a coordinator's, fit 360 px with their words whole)
    with (
        ui.footer()
        .classes('bg-white text-dark shadow-up-2 q-pa-none nicegui-row no-wrap justify-around')
        .style('gap:0')
    ):
        for item in NAV_ITEMS[account.role if account else None]:
            go = lambda p=item.path: ui.navigate.to(p)  # noqa: E731
            colour = 'primary' if item.path == active else 'grey-8'
            mark = f'nav-{item.path.strip("/") or "home"}'
            PlainButton(
                t(item.label_key), item.icon, go, mark=mark, look='flat', colour=colour, grow=True,
                more={'stack': True, 'dense': True},
            ).classes('nav-item')  # fmt: skip
    ui.add_head_html(CSS)  # not ui.add_css: that first asks the disk whether the CSS is a file name
    with ui.column().classes('page q-px-none q-py-xs q-gutter-y-sm'):
        yield


def _switch(lang: str) -> None:
    """Her language is a cookie the server sets (`/bahasa/…`, ui/auth.py), then this page again in it."""
    url = ui.context.client.request.url
    here = url.path + (f'?{url.query}' if url.query else '')
    ui.navigate.to(f'/bahasa/{lang}?ke={quote(here, safe="")}')


@contextmanager
def programme_page(
    programme_id: str, title_key: str, *, back: str = '', heading: bool = True
) -> Iterator[Programme | None]:
    """The opening every programme page shares: the frame, the way back (the programme, or `back`), the
    programme's name over the page's title (unless the page builds its own `heading`) and the programme; for an
    unknown id a not-found line instead, and None. The route table has checked her role."""
    programme = runtime.store.get(Programme, programme_id)
    with frame(title_key, active='/programmes'):
        way_back = back or f'/programmes/{programme_id}'
        if programme is None:
            back_button(way_back)
            ui.label(t('error.not_found')).classes('text-h6')
        elif heading:
            title_bar(way_back, t(title_key), programme.name)
        else:
            back_button(way_back)
        yield programme


@contextmanager
def business_page(title_key: str, hint_key: str = '') -> Iterator[str]:
    """The opening of her business's pages (products, shop, who owes her): the frame, the way back to her
    business, the title and its hint; yields her participant id (the route table let in only trainees)."""
    account = admitted()
    with frame(title_key, active='/usaha'):
        title_bar('/usaha', t(title_key))
        if hint_key:
            ui.label(t(hint_key)).classes('text-body2 text-grey-8')
        yield (account.participant_id or '') if account else ''
