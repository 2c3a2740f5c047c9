"""Matching an import's rows to what the store already holds, when planning and again when applying: people
(`Known`) and the groups in the import's scope, by name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models.participant import Participant


class Known:
    """Who is already there, to match rows against: by phone, by NIK, by name and village."""

    def __init__(self, participants: Iterable[Mapping[str, Any]]) -> None:
        self.phone: dict[str, str] = {}
        self.nik: dict[str, str] = {}
        self.name: dict[tuple[str, str], str] = {}
        for doc in participants:
            self.add(
                doc['id'], doc.get('phone') or '', doc.get('nik') or '', doc.get('name') or '', doc.get('village') or ''
            )

    def add(self, pid: str, phone: str, nik: str, name: str, village: str) -> None:
        if phone:
            self.phone.setdefault(phone, pid)
        if nik:
            self.nik.setdefault(nik, pid)
        self.name.setdefault(_name_key(name, village), pid)

    def match(self, p: Participant) -> str | None:
        if p.phone and p.phone in self.phone:
            return self.phone[p.phone]
        if p.nik and p.nik in self.nik:
            return self.nik[p.nik]
        if not p.phone and not p.nik:
            return self.name.get(_name_key(p.name, p.village))
        return None


def groups_in_scope(groups: Iterable[Mapping[str, Any]], programme_id: str | None) -> dict[str, str]:
    """Group name key -> id: the programme's groups, or without a programme every group (unattached first)."""
    found: dict[str, str] = {}
    ordered = sorted(groups, key=lambda g: (g.get('programme_id') is not None, g['id']))
    for doc in ordered:
        if programme_id is not None and doc.get('programme_id') != programme_id:
            continue
        found.setdefault(group_key(doc.get('name') or ''), doc['id'])
    return found


def group_key(name: str) -> str:
    return ' '.join(name.split()).casefold()


def _name_key(name: str, village: str) -> tuple[str, str]:
    return ' '.join(name.split()).casefold(), ' '.join(village.split()).casefold()
