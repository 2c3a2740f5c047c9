"""The home page: a welcome and the log-in button for visitors; for a logged-in user, her programmes."""

from __future__ import annotations

import datetime as dt
from html import escape

from nicegui import ui

from models.account import Account, Role
from models.attendance import PRESENT, Attendance
from models.programme import Day, Programme
from store.programmes import days_of, programmes_for
from store.secretariats import SecretariatView, secretariat_view, staffed_by

from ..auth import current_account
from ..format import local_time, short_date
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import PlainButton, icon_html
from .audit import admin_links
from .day import STATUS_COLOURS, STATUS_ICONS
from .my_aid import aid_notice
from .notices import notices_section
from .orders import orders_due_notice
from .price_cards import her_prices
from .secretariat_home import secretariat_start
from .today import today_section, todays_days


async def page() -> None:
    store = await runtime.ready()
    account = current_account()
    programmes = programmes_for(store, account) if account else []
    days = {p.id: days_of(store, p.id) for p in programmes}
    marks: dict[str, Attendance] = {}
    if account is not None and account.role == Role.TRAINEE and account.participant_id:
        marks = {a.day_id: a for a in store.by_index(Attendance, 'participant', account.participant_id)}
    staff = account is not None and account.role != Role.TRAINEE  # a trainee is on no secretariat's staff
    secretariats = [secretariat_view(store, s) for s in staffed_by(store, account.id)] if staff and account else []
    home_ui(account, programmes, days, dt.datetime.now(dt.UTC), marks, secretariats)


def home_ui(
    account: Account | None,
    programmes: list[Programme],
    days: dict[str, list[Day]],
    now: dt.datetime,
    marks: dict[str, Attendance] | None = None,
    secretariats: list[SecretariatView] | None = None,
) -> None:
    """Build the home page from plain data (a test can call this without a store).

    Staff get each programme's days as buttons to the day screen; a trainee her attendance day by day; the staff
    of a secretariat (`secretariats`: those she serves) each of hers, and a *petugas sekretariat* nothing else.
    """
    with frame('home.title'):
        if account is None:
            _welcome()
            return
        ui.html(  # one element for two lines of text
            f'<div class="text-h6 text-weight-bold">{escape(t("home.hello", name=account.name))}</div>'
            f'<div class="text-caption text-grey-8">{escape(t(f"role.{account.role.value}"))}</div>',
            sanitize=False,
        )
        if secretariats or account.role == Role.SECRETARIAT:
            secretariat_start(secretariats or [], staff_role=account.role == Role.SECRETARIAT)
        if account.role == Role.SECRETARIAT:
            return
        if account.role == Role.TRAINEE and account.participant_id:
            from .business import quick_sale_section

            orders_due_notice(account.participant_id)
            today_section(todays_days(programmes, days, now), marks or {})
            quick_sale_section(account)
            notices_section(account.participant_id)  # the boards of the village secretariats that reach her
            her_prices(account.participant_id)  # today's prices of her commodities, from the same secretariats
        from .ledger import groups_of

        for group in groups_of(account) if account.role != Role.COORDINATOR else []:
            book = lambda g=group: ui.navigate.to(f'/kelompok/{g.id}')  # noqa: E731
            name = t('ledger.open', name=group.name)
            PlainButton(name, 'agriculture', book, mark=f'open-ledger-{group.id}', look='outline').classes('full-width')
        if account.role == Role.TRAINEE and account.participant_id:
            aid_notice(account.participant_id)
        if account.role == Role.COORDINATOR:
            admin_links()
        heading = 'home.all_programmes' if account.role == Role.COORDINATOR else 'home.my_programmes'
        ui.label(t(heading)).classes('text-h6 q-mt-md')
        if not programmes:
            ui.label(t('home.no_programmes')).classes('text-grey-7')
        for programme in programmes:
            today = now.astimezone(programme.zone.tz).date()
            programme_days = days.get(programme.id, [])
            _programme_card(programme, programme_days, today)
            if account.role == Role.TRAINEE:
                _my_attendance(programme, programme_days, marks or {}, today)
            else:
                _day_buttons(programme_days, today)


def _welcome() -> None:
    ui.label(t('home.title')).classes('text-h5 text-weight-bold')
    ui.label(t('home.tagline')).classes('text-body1 text-grey-8')
    PlainButton(t('home.login'), 'login', lambda: ui.navigate.to('/login'), more={'size': 'lg'}).classes('full-width')


