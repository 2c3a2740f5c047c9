"""The few sentences the store writes itself: the WhatsApp texts she sends (a reminder, her price list, an
order link), in her language.

They live with every other text, in the translation layer's files (`assets/i18n/<lang>/<prefix>.json`, a key's
prefix naming its file, as `ui/i18n.py` reads them). The store reads those files itself rather than asking
`ui.i18n`: dependencies point ui → store → models, never back.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

TEXTS = Path(__file__).resolve().parent.parent / 'assets' / 'i18n'
LOCALES = {'id': 'id_ID', 'en': 'en_GB'}  # the languages we write in, and babel's locale for their dates


def text(key: str, lang: str, **params: Any) -> str:
    """`key`'s text in `lang` with `params` filled in; Indonesian for another language or a key it lacks."""
    texts = _texts(lang if lang in LOCALES else 'id', _prefix(key))
    return texts.get(key, _texts('id', _prefix(key))[key]).format(**params)


def _prefix(key: str) -> str:
    return key.split('.', 1)[0]


@cache
def _texts(lang: str, prefix: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((TEXTS / lang / f'{prefix}.json').read_text(encoding='utf-8'))
    return loaded
