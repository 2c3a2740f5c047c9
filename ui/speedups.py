"""NiceGUI costs paid on every page, made smaller: the server's CPU per view is a target (issues 7 and 21).

NiceGUI 3.18 asks `inspect.signature` of an element's own change handler (a bound method) for each of its
props, classes and style: three times an element, about a third of the CPU of building her home page. The
answer depends only on the method's function, so it is worked out once per function. Anything that is not
a bound method (a lambda, a partial) is asked as before. `tests/test_weight.py` checks the answers agree.

NiceGUI then escapes the page's data for the HTML it goes into with `str.translate`, which is quick on ASCII
only: one `·` or `–` in a page (and her pages have them) makes it about 40 ns a character, 1–2 ms a view. The
same five characters replaced in turn (`&` first, so nothing is escaped twice) give the same text in a tenth of the
time; `tests/test_weight.py` checks they agree.

And each view's outbox (what NiceGUI sends down its socket) polls ten times a second until the socket comes: a
view that never connects (a refresh storm, a phone that lost its signal after the HTML, a link-preview robot)
woke the server ten times a second for the whole of its grace (ui/views.py), hundreds of views at once under load.
The outbox now waits for the view's connection (or its deletion) before it starts: no wake-up until then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import client, helpers
from nicegui import json as nicegui_json
from nicegui.outbox import Outbox

_original = helpers.expects_arguments
_known: dict[Callable[..., Any], bool] = {}


def apply() -> None:
    helpers.expects_arguments = expects_arguments  # observables.py looks it up here on each call
    client.json = PageJson()  # type: ignore[assignment]  # Client.build_response looks it up here on each call
    Outbox.loop = _outbox_loop  # type: ignore[method-assign]  # an Outbox starts its loop when made


_original_loop = Outbox.loop


async def _outbox_loop(self: Outbox) -> None:
    """NiceGUI's outbox loop, started once its view has connected (or was deleted: the loop then ends at once)."""
    view = self._client()  # the outbox's own weak reference to its view
    if view is not None and not view.has_socket_connection and not view.is_deleted:
        # the event NiceGUI sets on a connection and on deletion; not `view.connected()`, which would also tell an
        # async page still being built that its view waits for its socket, and so have its HTML sent half-built
        await view._connected.wait()
    del view  # the loop itself holds its view weakly, as NiceGUI's does
    await _original_loop(self)


def expects_arguments(func: Callable[..., Any]) -> bool:
    function = getattr(func, '__func__', None)
    if function is None:
        return _original(func)
    if function not in _known:
        _known[function] = _original(func)
    return _known[function]


class PageData(str):
    """A page's data as NiceGUI's JSON gives it, escaped for HTML by replacing, not by `str.translate`."""

    __slots__ = ()

    def translate(self, table: Any) -> str:
        if table is not client.HTML_ESCAPE_TABLE:
            return str.translate(self, table)
        return escaped(str(self))


def escaped(text: str) -> str:
    """What `text.translate(client.HTML_ESCAPE_TABLE)` gives."""
    for character, entity in ESCAPES:
        if character in text:
            text = text.replace(character, entity)
    return text


ESCAPES = tuple(
    (chr(code), entity)
    for code, entity in sorted(client.HTML_ESCAPE_TABLE.items(), key=lambda item: item[0] != ord('&'))
)


class PageJson:
    """NiceGUI's `json` module as `nicegui.client` sees it, its `dumps` giving `PageData`."""

    def __getattr__(self, name: str) -> Any:
        return getattr(nicegui_json, name)

    @staticmethod
    def dumps(obj: Any, *args: Any, **kwargs: Any) -> PageData:
        return PageData(nicegui_json.dumps(obj, *args, **kwargs))
