"""A secretariat's year in counts, month by month, shaped for the village's reports: the Desmigratif pillars
(migration services, productive businesses) and the Desa Migran EMAS criteria (a task force, services, empowerment
programmes, returnee business groups and their sales), which a village competition entry asks for too.

Counts and sums only: no name, number, country or text of anyone leaves this module. The business figures are the
linked groups' members' own sales (`store.figures.summary`) and their groups' books (`store.group_ledger`), never a
buyer. Months are WIB's, the village's clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from models.departure import Checklist
from models.helpdesk import HelpdeskMessage, MessageStatus
from models.notices import Notice, NoticeInterest, NoticeKind
from models.participant import Group
from models.programme import Programme, Zone
from models.register import Case, CaseStatus, ContactOutcome, FamilyContact, RegisterEntry
from models.secretariat import Secretariat

from .engine import Store
from .figures import summary
from .group_ledger import group_ledger
from .register import of_secretariat

TZ = Zone.WIB.tz
PRICES = 'market_prices'  # the table of models.market_prices.MarketPrice


@dataclass(frozen=True)
class Line:
    """One indicator, a figure a month (`summary.line.<key>` names it). `money`: rupiah; `stock`: a count at
    each month's end, whose year figure is the last month's, not a sum."""

    key: str
    values: tuple[int, ...]
    money: bool = False
    stock: bool = False

    @property
    def total(self) -> int:
        if self.stock:
            return self.values[-1] if self.values else 0
        return sum(self.values)


@dataclass(frozen=True)
class Section:
    key: str  # `summary.section.<key>`
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class GroupFigures:
    """A returnee business group linked to the secretariat, over the year: its members, how many of them sold, their
    own sales and the group's book's sales."""

    name: str
    members: int
    selling: int
    member_sales: int
    group_sales: int


@dataclass(frozen=True)
class ProgrammeLine:
    """An empowerment programme linked to the secretariat."""

    name: str
    agency: str
    start: dt.date
    end: dt.date
    trainees: int


@dataclass(frozen=True)
class SecretariatSummary:
    name: str
    place: str  # `Desa Bumidaya, Kec. Palas, Kabupaten Lampung Selatan`
    village: str
    year: int
    months: tuple[dt.date, ...]  # the first day of each month counted
    sections: tuple[Section, ...]
    staff: int  # the task force: its staff accounts
    programmes: tuple[ProgrammeLine, ...]
    groups: tuple[GroupFigures, ...]
    referred_to: dict[str, int]  # cases referred in the year, by the office (`ReferredTo` code)


def summary_years(today: dt.date) -> tuple[int, ...]:
    """The years a summary may be asked for: from 2020 to this one."""
    return tuple(range(2020, today.year + 1))


def secretariat_summary(store: Store, secretariat: Secretariat, year: int, today: dt.date) -> SecretariatSummary:
    """The year `year` up to `today`'s month (a past year whole). Reads every log it counts; call it for a
    download or a page the caller has been let into (its staff and the coordinators)."""
    last = 12 if year < today.year else today.month
    months = tuple(dt.date(year, month, 1) for month in range(1, last + 1))
    counter = _Counter(months)
    sid = secretariat.id
    sections = (
        Section('services', (
            *notice_lines(store, sid, counter), *message_lines(store, sid, counter),
            *checklist_lines(store, sid, counter), *contact_lines(store, sid, counter),
            *case_lines(store, sid, counter),
        )),
        Section('register', register_lines(store, sid, counter)),
        Section('business', (*business_notice_lines(store, sid, counter), *price_lines(store, sid, counter),
                             *business_lines(store, secretariat, counter))),
    )  # fmt: skip
    referred: dict[str, int] = {}
    for case in of_secretariat(store, Case, sid):
        if case.referred_to is not None and case.referred_on is not None and case.referred_on.year == year:
            referred[case.referred_to.value] = referred.get(case.referred_to.value, 0) + 1
    return SecretariatSummary(
        name=secretariat.name, place=secretariat.place(), village=secretariat.village, year=year, months=months,
        sections=sections,
        staff=len(secretariat.staff_ids), programmes=programme_lines(store, secretariat),
        groups=group_figures(store, secretariat, months), referred_to=referred,
    )  # fmt: skip


# ---- the notice board, the market prices and the help desk (their own modules' records, counted) ----------------


def notice_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Notices posted (any kind), and the interest shown in them ("Saya tertarik")."""
    notices = store.by_index(Notice, 'secretariat', secretariat_id)
    interest = [
        i for n in notices for i in store.by_index(NoticeInterest, 'notice', n.id) if i.interested
    ]  # fmt: skip
    return (
        Line('notices_posted', counter.count(notices, lambda n: n.posted_at)),
        Line('interest', counter.count(interest, lambda i: i.at)),
    )


