"""`/media/{name}`: the files the store keeps (a programme's logo; product photos later), by content name.

A name is the SHA-256 of the bytes (store/files.py), so an answer never changes: a phone fetches each file
once and keeps it a year. Only pictures the server made itself are kept, so the type is known from the name.
"""

from __future__ import annotations

import asyncio

from fastapi import Request
from fastapi.responses import Response

from store import files

from .runtime import runtime

TYPES = {'png': 'image/png', 'jpg': 'image/jpeg', 'webp': 'image/webp'}
FOREVER = 'public, max-age=31536000, immutable'


async def kept_file(request: Request, name: str) -> Response:
    store = await runtime.ready()
    data = await asyncio.to_thread(files.read, store.folder, name) if files.path_of(store.folder, name) else None
    if data is None:
        return Response('404', status_code=404, media_type='text/plain; charset=utf-8')
    return Response(data, media_type=TYPES[name.rsplit('.', 1)[1]], headers={'Cache-Control': FOREVER})
