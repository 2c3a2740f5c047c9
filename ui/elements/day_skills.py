"""A day's skills in a programme's curriculum, one element: see day_skills.js."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nicegui.element import Element
from nicegui.events import GenericEventArguments

from ..widgets import as_built


class DaySkills(Element, component='day_skills.js', default_classes='nicegui-card'):
    def __init__(
        self,
        heading: str,
        skills: Sequence[tuple[str, str, str]],
        on_remove: Callable[[str], Any],
        *,
        mark: str,
        classes: str = '',
    ) -> None:
        """A day's card as `ui.card` draws it: its `heading`, then its `skills` (id, name, and what a screen reader
        says for taking it off) as outlined chips, a tap on one calling `on_remove` with its id. `with
        DaySkills(…):` puts what follows at its end (the dropdown that adds a skill). Marked `mark` and, for each
        skill, `placed-<id>` (tests look for both)."""
        super().__init__()
        shown = tuple({'id': i, 'name': name, 'remove': spoken} for i, name, spoken in skills)
        as_built(self, {'heading': heading, 'skills': shown, 'chip': CHIP}, classes)
        self.skill_ids, self.on_remove = {i for i, _, _ in skills}, on_remove
        self.on('remove', self._removed)
        self.mark(mark, *(f'placed-{i}' for i in self.skill_ids))

    def _removed(self, event: GenericEventArguments) -> Any:
        if isinstance(event.args, str) and event.args in self.skill_ids:  # a skill it shows, whatever was sent
            return self.on_remove(event.args)
        return None

    def _displayed_contents(self, *, only_visible: bool) -> list[Any]:
        skills = self._props['skills']
        return [self._props['heading'], *(s['name'] for s in skills), *(s['remove'] for s in skills)]


# a chip as PlainButton(name, '', …, look='outline', more={'dense': True, 'icon-right': 'close'}) draws it
CHIP = {'class': 'tap', 'color': 'primary', 'outline': True, 'no-caps': True, 'dense': True, 'icon-right': 'close'}
