"""Things made once and kept in the cache folder (`settings.cache`) under a name that changes with their source, so
a restart reads them back instead of making them again: compressed static files (ui/static.py), the icon font's
subset and drawings (ui/icons.py)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger('berdaya')


def kept(folder: Path | None, name: str, make: Callable[[], bytes]) -> bytes:
    """`make()`, kept in `folder` under `name` (which must change with what it is made from); made every time
    when there is no folder."""
    path = folder / name if folder else None
    if path is not None and path.is_file():
        return path.read_bytes()
    data = make()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f'.{name}.{os.getpid()}.tmp')
            temp.write_bytes(data)
            temp.replace(path)
        except OSError as error:  # a read-only home: made again after a restart, no harm
            log.info('cache not written: %s', error)
    return data
