"""The instructor's progress grid: a day's skills × the programme's trainees, one tap cycles a level.

Built for one hand at 360 px: names wrap, cells are 56 px, three skills fit without sideways scrolling.
A second control (the note switch) turns a tap into a dialog with the level, a note and the cell's history.
The whole-programme view is the same grid, day after day.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Account
from models.base import DomainError
from models.participant import Participant
from models.permissions import may_run_day
from models.programme import Day, Programme
from models.skills import Level, Mark, Skill
from store.skills import curriculum, history, latest, record_mark

from .. import auth
from ..auth import page_user, refusal
from ..format import local_time, short_date
from ..forms import notify_error, written
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet, named, title_bar

LEVEL_ICONS = {0: 'radio_button_unchecked', 1: 'timelapse', 2: 'check_circle', 3: 'star'}
LEVEL_COLOURS = {0: 'grey-8', 1: 'deep-orange-10', 2: 'positive', 3: 'primary'}  # each ≥ 4.5:1 on white (AA)
CSS = """
.grid-scroll{max-height:calc(100vh - 170px);overflow:auto;width:100%;overscroll-behavior:contain}
.grid{display:grid;gap:4px;align-items:center;width:100%}
.grid .who{font-size:15px;line-height:1.2;overflow-wrap:anywhere;position:sticky;left:0;background:#fff;z-index:1;
  align-self:stretch;display:flex;align-items:center}
.grid .head{font-size:11px;line-height:1.15;min-height:48px;text-align:center;overflow-wrap:anywhere;align-self:stretch;
  display:flex;align-items:flex-end;justify-content:center;position:sticky;top:0;background:#fff;z-index:2;
  padding-bottom:2px}
