"""A secretariat's notice board: its staff post, change and take down notices (each in the audit trail); the people
it reaches see the current ones, newest first, with what is new to them marked, and say "Saya tertarik".

Every staff write checks inside its transaction that `by` may serve the notice's secretariat
(`models.permissions.may_serve_secretariat`: its own staff, the coordinators), and every write of hers that the
secretariat reaches her and the notice is on the board, so a check and its write cannot be split by another write.
A new notice is saved under the id its form made, her interest under one id a person a notice: a retry changes
nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from models.account import Account
from models.base import DomainError
from models.business import Photo
from models.notices import (
    MAX_SEEN,
    Notice,
    NoticeForm,
    NoticeInterest,
    NoticesSeen,
    ends_refusal,
    interest_id,
)
from models.participant import Group, Participant
from models.permissions import may_serve_secretariat
from models.programme import Programme, Zone
from models.secretariat import Secretariat

from .audit import change_entry
from .engine import Store
from .products import keep_photo
from .saved import Saved, changed
from .secretariats import members_reached, secretariats_reaching
from .tx import Tx

NoticeChange = Callable[[Tx, Notice], Notice]


@dataclass(frozen=True)
class Interested:
    """Someone who said "Saya tertarik", as the staff reach her: name, phone, her group (or programme)."""

    participant_id: str
    name: str
    phone: str
    group: str
    at: dt.datetime


@dataclass(frozen=True)
class BoardNotice:
    """A notice on its secretariat's board page: who posted it, who is interested, newest interest first."""

    notice: Notice
    posted_by: str  # a name
    interested: tuple[Interested, ...]


@dataclass(frozen=True)
class Board:
    """What the staff's board page shows: the notices on the board now (newest first), those ended or taken
    down (latest first), how many people the board reaches, and the secretariat's day and clock."""

    secretariat: Secretariat
    current: tuple[BoardNotice, ...]
    ended: tuple[BoardNotice, ...]
    reached: int
    zone: Zone
    today: dt.date


@dataclass(frozen=True)
class MemberNotice:
    """A notice as she sees it: from which secretariat, new to her or seen, and her interest."""

    notice: Notice
    secretariat: str  # its name
    unread: bool
    interested: bool


# ---- what the pages show ----------------------------------------------------------------------------------------


def board(store: Store, secretariat: Secretariat, now: dt.datetime) -> Board:
    zone = notice_zone(store, secretariat)
    notices = [_board_notice(store, n) for n in store.by_index(Notice, 'secretariat', secretariat.id)]
    current = sorted((b for b in notices if b.notice.current(now)), key=lambda b: b.notice.posted_at, reverse=True)
    ended = sorted((b for b in notices if not b.notice.current(now)), key=_ended_at, reverse=True)
    return Board(
        secretariat=secretariat, current=tuple(current), ended=tuple(ended),
        reached=len(members_reached(store, secretariat)), zone=zone, today=now.astimezone(zone.tz).date(),
    )  # fmt: skip


def notices_for(store: Store, participant_id: str, now: dt.datetime) -> list[MemberNotice]:
    """The notices on the boards of the secretariats that reach her, newest first."""
    seen = store.get(NoticesSeen, participant_id)
    seen_ids = frozenset(seen.notice_ids if seen else ())
    found = []
    for secretariat in secretariats_reaching(store, participant_id):
        for notice in store.by_index(Notice, 'secretariat', secretariat.id):
            if notice.current(now):
                interest = store.get(NoticeInterest, interest_id(notice.id, participant_id))
                interested = interest is not None and interest.interested
                found.append(MemberNotice(notice, secretariat.name, notice.id not in seen_ids, interested))
    return sorted(found, key=lambda m: m.notice.posted_at, reverse=True)


def notice_zone(store: Store, secretariat: Secretariat) -> Zone:
    """The secretariat's clock: its linked programmes' zone (the first by name), WIB when it has none."""
    programmes = [p for p in (store.get(Programme, i) for i in secretariat.programme_ids) if p is not None]
    return min(programmes, key=lambda p: p.name.lower()).zone if programmes else Zone.WIB


def secretariat_today(store: Store, secretariat: Secretariat, now: dt.datetime) -> dt.date:
    return now.astimezone(notice_zone(store, secretariat).tz).date()


def _board_notice(store: Store, notice: Notice) -> BoardNotice:
    poster = store.get(Account, notice.posted_by)
    answers = [i for i in store.by_index(NoticeInterest, 'notice', notice.id) if i.interested]
    people = [_interested(store, i) for i in sorted(answers, key=lambda i: i.at, reverse=True)]
    return BoardNotice(notice, poster.name if poster else '', tuple(p for p in people if p is not None))


def _interested(store: Store, interest: NoticeInterest) -> Interested | None:
    person = store.get(Participant, interest.participant_id)
    if person is None:
        return None
    group = store.get(Group, person.group_id) if person.group_id else None
    if group is None:
        programmes = sorted(store.by_index(Programme, 'participant', person.id), key=lambda p: p.start)
        where = programmes[-1].name if programmes else ''
    else:
        where = group.name
    return Interested(person.id, person.name, person.phone, where, interest.at)


def _ended_at(item: BoardNotice) -> dt.datetime:
    return item.notice.taken_down_at or item.notice.ends_at()


# ---- the staff's writes -----------------------------------------------------------------------------------------


async def keep_notice_photo(store: Store, upload: bytes) -> Photo:
    """A notice's photo from a phone's camera or gallery, made as a product's is (1080 px and 320 px, no metadata;
    `image_unreadable` or `image_too_large` refused) and kept by content; no notice changes until it is saved."""
    return await asyncio.to_thread(keep_photo, store.folder, upload)


