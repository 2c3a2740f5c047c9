"""Participants, their consent records, and groups (KWT): the coordinator's writes."""

from __future__ import annotations

import datetime as dt

from models.account import Account, Role, normalise_username
from models.base import DomainError
from models.participant import Consent, Group, Participant
from models.programme import Programme

from .audit import account_view, entry
from .engine import Store
from .tx import Tx

KEPT_APART = {'consents', 'group_id'}  # written by their own operations, with their own entries


async def save_participant(store: Store, participant: Participant, *, by: str = '-') -> Participant:
    """Create or update a participant. A phone number belongs to one participant only.

    Her consents and group are kept from the stored record: they have their own operations. A new phone
    number is also her new log-in (a trainee's username is her phone), in the same transaction. The trail keeps
    the fields that changed, as they were and as they are (her sensitive fields among them: coordinators only).
    """

    def save(tx: Tx) -> Participant:
        if participant.phone:
            for other_id in store.ids(Participant, 'phone', participant.phone):
                if other_id != participant.id and tx.exists(Participant, other_id):
                    raise DomainError('duplicate_phone', phone=participant.phone)
        current = tx.get(Participant, participant.id)
        record = participant
        if current is not None:
            record = participant.model_copy(update={'consents': current.consents, 'group_id': current.group_id})
            if participant.phone and participant.phone != current.phone:
                _follow_phone(tx, store, participant, by)
        tx.put(record)
        _trail_edit(tx, current, record, by)
        return record

    return await store.transact(save)


async def add_consent(store: Store, participant_id: str, consent: Consent) -> Participant:
    """Record her consent, and in the trail who recorded it (`consent.recorded_by`)."""

    def add(tx: Tx) -> Participant:
        person = tx.require(Participant, participant_id)
        changed = person.model_copy(update={'consents': [*person.consents, consent]})
        tx.put(changed)
        entry(tx, by=consent.recorded_by, action='participant.consent_add', target=participant_id,
              at=dt.datetime.now(dt.UTC), after=consent.model_dump(mode='json'))  # fmt: skip
        return changed

    return await store.transact(add)


async def withdraw_consent(store: Store, participant_id: str, consent_id: str, *, on: dt.date, by: str) -> Participant:
    """She takes a consent back: it stays on record, marked withdrawn on `on` by `by` (a second withdrawal
    keeps the first date)."""

    def withdrawn(tx: Tx) -> Participant:
        person = tx.require(Participant, participant_id)
        consent = next((c for c in person.consents if c.id == consent_id), None)
        if consent is None:
            raise DomainError('consent_unknown')
        if consent.withdrawn_on is not None:
            return person
        taken_back = consent.model_copy(update={'withdrawn_on': on, 'withdrawn_by': by})
        consents = [taken_back if c.id == consent_id else c for c in person.consents]
        changed = person.model_copy(update={'consents': consents})
        tx.put(changed)
        entry(tx, by=by, action='participant.consent_withdraw', target=participant_id, at=dt.datetime.now(dt.UTC),
              before=consent.model_dump(mode='json'), after=taken_back.model_dump(mode='json'))  # fmt: skip
        return changed

    return await store.transact(withdrawn)


async def save_group(store: Store, group: Group) -> Group:
    """Create a group or rename it; members and their chair change through `set_group_members`."""

    def save(tx: Tx) -> Group:
        current = tx.get(Group, group.id)
        kept = {'member_ids': current.member_ids, 'chair_id': current.chair_id} if current is not None else {}
        record = group.model_copy(update=kept)
        tx.put(record)
        if record.programme_id:
            programme = tx.require(Programme, record.programme_id)
            if record.id not in programme.group_ids:
                tx.put(programme.model_copy(update={'group_ids': [*programme.group_ids, record.id]}))
        return record

    return await store.transact(save)


async def set_group_members(store: Store, group_id: str, member_ids: list[str], chair_id: str | None) -> Group:
    """The group's members and its chair (one of them, or None). A participant is in one group at most: joining
    this one takes her out of her old one (and out of its chair)."""

    def save(tx: Tx) -> Group:
        group = tx.require(Group, group_id)
        wanted = list(dict.fromkeys(member_ids))
        if chair_id is not None and chair_id not in wanted:
            raise DomainError('group_chair_not_member')
        for participant_id in set(group.member_ids) - set(wanted):
            participant = tx.get(Participant, participant_id)
            if participant is not None and participant.group_id == group_id:
                tx.put(participant.model_copy(update={'group_id': None}))
        for participant_id in wanted:
            participant = tx.require(Participant, participant_id)
            if participant.group_id and participant.group_id != group_id:
                old = tx.get(Group, participant.group_id)
                if old is not None:
                    left = [m for m in old.member_ids if m != participant_id]
                    chair = None if old.chair_id == participant_id else old.chair_id
                    tx.put(old.model_copy(update={'member_ids': left, 'chair_id': chair}))
            if participant.group_id != group_id:
                tx.put(participant.model_copy(update={'group_id': group_id}))
        updated = group.model_copy(update={'member_ids': wanted, 'chair_id': chair_id})
        tx.put(updated)
        return updated

    return await store.transact(save)


def _follow_phone(tx: Tx, store: Store, participant: Participant, by: str) -> None:
    """Her trainee account's username becomes her new phone (audited); refused if another account has it."""
    username = normalise_username(participant.phone)
    hers = store.ids(Account, 'participant', participant.id)
    if any(tx.exists(Account, other) for other in store.ids(Account, 'username', username) - hers):
        raise DomainError('duplicate_phone', phone=participant.phone)
    now = dt.datetime.now(dt.UTC)
    for account_id in hers:
        account = tx.get(Account, account_id)
        if account is not None and account.role == Role.TRAINEE and account.username != username:
            changed = account.model_copy(update={'username': username})
            tx.put(changed)
            entry(tx, by=by, action='account.username', target=account.id, at=now,
                  before=account_view(account), after=account_view(changed))  # fmt: skip


def _trail_edit(tx: Tx, before: Participant | None, after: Participant, by: str) -> None:
    """The trail's entry of a participant added or edited: only the fields that changed, before and after (her
    consents and group have their own operations and entries). An edit that changes nothing leaves none."""
    old = before.model_dump(mode='json', exclude=KEPT_APART) if before is not None else {}
    new = after.model_dump(mode='json', exclude=KEPT_APART)
    blank = ('', None) if before is None else ()  # a new record's empty fields changed nothing
    changed = [k for k in new if k != 'id' and old.get(k) != new[k] and new[k] not in blank]
    if not changed:
        return
    entry(
        tx, by=by, action='participant.edit' if before is not None else 'participant.create', target=after.id,
        at=dt.datetime.now(dt.UTC), before={k: old.get(k) for k in changed} if before is not None else None,
        after={k: new[k] for k in changed},
    )  # fmt: skip
