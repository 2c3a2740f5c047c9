"""The secretariat's register of villagers abroad and returned (*pendataan PMI*), its family-contact log and its case
and referral log: what a village secretariat keeps about people abroad and their families, with their consent.

Everything here is as sensitive as a participant's category: the secretariat's own staff and the coordinators
see it (`models.permissions.may_serve_secretariat`), every view is written to the trail without its content, and
a coordinator erases an entry for good on request (`store/register.py`). Nothing is saved without a consent
(`RegisterConsent`): an entry without one does not validate.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Record
from .participant import normalise_phone

SOON_DAYS = 90  # a contract ending within so many days: the secretariat reaches her before she comes home
FORM = ConfigDict(extra='forbid', str_strip_whitespace=True)


def _phone_or_empty(value: str) -> str:
    return normalise_phone(value) if value else ''


PhoneOrEmpty = Annotated[str, AfterValidator(_phone_or_empty)]


class ConsentGiver(StrEnum):
    """Who agreed to the data being kept: the villager herself, or her family for her (she is abroad)."""

    SELF = 'sendiri'
    FAMILY = 'keluarga'


class RegisterConsent(BaseModel):
    """The consent a register entry (or a checklist) is kept under: for what, when, who gave it, who wrote it down."""

    model_config = FORM

    purpose: str = Field(min_length=3, max_length=300)
    given_on: dt.date
    giver: ConsentGiver = ConsentGiver.SELF
    giver_name: str = Field(min_length=2, max_length=120)  # her own name, or the family member's
    recorded_by: str = Field(default='', max_length=100)  # the account, set by the store


class Kept(BaseModel):
    """What every record of a secretariat's register and logs holds beside its content: whose it is, who wrote it
    down and when, when it was last changed."""

    secretariat_id: str
    created_at: AwareDatetime
    created_by: str
    updated_at: AwareDatetime | None = None


class AbroadForm(BaseModel):
    """What staff write about a villager abroad or returned: who she is, whom at home to reach, where she works
    and until when, and whether she is back (a returnee may be linked to her participant record)."""

    model_config = FORM

    name: str = Field(min_length=2, max_length=120)
    family_name: str = Field(default='', max_length=120)
    family_relation: str = Field(default='', max_length=60)  # ibu, suami, kakak...
    family_phone: PhoneOrEmpty = ''
    country: str = Field(min_length=2, max_length=80)
    employer: str = Field(default='', max_length=160)  # her employer, or the placement agency (P3MI)
    contract_end: dt.date | None = None
    returned: bool = False
    returned_on: dt.date | None = None
    participant_id: str | None = Field(default=None, max_length=100)

    @model_validator(mode='after')
    def _return_date_only_when_back(self) -> AbroadForm:
        if not self.returned and self.returned_on is not None:
            object.__setattr__(self, 'returned_on', None)  # the switch turned off: the date goes with it
        return self


class RegisterEntry(Record, AbroadForm, Kept):
    """An entry of a secretariat's register, as stored: under the consent it was given."""

    consent: RegisterConsent


def ends_soon(entry: AbroadForm, today: dt.date, days: int = SOON_DAYS) -> bool:
    """Still abroad, and her contract ends between today and `days` from now."""
    if entry.returned or entry.contract_end is None:
        return False
    return today <= entry.contract_end <= today + dt.timedelta(days=days)


def ended_not_back(entry: AbroadForm, today: dt.date) -> bool:
    """Her contract has ended but she is not written down as back: staff should ask after her."""
    return not entry.returned and entry.contract_end is not None and entry.contract_end < today


# ---- whom a log entry is about: a register entry, or a name written in -------------------------------------------


class ForWhom(BaseModel):
    """A log entry is about someone in the register (`entry_id`) or someone written in by name (`for_name`)."""

    model_config = FORM

    entry_id: str | None = Field(default=None, max_length=100)
    for_name: str = Field(default='', max_length=120)

    @model_validator(mode='after')
    def _someone(self) -> ForWhom:
        if not self.entry_id and not self.for_name:
            raise PydanticCustomError('value_error', 'for_whom_needed', {'error': 'for_whom_needed'})
        return self


# ---- the family-contact log -----------------------------------------------------------------------------------


class ContactDirection(StrEnum):
    FAMILY = 'keluarga'  # a family asks the secretariat to reach a member abroad
    WORKER = 'pmi'  # a worker abroad asks it to reach her family


class ContactOutcome(StrEnum):
    OPEN = 'proses'  # still trying
    REACHED = 'terhubung'
    NOT_REACHED = 'tidak_terhubung'  # given up, for now


class ContactForm(ForWhom):
    """Who asked, for whom, when; what was done and how it ended."""

    direction: ContactDirection
    asked_by: str = Field(min_length=2, max_length=120)
    asked_by_relation: str = Field(default='', max_length=60)
    asked_on: dt.date
    done: str = Field(default='', max_length=1000)
    outcome: ContactOutcome = ContactOutcome.OPEN
    closed_on: dt.date | None = None

    @model_validator(mode='after')
    def _closed_only_when_ended(self) -> ContactForm:
        if self.outcome == ContactOutcome.OPEN:
            object.__setattr__(self, 'closed_on', None)
        return self


class FamilyContact(Record, ContactForm, Kept):
    """A request for contact, as stored."""


# ---- the case and referral log --------------------------------------------------------------------------------


class Problem(StrEnum):
    UNPAID_WAGES = 'gaji_tidak_dibayar'
    OUT_OF_CONTACT = 'hilang_kontak'
    TRAFFICKING = 'indikasi_tppo'  # signs of trafficking (tindak pidana perdagangan orang)
    VIOLENCE = 'kekerasan'
    OTHER = 'lainnya'


class ReferredTo(StrEnum):
    BP3MI = 'bp3mi'  # the migrant-worker agency's provincial office, or its UPT P2MI
    SOCIAL = 'dinas_sosial'
    MANPOWER = 'disnaker'
    POLICE = 'polisi'
    FORUM = 'forum_pmi'  # a migrant workers' forum or union
    OTHER = 'lainnya'


class CaseStatus(StrEnum):
    NEW = 'baru'  # written down, not referred yet
    REFERRED = 'dirujuk'
    HANDLED = 'ditangani'  # the office referred to is on it
    RESOLVED = 'selesai'
    CLOSED = 'ditutup'  # closed without being resolved


OPEN_CASE = frozenset({CaseStatus.NEW, CaseStatus.REFERRED, CaseStatus.HANDLED})


class CaseForm(ForWhom):
    """A problem, whom it is about, to whom it was referred and when, and where it stands."""

    problem: Problem
    reported_by: str = Field(default='', max_length=120)
    opened_on: dt.date
    what: str = Field(default='', max_length=2000)
    referred_to: ReferredTo | None = None
    referred_to_other: str = Field(default='', max_length=120)
    referred_on: dt.date | None = None
    status: CaseStatus = CaseStatus.NEW
    outcome: str = Field(default='', max_length=1000)
    closed_on: dt.date | None = None

    @model_validator(mode='after')
    def _referred_somewhere(self) -> CaseForm:
        if self.status in (CaseStatus.REFERRED, CaseStatus.HANDLED) and self.referred_to is None:
            raise PydanticCustomError('value_error', 'referral_needed', {'error': 'referral_needed'})
        if self.status in OPEN_CASE:
            object.__setattr__(self, 'closed_on', None)
        if self.referred_to is None:
            object.__setattr__(self, 'referred_on', None)
        return self


class Case(Record, CaseForm, Kept):
    """A case, as stored."""