.grid .who-head{justify-content:flex-start;left:0;z-index:3}
.grid-day{position:sticky;left:0}
.grid .cell{width:56px;height:56px;min-width:56px;padding:0;border:1px solid #d1d5db;border-radius:10px}
.grid .who-head{text-align:left}
.grid .cell .q-btn__content{flex-direction:column;font-size:11px;line-height:1}
"""


async def page(programme_id: str, day: str = '') -> Response | None:
    """The grid of a programme she runs (`day`: one day's skills), else a refusal that names no programme."""
    account, programme = page_user(), runtime.store.get(Programme, programme_id)
    if programme is not None and may_run_day(account, programme):
        GridScreen(account, programme, day)
        return None
    return refusal('grid.not_yours')


class GridScreen:
    def __init__(self, account: Account, programme: Programme, day_id: str) -> None:
        self.programme_id = programme.id
        self.day_id = day_id  # '' shows the whole programme
        self.seen = -1
        ui.add_css(CSS)
        with frame('grid.title', active='/'):
            self.heading = title_bar(f'/days/{day_id}' if day_id else '/', '', programme.name)
            with ui.row().classes('items-center no-wrap full-width justify-between'):
                self.note_mode = ui.switch(t('grid.note_mode')).props('color=primary').classes('tap').mark('note-mode')
                other = f'/grid/{programme.id}' if day_id else self._today_link(programme)
                if other:
                    ui.button(
                        t('grid.whole') if day_id else t('grid.today'), icon='view_list' if day_id else 'today',
                        on_click=lambda: ui.navigate.to(other),
                    ).props('flat color=primary no-caps dense').classes('tap').mark('switch-view')  # fmt: skip
            self._legend()
            # one scroll box: the recipe heads stay on top and the names on the left while it scrolls
            self.body = ui.column().classes('grid-scroll gap-2 no-wrap').mark('grid')
        self.build()
        ui.timer(2.0, self.follow)

    def _today_link(self, programme: Programme) -> str:
        today = auth.now().astimezone(programme.zone.tz).date()
        days = [d for d, _ in curriculum(runtime.store, programme.id) if d.date == today]
        return f'/grid/{programme.id}?day={days[0].id}' if days else ''

    def _legend(self) -> None:
        with ui.row().classes('items-center q-gutter-x-sm text-caption'):
            for level in Level:
                with ui.row().classes('items-center no-wrap q-gutter-x-xs'):
                    ui.icon(LEVEL_ICONS[level], color=LEVEL_COLOURS[level], size='18px')
                    ui.label(f'{int(level)} {t(f"level.{int(level)}")}')
        ui.label(t('grid.hint')).classes('text-caption text-grey-7')

    def follow(self) -> None:
        """Marks made elsewhere (another instructor, another phone) appear without a reload."""
        if len(runtime.store.ids(Mark, 'programme', self.programme_id)) != self.seen:
            self.build()

    def build(self) -> None:
        store = runtime.store
        programme = store.get(Programme, self.programme_id)
        if programme is None:
            return
        self.seen = len(store.ids(Mark, 'programme', self.programme_id))
        plan = curriculum(store, self.programme_id)
        if self.day_id:
            plan = [(d, s) for d, s in plan if d.id == self.day_id]
            day = plan[0][0] if plan else None
            self.heading.set_text(t('grid.day_heading', number=day.number, title=day.title) if day else '')
        else:
            self.heading.set_text(t('grid.whole'))
        people = sorted(
            (p for p in (store.get(Participant, i) for i in programme.participant_ids) if p is not None),
            key=lambda p: p.name.lower(),
        )
        marks = latest(store, self.programme_id)
        self.body.clear()
        with self.body:
            if not any(skills for _, skills in plan):
                ui.label(t('grid.no_skills')).classes('text-grey-7')
            for day, skills in plan:
                if skills:
                    self._day_grid(day, skills, people, marks)

    def _day_grid(
        self, day: Day, skills: list[Skill], people: list[Participant], marks: dict[tuple[str, str], Any]
    ) -> None:
        if not self.day_id:
            ui.label(t('grid.day_heading', number=day.number, title=day.title)).classes('text-subtitle1 grid-day')
        columns = f'grid-template-columns:minmax(96px,1fr) repeat({len(skills)},56px)'
        with ui.element('div').classes('grid').style(columns):
            ui.label(t('grid.trainee')).classes('head who-head')
            for skill in skills:
                ui.link(skill.name, f'/recipes/{skill.id}?programme={self.programme_id}').classes('head text-primary')
            for person in people:
                ui.label(person.name).classes('who')
                for skill in skills:
                    mark = marks.get((person.id, skill.id))
                    level = int(mark.level) if mark else 0
                    # the digit she sees is in the name too (WCAG 2.5.3: a name holds a control's visible words)
                    label = f'{person.name}, {skill.name}: {level} {t(f"level.{level}")}'
                    cell = ui.button(
                        str(level), icon=LEVEL_ICONS[level], on_click=lambda p=person, s=skill: self.tap(p, s)
                    ).props('flat')
                    cell.props['color'] = LEVEL_COLOURS[level]
                    named(cell, label).classes('cell').mark(f'cell-{person.id}-{skill.id}')

    async def tap(self, person: Participant, skill: Skill) -> None:
        if self.note_mode.value:
            self.open_note(person, skill)
            return
        account = auth.acting_for_programme(self.programme_id)
        if account is None:
            return
        if not await written(
            record_mark(runtime.store, self.programme_id, skill.id, person.id, by=account.id, now=auth.now())
        ):
            return
        self.build()

    def open_note(self, person: Participant, skill: Skill) -> None:
        programme = runtime.store.get(Programme, self.programme_id)
        assert programme is not None
        past = history(runtime.store, self.programme_id, person.id, skill.id)
        with Sheet(f'{person.name} · {skill.name}') as dialog:
            level = (
                ui.toggle(
                    {int(lv): f'{int(lv)} {t(f"level.{int(lv)}")}' for lv in Level},
                    value=int(past[-1].level) if past else 0,
                )
                .props('spread no-caps toggle-color=primary')
                .classes('full-width')
                .mark('note-level')
            )
            note = ui.input(t('grid.note')).props('outlined maxlength=300').classes('full-width').mark('note-text')

            async def save() -> None:
                account = auth.acting_for_programme(self.programme_id)
                if account is None:
                    return
                try:
                    await record_mark(runtime.store, self.programme_id, skill.id, person.id, level=Level(level.value),
                                      by=account.id, note=note.value or '', now=auth.now())  # fmt: skip
                except DomainError as error:
                    notify_error(error)
                    return
                dialog.close()
                self.build()

            ui.label(t('grid.history')).classes('text-subtitle2 q-mt-sm')
            if not past:
                ui.label(t('grid.no_history')).classes('text-body2 text-grey-7')
            names: dict[str, str] = {}
            for item in reversed(past):
                when = (
                    f'{short_date(item.at.astimezone(programme.zone.tz).date())} {local_time(item.at, programme.zone)}'
                )
                if item.by not in names:
                    marker = runtime.store.get(Account, item.by)
                    names[item.by] = marker.name if marker else '-'
                text = f'{int(item.level)} {t(f"level.{int(item.level)}")} · {when} · {names[item.by]}'
                ui.label(text + (f' · {item.note}' if item.note else '')).classes('text-body2').mark('history-line')
            CancelSave(dialog, save, mark='save-note')
        dialog.open()
