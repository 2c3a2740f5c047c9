"""Request bodies from anyone: JSON and forms read so that no shape of them can raise anything but `BadBody`.

Every JSON route and every plain form post reads its body here. Valid JSON can still hold what Python cannot
pass on: nesting deeper than the parser goes, a lone surrogate (`"\\ud800"`, which no UTF-8 encoder takes), a NUL
inside a name.
They are refused at the door with a 4xx, never found later by a write that fails with a 500.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request


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


async def read_form(request: Request) -> dict[str, str]:
    """The posted form's fields (the first of each name), each a text; else BadBody.

    A form can name its own charset (`multipart/form-data` with a part in `charset=utf-7` decodes to lone
    surrogates), carry a file where a field belongs, or a NUL: each is refused here, not found by a 500 later.
    A form the parser cannot read at all is Starlette's 400.
    """
    form = await request.form()
    fields: dict[str, str] = {}
    for name, value in form.multi_items():
        if not isinstance(value, str) or not _good_text(name) or not _good_text(value):
            raise BadBody
        fields.setdefault(name, value)
    return fields


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
