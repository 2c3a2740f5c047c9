"""A row of download buttons, one element: see downloads.js."""

from __future__ import annotations

from collections.abc import Sequence

from .links import Links


class Downloads(Links, component='downloads.js'):
    def __init__(self, links: Sequence[tuple[str, str, str, str]]) -> None:
        """`links` (label, icon, url, mark) as a row of outlined buttons, each a link the browser downloads itself
        (as `ui.download.from_url` has it do: `download`, in a new tab), no call to the server before the file's.
        Each link's mark marks the row, for tests."""
        super().__init__(links, {'color': 'primary', 'outline': True})  # as PlainButton(…, look='outline') draws it
