"""Applying an import plan: one transaction that checks the plan again against the store as it is then and
saves new participants, new groups, memberships, enrolment and who did it."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from models.base import DomainError, new_id
from models.participant import Group, Participant
from models.programme import Programme

from ..engine import Store
from ..schema import table_of
from ..tx import Tx
from .match import Known, group_key, groups_in_scope
from .plan import ImportPlan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefusedRow:
    row: int
    name: str  # as typed
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    """What an import did. `enrolled` counts the participants the programme gained (new and existing)."""

    import_id: str
    saved: int
    existing: int
    enrolled: int
    refused: int
    refused_rows: tuple[RefusedRow, ...]
    groups_created: tuple[str, ...] = ()
    participant_ids: tuple[str, ...] = field(default=(), repr=False)  # the new participants' ids


async def apply_import(store: Store, plan: ImportPlan, programme_id: str | None, by_account_id: str) -> ImportResult:
    """Save a plan in one transaction: new participants, new groups, memberships, enrolment, who did it.

    Rows are matched again against the store as it is when the transaction runs: a row planned as new
    that is there by then counts as existing, so nothing is ever saved twice. Raises DomainError
    `import_no_programme` if the programme is gone, `import_no_account` without an account id.
    """
    if not by_account_id:
        raise DomainError('import_no_account')
    result = await store.transact(lambda tx: _stage(tx, store, plan, programme_id, by_account_id))
    log.info(
        'import %s by %s: %d saved, %d existing, %d enrolled, %d refused',
        result.import_id,
        by_account_id,
        result.saved,
        result.existing,
        result.enrolled,
        result.refused,
    )
    return result


def _stage(tx: Tx, store: Store, plan: ImportPlan, programme_id: str | None, by_account_id: str) -> ImportResult:
    """The transaction: the plan re-checked against the store as it is now, then staged."""
    programme = None
    if programme_id is not None:
        programme = tx.require(Programme, programme_id, 'import_no_programme')
    # Earlier transactions are already in the engine when this one runs, so the raw tables are current.
    known = Known(store.raw(table_of(Participant)).values())
    saving = _Saving(known, groups_in_scope(store.raw(table_of(Group)).values(), programme_id), programme_id)
    for planned in plan.rows:
        if planned.status != 'bad' and planned.participant is not None:
            saving.row(tx, planned.participant, planned.group)
    saving.stage_groups(tx)
    gained = _enrol(tx, programme, saving.enrol, list(saving.created_groups.values()))
    refused = [RefusedRow(r.row, r.name, r.reasons) for r in plan.rows if r.status == 'bad']
    import_id = new_id()
    result = ImportResult(
        import_id=import_id,
        saved=len(saving.saved),
        existing=saving.existing,
        enrolled=len(gained),
        refused=len(refused),
        refused_rows=tuple(refused),
        groups_created=tuple(g.name for g in saving.created_groups.values()),
        participant_ids=tuple(saving.saved),
    )
    # Who imported what and when, in the store's meta table (participants have no field for it).
    tx.set_meta(
        f'import:{import_id}',
        {
            'at': dt.datetime.now(dt.UTC).isoformat(timespec='seconds'),
            'by': by_account_id,
            'programme_id': programme_id,
            'saved': list(saving.saved),
            'existing': saving.existing,
            'enrolled': list(gained),
            'refused_rows': [r.row for r in refused],
            'groups_created': [g.id for g in saving.created_groups.values()],
        },
    )
    return result


@dataclass
class _Saving:
    """What the transaction stages row by row: the people it saves, the groups it creates and who joins which,
    and everyone the programme should have (new and existing, in the file's order)."""

    known: Known
    groups: dict[str, str]  # group name key -> id, in the import's scope
    programme_id: str | None
    saved: list[str] = field(default_factory=list)
    existing: int = 0
    enrol: list[str] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)
    created_groups: dict[str, Group] = field(default_factory=dict)

    def row(self, tx: Tx, candidate: Participant, group_name: str) -> None:
        match = self.known.match(candidate)
        if match is not None:
            self.existing += 1
            self.enrol.append(match)
            return
        group_id = self._group_id(group_name, candidate.village) if group_name else None
        # A fresh id, so a plan applied twice cannot reuse one (its rows then match as existing anyway).
        person = candidate.model_copy(update={'id': new_id(), 'group_id': group_id})
        if group_id is not None:
            self.members.setdefault(group_id, []).append(person.id)
        tx.put(person)  # validates the whole record again
        self.known.add(person.id, person.phone, person.nik or '', person.name, person.village)
        self.saved.append(person.id)
        self.enrol.append(person.id)

    def stage_groups(self, tx: Tx) -> None:
        """The new groups with their members; the existing groups with their new members added."""
        for group in self.created_groups.values():
            group.member_ids = self.members.pop(group.id, [])
            tx.put(group)
        for group_id, ids in self.members.items():
            stored = tx.get(Group, group_id)
            if stored is not None:
                stored.member_ids = list(dict.fromkeys([*stored.member_ids, *ids]))
                tx.put(stored)

    def _group_id(self, name: str, village: str) -> str:
        """The group a row names; a group of a name the scope does not have yet is made once."""
        key = group_key(name)
        group_id = self.groups.get(key)
        if group_id is None:
            group = Group(name=' '.join(name.split()), village=village, programme_id=self.programme_id)
            self.created_groups[key] = group
            self.groups[key] = group_id = group.id
        return group_id


def _enrol(tx: Tx, programme: Programme | None, enrol: list[str], created_groups: list[Group]) -> list[str]:
    """The programme with the participants and groups it gains, staged; the participants it gained."""
    if programme is None:
        return []
    before = list(programme.participant_ids)
    already = set(before)
    gained = [pid for pid in dict.fromkeys(enrol) if pid not in already]
    new_group_ids = [g.id for g in created_groups if g.id not in programme.group_ids]
    if gained or new_group_ids:
        programme.participant_ids = [*before, *gained]
        programme.group_ids = [*programme.group_ids, *new_group_ids]
        tx.put(programme)
    return gained
