"""A programme's outcomes, for the agency's report upward: attendance, skills, certificates, aid, and after the
training, month by month, the trainees' own business and the group's chili sales.

Figures only: no buyer names, no sensitive fields. Everything is computed from the records as they are now;
`today` (in the programme's zone) is passed in, so a test can fix it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from models.attendance import PRESENT, Attendance, Status
from models.business import rupiah
from models.certificate import Certificate
from models.programme import Programme
from models.skills import Level

from .aid import AidTotals, aid_totals, groups_of
from .engine import Store
from .figures import summary
from .group_ledger import group_ledger
from .programmes import days_of
from .skills import latest, programme_skills

MAX_MONTHS = 24


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent to one decimal, half up (`2 of 3` → 66.7); None without a whole."""
    if whole <= 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)


def median(values: list[int]) -> int:
    """The middle value in whole rupiah (the mean of the two middle ones, half up); 0 for none."""
    if not values:
        return 0
    ordered, middle = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return rupiah(Decimal(ordered[middle - 1] + ordered[middle]) / 2)


@dataclass(frozen=True)
class DayAttendance:
    number: int
    date: dt.date
    present: int  # Hadir and Terlambat
    late: int
    excused: int  # Izin
    sick: int  # Sakit
    absent: int  # Alpa
    unmarked: int


@dataclass(frozen=True)
class AttendanceFigures:
    """Over the days held so far (dated today or earlier) × the trainees enrolled."""

    days_held: int
    possible: int
    present: int
    late: int
    excused: int
    sick: int
    absent: int
    unmarked: int
    days: list[DayAttendance] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        return percent(self.present, self.possible)


@dataclass(frozen=True)
class SkillFigures:
    """The latest mark of every trainee × skill; Bisa and Mahir count as competent."""

    skills: int
    cells: int
    competent: int
    fully_competent: int  # trainees competent in every skill

    @property
    def rate(self) -> Decimal | None:
        return percent(self.competent, self.cells)


@dataclass(frozen=True)
class MonthFigures:
    """One month after the training (the first may start mid-month, the day after the last training day).

    `selling` trainees earned from selling that month: a sale of her own, or a share of her group's sales (a
    KWT member's share of the group's net, by the group book's rule, is money she receives). Her revenue is her
    own sales plus that share, her profit her own net profit plus that share; summed, and their medians taken,
    over those trainees.
    """

    month: str  # YYYY-MM
    first_day: dt.date
    selling: int
    revenue: int
    profit: int
    revenue_median: int
    profit_median: int
    group_kg: Decimal
    group_revenue: int


@dataclass(frozen=True)
class Outcomes:
    programme_id: str
    name: str
    agency: str
    start: dt.date
    end: dt.date
    trainees: int
    attendance: AttendanceFigures
    skills: SkillFigures
    certificates: int
    aid: AidTotals
    months: list[MonthFigures]
    has_groups: bool

    @property
    def certificate_rate(self) -> Decimal | None:
        return percent(self.certificates, self.trainees)


def programme_outcomes(store: Store, programme: Programme, today: dt.date) -> Outcomes:
    trainees = programme.participant_ids
    return Outcomes(
        programme_id=programme.id,
        name=programme.name,
        agency=programme.agency,
        start=programme.start,
        end=programme.end,
        trainees=len(trainees),
        attendance=attendance_figures(store, programme, today),
        skills=skill_figures(store, programme),
        certificates=sum(
            1
            for pid in trainees
            if any(c.programme_id == programme.id for c in store.by_index(Certificate, 'participant', pid))
        ),
        aid=aid_totals(store, programme.id),
        months=month_figures(store, programme, today),
        has_groups=bool(groups_of(store, programme)),
    )


def attendance_figures(store: Store, programme: Programme, today: dt.date) -> AttendanceFigures:
    enrolled = set(programme.participant_ids)
    held = [d for d in days_of(store, programme.id) if d.date <= today]
    by_day: dict[str, list[Status]] = {d.id: [] for d in held}
    for record in store.by_index(Attendance, 'programme', programme.id):
        if record.day_id in by_day and record.participant_id in enrolled:
            by_day[record.day_id].append(record.status)
    days = []
    for day in held:
        statuses = by_day[day.id]
        days.append(
            DayAttendance(
                number=day.number,
                date=day.date,
                present=sum(1 for s in statuses if s in PRESENT),
                late=statuses.count(Status.TERLAMBAT),
                excused=statuses.count(Status.IZIN),
                sick=statuses.count(Status.SAKIT),
                absent=statuses.count(Status.ALPA),
                unmarked=len(enrolled) - len(statuses),
            )  # fmt: skip
        )
    return AttendanceFigures(
        days_held=len(held), possible=len(held) * len(enrolled), present=sum(d.present for d in days),
        late=sum(d.late for d in days), excused=sum(d.excused for d in days), sick=sum(d.sick for d in days),
        absent=sum(d.absent for d in days), unmarked=sum(d.unmarked for d in days), days=days,
    )  # fmt: skip


def skill_figures(store: Store, programme: Programme) -> SkillFigures:
    skills = programme_skills(store, programme.id)
    marks = latest(store, programme.id)
    competent = full = 0
    for pid in programme.participant_ids:
        hers = sum(1 for s in skills if (m := marks.get((pid, s.id))) is not None and Level(m.level).competent)
        competent += hers
        full += 1 if skills and hers == len(skills) else 0
    return SkillFigures(len(skills), len(skills) * len(programme.participant_ids), competent, full)


def months_after(end: dt.date, today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(`YYYY-MM`, first day, the day after the last) of each month from the day after `end` to `today`."""
    months = []
    cursor = end + dt.timedelta(days=1)
    while cursor <= today:
        following = dt.date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        months.append((f'{cursor:%Y-%m}', cursor, following))
        cursor = following
    return months[-MAX_MONTHS:]


def month_figures(store: Store, programme: Programme, today: dt.date) -> list[MonthFigures]:
    tz = programme.zone.tz
    groups = groups_of(store, programme)
    result = []
    for month, first, following in months_after(programme.end, today):
        start, end = _midnight(first, tz), _midnight(following, tz)
        ledgers = [group_ledger(store, g.id, first, following) for g in groups]
        shares: dict[str, int] = {}
        for ledger in ledgers:
            for member in ledger.members:
                shares[member.participant_id] = shares.get(member.participant_id, 0) + member.share
        revenues, profits = [], []
        for pid in programme.participant_ids:
            figures, share = summary(store, pid, start, end), shares.get(pid, 0)
            if figures.sales_count or share > 0:
                revenues.append(figures.revenue + share)
                profits.append(figures.net_profit + share)
        result.append(
            MonthFigures(
                month=month,
                first_day=first,
                selling=len(revenues),
                revenue=sum(revenues),
                profit=sum(profits),
                revenue_median=median(revenues),
                profit_median=median(profits),
                group_kg=sum((ledger.sold_kg for ledger in ledgers), Decimal(0)),
                group_revenue=sum(ledger.revenue for ledger in ledgers),
            )  # fmt: skip
        )
    return result


def _midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(dt.UTC)
