"""The secretariat's help desk (*layanan pengaduan*) for villagers working abroad and their families: a message
sent from its public page, and what its staff do with it.

A message moves baru → ditindaklanjuti → selesai (and back, when she writes again), with the staff's notes. What
she wrote, her name and her number are hers: they are kept on the message alone, never copied into the audit
trail, a log or another record, so erasing the message (her right to erasure) leaves nothing of them behind.

Her number is kept as she gave it, Indonesian (`0812…`, `+62 812…`) or from abroad (`+852 9123 4567`,
`00886…`), so staff read it back as she wrote it; `answer_digits` is the number a WhatsApp link needs.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .base import Record
from .participant import normalise_phone

NAME_MAX = 80
COUNTRY_MAX = 60
TEXT_MAX = 2000
NOTE_MAX = 1000
PHONE_MAX = 30
MAX_NOTES = 100
# A tag as a browser reads one (`<b>`, `</a>`, `<img src=x>`, `<!--`); `gaji < 5 juta` or `<3` is no tag
MARKUP = re.compile(r'<\s*/?\s*[A-Za-z][^<>]*>|<!--|<!\[|<\?')
PHONE_CHARACTERS = re.compile(r'^\+?[0-9][0-9 .()-]*$')


class SenderKind(StrEnum):
    WORKER = 'pmi'  # a migrant worker (PMI) abroad writes herself
    FAMILY = 'keluarga'  # her family at home writes


class MessageStatus(StrEnum):
    NEW = 'baru'
    FOLLOWED_UP = 'ditindaklanjuti'  # staff are on it: answered, a call made, referred
    DONE = 'selesai'


def no_markup(value: str) -> str:
    """Text as she typed it, with the line breaks of any phone made `\\n` and control characters dropped; text
    holding HTML is refused (`no_markup`): the form takes text, and a tag in it is a paste or a probe."""
    text = value.replace('\r\n', '\n').replace('\r', '\n')
    text = ''.join(ch for ch in text if ch in '\n\t' or unicodedata.category(ch) not in ('Cc', 'Cs', 'Co', 'Cn'))
    if MARKUP.search(text):
        raise PydanticCustomError('value_error', 'no_markup', {'error': 'no_markup'})
    return text.strip()


def one_line(value: str) -> str:
    """A name or a country: one line, its runs of spaces one space."""
    return ' '.join(no_markup(value).split())


def check_sender_phone(value: str) -> str:
    """Her WhatsApp number as she gave it (spaces tidied): an Indonesian mobile number (`08…`, `62…`, `+62…`) or
    one abroad with its country code (`+852 9123 4567`, `00852…`); anything else is `bad_sender_phone`."""
    number = ' '.join(value.split())
    if not number:
        raise PydanticCustomError('value_error', 'phone_missing', {'error': 'phone_missing'})
    if not PHONE_CHARACTERS.fullmatch(number) or answer_digits(number) is None:
        raise PydanticCustomError('value_error', 'bad_sender_phone', {'error': 'bad_sender_phone'})
    return number


def answer_digits(phone: str) -> str | None:
    """The number with its country code and nothing else (`6281234567890`, `85291234567`), as a `wa.me` link
    wants it; None when the number is neither Indonesian nor international with a country code."""
    digits = re.sub(r'[\s.()-]', '', phone or '')
    if digits.startswith(('0', '62', '+62')) and not digits.startswith('00'):
        try:
            return '62' + normalise_phone(digits)[1:]
        except ValueError:
            return None
    if digits.startswith('+'):
        digits = digits[1:]
    elif digits.startswith('00'):
        digits = digits[2:]
    else:
        return None  # `852…` without + or 00: a number from abroad must say it is one
    if not digits.isdigit() or digits.startswith('0') or not 8 <= len(digits) <= 15:
        return None
    return digits


def reference(message_id: str) -> str:
    """The short number she and the staff can say to each other on the phone: `#3F2A9C`."""
    return '#' + message_id[:6].upper()


Name = Annotated[str, Field(min_length=2, max_length=NAME_MAX), AfterValidator(one_line), Field(min_length=2)]
Country = Annotated[str, Field(min_length=2, max_length=COUNTRY_MAX), AfterValidator(one_line), Field(min_length=2)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX), AfterValidator(no_markup), Field(min_length=1)]
Phone = Annotated[str, Field(max_length=PHONE_MAX), AfterValidator(check_sender_phone)]


class MessageForm(BaseModel):
    """What the public form sends: who writes (a worker abroad or her family), her name, WhatsApp number, the
    country, and what she asks (information, help to reach family, a problem at work)."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    kind: SenderKind
    name: Name
    phone: Phone
    country: Country
    text: Text


class StaffNote(BaseModel):
    """A staff member's note on a message: what was done (`by` an account, `at` when)."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    by: str
    at: AwareDatetime
    text: Annotated[str, Field(min_length=1, max_length=NOTE_MAX), AfterValidator(no_markup), Field(min_length=1)]


class HelpdeskMessage(Record, MessageForm):
    """A message as its secretariat keeps it: the form, when it came, where it stands and the staff's notes."""

    secretariat_id: str
    received_at: AwareDatetime
    status: MessageStatus = MessageStatus.NEW
    status_by: str = ''  # who set the status last (an account id), '' while it is new
    status_at: AwareDatetime | None = None
    notes: list[StaffNote] = Field(default_factory=list, max_length=MAX_NOTES)

    def answer_digits(self) -> str:
        return answer_digits(self.phone) or ''
