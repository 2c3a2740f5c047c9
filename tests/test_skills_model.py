"""Skills and recipes as a trainee meets them: HPP from a recipe card, a suggested price, her own prices, the
one scale of marks, refusal of bad numbers, and the demo's curriculum."""

from __future__ import annotations

import datetime as dt
import math
import time
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from models.account import Account
from models.programme import Programme, ProgrammeKind
from models.skills import (
    Ingredient,
    IngredientUnit,
    Level,
    Mark,
    PriceOverride,
    RecipeCard,
    SkillKind,
    batch_cost,
    convert,
    hpp_per_piece,
    latest_marks,
    suggested_price,
)
from store.demo import KUE_DAYS, KWT_DAYS, seed_demo
from store.demo.curriculum import recipe_entries, recipe_skill
from store.engine import Store
from store.programmes import days_of
from store.skills import curriculum, recipe_figures

U = IngredientUnit
TODAY = dt.date(2026, 11, 24)
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def ingredient(amount: str, unit: U, price: int, per: str, per_unit: U, name: str = 'bahan') -> Ingredient:
    return Ingredient(name=name, amount=Decimal(amount), unit=unit, price=price, price_per=Decimal(per),
                      price_unit=per_unit)  # fmt: skip


def card(*items: Ingredient, pieces: int = 1, margin: int = 40) -> RecipeCard:
    return RecipeCard(ingredients=list(items), yield_pieces=pieces, margin_percent=margin)


# ---- units and HPP ----------------------------------------------------------------------------------


def test_grams_of_flour_bought_by_the_kg_cost_their_share() -> None:
    flour = ingredient('250', U.GRAM, 14_000, '1', U.KG)
    assert flour.cost() == 3_500
    assert hpp_per_piece(card(flour, pieces=10)) == 350


def test_kilos_used_from_a_pack_priced_in_grams_convert_up() -> None:
    sugar = ingredient('1.5', U.KG, 9_000, '500', U.GRAM)
    assert hpp_per_piece(card(sugar)) == 27_000


def test_millilitres_and_litres_convert_both_ways() -> None:
    oil = ingredient('250', U.ML, 18_000, '1', U.LITER)
    coconut_milk = ingredient('0.13', U.LITER, 3_500, '65', U.ML)
    assert oil.cost() == 4_500
    assert coconut_milk.cost() == 7_000
    assert convert(Decimal('250'), U.GRAM, U.KG) == Decimal('0.25')
    assert convert(Decimal('0.25'), U.LITER, U.ML) == 250


def test_eggs_are_counted_and_a_kilo_of_sixteen_is_priced_per_egg() -> None:
    eggs = ingredient('2', U.BUTIR, 28_000, '16', U.BUTIR)
    assert eggs.cost() == 3_500
    assert hpp_per_piece(card(eggs, pieces=3)) == 1_167  # 1.166,67 rounds up


def test_a_whole_batch_adds_every_ingredient() -> None:
    recipe = card(
        ingredient('250', U.GRAM, 14_000, '1', U.KG),  # 3.500
        ingredient('2', U.BUTIR, 28_000, '16', U.BUTIR),  # 3.500
        ingredient('65', U.ML, 3_500, '65', U.ML),  # 3.500
        pieces=20,
    )
    assert batch_cost(recipe) == 10_500
    assert hpp_per_piece(recipe) == 525


def test_hpp_rounds_up_to_a_whole_rupiah() -> None:
    assert hpp_per_piece(card(ingredient('1', U.BUTIR, 1_000, '1', U.BUTIR), pieces=3)) == 334
    assert hpp_per_piece(card(ingredient('1', U.BUTIR, 999, '1', U.BUTIR), pieces=3)) == 333


def test_hpp_of_an_exact_share_of_an_odd_pack_does_not_gain_a_rupiah() -> None:
    # 29 of a pack of 28 at Rp 7.000 over 2 pieces is exactly Rp 3.625; a rounded 29/28 once made it 3.626.
    recipe = card(ingredient('29', U.BUTIR, 7_000, '28', U.BUTIR), pieces=2)
    assert hpp_per_piece(recipe) == 3_625


def test_free_ingredients_give_zero_hpp_and_zero_price() -> None:
    water = ingredient('500', U.ML, 0, '1', U.LITER)
    assert hpp_per_piece(card(water, pieces=10)) == 0
    assert suggested_price(0, 40) == 0


