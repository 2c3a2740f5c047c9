"""A secretariat's help desk: messages that come in from its public page, its inbox, and what its staff do with a
message (status, notes), each checked inside its transaction against `models.permissions`.

The inbox is sensitive. Every opening of a message, and every reading of the inbox's JSON, is written to the audit
trail before its content is handed out (who, when, which message ids), and nothing of a message's content (her
text, name, number, country, the staff's notes) ever goes into an entry. So a coordinator's erasure (`erase`)
deletes the one record that holds it, and the checkpoint that follows leaves no byte of it in the data folder:
the snapshot is written anew and the journal files before it are removed.

A flood cannot fill the inbox: at most DAILY_CAP new messages a secretariat a day (WIB); the same message sent
again (a second tap, a retry on a weak signal) is found, not saved twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from models.account import Account
from models.base import DomainError
from models.helpdesk import HelpdeskMessage, MessageForm, MessageStatus, StaffNote
from models.permissions import may_erase_helpdesk_message, may_serve_secretariat
from models.programme import Zone
from models.secretariat import Secretariat

from .audit import entry
from .engine import Store
from .saved import Saved
from .tx import Tx

DAILY_CAP = 50  # new messages a secretariat takes a day; a village desk gets a few
REPEAT_WINDOW = dt.timedelta(hours=1)  # the same number and text again within this: the same message
API_LIMIT = 200  # newest messages the JSON gives at once
ZONE = Zone.WIB  # the day the cap counts: Indonesia's western time, the demo's village's


@dataclass(frozen=True)
class InboxRow:
    """A message as the inbox lists it: who writes (kind), from where, when, where it stands. Not her name, number
    or text: those are read by opening it, and every opening is on the trail."""

    id: str
    kind: str
    country: str
    received_at: dt.datetime
    status: MessageStatus
    notes: int


@dataclass(frozen=True)
class Inbox:
    """A secretariat's inbox: its messages of the chosen status (all for None), newest first, and how many it
    holds of each status."""

    secretariat: Secretariat
    rows: tuple[InboxRow, ...]
    counts: dict[MessageStatus, int]
    status: MessageStatus | None


@dataclass(frozen=True)
class MessageView:
    """One message opened by its staff: the message, its secretariat, and the names of the accounts on it
    (who set its status, who wrote each note)."""

    message: HelpdeskMessage
    secretariat: Secretariat
    names: dict[str, str]


# ---- from the public page --------------------------------------------------------------------------------------


async def receive(store: Store, secretariat_id: str, form: MessageForm, *, now: dt.datetime) -> Saved[HelpdeskMessage]:
    """A message from the public form into the secretariat's inbox, new. The same number and text again within
    REPEAT_WINDOW is the message already saved (`duplicate`). Refused: a closed or unknown secretariat
    (`helpdesk_closed`), a full day (`helpdesk_full`)."""

    def stage(tx: Tx) -> Saved[HelpdeskMessage]:
        secretariat = tx.get(Secretariat, secretariat_id)
        if secretariat is None or not secretariat.active:
            raise DomainError('helpdesk_closed')
        held = store.raw_by_index(HelpdeskMessage, 'secretariat', secretariat_id)
        for doc in held:
            if doc['phone'] == form.phone and doc['text'] == form.text and _since(doc, now) < REPEAT_WINDOW:
                return Saved('duplicate', HelpdeskMessage.model_validate(doc))
        today = now.astimezone(ZONE.tz).date()
        if sum(_received(doc).astimezone(ZONE.tz).date() == today for doc in held) >= DAILY_CAP:
            raise DomainError('helpdesk_full', most=DAILY_CAP)
        message = HelpdeskMessage(secretariat_id=secretariat_id, received_at=now, **form.model_dump())
        tx.put(message)
        return Saved('applied', message)

    return await store.transact(stage)


def _received(doc: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(str(doc['received_at']))


def _since(doc: dict[str, Any], now: dt.datetime) -> dt.timedelta:
    return now - _received(doc)


# ---- the staff's inbox -----------------------------------------------------------------------------------------


def inbox(store: Store, secretariat: Secretariat, status: MessageStatus | None = None) -> Inbox:
    """The secretariat's inbox (of `status`, or all), newest first. Only the secretariat's staff and coordinators
    may be shown it: the page asks `may_serve_secretariat` first."""
    docs = store.raw_by_index(HelpdeskMessage, 'secretariat', secretariat.id)
    counts = Counter(MessageStatus(doc['status']) for doc in docs)
    chosen = [doc for doc in docs if status is None or doc['status'] == status]
    chosen.sort(key=lambda doc: (_received(doc), doc['id']), reverse=True)
    rows = tuple(_row(doc) for doc in chosen)
    return Inbox(secretariat, rows, {s: counts.get(s, 0) for s in MessageStatus}, status)


def _row(doc: dict[str, Any]) -> InboxRow:
    return InboxRow(
        id=doc['id'], kind=doc['kind'], country=doc['country'], received_at=_received(doc),
        status=MessageStatus(doc['status']), notes=len(doc['notes']),
    )  # fmt: skip


def new_count(store: Store, secretariat_id: str) -> int:
    """How many of its messages are still new (for the staff's home)."""
    docs = store.raw_by_index(HelpdeskMessage, 'secretariat', secretariat_id)
    return sum(doc['status'] == MessageStatus.NEW for doc in docs)


async def open_message(store: Store, secretariat_id: str, message_id: str, *, by: str) -> MessageView | None:
    """The message, for its secretariat's staff or a coordinator, once the trail says who opened it and when
    (`helpdesk.view`, no content). None for a message that is not there or not this secretariat's; a reader who
    may not serve the secretariat is refused (`helpdesk_not_yours`)."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> tuple[HelpdeskMessage, Secretariat] | None:
        secretariat = _served(tx, secretariat_id, by)
        message = tx.get(HelpdeskMessage, message_id)
        if message is None or message.secretariat_id != secretariat_id:
            return None
        entry(tx, by=by, action='helpdesk.view', target=message.id, at=now)
        return message, secretariat

    found = await store.transact(stage)
    if found is None:
        return None
    message, secretariat = found
    return MessageView(message, secretariat, _names(store, message))


async def messages_for_api(
    store: Store, secretariat: Secretariat, *, by: str, limit: int = API_LIMIT
) -> list[HelpdeskMessage]:
    """Its newest `limit` messages whole, for its staff's JSON; the reading is on the trail with the ids it gave
    (`helpdesk.api`), before they are given."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> list[HelpdeskMessage]:
        _served(tx, secretariat.id, by)
        docs = store.raw_by_index(HelpdeskMessage, 'secretariat', secretariat.id)
        docs = sorted(docs, key=lambda doc: (_received(doc), doc['id']), reverse=True)[:limit]
        ids = [doc['id'] for doc in docs]
        entry(tx, by=by, action='helpdesk.api', target=secretariat.id, at=now, after={'message_ids': ids})
        return [HelpdeskMessage.model_validate(doc) for doc in docs]

    return await store.transact(stage)


# ---- what the staff do with a message --------------------------------------------------------------------------


async def set_status(store: Store, message_id: str, status: MessageStatus, *, by: str) -> HelpdeskMessage:
    """Move the message to `status` (who and when kept on it); the trail has the move, before and after. The same
    status again changes nothing."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> HelpdeskMessage:
        message = _message(tx, message_id, by)
        if message.status == status:
            return message
        updated = message.model_copy(update={'status': status, 'status_by': by, 'status_at': now})
        tx.put(updated)
        entry(
            tx, by=by, action='helpdesk.status', target=message.id, at=now,
            before={'status': message.status.value}, after={'status': status.value},
        )  # fmt: skip
        return updated

    return await store.transact(stage)


async def add_note(store: Store, message_id: str, text: str, *, by: str) -> HelpdeskMessage:
    """A staff note on the message (what was done, whom she called). The trail says a note was written, by whom and
    when, never what it says: it is erased with the message. A note `StaffNote` refuses raises ValidationError."""
    now = dt.datetime.now(dt.UTC)
    note = StaffNote(by=by, at=now, text=text)

    def stage(tx: Tx) -> HelpdeskMessage:
        message = _message(tx, message_id, by)
        updated = message.model_copy(update={'notes': [*message.notes, note]})
        tx.put(updated)
        entry(tx, by=by, action='helpdesk.note', target=message.id, at=now)
        return updated

    return await store.transact(stage)


async def erase(store: Store, message_id: str, *, by: str) -> None:
    """Delete the message for good, on the request of whoever sent it: a coordinator's act (`helpdesk_erase_
    coordinators`). The trail keeps that it was erased, by whom, when, and when it came, never its content; the
    checkpoint that follows rewrites the snapshot and removes the journal that held it."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> None:
        message = _message(tx, message_id, by)
        account = tx.get(Account, by)
        if account is None or not may_erase_helpdesk_message(account):
            raise DomainError('helpdesk_erase_coordinators')
        tx.delete(HelpdeskMessage, message.id)
        before = {'status': message.status.value, 'received_at': message.received_at.isoformat()}
        entry(tx, by=by, action='helpdesk.erase', target=message.id, at=now, before=before)

    await store.transact(stage)
    await store.checkpoint()


# ---- checks and look-ups ---------------------------------------------------------------------------------------


def _served(tx: Tx, secretariat_id: str, by: str) -> Secretariat:
    """The secretariat, when `by` may serve it now (its staff, a coordinator); else `helpdesk_not_yours`."""
    secretariat = tx.get(Secretariat, secretariat_id)
    account = tx.get(Account, by)
    if secretariat is None or account is None or not may_serve_secretariat(account, secretariat):
        raise DomainError('helpdesk_not_yours')
    return secretariat


def _message(tx: Tx, message_id: str, by: str) -> HelpdeskMessage:
    """The message, when `by` may serve its secretariat; a message gone (erased) is `helpdesk_gone`."""
    message = tx.get(HelpdeskMessage, message_id)
    if message is None:
        raise DomainError('helpdesk_gone')
    _served(tx, message.secretariat_id, by)
    return message


def _names(store: Store, message: HelpdeskMessage) -> dict[str, str]:
    ids = {message.status_by, *(note.by for note in message.notes)} - {''}
    accounts = (store.get(Account, account_id) for account_id in ids)
    return {a.id: a.name for a in accounts if a is not None}
