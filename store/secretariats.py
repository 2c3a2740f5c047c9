"""Village secretariats: the coordinator's writes (create, settings, staff, linked groups and programmes), each in
the audit trail, and the look-ups every secretariat page shares: which she may open, one by its public address,
whom each reaches, and what its pages show of it (`SecretariatView`).

Every write checks inside its transaction that `by` is a coordinator (`models.permissions`), so a page's check and
the write cannot be split by another write, and a coordinator disabled meanwhile changes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from models.account import Account, AccountForm, Role
from models.base import DomainError
from models.participant import Group, Participant
from models.permissions import may_join_secretariat_staff, may_set_up_secretariats
from models.programme import Programme
from models.secretariat import MAX_STAFF, Secretariat, SecretariatSettings

from .accounts import hash_secret, stage_new_account
from .audit import change_entry
from .engine import Store
from .saved import Saved, changed
from .tx import Tx


@dataclass(frozen=True)
class Person:
    """An account as a secretariat's pages name it."""

    id: str
    name: str
    username: str
    role: Role


@dataclass(frozen=True)
class SecretariatView:
    """What a secretariat's pages show of it: the record, its staff, what is linked to it by name (id → name, in
    name order), and how many participants it reaches through them."""

    secretariat: Secretariat
    staff: tuple[Person, ...]
    groups: dict[str, str]
    programmes: dict[str, str]
    reached: int


@dataclass(frozen=True)
class SettingsChoices:
    """What its settings page offers: accounts that may join its staff and are not on it, every group and
    programme (id → name)."""

    candidates: tuple[Person, ...]
    groups: dict[str, str]
    programmes: dict[str, str]


# ---- look-ups --------------------------------------------------------------------------------------------------


def secretariats_of(store: Store, account: Account) -> list[Secretariat]:
    """The secretariats she may open, by name: every one for a coordinator, her own for its staff, none else."""
    if may_set_up_secretariats(account):
        found = store.all(Secretariat)
    elif may_join_secretariat_staff(account):
        found = store.by_index(Secretariat, 'staff', account.id)
    else:
        found = []
    return sorted(found, key=lambda s: s.name.lower())


def staffed_by(store: Store, account_id: str) -> list[Secretariat]:
    """The secretariats whose staff she is on, by name (a coordinator's home shows these, not every one)."""
    return sorted(store.by_index(Secretariat, 'staff', account_id), key=lambda s: s.name.lower())


def secretariat_by_slug(store: Store, slug: str) -> Secretariat | None:
    """A secretariat by its public address, active or not (a public page asks `active` itself)."""
    ids = store.ids(Secretariat, 'slug', (slug or '').strip().lower())
    return store.get(Secretariat, next(iter(ids))) if ids else None


def members_reached(store: Store, secretariat: Secretariat) -> frozenset[str]:
    """The participant ids it reaches: the members of its linked groups and the trainees of its linked programmes
    (whom its notices are for)."""
    reached: set[str] = set()
    for group_id in secretariat.group_ids:
        group = store.get(Group, group_id)
        reached.update(group.member_ids if group is not None else ())
    for programme_id in secretariat.programme_ids:
        programme = store.get(Programme, programme_id)
        reached.update(programme.participant_ids if programme is not None else ())
    return frozenset(reached)


def secretariats_reaching(store: Store, participant_id: str) -> list[Secretariat]:
    """The active secretariats that reach her, through her group or a programme of hers (`members_reached` the
    other way round), by name."""
    person = store.get(Participant, participant_id)
    found = store.by_index(Secretariat, 'group', person.group_id) if person and person.group_id else []
    for programme_id in store.ids(Programme, 'participant', participant_id):
        found += store.by_index(Secretariat, 'programme', programme_id)
    active = {s.id: s for s in found if s.active}
    return sorted(active.values(), key=lambda s: s.name.lower())


