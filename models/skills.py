"""Skills and recipes: the curriculum, the one scale for every mark, and HPP (cost of goods) from a recipe card.

A skill is a recipe (kue) or a farming step (chili). Skills live in a library and are placed on the days
of a programme. Marks are an append-only evidence log; the latest mark of a trainee on a skill counts.
HPP (*harga pokok produksi*) per piece = the cost of one batch's ingredients ÷ the pieces it yields.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import IntEnum, StrEnum
from fractions import Fraction

from pydantic import AwareDatetime, Field, field_validator, model_validator

from .base import Record
from .business import MAX_AMOUNT

PRICE_STEP = 500  # suggested prices round up to Rp 500, as village sellers price


class SkillKind(StrEnum):
    RECIPE = 'resep'
    FARMING = 'tani'  # a farming step: seedbed, land preparation, planting, …


class Level(IntEnum):
    """0 Belum, 1 Dicoba (with help), 2 Bisa (alone), 3 Mahir (sells-quality, can teach)."""

    BELUM = 0
    DICOBA = 1
    BISA = 2
    MAHIR = 3

    @property
    def competent(self) -> bool:
        return self >= Level.BISA

    def next(self) -> Level:
        """One tap on the grid: 0 → 1 → 2 → 3 → 0."""
        return Level((self + 1) % 4)


class IngredientUnit(StrEnum):
    GRAM = 'gram'
    KG = 'kg'
    ML = 'ml'
    LITER = 'liter'
    BUTIR = 'butir'  # an egg, a piece
    BUNGKUS = 'bungkus'  # a packet
    SENDOK_MAKAN = 'sdm'  # tablespoon, counted as such
    SENDOK_TEH = 'sdt'
    BUAH = 'buah'
    LEMBAR = 'lembar'  # a sheet (banana leaf, paper)


# Each unit's base (weight → gram, volume → ml, counts stay themselves) and its size in that base.
_BASE: dict[IngredientUnit, tuple[str, Decimal]] = {
    IngredientUnit.GRAM: ('gram', Decimal(1)),
    IngredientUnit.KG: ('gram', Decimal(1000)),
    IngredientUnit.ML: ('ml', Decimal(1)),
    IngredientUnit.LITER: ('ml', Decimal(1000)),
    IngredientUnit.BUTIR: ('butir', Decimal(1)),
    IngredientUnit.BUNGKUS: ('bungkus', Decimal(1)),
    IngredientUnit.SENDOK_MAKAN: ('sdm', Decimal(1)),
    IngredientUnit.SENDOK_TEH: ('sdt', Decimal(1)),
    IngredientUnit.BUAH: ('buah', Decimal(1)),
    IngredientUnit.LEMBAR: ('lembar', Decimal(1)),
}


def convert(amount: Decimal, source: IngredientUnit, target: IngredientUnit) -> Decimal:
    """`convert(250, gram, kg)` → 0.25. Units of different kinds (gram to butir) cannot be converted."""
    source_base, source_size = _BASE[source]
    target_base, target_size = _BASE[target]
    if source_base != target_base:
        raise ValueError('unit_mismatch')
    return amount * source_size / target_size


def _check_amount(value: Decimal) -> Decimal:
    if not value.is_finite() or value <= 0 or value > 1_000_000:
        raise ValueError('bad_quantity')
    if value.as_tuple().exponent < -3:  # type: ignore[operator]
        raise ValueError('bad_quantity')
    return value


class Ingredient(Record):
    """`250 gram tepung terigu`, bought as `1 kg` for `Rp 14.000`."""

    name: str = Field(min_length=2, max_length=80)
    amount: Decimal  # used in one batch, in `unit`
    unit: IngredientUnit
    price: int = Field(ge=0, le=MAX_AMOUNT)  # what a pack costs at the market
    price_per: Decimal = Decimal(1)  # the pack's size, in `price_unit`
    price_unit: IngredientUnit

    _amount = field_validator('amount', 'price_per')(_check_amount)

    @model_validator(mode='after')
    def _units_match(self) -> Ingredient:
        # 3 butir bought by the kg has no cost we could compute: refuse it when saved, not when priced.
        convert(Decimal(1), self.unit, self.price_unit)
        return self

    def cost(self) -> Fraction:
        """What this batch's amount costs, in rupiah, exactly: 2 of a pack of 3 is 2/3, not 0.666…7."""
        return Fraction(convert(self.amount, self.unit, self.price_unit)) / Fraction(self.price_per) * self.price


