"""Programmes and their days, and which of them an account may see."""

from __future__ import annotations

from models.account import Account, Role
from models.programme import Day, Programme

from .engine import Store


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


def days_of(store: Store, programme_id: str) -> list[Day]:
    return sorted(store.by_index(Day, 'programme', programme_id), key=lambda d: d.number)
