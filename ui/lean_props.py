"""An element's props, classes and style in a third of the memory NiceGUI gives them.

Each NiceGUI element holds three observed collections (`Props`, `Classes`, `Style`), and each of those carried
eight bookkeeping attributes of its own: its change handler (a list holding a tuple holding a bound method), an
empty list of observers, a parent reference, a timestamp, and for props two dictionaries of warnings and renames
(the same two renames on every element). About 2.1 KiB an element, 77 KiB of the 178 KiB a waiting view of her
home held: under a refresh storm, hundreds of such views wait out their grace at once (ui/views.py).

Here they are NiceGUI's own classes with a slot for their element and nothing else of their own: everything else
is a shared default of the class until a collection needs its own (an observer registers, a handler or a warning is
added, updates are suspended), and is then made for that collection alone, in the attribute dictionary it gets only
then. The change handler is the collection's own `_update`, looked up when a change is announced. About 0.6 KiB an
element; her waiting view 166 -> 95 KiB. Everything NiceGUI does with them works as before: `tests/test_lean_props.py`
checks props, classes, style, renames, warnings, handlers, nested collections and suspended updates.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from nicegui import element as element_module
from nicegui import helpers
from nicegui.classes import Classes
from nicegui.props import Props
from nicegui.style import Style

# What `Element.__init__` gives every element's props (NiceGUI 3's deprecated names): shared until one differs.
SHARED_RENAMES = {'resource_path': 'resource-path', 'dynamic_resource_path': 'dynamic-resource-path'}
_NO_WARNINGS: dict[str, str] = {}


def apply() -> None:
    # what `Element.__init__` makes, looked up in its module when it runs
    element_module.Props, element_module.Classes, element_module.Style = LeanProps, LeanClasses, LeanStyle


class _Shared:
    """Defaults every collection shares until it needs its own (each is replaced, never changed in place)."""

    _parent_ref = None
    _observer_refs = ()
    _suspend_count = 0
    last_modified = 0.0  # set by a change, read by no element
    _more_handlers: tuple[tuple[Callable[..., Any], bool], ...] = ()

    @property
    def _change_handlers(self) -> list[tuple[Callable[..., Any], bool]]:
        """The collection's own update first, then any added with `on_change`, as NiceGUI keeps them."""
        return [(self._update, False), *self._more_handlers]  # type: ignore[attr-defined]

    def on_change(self, handler: Callable[..., Any]) -> None:
        if handler != self._handle_change:  # type: ignore[attr-defined]
            self._more_handlers = (*self._more_handlers, (handler, helpers.expects_arguments(handler)))


class LeanProps(_Shared, Props):  # type: ignore[misc]
    __slots__ = ('_element',)  # no attribute dictionary until something needs one
    _warnings = _NO_WARNINGS
    _renames = SHARED_RENAMES

    def __init__(self, data: dict[str, Any] | None = None, *, element: Any) -> None:
        _observed_dict(self, data)
        self._element = weakref.ref(element)

    def add_warning(self, prop: str, message: str) -> None:
        if self._warnings.get(prop) != message:
            self._warnings = {**self._warnings, prop: message}
        self._check_warning(prop, message)

    def add_rename(self, prop: str, replacement: str) -> None:
        if self._renames.get(prop) != replacement:
            self._renames = {**self._renames, prop: replacement}
        self._check_rename(prop, replacement)


class LeanStyle(_Shared, Style):  # type: ignore[misc]
    __slots__ = ('_element',)

    def __init__(self, data: dict[str, Any] | None = None, *, element: Any) -> None:
        _observed_dict(self, data)
        self._element = weakref.ref(element)


class LeanClasses(_Shared, Classes):  # type: ignore[misc]
    __slots__ = ('_element',)

    def __init__(self, data: list[str] | None = None, *, element: Any) -> None:
        list.__init__(self, () if data is None else data)
        self._element = weakref.ref(element)


def _observed_dict(self: Props | Style, data: dict[str, Any] | None) -> None:
    dict.__init__(self, () if data is None else data)
    for key, value in dict.items(self):  # nested collections are observed, as NiceGUI's `ObservableDict` does
        observed = self._observe(value)
        if observed is not value:
            dict.__setitem__(self, key, observed)
