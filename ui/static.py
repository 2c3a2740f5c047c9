"""Static files compressed once: NiceGUI's own JS, CSS and fonts, the icon font, our `assets/` folders and
the PWA's unchanging answers (manifest, service worker, offline page).

A phone on a weak, costly signal should fetch each file once, as small as it can be, and not ask again; the
server should spend nothing on it after the first time. So an ASGI layer in front of everything else
(NiceGUI's session and gzip middleware included) answers GET and HEAD for these files itself:
  * brotli (best) and gzip (level 9) variants made once per file, in a thread, kept in memory and in a cache
    folder under the content's hash, so a restart reads them back instead of compressing again;
  * `Cache-Control: public, max-age=31536000, immutable` where the URL changes with the content (NiceGUI's
    files sit under its version, the icon font under its hash), `no-cache` with an ETag elsewhere, so a
    repeat visit asks nothing for the first kind and gets a 304 of a few bytes for the second;
  * `Vary: Accept-Encoding` and nothing more: NiceGUI's session middleware adds `Vary: Cookie`, which
    would make her phone fetch everything again after each log-in.

The icon font it serves is a subset made in ui/icons.py, and NiceGUI's `fonts.css` comes trimmed from there.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import brotli
import nicegui
from nicegui import dependencies
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .icons import ICON_PATH, icon_font, icon_key, trimmed_fonts_css
from .kept import kept
from .paths import around_stack

log = logging.getLogger('berdaya')

ROOT = Path(__file__).resolve().parent.parent
NICEGUI_STATIC = Path(nicegui.__file__).resolve().parent / 'static'
VERSIONED = f'/_nicegui/{nicegui.__version__}/'
# our own static folders (also mounted with NiceGUI in ui/app.py); not versioned: revalidated by ETag
FOLDERS = {f'/assets/{name}/': ROOT / 'assets' / name for name in ('js', 'offline', 'icons')}
# routes whose answer does not change while the app runs (ui/pwa.py): asked once, then served as a file
CONSTANT_ROUTES = ('/manifest.webmanifest', '/sw.js', '/offline')
# headers of a remembered answer that are not the answer's own
NOT_KEPT = {
    b'content-length',
    b'content-encoding',
    b'content-type',
    b'cache-control',
    b'set-cookie',
    b'vary',
    b'etag',
    b'last-modified',
    b'date',
    b'server',
    b'transfer-encoding',
    b'x-nicegui-content',
}
IMMUTABLE = 'public, max-age=31536000, immutable'
REVALIDATE = 'public, no-cache'
INCOMPRESSIBLE = ('.woff2', '.woff', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.gz', '.br', '.zip')
# files every NiceGUI page loads: made ready when the app starts, so the first phone gets them compressed
PAGE_FILES = (
    'fonts.css',
    'quasar.unimportant.prod.css',
    'quasar.important.prod.css',
    'nicegui.css',
    'vue.esm-browser.prod.js',
    'quasar.umd.prod.js',
    'socket.io.min.js',
    'nicegui.js',
    'dompurify.mjs',
    'lang/id.umd.prod.js',
)


def install(app: ASGIApp, cache_dir: Callable[[], Path | None]) -> None:
    """Put the static layer in front of `app`'s whole middleware stack (once, however often it is built)."""
    around_stack(app, lambda inner: StaticLayer(inner, cache_dir), name='static')


# ---- the ASGI layer ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    cache_control: str
    etag: str
    variants: dict[str, bytes]  # content-encoding -> body, only where smaller
    headers: tuple[tuple[bytes, bytes], ...] = ()


@dataclass(frozen=True)
class Source:
    load: Callable[[], bytes]
    media_type: str
    cache_control: str
    compress: bool
    headers: tuple[tuple[bytes, bytes], ...] = ()


