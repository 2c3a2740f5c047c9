"""Before leaving (*persiapan berangkat*): the documents the legal route to work abroad needs, ticked as a villager
brings them to the secretariat, and the route itself with the offices where she registers.

A secretariat keeps its own list of documents (`DepartureGuide`; the law's list until staff change it) and the
offices of its area; a villager's checklist (`Checklist`) holds the documents she has brought, by key, so an item
renamed keeps its tick. A checklist names someone planning to work abroad: it is kept, seen and erased as the
register is (`models/register.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from .base import Record
from .register import FORM, PhoneOrEmpty, RegisterConsent
from .secretariat import check_contact_number

# The documents the legal route asks for (UU 18/2017 on the protection of migrant workers, and the agency's
# rules), by key; their names are the translations' `departure.doc.<key>`.
DEFAULT_DOCUMENTS = ('ktp', 'kk', 'izin_keluarga', 'akta', 'ijazah', 'sehat', 'paspor')
# The legal route, step by step (`departure.step.<key>`, `departure.step.<key>.text`)
ROUTE_STEPS = ('info', 'daftar', 'p3mi', 'sehat', 'paspor', 'perjanjian', 'opp', 'tiba')
OFFICES = ('ltsa', 'bp3mi', 'disnaker')  # where she registers: one-stop service, agency's office, manpower office
MAX_DOCUMENTS = 30
DOC_KEY = r'^[a-z0-9_-]{2,40}$'


class DocumentItem(BaseModel):
    """A document on the list: a key the ticks are kept by, and the name staff gave it ('' for one of the law's
    list, named by the translations)."""

    model_config = FORM

    key: str = Field(pattern=DOC_KEY)
    label: str = Field(default='', max_length=120)


class Office(BaseModel):
    """An office where she registers, as the secretariat knows it: its name, address and telephone."""

    model_config = FORM

    name: str = Field(default='', max_length=160)
    address: str = Field(default='', max_length=200)
    phone: Annotated[str, AfterValidator(check_contact_number), Field(max_length=30)] = ''


def _distinct(items: list[DocumentItem]) -> list[DocumentItem]:
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError('document_twice')
    return items


class DepartureGuide(Record):
    """A secretariat's list of documents and its offices; its id is the secretariat's."""

    documents: Annotated[
        list[DocumentItem], AfterValidator(_distinct), Field(min_length=1, max_length=MAX_DOCUMENTS)
    ] = Field(default_factory=lambda: [DocumentItem(key=key) for key in DEFAULT_DOCUMENTS])
    ltsa: Office = Field(default_factory=Office)
    bp3mi: Office = Field(default_factory=Office)
    disnaker: Office = Field(default_factory=Office)
    updated_at: AwareDatetime | None = None
    updated_by: str = ''


class ChecklistForm(BaseModel):
    """Who plans to leave, how to reach her, and where she means to work."""

    model_config = FORM

    name: str = Field(min_length=2, max_length=120)
    phone: PhoneOrEmpty = ''
    country: str = Field(default='', max_length=80)


class Checklist(Record, ChecklistForm):
    """Her documents, ticked with the day each was brought (`ticked`: key → date); `completed_on` is the day the
    last one on the list was ticked (None while any is missing)."""

    secretariat_id: str
    consent: RegisterConsent
    ticked: dict[str, dt.date] = Field(default_factory=dict)
    completed_on: dt.date | None = None
    created_at: AwareDatetime
    created_by: str


def progress(checklist: Checklist, documents: list[DocumentItem]) -> tuple[int, int]:
    """(documents on the list she has brought, documents on the list)."""
    return sum(1 for item in documents if item.key in checklist.ticked), len(documents)


def completed_on(ticked: dict[str, dt.date], documents: list[DocumentItem]) -> dt.date | None:
    """The day the list was complete: the last tick's day, once every document on it is ticked."""
    if not documents or any(item.key not in ticked for item in documents):
        return None
    return max(ticked[item.key] for item in documents)
