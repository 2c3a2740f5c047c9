"""A village secretariat (*sekretariat*): the office where returnees come for business information, and where
villagers working abroad and their families come for help and to keep in touch.

Its settings are what its public page will say: where it is, its WhatsApp number and opening hours, and how to
get help abroad (the migrant-worker protection agency's hotline, the embassies' and consulates' numbers, what to
bring). Its staff are accounts (*petugas sekretariat*, or an instructor or coordinator added to it); the groups
and programmes linked to it are the people it reaches (`store.secretariats.members_reached`).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .base import Record
from .business import check_slug
from .participant import normalise_phone

# Paths under /sekretariat/ that are not a secretariat's public page
RESERVED_SLUGS = frozenset({'baru', 'new', 'api', 'atur'})
CONTACT_NUMBER = re.compile(r'^\+?[0-9(][0-9 ()-]*$')
MAX_STAFF = 50
MAX_LINKS = 200


def check_secretariat_slug(value: str) -> str:
    """Its public address `/sekretariat/<slug>`: 3–40 lower-case letters, digits and inner dashes (`bumidaya`)."""
    try:
        slug = check_slug(value)
    except ValueError:
        slug = ''
    if not slug or slug in RESERVED_SLUGS:
        raise PydanticCustomError('value_error', 'bad_secretariat_slug', {'error': 'bad_secretariat_slug'})
    return slug


def check_contact_number(value: str) -> str:
    """A number to call from home or from abroad, as the agency prints it: `0800-1000`, `+62 21 2924 4800`
    (digits, spaces, dashes and brackets, a `+` only first, 3 to 15 digits); empty when there is none."""
    number = ' '.join(value.split())
    if not number:
        return ''
    digits = sum(ch.isdigit() for ch in number)
    if not CONTACT_NUMBER.fullmatch(number) or not 3 <= digits <= 15:
        raise PydanticCustomError('value_error', 'bad_contact_number', {'error': 'bad_contact_number'})
    return number


def _wa_number(value: str) -> str:
    return normalise_phone(value) if value else ''


ContactNumber = Annotated[str, AfterValidator(check_contact_number)]


class EmbassyContact(BaseModel):
    """An embassy or consulate (KBRI, KJRI, KDEI) a worker abroad can call: its country, its name, its number."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    country: str = Field(min_length=2, max_length=60)
    name: str = Field(min_length=2, max_length=120)
    phone: Annotated[str, AfterValidator(check_contact_number), Field(min_length=3, max_length=30)]


class SecretariatSettings(BaseModel):
    """What a coordinator sets for a secretariat: where it is and how to reach it, and its help for those abroad."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    name: str = Field(min_length=3, max_length=120)
    slug: Annotated[str, AfterValidator(check_secretariat_slug)]
    village: str = Field(min_length=2, max_length=80)  # desa
    district: str = Field(default='', max_length=80)  # kecamatan
    regency: str = Field(default='', max_length=80)  # kabupaten / kota
    wa_number: Annotated[str, AfterValidator(_wa_number)] = ''  # an Indonesian mobile number, for wa.me links
    hours: str = Field(default='', max_length=200)  # opening hours as written: `Senin–Jumat 08.00–15.00 WIB`
    active: bool = True
    # help abroad: the migrant-worker protection agency's hotline (KP2MI, formerly BP2MI), embassies, what to bring
    agency_name: str = Field(default='', max_length=120)
    agency_phone: Annotated[ContactNumber, Field(max_length=30)] = ''  # from home, e.g. the toll-free 0800-1000
    agency_phone_abroad: Annotated[ContactNumber, Field(max_length=30)] = ''  # from abroad, with the country code
    embassies: list[EmbassyContact] = Field(default_factory=list, max_length=30)
    what_to_bring: str = Field(default='', max_length=1000)


class Secretariat(Record, SecretariatSettings):
    """A secretariat as stored: its settings, its staff and what is linked to it. Its staff and links change
    through their own operations (`store/secretariats.py`), each with its own entry in the trail."""

    staff_ids: list[str] = Field(default_factory=list, max_length=MAX_STAFF)  # accounts
    group_ids: list[str] = Field(default_factory=list, max_length=MAX_LINKS)
    programme_ids: list[str] = Field(default_factory=list, max_length=MAX_LINKS)
    created_at: AwareDatetime

    def settings(self) -> SecretariatSettings:
        return SecretariatSettings.model_validate(self.model_dump(include=set(SecretariatSettings.model_fields)))

    def place(self) -> str:
        """`Desa Bumidaya, Kec. Palas, Kabupaten Lampung Selatan`, as far as it is known."""
        parts = [f'Desa {self.village}', f'Kec. {self.district}' if self.district else '', self.regency]
        return ', '.join(part for part in parts if part)
