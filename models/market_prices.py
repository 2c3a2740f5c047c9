"""Market prices a village secretariat keeps: what chili and kue ingredients cost at the market, what collectors
pay, what the public price panels publish, day by day.

A *commodity* (`cabai-merah-keriting`) is priced per unit (kg, liter). The built-in ones (`BUILT_IN`) are the KWT's
chili and the kue course's ingredients; a secretariat's staff add more, for every secretariat (a key means one
thing everywhere). A *price* is one price seen on one day at one place of a kind (`PlaceKind`): the reference
price of a public panel (Bank Indonesia's PIHPS, the national food agency's Panel Harga; neither has an open
interface, so staff type or import it), a named market, a collector, or the farm gate.

The outlier rule (`is_unusual`) and the day's price of a kind (`median`) are pure; the store asks them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .account import Role
from .base import Record
from .programme import ProgrammeKind

MAX_PRICE = 10_000_000  # Rp 10 juta per unit: above any kilo of chili or litre of oil, below a slipped finger
MAX_PLACE = 80
UNUSUAL_FACTOR = 3  # over 3× or under a third of the recent median asks her first
UNUSUAL_DAYS = 30  # the recent range: the prices of the 30 days up to the price's date
UNUSUAL_LEAST = 3  # fewer recent prices than this say too little to call one unusual
OLDEST_DAYS = 366  # a price older than a year is history, not news; and a date typed a year wrong is caught
KEY = re.compile(r'[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])')


class PlaceKind(StrEnum):
    """Where a price was seen, in the order pages list them."""

    REFERENCE = 'acuan'  # a public panel's price (PIHPS, Panel Harga), typed or imported by staff
    MARKET = 'pasar'  # a named market: Pasar Palas
    COLLECTOR = 'pengepul'  # what a collector pays at the farm or his depot
    FARM_GATE = 'kebun'  # *harga di tingkat petani*: what buyers pay at the field


class PriceUnit(StrEnum):
    """What a price is per; named through `unit.<code>`."""

    KG = 'kg'
    LITER = 'liter'
    BUTIR = 'butir'  # one egg
    IKAT = 'ikat'  # a bunch


def check_key(value: str) -> str:
    """A commodity's key: 3–40 lower-case letters, digits and inner dashes (`cabai-merah-keriting`)."""
    key = value.strip().lower() if isinstance(value, str) else ''
    if not KEY.fullmatch(key) or '--' in key:
        raise PydanticCustomError('value_error', 'bad_commodity_key', {'error': 'bad_commodity_key'})
    return key


def check_place(value: str) -> str:
    """A place's name as one line of plain text: `Pasar Palas`, `Pengepul Haji Dasuki`. Markup is refused,
    not stored to be escaped later: a name with `<` or `>` is no market's."""
    text = ' '.join(value.split())
    if any(ch in text for ch in '<>') or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        raise PydanticCustomError('value_error', 'bad_place', {'error': 'bad_place'})
    return text


def _whole_price(value: Any) -> Any:
    """Whole rupiah from a form, a file or JSON (`15000`, `'15.000'`, `'Rp 15.000'`, `15000.0`); anything else
    (a fraction, a word, a negative, nothing) is `bad_market_price`."""
    if isinstance(value, bool):
        raise PydanticCustomError('value_error', 'bad_market_price', {'error': 'bad_market_price'})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, str):
        text = re.sub(r'^rp\.?\s*', '', value.strip().casefold()).replace('\u00a0', ' ').strip()
        if re.fullmatch(r'\d{1,3}(\.\d{3})+|\d{1,9}', text):  # `15.000` the Indonesian way, or digits alone
            value = int(text.replace('.', ''))
    if not isinstance(value, int) or not 1 <= value <= MAX_PRICE:
        raise PydanticCustomError('value_error', 'bad_market_price', {'error': 'bad_market_price'})
    return value


