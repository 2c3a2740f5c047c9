"""Accounts, roles, log-in sessions, and the rules for PINs, passwords and lockouts.

A trainee logs in with her phone number and a 6-digit PIN; staff with a username and a password.
Five wrong tries lock an account for 15 minutes. The clock is passed in.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .base import Record
from .participant import normalise_phone

MAX_FAILURES = 5
LOCK_MINUTES = 15
TRAINEE_SESSION_DAYS = 30  # she stays logged in on her phone
STAFF_SESSION_HOURS = 12


class Role(StrEnum):
    COORDINATOR = 'koordinator'
    INSTRUCTOR = 'instruktur'
    SECRETARIAT = 'sekretariat'  # petugas sekretariat: staff of a village secretariat (models/secretariat.py)
    TRAINEE = 'peserta'


STAFF = frozenset({Role.COORDINATOR, Role.INSTRUCTOR})  # who runs training: programmes, days, grids
WITH_PASSWORD = STAFF | {Role.SECRETARIAT}  # who logs in with a username and a password (a trainee: phone and PIN)


def normalise_username(raw: str) -> str:
    """A phone number in any of its spellings becomes `08…`; any other username is lower-cased."""
    value = (raw or '').strip()
    try:
        return normalise_phone(value)
    except ValueError:
        return value.lower()


def check_pin(pin: str) -> str:
    if not re.fullmatch(r'\d{6}', pin or ''):
        raise ValueError('bad_pin')
    return pin


def check_password(password: str) -> str:
    if len(password or '') < 8 or len(password) > 128:
        raise ValueError('bad_password')
    return password


class Account(Record):
    username: str = Field(min_length=3, max_length=40, pattern=r'^[a-z0-9._-]+$')
    name: str = Field(min_length=2, max_length=120)
    role: Role
    secret_hash: str = Field(min_length=20)  # argon2 hash of the password or PIN
    participant_id: str | None = None  # the trainee this account belongs to
    nip: str = Field(default='', max_length=30)  # civil servant number, for sign-offs on documents
    disabled: bool = False
    failed_logins: int = Field(default=0, ge=0)
    locked_until: AwareDatetime | None = None

    @field_validator('username', mode='before')
    @classmethod
    def _username(cls, value: str) -> str:
        return normalise_username(value)

    def locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def minutes_locked(self, now: dt.datetime) -> int:
        if self.locked_until is None:
            return 0
        return max(1, -(-int((self.locked_until - now).total_seconds()) // 60))

    def after_failure(self, now: dt.datetime) -> Account:
        failures = self.failed_logins + 1
        locked_until = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else self.locked_until
        return self.model_copy(
            update={'failed_logins': 0 if failures >= MAX_FAILURES else failures, 'locked_until': locked_until}
        )

    def after_success(self) -> Account:
        return self.model_copy(update={'failed_logins': 0, 'locked_until': None})

    def session_length(self) -> dt.timedelta:
        if self.role == Role.TRAINEE:
            return dt.timedelta(days=TRAINEE_SESSION_DAYS)
        return dt.timedelta(hours=STAFF_SESSION_HOURS)


class Session(Record):
    """A logged-in browser. The id is the SHA-256 of the cookie's token, so the data folder holds no live keys."""

    account_id: str
    created: AwareDatetime
    expires: AwareDatetime
    revoked: bool = False

    def valid(self, now: dt.datetime) -> bool:
        return not self.revoked and now < self.expires


class AccountForm(BaseModel):
    """What a coordinator types to create an account. A trainee's username is her phone, her secret a PIN.

    The rules that depend on the role are field validators (the role comes first), so every field's
    refusal shows at once, beside its field.
    """

    model_config = ConfigDict(str_strip_whitespace=True)

    role: Role
    name: str = Field(min_length=2, max_length=120)
    username: str = Field(default='', max_length=40, validate_default=True)
    secret: str = Field(min_length=1, max_length=128)
    participant_id: str | None = Field(default=None, validate_default=True)
    nip: str = Field(default='', max_length=30, pattern=r'^[0-9 ]*$')

    @field_validator('username')
    @classmethod
    def _username(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get('role') in WITH_PASSWORD and not re.fullmatch(r'[a-z0-9._-]{3,40}', normalise_username(value)):
            raise PydanticCustomError('value_error', 'bad_username', {'error': 'bad_username'})
        return value

    @field_validator('secret')
    @classmethod
    def _secret(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get('role') == Role.TRAINEE:
            check_pin_field(value)
        else:
            check_password_field(value)
        return value

    @field_validator('participant_id')
    @classmethod
    def _participant(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get('role') == Role.TRAINEE and not value:
            raise PydanticCustomError('value_error', 'participant_required', {'error': 'participant_required'})
        return value


def check_pin_field(secret: str) -> None:
    try:
        check_pin(secret)
    except ValueError:
        raise PydanticCustomError('value_error', 'bad_pin', {'error': 'bad_pin'}) from None


def check_password_field(secret: str) -> None:
    try:
        check_password(secret)
    except ValueError:
        raise PydanticCustomError('value_error', 'bad_password', {'error': 'bad_password'}) from None
