"""The audit trail: entries written beside the changes they record, events that change nothing (a view or an
export of sensitive fields), and the coordinator's filtered reading.

There is no operation here, or anywhere in the app, that edits or deletes an entry: the trail is append-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from models.account import Account
from models.audit import AuditEntry
from models.base import Record
from models.programme import Zone

from .engine import Store
from .tx import Tx

# Kinds the coordinator filters by: the part of `action` before the dot.
KINDS = (
    'attendance', 'day', 'mark', 'card', 'certificate', 'aid', 'account', 'participant', 'backup', 'ledger', 'audit',
    'secretariat', 'helpdesk', 'notice', 'price', 'register',
)  # fmt: skip
LIMIT = 300


def account_view(account: Account) -> dict[str, Any]:
    """An account as the trail keeps it: never its password or PIN hash."""
    return account.model_dump(mode='json', exclude={'secret_hash'})


def entry(
    tx: Tx,
    *,
    by: str,
    action: str,
    target: str,
    at: dt.datetime,
    programme_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = '',
) -> None:
    """Stage an entry in the transaction of the change it records, so both are saved or neither."""
    tx.put(
        AuditEntry(
            at=at,
            by=by,
            action=action,
            target=target,
            programme_id=programme_id,
            before=before,
            after=after,
            note=note[:300],
        )  # fmt: skip
    )


def change_entry(
    tx: Tx,
    before: Record | None,
    after: Record | None,
    *,
    by: str,
    action: str,
    at: dt.datetime,
    programme_id: str | None = None,
    note: str = '',
) -> None:
    """`entry` for a change of one record, the trail keeping it as it was and as it is: its id is the target
    (the new record's, when `before` is the record it follows)."""
    target = after or before
    assert target is not None
    entry(
        tx, by=by, action=action, target=target.id, at=at, programme_id=programme_id,
        before=before.model_dump(mode='json') if before is not None else None,
        after=after.model_dump(mode='json') if after is not None else None, note=note,
    )  # fmt: skip


async def log_event(
    store: Store,
    *,
    by: str,
    action: str,
    target: str,
    programme_id: str | None = None,
    note: str = '',
    now: dt.datetime | None = None,
) -> None:
    """Record something that changed nothing but must be known: a view or an export of sensitive fields."""
    at = now or dt.datetime.now(dt.UTC)
    await store.transact(
        lambda tx: entry(tx, by=by, action=action, target=target, at=at, programme_id=programme_id, note=note)
    )


@dataclass(frozen=True)
class AuditFilter:
    """What the coordinator narrows the trail to; empty fields do not narrow."""

    kind: str = ''  # one of KINDS
    programme_id: str = ''
    by: str = ''  # an account id
    since: dt.date | None = None  # dates in `zone`, both included
    until: dt.date | None = None
    text: str = ''  # part of the target id or the note
    zone: dt.tzinfo = Zone.WIB.tz  # the coordinator's dates: "since 5 December" starts at midnight there


def entries(store: Store, where: AuditFilter, limit: int = LIMIT) -> tuple[list[AuditEntry], int]:
    """The matching entries, newest first, at most `limit`; and how many matched in all."""
    if where.programme_id:
        docs = store.raw_by_index(AuditEntry, 'programme', where.programme_id)
    else:
        docs = list(store.raw('audit').values())
    needle = where.text.strip().lower()
    found = [doc for doc in docs if _matches(doc, where, needle)]
    # By the moment, not the text: an ISO time on a whole second has no fraction and would sort wrong.
    found.sort(key=lambda doc: (dt.datetime.fromisoformat(doc['at']), doc['id']), reverse=True)
    return [AuditEntry.model_validate(doc) for doc in found[:limit]], len(found)


def _matches(doc: dict[str, Any], where: AuditFilter, needle: str) -> bool:
    if where.kind and doc['action'].split('.', 1)[0] != where.kind:
        return False
    if where.by and doc['by'] != where.by:
        return False
    day = dt.datetime.fromisoformat(doc['at']).astimezone(where.zone).date()
    if (where.since and day < where.since) or (where.until and day > where.until):
        return False
    return not needle or needle in doc['target'].lower() or needle in doc.get('note', '').lower()


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field that differs; all of `after` for a new record."""
    before, after = before or {}, after or {}
    keys = [k for k in after if k != 'id'] + [k for k in before if k not in after and k != 'id']
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