Price = Annotated[int, BeforeValidator(_whole_price)]
Place = Annotated[str, Field(max_length=MAX_PLACE), AfterValidator(check_place)]
CommodityKey = Annotated[str, AfterValidator(check_key)]


class CommodityForm(BaseModel):
    """A commodity staff add: its key, its name as the village says it, its unit, and whose it is (the chili of a
    KWT's members, the ingredients of a kue course's trainees, or neither: `lainnya`)."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    key: CommodityKey
    name: Annotated[str, Field(min_length=2, max_length=60), AfterValidator(check_place)]
    unit: PriceUnit = PriceUnit.KG
    for_kind: ProgrammeKind = ProgrammeKind.OTHER


class Commodity(Record, CommodityForm):
    """A commodity as stored (staff added it) or built in (`BUILT_IN`, `added_by` empty)."""

    added_by: str = ''
    added_at: AwareDatetime | None = None


def _built_in(key: str, name: str, unit: PriceUnit, kind: ProgrammeKind) -> Commodity:
    return Commodity(id=f'commodity-{key}', key=key, name=name, unit=unit, for_kind=kind)


BUILT_IN: tuple[Commodity, ...] = (
    _built_in('cabai-merah-keriting', 'Cabai merah keriting', PriceUnit.KG, ProgrammeKind.KWT),
    _built_in('cabai-rawit-merah', 'Cabai rawit merah', PriceUnit.KG, ProgrammeKind.KWT),
    _built_in('cabai-hijau', 'Cabai hijau', PriceUnit.KG, ProgrammeKind.KWT),
    _built_in('telur-ayam', 'Telur ayam ras', PriceUnit.KG, ProgrammeKind.KUE),
    _built_in('tepung-terigu', 'Tepung terigu', PriceUnit.KG, ProgrammeKind.KUE),
    _built_in('gula-pasir', 'Gula pasir', PriceUnit.KG, ProgrammeKind.KUE),
    _built_in('minyak-goreng', 'Minyak goreng', PriceUnit.LITER, ProgrammeKind.KUE),
)


class PriceForm(BaseModel):
    """One price as a form, a file's row or the API gives it: what, where, how much a unit, when."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    commodity: CommodityKey
    kind: PlaceKind
    place: Place = ''
    price: Price
    date: dt.date

    @field_validator('place')
    @classmethod
    def _market_named(cls, value: str, info: ValidationInfo) -> str:
        """A market by its name: `Pasar Palas` and `Pasar Bakauheni` are two prices, not one."""
        if not value and info.data.get('kind') == PlaceKind.MARKET:
            raise PydanticCustomError('value_error', 'market_needs_name', {'error': 'market_needs_name'})
        return value


class MarketPrice(Record, PriceForm):
    """A price as stored: for one secretariat, by whom (and in which role, which the API tells), when written;
    `unusual` when she saved it after being asked about it (`is_unusual`)."""

    secretariat_id: str = Field(min_length=1, max_length=100)
    by_role: Role
    recorded_by: str = ''
    recorded_at: AwareDatetime
    unusual: bool = False
    deleted: bool = False


def median(prices: list[int]) -> int:
    """The middle price (the mean of the middle two, rounded half up), so one odd price moves it little."""
    ordered = sorted(prices)
    if not ordered:
        raise ValueError('median of no prices')
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return int((Decimal(ordered[middle - 1] + ordered[middle]) / 2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def is_unusual(price: int, recent: list[int]) -> bool:
    """Far outside the recent range: over `UNUSUAL_FACTOR` times the median of `recent`, or under its share.
    With fewer than `UNUSUAL_LEAST` recent prices nothing is unusual: there is no range yet."""
    if len(recent) < UNUSUAL_LEAST:
        return False
    middle = median(recent)
    return price > middle * UNUSUAL_FACTOR or price * UNUSUAL_FACTOR < middle


def change_percent(now: int, before: int) -> Decimal:
    """`now` against `before` in percent, one decimal: 45.000 against 40.000 is 12.5."""
    return (Decimal(now - before) * 100 / before).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)
