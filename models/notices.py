"""A village secretariat's notice board (*papan pengumuman*): what its staff post for the people it reaches (the
members of its linked groups, the trainees of its linked programmes), and what those people do with a notice.

A notice is one of four kinds: *pengumuman* (an announcement), *peluang usaha* (a business opportunity: a buyer
looking for 50 kg of chili a week, a stall for rent, an order for 300 boxes of kue), *pelatihan* (a training to
sign up for) and *modal* (credit and grants: KUR, village funds, agency aid). It stays on the board until the end
of its last day (`ends_on`) on the secretariat's clock, or until its staff take it down. On the three kinds that ask
something of her she may say *Saya tertarik* (`NoticeInterest`); what she has seen is remembered
(`NoticesSeen`), so her home marks what is new. The clock is passed in.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .base import Record
from .business import Amount, Photo
from .programme import Zone

LONGEST_DAYS = 366  # a notice's last day is at most a year ahead
MAX_SEEN = 500  # notices remembered as seen a person; older ones have long left the board


class NoticeKind(StrEnum):
    ANNOUNCEMENT = 'pengumuman'
    OPPORTUNITY = 'peluang_usaha'  # a business opportunity
    TRAINING = 'pelatihan'  # a training to sign up for
    CAPITAL = 'modal'  # credit and grants: KUR, village funds, agency aid


# The kinds she can answer with "Saya tertarik"; an announcement only tells
INTEREST_KINDS = frozenset({NoticeKind.OPPORTUNITY, NoticeKind.TRAINING, NoticeKind.CAPITAL})


class NoticeForm(BaseModel):
    """What the staff write on a notice. `amount` is the rupiah it is about, when there is one: the price a buyer
    offers, a training's fee, a loan's or a grant's ceiling."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    kind: NoticeKind
    title: str = Field(min_length=5, max_length=120)
    text: str = Field(min_length=10, max_length=2000)
    contact: str = Field(min_length=3, max_length=200)  # `Bu Sri, WA 0813 0000 9001`
    amount: Amount | None = None
    ends_on: dt.date  # its last day on the board
    photo: Photo | None = None


class Notice(Record, NoticeForm):
    """A notice as stored: its secretariat, its clock (`zone`: where its last day ends), who posted it and when,
    and, once taken down before its end, when."""

    secretariat_id: str
    zone: Zone = Zone.WIB
    posted_by: str  # an account
    posted_at: AwareDatetime
    edited_at: AwareDatetime | None = None
    taken_down_at: AwareDatetime | None = None

    def ends_at(self) -> dt.datetime:
        """The moment it leaves the board: the midnight after its last day, on its secretariat's clock."""
        after = dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time(0), tzinfo=self.zone.tz)
        return after.astimezone(dt.UTC)

    def current(self, now: dt.datetime) -> bool:
        """On the board at `now`: not taken down, its last day not over."""
        return self.taken_down_at is None and now < self.ends_at()

    def asks_interest(self) -> bool:
        return self.kind in INTEREST_KINDS


def ends_refusal(ends: dt.date, today: dt.date) -> str | None:
    """Why a notice cannot end on `ends` when posted or changed on `today` (her secretariat's day): a last day
    already past (`notice_ends_past`) or more than a year ahead (`notice_ends_far`); None when it can."""
    if ends < today:
        return 'notice_ends_past'
    if ends > today + dt.timedelta(days=LONGEST_DAYS):
        return 'notice_ends_far'
    return None


def interest_id(notice_id: str, participant_id: str) -> str:
    """One interest a person a notice: her answer is kept under this id, so a second tap changes nothing."""
    return f'{notice_id}.{participant_id}'


class NoticeInterest(Record):
    """Her "Saya tertarik" on a notice (`interested` False once she took it back), and when she last said it."""

    notice_id: str
    participant_id: str
    interested: bool = True
    at: AwareDatetime


class NoticesSeen(Record):
    """The notices a person has seen whole (its id is her participant id): the rest are new on her home."""

    notice_ids: list[str] = Field(default_factory=list, max_length=MAX_SEEN)