def test_her_own_pack_price_replaces_the_cards() -> None:
    flour = ingredient('500', U.GRAM, 14_000, '1', U.KG, name='tepung terigu')
    eggs = ingredient('4', U.BUTIR, 28_000, '16', U.BUTIR, name='telur')
    recipe = card(flour, eggs, pieces=10)
    assert hpp_per_piece(recipe) == 1_400  # 7.000 + 7.000
    assert hpp_per_piece(recipe, {flour.id: 12_000}) == 1_300  # her market sells flour cheaper
    assert hpp_per_piece(recipe, {flour.id: 12_000, eggs.id: 32_000}) == 1_400
    assert hpp_per_piece(recipe, {'not-an-ingredient': 1}) == 1_400


def test_her_prices_and_margin_are_a_valid_override() -> None:
    override = PriceOverride(participant_id='p1', skill_id='resep-klepon', prices={'a': 12_000}, margin_percent=60)
    assert override.prices == {'a': 12_000}
    assert override.margin_percent == 60


# ---- suggested price -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('hpp', 'margin', 'price'),
    [
        (1_000, 40, 1_500),  # 1.400 → 1.500
        (1_000, 50, 1_500),  # exactly 1.500 stays
        (1_000, 60, 2_000),  # 1.600 → 2.000
        (2_213, 40, 3_500),  # 3.098 → 3.500
        (1, 40, 500),  # one rupiah still sells for the smallest step
        (500, 0, 500),  # no margin: HPP itself, already a step
        (501, 0, 1_000),  # never below HPP
        (1_000, 500, 6_000),
    ],
)
def test_suggested_price_adds_the_margin_and_rounds_up_to_500(hpp: int, margin: int, price: int) -> None:
    assert suggested_price(hpp, margin) == price


def test_a_higher_margin_never_suggests_less() -> None:
    prices = [suggested_price(1_234, m) for m in range(0, 201, 10)]
    assert prices == sorted(prices)


# ---- units that cannot meet ------------------------------------------------------------------------


def test_grams_cannot_be_converted_to_eggs() -> None:
    with pytest.raises(ValueError, match='unit_mismatch'):
        convert(Decimal(100), U.GRAM, U.BUTIR)


@pytest.mark.parametrize(
    ('unit', 'per_unit'), [(U.GRAM, U.BUTIR), (U.BUTIR, U.KG), (U.ML, U.GRAM), (U.SENDOK_TEH, U.GRAM)]
)
def test_an_ingredient_used_in_one_kind_of_unit_and_bought_in_another_is_refused(unit: U, per_unit: U) -> None:
    with pytest.raises(ValidationError, match='unit_mismatch'):
        ingredient('3', unit, 28_000, '1', per_unit)


def test_changing_an_ingredients_unit_to_one_its_pack_cannot_price_is_refused() -> None:
    flour = ingredient('250', U.GRAM, 14_000, '1', U.KG)
    with pytest.raises(ValidationError, match='unit_mismatch'):
        flour.unit = U.BUTIR


# ---- the scale -------------------------------------------------------------------------------------


def test_a_tap_cycles_the_level_round_the_scale() -> None:
    assert [Level(n).next() for n in range(4)] == [Level.DICOBA, Level.BISA, Level.MAHIR, Level.BELUM]


def test_bisa_and_mahir_are_competent_belum_and_dicoba_are_not() -> None:
    assert [level.competent for level in Level] == [False, False, True, True]


def mark(level: Level, minutes: int, participant: str = 'p1', skill: str = 's1') -> Mark:
    return Mark(programme_id='prog', skill_id=skill, participant_id=participant, level=level, by='pendamping',
                at=T0 + dt.timedelta(minutes=minutes))  # fmt: skip


def test_the_latest_mark_counts_whatever_order_the_log_is_read_in() -> None:
    marks = [mark(Level.BISA, 60), mark(Level.DICOBA, 0), mark(Level.MAHIR, 30), mark(Level.BELUM, 5, skill='s2')]
    latest = latest_marks(marks)
    assert latest[('p1', 's1')].level == Level.BISA
    assert latest[('p1', 's2')].level == Level.BELUM
    assert len(latest) == 2


def test_of_two_marks_at_the_same_moment_the_later_in_the_log_counts() -> None:
    first, second = mark(Level.DICOBA, 0), mark(Level.MAHIR, 0)
    assert latest_marks([first, second])[('p1', 's1')].id == second.id


# ---- bad numbers are refused by name ---------------------------------------------------------------

