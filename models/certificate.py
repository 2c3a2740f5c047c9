"""A completion certificate (*sertifikat*): issued once per trainee per programme, when she has earned it.

Its id is a random URL-safe token printed as a QR on the paper, so anyone holding the paper can check
it at `/verifikasi/<id>`; the id never changes, so a printed QR keeps working.
"""

from __future__ import annotations

import datetime as dt
import secrets

from pydantic import BaseModel, ConfigDict, Field

from .base import Record
from .skills import Level


def new_certificate_id() -> str:
    return secrets.token_urlsafe(12)


ROMAN_MONTHS = ('I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII')
DEFAULT_PATTERN = '{seq:03d}/SERT/{agency_code}/{roman_month}/{year}'


def certificate_number(pattern: str, *, seq: int, agency_code: str, issued_on: dt.date) -> str:
    """The certificate's number in the agency's format: `pattern` with `{seq}` (e.g. `{seq:03d}`),
    `{agency_code}`, `{roman_month}`, `{month}` and `{year}` filled in."""
    return pattern.format(
        seq=seq, agency_code=agency_code or 'PELATIHAN', roman_month=ROMAN_MONTHS[issued_on.month - 1],
        month=f'{issued_on.month:02d}', year=issued_on.year,
    )  # fmt: skip


def check_pattern(pattern: str) -> str:
    """A numbering pattern that formats, and numbers each certificate apart (it holds `{seq…}`)."""
    try:
        certificate_number(pattern, seq=1, agency_code='X', issued_on=dt.date(2026, 1, 1))
    except (KeyError, ValueError, IndexError):
        raise ValueError('bad_certificate_pattern') from None
    if '{seq' not in pattern:
        raise ValueError('bad_certificate_pattern')
    return pattern


class CertifiedSkill(BaseModel):
    """A skill she mastered, with the level of her latest mark when the certificate was issued."""

    model_config = ConfigDict(extra='forbid')

    name: str = Field(min_length=1, max_length=80)
    level: Level


class Certificate(Record):
    """What the paper says, frozen when it was issued: later marks do not change a printed certificate."""

    id: str = Field(default_factory=new_certificate_id, min_length=8, max_length=64, pattern=r'^[A-Za-z0-9_-]+$')
    programme_id: str
    participant_id: str
    issued_on: dt.date
    issued_by: str  # the coordinator who issued it
    seq: int = Field(default=0, ge=0)  # its place in the programme's issue order, from 1; never reused
    number: str = Field(default='', max_length=80)  # as the agency numbers it: `001/SERT/DINSOS/XII/2026`
    skills: list[CertifiedSkill] = Field(default_factory=list, max_length=200)
    attendance_percent: int = Field(ge=0, le=100)
