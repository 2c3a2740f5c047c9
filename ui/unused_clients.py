"""NiceGUI's socket server without the socket *client* libraries it never uses.

python-engineio's package imports its client classes with the server, and they import requests, websocket-client
and aiohttp (with urllib3, yarl, multidict…): 15 MiB a server carries for its whole life, under every page view's
share of memory, for code no request ever runs. Here engineio is imported with placeholders for those three; a
placeholder imports the real library the first time anything asks it for a name, so an engineio client (or anyone
else) still works, only later. Must run before anything imports NiceGUI: `ui/__init__.py` does it.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

CLIENT_ONLY = ('requests', 'websocket', 'aiohttp')


class Deferred(types.ModuleType):
    """Stands in for a library in one module's namespace; the library itself comes with the first name asked."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def import_engineio() -> None:
    """Import engineio with placeholders for its client libraries (only those not imported already)."""
    if 'engineio' in sys.modules:
        return
    placed = {name: Deferred(name) for name in CLIENT_ONLY if name not in sys.modules}
    sys.modules.update(placed)
    try:
        import engineio  # noqa: F401 - the import with the placeholders is the point
    finally:
        for name, placeholder in placed.items():
            if sys.modules.get(name) is placeholder:
                del sys.modules[name]
