"""Plain dict indexes kept beside the tables, for the look-ups that must not scan a table.

An index maps a key computed from a document (e.g. a sale's participant and month) to the ids of the
documents with that key. The engine updates every index of a table when it applies a change.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

KeyFn = Callable[[dict[str, Any]], Hashable | None]


@dataclass
class Index:
    """Ids by key. A key with one document holds its id alone, not a set of one (a set weighs 216 bytes, and most
    keys of an index like her sales to one buyer have one or two documents): `ids` hides the difference."""

    table: str
    name: str
    key: KeyFn  # None means "not in this index"
    entries: dict[Hashable, str | set[str]] = field(default_factory=dict)

    def add(self, doc_id: str, doc: dict[str, Any]) -> None:
        key = self.key(doc)
        if key is not None:
            _add(self.entries, key, doc_id)

    def remove(self, doc_id: str, doc: dict[str, Any]) -> None:
        key = self.key(doc)
        if key is not None:
            _remove(self.entries, key, doc_id)

    def ids(self, key: Hashable) -> frozenset[str]:
        ids = self.entries.get(key)
        if ids is None:
            return frozenset()
        return frozenset((ids,)) if isinstance(ids, str) else frozenset(ids)

    def file(self, docs: dict[str, dict[str, Any]]) -> None:
        """Add documents not filed yet: start-up files each piece of a table as it is read, while it is in the
        cache (a million sales in about half a second an index). `_add` written out in the loop: a call for each
        document was a fifth of the time."""
        entries, key_of, known = self.entries, self.key, self.entries.get
        for doc_id, doc in docs.items():
            key = key_of(doc)
            if key is None:
                continue
            ids = known(key)
            if ids is None:
                entries[key] = doc_id
            elif isinstance(ids, str):
                if ids != doc_id:
                    entries[key] = {ids, doc_id}
            else:
                ids.add(doc_id)


def _add(entries: dict[Hashable, str | set[str]], key: Hashable, doc_id: str) -> None:
    ids = entries.get(key)
    if ids is None:
        entries[key] = doc_id
    elif isinstance(ids, str):
        if ids != doc_id:
            entries[key] = {ids, doc_id}
    else:
        ids.add(doc_id)


def _remove(entries: dict[Hashable, str | set[str]], key: Hashable, doc_id: str) -> None:
    ids = entries.get(key)
    if ids is None:
        return
    if isinstance(ids, str):
        if ids == doc_id:
            del entries[key]
        return
    ids.discard(doc_id)
    if not ids:
        del entries[key]


def field_key(name: str) -> KeyFn:
    """Index by one field's value."""
    return lambda doc: doc.get(name)


def month_key(owner: str, when: str) -> KeyFn:
    """Index by (owner field, `YYYY-MM` of an ISO date or datetime field), e.g. a trainee's sales by month."""

    def key(doc: dict[str, Any]) -> Hashable | None:
        stamp = doc.get(when)
        return (doc.get(owner), stamp[:7]) if stamp else None

    return key


def pair_key(first: str, second: str) -> KeyFn:
    return lambda doc: (doc.get(first), doc.get(second))


def member_key(name: str) -> Callable[[dict[str, Any]], Hashable | None]:
    """Index a list field by each of its members: the key is a tuple; see `MultiIndex`."""
    return lambda doc: tuple(doc.get(name) or ())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while start-up builds a million documents and their indexes: it finds no cycle
    in them, yet would walk them all again and again as they grow (half the time of filing a million sales)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] >= FREEZE_AFTER:
            # A big store was just loaded: its documents and indexes live as long as the store and hold no cycle.
            # Frozen (moved out of the collector's generations), the collector never walks them again: not the
            # quarter second its first look would take at a million sales, nor each later full collection.
            gc.freeze()
        if was_on:
            gc.enable()


FREEZE_AFTER = 100_000  # objects a load made; a smaller store (a demo, a test's) is left to the collector as before


@dataclass
class MultiIndex(Index):
    """Like `Index`, but a document is filed under each value of a list field (e.g. a programme's instructors)."""

    def add(self, doc_id: str, doc: dict[str, Any]) -> None:
        for key in self._members(doc):
            _add(self.entries, key, doc_id)

    def remove(self, doc_id: str, doc: dict[str, Any]) -> None:
        for key in self._members(doc):
            _remove(self.entries, key, doc_id)

    def file(self, docs: dict[str, dict[str, Any]]) -> None:
        for doc_id, doc in docs.items():
            self.add(doc_id, doc)

    def _members(self, doc: dict[str, Any]) -> tuple[Hashable, ...]:
        members = self.key(doc)
        return members if isinstance(members, tuple) else ()


@dataclass
class OwnedIndex(Index):
    """Like `Index`, for keys that start with their owner (e.g. her sales to one buyer: `(seller, buyer)`), filed for
    an owner the first time anyone asks about her, from `via`: an index of the same table whose keys start with the
    same owner and that files every document this one does (her sales by month).

    Start-up files nothing here: her sales to each buyer, filed for a million sales at start-up, took about a
    second of a 3.5 s start and 160 MiB; a customer page asks about one trainee, a few thousand sales at most."""

    via: str = ''  # the name of the index an owner's documents are found through
    built: set[Hashable] = field(default_factory=set)  # owners filed so far

    def attach(self, via: Index, table: Callable[[], dict[str, dict[str, Any]]]) -> None:
        """The index and the table (as it stands when asked) an owner's documents are read from."""
        self._via, self._table = via, table

    def add(self, doc_id: str, doc: dict[str, Any]) -> None:
        key = self.key(doc)
        if key is not None and key[0] in self.built:  # type: ignore[index]
            _add(self.entries, key, doc_id)

    def remove(self, doc_id: str, doc: dict[str, Any]) -> None:
        key = self.key(doc)
        if key is not None and key[0] in self.built:  # type: ignore[index]
            _remove(self.entries, key, doc_id)

    def file(self, docs: dict[str, dict[str, Any]]) -> None:
        """Nothing at start-up: an owner's documents are filed when she is first asked about."""

    def ids(self, key: Hashable) -> frozenset[str]:
        owner = key[0]  # type: ignore[index]
        if owner not in self.built:
            self._build(owner)
        return super().ids(key)

    def _build(self, owner: Hashable) -> None:
        docs, key_of = self._table(), self.key
        for via_key, ids in self._via.entries.items():
            if via_key[0] == owner:  # type: ignore[index]
                for doc_id in (ids,) if isinstance(ids, str) else ids:
                    key = key_of(docs[doc_id])
                    if key is not None:
                        _add(self.entries, key, doc_id)
        self.built.add(owner)
