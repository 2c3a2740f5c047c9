"""A participant (*peserta*) and the rules for her phone number and NIK.

Sensitive fields (category, NIK, former destination country, case notes) are coordinator-only:
`Participant.public_view()` is what any other role may receive.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator

from .base import Record

SENSITIVE_FIELDS = frozenset({'category', 'nik', 'former_country', 'case_notes'})


class Category(StrEnum):
    """Why she is in the programme. KPO/KTK/PMBS mark survivors and must stay with coordinators."""

    PMI_PURNA = 'PMI Purna'  # returned migrant worker
    PMBS = 'PMBS'  # migrant worker with problems (Pekerja Migran Bermasalah)
    KTK = 'KTK'  # survivor of violence (Korban Tindak Kekerasan)
    KPO = 'KPO'  # survivor of trafficking (Korban Perdagangan Orang)


class Gender(StrEnum):
    """As the agency's forms write it: L (laki-laki) or P (perempuan)."""

    P = 'P'
    L = 'L'


def normalise_phone(raw: str) -> str:
    """`0812-3456-0103`, `+6281234560103` and `6281234560103` all become `081234560103`.

    Raises ValueError('bad_phone') unless the result is an Indonesian mobile number of 10 to 13 digits.
    """
    digits = re.sub(r'[\s\-().]', '', raw or '')
    if digits.startswith('+62'):
        digits = '0' + digits[3:]
    elif digits.startswith('62'):
        digits = '0' + digits[2:]
    if not re.fullmatch(r'08\d{8,11}', digits):
        raise ValueError('bad_phone')
    return digits


def check_nik(raw: str) -> str:
    """A NIK is 16 digits: province, regency, district codes, then birth date (day + 40 for women), serial."""
    nik = re.sub(r'\s', '', raw or '')
    if not re.fullmatch(r'\d{16}', nik):
        raise ValueError('bad_nik')
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12) or nik[:2] == '00' or nik[12:] == '0000':
        raise ValueError('bad_nik')
    return nik


class ConsentScope(StrEnum):
    """What a consent lets the agency do. Only `PUBLIC_NAME` changes what the app shows: with it, the public
    check of her certificate (`/verifikasi/…`) shows her full name instead of her initials."""

    PROGRAMME = 'program'  # her data used for the training and the business support after it
    PUBLIC_NAME = 'nama_publik'  # her full name on the public certificate check


def gender_from_nik(raw: str) -> Gender | None:
    """A valid NIK says her sex: a woman's birth day is written plus 40. None when it is not a valid NIK."""
    try:
        nik = check_nik(raw)
    except ValueError:
        return None
    return Gender.P if int(nik[6:8]) > 40 else Gender.L


class Consent(Record):
    """Her consent to the use of her data: for what, when, who recorded it, and when she took it back."""

    scope: ConsentScope = ConsentScope.PROGRAMME
    purpose: str = Field(min_length=3, max_length=300)
    given_on: dt.date
    recorded_by: str
    withdrawn_on: dt.date | None = None
    withdrawn_by: str | None = None


class Participant(Record):
    name: str = Field(min_length=2, max_length=120)
    phone: str = ''
    village: str = Field(default='', max_length=80)  # desa
    district: str = Field(default='', max_length=80)  # kecamatan
    regency: str = Field(default='', max_length=80)  # kabupaten / kota
    gender: Gender | None = None  # for the daftar hadir's L/P column, where the agency asks for it
    group_id: str | None = None
    # coordinator-only from here
    category: Category | None = None
    nik: str | None = None
    former_country: str = Field(default='', max_length=80)
    case_notes: str = Field(default='', max_length=4000)
    consents: list[Consent] = Field(default_factory=list)

    @field_validator('phone')
    @classmethod
    def _phone(cls, value: str) -> str:
        return normalise_phone(value) if value else ''

    @field_validator('nik')
    @classmethod
    def _nik(cls, value: str | None) -> str | None:
        return check_nik(value) if value else None

    def agreed(self, scope: ConsentScope) -> bool:
        """Whether a consent for `scope` stands: recorded and not taken back."""
        return any(c.scope == scope and c.withdrawn_on is None for c in self.consents)

    def address(self) -> str:
        """Her village and kecamatan as a form writes them: `Desa Waliwis, Kec. Mekar Baru`."""
        parts = [f'Desa {self.village}' if self.village else '', f'Kec. {self.district}' if self.district else '']
        return ', '.join(part for part in parts if part)

    def public_view(self) -> dict[str, Any]:
        """Her record without the coordinator-only fields: what instructors, groups and she herself may see."""
        return self.model_dump(mode='json', exclude=set(SENSITIVE_FIELDS) | {'consents'})


class Group(Record):
    """A group of participants, e.g. a KWT (Kelompok Wanita Tani, women farmers' group)."""

    name: str = Field(min_length=2, max_length=120)
    village: str = Field(default='', max_length=80)
    programme_id: str | None = None
    member_ids: list[str] = Field(default_factory=list)
    chair_id: str | None = None  # the member who chairs it (*ketua*): she signs for the group, e.g. the aid's BAST
