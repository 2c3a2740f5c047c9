"""Her small business: products, sales, expenses; and a KWT group's harvests and group sales."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .base import Record
from .participant import normalise_phone

MAX_AMOUNT = 1_000_000_000  # Rp 1 miliar: far above any village sale, low enough to catch a slipped finger
MAX_QUANTITY = 100_000


class Unit(StrEnum):
    """What she sells by. The stored codes stay as first written ('pcs' is shown as *buah*); pages show each
    through the translations (`unit.<code>`)."""

    PCS = 'pcs'
    BOX = 'kotak'
    PACK = 'bungkus'
    TRAY = 'loyang'  # a whole baking tin of cake
    JAR = 'toples'
    KG = 'kg'
    ONS = 'ons'
    BUNCH = 'ikat'
    SACK = 'karung'


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


def rupiah(value: Decimal) -> int:
    """Money to whole rupiah, half up: 1.5 kg × Rp 15.001 = Rp 22.501,5 → Rp 22.502 (as a seller rounds)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _whole_rupiah(value: Any) -> Any:
    """Whole rupiah from a form or JSON (`15000`, `'15000'`, `15000.0`); anything else is `bad_amount`."""
    if isinstance(value, bool):
        raise ValueError('bad_amount')
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r'-?\d{1,15}', value.strip()):
        return int(value)
    raise ValueError('bad_amount')


def _amount(value: int) -> int:
    if value < 0 or value > MAX_AMOUNT:
        raise ValueError('bad_amount')
    return value


def _positive_amount(value: int) -> int:
    if value <= 0 or value > MAX_AMOUNT:
        raise ValueError('bad_amount')
    return value


# Rupiah from 0 (or from 1) up to MAX_AMOUNT; a refusal carries the key `bad_amount` (form.bad_amount)
Amount = Annotated[int, BeforeValidator(_whole_rupiah), AfterValidator(_amount)]
PositiveAmount = Annotated[int, BeforeValidator(_whole_rupiah), AfterValidator(_positive_amount)]


def _decimal(value: Any) -> Any:
    """A quantity from a form or JSON: `1.5`, `'1.5'`, `'1,5'` (the Indonesian comma); else `bad_quantity`."""
    quantity: Decimal | None = None
    if isinstance(value, Decimal):
        quantity = value
    elif isinstance(value, int) and not isinstance(value, bool):
        quantity = Decimal(value)
    elif isinstance(value, float):
        quantity = Decimal(repr(value))  # 1.1 as typed, not its binary approximation
    elif isinstance(value, str) and len(value) <= 40:
        try:
            quantity = Decimal(value.strip().replace(',', '.'))
        except ArithmeticError:
            quantity = None
    if quantity is None or not quantity.is_finite():
        raise ValueError('bad_quantity')
    return quantity


def _positive_quantity(value: Decimal) -> Decimal:
    if not value.is_finite() or value <= 0 or value > MAX_QUANTITY:
        raise ValueError('bad_quantity')
    if value.as_tuple().exponent < -3:  # type: ignore[operator]
        raise ValueError('bad_quantity')
    return value


# More than 0 and at most MAX_QUANTITY, to 3 decimals; a refusal carries `bad_quantity`
Quantity = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_positive_quantity)]


# Counted units are sold whole; weighed ones to one decimal (0,1 kg = 1 ons, as a market scale reads).
WHOLE_UNITS = frozenset({'pcs', 'kotak', 'bungkus', 'loyang', 'toples', 'ikat', 'karung'})


def check_quantity(unit: Unit, quantity: Decimal) -> Decimal:
    """Her quantity in the product's unit: whole pieces, boxes, packs, tins, jars, bunches and sacks; kg and ons to
    one decimal.

    Raises ValueError('quantity_whole') or ValueError('quantity_one_decimal').
    """
    exponent = quantity.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite: the model checked it
    if unit.value in WHOLE_UNITS and exponent < 0:
        raise ValueError('quantity_whole')
    if exponent < -1:
        raise ValueError('quantity_one_decimal')
    return quantity


def _buyer_phone(value: str) -> str:
    return normalise_phone(value) if value else ''


BuyerPhone = Annotated[str, Field(default='', max_length=20), AfterValidator(_buyer_phone)]


MAX_PHOTOS = 3  # a product's photos; the first is its cover


