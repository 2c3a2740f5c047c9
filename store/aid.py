"""Aid operations: a programme's items, handing them over, the recipient's confirmation, and what is still
to hand over. Every change is saved with its audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from models import permissions
from models.account import Account
from models.aid import AidItem, Confirmation, Handover, Recipient
from models.base import DomainError
from models.participant import Group, Participant
from models.programme import Programme

from .audit import change_entry
from .engine import Store
from .tx import Tx

# ---- reading -----------------------------------------------------------------------------------


def items_of(store: Store, programme_id: str) -> list[AidItem]:
    return sorted(store.by_index(AidItem, 'programme', programme_id), key=lambda i: (i.recipient, i.name.lower()))


def handovers_of(store: Store, programme_id: str, *, cancelled: bool = False) -> list[Handover]:
    """The programme's handovers, oldest first; without the cancelled ones unless asked."""
    found = [h for h in store.by_index(Handover, 'programme', programme_id) if cancelled or not h.cancelled]
    return sorted(found, key=lambda h: (h.handed_on, h.recorded_at, h.id))


def groups_of(store: Store, programme: Programme) -> list[Group]:
    """The programme's groups: those it lists, and those that name it."""
    ids = list(dict.fromkeys([*programme.group_ids, *store.ids(Group, 'programme', programme.id)]))
    return sorted((g for g in (store.get(Group, i) for i in ids) if g is not None), key=lambda g: g.name.lower())


def trainees_of(store: Store, programme: Programme) -> list[Participant]:
    people = (store.get(Participant, i) for i in programme.participant_ids)
    return sorted((p for p in people if p is not None), key=lambda p: p.name.lower())


def recipient_name(store: Store, handover: Handover) -> str:
    if handover.participant_id:
        person = store.get(Participant, handover.participant_id)
        return person.name if person else '?'
    group = store.get(Group, handover.group_id or '')
    return group.name if group else '?'


def may_confirm(store: Store, handover: Handover, participant_id: str | None) -> bool:
    """She may confirm her own handover, and her group's (the KWT's chair ticks for the group)."""
    return permissions.may_confirm(handover, participant_id, store.get(Group, handover.group_id or ''))


def her_handovers(store: Store, participant_id: str) -> list[Handover]:
    """What was handed to her, or to a group she is in; newest first, without the cancelled ones."""
    found = {h.id: h for h in store.by_index(Handover, 'participant', participant_id)}
    person = store.get(Participant, participant_id)
    group_ids = {g.id for g in store.all(Group) if participant_id in g.member_ids}
    if person is not None and person.group_id:
        group_ids.add(person.group_id)
    for group_id in group_ids:
        found.update({h.id: h for h in store.by_index(Handover, 'group', group_id)})
    live = [h for h in found.values() if not h.cancelled]
    return sorted(live, key=lambda h: (h.handed_on, h.recorded_at), reverse=True)


def bast_seq(store: Store, handover: Handover) -> int:
    """The handover's place among its agency's *berita acara* of that year (1 for the first): the handovers to a
    group of every programme of the same agency, handed over that year, in the order they were recorded. The
    cancelled ones count too, so a number once printed never changes."""
    programme = store.get(Programme, handover.programme_id)
    if programme is None:
        return 1
    agency = _agency(programme)
    same = {p.id for p in store.all(Programme) if _agency(p) == agency}
    mark = (handover.recorded_at, handover.id)
    return 1 + sum(
        1
        for h in store.all(Handover)
        if h.group_id and h.programme_id in same and h.handed_on.year == handover.handed_on.year
        and (h.recorded_at, h.id) < mark
    )  # fmt: skip


def _agency(programme: Programme) -> str:
    """Which agency numbers a programme's letters: its code, else its name."""
    return (programme.agency_code or programme.agency).strip().lower()


@dataclass(frozen=True)
class Pending:
    """A recipient who has not had an item yet."""

    item: AidItem
    recipient_id: str
    name: str
    village: str


