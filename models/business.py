"""Her small business: products, sales, expenses; and a KWT group's harvests and group sales."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import AwareDatetime, Field, field_validator

from .base import Record

MAX_AMOUNT = 1_000_000_000  # Rp 1 miliar: far above any village sale, low enough to catch a slipped finger


class Unit(StrEnum):
    PCS = 'pcs'
    BOX = 'kotak'
    KG = 'kg'
    ONS = 'ons'
    BUNCH = 'ikat'


class Channel(StrEnum):
    NEIGHBOURS = 'tetangga'
    MARKET = 'pasar'
    WHATSAPP = 'whatsapp'
    INSTAGRAM = 'instagram'
    FACEBOOK = 'facebook'
    ONLINE_SHOP = 'toko_online'
    COLLECTOR = 'pengepul'
    OTHER = 'lainnya'


class ExpenseCategory(StrEnum):
    INGREDIENTS = 'bahan'
    PACKAGING = 'kemasan'
    SEEDS = 'bibit'
    FERTILISER = 'pupuk'
    PESTICIDE = 'obat_tanaman'
    TRANSPORT = 'transport'
    TOOLS = 'alat'
    OTHER = 'lainnya'


def _positive_quantity(value: Decimal) -> Decimal:
    if not value.is_finite() or value <= 0 or value > 100_000:
        raise ValueError('bad_quantity')
    if value.as_tuple().exponent < -3:  # type: ignore[operator]
        raise ValueError('bad_quantity')
    return value


class Product(Record):
    participant_id: str
    name: str = Field(min_length=2, max_length=80)
    unit: Unit = Unit.PCS
    price: int = Field(ge=0, le=MAX_AMOUNT)
    hpp: int = Field(default=0, ge=0, le=MAX_AMOUNT)  # harga pokok produksi: cost of goods per unit
    recipe_id: str | None = None


class Sale(Record):
    participant_id: str
    product_id: str
    quantity: Decimal
    unit_price: int = Field(ge=0, le=MAX_AMOUNT)
    unit_hpp: int = Field(default=0, ge=0, le=MAX_AMOUNT)  # the product's HPP when sold, so later edits keep history
    channel: Channel = Channel.NEIGHBOURS
    paid: bool = True
    paid_amount: int = Field(default=0, ge=0, le=MAX_AMOUNT)  # for unpaid sales: what has been paid since
    buyer: str = Field(default='', max_length=80)
    buyer_phone: str = Field(default='', max_length=20)
    at: AwareDatetime

    _quantity = field_validator('quantity')(_positive_quantity)

    @property
    def total(self) -> int:
        return int((self.quantity * self.unit_price).to_integral_value())


class Expense(Record):
    participant_id: str
    category: ExpenseCategory
    amount: int = Field(gt=0, le=MAX_AMOUNT)
    note: str = Field(default='', max_length=200)
    at: AwareDatetime


class Harvest(Record):
    """Chili a member picked and brought to the group, by the kilo."""

    group_id: str
    participant_id: str
    date: dt.date
    kg: Decimal
    plot: str = Field(default='', max_length=80)

    _kg = field_validator('kg')(_positive_quantity)


class GroupSale(Record):
    """The group's sale of pooled harvest, e.g. to a collector (*pengepul*) or at the market."""

    group_id: str
    date: dt.date
    kg: Decimal
    price_per_kg: int = Field(gt=0, le=MAX_AMOUNT)
    channel: Channel = Channel.COLLECTOR
    buyer: str = Field(default='', max_length=80)

    _kg = field_validator('kg')(_positive_quantity)

    @property
    def total(self) -> int:
        return int((self.kg * self.price_per_kg).to_integral_value())


class GroupExpense(Record):
    """A cost the group carries together, e.g. fuel and upkeep of the tillage machine."""

    group_id: str
    date: dt.date
    category: ExpenseCategory
    amount: int = Field(gt=0, le=MAX_AMOUNT)
    note: str = Field(default='', max_length=200)
