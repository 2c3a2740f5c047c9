"""Request bodies from anyone: JSON read so that no shape of it can raise anything but `BadBody`.

Every JSON route reads its body here. Valid JSON can still hold what Python cannot pass on: nesting deeper
than the parser goes, a lone surrogate (`"\\ud800"`, which no UTF-8 encoder takes), a NUL inside a name.
They are refused at the door with a 4xx, never found later by a write that fails with a 500.
"""

from __future__ import annotations

import json
from typing import Any


class BadBody(ValueError):
    """The body is not JSON the app can take."""


def parse_json(raw: bytes) -> Any:
    """The body's JSON value, with every text in it encodable and free of NUL; else BadBody."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise BadBody from None
    if not _clean(value):
        raise BadBody
    return value


def _clean(value: Any) -> bool:
    pending = [value]
    while pending:  # a loop, not recursion: the parser already allowed the depth
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and not _good_text(item):
            return False
    return True


def _good_text(text: str) -> bool:
    if '\x00' in text:
        return False
    try:
        text.encode('utf-8')
    except UnicodeEncodeError:
        return False
    return True
