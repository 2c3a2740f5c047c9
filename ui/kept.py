"""Things made once and kept in the cache folder (`settings.cache`) under a name that changes with their source, so
a restart reads them back instead of making them again: compressed static files (ui/static.py), the icon font's
subset and drawings (ui/icons.py)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger('berdaya')


def kept(
    folder: Path | None, name: str, make: Callable[[], bytes], sound: Callable[[bytes], bool] = lambda _: True
) -> bytes:
    """`make()`, kept in `folder` under `name` (which must change with what it is made from); made every time
    when there is no folder, and again when what is kept is not `sound`. Written whole or not at all (a temp file,
    fsynced, renamed), so a crash leaves no half file."""
    path = folder / name if folder else None
    if path is not None and path.is_file() and sound(data := path.read_bytes()):
        return data
    data = make()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f'.{name}.{os.getpid()}.{threading.get_ident()}.tmp')
            with open(temp, 'wb') as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temp.replace(path)
        except OSError as error:  # a read-only home: made again after a restart, no harm
            log.info('cache not written: %s', error)
    return data