def business_notice_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Business opportunities, and credit and grants, posted: the productive-business pillar's notices."""
    notices = store.by_index(Notice, 'secretariat', secretariat_id)
    return tuple(
        Line(f'notices_{kind.value}', counter.count([n for n in notices if n.kind == kind], lambda n: n.posted_at))
        for kind in (NoticeKind.OPPORTUNITY, NoticeKind.CAPITAL, NoticeKind.TRAINING)
    )


def price_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Market prices recorded (`models/market_prices.py`, by the day a price is of), taken-back ones left out; read
    as stored, a price's three fields, so the count does not hang on the price's model."""
    days = [dt.date.fromisoformat(str(doc['date'])[:10]) for doc in store.raw(PRICES).values()
            if doc.get('secretariat_id') == secretariat_id and not doc.get('deleted') and doc.get('date')]  # fmt: skip
    return (Line('prices_recorded', counter.count(days, lambda day: day)),)


def message_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Help-desk messages received, and of those the ones answered (followed up or done), by the month received."""
    messages = store.by_index(HelpdeskMessage, 'secretariat', secretariat_id)
    answered = [m for m in messages if m.status != MessageStatus.NEW]
    return (
        Line('messages_received', counter.count(messages, lambda m: m.received_at)),
        Line('messages_answered', counter.count(answered, lambda m: m.received_at)),
    )


# ---- the register, the logs and the checklists ----------------------------------------------------------------


def register_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Villagers written into the register, abroad at each month's end, and back home in the month."""
    entries = of_secretariat(store, RegisterEntry, secretariat_id)

    def abroad_at(end: dt.date) -> int:
        return sum(
            1 for e in entries
            if _day(e.created_at) < end and not (e.returned and (e.returned_on is None or e.returned_on < end))
        )  # fmt: skip

    returned = [e for e in entries if e.returned and e.returned_on is not None]
    return (
        Line('registered', counter.count(entries, lambda e: e.created_at)),
        Line('abroad', tuple(abroad_at(end) for end in counter.ends), stock=True),
        Line('returned', counter.count(returned, lambda e: e.returned_on)),
    )


def contact_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Family contacts asked for in the month, and those that ended in it by their outcome."""
    contacts = of_secretariat(store, FamilyContact, secretariat_id)
    lines = [Line('contacts_asked', counter.count(contacts, lambda c: c.asked_on))]
    for outcome in (ContactOutcome.REACHED, ContactOutcome.NOT_REACHED):
        ended = [c for c in contacts if c.outcome == outcome and c.closed_on is not None]
        lines.append(Line(f'contacts_{outcome.value}', counter.count(ended, lambda c: c.closed_on)))
    return tuple(lines)


def case_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Cases written down, referred, and ended (resolved, or closed unresolved) in the month; those open at its end."""
    cases = of_secretariat(store, Case, secretariat_id)
    referred = [c for c in cases if c.referred_on is not None]

    def open_at(end: dt.date) -> int:
        return sum(1 for c in cases if c.opened_on < end and (c.closed_on is None or c.closed_on >= end))

    lines = [
        Line('cases_opened', counter.count(cases, lambda c: c.opened_on)),
        Line('cases_referred', counter.count(referred, lambda c: c.referred_on)),
    ]
    for status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        ended = [c for c in cases if c.status == status and c.closed_on is not None]
        lines.append(Line(f'cases_{status.value}', counter.count(ended, lambda c: c.closed_on)))
    lines.append(Line('cases_open', tuple(open_at(end) for end in counter.ends), stock=True))
    return tuple(lines)