BAD_QUANTITIES = st.one_of(
    st.decimals(max_value=0, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal('1000000.001'), allow_nan=False, allow_infinity=False),
    st.integers(max_value=0),
    st.integers(min_value=1_000_001),
    st.floats(max_value=0),
    st.sampled_from([float('nan'), float('inf'), float('-inf'), Decimal('NaN'), Decimal('sNaN'), Decimal('Infinity')]),
    st.decimals(min_value=Decimal('0.0001'), max_value=1000, places=4).filter(lambda d: d.as_tuple().exponent < -3),
    st.sampled_from(['1,5', 'abc', '', '-1', '0', 'NaN', 'inf', '1e999999', '1.2345', '½', '1 kg', None, True, []]),
)
BAD_PRICES = st.one_of(
    st.integers(max_value=-1),
    st.integers(min_value=1_000_000_001),
    st.floats().filter(lambda f: not f.is_integer()),
    st.sampled_from(
        [float('nan'), float('inf'), Decimal('NaN'), Decimal('1.5'), '1,5', 'abc', '', 'Rp 5.000', None, []]
    ),
)
GOOD_INGREDIENT = {'name': 'tepung terigu', 'amount': '250', 'unit': 'gram', 'price': 14_000, 'price_per': '1',
                   'price_unit': 'kg'}  # fmt: skip
GOOD_CARD = {'ingredients': [GOOD_INGREDIENT], 'yield_pieces': 10, 'minutes': 60, 'margin_percent': 40}