class RecipeCard(Record):
    """What a trainee takes home: ingredients, yield, steps and time. The id is the skill's id."""

    ingredients: list[Ingredient] = Field(default_factory=list, max_length=40)
    yield_pieces: int = Field(ge=1, le=10_000)  # pieces one batch makes
    steps: list[str] = Field(default_factory=list, max_length=40)
    minutes: int = Field(default=60, ge=1, le=24 * 60)
    margin_percent: int = Field(default=40, ge=0, le=500)  # the suggested price's margin on HPP


class Skill(Record):
    """A recipe or a farming step in the library; reusable across programmes."""

    kind: SkillKind
    name: str = Field(min_length=2, max_length=80)
    summary: str = Field(default='', max_length=400)
    steps: list[str] = Field(default_factory=list, max_length=40)  # a farming step's how-to
    recipe: RecipeCard | None = None


class Placement(Record):
    """A skill on a programme day, in order. Its id is `programme.skill`, so a skill is placed once."""

    programme_id: str
    skill_id: str
    day_id: str
    order: int = Field(default=0, ge=0, le=1000)


def placement_id(programme_id: str, skill_id: str) -> str:
    return f'{programme_id}.{skill_id}'


class Mark(Record):
    """One piece of evidence: this trainee showed this level on this skill, seen by `by` at `at`."""

    programme_id: str
    skill_id: str
    participant_id: str
    level: Level
    by: str
    at: AwareDatetime
    note: str = Field(default='', max_length=300)


class PriceOverride(Record):
    """Her own market prices for a recipe's ingredients and her own margin. Id: `participant.skill`."""

    participant_id: str
    skill_id: str
    prices: dict[str, int] = Field(default_factory=dict)  # ingredient id → price of its pack
    margin_percent: int | None = Field(default=None, ge=0, le=500)

    @field_validator('prices')
    @classmethod
    def _prices(cls, value: dict[str, int]) -> dict[str, int]:
        if len(value) > 40 or any(p < 0 or p > MAX_AMOUNT for p in value.values()):
            raise ValueError('bad_price')
        return value


# ---- HPP and price -----------------------------------------------------------------------------


def batch_cost(card: RecipeCard, prices: dict[str, int] | None = None) -> Fraction:
    """The ingredients' cost for one batch, with her own pack prices where she gave them."""
    prices = prices or {}
    total = Fraction(0)
    for item in card.ingredients:
        priced = item.model_copy(update={'price': prices[item.id]}) if item.id in prices else item
        total += priced.cost()
    return total


def hpp_per_piece(card: RecipeCard, prices: dict[str, int] | None = None) -> int:
    """Whole rupiah per piece, rounded up: a seller who rounds down sells below cost."""
    # Exact fractions: a rounded Decimal quotient can land a hair above a whole rupiah and round up a step.
    return math.ceil(batch_cost(card, prices) / card.yield_pieces)


def suggested_price(hpp: int, margin_percent: int) -> int:
    """HPP plus the margin, rounded up to the next Rp 500 (never below HPP)."""
    raw = (Decimal(hpp) * (100 + margin_percent) / 100).to_integral_value(rounding=ROUND_HALF_UP)
    steps = (raw / PRICE_STEP).to_integral_value(rounding=ROUND_CEILING)
    return max(int(steps) * PRICE_STEP, PRICE_STEP if hpp > 0 else 0)


def latest_marks(marks: list[Mark]) -> dict[tuple[str, str], Mark]:
    """(participant, skill) → the mark that counts: the latest one (ties: the later in the log)."""
    latest: dict[tuple[str, str], Mark] = {}
    for item in sorted(marks, key=lambda m: m.at):
        latest[(item.participant_id, item.skill_id)] = item
    return latest
