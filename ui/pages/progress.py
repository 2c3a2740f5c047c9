"""The trainee's own progress: each skill with its level as an icon and a word, what is left, her attendance."""

from __future__ import annotations

from fastapi import Response
from nicegui import ui

from models.attendance import PRESENT, Attendance
from models.programme import Programme
from models.skills import Level
from store.certificates import certificate_of, eligibility
from store.programmes import days_of, programmes_for
from store.skills import curriculum, latest

from ..auth import page_user
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import LinkCard
from .grid import LEVEL_COLOURS, LEVEL_ICONS


async def page() -> Response | None:
    store = await runtime.ready()
    account = page_user()
    with frame('progress.title', active='/progress'):
        ui.label(t('progress.title')).classes('text-h5 text-weight-bold')
        programmes = programmes_for(store, account)
        if not programmes:
            ui.label(t('home.no_programmes')).classes('text-grey-7')
        for programme in programmes:
            _programme(programme, account.participant_id or '')
    return None


def _programme(programme: Programme, participant_id: str) -> None:
    store = runtime.store
    plan = curriculum(store, programme.id)
    marks = latest(store, programme.id)
    skills = [skill for _, day_skills in plan for skill in day_skills]
    levels = {s.id: Level(marks[(participant_id, s.id)].level) if (participant_id, s.id) in marks else Level.BELUM
              for s in skills}  # fmt: skip
    competent = sum(1 for level in levels.values() if level.competent)
    days = days_of(store, programme.id)
    present = sum(
        1
        for a in store.by_index(Attendance, 'participant', participant_id)
        if a.programme_id == programme.id and a.status in PRESENT
    )
    ui.label(programme.name).classes('text-h6 q-mt-md')
    with ui.card().classes('full-width bg-teal-1'):
        with ui.row().classes('items-center no-wrap'):
            ui.icon('emoji_events', size='36px', color='primary')
            ui.label(t('progress.competent', done=competent, total=len(skills))).classes('text-h6').mark('competent')
        with ui.row().classes('items-center no-wrap'):
            ui.icon('event_available', size='36px', color='primary')
            ui.label(t('progress.attendance', present=present, total=len(days))).classes('text-body1').mark(
                'attendance'
            )
        left = len(skills) - competent
        ui.label(t('progress.left', count=left) if left else t('progress.all_done')).classes('text-body1')
        earned = eligibility(store, programme.id, participant_id)
        if certificate_of(store, programme.id, participant_id) is not None:  # issued by the coordinator
            url = f'/export/certificate/{programme.id}/{participant_id}.pdf'
            ui.button(
                t('progress.certificate'), icon='workspace_premium', on_click=lambda: ui.download.from_url(url)
            ).props('unelevated color=primary size=lg no-caps').classes('tap full-width').mark('certificate')
        elif earned.ok:
            ui.label(t('progress.certificate_waiting')).classes('text-body2 text-grey-8').mark('certificate-waiting')
        else:
            ui.label(t('progress.certificate_rule', bar=earned.bar)).classes('text-body2 text-grey-8')
    for day, day_skills in plan:
        if not day_skills:
            continue
        ui.label(t('grid.day_heading', number=day.number, title=day.title)).classes('text-subtitle1 q-mt-sm')
        for skill in day_skills:
            level = levels[skill.id]
            with LinkCard(f'/recipes/{skill.id}', mark=f'skill-{skill.id}'):
                ui.icon(LEVEL_ICONS[int(level)], color=LEVEL_COLOURS[int(level)], size='36px')
                with ui.column().classes('col').style('gap:2px'):
                    ui.label(skill.name).classes('text-body1 text-weight-medium')
                    ui.label(t(f'level.{int(level)}.long')).classes('text-body2').mark(f'level-{skill.id}')
                ui.icon('chevron_right', color='grey-7')
