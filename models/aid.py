"""Aid (*bantuan*) a programme hands over: items with a quantity and a value, and each handover to a trainee
or a group, with the recipient's confirmation.

A handover is confirmed once: by the trainee on her phone ("sudah diterima"), or by the coordinator who
records the signature on the paper receipt (*tanda terima*). Its unit value is frozen when it is recorded,
so a later change of the item's value never changes a signed receipt.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, Field, model_validator

from .base import Record
from .business import Amount
from .certificate import ROMAN_MONTHS

MAX_UNITS = 10_000


class Recipient(StrEnum):
    """Who an item is for: each trainee (a baking kit), or a group (one tillage machine for the KWT)."""

    TRAINEE = 'peserta'
    GROUP = 'kelompok'


class Confirmation(StrEnum):
    PHONE = 'hp'  # she ticked "sudah diterima" on her phone
    PAPER = 'kertas'  # the coordinator recorded the signature on the paper receipt


class AidItem(Record):
    """One kind of aid in a programme, e.g. `Paket peralatan kue`, 15 paket of Rp 750.000."""

    programme_id: str
    name: str = Field(min_length=2, max_length=120)
    recipient: Recipient = Recipient.TRAINEE
    quantity: int = Field(ge=1, le=MAX_UNITS)  # how many the programme has to hand over in all
    per_recipient: int = Field(default=1, ge=1, le=MAX_UNITS)  # how many each recipient gets
    unit: str = Field(default='paket', min_length=1, max_length=20)
    unit_value: Amount
    description: str = Field(default='', max_length=300)  # what is in it, brand, type

    @property
    def total_value(self) -> int:
        return self.quantity * self.unit_value


class Handover(Record):
    """One recipient's receipt of an item: to one trainee, or to one group (never both)."""

    programme_id: str
    item_id: str
    participant_id: str | None = None
    group_id: str | None = None
    quantity: int = Field(ge=1, le=MAX_UNITS)
    unit_value: Amount  # the item's value when handed over
    handed_on: dt.date
    handed_by: str  # the account that handed it over
    recorded_at: AwareDatetime
    note: str = Field(default='', max_length=300)
    confirmed_at: AwareDatetime | None = None
    confirmation: Confirmation | None = None
    confirmed_by: str | None = None  # the account that confirmed: hers, or the coordinator's for paper
    receiver_name: str = Field(default='', max_length=120)  # who signed or ticked, e.g. the KWT's chair
    cancelled: bool = False  # recorded by mistake, before anyone confirmed it
    cancel_reason: str = Field(default='', max_length=300)  # why, as the coordinator wrote it

    @model_validator(mode='after')
    def _one_recipient(self) -> Handover:
        if (self.participant_id is None) == (self.group_id is None):
            raise ValueError('aid_one_recipient')
        if (self.confirmed_at is None) != (self.confirmation is None):
            raise ValueError('aid_confirmation_incomplete')
        return self

    @property
    def value(self) -> int:
        return self.quantity * self.unit_value

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def bast_number(seq: int, agency_code: str, handed_on: dt.date) -> str:
    """A *berita acara serah terima* (BAST)'s number as an agency writes its letters: `001/BAST/DISNAKERTRANS-LS/
    VI/2026`, the year's `seq`-th of the agency, the month in Roman figures (no code part when it has none)."""
    parts = (f'{seq:03d}', 'BAST', agency_code, ROMAN_MONTHS[handed_on.month - 1], str(handed_on.year))
    return '/'.join(part for part in parts if part)
