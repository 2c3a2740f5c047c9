"""The home page: a welcome and the log-in button for visitors; for a logged-in user, her programmes."""

from __future__ import annotations

import datetime as dt

from nicegui import ui

from models.account import Account, Role
from models.programme import Day, Programme
from store.programmes import days_of, programmes_for

from ..auth import current_account
from ..format import short_date
from ..frame import frame
from ..i18n import t
from ..runtime import runtime


async def page() -> None:
    store = await runtime.ready()
    account = current_account()
    programmes = programmes_for(store, account) if account else []
    days = {p.id: days_of(store, p.id) for p in programmes}
    home_ui(account, programmes, days, dt.datetime.now(dt.UTC))


def home_ui(account: Account | None, programmes: list[Programme], days: dict[str, list[Day]], now: dt.datetime) -> None:
    """Build the home page from plain data (a test can call this without a store)."""
    with frame('home.title', account=account):
        if account is None:
            _welcome()
            return
        ui.label(t('home.hello', name=account.name)).classes('text-h5 text-weight-bold')
        ui.label(t(f'role.{account.role.value}')).classes('text-body2 text-grey-8')
        heading = 'home.all_programmes' if account.role == Role.COORDINATOR else 'home.my_programmes'
        ui.label(t(heading)).classes('text-h6 q-mt-md')
        if not programmes:
            ui.label(t('home.no_programmes')).classes('text-grey-7')
        for programme in programmes:
            _programme_card(programme, days.get(programme.id, []), now.astimezone(programme.zone.tz).date())


def _welcome() -> None:
    ui.label(t('home.title')).classes('text-h5 text-weight-bold')
    ui.label(t('home.tagline')).classes('text-body1 text-grey-8')
    ui.button(t('home.login'), icon='login', on_click=lambda: ui.navigate.to('/login')).props(
        'unelevated size=lg color=primary'
    ).classes('tap full-width')


def _programme_card(programme: Programme, days: list[Day], today: dt.date) -> None:
    with ui.card().classes('full-width'):
        with ui.row().classes('items-center no-wrap'):
            ui.icon('bakery_dining' if programme.kind == 'kue' else 'agriculture', size='32px', color='primary')
            ui.label(programme.name).classes('text-subtitle1 text-weight-medium')
        ui.label(programme.agency).classes('text-body2')
        with ui.row().classes('items-center no-wrap'):
            ui.icon('place', color='grey-7')
            ui.label(programme.place).classes('text-body2 text-grey-8')
        with ui.row().classes('items-center no-wrap'):
            ui.icon('event', color='grey-7')
            ui.label(f'{short_date(programme.start)} – {short_date(programme.end)}').classes('text-body2')
        ui.label(_status(programme, days, today)).classes('text-body2 text-weight-medium text-primary')


def _status(programme: Programme, days: list[Day], today: dt.date) -> str:
    todays = [d for d in days if d.date == today]
    if todays:
        return t('home.day_of', number=todays[0].number, total=len(days), title=todays[0].title)
    if today < programme.start:
        return t('home.upcoming')
    if today > programme.end:
        return t('home.finished')
    return t('home.running')
