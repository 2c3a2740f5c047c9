"""The secretariat's register of villagers abroad and returned: its staff's writes and reads, each read of an entry
written to the trail, and a coordinator's erasure for good.

What every sensitive log of a secretariat shares lives here too, for `secretariat_logs.py` and `departure.py`: the
check that `by` serves the secretariat, made inside the transaction that reads or writes (`serving`); trail entries
that say who, which id and when, never what (`noted`); a record added once under the page's id (`add_once`) and
changed as a form has it (`revise`); and erasure, which deletes the records, notes it without their content and
takes a checkpoint at once, so the journal that held them is gone from the data folder (`erase_for_good`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from models.account import Account
from models.base import DomainError, Record
from models.departure import Checklist
from models.participant import Participant
from models.permissions import may_erase_from_register, may_serve_secretariat, may_set_up_secretariats
from models.register import (
    AbroadForm,
    Case,
    FamilyContact,
    RegisterConsent,
    RegisterEntry,
    ended_not_back,
    ends_soon,
)
from models.secretariat import Secretariat

from .audit import entry
from .engine import Store
from .saved import Saved
from .secretariats import members_reached
from .tx import Tx

R = TypeVar('R', bound=Record)
K = TypeVar('K', RegisterEntry, FamilyContact, Case, Checklist)  # a record kept for a secretariat
T = TypeVar('T')
Check = Callable[[Tx, Secretariat], None]


@dataclass(frozen=True)
class RegisterView:
    """The register as its page shows it: every entry by name, those whose contract ends within 90 days (soonest
    first), those whose contract has ended with no return written down, and how many are abroad and back."""

    entries: tuple[RegisterEntry, ...]
    soon: tuple[RegisterEntry, ...]
    overdue: tuple[RegisterEntry, ...]
    abroad: int
    returned: int


@dataclass(frozen=True)
class EntryView:
    """One entry as its page shows it: the entry, the name of the participant she is linked to, and how many
    family contacts and cases are about her."""

    entry: RegisterEntry
    participant: str
    contacts: int
    cases: int


@dataclass(frozen=True)
class Erased:
    """What an erasure took away: the record, and the log entries about her that went with it."""

    record_id: str
    contacts: int = 0
    cases: int = 0


# ---- reads, each in the trail -------------------------------------------------------------------------------


async def open_register(store: Store, secretariat_id: str, *, by: str, today: dt.date) -> RegisterView:
    """The register of a secretariat she serves; the entries shown are noted in the trail by their ids."""

    def stage(tx: Tx) -> RegisterView:
        serving(tx, secretariat_id, by)
        entries = sorted(of_secretariat(store, RegisterEntry, secretariat_id), key=lambda e: e.name.casefold())
        noted(tx, 'entry_list', secretariat_id, by, ids=[e.id for e in entries])
        soon = sorted((e for e in entries if ends_soon(e, today)), key=lambda e: (e.contract_end, e.name))
        overdue = sorted((e for e in entries if ended_not_back(e, today)), key=lambda e: (e.contract_end, e.name))
        back = sum(1 for e in entries if e.returned)
        return RegisterView(tuple(entries), tuple(soon), tuple(overdue), len(entries) - back, back)

    return await store.transact(stage)


async def open_entry(store: Store, secretariat_id: str, entry_id: str, *, by: str) -> EntryView:
    """One entry of a secretariat she serves (`not_found` for another's), its view noted in the trail."""

    def stage(tx: Tx) -> EntryView:
        serving(tx, secretariat_id, by)
        found = own(tx, RegisterEntry, entry_id, secretariat_id)
        noted(tx, 'entry_view', entry_id, by)
        person = tx.get(Participant, found.participant_id) if found.participant_id else None
        return EntryView(
            found, person.name if person else '', len(about(store, FamilyContact, entry_id)),
            len(about(store, Case, entry_id)),
        )  # fmt: skip

    return await store.transact(stage)


def entry_names(store: Store, secretariat_id: str) -> dict[str, str]:
    """The register as a log's form offers it to pick from (id → `name · country`), by name. Only for a page the
    caller has been let into (`serving` checked by the page's own read, which is in the trail)."""
    entries = sorted(of_secretariat(store, RegisterEntry, secretariat_id), key=lambda e: e.name.casefold())
    return {e.id: f'{e.name} · {e.country}' for e in entries}


def participant_choices(store: Store, secretariat: Secretariat, account: Account) -> dict[str, str]:
    """Whom a returnee may be linked to (id → name): the participants the secretariat reaches (its groups and
    programmes), and for a coordinator every participant."""
    if may_set_up_secretariats(account):
        people = store.all(Participant)
    else:
        people = [p for pid in members_reached(store, secretariat) if (p := store.get(Participant, pid)) is not None]
    return {p.id: p.name for p in sorted(people, key=lambda p: p.name.casefold())}


# ---- writes ---------------------------------------------------------------------------------------------------


async def add_entry(
    store: Store, secretariat_id: str, form: AbroadForm, consent: RegisterConsent, *, entry_id: str, by: str
) -> Saved[RegisterEntry]:
    """A new entry under the consent given, with the id the page made for it (a second tap finds it saved)."""
    record = RegisterEntry(
        id=entry_id, secretariat_id=secretariat_id, **form.model_dump(),
        consent=consent.model_copy(update={'recorded_by': by}), created_at=dt.datetime.now(dt.UTC), created_by=by,
    )  # fmt: skip

    def may_link(tx: Tx, secretariat: Secretariat) -> None:
        _may_link(tx, store, secretariat, by, form.participant_id)

    return await add_once(store, record, by=by, kind='entry', check=may_link)


async def update_entry(store: Store, secretariat_id: str, entry_id: str, form: AbroadForm, *, by: str) -> RegisterEntry:
    """The entry as the form has it; its consent stays as it was given."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> RegisterEntry:
        secretariat = serving(tx, secretariat_id, by)
        current = own(tx, RegisterEntry, entry_id, secretariat_id)
        if form.participant_id != current.participant_id:
            _may_link(tx, store, secretariat, by, form.participant_id)
        return revise(tx, current, form, by=by, kind='entry', at=now)

    return await store.transact(stage)


async def erase_entry(store: Store, secretariat_id: str, entry_id: str, *, by: str) -> Erased:
    """Her entry erased for good on her request, with the family contacts and cases about her (a coordinator's)."""

    def stage(tx: Tx) -> Erased:
        erasing(tx, secretariat_id, by)
        own(tx, RegisterEntry, entry_id, secretariat_id)
        contacts = [c.id for c in about(store, FamilyContact, entry_id)]
        cases = [c.id for c in about(store, Case, entry_id)]
        tx.delete(RegisterEntry, entry_id)
        for contact_id in contacts:
            tx.delete(FamilyContact, contact_id)
        for case_id in cases:
            tx.delete(Case, case_id)
        noted(tx, 'entry_erase', entry_id, by, ids=[*contacts, *cases])
        return Erased(entry_id, len(contacts), len(cases))

    return await erase_for_good(store, stage)


def _may_link(tx: Tx, store: Store, secretariat: Secretariat, by: str, participant_id: str | None) -> None:
    """A returnee linked to a participant she may pick (`participant_choices`)."""
    if not participant_id:
        return
    account = tx.get(Account, by)
    if account is None or participant_id not in participant_choices(store, secretariat, account):
        raise DomainError('register_participant_unknown')


# ---- what the sensitive logs share ---------------------------------------------------------------------------


def serving(tx: Tx, secretariat_id: str, by: str) -> Secretariat:
    """The secretariat, when the account `by` may serve it now (its staff, the coordinators; not disabled since
    the page opened); `register_not_yours` otherwise, for an unknown secretariat alike."""
    account, secretariat = tx.get(Account, by), tx.get(Secretariat, secretariat_id)
    if account is None or account.disabled or secretariat is None or not may_serve_secretariat(account, secretariat):
        raise DomainError('register_not_yours')
    return secretariat


def erasing(tx: Tx, secretariat_id: str, by: str) -> Secretariat:
    """`serving`, for an erasure: a coordinator's (`erase_coordinators_only`)."""
    secretariat = serving(tx, secretariat_id, by)
    account = tx.get(Account, by)
    if account is None or not may_erase_from_register(account):
        raise DomainError('erase_coordinators_only')
    return secretariat


def own(tx: Tx, model: type[R], record_id: str, secretariat_id: str) -> R:
    """A record of this secretariat's logs; `not_found` for none, and for another secretariat's alike."""
    found = tx.get(model, record_id)
    if found is None or getattr(found, 'secretariat_id', None) != secretariat_id:
        raise DomainError('not_found')
    return found


def noted(tx: Tx, action: str, target: str, by: str, *, at: dt.datetime | None = None,
          ids: Iterable[str] | None = None) -> None:  # fmt: skip
    """The trail's entry `register.<action>` for `target`: who, which id (and the ids of what a list showed or an
    erasure took with it), when; never a word of the record."""
    after: dict[str, Any] | None = {'ids': list(ids)} if ids is not None else None
    entry(tx, by=by, action=f'register.{action}', target=target, at=at or dt.datetime.now(dt.UTC), after=after)


async def add_once(store: Store, record: K, *, by: str, kind: str, check: Check | None = None) -> Saved[K]:
    """A new record of a secretariat's register or logs (`kind`: the trail's word for it) under the id the page made
    for it: a second tap finds it saved (`duplicate`, nothing changed). `check` refuses what it may not hold."""

    def stage(tx: Tx) -> Saved[K]:
        secretariat = serving(tx, record.secretariat_id, by)
        if tx.get(type(record), record.id) is not None:
            return Saved('duplicate', own(tx, type(record), record.id, record.secretariat_id))
        if check is not None:
            check(tx, secretariat)
        tx.put(record)
        noted(tx, f'{kind}_create', record.id, by, at=record.created_at)
        return Saved('applied', record)

    return await store.transact(stage)


def revise(tx: Tx, current: K, form: BaseModel, *, by: str, kind: str, at: dt.datetime) -> K:
    """`current` as `form` has it, saved and noted in the trail only when that changes anything."""
    updated = type(current).model_validate(current.model_dump() | form.model_dump() | {'updated_at': at})
    if updated.model_dump(exclude={'updated_at'}) != current.model_dump(exclude={'updated_at'}):
        tx.put(updated)
        noted(tx, f'{kind}_edit', current.id, by, at=at)
    return updated


async def erase_record(store: Store, model: type[R], secretariat_id: str, record_id: str, *, by: str,
                       kind: str) -> Erased:  # fmt: skip
    """One record erased for good on the request of the person it is about (a coordinator's), noted without it."""

    def stage(tx: Tx) -> Erased:
        erasing(tx, secretariat_id, by)
        own(tx, model, record_id, secretariat_id)
        tx.delete(model, record_id)
        noted(tx, f'{kind}_erase', record_id, by)
        return Erased(record_id)

    return await erase_for_good(store, stage)


def of_secretariat(store: Store, model: type[R], secretariat_id: str) -> list[R]:
    return store.by_index(model, 'secretariat', secretariat_id)


def about(store: Store, model: type[R], entry_id: str) -> list[R]:
    """The family contacts or cases about a register entry."""
    return store.by_index(model, 'entry', entry_id)


async def erase_for_good(store: Store, stage: Callable[[Tx], T]) -> T:
    """Run an erasure's transaction, then a checkpoint: the snapshot is written without the records and the
    journal files that held them are removed, so no byte of them stays in the data folder."""
    erased = await store.transact(stage)
    await store.checkpoint()
    return erased
