"""Translations: Bahasa Indonesia first, English second.

Texts live in `assets/i18n/<lang>/<prefix>.json` as flat `key: text` maps with `{name}` placeholders. A page asks
`t('key', name=...)` and gets the text in the user's language (kept in her browser storage).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from nicegui import app

from models.base import DomainError

LANGUAGES = ('id', 'en')
DEFAULT = 'id'
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


def current_lang() -> str:
    """The user's language inside a page or handler; the default outside one."""
    try:
        lang = app.storage.user.get('lang', DEFAULT)
    except (RuntimeError, AssertionError, KeyError):
        return DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


def set_lang(lang: str) -> None:
    if lang in LANGUAGES:
        app.storage.user['lang'] = lang


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
