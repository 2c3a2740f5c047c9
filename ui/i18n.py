"""Translations: Bahasa Indonesia first, English second.

Texts live in `assets/i18n/<lang>/<prefix>.json` as flat `key: text` maps with `{name}` placeholders. A page asks
`t('key', name=...)` and gets the text in the user's language: the `berdaya_lang` cookie of the request being
answered (the frame's switch and the log-in page set it), Bahasa Indonesia without one.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from nicegui.slot import Slot, get_task_id

from models.base import DomainError

LANGUAGES = ('id', 'en')
DEFAULT = 'id'
LANG_COOKIE = 'berdaya_lang'
YEAR_S = 365 * 24 * 3600
_request: ContextVar[Request | None] = ContextVar('berdaya_request', default=None)
ASSETS = Path(__file__).resolve().parent.parent / 'assets' / 'i18n'

# NiceGUI's own connection popup, which it shows when a phone's signal drops.
NICEGUI_TEXTS = {
    'id': {
        'connection_lost': 'Koneksi terputus',
        'trying_to_reconnect': 'Mencoba menyambung lagi… Data Anda aman.',
        'message_too_long': 'Pesan terlalu panjang',
        'message_too_long_body': 'Pesan terlalu besar untuk dikirim.',
    },
    'en': {
        'connection_lost': 'Connection lost',
        'trying_to_reconnect': 'Trying to reconnect… Your data is safe.',
        'message_too_long': 'Message too long',
        'message_too_long_body': 'The message is too large to send.',
    },
}


def old_browser_script() -> str:
    """For every page's head: NiceGUI's page tells a browser without ES modules (a very old phone's) to
    update, in English; this says it in her language (the log-in cookie's), with a script such a browser runs."""
    texts = {lang: t('frame.old_browser', lang) for lang in LANGUAGES}
    return (
        '<script>document.addEventListener("DOMContentLoaded",function(){'
        'var e=document.getElementById("esm-fallback");'
        f'if(e)e.textContent=/berdaya_lang=en/.test(document.cookie)?{json.dumps(texts["en"])}:{json.dumps(texts["id"])}}})'
        '</script>'
    )


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of `lang`: `assets/i18n/<lang>/<prefix>.json` holds the keys `<prefix>.*` (`id/aid.json`:
    `aid.*`), so a key has one home and no file can silently win over another (tests/test_i18n.py)."""
    texts: dict[str, str] = {}
    for path in sorted((ASSETS / lang).glob('*.json')):
        texts.update(json.loads(path.read_text(encoding='utf-8')))
    return texts


def request_lang(request: Request) -> str:
    """The language a request asks for: `?lang=` (the log-in page's switch), else its cookie, else the default."""
    lang = request.query_params.get('lang') or request.cookies.get(LANG_COOKIE) or DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


def serving(request: Request) -> None:
    """Say which request is being answered (the route table does, for every route): `current_lang` reads it."""
    _request.set(request)


def current_lang() -> str:
    """The user's language: the request being answered, or in a page's handler the request that opened the page
    (NiceGUI keeps it on the view); the default outside both. No per-visitor storage on the server: a refresh
    storm or a link-preview robot leaves nothing behind (issue 21)."""
    request = _request.get()
    if request is None:
        stack = Slot.stacks.get(get_task_id())  # the view whose handler runs, without making a stack as NiceGUI would
        request = stack[-1].parent.client.request if stack else None
    return request_lang(request) if request is not None else DEFAULT


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The text for `key` in `lang` (default: the user's), with `params` filled in.

    A key missing in English falls back to Indonesian; a key missing everywhere shows as itself, which
    the translation test catches.
    """
    lang = lang or current_lang()
    text = catalogue(lang).get(key) or catalogue(DEFAULT).get(key) or key
    return text.format(**params) if params else text


def error_text(error: DomainError, lang: str | None = None) -> str:
    """The refusal in her words; a `unit` the store names by its code (`pcs`) as she says it (`buah`)."""
    params = dict(error.params)
    if f'unit.{params.get("unit")}' in catalogue(DEFAULT):
        params['unit'] = t(f'unit.{params["unit"]}', lang)
    return t(f'error.{error.key}', lang, **params)
