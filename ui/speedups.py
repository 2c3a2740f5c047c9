"""A NiceGUI cost paid on every page, made once: the server's CPU per first visit is a target (issue 7).

NiceGUI 3.18 asks `inspect.signature` of an element's own change handler (a bound method) for each of its
props, classes and style: three times an element, about a third of the CPU of building her home page. The
answer depends only on the method's function, so it is worked out once per function. Anything that is not
a bound method (a lambda, a partial) is asked as before. `tests/test_weight.py` checks the answers agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import helpers

_original = helpers.expects_arguments
_known: dict[Callable[..., Any], bool] = {}


def apply() -> None:
    helpers.expects_arguments = expects_arguments  # observables.py looks it up here on each call


def expects_arguments(func: Callable[..., Any]) -> bool:
    function = getattr(func, '__func__', None)
    if function is None:
        return _original(func)
    if function not in _known:
        _known[function] = _original(func)
    return _known[function]
