"""A training programme (*pelatihan*) and its days."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, field_validator, model_validator

from .base import Record
from .certificate import DEFAULT_PATTERN, check_pattern


class Zone(StrEnum):
    """Indonesia's three time zones, named as Indonesians name them."""

    WIB = 'WIB'
    WITA = 'WITA'
    WIT = 'WIT'

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(_ZONES[self])


_ZONES = {Zone.WIB: 'Asia/Jakarta', Zone.WITA: 'Asia/Makassar', Zone.WIT: 'Asia/Jayapura'}


class ProgrammeKind(StrEnum):
    KUE = 'kue'  # a baking course: skills are recipes
    KWT = 'kwt'  # Kelompok Wanita Tani, a women farmers' group: skills are farming steps
    OTHER = 'lainnya'


class Official(BaseModel):
    """Someone who signs a programme's papers, written as the agency writes them."""

    title: str = Field(default='', max_length=160)  # jabatan: "Kepala Bidang Rehabilitasi Sosial", "Ketua Panitia"
    name: str = Field(default='', max_length=120)
    nip: str = Field(default='', max_length=30)  # a civil servant's 18-digit NIP, or none
    rank: str = Field(default='', max_length=80)  # pangkat/golongan: "Pembina, IV/a"

    @field_validator('nip')
    @classmethod
    def _nip(cls, value: str) -> str:
        digits = value.replace(' ', '')
        if digits and not (digits.isascii() and digits.isdigit() and len(digits) == 18):
            raise ValueError('bad_nip')
        return digits


class PapersForm(BaseModel):
    """What a programme's papers carry besides the programme itself: the letterhead, the city they are dated
    at, the officials who sign them, and how its certificates are numbered."""

    agency_address: str = Field(default='', max_length=200)
    agency_phone: str = Field(default='', max_length=40)
    city: str = Field(default='', max_length=80)
    responsible: Official = Field(default_factory=Official)
    committee: Official = Field(default_factory=Official)
    agency_code: str = Field(default='', max_length=30)  # in certificate numbers: `DINSOS-BTN`
    certificate_pattern: str = Field(default=DEFAULT_PATTERN, min_length=5, max_length=80)
    sheet_gender: bool = False  # the daftar hadir has an L/P column
    sheet_address: bool = False  # the daftar hadir's village column becomes the address (desa, kecamatan)

    @field_validator('certificate_pattern')
    @classmethod
    def _pattern(cls, value: str) -> str:
        return check_pattern(value)


class Programme(Record):
    """A course run by an agency for a set of participants over a few days.

    Its papers carry the agency's letterhead (*kop*: name, address, phone) and are dated at `city`; they are
    signed by its officials, never by whoever prints them: the `responsible` official (Kepala Bidang or PPK,
    who signs "Mengetahui," and hands over aid), the `committee` chair (Ketua Panitia), and its instructors.
    """

    name: str = Field(min_length=3, max_length=120)
    kind: ProgrammeKind = ProgrammeKind.KUE
    agency: str = Field(min_length=2, max_length=160)  # the organising office, e.g. Dinas Sosial Provinsi Banten
    partner: str = Field(default='', max_length=160)  # e.g. a migrant workers' forum
    agency_address: str = Field(default='', max_length=200)
    agency_phone: str = Field(default='', max_length=40)
    city: str = Field(default='', max_length=80)  # where its papers are dated: "Tangerang, 5 Desember 2026"
    responsible: Official = Field(default_factory=Official)
    committee: Official = Field(default_factory=Official)
    agency_code: str = Field(default='', max_length=30)  # in certificate numbers: `DINSOS-BTN`
    certificate_pattern: str = Field(default=DEFAULT_PATTERN, max_length=80)
    sheet_gender: bool = False  # optional daftar hadir columns, as the agency asks for them
    sheet_address: bool = False
    logo: str = Field(default='', max_length=80)  # the letterhead's logo: a kept file's name (store/files.py)
    place: str = Field(min_length=2, max_length=200)
    zone: Zone = Zone.WIB
    start: dt.date
    end: dt.date
    late_after_minutes: int = Field(default=15, ge=0, le=240)
    attendance_bar_percent: int = Field(default=80, ge=0, le=100)  # needed for a certificate
    instructor_ids: list[str] = Field(default_factory=list)
    participant_ids: list[str] = Field(default_factory=list)
    group_ids: list[str] = Field(default_factory=list)

    @model_validator(mode='after')
    def _end_not_before_start(self) -> Programme:
        if self.end < self.start:
            raise ValueError('end_before_start')
        return self


class Day(Record):
    """One day of a programme; its start time is local to the programme's zone."""

    programme_id: str
    number: int = Field(ge=1, le=366)
    date: dt.date
    title: str = Field(min_length=1, max_length=160)
    starts_at: dt.time = dt.time(8, 0)
    closed: bool = False