def still_to_hand(store: Store, programme_id: str) -> list[Pending]:
    """Each item's recipients without a handover of it: the trainees enrolled, or the programme's groups."""
    programme = store.get(Programme, programme_id)
    if programme is None:
        return []
    handed = {(h.item_id, h.participant_id or h.group_id) for h in handovers_of(store, programme_id)}
    trainees = [(p.id, p.name, p.village) for p in trainees_of(store, programme)]
    groups = [(g.id, g.name, g.village) for g in groups_of(store, programme)]
    pending = []
    for item in items_of(store, programme_id):
        candidates = trainees if item.recipient == Recipient.TRAINEE else groups
        pending += [Pending(item, i, name, village) for i, name, village in candidates if (item.id, i) not in handed]
    return pending


@dataclass(frozen=True)
class AidTotals:
    """A programme's aid in numbers, for the outcomes. Values are whole rupiah."""

    items: int
    planned_units: int
    planned_value: int
    handed_units: int
    handed_value: int
    handovers: int
    confirmed: int
    pending: int  # recipients still to hand an item to


def aid_totals(store: Store, programme_id: str) -> AidTotals:
    items = items_of(store, programme_id)
    handovers = handovers_of(store, programme_id)
    return AidTotals(
        items=len(items),
        planned_units=sum(i.quantity for i in items),
        planned_value=sum(i.total_value for i in items),
        handed_units=sum(h.quantity for h in handovers),
        handed_value=sum(h.value for h in handovers),
        handovers=len(handovers),
        confirmed=sum(1 for h in handovers if h.confirmed),
        pending=len(still_to_hand(store, programme_id)),
    )


# ---- items -------------------------------------------------------------------------------------


async def save_item(store: Store, item: AidItem, *, by: str) -> AidItem:
    """Create or change an item. Its quantity may not fall below what was handed over already."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> AidItem:
        tx.require(Programme, item.programme_id)
        current = tx.get(AidItem, item.id)
        if current is not None and current.programme_id != item.programme_id:
            raise DomainError('not_found')
        handed = _live(tx, store, item.id)
        if current is not None and handed and current.recipient != item.recipient:
            raise DomainError('aid_item_has_handovers')
        if sum(h.quantity for h in handed) > item.quantity:
            raise DomainError('aid_quantity_below_handed', handed=sum(h.quantity for h in handed))
        tx.put(item)
        change_entry(tx, current, item, by=by, action='aid.item_save', at=now, programme_id=item.programme_id)
        return item

    return await store.transact(stage)


async def delete_item(store: Store, item_id: str, *, by: str) -> None:
    """Remove an item that nobody has received yet."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> None:
        item = tx.require(AidItem, item_id)
        if _live(tx, store, item_id):
            raise DomainError('aid_item_has_handovers')
        tx.delete(AidItem, item_id)
        change_entry(tx, item, None, by=by, action='aid.item_delete', at=now, programme_id=item.programme_id)

    await store.transact(stage)


def _live(tx: Tx, store: Store, item_id: str) -> list[Handover]:
    """The item's handovers not cancelled, as the transaction sees them."""
    item = tx.get(AidItem, item_id)
    if item is None:
        return []
    found = (tx.get(Handover, i) for i in store.ids(Handover, 'programme', item.programme_id))
    return [h for h in found if h is not None and h.item_id == item_id and not h.cancelled]


# ---- handing over ------------------------------------------------------------------------------


async def hand_over(
    store: Store,
    item_id: str,
    *,
    recipients: Iterable[str],
    handed_on: dt.date,
    by: str,
    note: str = '',
    now: dt.datetime | None = None,
) -> list[Handover]:
    """Record the item handed to each recipient (trainees or groups, as the item is for), all or none.

    Refused: a recipient outside the programme, one who has had this item already, more than the item's
    quantity in all. Each handover waits for her confirmation.
    """
    moment = now or dt.datetime.now(dt.UTC)
    wanted = list(dict.fromkeys(recipients))
    if not wanted:
        raise DomainError('aid_no_recipient')

    def stage(tx: Tx) -> list[Handover]:
        item = tx.require(AidItem, item_id)
        programme = tx.require(Programme, item.programme_id)
        live = _live(tx, store, item_id)
        had = {h.participant_id or h.group_id for h in live}
        left = item.quantity - sum(h.quantity for h in live)
        if len(wanted) * item.per_recipient > left:
            raise DomainError('aid_exceeds_quantity', left=left, unit=item.unit)
        group_ids = {g.id for g in groups_of(store, programme)}
        made = []
        for recipient in wanted:
            name = _check_recipient(tx, item, programme, group_ids, recipient)
            if recipient in had:
                raise DomainError('aid_already_handed', name=name, item=item.name)
            handover = Handover(
                programme_id=programme.id, item_id=item.id, quantity=item.per_recipient, unit_value=item.unit_value,
                handed_on=handed_on, handed_by=by, recorded_at=moment, note=note.strip()[:300],
                participant_id=recipient if item.recipient == Recipient.TRAINEE else None,
                group_id=recipient if item.recipient == Recipient.GROUP else None,
            )  # fmt: skip
            tx.put(handover)
            change_entry(
                tx, None, handover, by=by, action='aid.handover', at=moment, programme_id=programme.id,
                note=handover.note,
            )  # fmt: skip
            made.append(handover)
        return made

    return await store.transact(stage)


