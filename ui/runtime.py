"""The only globals: the settings object and the open store."""

from __future__ import annotations

import asyncio

from store import Store

from .settings import Settings


class Runtime:
    """NiceGUI runs async start-up handlers as background tasks, so a request can arrive before the
    store is open; pages and routes `await runtime.ready()` instead of reading `store` directly."""

    def __init__(self) -> None:
        self.settings = Settings()
        self._store: Store | None = None
        self._opened = asyncio.Event()

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError('the store is not open yet')
        return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def reset(self, settings: Settings) -> None:
        self.settings = settings
        self._store = None
        self._opened = asyncio.Event()

    def opened(self, store: Store | None) -> None:
        self._store = store
        if store is None:
            self._opened = asyncio.Event()
        else:
            self._opened.set()

    async def ready(self, timeout: float = 30.0) -> Store:
        await asyncio.wait_for(self._opened.wait(), timeout)
        return self.store


runtime = Runtime()
