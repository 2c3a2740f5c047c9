"""Attendance operations: check in once, mark by hand, close a day, cards; each change with its audit entry."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from models.attendance import (
    PRESENT,
    Attendance,
    Card,
    Method,
    Status,
    arrival_status,
    attendance_id,
    card_code,
    local_date,
    new_card_token,
)
from models.base import DomainError
from models.participant import Participant
from models.programme import Day, Programme

from .audit import change_entry
from .engine import Store
from .tx import Tx


@dataclass(frozen=True)
class CheckIn:
    """What a scan did: `already` when she had checked in before (nothing was written)."""

    attendance: Attendance
    already: bool
    participant: Participant
    day: Day
    programme: Programme


def day_and_programme(source: Store | Tx, day_id: str) -> tuple[Day, Programme]:
    """The day and its programme, from the store or inside a transaction; `checkin_unknown_day` otherwise."""
    day = source.get(Day, day_id)
    programme = source.get(Programme, day.programme_id) if day else None
    if day is None or programme is None:
        raise DomainError('checkin_unknown_day')
    return day, programme


async def check_in(
    store: Store,
    day_id: str,
    participant_id: str,
    *,
    arrived: dt.datetime,
    how: Method,
    by: str,
    queued: bool = False,
) -> CheckIn:
    """Record her arrival once. A second scan the same day changes nothing and says when she came.

    Refused: an unknown or closed day, a day that is not today where the programme is, a trainee not
    enrolled. The status follows the day's start and the late threshold. A `queued` scan (kept by her
    phone with no signal; its code already judged by the slot she scanned it in) counts on a day closed
    since: she was there in time, and the Alpa the closing gave her is replaced.
    """
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> CheckIn:
        day, programme = day_and_programme(tx, day_id)
        participant = tx.get(Participant, participant_id)
        if participant is None or participant_id not in programme.participant_ids:
            raise DomainError('checkin_not_enrolled', programme=programme.name)
        if local_date(arrived, programme) != day.date:
            raise DomainError('checkin_wrong_day', day=day.number, date=day.date.isoformat())
        record_id = attendance_id(day_id, participant_id)
        current = tx.get(Attendance, record_id)
        if current is not None and current.status in PRESENT:
            return CheckIn(current, True, participant, day, programme)
        if day.closed and not queued:
            raise DomainError('checkin_day_closed')
        record = Attendance(
            id=record_id, day_id=day_id, programme_id=programme.id, participant_id=participant_id,
            status=arrival_status(day, programme, arrived), at=arrived, how=how, by=by, marked_at=now,
        )  # fmt: skip
        tx.put(record)
        change_entry(tx, current, record, by=by, action='attendance.checkin', at=now, programme_id=programme.id)
        return CheckIn(record, False, participant, day, programme)

    return await store.transact(stage)


async def mark(
    store: Store, day_id: str, participant_id: str, status: Status, *, by: str, reason: str, arrived: dt.datetime
) -> Attendance:
    """A mark by hand (on her behalf): any status, with a reason. Hadir after the threshold becomes Terlambat."""
    reason = reason.strip()
    if not reason:
        raise DomainError('mark_needs_reason')
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Attendance:
        day, programme = day_and_programme(tx, day_id)
        if participant_id not in programme.participant_ids:
            raise DomainError('checkin_not_enrolled', programme=programme.name)
        final = status
        if status in PRESENT:
            final = arrival_status(day, programme, arrived) if status == Status.HADIR else status
        record_id = attendance_id(day_id, participant_id)
        current = tx.get(Attendance, record_id)
        record = Attendance(
            id=record_id, day_id=day_id, programme_id=programme.id, participant_id=participant_id, status=final,
            at=current.at if current is not None and current.status in PRESENT and final in PRESENT else arrived,
            how=Method.MANUAL, by=by, reason=reason[:300], marked_at=now,
        )  # fmt: skip
        tx.put(record)
        change_entry(
            tx, current, record, by=by, action='attendance.mark', at=now, programme_id=programme.id, note=reason
        )
        return record

    return await store.transact(stage)


async def close_day(store: Store, day_id: str, *, by: str) -> int:
    """Close the day: everyone enrolled and still unmarked becomes Alpa. Returns how many."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> int:
        day, programme = day_and_programme(tx, day_id)
        count = 0
        for participant_id in programme.participant_ids:
            record_id = attendance_id(day_id, participant_id)
            if tx.get(Attendance, record_id) is None:
                record = Attendance(
                    id=record_id, day_id=day_id, programme_id=programme.id, participant_id=participant_id,
                    status=Status.ALPA, at=now, how=Method.CLOSING, by=by, marked_at=now,
                )  # fmt: skip
                tx.put(record)
                change_entry(tx, None, record, by=by, action='attendance.close', at=now, programme_id=programme.id)
                count += 1
        tx.put(day.model_copy(update={'closed': True}))
        return count

    return await store.transact(stage)


