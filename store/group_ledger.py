"""A KWT's group ledger: members' harvests, the group's sales and costs, and each member's share.

Its periods are days, `[start, end)`. Month queries read the `group_month` index, never a whole table.
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
from models.permissions import may_keep_group_book
from models.programme import Programme

from .engine import Store
from .periods import months_between
from .saved import Saved, changed
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


async def _record_for_group(
    store: Store, actor: Account, record: GroupRecord, check: Callable[[Tx, Group], None] | None = None
) -> Saved[GroupRecord]:
    model = type(record)
    stamped = changed(record, recorded_by=actor.id)

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


@dataclass(frozen=True)
class MemberShare:
    participant_id: str
    name: str
    kg: Decimal
    share: int  # whole rupiah of the group's net income


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
    return GroupLedger(
        group_id=group_id,
        start=start,
        end=end,
        harvested_kg=sum(kg.values(), Decimal(0)),
        sold_kg=sum((s.kg for s in sales), Decimal(0)),
        revenue=revenue,
        expenses=spent,
        members=members,
    )


def _group_docs(store: Store, model: type[Record], group_id: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    docs = []
    for month in months_between(start, end - dt.timedelta(days=1)):
        key: Hashable = (group_id, month)
        for doc in store.raw_by_index(model, 'group_month', key):
            if start <= dt.date.fromisoformat(doc['date']) < end:
                docs.append(doc)
    return docs
