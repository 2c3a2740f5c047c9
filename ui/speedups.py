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

While a page is being built, each element it makes and each prop, class and style it sets is announced: a change
event object, its handler looked up through the collection's parents and observers, the element queued in the
view's outbox, and NiceGUI empties that queue unread when the page's HTML is made (`Client.build_response`: the
HTML carries every element as it stands). For a view whose HTML is not yet made the announcement is skipped, as
long as nothing else listens (a collection with one handler, its element's own, and no parent or observer) and no
renamed or deprecated prop is being set (NiceGUI's own checks then run as before); after the HTML, nothing changes.
About a fifth of the CPU of building a page went there. `tests/test_weight.py` checks a page comes out the same.

Each event listener (a button's click) had a random UUID for its id, 16 bytes from the system's random source: a
twelfth of the CPU of a coordinator's programme page; it is the next number now (`_number_listener`).

Its page template is asked each time whether its file changed on disk (Jinja's auto-reload: a `stat` a view, a
tenth of the home's CPU); NiceGUI's files do not change while the app runs. And the camelCase name of an event
type (`click` → `click`, `update:model-value` → `update:modelValue`) is worked out once per name.

A bindable property (a label's text, an input's value) set for the first time registers itself and then asks
its bindings to follow: a context variable, a visited set and a lookup, for every label of a page, where an element
just made has no binding at all; it is asked only when the property has a binding. Nor does it join NiceGUI's
registry of bindable properties (a weak entry per property of every element: 12 KiB a waiting view of her home),
which only told a new binding that its source announces its changes: the source's class tells that now. And a view
being deleted no longer queues a deletion message per element for a socket its outbox, stopped right after, will
never send. (The props, classes and style themselves are made smaller in ui/lean_props.py.)

And two of NiceGUI's middlewares (the prefix of a redirect behind a proxy, the cache header of its own files) are
Starlette `BaseHTTPMiddleware`s: each answer went through a task, a task group and a pair of memory streams for
each. They are the same two rules here as plain ASGI layers (`tests/test_speedups.py` checks the rules).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cache
from typing import Any

from nicegui import __version__, binding, client, core, helpers, ui_run, ui_run_with
from nicegui import json as nicegui_json
from nicegui.classes import Classes
from nicegui.element import Element
from nicegui.event_listener import EventListener
from nicegui.observables import ObservableCollection
from nicegui.outbox import Outbox
from nicegui.props import Props
from nicegui.style import Style
from starlette.datastructures import URL, Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import lean_props

_original = helpers.expects_arguments
_known: dict[Callable[..., Any], bool] = {}


def apply() -> None:
    lean_props.apply()
    helpers.expects_arguments = expects_arguments  # observables.py looks it up here on each call
    client.json = PageJson()  # type: ignore[assignment]  # Client.build_response looks it up here on each call
    Outbox.loop = _outbox_loop  # type: ignore[method-assign]  # an Outbox starts its loop when made
    client.Client._response_built = False  # type: ignore[attr-defined]  # NiceGUI sets it after the first elements
    Outbox.enqueue_update = _enqueue_update  # type: ignore[method-assign]
    for kind in (lean_props.LeanProps, lean_props.LeanClasses, lean_props.LeanStyle):  # what elements hold
        kind._handle_change = _handle_change  # type: ignore[method-assign]
    client.templates.env.auto_reload = False
    binding.BindableProperty.__set__ = _bindable_set  # type: ignore[method-assign]
    binding._bind_one_way = _bind_one_way  # bind_from/bind_to look it up here on each call
    client.Client.remove_all_elements = _remove_all_elements  # type: ignore[method-assign]  # Client.delete's
    helpers.event_type_to_camel_case = cache(_camel_case)  # element.py looks it up here on each `.on`
    EventListener.__post_init__ = _number_listener  # type: ignore[method-assign]  # its dataclass __init__ calls it
    for module in (ui_run, ui_run_with):  # `ui.run` adds these by the names its module imported
        module.RedirectWithPrefixMiddleware = PrefixedRedirects  # type: ignore[attr-defined,misc]
        module.SetCacheControlMiddleware = CachedNiceGuiFiles  # type: ignore[attr-defined,misc]


_original_enqueue = Outbox.enqueue_update


def _enqueue_update(self: Outbox, element: Element) -> None:
    """NiceGUI's, but nothing for a view whose HTML is still being made (it is emptied unread when it is)."""
    view = self._client()
    if view is not None and not view._response_built and not view.is_deleted:
        return
    _original_enqueue(self, element)


def _bindable_set(self: binding.BindableProperty, owner: Any, value: Any) -> None:
    """NiceGUI's `BindableProperty.__set__`, following bindings only where the property has one."""
    attribute = '___' + self.name
    had = hasattr(owner, attribute)
    if not had:
        binding._make_copyable(type(owner))
    changed = had and getattr(owner, attribute) != value
    if had and not changed:
        return
    setattr(owner, attribute, value)
    key = (id(owner), (self.name,))
    if key in binding.bindings:  # `in` on the defaultdict makes no entry
        binding._propagate(owner, (self.name,))
    if changed and self._change_handler is not None:
        self._change_handler(owner, value)


def _bind_one_way(
    source_obj: Any, source_name: tuple[str, ...], target_obj: Any, target_name: tuple[str, ...], transform: Any
) -> None:
    """NiceGUI's, asking the source's class whether the property is bindable (it then announces its own changes and
    needs no polling) rather than a registry that every bindable property of every element joined when first set."""
    key = (id(source_obj), source_name)
    binding.bindings[key].append((source_obj, target_obj, target_name, transform))
    binding._binding_keys_by_object[id(source_obj)].add(key)
    binding._binding_keys_by_object[id(target_obj)].add(key)
    if not _announces(type(source_obj), source_name) and key not in binding.bindable_properties:
        binding.active_links.append((source_obj, source_name, target_obj, target_name, transform))
        binding._active_links_added.set()
    binding._propagate(source_obj, source_name)


@cache
def _announces(kind: type, name: tuple[str, ...]) -> bool:
    """Whether `kind`'s attribute `name` is a bindable property (a path into a dict never is)."""
    return len(name) == 1 and any(isinstance(k.__dict__.get(name[0]), binding.BindableProperty) for k in kind.__mro__)


def _remove_all_elements(self: client.Client) -> None:
    """NiceGUI's, for a view being deleted (`Client.delete`): each element deleted, no message queued."""
    elements = list(self.elements.values())
    binding.remove(elements)
    for element in elements:
        element._handle_delete()
        element._deleted = True
    self.elements.clear()


def _handle_change(self: Props | Classes | Style) -> None:
    """A change of an element's props, classes or style, announced only where someone can hear it."""
    if not self._more_handlers and not self._observer_refs and self._parent_ref is None:  # ui/lean_props.py
        element = self._element()
        view = element._client() if element is not None else None
        checked = isinstance(self, Props) and any(name in self for name in (*self._warnings, *self._renames))
        if view is not None and not view._response_built and not view.is_deleted and not checked:
            return
    ObservableCollection._handle_change(self)


_camel_case = helpers.event_type_to_camel_case
_listener_numbers = itertools.count(1)


def _number_listener(self: EventListener) -> None:
    """An event listener's id: the next number, where NiceGUI drew a random UUID (16 bytes from the system's random
    source, a system call per button). It only has to tell one listener of the page from another: an event names its
    view and element, which the server checks against the socket that sent it."""
    self.id = format(next(_listener_numbers), 'x')


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


class PrefixedRedirects:
    """NiceGUI's `RedirectWithPrefixMiddleware`: behind a proxy that sends `X-Forwarded-Prefix`, a redirect to a
    path of this site gets the prefix in front."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = Headers(scope=scope).get('x-forwarded-prefix', '') if scope['type'] == 'http' else ''
        if not prefix:
            await self.app(scope, receive, send)
            return

        async def prefixed(message: Message) -> None:
            if message['type'] == 'http.response.start':
                headers = MutableHeaders(scope=message)
                location = headers.get('location')
                if location is not None and location.startswith('/'):
                    headers['location'] = prefix + location
            await send(message)

        await self.app(scope, receive, prefixed)


class CachedNiceGuiFiles:
    """NiceGUI's `SetCacheControlMiddleware`: its own versioned files (not its dynamic resources) are kept by the
    browser as its configuration says."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http' or '/_nicegui/' not in scope['path'] or not _versioned(URL(scope=scope).path):
            await self.app(scope, receive, send)
            return

        async def cached(message: Message) -> None:
            if message['type'] == 'http.response.start':
                MutableHeaders(scope=message)['cache-control'] = core.app.config.cache_control_directives
            await send(message)

        await self.app(scope, receive, cached)


def _versioned(path: str) -> bool:
    own = f'/_nicegui/{__version__}/'
    return path.startswith(own) and not path.startswith(f'{own}dynamic_resources/')