def secretariat_view(store: Store, secretariat: Secretariat) -> SecretariatView:
    staff = (store.get(Account, account_id) for account_id in secretariat.staff_ids)
    return SecretariatView(
        secretariat=secretariat,
        staff=tuple(sorted((_person(a) for a in staff if a is not None), key=lambda p: p.name.lower())),
        groups=_names(store, Group, secretariat.group_ids),
        programmes=_names(store, Programme, secretariat.programme_ids),
        reached=len(members_reached(store, secretariat)),
    )


def settings_choices(store: Store, secretariat: Secretariat) -> SettingsChoices:
    candidates = [
        _person(a) for a in store.all(Account) if may_join_secretariat_staff(a) and a.id not in secretariat.staff_ids
    ]
    return SettingsChoices(
        candidates=tuple(sorted(candidates, key=lambda p: p.name.lower())),
        groups=_names(store, Group, [g.id for g in store.all(Group)]),
        programmes=_names(store, Programme, [p.id for p in store.all(Programme)]),
    )


def _person(account: Account) -> Person:
    return Person(account.id, account.name, account.username, account.role)


def _names(store: Store, model: type[Group] | type[Programme], ids: list[str]) -> dict[str, str]:
    records = (store.get(model, record_id) for record_id in ids)
    return {r.id: r.name for r in sorted((r for r in records if r is not None), key=lambda r: r.name.lower())}


# ---- the coordinator's writes ----------------------------------------------------------------------------------