def _check_recipient(tx: Tx, item: AidItem, programme: Programme, group_ids: set[str], recipient: str) -> str:
    if item.recipient == Recipient.TRAINEE:
        person = tx.get(Participant, recipient)
        if person is None or recipient not in programme.participant_ids:
            raise DomainError('aid_not_in_programme')
        return person.name
    group = tx.get(Group, recipient)
    if group is None or recipient not in group_ids:
        raise DomainError('aid_not_in_programme')
    return group.name


async def confirm_received(
    store: Store, handover_id: str, account: Account, *, now: dt.datetime | None = None
) -> Handover:
    """She ticks "sudah diterima" on her phone: her own handover, or her group's. A second tick changes nothing."""
    moment = now or dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Handover:
        handover = tx.get(Handover, handover_id)
        if handover is None or not may_confirm(store, handover, account.participant_id):
            raise DomainError('not_found')  # someone else's: say nothing about it
        if handover.cancelled:
            raise DomainError('aid_cancelled')
        if handover.confirmed:
            return handover
        return _confirm(tx, handover, Confirmation.PHONE, by=account.id, receiver=account.name, at=moment)

    return await store.transact(stage)


async def record_paper_signature(
    store: Store, handover_id: str, *, by: str, receiver_name: str, now: dt.datetime | None = None
) -> Handover:
    """The coordinator records that the recipient signed the paper receipt; `receiver_name` is who signed."""
    moment = now or dt.datetime.now(dt.UTC)
    signer = receiver_name.strip()
    if len(signer) < 2:
        raise DomainError('aid_signer_required')

    def stage(tx: Tx) -> Handover:
        handover = tx.require(Handover, handover_id)
        if handover.cancelled:
            raise DomainError('aid_cancelled')
        if handover.confirmed:
            raise DomainError('aid_already_confirmed')
        return _confirm(tx, handover, Confirmation.PAPER, by=by, receiver=signer, at=moment)

    return await store.transact(stage)


def _confirm(tx: Tx, handover: Handover, how: Confirmation, *, by: str, receiver: str, at: dt.datetime) -> Handover:
    """Stage the handover confirmed `how` (her tick, or the paper she signed), with its entry in the trail."""
    confirmed = handover.model_copy(
        update={'confirmed_at': at, 'confirmation': how, 'confirmed_by': by, 'receiver_name': receiver[:120]}
    )
    tx.put(confirmed)  # validated there: a confirmation is complete or refused
    change_entry(
        tx, handover, confirmed, by=by, action='aid.confirm', at=at, programme_id=handover.programme_id, note=how.value
    )
    return confirmed


async def cancel_handover(
    store: Store, handover_id: str, *, by: str, reason: str, now: dt.datetime | None = None
) -> Handover:
    """Take back a handover recorded by mistake, with a reason; never one she has confirmed."""
    moment = now or dt.datetime.now(dt.UTC)
    why = reason.strip()
    if not why:
        raise DomainError('aid_cancel_needs_reason')

    def stage(tx: Tx) -> Handover:
        handover = tx.get(Handover, handover_id)
        if handover is None or handover.cancelled:
            raise DomainError('not_found')
        if handover.confirmed:
            raise DomainError('aid_already_confirmed')
        cancelled = handover.model_copy(update={'cancelled': True, 'cancel_reason': why[:300]})
        tx.put(cancelled)
        change_entry(
            tx, handover, cancelled, by=by, action='aid.cancel', at=moment, programme_id=handover.programme_id, note=why
        )
        return cancelled

    return await store.transact(stage)
