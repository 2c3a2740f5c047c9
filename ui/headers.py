"""Security headers on every answer: pages, JSON routes, documents and static files alike.

The Content-Security-Policy is as strict as NiceGUI lets it be. NiceGUI needs:
  * `script-src 'unsafe-inline'`: every page carries its element tree and start-up code in inline scripts,
    and `ui.add_head_html` adds more (the service worker's registration, our small helpers);
  * `script-src 'unsafe-eval'`: Vue compiles NiceGUI's component templates in the browser, and
    `ui.run_javascript` runs its code with `eval`;
  * `style-src 'unsafe-inline'`: elements' `.style()` and Quasar's own style attributes;
  * `connect-src 'self'`: the socket (`ws:`/`wss:` of this host, matched by `'self'` in CSP 3) and fetches;
  * `img-src data: blob:`: Quasar's inline SVG icons and pictures she picks before they are uploaded.
Everything else is this origin only, with no remote origin anywhere: a script that did get in can neither load
more from elsewhere nor send what it reads to another server, and no other site may frame a page.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .paths import around_stack

POLICY = '; '.join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = [
    (b'content-security-policy', POLICY.encode()),
    (b'x-content-type-options', b'nosniff'),
    (b'referrer-policy', b'same-origin'),
    (b'x-frame-options', b'DENY'),  # frame-ancestors for browsers older than CSP 2
]
NAMES = {name for name, _ in HEADERS}


def install(app: Any) -> None:
    """Put the header layer around `app`'s whole stack, outside the static layer (once per app)."""
    around_stack(app, SecurityHeaders)


class SecurityHeaders:
    """Adds HEADERS to every HTTP answer (replacing any of the same name); the socket is left alone."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                kept = [(k, v) for k, v in message.get('headers', []) if k.lower() not in NAMES]
                message = {**message, 'headers': kept + HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)