class Photo(BaseModel):
    """One photo as the server made it (store/images.py), a product's or a buyer's proof of transfer: kept files'
    names (store/files.py)."""

    model_config = ConfigDict(extra='forbid')

    full: str = Field(pattern=r'^[0-9a-f]{64}\.(jpg|png|webp)$')  # 1080 px on its long side
    thumb: str = Field(pattern=r'^[0-9a-f]{64}\.(jpg|png|webp)$')  # 320 px, for lists and the shop
    width: int = Field(default=0, ge=0, le=10_000)  # of `full`, for the shop's `og:image`
    height: int = Field(default=0, ge=0, le=10_000)


class Product(Record):
    participant_id: str
    name: str = Field(min_length=2, max_length=80)
    unit: Unit = Unit.PCS
    price: Amount
    hpp: Amount = 0  # harga pokok produksi: cost of goods per unit
    recipe_id: str | None = None
    photos: list[Photo] = Field(default_factory=list, max_length=MAX_PHOTOS)  # the first is the cover


class Sale(Record):
    """One sale of one product. Money is whole rupiah; `total` is quantity × price, rounded half up.

    Payment: `paid` True means settled (at the sale or later); an unpaid sale (*utang*, sold on credit) names
    its buyer, and `paid_amount` counts what she has paid since, so what is owed is `total - paid_amount`.
    One number on the sale (not a payment table) keeps a payment a single atomic change of one document.
    `deleted` hides a sale she removed, so her "undo" can bring it back; reports skip deleted sales.
    """

    participant_id: str
    product_id: str
    quantity: Quantity
    unit_price: PositiveAmount
    unit_hpp: Amount = 0  # the product's HPP when sold, so later edits of the product keep history
    channel: Channel = Channel.NEIGHBOURS
    paid: bool = True
    paid_amount: Amount = 0  # for unpaid sales: what has been paid since
    paid_at: AwareDatetime | None = None  # the last payment on an unpaid sale
    buyer: str = Field(default='', max_length=80)
    buyer_phone: BuyerPhone = ''
    at: AwareDatetime
    deleted: bool = False

    @model_validator(mode='after')
    def _consistent(self) -> Sale:
        if self.total > MAX_AMOUNT or self.hpp_total > MAX_AMOUNT:
            raise ValueError('bad_amount')
        if not self.paid and not self.buyer:
            raise ValueError('buyer_required')  # someone must be asked for the money later
        if self.paid_amount > self.total:
            raise ValueError('overpaid')
        return self

    @property
    def total(self) -> int:
        return rupiah(self.quantity * self.unit_price)

    @property
    def hpp_total(self) -> int:
        """The cost of the goods sold: quantity × the HPP frozen at the sale."""
        return rupiah(self.quantity * self.unit_hpp)

    @property
    def owed(self) -> int:
        return 0 if self.paid else self.total - self.paid_amount


class Expense(Record):
    """Money she spent on the business; `deleted` as for a sale (undo)."""

    participant_id: str
    category: ExpenseCategory
    amount: PositiveAmount
    note: str = Field(default='', max_length=200)
    at: AwareDatetime
    deleted: bool = False


class Harvest(Record):
    """Chili a member picked and brought to the group, by the kilo.

    An entry of the group's book (a harvest, a group sale, a group cost) is corrected by whoever wrote it down
    or by the group's chair (`models.permissions.may_correct_group_entry`); `deleted` hides one taken back, so
    that can be undone too, and the book skips it.
    """

    group_id: str
    participant_id: str
    date: dt.date
    kg: Quantity
    plot: str = Field(default='', max_length=80)
    recorded_by: str = ''  # the account that wrote it down: a member or the group's companion
    recorded_at: AwareDatetime | None = None  # when (entries of one day are listed in the order written)
    deleted: bool = False


class GroupSale(Record):
    """The group's sale of pooled harvest, e.g. to a collector (*pengepul*) or at the market."""

    group_id: str
    date: dt.date
    kg: Quantity
    price_per_kg: PositiveAmount
    channel: Channel = Channel.COLLECTOR
    buyer: str = Field(default='', max_length=80)
    recorded_by: str = ''
    recorded_at: AwareDatetime | None = None
    deleted: bool = False

    @model_validator(mode='after')
    def _not_huge(self) -> GroupSale:
        if self.total > MAX_AMOUNT:
            raise ValueError('bad_amount')
        return self

    @property
    def total(self) -> int:
        return rupiah(self.kg * self.price_per_kg)


class GroupExpense(Record):
    """A cost the group carries together, e.g. fuel and upkeep of the tillage machine."""

    group_id: str
    date: dt.date
    category: ExpenseCategory
    amount: PositiveAmount
    note: str = Field(default='', max_length=200)
    recorded_by: str = ''
    recorded_at: AwareDatetime | None = None
    deleted: bool = False


