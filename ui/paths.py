"""Request paths from anyone: a path with a NUL in it names no page and no file, and is answered 404 at the door.

Starlette's static files and NiceGUI's own resource routes hand the path to the file system, which raises
`ValueError: embedded null byte` (a 500) for `/assets/icons/%00`. No route of ours takes a NUL either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send


def install(app: Any) -> None:
    """Put the check around `app`'s whole stack (once per app); install the header layer after it."""
    around_stack(app, RefuseNulPaths)


def around_stack(app: Any, layer: Callable[[ASGIApp], ASGIApp], *, name: str = '') -> None:
    """Put `layer` around `app`'s whole middleware stack, outside what is there already, once however often the
    stack is built (NiceGUI builds it again for each test's app); `name` tells a layer made by a lambda again.
    Our layers: the static files, this check, the security headers."""
    done: set[Any] = app.__dict__.setdefault('_berdaya_layers', set())
    if (name or layer) in done:
        return
    build_stack: Callable[[], ASGIApp] = app.build_middleware_stack
    app.build_middleware_stack = lambda: layer(build_stack())
    done.add(name or layer)


class RefuseNulPaths:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] in ('http', 'websocket') and '\x00' in scope.get('path', ''):
            if scope['type'] == 'http':
                await PlainTextResponse('404', status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)
