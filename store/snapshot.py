"""Atomic snapshots: every table as one JSON document, with its sequence number and a checksum.

The file is a header line `{"format", "seq", "schema", "sha256"}` and a body line holding the tables.
It is written to a temp file, fsynced, renamed over the old one, and the folder fsynced, so a kill
leaves either the old snapshot or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CorruptStore

FORMAT = 'berdaya-snapshot/1'
NAME = 'snapshot.json'


@dataclass
class Snapshot:
    seq: int
    tables: dict[str, dict[str, dict[str, Any]]]


def encode(tables: dict[str, dict[str, dict[str, Any]]], seq: int) -> bytes:
    """Serialise; safe to run in a thread while the writer is paused or the tables are a frozen copy."""
    body = json.dumps(tables, ensure_ascii=False, separators=(',', ':')).encode()
    header = {'format': FORMAT, 'seq': seq, 'sha256': hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b'\n' + body + b'\n'


def write_atomic(folder: Path, data: bytes, name: str = NAME) -> None:
    tmp = folder / f'{name}.tmp'
    with open(tmp, 'wb') as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / name)
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read(folder: Path) -> Snapshot | None:
    """The snapshot in `folder`, None when there is none yet; `CorruptStore` when it does not check out."""
    path = folder / NAME
    if not path.exists():
        return None
    data = path.read_bytes()
    head, _, body = data.partition(b'\n')
    try:
        header = json.loads(head)
        if header.get('format') != FORMAT:
            raise ValueError('unknown format')
        body = body.removesuffix(b'\n')
        if hashlib.sha256(body).hexdigest() != header['sha256']:
            raise ValueError('checksum mismatch')
        tables = json.loads(body)
        if not isinstance(tables, dict):
            raise ValueError('tables not a dict')
        return Snapshot(seq=int(header['seq']), tables=tables)
    except (ValueError, KeyError, TypeError) as exc:
        raise CorruptStore('store_corrupt_snapshot', file=str(path), reason=str(exc)) from exc
