"""The small JSON API. Each route checks its caller itself; the health check is public."""

from __future__ import annotations

from fastapi import FastAPI

from . import __version__


def register(app: FastAPI) -> None:
    @app.get('/api/health')
    def health() -> dict[str, str]:
        return {'status': 'ok', 'version': __version__}
