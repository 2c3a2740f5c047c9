"""Atomic snapshots: every table's documents, the sequence number and a checksum, written and read a line at a time.

The file (format 2) is a header line `{"format", "seq"}`, then lines of up to `PIECE` documents of one table
(`["sales", {"<id>": {…}, …}]`; a table without documents has one line with `{}`), and a last line
`{"end": true, "bytes": …, "sha256": …}` over every byte before it. So neither a checkpoint nor start-up ever holds
the whole text, nor the text beside its parsed form: a million sales (290 MB) go through in pieces of a few hundred
KB, and start-up files each piece while it is fresh. A file without its last line, with a byte changed, or with
anything after it is refused, as before. Format 1 (a header with the checksum, then every table on one line), which
deployed data folders hold until their next checkpoint, is still read, whole.

It is written to a temp file, fsynced, renamed over the old one, and the folder fsynced, so a kill
leaves either the old snapshot or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from .decoding import loads
from .errors import CorruptStore

FORMAT = 'berdaya-snapshot/2'
FORMAT_WHOLE = 'berdaya-snapshot/1'  # read, never written
NAME = 'snapshot.json'
PIECE = 1_000  # documents a line: ~300 KB of sales, parsed by one call
HEADER_MAX = 64 * 1024
READ_BUFFER = 1 << 20  # lines of ~300 KB: read in big blocks, not 8 KB ones (0.1 s less a million documents)

Docs = dict[str, dict[str, Any]]


@dataclass
class Snapshot:
    seq: int
    tables: dict[str, Docs]


def encode(tables: dict[str, Docs], seq: int) -> Iterator[bytes]:
    """The snapshot's lines, made as they are written; safe in a thread while the writer is paused or the tables
    are a frozen copy (documents are replaced, never changed in place)."""
    digest = hashlib.sha256()
    size = 0
    for line in _lines(tables, seq):
        digest.update(line)
        size += len(line)
        yield line
    yield _line({'end': True, 'bytes': size, 'sha256': digest.hexdigest()})


def _lines(tables: dict[str, Docs], seq: int) -> Iterator[bytes]:
    yield _line({'format': FORMAT, 'seq': seq})
    for name, docs in tables.items():
        items = iter(docs.items())
        piece = dict(islice(items, PIECE))
        yield _line([name, piece])
        while piece := dict(islice(items, PIECE)):
            yield _line([name, piece])


def _line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(',', ':')).encode() + b'\n'


def write_atomic(folder: Path, data: bytes | Iterable[bytes], name: str = NAME) -> None:
    """Write `data` (bytes, or pieces of it as `encode` makes them) as `folder/name`, all of it or nothing."""
    tmp = folder / f'{name}.tmp'
    with open(tmp, 'wb') as handle:
        for piece in [data] if isinstance(data, bytes) else data:
            handle.write(piece)
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
    """The snapshot in `folder` whole, None when there is none yet; `CorruptStore` when it does not check out."""
    tables: dict[str, Docs] = {}

    def take(table: str, docs: Docs) -> None:
        if table in tables:
            tables[table].update(docs)
        else:
            tables[table] = docs

    seq = load(folder, take)
    return None if seq is None else Snapshot(seq=seq, tables=tables)


def load(folder: Path, take: Callable[[str, Docs], None]) -> int | None:
    """Hand the snapshot in `folder` to `take(table, documents)` a piece at a time (a table may come in many pieces)
    and return its sequence number; None when there is none yet.

    The checksum is known only at the end: on `CorruptStore` the caller must drop every piece it was given."""
    path = folder / NAME
    try:
        handle = open(path, 'rb', buffering=READ_BUFFER)  # noqa: SIM115 - closed below, after the format is known
    except FileNotFoundError:
        return None
    with handle:
        try:
            head = handle.readline(HEADER_MAX)
            header = loads(head)
            if not isinstance(header, dict):
                raise ValueError('header not an object')
            if header.get('format') == FORMAT_WHOLE:
                _load_whole(handle, header, take)
            elif header.get('format') == FORMAT:
                _load_lines(handle, head, take)
            else:
                raise ValueError('unknown format')
            return int(header['seq'])
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptStore('store_corrupt_snapshot', file=str(path), reason=str(exc)) from exc


def _load_lines(handle: BinaryIO, head: bytes, take: Callable[[str, Docs], None]) -> None:
    digest = hashlib.sha256(head)
    size = len(head)
    for line in handle:
        if not line.endswith(b'\n'):
            raise ValueError('unfinished line')
        item = loads(line)
        if isinstance(item, list):
            table, docs = item
            if not isinstance(table, str) or not isinstance(docs, dict):
                raise ValueError('bad piece')
            digest.update(line)
            size += len(line)
            take(table, docs)
            continue
        if not isinstance(item, dict) or item.get('end') is not True:
            raise ValueError('bad line')
        if item['bytes'] != size or item['sha256'] != digest.hexdigest():
            raise ValueError('checksum mismatch')
        if handle.read(1):
            raise ValueError('data after the end')
        return
    raise ValueError('no end line')


def _load_whole(handle: BinaryIO, header: dict[str, Any], take: Callable[[str, Docs], None]) -> None:
    """Format 1: the tables on one line after the header, its checksum in the header."""
    data = handle.read()
    body = memoryview(data)[: -1 if data.endswith(b'\n') else None]
    if hashlib.sha256(body).hexdigest() != header['sha256']:
        raise ValueError('checksum mismatch')
    text = str(body, 'utf-8')
    del body, data  # the text and its parsed form, never the bytes as well
    # json's own parser here: it shares the texts of one character (a quantity's `1`) as it goes, and this form is
    # read once, before its next checkpoint; at a million sales msgspec took 0.8 s less but held 35 MiB more at peak
    tables = json.loads(text)
    del text
    if not isinstance(tables, dict):
        raise ValueError('tables not a dict')
    for table in list(tables):  # as they are: a restore refuses a table that is not documents by name
        take(table, tables.pop(table))