class SaleForm(BaseModel):
    """What she types (or her phone queued offline) for a sale; the store fills in the rest.

    `unit_price` left out means the product's price. `paid_amount` on an unpaid sale is a down payment.
    """

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    product_id: str = Field(min_length=1, max_length=100)
    quantity: Quantity
    unit_price: PositiveAmount | None = None
    channel: Channel = Channel.NEIGHBOURS
    paid: bool = True
    paid_amount: Amount = 0
    buyer: str = Field(default='', max_length=80)
    buyer_phone: BuyerPhone = ''
    at: AwareDatetime

    @model_validator(mode='after')
    def _buyer_when_unpaid(self) -> SaleForm:
        if not self.paid and not self.buyer:
            raise ValueError('buyer_required')
        return self


class ExpenseForm(BaseModel):
    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    category: ExpenseCategory
    amount: PositiveAmount
    note: str = Field(default='', max_length=200)
    at: AwareDatetime


SLUG = re.compile(r'^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$')


def check_slug(value: str) -> str:
    """A shop's address `/toko/<slug>`: 3–40 lower-case letters, digits and inner dashes; `Kue Bu Ani` → refused."""
    slug = value.strip().lower()
    if not SLUG.fullmatch(slug) or '--' in slug:
        raise ValueError('bad_slug')
    return slug


def _wa_number(value: str) -> str:
    return normalise_phone(value) if value else ''


class ShopSettings(BaseModel):
    """What she sets for her shop: its address, its name, and what she lets the public see."""

    slug: Annotated[str, AfterValidator(check_slug)]
    name: str = Field(min_length=2, max_length=60)
    about: str = Field(default='', max_length=200)
    active: bool = True
    show_name: bool = False
    show_phone: bool = False
    show_village: bool = False
    wa_number: Annotated[str, AfterValidator(_wa_number)] = ''


class Qris(BaseModel):
    """Her bank's QRIS code as the server kept it (store/qris.py): a lossless PNG a buyer's phone can scan, shown on
    her shop and after a buyer orders so she can pay the DP."""

    model_config = ConfigDict(extra='forbid')

    file: str = Field(pattern=r'^[0-9a-f]{64}\.png$')  # a kept file's name (store/files.py), served at /media
    width: int = Field(ge=1, le=10_000)
    height: int = Field(ge=1, le=10_000)


class Shop(Record, ShopSettings):
    """Her public catalog at `/toko/<slug>`; `id` is her participant id (one shop each).

    The shop's name is hers to choose and is never filled in from her real name. Her name, phone and
    village appear only when she switches them on. Orders go to `wa_number`: a number she typed, or her own
    phone only if she chose to show it.
    """

    product_ids: list[str] = Field(default_factory=list, max_length=200)
    qris: Qris | None = None  # set and taken off by its own operations (store/qris.py), not by her settings form


class ShopForm(ShopSettings):
    """Her shop settings as she edits them; `product_ids` None means all her products; an empty `slug` is made
    from the name (`store.shop.free_slug`)."""

    model_config = ConfigDict(extra='forbid', str_strip_whitespace=True)

    slug: Annotated[str, AfterValidator(lambda value: check_slug(value) if value.strip() else '')] = ''
    product_ids: list[str] | None = Field(default=None, max_length=200)


def shares_by_weight(total: int, weights: dict[str, Decimal]) -> dict[str, int]:
    """Split whole rupiah in proportion to weights (a KWT's net income by kilos harvested), summing exactly.

    Largest remainder: each gets the whole rupiah of her exact share, rounded toward zero; the rupiah
    left over go one each to the largest remainders (ties: larger weight first, then the given order).
    A loss (negative total) is split the same way. With no weight at all nobody gets a share (all 0).
    """
    shares = dict.fromkeys(weights, 0)
    weight_sum = sum((Fraction(w) for w in weights.values()), Fraction(0))
    if weight_sum <= 0 or total == 0:
        return shares
    sign, whole = (1 if total > 0 else -1), abs(total)
    exact = {key: whole * Fraction(weight) / weight_sum for key, weight in weights.items()}  # exact, no rounding
    for key, share in exact.items():
        shares[key] = int(share)  # toward zero
    left = whole - sum(shares.values())
    position = {key: n for n, key in enumerate(weights)}
    order = sorted(weights, key=lambda k: (shares[k] - exact[k], -weights[k], position[k]))
    for key in order[:left]:
        shares[key] += 1
    return {key: sign * share for key, share in shares.items()}
