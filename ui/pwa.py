"""The installable app: `/manifest.webmanifest`, the service worker `/sw.js`, and the offline page `/offline`.

NiceGUI pages cannot work without their socket, so what she does with no signal happens on `/offline`: a
plain page (`assets/offline/`) that keeps sales, orders, expenses and check-in scans in the phone's storage and
sends them to `POST /api/sync` (`ui/sync.py`) when the signal returns. Every page links the manifest and
registers the service worker (`HEAD`); the worker (`assets/pwa/sw.js`) explains what it keeps.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from nicegui import __version__ as nicegui_version
from nicegui import ui
from nicegui.client import Client

from .i18n import LANGUAGES, catalogue, t
from .icons import brand, icon_svg

ASSETS = Path(__file__).resolve().parent.parent / 'assets'
THEME = '#0f766e'  # teal 700, as the frame's header
BACKGROUND = '#f0fdfa'  # teal 50, as the plain pages' background
ICONS = '/assets/icons'
OFFLINE_FILES = ('/assets/offline/offline.js', '/assets/offline/offline.css')
ICON_FILES = (f'{ICONS}/icon-192.png', f'{ICONS}/icon-512.png', f'{ICONS}/maskable-512.png')
OTHER_ICONS = (f'{ICONS}/apple-touch-icon.png', f'{ICONS}/favicon-32.png')
TEXT_PREFIXES = ('pwa.', 'channel.', 'expense.', 'unit.')  # what the offline page shows, in both languages

# In every page's head: the manifest, the theme colour and the home-screen icon (LINKS), and the worker's
# registration. The log-in form has no script at all (it must work before any arrives): LINKS only.
LINKS = (
    '<link rel="manifest" href="/manifest.webmanifest">'
    f'<meta name="theme-color" content="{THEME}">'
    f'<link rel="apple-touch-icon" href="{ICONS}/apple-touch-icon.png">'
)
HEAD = (
    LINKS + '<script>"serviceWorker"in navigator&&addEventListener("load",()=>'
    'navigator.serviceWorker.register("/sw.js").catch(()=>{}))</script>'
)
# A trainee's pages ask the worker to keep her product list fresh for the offline sale and order forms.
KEEP_PRODUCTS = (
    '<script>"serviceWorker"in navigator&&navigator.serviceWorker.ready.then(r=>'
    'r.active&&r.active.postMessage("products"))</script>'
)
QUEUE_KEY = 'berdaya.queue'  # localStorage: the offline page's queue (assets/offline/offline.js)
SENT_KEY = 'berdaya.sent'


def install() -> None:
    """Every page's head links the manifest and registers the worker (once per process)."""
    if HEAD not in Client.shared_head_html:
        ui.add_head_html(HEAD, shared=True)


def manifest(request: Request) -> Response:
    return _revalidated(request, _manifest_text(), 'application/manifest+json')


def service_worker(request: Request) -> Response:
    return _revalidated(request, _worker(), 'text/javascript', {'Service-Worker-Allowed': '/'})


def offline(request: Request) -> Response:
    return _revalidated(request, offline_html(), 'text/html')


def _revalidated(request: Request, body: str, media_type: str, headers: dict[str, str] | None = None) -> Response:
    """`no-cache` with an ETag: the browser asks each time (Chrome does at every page for the manifest and the
    worker), and a 304 without a body answers when nothing changed, so a new version arrives at once and an
    unchanged one costs a phone almost nothing."""
    etag = _etag(body)
    headers = {'Cache-Control': 'no-cache', 'ETag': etag, **(headers or {})}
    if etag in request.headers.get('if-none-match', ''):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@cache
def _etag(body: str) -> str:
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:20] + '"'


@cache
def _manifest_text() -> str:
    return json.dumps(manifest_json(), ensure_ascii=False)


