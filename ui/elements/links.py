"""A row of buttons that only open a page, one element: see links.js."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nicegui.element import Element

from ..widgets import as_built


class Links(Element, component='links.js'):
    def __init__(self, links: Sequence[tuple[str, str, str, str]], look: dict[str, Any]) -> None:
        """`links` (label, icon, path, mark) as a row of buttons drawn with Quasar's `look` (as `PlainButton` draws
        one: `{'outline': True, 'dense': True}`), each a link the browser follows itself: no call to the server
        before the page's. Each link's mark marks the row, for tests."""
        super().__init__()
        shown = tuple({'label': label, 'icon': icon, 'url': url} for label, icon, url, _ in links)
        as_built(self, {'links': shown, 'look': {'class': 'tap', 'no-caps': True, **look}})
        self.mark(*(mark for *_, mark in links))

    def _displayed_contents(self, *, only_visible: bool) -> list[Any]:
        return [link['label'] for link in self._props['links']]