async def create_secretariat(
    store: Store, form: SecretariatSettings, *, secretariat_id: str, by: str
) -> Saved[Secretariat]:
    """A new secretariat under the id the page made for it, so a second tap of the same form finds it saved
    (`duplicate`, nothing changed) instead of making two. Its address must be free (`secretariat_slug_taken`)."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Saved[Secretariat]:
        _setting_up(tx, by)
        existing = tx.get(Secretariat, secretariat_id)
        if existing is not None:
            return Saved('duplicate', existing)
        _slug_free(tx, store, form.slug, secretariat_id)
        record = Secretariat(id=secretariat_id, **form.model_dump(), created_at=now)
        tx.put(record)
        change_entry(tx, None, record, by=by, action='secretariat.create', at=now)
        return Saved('applied', record)

    return await store.transact(stage)


async def update_secretariat(store: Store, secretariat_id: str, form: SecretariatSettings, *, by: str) -> Secretariat:
    """Its settings as the form has them; its staff and links stay as they are."""

    def change(tx: Tx, current: Secretariat) -> Secretariat:
        _slug_free(tx, store, form.slug, secretariat_id)
        return changed(current, **form.model_dump())

    return await _change(store, secretariat_id, by, 'secretariat.edit', change)


async def add_staff(store: Store, secretariat_id: str, account_id: str, *, by: str) -> Secretariat:
    """Put an existing account on its staff: a *petugas sekretariat*, an instructor or a coordinator, never a
    trainee (`secretariat_staff_role`). Already on it: nothing changes."""

    def change(tx: Tx, current: Secretariat) -> Secretariat:
        account = tx.require(Account, account_id)
        if not may_join_secretariat_staff(account):
            raise DomainError('secretariat_staff_role')
        return _with_staff(current, account_id)

    return await _change(store, secretariat_id, by, 'secretariat.staff_add', change)


async def remove_staff(store: Store, secretariat_id: str, account_id: str, *, by: str) -> Secretariat:
    """Take an account off its staff (the account itself stays). Not on it: nothing changes."""

    def change(_: Tx, current: Secretariat) -> Secretariat:
        return changed(current, staff_ids=[i for i in current.staff_ids if i != account_id])

    return await _change(store, secretariat_id, by, 'secretariat.staff_remove', change)


async def create_staff_account(
    store: Store, secretariat_id: str, form: AccountForm, *, account_id: str, by: str
) -> Saved[Account]:
    """A new *petugas sekretariat* account (username and password) put on its staff, both in one transaction,
    under the id the page made for it: a second tap finds it made (`duplicate`)."""
    if form.role != Role.SECRETARIAT:
        raise DomainError('secretariat_staff_role')
    secret_hash = await asyncio.to_thread(hash_secret, form.secret)
    account = Account(
        id=account_id, username=form.username, name=form.name, role=Role.SECRETARIAT, secret_hash=secret_hash,
        nip=form.nip,
    )  # fmt: skip
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Saved[Account]:
        _setting_up(tx, by)
        current = tx.require(Secretariat, secretariat_id)
        existing = tx.get(Account, account_id)
        if existing is not None:
            return Saved('duplicate', existing)
        stage_new_account(tx, store, account, by)
        updated = _with_staff(current, account.id)
        tx.put(updated)
        change_entry(tx, current, updated, by=by, action='secretariat.staff_add', at=now)
        return Saved('applied', account)

    return await store.transact(stage)


async def set_links(
    store: Store, secretariat_id: str, *, group_ids: list[str], programme_ids: list[str], by: str
) -> Secretariat:
    """The groups and programmes linked to it, as chosen (each must exist: `not_found`)."""
    return await _relink(store, secretariat_id, by, lambda _: group_ids, lambda _: programme_ids)


async def link_group(store: Store, secretariat_id: str, group_id: str, *, by: str) -> Secretariat:
    return await _relink(store, secretariat_id, by, lambda ids: [*ids, group_id], list)


async def unlink_group(store: Store, secretariat_id: str, group_id: str, *, by: str) -> Secretariat:
    return await _relink(store, secretariat_id, by, lambda ids: [i for i in ids if i != group_id], list)


async def link_programme(store: Store, secretariat_id: str, programme_id: str, *, by: str) -> Secretariat:
    return await _relink(store, secretariat_id, by, list, lambda ids: [*ids, programme_id])


async def unlink_programme(store: Store, secretariat_id: str, programme_id: str, *, by: str) -> Secretariat:
    return await _relink(store, secretariat_id, by, list, lambda ids: [i for i in ids if i != programme_id])


Relink = Callable[[list[str]], list[str]]


async def _relink(store: Store, secretariat_id: str, by: str, groups: Relink, programmes: Relink) -> Secretariat:
    """Its links as `groups` and `programmes` make them from the stored ones, in the transaction."""

    def change(tx: Tx, current: Secretariat) -> Secretariat:
        group_ids = list(dict.fromkeys(groups(current.group_ids)))
        programme_ids = list(dict.fromkeys(programmes(current.programme_ids)))
        for group_id in group_ids:
            tx.require(Group, group_id)
        for programme_id in programme_ids:
            tx.require(Programme, programme_id)
        return changed(current, group_ids=group_ids, programme_ids=programme_ids)

    return await _change(store, secretariat_id, by, 'secretariat.links', change)


async def _change(
    store: Store, secretariat_id: str, by: str, action: str, change: Callable[[Tx, Secretariat], Secretariat]
) -> Secretariat:
    """Save the secretariat as `change` makes it from the stored one, with the trail's entry (before and after),
    in one transaction; a change that changes nothing is neither saved nor entered."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Secretariat:
        _setting_up(tx, by)
        current = tx.require(Secretariat, secretariat_id)
        updated = change(tx, current)
        if updated != current:
            tx.put(updated)
            change_entry(tx, current, updated, by=by, action=action, at=now)
        return updated

    return await store.transact(stage)


def _setting_up(tx: Tx, by: str) -> None:
    account = tx.get(Account, by)
    if account is None or not may_set_up_secretariats(account):
        raise DomainError('secretariat_coordinators_only')


def _slug_free(tx: Tx, store: Store, slug: str, secretariat_id: str) -> None:
    for other_id in store.ids(Secretariat, 'slug', slug) - {secretariat_id}:
        if tx.exists(Secretariat, other_id):
            raise DomainError('secretariat_slug_taken', slug=slug)


def _with_staff(secretariat: Secretariat, account_id: str) -> Secretariat:
    if account_id in secretariat.staff_ids:
        return secretariat
    if len(secretariat.staff_ids) >= MAX_STAFF:
        raise DomainError('secretariat_staff_full', most=MAX_STAFF)
    return changed(secretariat, staff_ids=[*secretariat.staff_ids, account_id])
