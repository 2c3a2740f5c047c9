"""A programme's day as its card, one element: see day_card.js."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui.element import Element

from ..widgets import as_built


class DayCard(Element, component='day_card.js', default_classes='nicegui-card'):
    def __init__(
        self, number: int, title: str, when: str, *, roster: str, on_roster: Callable[..., Any], classes: str = ''
    ) -> None:
        """A day's card as `ui.card` draws it: its `number`, its `title` over `when` (its date and time) and a round
        button named `roster` that calls `on_roster` (opens the day's roster). `with DayCard(…):` puts what
        follows at its end (the button that edits the day: a dialog the server builds)."""
        super().__init__()
        shown = {'number': str(number), 'title': title, 'when': when, 'roster': {'aria-label': roster, **ROSTER}}
        as_built(self, shown, classes)
        self.on('roster', on_roster, [])

    def _displayed_contents(self, *, only_visible: bool) -> list[Any]:
        props = self._props
        return [props['number'], props['title'], props['when'], props['roster']['aria-label']]


# the roster button as PlainButton('', 'fact_check', …, look='flat', more={'round': True}) draws it
ROSTER = {'class': 'tap', 'color': 'primary', 'icon': 'fact_check', 'flat': True, 'no-caps': True, 'round': True}
