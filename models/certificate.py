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
    issued_by: str  # the account that first downloaded it
    skills: list[CertifiedSkill] = Field(default_factory=list, max_length=200)
    attendance_percent: int = Field(ge=0, le=100)