class StaticLayer:
    def __init__(self, app: ASGIApp, cache_dir: Callable[[], Path | None]) -> None:
        self.app = app
        self.cache_dir = cache_dir
        self.ready: dict[str, Asset] = {}
        self.making: dict[str, asyncio.Future[Asset | None]] = {}
        self.warming: asyncio.Task[None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'lifespan':
            await self.app(scope, self._warm_on_startup(receive), send)
            return
        if scope['type'] != 'http' or scope['method'] not in ('GET', 'HEAD'):
            await self.app(scope, receive, send)
            return
        asset = await self.asset(scope)
        if asset is None:
            await self.app(scope, receive, send)
            return
        await respond(asset, scope, send)

    async def asset(self, scope: Scope) -> Asset | None:
        """The ready asset behind the request's path, made now (once) if need be; None: not ours."""
        path = scope['path']
        if (asset := self.ready.get(path)) is not None:
            return asset
        loop = asyncio.get_running_loop()
        if loop is not self.loop:  # a new event loop (a restart in the same process, a new test): old tasks are dead
            self.loop, self.making = loop, {}
        task = self.making.get(path)
        if task is None:
            if path in CONSTANT_ROUTES:
                task = asyncio.ensure_future(self._remember(scope))
            elif (source := find(path)) is not None:
                task = asyncio.ensure_future(asyncio.to_thread(self._make, source))
            else:
                return None
            self.making[path] = task
            task.add_done_callback(lambda done: self._made(path, done))
        return await asyncio.shield(task)

    async def _remember(self, scope: Scope) -> Asset | None:
        source = await ask(self.app, scope)
        return None if source is None else await asyncio.to_thread(self._make, source)

    def _made(self, path: str, task: asyncio.Future[Asset | None]) -> None:
        self.making.pop(path, None)
        if not task.cancelled() and task.exception() is None and (asset := task.result()) is not None:
            self.ready[path] = asset

    def _make(self, source: Source) -> Asset | None:
        try:
            return make(source, self.cache_dir())
        except OSError as error:  # a file gone or unreadable: NiceGUI answers as it would
            log.warning('static file not prepared: %s', error)
            return None

    def _warm_on_startup(self, receive: Receive) -> Receive:
        async def wrapped() -> Message:
            message = await receive()
            if message['type'] == 'lifespan.startup':
                self.warming = asyncio.create_task(self.warm())
            return message

        return wrapped

    async def warm(self) -> None:
        """Make the files every page loads ready, one after another, in the background."""
        for path in [VERSIONED + 'static/' + name for name in PAGE_FILES] + [ICON_PATH.format(key=icon_key())]:
            await self.asset({'type': 'http', 'method': 'GET', 'path': path, 'headers': []})


async def ask(app: ASGIApp, scope: Scope) -> Source | None:
    """The app's own answer to a GET of the request's path, uncompressed; None unless a plain 200."""
    unasked = (b'accept-encoding', b'if-none-match', b'if-modified-since', b'range')
    request = {**scope, 'method': 'GET', 'headers': [(k, v) for k, v in scope['headers'] if k not in unasked]}
    start: dict[str, Any] = {}
    chunks: list[bytes] = []
    asked = False

    async def receive() -> Message:
        nonlocal asked
        first, asked = not asked, True
        return {'type': 'http.request', 'body': b'', 'more_body': False} if first else {'type': 'http.disconnect'}

    async def send(message: Message) -> None:
        if message['type'] == 'http.response.start':
            start.update(message)
        elif message['type'] == 'http.response.body':
            chunks.append(message.get('body', b''))

    await app(request, receive, send)
    headers = [(key.lower(), value) for key, value in start.get('headers', [])]
    named = dict(headers)
    if start.get('status') != 200 or b'content-encoding' in named:
        return None
    body = b''.join(chunks)
    return Source(
        lambda: body,
        named.get(b'content-type', b'application/octet-stream').decode(),
        named.get(b'cache-control', REVALIDATE.encode()).decode(),
        compress=True,
        headers=tuple((key, value) for key, value in headers if key not in NOT_KEPT),
    )


async def respond(asset: Asset, scope: Scope, send: Send) -> None:
    headers = Headers(scope=scope)
    if asset.etag in headers.get('if-none-match', ''):
        await _send(send, 304, [(b'etag', asset.etag.encode()), (b'cache-control', asset.cache_control.encode())])
        return
    encoding, body = choose(asset, headers.get('accept-encoding', ''))
    head = [
        (b'content-type', asset.media_type.encode()),
        (b'content-length', str(len(body)).encode()),
        (b'cache-control', asset.cache_control.encode()),
        (b'etag', asset.etag.encode()),
    ]
    head += asset.headers
    if asset.variants:
        head.append((b'vary', b'Accept-Encoding'))
    if encoding:
        head.append((b'content-encoding', encoding.encode()))
    await _send(send, 200, head, b'' if scope['method'] == 'HEAD' else body)


def choose(asset: Asset, accept_encoding: str) -> tuple[str, bytes]:
    accepted = {part.split(';')[0].strip().lower() for part in accept_encoding.split(',')}
    for encoding in ('br', 'gzip'):
        if encoding in accepted and encoding in asset.variants:
            return encoding, asset.variants[encoding]
    return '', asset.body


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b'') -> None:
    await send({'type': 'http.response.start', 'status': status, 'headers': headers})
    await send({'type': 'http.response.body', 'body': body})


