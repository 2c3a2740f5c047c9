"""Ordered schema migrations, run at start-up after recovery.

The schema version lives in the `_meta` table under `schema`. Each migration runs as one transaction
that also raises the version, so a kill mid-way leaves the old version and the migration runs again.
Add new steps at the end; never change one that has shipped.

The engine runs `migrate` as it opens a store, so this module does not import the engine: a step gets a
transaction (`store/tx.py`), and `migrate` takes any store that runs transactions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from .tx import Tx

T = TypeVar('T')
Migration = tuple[int, str, Callable[[Tx], None]]


class Transacting(Protocol):
    """A store as the migrations use it: `Store.transact`."""

    async def transact(self, fn: Callable[[Tx], T]) -> T: ...


def _initial(tx: Tx) -> None:
    """Version 1: the first schema; nothing to convert."""


MIGRATIONS: list[Migration] = [
    (1, 'initial schema', _initial),
]


def latest_version(migrations: list[Migration] | None = None) -> int:
    return max(version for version, _, _ in (migrations or MIGRATIONS))


async def migrate(store: Transacting, migrations: list[Migration] | None = None) -> list[int]:
    """Run the migrations above the store's version, in order; return the versions applied."""
    steps = sorted(migrations or MIGRATIONS, key=lambda m: m[0])
    applied = []
    for version, _title, step in steps:

        def run(tx: Tx, version: int = version, step: Callable[[Tx], None] = step) -> bool:
            if tx.meta('schema', 0) >= version:
                return False
            step(tx)
            tx.set_meta('schema', version)
            return True

        if await store.transact(run):
            applied.append(version)
    return applied
