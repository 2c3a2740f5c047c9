"""The demo's curriculum: fifteen kue recipes on the five kue days, the chili steps on the KWT's days, and the
KWT's marks from months ago (the kue course starts today, so its grid is still empty).

Prices are what a village market asks in 2026, per pack as it is bought: `telur` is Rp 28.000 a kg of about
16 eggs, so it is priced per 16 butir. Skill ids are fixed slugs, so a test or a later seed can find them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from models.base import Record
from models.programme import Day, Programme
from models.skills import Ingredient, IngredientUnit, Level, Mark, Placement, RecipeCard, Skill, SkillKind, placement_id

from ..engine import Store

CURRICULUM = Path(__file__).resolve().parent.parent.parent / 'assets' / 'demo' / 'curriculum.json'

# name, amount, unit, pack price, pack size, pack unit
Row = tuple[str, str, IngredientUnit, int, str, IngredientUnit]


async def seed_curriculum(
    store: Store, kue: Programme, kue_days: list[Day], kwt: Programme, kwt_days: list[Day], marked_by: str,
    rng: random.Random,
) -> None:  # fmt: skip
    """Save the library, place it on both programmes' days and add the KWT's marks, all in one write."""
    await store.put(*curriculum_records(kue, kue_days, kwt, kwt_days, marked_by, rng))


def curriculum_records(
    kue: Programme, kue_days: list[Day], kwt: Programme, kwt_days: list[Day], marked_by: str, rng: random.Random
) -> list[Record]:
    """Skills, placements and marks, for `seed_demo` to save with the rest of the demo in one transaction."""
    recipes = [recipe_skill(*entry) for entry in recipe_entries()]
    farming = [farming_skill(*entry) for entry in farming_entries()]
    placements = _place(kue, kue_days, recipes, [i // 3 for i in range(len(recipes))])
    placements += _place(kwt, kwt_days, farming, farming_days())
    days = {skill.id: kwt_days[index] for skill, index in zip(farming, farming_days(), strict=True)}
    marks = kwt_marks(kwt, farming, days, marked_by, rng)
    return [*recipes, *farming, *placements, *marks]


def recipe_skill(
    slug: str, name: str, summary: str, yield_pieces: int, minutes: int, margin: int, rows: list[Row], steps: list[str]
) -> Skill:
    ingredients = [
        Ingredient(name=n, amount=Decimal(a), unit=u, price=p, price_per=Decimal(per), price_unit=pu)
        for n, a, u, p, per, pu in rows
    ]
    card = RecipeCard(
        id=f'resep-{slug}', ingredients=ingredients, yield_pieces=yield_pieces, steps=steps, minutes=minutes,
        margin_percent=margin,
    )  # fmt: skip
    return Skill(id=card.id, kind=SkillKind.RECIPE, name=name, summary=summary, recipe=card)


def farming_skill(slug: str, name: str, summary: str, steps: list[str]) -> Skill:
    return Skill(id=f'tani-{slug}', kind=SkillKind.FARMING, name=name, summary=summary, steps=steps)


def _place(programme: Programme, days: list[Day], skills: list[Skill], day_index: list[int]) -> list[Placement]:
    placements: list[Placement] = []
    for skill, index in zip(skills, day_index, strict=True):
        day = days[index]
        order = sum(1 for p in placements if p.day_id == day.id)
        placement = Placement(
            id=placement_id(programme.id, skill.id), programme_id=programme.id, skill_id=skill.id, day_id=day.id,
            order=order,
        )  # fmt: skip
        placements.append(placement)
    return placements


def kwt_marks(
    kwt: Programme, skills: list[Skill], days: dict[str, Day], marked_by: str, rng: random.Random
) -> list[Mark]:
    """Every member on every step, seen by the field companion on the step's day: mostly Bisa or Mahir,
    a few still Dicoba, and some cells whose history shows progress (Dicoba in the morning, Bisa later)."""
    cells = [(person, skill) for person in kwt.participant_ids for skill in skills]
    still_trying = set(rng.sample(range(len(cells)), 5))
    progressed = set(rng.sample(sorted(set(range(len(cells))) - still_trying), 8))
    marks = []
    for n, (person, skill) in enumerate(cells):
        day = days[skill.id].date
        if n in still_trying:
            level, note = Level.DICOBA, 'Masih perlu dibantu, ulangi di kebun.'
        else:
            level, note = rng.choice([Level.BISA, Level.BISA, Level.MAHIR]), ''
        if n in progressed:
            marks.append(_mark(kwt, skill, person, Level.DICOBA, marked_by, _at(kwt, day, 9), 'Masih dibantu.'))
            level, note = max(level, Level.BISA), 'Sudah bisa sendiri.'
        marks.append(_mark(kwt, skill, person, level, marked_by, _at(kwt, day, 14), note))
    return marks


def _mark(kwt: Programme, skill: Skill, person: str, level: Level, by: str, at: dt.datetime, note: str) -> Mark:
    return Mark(
        programme_id=kwt.id, skill_id=skill.id, participant_id=person, level=level, by=by, at=at, note=note
    )  # fmt: skip


def _at(programme: Programme, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=programme.zone.tz).astimezone(dt.UTC)


@cache
def _curriculum() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(CURRICULUM.read_text(encoding='utf-8'))
    return loaded


def recipe_entries() -> list[tuple[str, str, str, int, int, int, list[Row], list[str]]]:
    """The kue recipes as `recipe_skill` takes them: each ingredient's amount with its pack from the market."""
    data = _curriculum()
    packs = data['packs']

    def row(pack_key: str, amount: str) -> Row:
        name, unit, price, per, per_unit = packs[pack_key]
        return name, amount, IngredientUnit(unit), price, per, IngredientUnit(per_unit)

    return [
        (r['slug'], r['name'], r['summary'], r['pieces'], r['minutes'], r['margin'],
         [row(key, amount) for key, amount in r['ingredients']], r['steps'])
        for r in data['recipes']
    ]  # fmt: skip


def farming_entries() -> list[tuple[str, str, str, list[str]]]:
    return [(f['slug'], f['name'], f['summary'], f['steps']) for f in _curriculum()['farming']]


def farming_days() -> list[int]:
    """The KWT day each chili step is taught on (0-based): harvest and post-harvest share the last day."""
    return list(_curriculum()['farming_days'])
