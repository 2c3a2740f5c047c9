"""A KWT's group ledger: members' harvests, the group's sales and costs, and each member's share.

Its periods are days, `[start, end)`. Month queries read the `group_month` index, never a whole table. An entry
is corrected or taken back (and that undone) by whoever wrote it down or the group's chair, each change in the
audit trail beside it; a taken-back entry stays, marked `deleted`, and the book skips it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from models.account import Account
from models.base import DomainError, Record
from models.business import GroupExpense, GroupSale, Harvest, shares_by_weight
from models.participant import Group, Participant
from models.permissions import may_correct_group_entry, may_keep_group_book
from models.programme import Programme

from .audit import change_entry
from .engine import Store
from .periods import months_between
from .saved import Saved, changed, live
from .tx import Tx


async def record_harvest(store: Store, actor: Account, harvest: Harvest) -> Saved[Harvest]:
    """A member's picked kilos, written by her, another member (the group's book-keeper) or the staff.

    The harvest's id is the client's id: a retry saves nothing twice. She must be a member (`not_a_member`).
    """

    def check(tx: Tx, group: Group) -> None:
        if harvest.participant_id not in group.member_ids:
            raise DomainError('not_a_member')

    return await _record_for_group(store, actor, harvest, check)


async def record_group_sale(store: Store, actor: Account, sale: GroupSale) -> Saved[GroupSale]:
    """The group's sale of pooled chili; members and the group's staff may write it."""
    return await _record_for_group(store, actor, sale)


async def record_group_expense(store: Store, actor: Account, expense: GroupExpense) -> Saved[GroupExpense]:
    return await _record_for_group(store, actor, expense)


GroupRecord = TypeVar('GroupRecord', Harvest, GroupSale, GroupExpense)
BookRecord = Harvest | GroupSale | GroupExpense  # an entry of the book, whichever kind


async def _record_for_group(
    store: Store, actor: Account, record: GroupRecord, check: Callable[[Tx, Group], None] | None = None
) -> Saved[GroupRecord]:
    model = type(record)
    stamped = changed(record, recorded_by=actor.id, recorded_at=dt.datetime.now(dt.UTC))

    def stage(tx: Tx) -> Saved[GroupRecord]:
        existing = tx.get(model, record.id)
        if existing is not None:
            if existing.group_id != record.group_id:
                raise DomainError('duplicate_id')
            return Saved('duplicate', existing)
        group = tx.require(Group, record.group_id)
        _may_write_for(tx, actor, group)
        if check is not None:
            check(tx, group)
        tx.put(stamped)
        return Saved('applied', stamped)

    return await store.transact(stage)


def _may_write_for(tx: Tx, actor: Account, group: Group) -> None:
    programme = tx.get(Programme, group.programme_id) if group.programme_id else None
    if not may_keep_group_book(actor, group, programme):
        raise DomainError('not_in_group')


# What a correction may change: the quantity, the money, the date and the note (a sale's buyer, a harvest's plot).
CORRECTABLE: dict[type[Record], tuple[str, ...]] = {
    Harvest: ('kg', 'date', 'plot'),
    GroupSale: ('kg', 'price_per_kg', 'date', 'buyer'),
    GroupExpense: ('amount', 'date', 'note'),
}


async def correct_group_entry(store: Store, actor: Account, corrected: BookRecord, now: dt.datetime) -> BookRecord:
    """The entry with `corrected`'s quantity, money, date and note (`CORRECTABLE`; the rest stays as saved), by
    whoever wrote it down or the group's chair (`not_your_entry`); the trail keeps it as it was and as it is.
    Putting an earlier version back (her undo of a correction) is a correction too."""
    model = type(corrected)

    def stage(tx: Tx) -> BookRecord:
        before = live(tx, model, corrected.id)
        group = _may_correct(tx, actor, before)
        after = changed(before, **{name: getattr(corrected, name) for name in CORRECTABLE[model]})
        if after != before:
            tx.put(after)
            change_entry(
                tx, before, after, by=actor.id, action='ledger.correct', at=now, programme_id=group.programme_id
            )
        return after

    return await store.transact(stage)


async def take_back_group_entry(
    store: Store, actor: Account, model: type[BookRecord], entry_id: str, now: dt.datetime, *, back: bool = True
) -> BookRecord:
    """Take an entry out of the book (`back`), or put one taken back in again (her undo), by whoever wrote it
    down or the group's chair (`not_your_entry`); in the trail either way."""

    def stage(tx: Tx) -> BookRecord:
        before = live(tx, model, entry_id, deleted=not back)
        group = _may_correct(tx, actor, before)
        after = changed(before, deleted=back)
        tx.put(after)
        action = 'ledger.undo' if back else 'ledger.restore'
        change_entry(tx, before, after, by=actor.id, action=action, at=now, programme_id=group.programme_id)
        return after

    return await store.transact(stage)