def checklist_lines(store: Store, secretariat_id: str, counter: _Counter) -> tuple[Line, ...]:
    """Pre-departure checklists started, and completed (every document brought), in the month."""
    checklists = of_secretariat(store, Checklist, secretariat_id)
    completed = [c for c in checklists if c.completed_on is not None]
    return (
        Line('checklists_started', counter.count(checklists, lambda c: c.created_at)),
        Line('checklists_completed', counter.count(completed, lambda c: c.completed_on)),
    )


# ---- the returnees' businesses and programmes -----------------------------------------------------------------


def business_lines(store: Store, secretariat: Secretariat, counter: _Counter) -> tuple[Line, ...]:
    """The linked groups' members who sold in the month (a sale of their own), their sales, and the groups' sales."""
    members = _members(store, secretariat)
    selling, own, books = [], [], []
    for first, end in zip(counter.months, counter.ends, strict=True):
        start, stop = _midnight(first), _midnight(end)
        figures = [summary(store, pid, start, stop) for pid in members]
        selling.append(sum(1 for f in figures if f.sales_count))
        own.append(sum(f.revenue for f in figures))
        books.append(sum(group_ledger(store, gid, first, end).revenue for gid in _groups(store, secretariat)))
    return (
        Line('members_selling', tuple(selling)),
        Line('member_sales', tuple(own), money=True),
        Line('group_sales', tuple(books), money=True),
    )


def group_figures(store: Store, secretariat: Secretariat, months: tuple[dt.date, ...]) -> tuple[GroupFigures, ...]:
    if not months:
        return ()
    first, end = months[0], _next_month(months[-1])
    start, stop = _midnight(first), _midnight(end)
    found = []
    for group_id in _groups(store, secretariat):
        group = store.get(Group, group_id)
        if group is None:
            continue
        figures = [summary(store, pid, start, stop) for pid in group.member_ids]
        found.append(GroupFigures(
            group.name, len(group.member_ids), sum(1 for f in figures if f.sales_count),
            sum(f.revenue for f in figures), group_ledger(store, group.id, first, end).revenue,
        ))  # fmt: skip
    return tuple(sorted(found, key=lambda g: g.name.casefold()))


def programme_lines(store: Store, secretariat: Secretariat) -> tuple[ProgrammeLine, ...]:
    programmes = (store.get(Programme, pid) for pid in secretariat.programme_ids)
    lines = [ProgrammeLine(p.name, p.agency, p.start, p.end, len(p.participant_ids)) for p in programmes if p]
    return tuple(sorted(lines, key=lambda p: p.start))


def _groups(store: Store, secretariat: Secretariat) -> list[str]:
    return [gid for gid in secretariat.group_ids if store.get(Group, gid) is not None]


def _members(store: Store, secretariat: Secretariat) -> list[str]:
    members: dict[str, None] = {}
    for group_id in _groups(store, secretariat):
        group = store.get(Group, group_id)
        members.update(dict.fromkeys(group.member_ids if group else ()))
    return list(members)


# ---- months -----------------------------------------------------------------------------------------------------


class _Counter:
    """Counts records by the WIB month of one of their dates or moments, over the months of a summary."""

    def __init__(self, months: tuple[dt.date, ...]) -> None:
        self.months = months
        self.ends = tuple(_next_month(m) for m in months)  # each month's day after its last
        self.index = {(m.year, m.month): i for i, m in enumerate(months)}

    def count(self, records: Iterable[Any], when: Callable[[Any], dt.date | dt.datetime | None]) -> tuple[int, ...]:
        counts = [0] * len(self.months)
        for record in records:
            moment = when(record)
            if moment is None:
                continue
            day = _day(moment)
            position = self.index.get((day.year, day.month))
            if position is not None:
                counts[position] += 1
        return tuple(counts)


def _day(moment: dt.date | dt.datetime) -> dt.date:
    return moment.astimezone(TZ).date() if isinstance(moment, dt.datetime) else moment


def _next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=TZ).astimezone(dt.UTC)
