"""Files the store's records point to (a programme's logo, product photos), kept in the data folder by content.

A file is named by the SHA-256 of its bytes and its kind's extension (`3f2a…9c.png`) and lives in
`<data>/files/3f/`; a private one (a buyer's proof of transfer: her name and bank) in `<data>/private/3f/`, which
`/media` never serves (ui/media.py reads `files/` only): its owner fetches it through a route that checks her.
Same bytes, same name: saving twice writes once, and a name can never point to other bytes, so a backup copies
the folders as they are and a restore checks each file against its name. Files are written (and fsynced) before
the record that names them is committed, so a record never points to a file that a crash lost; a file whose
record never committed is harmless and a later save of it reuses it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from .errors import StoreError

FOLDER = 'files'
PRIVATE = 'private'  # files only their owner may fetch, through a route that asks who she is
NAME = re.compile(r'^[0-9a-f]{64}\.(png|jpg|webp)$')


class Elsewhere(Protocol):
    """Where a store keeps its files instead of its folder: on PostgreSQL, its database (store/postgres.py), so
    that a standby on another machine serves the same files."""

    def put_file(self, name: str, data: bytes, private: bool) -> None: ...
    def get_file(self, name: str, private: bool) -> bytes | None: ...
    def file_names(self, private: bool) -> list[str]: ...


_elsewhere: dict[Path, Elsewhere] = {}


def attach(data_folder: Path, place: Elsewhere) -> None:
    """The files of the store open on `data_folder` are kept in `place` until `detach`."""
    _elsewhere[data_folder] = place


def detach(data_folder: Path, place: Elsewhere) -> None:
    """`place` no longer keeps the files of `data_folder` (another store's attachment there stays)."""
    if _elsewhere.get(data_folder) is place:
        del _elsewhere[data_folder]


def name_of(data: bytes, extension: str) -> str:
    return f'{hashlib.sha256(data).hexdigest()}.{extension}'


def path_of(data_folder: Path, name: str, *, private: bool = False) -> Path | None:
    """Where a file of that name lives; None for a name that is not one of ours (a path, `..`, a typo)."""
    if not NAME.fullmatch(name):
        return None
    return data_folder / (PRIVATE if private else FOLDER) / name[:2] / name


def save(data_folder: Path, data: bytes, extension: str, *, durable: bool = True, private: bool = False) -> str:
    """Keep `data` (in the private part with `private`) and return its name; durable when this returns (blocking:
    call it off the event loop). `durable=False` skips the fsyncs: for the demo's drawn pictures, seeded again for
    every test."""
    name = name_of(data, extension)
    if (place := _elsewhere.get(data_folder)) is not None:
        place.put_file(name, data, private)
        return name
    path = path_of(data_folder, name, private=private)
    assert path is not None, extension
    if path.exists() and path.stat().st_size == len(data):
        return name
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix='.part-')
    try:
        with os.fdopen(handle, 'wb') as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(path.parent)
        _fsync_folder(path.parent.parent)
    return name


def read(data_folder: Path, name: str, *, private: bool = False) -> bytes | None:
    path = path_of(data_folder, name, private=private)
    if path is None:
        return None
    if (place := _elsewhere.get(data_folder)) is not None:
        return place.get_file(name, private)
    if not path.is_file():
        return None
    return path.read_bytes()


def names(data_folder: Path, *, private: bool = False) -> list[str]:
    """Every file kept in `data_folder` (in its private part with `private`), by name."""
    if (place := _elsewhere.get(data_folder)) is not None:
        return place.file_names(private)
    root = data_folder / (PRIVATE if private else FOLDER)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.glob('??/*') if NAME.fullmatch(p.name))


def copy_all(source: Path, target: Path) -> int:
    """Copy every kept file of the data folder `source`, private ones too, into the data folder `target` (a
    backup, a restore); each is checked against its name on the way, so a damaged file stops the copy. Returns
    how many."""
    copied = 0
    for private in (False, True):
        for name in names(source, private=private):
            save(target, _checked(source, name, private), name.rsplit('.', 1)[1], private=private)
            copied += 1
    return copied


def check_all(data_folder: Path) -> None:
    """Raise StoreError('file_damaged') when a kept file's bytes (a private one's too) no longer match its name."""
    for private in (False, True):
        for name in names(data_folder, private=private):
            _checked(data_folder, name, private)


def _checked(data_folder: Path, name: str, private: bool = False) -> bytes:
    data = read(data_folder, name, private=private)
    if data is None or name_of(data, name.rsplit('.', 1)[1]) != name:
        raise StoreError('file_damaged', name=name)
    return data


def _fsync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
