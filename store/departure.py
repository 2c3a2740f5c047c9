"""Before leaving: a secretariat's list of documents and offices (`DepartureGuide`), and the checklists of the
villagers who plan to work abroad, ticked as they bring each document. A checklist names her: it is kept, read
(each view noted in the trail) and erased as the register is (`store/register.py`).

`public_guide` is the list and the route as data, for anyone's page (the secretariat's public page): documents,
steps and offices, never a checklist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.base import DomainError
from models.departure import (
    OFFICES,
    ROUTE_STEPS,
    Checklist,
    ChecklistForm,
    DepartureGuide,
    DocumentItem,
    Office,
    completed_on,
    progress,
)
from models.register import RegisterConsent

from .engine import Store
from .register import Erased, add_once, erase_record, noted, of_secretariat, own, serving
from .saved import Saved
from .tx import Tx


@dataclass(frozen=True)
class ChecklistLine:
    checklist: Checklist
    done: int
    total: int


@dataclass(frozen=True)
class DepartureView:
    """The checklists page: the secretariat's guide, and each checklist with its progress (unfinished first)."""

    guide: DepartureGuide
    lines: tuple[ChecklistLine, ...]


@dataclass(frozen=True)
class PublicGuide:
    """The legal route as data for a public page: the documents (`key`, and `label` when staff named it; else
    its name is `departure.doc.<key>`), the steps (`departure.step.<key>` and `.text`), and the offices by kind
    (`ltsa`, `bp3mi`, `disnaker`: `departure.office.<kind>` names the kind)."""

    documents: tuple[DocumentItem, ...]
    steps: tuple[str, ...]
    offices: tuple[tuple[str, Office], ...]


def guide_of(store: Store, secretariat_id: str) -> DepartureGuide:
    """Its guide as saved, or the law's list of documents and empty offices until staff save one."""
    return store.get(DepartureGuide, secretariat_id) or DepartureGuide(id=secretariat_id)


def public_guide(store: Store, secretariat_id: str) -> PublicGuide:
    """What the secretariat's public page says of the legal route (nothing about anyone)."""
    guide = guide_of(store, secretariat_id)
    return PublicGuide(tuple(guide.documents), ROUTE_STEPS, tuple((kind, getattr(guide, kind)) for kind in OFFICES))


async def open_checklists(store: Store, secretariat_id: str, *, by: str) -> DepartureView:
    """The checklists of a secretariat she serves, noted in the trail by ids."""

    def stage(tx: Tx) -> DepartureView:
        serving(tx, secretariat_id, by)
        guide = guide_of(store, secretariat_id)
        checklists = of_secretariat(store, Checklist, secretariat_id)
        lines = [ChecklistLine(c, *progress(c, guide.documents)) for c in checklists]
        lines.sort(key=lambda line: (line.checklist.completed_on is not None, line.checklist.name.casefold()))
        noted(tx, 'checklist_list', secretariat_id, by, ids=[line.checklist.id for line in lines])
        return DepartureView(guide, tuple(lines))

    return await store.transact(stage)


async def open_checklist(store: Store, secretariat_id: str, checklist_id: str, *, by: str,
                         printed: bool = False) -> tuple[Checklist, DepartureGuide]:  # fmt: skip
    """One checklist and the guide it is ticked against; its view (or, `printed`, its paper) noted in the trail."""

    def stage(tx: Tx) -> tuple[Checklist, DepartureGuide]:
        serving(tx, secretariat_id, by)
        checklist = own(tx, Checklist, checklist_id, secretariat_id)
        noted(tx, 'checklist_print' if printed else 'checklist_view', checklist_id, by)
        return checklist, guide_of(store, secretariat_id)

    return await store.transact(stage)


async def add_checklist(
    store: Store, secretariat_id: str, form: ChecklistForm, consent: RegisterConsent, *, checklist_id: str, by: str
) -> Saved[Checklist]:
    """A new checklist under the consent given, with the id the page made for it."""
    record = Checklist(
        id=checklist_id, secretariat_id=secretariat_id, **form.model_dump(),
        consent=consent.model_copy(update={'recorded_by': by}), created_at=dt.datetime.now(dt.UTC), created_by=by,
    )  # fmt: skip
    return await add_once(store, record, by=by, kind='checklist')


async def tick(
    store: Store, secretariat_id: str, checklist_id: str, key: str, *, brought: bool, on: dt.date, by: str
) -> Checklist:
    """A document brought (`brought`, on the day `on`) or taken off again; the day the list is complete follows."""

    def stage(tx: Tx) -> Checklist:
        serving(tx, secretariat_id, by)
        current = own(tx, Checklist, checklist_id, secretariat_id)
        documents = guide_of(store, secretariat_id).documents
        if key not in {item.key for item in documents}:
            raise DomainError('not_found')
        ticked = dict(current.ticked)
        if brought:
            ticked.setdefault(key, on)
        else:
            ticked.pop(key, None)
        if ticked == current.ticked:
            return current
        updated = Checklist.model_validate(
            current.model_dump() | {'ticked': ticked, 'completed_on': completed_on(ticked, documents)}
        )
        tx.put(updated)
        noted(tx, 'checklist_tick', checklist_id, by)
        return updated

    return await store.transact(stage)


async def save_guide(
    store: Store, secretariat_id: str, documents: list[DocumentItem], offices: dict[str, Office], *, by: str
) -> DepartureGuide:
    """The secretariat's list of documents and its offices as staff set them (the law's list is where it starts).
    A checklist keeps its ticks by key; whether it is complete follows the new list."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> DepartureGuide:
        serving(tx, secretariat_id, by)
        current = guide_of(store, secretariat_id)
        updated = DepartureGuide.model_validate(
            current.model_dump() | {'documents': [d.model_dump() for d in documents], 'updated_at': now,
                                    'updated_by': by} | {k: o.model_dump() for k, o in offices.items()}
        )  # fmt: skip
        tx.put(updated)
        for checklist in of_secretariat(store, Checklist, secretariat_id):
            done = completed_on(checklist.ticked, updated.documents)
            if done != checklist.completed_on:
                tx.put(Checklist.model_validate(checklist.model_dump() | {'completed_on': done}))
        noted(tx, 'guide_edit', secretariat_id, by, at=now)
        return updated

    return await store.transact(stage)


async def erase_checklist(store: Store, secretariat_id: str, checklist_id: str, *, by: str) -> Erased:
    """Her checklist erased for good on her request (a coordinator's), noted without its content."""
    return await erase_record(store, Checklist, secretariat_id, checklist_id, by=by, kind='checklist')
