"""Her periods: today, this week, this month and a named month, where she is.

A period is half-open, `[start, end)`, in UTC, built from her local calendar in her programme's zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from models.base import DomainError
from models.programme import Programme, Zone

from .engine import Store

WIB = Zone.WIB.tz
UTC = dt.UTC


@dataclass(frozen=True)
class Period:
    """`[start, end)` in UTC; built from her local calendar in the programme's zone."""

    start: dt.datetime
    end: dt.datetime


def day_period(now: dt.datetime, tz: dt.tzinfo = WIB) -> Period:
    """Today where she is."""
    today = now.astimezone(tz).date()
    return Period(local_midnight(today, tz), local_midnight(today + dt.timedelta(days=1), tz))


def week_period(now: dt.datetime, tz: dt.tzinfo = WIB) -> Period:
    """This week where she is: Monday 00.00 to the next Monday (as Indonesian calendars start the week)."""
    monday = now.astimezone(tz).date()
    monday -= dt.timedelta(days=monday.weekday())
    return Period(local_midnight(monday, tz), local_midnight(monday + dt.timedelta(days=7), tz))


def month_period(now: dt.datetime, tz: dt.tzinfo = WIB) -> Period:
    """This calendar month where she is."""
    local = now.astimezone(tz).date()
    return _month(local.year, local.month, tz)


def named_month(month: str, tz: dt.tzinfo = WIB) -> Period:
    """`2025-05` → May 2025 where she is; anything else → DomainError('bad_month')."""
    found = re.fullmatch(r'(\d{4})-(\d{2})', month or '')
    if not found or not 2000 <= int(found[1]) <= 2100 or not 1 <= int(found[2]) <= 12:
        raise DomainError('bad_month')
    return _month(int(found[1]), int(found[2]), tz)


def zone_of(store: Store, participant_id: str) -> ZoneInfo:
    """Her programme's zone (her latest programme); WIB when she has none."""
    programmes = store.by_index(Programme, 'participant', participant_id)
    return max(programmes, key=lambda p: p.start).zone.tz if programmes else WIB


def local_midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(UTC)


def months_between(first: dt.date, last: dt.date) -> list[str]:
    """`YYYY-MM` of every month from `first` to `last`, both included."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f'{year:04d}-{month:02d}')
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month(year: int, month: int, tz: dt.tzinfo) -> Period:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(local_midnight(dt.date(year, month, 1), tz), local_midnight(following, tz))