async def reopen_day(store: Store, day_id: str, *, by: str) -> None:
    """Open a closed day again (Alpa marks stay until someone checks in or is marked)."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> None:
        day = tx.require(Day, day_id, 'checkin_unknown_day')
        opened = day.model_copy(update={'closed': False})
        tx.put(opened)
        change_entry(tx, day, opened, by=by, action='day.reopen', at=now, programme_id=day.programme_id)

    await store.transact(stage)


def roster(store: Store, day: Day, programme: Programme) -> list[tuple[Participant, Attendance | None]]:
    """The programme's trainees with their record of the day, by name."""
    marks = {a.participant_id: a for a in store.by_index(Attendance, 'day', day.id)}
    people = [p for p in (store.get(Participant, i) for i in programme.participant_ids) if p is not None]
    return [(p, marks.get(p.id)) for p in sorted(people, key=lambda p: p.name.lower())]


def present_count(store: Store, day_id: str) -> int:
    return sum(1 for doc in store.raw_by_index(Attendance, 'day', day_id) if doc['status'] in PRESENT)


# ---- cards -------------------------------------------------------------------------------------


def live_card(store: Store, participant_id: str, programme_id: str) -> Card | None:
    cards = [c for c in store.by_index(Card, 'participant', participant_id) if c.programme_id == programme_id]
    live = [c for c in cards if not c.revoked]
    return max(live, key=lambda c: c.issued_at) if live else None


async def ensure_cards(store: Store, programme_id: str, *, by: str) -> dict[str, Card]:
    """A live card for every trainee of the programme (issued now where missing), by participant id."""
    programme = store.get(Programme, programme_id)
    if programme is None:
        raise DomainError('not_found')
    now = dt.datetime.now(dt.UTC)
    cards: dict[str, Card] = {}
    new: list[Card] = []
    for participant_id in programme.participant_ids:
        card = live_card(store, participant_id, programme_id)
        if card is None:
            card = Card(id=new_card_token(), participant_id=participant_id, programme_id=programme_id, issued_at=now)
            new.append(card)
        cards[participant_id] = card
    if new:

        def stage(tx: Tx) -> None:
            for card in new:
                tx.put(card)
                change_entry(tx, None, card, by=by, action='card.issue', at=now, programme_id=programme_id)

        await store.transact(stage)
    return cards


async def reissue_card(store: Store, participant_id: str, programme_id: str, *, by: str) -> Card:
    """Revoke her live card (lost, or someone else has it) and issue a new one."""
    now = dt.datetime.now(dt.UTC)
    card = Card(id=new_card_token(), participant_id=participant_id, programme_id=programme_id, issued_at=now)

    def stage(tx: Tx) -> Card:
        for old_id in store.ids(Card, 'participant', participant_id):
            old = tx.get(Card, old_id)
            if old is not None and old.programme_id == programme_id and not old.revoked:
                revoked = old.model_copy(update={'revoked': True})
                tx.put(revoked)
                change_entry(tx, old, revoked, by=by, action='card.revoke', at=now, programme_id=programme_id)
        tx.put(card)
        change_entry(tx, None, card, by=by, action='card.issue', at=now, programme_id=programme_id)
        return card

    return await store.transact(stage)


def card_by_code(store: Store, code: str, programme_id: str) -> str:
    """The token of the card whose printed eight digits are `code`, among the programme's trainees' cards (a
    revoked one too, so the refusal can say it was revoked); '' when none."""
    programme = store.get(Programme, programme_id)
    for participant_id in programme.participant_ids if programme else []:
        for card in store.by_index(Card, 'participant', participant_id):
            if card.programme_id == programme_id and hmac.compare_digest(card_code(card.id), code):
                return card.id
    return ''


def card_holder(store: Store, token: str, programme_id: str) -> Participant:
    """The trainee a scanned card belongs to, for this programme; refused if revoked or foreign."""
    card = store.get(Card, token) if token and len(token) <= 64 else None
    if card is None:
        raise DomainError('card_unknown')
    if card.revoked:
        raise DomainError('card_revoked')
    if card.programme_id != programme_id:
        raise DomainError('card_other_programme')
    participant = store.get(Participant, card.participant_id)
    if participant is None:
        raise DomainError('card_unknown')
    return participant
