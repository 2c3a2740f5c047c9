"""`/media/{name}`: the files the store keeps (a programme's logo, product photos), by content name.

A name is the SHA-256 of the bytes (store/files.py), so an answer never changes: a phone fetches each file
once and keeps it a year. Only pictures the server made itself are kept, so the type is known from the name.

Her shop page asks for a thumbnail per product, from every buyer who opens it: thirty requests where the page is
one. So a layer in front of the app's middleware answers them (no session cookie, no routing, no `Vary: Cookie`),
from memory for the files asked lately: a photo costs the server about what a static file does, and her shop
with photos about what it costs without (`bench/shop.py`). The route in ui/routes.py answers what the layer
leaves (a name that is not ours, a file not kept, the first moments before the store is open).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from store import files

from .paths import around_stack
from .runtime import runtime
from .static import Asset, respond

TYPES = {'png': 'image/png', 'jpg': 'image/jpeg', 'webp': 'image/webp'}
FOREVER = 'public, max-age=31536000, immutable'
PREFIX = '/media/'
MEMORY = 32 * 1024 * 1024  # bytes of the files asked lately kept in memory: a thousand thumbnails, or 200 photos
LARGEST_KEPT = 2 * 1024 * 1024  # a bigger file (none the server makes today) is read each time


async def kept_file(request: Request, name: str) -> Response:
    store = await runtime.ready()
    data = await asyncio.to_thread(files.read, store.folder, name) if files.path_of(store.folder, name) else None
    if data is None:
        return Response('404', status_code=404, media_type='text/plain; charset=utf-8')
    return Response(data, media_type=TYPES[name.rsplit('.', 1)[1]], headers={'Cache-Control': FOREVER})


def install(app: Any) -> None:
    """Put the media layer around `app`'s stack (once per app); the NUL check and security headers go outside it."""
    around_stack(app, MediaLayer)


class MediaLayer:
    """Answers GET and HEAD of a kept file itself; everything else goes on to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.recent = Recent(MEMORY)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        asset = await self.asset(scope) if _asks_a_file(scope) and runtime.is_open else None
        if asset is None:
            await self.app(scope, receive, send)
            return
        await respond(asset, scope, send)

    async def asset(self, scope: Scope) -> Asset | None:
        name = scope['path'][len(PREFIX) :]
        if (asset := self.recent.get(name)) is not None:
            return asset
        if files.path_of(runtime.store.folder, name) is None:
            return None
        data = await asyncio.to_thread(files.read, runtime.store.folder, name)
        if data is None:
            return None
        asset = Asset(data, TYPES[name.rsplit('.', 1)[1]], FOREVER, f'"{name[:24]}"', {})
        if len(data) <= LARGEST_KEPT:
            self.recent.put(name, asset)
        return asset


def _asks_a_file(scope: Scope) -> bool:
    return scope['type'] == 'http' and scope['method'] in ('GET', 'HEAD') and scope['path'].startswith(PREFIX)


class Recent:
    """The files asked lately, at most `limit` bytes of them; the one asked longest ago goes first."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.kept: OrderedDict[str, Asset] = OrderedDict()

    def get(self, name: str) -> Asset | None:
        asset = self.kept.get(name)
        if asset is not None:
            self.kept.move_to_end(name)
        return asset

    def put(self, name: str, asset: Asset) -> None:
        if name in self.kept:
            return
        self.kept[name] = asset
        self.size += len(asset.body)
        while self.size > self.limit:
            _, gone = self.kept.popitem(last=False)
            self.size -= len(gone.body)