def _programme_card(programme: Programme, days: list[Day], today: dt.date) -> None:
    """What, who, where, when and how far: plain text, so one element rather than a dozen (see `_my_attendance`)."""

    def line(icon: str, text: str, classes: str) -> str:
        return (
            f'<div class="row items-center no-wrap q-mt-xs">{icon_html(icon, "grey-7", 24)}'
            f'<span class="q-ml-sm {classes}">{escape(text)}</span></div>'
        )

    kind_icon = 'bakery_dining' if programme.kind == 'kue' else 'agriculture'
    with ui.card().classes('full-width'):
        ui.html(
            f'<div class="row items-center no-wrap">{icon_html(kind_icon, "primary", 32)}'
            f'<span class="q-ml-sm text-subtitle1 text-weight-medium">{escape(programme.name)}</span></div>'
            f'<div class="text-body2 q-mt-sm">{escape(programme.agency)}</div>'
            + line('place', programme.place, 'text-body2 text-grey-8')
            + line('event', f'{short_date(programme.start)} – {short_date(programme.end)}', 'text-body2')
            + f'<div class="text-body2 text-weight-medium text-primary q-mt-sm">'
            f'{escape(_status(programme, days, today))}</div>',
            sanitize=False,
        ).classes('full-width').mark(f'programme-{programme.id}')


def _status(programme: Programme, days: list[Day], today: dt.date) -> str:
    todays = [d for d in days if d.date == today]
    if todays:
        return t('home.day_of', number=todays[0].number, total=len(days), title=todays[0].title)
    if today < programme.start:
        return t('home.upcoming')
    if today > programme.end:
        return t('home.finished')
    return t('home.running')


def _day_buttons(days: list[Day], today: dt.date) -> None:
    """The way into each day's screen; today's day first and big."""
    todays = [d for d in days if d.date == today]
    for day in todays:
        go = lambda d=day: ui.navigate.to(f'/days/{d.id}')  # noqa: E731
        PlainButton(
            t('home.open_today', number=day.number), 'qr_code_2', go, mark=f'open-day-{day.number}', more={'size': 'lg'}
        ).classes('full-width')
    others = [d for d in days if d.date != today]
    if others:
        with ui.row().classes('q-gutter-xs'):
            for day in others:
                go = lambda d=day: ui.navigate.to(f'/days/{d.id}')  # noqa: E731
                label, mark = t('home.day_short', number=day.number), f'open-day-{day.number}'
                PlainButton(label, '', go, mark=mark, look='outline', more={'dense': True})


def _my_attendance(programme: Programme, days: list[Day], marks: dict[str, Attendance], today: dt.date) -> None:
    """Her days with a mark each: present, late, excused, ill, absent, or still to come.

    One element for the whole list, not five per day: her home is what a phone on a weak signal opens
    most, and every NiceGUI element costs the server time to build and the wire bytes to send.
    """
    present = sum(1 for d in days if d.id in marks and marks[d.id].status in PRESENT)
    ui.label(t('home.my_attendance', present=present, total=len(days))).classes('text-subtitle1 text-weight-medium')
    lines = []
    for day in days:
        record = marks.get(day.id)
        if record is not None:
            icon, colour = STATUS_ICONS[record.status], STATUS_COLOURS[record.status]
            word = t(f'status.{record.status.value}')
            if record.status in PRESENT:
                word += ' · ' + local_time(record.at, programme.zone)
        else:
            icon, colour = ('event' if day.date >= today else 'help_outline'), 'grey-6'
            word = t('home.today') if day.date == today else t('status.none') if day.date < today else ''
        when = escape(t('home.day_line', number=day.number, date=short_date(day.date)))
        lines.append(
            f'<li class="row items-center no-wrap q-py-xs" data-day="{day.number}">'
            f'{icon_html(icon, colour, 28)}<span class="col text-body2 q-ml-md">{when}'
            + (f'<br><b>{escape(word)}</b>' if word else '')
            + '</span></li>'
        )
    ui.html(f'<ul class="q-pl-none q-my-none" style="list-style:none">{"".join(lines)}</ul>', sanitize=False).classes(
        'full-width'
    ).mark('my-days')