def refused_fields(model: Any, values: dict[str, Any]) -> set[str]:
    """Validate, expecting a ValidationError (any other exception fails the test); the fields it names."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(values)
    return {str(error['loc'][0]) for error in caught.value.errors()}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(['amount', 'price_per']), value=BAD_QUANTITIES)
def test_a_bad_quantity_is_refused_by_its_field_name(field: str, value: Any) -> None:
    assert refused_fields(Ingredient, {**GOOD_INGREDIENT, field: value}) == {field}


@settings(max_examples=200)
@given(value=BAD_PRICES)
def test_a_bad_pack_price_is_refused_by_its_field_name(value: Any) -> None:
    assert refused_fields(Ingredient, {**GOOD_INGREDIENT, 'price': value}) == {'price'}


@settings(max_examples=200)
@given(field=st.sampled_from(['yield_pieces', 'minutes', 'margin_percent']), value=BAD_PRICES)
def test_a_bad_recipe_number_is_refused_by_its_field_name(field: str, value: Any) -> None:
    assert refused_fields(RecipeCard, {**GOOD_CARD, field: value}) == {field}


@settings(max_examples=100)
@given(value=BAD_QUANTITIES)
def test_a_bad_ingredient_inside_a_card_is_refused_under_ingredients(value: Any) -> None:
    bad = {**GOOD_INGREDIENT, 'amount': value}
    assert refused_fields(RecipeCard, {**GOOD_CARD, 'ingredients': [GOOD_INGREDIENT, bad]}) == {'ingredients'}


@settings(max_examples=200)
@given(value=BAD_PRICES)
def test_a_bad_price_of_her_own_is_refused_under_prices(value: Any) -> None:
    values = {'participant_id': 'p1', 'skill_id': 's1', 'prices': {'ingredient': value}}
    assert refused_fields(PriceOverride, values) == {'prices'}


@settings(max_examples=100)
@given(value=BAD_PRICES.filter(lambda v: v is not None))  # None is no margin of her own: the card's counts
def test_a_bad_margin_of_her_own_is_refused_by_its_field_name(value: Any) -> None:
    values = {'participant_id': 'p1', 'skill_id': 's1', 'margin_percent': value}
    assert refused_fields(PriceOverride, values) == {'margin_percent'}


# ---- good random recipes ---------------------------------------------------------------------------

WEIGHTS, VOLUMES, COUNTS = [U.GRAM, U.KG], [U.ML, U.LITER], [U.BUTIR, U.BUNGKUS, U.SENDOK_MAKAN, U.BUAH, U.LEMBAR]
QUANTITY = st.decimals(min_value=Decimal('0.001'), max_value=1_000_000, places=3)


@st.composite
def good_ingredients(draw: st.DrawFn) -> Ingredient:
    family = draw(st.sampled_from([WEIGHTS, VOLUMES, *([c] for c in COUNTS)]))
    return Ingredient(
        name=draw(st.sampled_from(['tepung terigu', 'telur', 'santan kara', 'gula merah'])),
        amount=draw(QUANTITY),
        unit=draw(st.sampled_from(family)),
        price=draw(st.integers(min_value=0, max_value=1_000_000_000)),
        price_per=draw(QUANTITY),
        price_unit=draw(st.sampled_from(family)),
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(good_ingredients(), max_size=40),
    pieces=st.integers(min_value=1, max_value=10_000),
    margin=st.integers(min_value=0, max_value=500),
)
def test_any_good_recipe_prices_at_or_above_its_hpp_in_steps_of_500(
    items: list[Ingredient], pieces: int, margin: int
) -> None:
    recipe = RecipeCard(ingredients=items, yield_pieces=pieces, margin_percent=margin)
    hpp = hpp_per_piece(recipe)
    price = suggested_price(hpp, margin)
    assert hpp >= 0
    assert hpp == math.ceil(sum((Fraction(i.cost()) for i in items), Fraction(0)) / pieces)
    assert price >= hpp
    assert price % 500 == 0
    assert price - hpp * (100 + margin) / 100 < 500 + 1  # never more than one step above HPP plus margin


# ---- the demo curriculum ---------------------------------------------------------------------------


@pytest.mark.parametrize('entry', recipe_entries(), ids=[entry[0] for entry in recipe_entries()])
def test_each_demo_recipe_costs_what_a_village_kue_costs(entry: Any) -> None:
    recipe = recipe_skill(*entry).recipe
    assert recipe is not None
    assert 200 <= hpp_per_piece(recipe) <= 5_000
    assert 4 <= len(recipe.steps) <= 8
    assert 30 <= recipe.margin_percent <= 60


async def test_the_demo_seeds_fifteen_recipes_three_a_day_and_the_chili_steps(tmp_path: Any) -> None:
    store = await Store.open(tmp_path / 'store')
    try:
        started = time.perf_counter()
        assert await seed_demo(store, TODAY)
        assert time.perf_counter() - started < 5
        programmes = {p.kind: p for p in store.all(Programme)}
        kue, kwt = programmes[ProgrammeKind.KUE], programmes[ProgrammeKind.KWT]

        kue_days = curriculum(store, kue.id)
        assert [day.title for day, _ in kue_days] == KUE_DAYS
        for day, skills in kue_days:
            assert len(skills) == 3
            assert all(s.kind == SkillKind.RECIPE and s.recipe is not None for s in skills)
            assert [s.name.split()[0].lower() for s in skills] == [
                w.strip().split()[0].lower() for w in day.title.split(':')[1].split(',')
            ]
            for skill in skills:
                hpp, _, price = recipe_figures(store, skill, None)
                assert 200 <= hpp <= 5_000
                assert price >= hpp
        assert not store.by_index(Mark, 'programme', kue.id)  # the course starts today

        kwt_days = curriculum(store, kwt.id)
        assert [day.title for day, _ in kwt_days] == [title for _, title in KWT_DAYS]
        steps = [s for _, skills in kwt_days for s in skills]
        assert len(steps) == 7
        assert all(s.kind == SkillKind.FARMING and 3 <= len(s.steps) <= 6 for s in steps)
        assert all(skills for _, skills in kwt_days)
        assert 'traktor' in ' '.join(s.name for s in steps).lower()
    finally:
        await store.close()


async def test_the_kwt_marks_cover_everyone_mostly_competent_with_some_progress(tmp_path: Any) -> None:
    store = await Store.open(tmp_path / 'store')
    try:
        await seed_demo(store, TODAY)
        kwt = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KWT)
        pendamping = next(a for a in store.all(Account) if a.username == 'pendamping')
        day_of = {s.id: day.date for day, skills in curriculum(store, kwt.id) for s in skills}
        marks = store.by_index(Mark, 'programme', kwt.id)
        latest = latest_marks(marks)

        assert set(latest) == {(p, s) for p in kwt.participant_ids for s in day_of}
        assert all(m.by == pendamping.id for m in marks)
        assert all(m.at.astimezone(kwt.zone.tz).date() == day_of[m.skill_id] for m in marks)
        levels = [Level(m.level) for m in latest.values()]
        assert Level.BELUM not in levels
        assert 0 < levels.count(Level.DICOBA) < len(levels) // 10
        assert len(marks) > len(latest)  # some cells show progress
        for key in latest:
            history = sorted((m for m in marks if (m.participant_id, m.skill_id) == key), key=lambda m: m.at)
            assert [m.level for m in history] == sorted(m.level for m in history)
        assert len(days_of(store, kwt.id)) == len(KWT_DAYS)
    finally:
        await store.close()
