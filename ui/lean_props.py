"""An element's props, classes and style in a third of the memory NiceGUI gives them.

Each NiceGUI element holds three observed collections (`Props`, `Classes`, `Style`), and each of those carried
eight bookkeeping attributes of its own: its change handler (a list holding a tuple holding a bound method), an
empty list of observers, a parent reference, a timestamp, and for props two dictionaries of warnings and renames
(the same two renames on every element). About 2.1 KiB an element, 77 KiB of the 178 KiB a waiting view of her
home held: under a refresh storm, hundreds of such views wait out their grace at once (ui/views.py).

Here they start with only their contents and a reference to their element; everything else is the class's
shared default until a collection needs its own (an observer registers, a handler or a warning is added, updates
are suspended), and is then made for that collection alone. The change handler is the collection's own `_update`,
looked up when a change is announced. Everything NiceGUI does with them works as before:
`tests/test_lean_props.py` checks props, classes, style, renames, warnings, handlers and nested collections.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from nicegui import helpers
from nicegui.classes import Classes
from nicegui.observables import ObservableCollection
from nicegui.props import Props
from nicegui.style import Style

# What `Element.__init__` gives every element's props (NiceGUI 3's deprecated names): shared until one differs.
SHARED_RENAMES = {'resource_path': 'resource-path', 'dynamic_resource_path': 'dynamic-resource-path'}
_NO_WARNINGS: dict[str, str] = {}


def apply() -> None:
    for kind in (Props, Classes, Style):
        kind._parent_ref = None  # type: ignore[attr-defined]
        kind._observer_refs = ()  # type: ignore[attr-defined]  # replaced, never changed in place
        kind._suspend_count = 0  # type: ignore[attr-defined]
        kind.last_modified = 0.0  # type: ignore[attr-defined]  # set by a change, read by no element
        kind._more_handlers = ()  # type: ignore[attr-defined]
        kind._change_handlers = property(_change_handlers)  # type: ignore[attr-defined]
        kind.on_change = _on_change  # type: ignore[method-assign]
    Props.__init__ = _dict_init  # type: ignore[method-assign]
    Style.__init__ = _dict_init  # type: ignore[method-assign]
    Classes.__init__ = _list_init  # type: ignore[method-assign]
    Props._warnings = _NO_WARNINGS  # type: ignore[attr-defined]
    Props._renames = SHARED_RENAMES  # type: ignore[attr-defined]
    Props.add_warning = _add_warning  # type: ignore[method-assign]
    Props.add_rename = _add_rename  # type: ignore[method-assign]


def _dict_init(self: Props | Style, data: dict[str, Any] | None = None, *, element: Any) -> None:
    dict.__init__(self, () if data is None else data)
    for key, value in dict.items(self):  # nested collections are observed, as NiceGUI's `ObservableDict` does
        observed = self._observe(value)
        if observed is not value:
            dict.__setitem__(self, key, observed)
    self._element = weakref.ref(element)


def _list_init(self: Classes, data: list[str] | None = None, *, element: Any) -> None:
    list.__init__(self, () if data is None else data)
    self._element = weakref.ref(element)


def _change_handlers(self: ObservableCollection) -> list[tuple[Callable[..., Any], bool]]:
    """The collection's own update first, then any added with `on_change`, as NiceGUI keeps them."""
    return [(self._update, False), *self._more_handlers]  # type: ignore[attr-defined]


def _on_change(self: ObservableCollection, handler: Callable[..., Any]) -> None:
    if handler != self._handle_change:
        self._more_handlers = (*self._more_handlers, (handler, helpers.expects_arguments(handler)))  # type: ignore[attr-defined]


def _add_warning(self: Props, prop: str, message: str) -> None:
    if self._warnings.get(prop) != message:
        self._warnings = {**self._warnings, prop: message}
    self._check_warning(prop, message)


def _add_rename(self: Props, prop: str, replacement: str) -> None:
    if self._renames.get(prop) != replacement:
        self._renames = {**self._renames, prop: replacement}
    self._check_rename(prop, replacement)