def manifest_json() -> dict[str, Any]:
    """The web app manifest, in Indonesian: what Android shows when she adds Berdaya to her home screen."""
    return {
        'id': '/',
        'name': t('pwa.name', 'id'),
        'short_name': t('pwa.short_name', 'id'),
        'description': t('pwa.description', 'id'),
        'lang': 'id',
        'dir': 'ltr',
        'start_url': '/',
        'scope': '/',
        'display': 'standalone',
        'theme_color': THEME,
        'background_color': BACKGROUND,
        'categories': ['business', 'education'],
        'icons': [
            {'src': ICON_FILES[0], 'sizes': '192x192', 'type': 'image/png', 'purpose': 'any'},
            {'src': ICON_FILES[1], 'sizes': '512x512', 'type': 'image/png', 'purpose': 'any'},
            {'src': ICON_FILES[2], 'sizes': '512x512', 'type': 'image/png', 'purpose': 'maskable'},
        ],
        'shortcuts': [
            {'name': t('pwa.sale', 'id'), 'url': '/usaha', 'icons': [{'src': ICON_FILES[0], 'sizes': '192x192'}]},
            {
                'name': t('pwa.offline_title', 'id'),
                'url': '/offline',
                'icons': [{'src': ICON_FILES[0], 'sizes': '192x192'}],
            },
        ],
    }


def logout_guard(warning: str) -> str:
    """The log-out button's click, in the browser: with unsent items in the queue, ask first (`warning`, with
    `{count}`); once she agrees, forget the queue and her product list, so the next person on a shared phone
    neither sends her entries under his name nor sees her products. Then the click goes on to the server."""
    return (
        '(e)=>{let n=0;'
        f'try{{n=JSON.parse(localStorage.getItem("{QUEUE_KEY}")||"[]").filter(i=>i.state==="waiting").length}}'
        'catch(x){}'
        f'if(n&&!confirm({json.dumps(warning)}.replace("{{count}}",n)))return;'
        f'localStorage.removeItem("{QUEUE_KEY}");localStorage.removeItem("{SENT_KEY}");'
        'const w=navigator.serviceWorker&&navigator.serviceWorker.controller;w&&w.postMessage("logout");'
        'emit(e)}'
    )


@cache
def offline_html() -> str:
    """`assets/offline/offline.html` with its Indonesian texts filled in and both languages for its script."""
    template = (ASSETS / 'offline' / 'offline.html').read_text(encoding='utf-8')
    texts = {lang: _offline_texts(lang) for lang in LANGUAGES}
    texts_json = json.dumps(texts, ensure_ascii=False).replace('<', '\\u003c')  # no `</script>` inside
    page = template.replace('{{head}}', HEAD).replace('{{texts}}', texts_json).replace('{{brand}}', brand())
    page = re.sub(r'\{\{icon:([a-z_]+)\}\}', lambda m: icon_svg(m.group(1)), page)  # the app's own icons
    for key, text in texts['id'].items():
        page = page.replace('{{' + key + '}}', escape(text))
    return page


def _offline_texts(lang: str) -> dict[str, str]:
    return {key: text for key, text in catalogue(lang).items() if key.startswith(TEXT_PREFIXES)}


@cache
def _worker() -> str:
    """The worker with its version: a hash of everything it keeps, so any change installs a new worker."""
    # Only what the offline page shows: the launcher's icons are the browser's business (and cost data on a first visit)
    precache = ['/offline', *OFFLINE_FILES, f'{ICONS}/favicon-32.png', '/manifest.webmanifest']
    digest = hashlib.sha256(nicegui_version.encode())
    digest.update(offline_html().encode())
    digest.update(json.dumps(manifest_json()).encode())
    for path in [*OFFLINE_FILES, *ICON_FILES, *OTHER_ICONS, 'assets/pwa/sw.js']:
        digest.update((ASSETS.parent / path.lstrip('/')).read_bytes())
    template = (ASSETS / 'pwa' / 'sw.js').read_text(encoding='utf-8')
    return (
        template.replace('__VERSION__', digest.hexdigest()[:16])
        .replace('__NICEGUI__', nicegui_version)
        .replace('__PRECACHE__', json.dumps(precache))
    )
