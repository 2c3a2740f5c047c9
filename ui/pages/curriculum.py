"""A programme's curriculum, on its page: which skills of the library are taught on which day, a way to add one to
a day and to take one off."""

from __future__ import annotations

from nicegui import ui

from models.account import Role
from models.base import DomainError
from store.skills import curriculum_names, library_names, place_skill, unplace_skill

from ..auth import acting, guard
from ..elements.day_skills import DaySkills
from ..forms import notify_error
from ..i18n import t
from ..runtime import runtime
from ..widgets import ChoicesOnTap

COORDINATOR = Role.COORDINATOR


def curriculum_section(programme_id: str) -> None:
    """Each day's skills as a card, with a way to add one from the library or take it off."""
    ui.label(t('library.curriculum')).classes('text-h6 q-mt-md')
    ui.link(t('library.open'), '/skills').classes('text-primary tap row inline items-center').mark('open-library')

    @ui.refreshable
    def plan() -> None:
        store = runtime.store
        for day, skills in curriculum_names(store, programme_id):
            heading = t('grid.day_heading', number=day.number, title=day.title)
            chips = [(s.id, s.name, t('library.remove', name=s.name)) for s in skills]
            with DaySkills(heading, chips, remove, mark=f'curriculum-day-{day.number}', classes='full-width q-pa-sm'):
                placed, order = {s.id for s in skills}, len(skills)
                ChoicesOnTap(
                    t('library.add_to_day'),
                    lambda placed=placed: choices(placed),
                    lambda skill_id, d=day, n=order: add(d.id, skill_id, n),
                    mark=f'add-skill-{day.number}',
                )

    def choices(placed: set[str]) -> dict[str, str]:
        """The library less a day's skills, when she taps that day's dropdown (and is still a coordinator)."""
        if acting(lambda account: account.role == COORDINATOR) is None:
            return {}
        return {s.id: s.name for s in library_names(runtime.store) if s.id not in placed}

    @guard(COORDINATOR)
    async def add(day_id: str, skill_id: str, order: int) -> None:
        try:
            await place_skill(runtime.store, programme_id, skill_id, day_id, order)
        except DomainError as error:
            notify_error(error)
        plan.refresh()

    @guard(COORDINATOR)
    async def remove(skill_id: str) -> None:
        await unplace_skill(runtime.store, programme_id, skill_id)
        plan.refresh()

    plan()
