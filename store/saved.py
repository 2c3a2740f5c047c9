"""What a write from her phone did, and the rules every change to her own records keeps.

A phone retries: the client's id becomes the record's id, so a retry finds what it saved (`duplicate`) and
changes nothing. Every change checks that the record is hers (`not_yours` otherwise) inside its transaction,
so a check and its write cannot be split by another write. Deleting is soft (`deleted`), so she can undo it;
reports skip deleted records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from models.base import DomainError, Record
from models.business import Expense, Sale

from .engine import Store
from .tx import Tx

R = TypeVar('R', bound=Record)
Status = Literal['applied', 'duplicate']


@dataclass(frozen=True)
class Saved(Generic[R]):
    """What a write from a phone did: `applied` the first time, `duplicate` (nothing changed) on a retry."""

    status: Status
    record: R


async def restore_entry(store: Store, participant_id: str, previous: Sale | Expense) -> Sale | Expense:
    """Undo her edit: the sale or expense as it was before, if it is still hers and not deleted since."""

    def stage(tx: Tx) -> Sale | Expense:
        her_record(tx, type(previous), participant_id, previous.id)
        if previous.participant_id != participant_id:
            raise DomainError('not_yours')
        tx.put(previous)
        return previous

    return await store.transact(stage)


def retried(tx: Tx, model: type[R], record_id: str, participant_id: str) -> Saved[R] | None:
    """Her retry finds the record it saved before (`duplicate`); an id of someone else's record is refused
    without a word about that record."""
    existing = tx.get(model, record_id)
    if existing is None:
        return None
    if getattr(existing, 'participant_id', None) != participant_id:
        raise DomainError('duplicate_id')
    return Saved('duplicate', existing)


def her_record(tx: Tx, model: type[R], participant_id: str, record_id: str, *, deleted: bool = False) -> R:
    """Her sale or expense, live (or, for an undo, deleted); `not_found` or `not_yours` otherwise."""
    record = live(tx, model, record_id, deleted=deleted)
    if getattr(record, 'participant_id', None) != participant_id:
        raise DomainError('not_yours')
    return record


def live(tx: Tx, model: type[R], record_id: str, *, deleted: bool = False) -> R:
    """A record that may be taken back, live (or, for an undo, deleted); `not_found` otherwise."""
    record = tx.get(model, record_id)
    if record is None or getattr(record, 'deleted', False) != deleted:
        raise DomainError('not_found')
    return record


def changed(record: R, **changes: Any) -> R:
    """The record with `changes`, validated again (`model_copy` would not check them)."""
    return type(record).model_validate(record.model_dump() | changes)


async def update_hers(
    store: Store,
    model: type[R],
    participant_id: str,
    record_id: str,
    change: Callable[[Tx, R], R],
    *,
    deleted: bool = False,
) -> R:
    """Save her record as `change` makes it from the record as it is now, both in one transaction; her record
    live (or deleted, for an undo), `not_found` or `not_yours` otherwise."""

    def stage(tx: Tx) -> R:
        updated = change(tx, her_record(tx, model, participant_id, record_id, deleted=deleted))
        tx.put(updated)
        return updated

    return await store.transact(stage)


async def set_deleted(store: Store, model: type[R], participant_id: str, record_id: str, deleted: bool) -> R:
    return await update_hers(
        store, model, participant_id, record_id, lambda _, record: changed(record, deleted=deleted), deleted=not deleted
    )
