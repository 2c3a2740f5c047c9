"""Attendance: the rotating check-in code, personal cards, and the status rules of a training day.

The check-in code is stateless: `/c/<day>/<slot>/<mac>`, where `slot` counts 15-second slots since the
epoch and `mac` is a truncated HMAC of day and slot under the server's secret. Nothing is written per
code, and a scan can be judged later (a phone that queued it offline) by the slot it carries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from enum import StrEnum

from pydantic import AwareDatetime, Field

from .base import DomainError, Record
from .programme import Day, Programme

SLOT_SECONDS = 15
MAC_LENGTH = 12  # hex digits: 48 bits, plenty for a code that lives 30 seconds


class Status(StrEnum):
    HADIR = 'hadir'  # present
    TERLAMBAT = 'terlambat'  # late: arrived after the day's start plus the late threshold
    IZIN = 'izin'  # excused
    SAKIT = 'sakit'  # ill
    ALPA = 'alpa'  # absent without word; set for the unmarked when the day is closed


PRESENT = frozenset({Status.HADIR, Status.TERLAMBAT})


class Method(StrEnum):
    SELF_SCAN = 'self_scan'  # her own phone scanned the rotating code
    CARD_SCAN = 'card_scan'  # the instructor scanned her printed card
    TYPED_CODE = 'typed_code'  # she typed the 6-digit code shown under the rotating QR
    MANUAL = 'manual'  # the instructor or coordinator marked her by hand
    CLOSING = 'closing'  # the day was closed while she was unmarked


class Attendance(Record):
    """One record per trainee per day: its id is `attendance_id(day, participant)`, so it cannot double."""

    day_id: str
    programme_id: str
    participant_id: str
    status: Status
    at: AwareDatetime  # when she arrived (or when the mark was made, for Izin/Sakit/Alpa)
    how: Method
    by: str  # the account that made the mark (her own for a self-scan)
    reason: str = Field(default='', max_length=300)
    marked_at: AwareDatetime  # when the record was written


def attendance_id(day_id: str, participant_id: str) -> str:
    return f'{day_id}.{participant_id}'


class Card(Record):
    """A printed QR card for a trainee without a phone. The id is the random token printed on it."""

    participant_id: str
    programme_id: str
    issued_at: AwareDatetime
    revoked: bool = False


def new_card_token() -> str:
    return secrets.token_urlsafe(12)


# ---- the rotating code -------------------------------------------------------------------------


def slot_of(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // SLOT_SECONDS


def slot_start(slot: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(slot * SLOT_SECONDS, dt.UTC)


def code_mac(secret: str, day_id: str, slot: int) -> str:
    digest = hmac.new(secret.encode(), f'checkin:{day_id}:{slot}'.encode(), hashlib.sha256).hexdigest()
    return digest[:MAC_LENGTH]


def code_path(secret: str, day_id: str, slot: int) -> str:
    return f'/c/{day_id}/{slot}/{code_mac(secret, day_id, slot)}'


def check_code(secret: str, day_id: str, slot: int, mac: str, scanned_at: dt.datetime) -> None:
    """Refuse a forged code, and one scanned when it was no longer current or one slot old.

    A code from the future (more than a slot ahead of the clock, allowing for a little drift) is forged.
    """
    mac = (mac or '').lower()[:64]
    if not mac.isascii() or not hmac.compare_digest(code_mac(secret, day_id, slot), mac):
        raise DomainError('checkin_forged')
    current = slot_of(scanned_at)
    if slot > current + 1:
        raise DomainError('checkin_forged')
    if current - slot > 1:
        raise DomainError('checkin_stale')


SHORT_CODE_DIGITS = 6
CARD_CODE_DIGITS = 8


def short_code(secret: str, day_id: str, slot: int) -> str:
    """The six digits shown under the rotating QR for the same slot: what she types when her camera cannot
    read the projector. Keyed like the QR, so only the server can make one."""
    digest = hmac.new(secret.encode(), f'short:{day_id}:{slot}'.encode(), hashlib.sha256).digest()
    return f'{int.from_bytes(digest[:8], "big") % 10**SHORT_CODE_DIGITS:0{SHORT_CODE_DIGITS}d}'


def typed_code_slot(secret: str, day_id: str, code: str, now: dt.datetime) -> int | None:
    """The slot whose short code `code` is, while the QR of that slot would still be taken (the current
    slot and the one before); None for a wrong or stale code."""
    current = slot_of(now)
    for slot in (current, current - 1):
        if hmac.compare_digest(short_code(secret, day_id, slot), code):
            return slot
    return None


def clean_digits(typed: str, digits: int) -> str | None:
    """`123 456` or `123-456` as she may type it → `123456`; None unless exactly `digits` ASCII digits."""
    code = ''.join(ch for ch in (typed or '')[:40] if ch not in ' -.\u00a0')
    return code if len(code) == digits and code.isascii() and code.isdigit() else None


def card_code(token: str) -> str:
    """The eight digits printed under a card's QR, for the instructor to type when a card will not scan."""
    digest = hashlib.sha256(f'card:{token}'.encode()).digest()
    return f'{int.from_bytes(digest[:8], "big") % 10**CARD_CODE_DIGITS:0{CARD_CODE_DIGITS}d}'


def spaced(code: str) -> str:
    """`123456` → `123 456`, `12345678` → `1234 5678`: digits read aloud in halves."""
    half = len(code) // 2
    return f'{code[:half]} {code[half:]}'


# ---- status rules ------------------------------------------------------------------------------


def day_start(day: Day, programme: Programme) -> dt.datetime:
    """The day's start as an aware moment, in the programme's zone."""
    return dt.datetime.combine(day.date, day.starts_at, tzinfo=programme.zone.tz)


def arrival_status(day: Day, programme: Programme, arrived: dt.datetime) -> Status:
    """Hadir until the late threshold has passed after the day's start; Terlambat after."""
    late_from = day_start(day, programme) + dt.timedelta(minutes=programme.late_after_minutes)
    return Status.TERLAMBAT if arrived > late_from else Status.HADIR


def local_date(moment: dt.datetime, programme: Programme) -> dt.date:
    return moment.astimezone(programme.zone.tz).date()


def attendance_rate(present: int, days: int) -> int | None:
    """A trainee's attendance, the one figure every page and paper shows: the days she was present (Hadir or
    Terlambat) out of `days`, in whole percent rounded half up (2 of 3 → 67, 1 of 8 → 13); None without days.

    Which days count is the caller's: all the programme's days for a certificate (its standing at the end),
    the days held so far for a running register. When the programme is over they are the same days.
    """
    return (200 * present + days) // (2 * days) if days > 0 else None