# ---- what is served, and how it is made ----------------------------------------------------------------


def find(path: str) -> Source | None:
    """The source behind a URL this layer serves; None for everything else."""
    if path.startswith(VERSIONED):
        return _nicegui_file(path[len(VERSIONED) :])
    if path.startswith('/_berdaya/icons.') and path == ICON_PATH.format(key=icon_key()):
        return Source(icon_font, 'font/woff2', IMMUTABLE, compress=False)
    for prefix, folder in FOLDERS.items():
        if path.startswith(prefix):
            return _file(folder, path[len(prefix) :], REVALIDATE)
    return None


def _nicegui_file(rest: str) -> Source | None:
    kind, _, key = rest.partition('/')
    if kind == 'static':
        if key == 'fonts.css':
            return Source(lambda: trimmed_fonts_css().encode(), 'text/css; charset=utf-8', IMMUTABLE, compress=True)
        return _file(NICEGUI_STATIC, key, IMMUTABLE)
    if kind == 'components' and key in dependencies.js_components:
        return _file(dependencies.js_components[key].path.parent, dependencies.js_components[key].path.name, IMMUTABLE)
    if kind == 'components' and key in dependencies.vue_components:
        script = dependencies.vue_components[key].script
        return Source(script.encode, 'text/javascript; charset=utf-8', IMMUTABLE, compress=True)
    if kind == 'libraries' and key in dependencies.libraries:
        library = dependencies.libraries[key].path
        return _file(library.parent, library.name, IMMUTABLE)
    return None  # resources, ESM modules, dynamic resources: NiceGUI serves them


def _file(folder: Path, relative: str, cache_control: str) -> Source | None:
    if not relative or '..' in relative.split('/'):
        return None
    try:  # a name too long for the file system, or one it cannot take, is no file of ours
        path = (folder / relative).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            return None
    except (OSError, ValueError):
        return None
    media_type = mimetypes.guess_type(path.name)[0] or 'application/octet-stream'
    if media_type.startswith('text/') or media_type.endswith(('javascript', 'json', 'xml')):
        media_type += '; charset=utf-8'
    return Source(path.read_bytes, media_type, cache_control, compress=not path.name.endswith(INCOMPRESSIBLE))


def make(source: Source, cache_dir: Path | None) -> Asset:
    body = source.load()
    digest = hashlib.sha256(body).hexdigest()[:24]
    variants: dict[str, bytes] = {}
    if source.compress and len(body) > 256:
        for encoding, suffix, squeeze in SQUEEZERS:
            packed = kept(cache_dir, f'{digest}.{suffix}', partial(squeeze, body))
            if len(packed) < len(body):
                variants[encoding] = packed
    return Asset(body, source.media_type, source.cache_control, f'"{digest}"', variants, source.headers)


def _brotli(body: bytes) -> bytes:
    return brotli.compress(body, quality=11)


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=9, mtime=0)


SQUEEZERS: tuple[tuple[str, str, Callable[[bytes], bytes]], ...] = (('br', 'br', _brotli), ('gzip', 'gz', _gzip))
