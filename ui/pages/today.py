"""The top of a trainee's home on a training day: am I checked in, and if not, the box to type the six digits
shown under the QR (for when her camera cannot read the projector); then what she makes today."""

from __future__ import annotations

import datetime as dt
from html import escape

from nicegui import ui

from models.account import Role
from models.attendance import PRESENT, SHORT_CODE_DIGITS, Attendance
from models.programme import Day, Programme, ProgrammeKind
from store.skills import day_skill_names

from ..auth import acting
from ..elements.links import Links
from ..format import local_time
from ..i18n import current_lang, t
from ..runtime import runtime
from ..typed_code import check_in_by_code
from ..widgets import PlainButton, icon_html
from .day import STATUS_COLOURS, STATUS_ICONS


def todays_days(
    programmes: list[Programme], days: dict[str, list[Day]], now: dt.datetime
) -> list[tuple[Programme, Day]]:
    """Her programmes' days that fall on today where each programme is."""
    return [
        (programme, day)
        for programme in programmes
        for day in days.get(programme.id, [])
        if day.date == now.astimezone(programme.zone.tz).date()
    ]


def today_section(todays: list[tuple[Programme, Day]], marks: dict[str, Attendance]) -> None:
    """For each day of hers today: her mark, or the typed-code box; then the day's recipes as links."""
    for programme, day in todays:
        record = marks.get(day.id)
        with ui.card().classes('full-width q-pa-sm').mark(f'today-{day.id}'):
            if record is not None and record.status in PRESENT:
                _checked_in(programme, record)
            else:
                CodeBox()
            _recipes(day, programme)


def _checked_in(programme: Programme, record: Attendance) -> None:
    time = local_time(record.at, programme.zone)
    said = t('today.checked_in', status=t(f'status.{record.status.value}'), time=time)
    icon, colour = STATUS_ICONS[record.status], STATUS_COLOURS[record.status]
    ui.html(  # one element: her home is the page opened most
        f'<div class="row items-center no-wrap">{icon_html(icon, colour, 32)}'
        f'<span class="q-ml-md text-subtitle1 text-weight-medium">{escape(said)}</span></div>',
        sanitize=False,
    ).mark('today-state')


def _recipes(day: Day, programme: Programme) -> None:
    """The day's recipes to make, or in a KWT the farming lessons to learn."""
    skills = day_skill_names(runtime.store, day.id)
    if not skills:
        return
    farm = programme.kind == ProgrammeKind.KWT
    ui.label(t('today.lessons' if farm else 'today.recipes')).classes('text-caption text-grey-8 q-mt-xs')
    icon = 'agriculture' if farm else 'menu_book'
    look = {'color': 'primary', 'outline': True, 'dense': True}  # as PlainButton(…, look='outline') draws it
    Links([(skill.name, icon, f'/recipes/{skill.id}', f'today-recipe-{skill.id}') for skill in skills], look)


class CodeBox:
    """ "Ketik kode absen": six digits on the number pad, one tap; the answer in her language beside it."""

    def __init__(self) -> None:
        ui.html(  # one element for both lines, spaced as the card spaces its elements
            f'<div class="text-subtitle1 text-weight-medium">{escape(t("today.not_yet"))}</div><div class="text-body2 '
            f'text-grey-8 q-mt-md">{escape(t("today.code_hint", digits=SHORT_CODE_DIGITS))}</div>',
            sanitize=False,
        ).mark('today-state')
        with ui.row().classes('full-width items-start no-wrap q-gutter-sm'):
            self.code = ui.input(t('today.code'), placeholder='123456').classes('col').mark('typed-code')
            self.code.props('outlined inputmode=numeric autocomplete=one-time-code maxlength=7 input-class=text-h6')
            PlainButton(t('today.check_in'), 'how_to_reg', self.send, mark='send-code')
        self.answer = ui.label().classes('text-body1').mark('code-answer')

    async def send(self) -> None:
        account = acting(lambda a: a.role == Role.TRAINEE and a.participant_id is not None)
        if account is None:
            return
        answer = await check_in_by_code(account, self.code.value or '', current_lang())
        self.answer.set_text(answer.message)
        self.answer.classes(replace='text-body1 ' + ('text-positive' if answer.http == 200 else 'text-negative'))
        if answer.http == 200:
            ui.notify(answer.message, type='positive')
            ui.navigate.reload()  # her home as it is now: checked in, the box gone
