"""Programmes and their days, and which of them an account may see."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from models.account import Account, Role
from models.base import DomainError
from models.participant import Participant
from models.programme import Day, PapersForm, Programme, ProgrammeKind

from . import files, images
from .engine import Store
from .tx import Tx


def programmes_for(store: Store, account: Account) -> list[Programme]:
    """Coordinators see every programme, instructors those they teach, trainees those they are in."""
    if account.role == Role.COORDINATOR:
        found = store.all(Programme)
    elif account.role == Role.INSTRUCTOR:
        found = store.by_index(Programme, 'instructor', account.id)
    elif account.participant_id:
        found = store.by_index(Programme, 'participant', account.participant_id)
    else:
        found = []
    return sorted(found, key=lambda p: p.start, reverse=True)


def learns_recipes(store: Store, participant_id: str) -> bool:
    """Whether she has recipe cards: a kue course among her programmes. A KWT member alone learns farming steps
    and sells what she grows, so her pages speak of those instead."""
    return any(p.kind == ProgrammeKind.KUE for p in store.by_index(Programme, 'participant', participant_id))


def days_of(store: Store, programme_id: str) -> list[Day]:
    return sorted(store.by_index(Day, 'programme', programme_id), key=lambda d: d.number)


PROGRAMME_FORM_FIELDS = (
    'name',
    'kind',
    'agency',
    'partner',
    'place',
    'zone',
    'start',
    'end',
    'late_after_minutes',
    'attendance_bar_percent',
)


async def save_programme(store: Store, programme: Programme) -> Programme:
    """Create a programme, or update its own fields; its instructors, participants and groups are kept."""

    def save(tx: Tx) -> Programme:
        current = tx.get(Programme, programme.id)
        if current is None:
            tx.put(programme)
            return programme
        updated = current.model_copy(update={f: getattr(programme, f) for f in PROGRAMME_FORM_FIELDS})
        updated = Programme.model_validate(updated.model_dump())  # the date rule across fields, checked again
        tx.put(updated)
        return updated

    return await store.transact(save)


async def save_papers(store: Store, programme_id: str, form: PapersForm) -> Programme:
    """Set the letterhead, the city and the signing officials of a programme's papers."""

    def with_papers(current: Programme) -> Programme:
        return Programme.model_validate(current.model_copy(update=form.model_dump()).model_dump())

    return await store.update(Programme, programme_id, with_papers)


LOGO_LONG_SIDE = 600  # px: sharp at the letterhead's 20 mm when printed at 300 dpi and more


async def set_logo(store: Store, programme_id: str, upload: bytes) -> Programme:
    """The letterhead's logo from an uploaded picture: made small and metadata-free, kept by content, then
    named on the programme. Raises DomainError `image_unreadable` / `image_too_large` (nothing changed)."""

    def keep() -> str:
        picture = images.prepare(upload, long_side=LOGO_LONG_SIDE, keep_transparency=True)
        return files.save(store.folder, picture.data, picture.extension)

    if store.get(Programme, programme_id) is None:
        raise DomainError('not_found')
    name = await asyncio.to_thread(keep)  # decoding a camera picture takes a while: off the event loop
    return await store.update(Programme, programme_id, lambda p: p.model_copy(update={'logo': name}))


async def remove_logo(store: Store, programme_id: str) -> Programme:
    """The letterhead without a logo (the file stays: a backup or another programme may name it)."""
    return await store.update(Programme, programme_id, lambda p: p.model_copy(update={'logo': ''}))


async def save_day(store: Store, day: Day) -> Day:
    """Add or change a day; its date must lie within the programme and its number be unique there."""

    def save(tx: Tx) -> Day:
        programme = tx.require(Programme, day.programme_id)
        if not programme.start <= day.date <= programme.end:
            raise DomainError('day_outside_programme', start=programme.start.isoformat(), end=programme.end.isoformat())
        for other_id in store.ids(Day, 'programme', day.programme_id):
            other = tx.get(Day, other_id)
            if other is not None and other.id != day.id and other.number == day.number:
                raise DomainError('day_number_taken', number=day.number)
        tx.put(day)
        return day

    return await store.transact(save)


async def delete_day(store: Store, day_id: str) -> None:
    await store.delete(Day, day_id)


def missing_dates(store: Store, programme: Programme) -> list[dt.date]:
    """The programme's dates that have no day yet, in order."""
    taken = {day.date for day in days_of(store, programme.id)}
    every = (programme.start + dt.timedelta(days=n) for n in range((programme.end - programme.start).days + 1))
    return [date for date in every if date not in taken]


async def fill_days(store: Store, programme_id: str, title: Callable[[int], str]) -> list[Day]:
    """A day for every date of the programme that has none yet, numbered on from the last and titled by
    `title(number)` for the coordinator to rename; the days already there are kept as they are."""

    def stage(tx: Tx) -> list[Day]:
        programme = tx.require(Programme, programme_id)
        last = max((day.number for day in days_of(store, programme_id)), default=0)
        added = [
            Day(programme_id=programme_id, number=last + n, date=date, title=title(last + n))
            for n, date in enumerate(missing_dates(store, programme), start=1)
        ]
        for day in added:
            tx.put(day)
        return added

    return await store.transact(stage)


def next_day(store: Store, programme: Programme) -> tuple[int, dt.date]:
    """The number and date a new day most likely has: after the last one, within the programme."""
    days = days_of(store, programme.id)
    if not days:
        return 1, programme.start
    last = days[-1]
    return last.number + 1, min(last.date + dt.timedelta(days=1), programme.end)


async def set_instructors(store: Store, programme_id: str, instructor_ids: list[str]) -> Programme:
    def save(tx: Tx) -> Programme:
        programme = tx.require(Programme, programme_id)
        for account_id in instructor_ids:
            account = tx.get(Account, account_id)
            if account is None or account.role != Role.INSTRUCTOR:
                raise DomainError('not_an_instructor')
        updated = programme.model_copy(update={'instructor_ids': list(dict.fromkeys(instructor_ids))})
        tx.put(updated)
        return updated

    return await store.transact(save)


async def enrol(store: Store, programme_id: str, participant_ids: list[str]) -> int:
    """Add participants to a programme; returns how many were new to it."""

    def save(tx: Tx) -> int:
        programme = tx.require(Programme, programme_id)
        new = [p for p in dict.fromkeys(participant_ids) if p not in programme.participant_ids]
        for participant_id in new:
            if not tx.exists(Participant, participant_id):
                raise DomainError('not_found')
        if new:
            tx.put(programme.model_copy(update={'participant_ids': [*programme.participant_ids, *new]}))
        return len(new)

    return await store.transact(save)


async def unenrol(store: Store, programme_id: str, participant_id: str) -> None:
    def save(tx: Tx) -> None:
        programme = tx.require(Programme, programme_id)
        if participant_id in programme.participant_ids:
            remaining = [p for p in programme.participant_ids if p != participant_id]
            tx.put(programme.model_copy(update={'participant_ids': remaining}))

    await store.transact(save)
