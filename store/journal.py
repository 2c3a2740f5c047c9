"""The write-ahead journal: one JSON line per changed document, fsynced before a write is acknowledged.

A line is `{"s": seq, "t": table, "i": id, "d": document or null}`; the last line of a transaction also
has `"e": 1`. On replay a transaction counts only when its end line is there, so a kill in the middle of
writing a batch loses only writes nobody was told were saved. Files are `journal.<first seq>.jsonl`; a
checkpoint starts a new file and deletes the older ones once the snapshot that covers them is durable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .decoding import loads
from .errors import CorruptStore

PREFIX = 'journal.'
SUFFIX = '.jsonl'
BLOCK = 1_000  # lines parsed by one call


@dataclass(frozen=True, slots=True)
class Change:
    """One document put (`doc` set) or deleted (`doc` None) in one table."""

    table: str
    id: str
    doc: dict[str, Any] | None


def journal_files(folder: Path) -> list[Path]:
    """The journal files in replay order (their names carry the first sequence number, zero-padded)."""
    return sorted(p for p in folder.glob(f'{PREFIX}*{SUFFIX}') if p.stem.removeprefix('journal.').isdigit())


def journal_name(first_seq: int) -> str:
    return f'{PREFIX}{first_seq:016d}{SUFFIX}'


def encode(transactions: list[list[Change]], first_seq: int) -> tuple[bytes, int]:
    """Lines for the given transactions, numbered from `first_seq`; returns the bytes and the last seq."""
    lines = []
    seq = first_seq - 1
    for changes in transactions:
        for n, change in enumerate(changes, start=1):
            seq += 1
            line: dict[str, Any] = {'s': seq, 't': change.table, 'i': change.id, 'd': change.doc}
            if n == len(changes):
                line['e'] = 1
            lines.append(json.dumps(line, ensure_ascii=False, separators=(',', ':')))
    return ('\n'.join(lines) + '\n').encode(), seq


class JournalWriter:
    """Appends to the newest journal file; `append` returns only after the bytes are on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.size = os.fstat(self._fd).st_size

    def append(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        os.fdatasync(self._fd)
        self.size += len(data)

    def close(self) -> None:
        os.close(self._fd)


def replay(folder: Path, after_seq: int, *, repair: bool) -> Iterator[tuple[int, list[Change]]]:
    """Yield `(last seq, changes)` for each complete transaction with sequence numbers above `after_seq`.

    A torn tail of the newest file (an unfinished last line, or a transaction without its end line) is cut
    off when `repair` is set, else just skipped. A bad line anywhere else, even in the newest file when
    lines follow it, means the journal was damaged after it was written: that raises `CorruptStore`
    instead of quietly dropping saved work. Files are read a block of lines at a time, never whole.
    """
    files = journal_files(folder)
    expected = after_seq + 1
    for index, path in enumerate(files):
        newest = index == len(files) - 1
        with open(path, 'rb') as handle:
            size = os.fstat(handle.fileno()).st_size  # as it is now: a backup reads while the app appends
            pending: list[Change] = []
            good_end = 0  # byte offset just past the last complete transaction
            offset = 0
            for length, item in _parsed_lines(handle, size):
                line_end = offset + length
                try:
                    if isinstance(item, ValueError):
                        raise item
                    seq = int(item['s'])
                    change = Change(str(item['t']), str(item['i']), item['d'])
                except (ValueError, KeyError, TypeError) as exc:
                    if newest and line_end == size:  # the last line, cut short by a kill mid-write
                        break
                    raise CorruptStore('store_corrupt_journal', file=path.name, offset=offset) from exc
                offset = line_end
                if seq <= after_seq:
                    good_end = offset
                    continue
                if seq != expected:
                    raise CorruptStore('store_journal_gap', file=path.name, expected=expected, found=seq)
                expected += 1
                pending.append(change)
                if item.get('e') == 1:
                    yield seq, pending
                    pending = []
                    good_end = offset
        if newest and good_end < size:
            if repair:
                with open(path, 'r+b') as handle:
                    handle.truncate(good_end)
                    handle.flush()
                    os.fsync(handle.fileno())
        elif pending:
            raise CorruptStore('store_corrupt_journal', file=path.name, offset=offset)


def _parsed_lines(handle: BinaryIO, size: int) -> Iterator[tuple[int, Any]]:
    """`(length, parsed line)` for each line in the first `size` bytes; a line that is unfinished or not JSON comes
    as its ValueError."""
    left = size
    while left:
        lines: list[bytes] = []
        while left and len(lines) < BLOCK:
            line = handle.readline(left)
            if not line:  # cut shorter since we looked
                left = 0
                break
            left -= len(line)
            lines.append(line)
        complete = lines if lines and lines[-1].endswith(b'\n') else lines[:-1]
        yield from zip(map(len, complete), _parse(complete), strict=True)
        if len(complete) < len(lines):
            yield len(lines[-1]), ValueError('unfinished line')


def _parse(lines: list[bytes]) -> list[Any]:
    """The lines parsed as one JSON array: twice as fast as a line at a time, and each key is one string for the
    whole block, not one a document. Damage (a torn or changed line) makes the array fail or count wrong; then the
    lines are parsed one by one, so the bad one is named."""
    try:
        items = loads(b'[' + b','.join(lines) + b']')
        if isinstance(items, list) and len(items) == len(lines):
            return items
    except ValueError:
        pass
    return [_parse_one(line) for line in lines]


def _parse_one(line: bytes) -> Any:
    try:
        return loads(line)
    except ValueError as exc:
        return exc