async def post_notice(
    store: Store, secretariat_id: str, form: NoticeForm, *, notice_id: str, by: str, now: dt.datetime
) -> Saved[Notice]:
    """A new notice on the secretariat's board under the id its form made: a second tap of the same form finds it
    (`duplicate`, nothing changed). Its last day may not be past, nor more than a year ahead."""

    def stage(tx: Tx) -> Saved[Notice]:
        secretariat = _serving(tx, secretariat_id, by)
        existing = tx.get(Notice, notice_id)
        if existing is not None:
            if existing.secretariat_id != secretariat_id:
                raise DomainError('duplicate_id')
            return Saved('duplicate', existing)
        zone = notice_zone(store, secretariat)
        _ends_allowed(form, now, zone)
        notice = Notice(
            id=notice_id, **form.model_dump(), secretariat_id=secretariat_id, zone=zone, posted_by=by, posted_at=now
        )
        tx.put(notice)
        change_entry(tx, None, notice, by=by, action='notice.post', at=now)
        return Saved('applied', notice)

    return await store.transact(stage)


async def edit_notice(store: Store, notice_id: str, form: NoticeForm, *, by: str, now: dt.datetime) -> Notice:
    """The notice as the form has it now (a notice taken down is not changed: `notice_taken_down`)."""

    def change(tx: Tx, current: Notice) -> Notice:
        if current.taken_down_at is not None:
            raise DomainError('notice_taken_down')
        if form.ends_on != current.ends_on:
            _ends_allowed(form, now, current.zone)
        return changed(current, **form.model_dump(), edited_at=now)

    return await _change(store, notice_id, by, 'notice.edit', change, now)


async def take_down(store: Store, notice_id: str, *, by: str, now: dt.datetime, back: bool = False) -> Notice:
    """Take the notice off the board before its end; `back` puts it up again (while its last day is not over)."""

    def change(_: Tx, current: Notice) -> Notice:
        if back:
            if current.taken_down_at is None:
                return current
            if now >= current.ends_at():
                raise DomainError('notice_ends_past')
            return changed(current, taken_down_at=None)
        return current if current.taken_down_at is not None else changed(current, taken_down_at=now)

    return await _change(store, notice_id, by, 'notice.put_back' if back else 'notice.take_down', change, now)


async def _change(store: Store, notice_id: str, by: str, action: str, change: NoticeChange, now: dt.datetime) -> Notice:
    """Save the notice as `change` makes it from the stored one, with the trail's entry (before and after), in one
    transaction; a change that changes nothing is neither saved nor entered."""

    def stage(tx: Tx) -> Notice:
        current = tx.require(Notice, notice_id)
        _serving(tx, current.secretariat_id, by)
        updated = change(tx, current)
        if updated != current:
            tx.put(updated)
            change_entry(tx, current, updated, by=by, action=action, at=now)
        return updated

    return await store.transact(stage)


def _serving(tx: Tx, secretariat_id: str, by: str) -> Secretariat:
    """The secretariat, when `by` may serve it (its staff, a coordinator); `secretariat_not_yours` otherwise, for
    an unknown secretariat too."""
    account = tx.get(Account, by)
    secretariat = tx.get(Secretariat, secretariat_id)
    if account is None or account.disabled or secretariat is None or not may_serve_secretariat(account, secretariat):
        raise DomainError('secretariat_not_yours')
    return secretariat


def _ends_allowed(form: NoticeForm, now: dt.datetime, zone: Zone) -> None:
    refusal = ends_refusal(form.ends_on, now.astimezone(zone.tz).date())
    if refusal is not None:
        raise DomainError(refusal)


# ---- what she does with a notice ----------------------------------------------------------------------------------


async def set_interest(
    store: Store, notice_id: str, participant_id: str, interested: bool, *, now: dt.datetime
) -> NoticeInterest:
    """Her "Saya tertarik" (`interested`), or taking it back: what she says last holds, and saying it again changes
    nothing. Only on a notice that asks it (`notice_no_interest`), on the board, of a secretariat that reaches her
    (`notice_gone` for any other: a notice she may not see is not told apart from one taken down)."""
    record_id = interest_id(notice_id, participant_id)

    def stage(tx: Tx) -> NoticeInterest:
        notice = tx.get(Notice, notice_id)
        reaching = {s.id for s in secretariats_reaching(store, participant_id)}
        if notice is None or notice.secretariat_id not in reaching or not notice.current(now):
            raise DomainError('notice_gone')
        if not notice.asks_interest():
            raise DomainError('notice_no_interest')
        current = tx.get(NoticeInterest, record_id)
        if current is not None and current.interested == interested:
            return current
        answer = NoticeInterest(
            id=record_id, notice_id=notice_id, participant_id=participant_id, interested=interested, at=now
        )
        tx.put(answer)
        return answer

    return await store.transact(stage)


async def mark_seen(store: Store, participant_id: str, notices: list[MemberNotice], *, now: dt.datetime) -> None:
    """Remember that she has seen `notices` whole (her list of notices shows each whole); nothing is written when
    she had seen them all. Notices no longer on the board at `now` are forgotten, so what is kept stays small."""
    if not any(m.unread for m in notices):
        return
    showing = [m.notice.id for m in notices]

    def stage(tx: Tx) -> None:
        current = tx.get(NoticesSeen, participant_id)
        earlier = [i for i in (current.notice_ids if current else []) if i not in showing]
        kept = [i for i in earlier if (notice := tx.get(Notice, i)) is not None and notice.current(now)]
        ids = [*showing, *kept][:MAX_SEEN]
        tx.put(NoticesSeen(id=participant_id, notice_ids=ids))

    await store.transact(stage)
