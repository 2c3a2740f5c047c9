"""A secretariat's two logs about people abroad: the family-contact log (`FamilyContact`: a family asks it to
reach a member abroad, or a worker abroad asks it to reach her family) and the case and referral log (`Case`:
unpaid wages, a worker out of contact, signs of trafficking, violence, referred to the agency, the social or
manpower office, the police or a forum). Both are kept, read and erased as the register is (`store/register.py`):
its staff and the coordinators, every list shown noted in the trail by ids, a coordinator's erasure for good.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from models.register import OPEN_CASE, Case, CaseForm, ContactForm, ContactOutcome, FamilyContact, RegisterEntry

from .engine import Store
from .register import Erased, add_once, erase_record, noted, of_secretariat, own, revise, serving
from .saved import Saved
from .tx import Tx

Log = TypeVar('Log', FamilyContact, Case)
ACTIONS = {FamilyContact: 'contact', Case: 'case'}  # the trail's `register.<this>_<verb>`


@dataclass(frozen=True)
class LogView:
    """A log as its page shows it: open ones first, then those ended, newest first in each; and the register's
    names of the entries they are about (entry id → name)."""

    records: tuple[FamilyContact, ...] | tuple[Case, ...]
    names: dict[str, str]
    open: int


def is_open(record: FamilyContact | Case) -> bool:
    if isinstance(record, FamilyContact):
        return record.outcome == ContactOutcome.OPEN
    return record.status in OPEN_CASE


def started(record: FamilyContact | Case) -> dt.date:
    return record.asked_on if isinstance(record, FamilyContact) else record.opened_on


async def open_log(store: Store, model: type[Log], secretariat_id: str, *, by: str) -> LogView:
    """The log of a secretariat she serves; what it shows is noted in the trail by ids."""

    def stage(tx: Tx) -> LogView:
        serving(tx, secretariat_id, by)
        records = of_secretariat(store, model, secretariat_id)
        records.sort(key=lambda r: (is_open(r), started(r), r.created_at), reverse=True)
        noted(tx, f'{ACTIONS[model]}_list', secretariat_id, by, ids=[r.id for r in records])
        names = {}
        for entry_id in {r.entry_id for r in records if r.entry_id}:
            entry = tx.get(RegisterEntry, entry_id)
            names[entry_id] = entry.name if entry else ''
        return LogView(tuple(records), names, sum(1 for r in records if is_open(r)))  # type: ignore[arg-type]

    return await store.transact(stage)


async def add_contact(
    store: Store, secretariat_id: str, form: ContactForm, *, record_id: str, by: str
) -> Saved[FamilyContact]:
    return await _add(store, FamilyContact, secretariat_id, form, record_id, by)


async def add_case(store: Store, secretariat_id: str, form: CaseForm, *, record_id: str, by: str) -> Saved[Case]:
    return await _add(store, Case, secretariat_id, form, record_id, by)


async def update_contact(
    store: Store, secretariat_id: str, record_id: str, form: ContactForm, *, by: str
) -> FamilyContact:
    return await _update(store, FamilyContact, secretariat_id, record_id, form, by)


async def update_case(store: Store, secretariat_id: str, record_id: str, form: CaseForm, *, by: str) -> Case:
    return await _update(store, Case, secretariat_id, record_id, form, by)


async def erase_log_record(store: Store, model: type[Log], secretariat_id: str, record_id: str, *, by: str) -> Erased:
    """A family contact or case erased for good on request (a coordinator's), noted without its content."""
    return await erase_record(store, model, secretariat_id, record_id, by=by, kind=ACTIONS[model])


async def _add(
    store: Store, model: type[Log], secretariat_id: str, form: ContactForm | CaseForm, record_id: str, by: str
) -> Saved[Log]:
    """A new record under the id the page made for it: a second tap finds it saved (`duplicate`)."""
    record = model(id=record_id, secretariat_id=secretariat_id, **form.model_dump(), created_at=dt.datetime.now(dt.UTC),
                   created_by=by)  # fmt: skip
    return await add_once(store, record, by=by, kind=ACTIONS[model],
                          check=lambda tx, _: _about_own_entry(tx, form, secretariat_id))  # fmt: skip


async def _update(
    store: Store, model: type[Log], secretariat_id: str, record_id: str, form: ContactForm | CaseForm, by: str
) -> Log:
    """The record as the form has it: what was done since, its outcome or status, its dates."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Log:
        serving(tx, secretariat_id, by)
        current = own(tx, model, record_id, secretariat_id)
        if form.entry_id != current.entry_id:
            _about_own_entry(tx, form, secretariat_id)
        return revise(tx, current, form, by=by, kind=ACTIONS[model], at=now)

    return await store.transact(stage)


def _about_own_entry(tx: Tx, form: ContactForm | CaseForm, secretariat_id: str) -> None:
    """A record about a register entry: one of this secretariat's register (`not_found` otherwise)."""
    if form.entry_id:
        own(tx, RegisterEntry, form.entry_id, secretariat_id)


def all_of(store: Store, model: type[Log], secretariat_id: str) -> list[Log]:
    """Every record of a log, unsorted and not noted in the trail: for counts (the summary), never shown."""
    return of_secretariat(store, model, secretariat_id)
