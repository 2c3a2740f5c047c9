"""A row of download buttons, one element: see downloads.js."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nicegui.element import Element

from ..widgets import as_built


class Downloads(Element, component='downloads.js'):
    def __init__(self, links: Sequence[tuple[str, str, str, str]]) -> None:
        """`links` (label, icon, url, mark) as a row of outlined buttons, each a link the browser downloads itself
        (as `ui.download.from_url` has it do: `download`, in a new tab), no call to the server before the file's.
        Each link's mark marks the row, for tests."""
        super().__init__()
        shown = tuple({'label': label, 'icon': icon, 'url': url} for label, icon, url, _ in links)
        as_built(self, {'links': shown, 'look': LOOK})
        self.mark(*(mark for *_, mark in links))

    def _displayed_contents(self, *, only_visible: bool) -> list[Any]:
        return [link['label'] for link in self._props['links']]


# each as PlainButton(label, icon, …, look='outline') draws it
LOOK = {'class': 'tap', 'color': 'primary', 'outline': True, 'no-caps': True}