def _may_correct(tx: Tx, actor: Account, entry: BookRecord) -> Group:
    group = tx.require(Group, entry.group_id)
    programme = tx.get(Programme, group.programme_id) if group.programme_id else None
    if not may_correct_group_entry(actor, group, programme, entry.recorded_by):
        raise DomainError('not_your_entry')
    return group


@dataclass(frozen=True)
class MemberShare:
    participant_id: str
    name: str
    kg: Decimal
    share: int  # whole rupiah of the group's net income


@dataclass(frozen=True)
class BookEntry:
    """An entry as the book lists it, with the name of who wrote it down ('' when not known) and, for a
    harvest, of the member whose kilos they are."""

    record: BookRecord
    by: str
    member: str = ''


@dataclass(frozen=True)
class GroupLedger:
    """A KWT's period: what it harvested, sold and spent, and each member's share of the net income.

    The rule: the net (group sales − group costs of the period) is shared in proportion to the kilos each
    member harvested in the same period, in whole rupiah, by largest remainder, so the shares add up to the
    net exactly. Kilos picked near the end of a period may be sold in the next; choose periods that close
    after the last sale (a month, a season) for a fair split.
    """

    group_id: str
    start: dt.date
    end: dt.date
    harvested_kg: Decimal
    sold_kg: Decimal
    revenue: int
    expenses: int
    members: list[MemberShare] = field(default_factory=list)
    entries: list[BookEntry] = field(default_factory=list)  # newest first

    @property
    def net(self) -> int:
        return self.revenue - self.expenses


def group_ledger(store: Store, group_id: str, start: dt.date, end: dt.date) -> GroupLedger:
    """The group's harvests, sales, costs and members' shares for the days `[start, end)`."""
    group = store.get(Group, group_id)
    if group is None:
        raise DomainError('not_found')
    harvests = [Harvest.model_validate(d) for d in _group_docs(store, Harvest, group_id, start, end)]
    sales = [GroupSale.model_validate(d) for d in _group_docs(store, GroupSale, group_id, start, end)]
    expenses = [GroupExpense.model_validate(d) for d in _group_docs(store, GroupExpense, group_id, start, end)]
    kg: dict[str, Decimal] = dict.fromkeys(group.member_ids, Decimal(0))
    for harvest in sorted(harvests, key=lambda h: (h.date, h.id)):
        kg[harvest.participant_id] = kg.get(harvest.participant_id, Decimal(0)) + harvest.kg
    revenue, spent = sum(s.total for s in sales), sum(e.amount for e in expenses)
    shares = shares_by_weight(revenue - spent, kg)
    names = {p: person.name for p in kg if (person := store.get(Participant, p)) is not None}
    members = [MemberShare(p, names.get(p, '?'), kg[p], shares[p]) for p in kg]
    entries = _book_entries(store, [*harvests, *sales, *expenses], names)
    return GroupLedger(
        group_id=group_id,
        start=start,
        end=end,
        harvested_kg=sum(kg.values(), Decimal(0)),
        sold_kg=sum((s.kg for s in sales), Decimal(0)),
        revenue=revenue,
        expenses=spent,
        members=members,
        entries=entries,
    )


def _book_entries(store: Store, records: list[BookRecord], members: dict[str, str]) -> list[BookEntry]:
    """Newest first: by date, then by when they were written down."""
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    records = sorted(records, key=lambda r: (r.date, r.recorded_at or oldest, r.id), reverse=True)
    writers: dict[str, str] = {}
    for account_id in {r.recorded_by for r in records if r.recorded_by}:
        account = store.get(Account, account_id)
        writers[account_id] = account.name if account else ''
    return [
        BookEntry(
            r, writers.get(r.recorded_by, ''), members.get(r.participant_id, '') if isinstance(r, Harvest) else ''
        )
        for r in records
    ]


def _group_docs(store: Store, model: type[Record], group_id: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    docs = []
    for month in months_between(start, end - dt.timedelta(days=1)):
        key: Hashable = (group_id, month)
        for doc in store.raw_by_index(model, 'group_month', key):
            if not doc.get('deleted') and start <= dt.date.fromisoformat(doc['date']) < end:
                docs.append(doc)
    return docs
