"""Curriculum and marks: the skill library, skills placed on programme days, the evidence log of marks,
her own prices for a recipe, and turning a recipe into a product."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from models.base import DomainError
from models.business import Product, Unit
from models.programme import Day, Programme
from models.skills import (
    Level,
    Mark,
    Placement,
    PriceOverride,
    Skill,
    SkillKind,
    hpp_per_piece,
    latest_marks,
    placement_id,
    suggested_price,
)

from .audit import change_entry
from .engine import Store
from .programmes import days_of
from .schema import table_of
from .tx import Tx


@dataclass(frozen=True)
class Named:
    """A skill by its id and name: what a list of buttons or choices shows, read from the stored document without
    validating its recipe (a page lists many and opens none)."""

    id: str
    name: str


def library(store: Store, kind: SkillKind | None = None) -> list[Skill]:
    skills = store.all(Skill)
    return sorted((s for s in skills if kind is None or s.kind == kind), key=lambda s: s.name.lower())


def library_names(store: Store) -> list[Named]:
    """The library as `library` orders it, by id and name."""
    docs = store.raw(table_of(Skill)).values()
    return sorted((Named(doc['id'], doc['name']) for doc in docs), key=lambda s: s.name.lower())


def curriculum(store: Store, programme_id: str) -> list[tuple[Day, list[Skill]]]:
    """The programme's days in order, each with its skills in order."""
    return [
        (day, [s for s in (store.get(Skill, i) for i in ids) if s is not None])
        for day, ids in _plan(store, programme_id)
    ]


def curriculum_names(store: Store, programme_id: str) -> list[tuple[Day, list[Named]]]:
    """`curriculum`, each skill by its id and name."""
    skills = store.raw(table_of(Skill))
    return [(day, [Named(i, skills[i]['name']) for i in ids if i in skills]) for day, ids in _plan(store, programme_id)]


def _plan(store: Store, programme_id: str) -> list[tuple[Day, list[str]]]:
    """The programme's days in order, each with the ids of its skills in order."""
    by_day: dict[str, list[dict[str, Any]]] = {}
    for placement in store.raw_by_index(Placement, 'programme', programme_id):
        by_day.setdefault(placement['day_id'], []).append(placement)
    return [(day, _in_order(by_day.get(day.id, []))) for day in days_of(store, programme_id)]


def _in_order(placements: list[dict[str, Any]]) -> list[str]:
    return [p['skill_id'] for p in sorted(placements, key=lambda p: (p['order'], p['skill_id']))]


def programme_skills(store: Store, programme_id: str) -> list[Skill]:
    return [skill for _, skills in curriculum(store, programme_id) for skill in skills]


def day_skills(store: Store, day_id: str) -> list[Skill]:
    ids = _in_order(store.raw_by_index(Placement, 'day', day_id))
    return [s for s in (store.get(Skill, i) for i in ids) if s is not None]


def day_skill_names(store: Store, day_id: str) -> list[Named]:
    """`day_skills`, each by its id and name."""
    skills = store.raw(table_of(Skill))
    return [Named(i, skills[i]['name']) for i in _in_order(store.raw_by_index(Placement, 'day', day_id)) if i in skills]


async def save_skill(store: Store, skill: Skill) -> Skill:
    await store.put(skill)
    return skill


async def place_skill(store: Store, programme_id: str, skill_id: str, day_id: str, order: int = 0) -> Placement:
    """Put a library skill on a day of the programme (moving it if it was on another day)."""

    def stage(tx: Tx) -> Placement:
        day = tx.get(Day, day_id)
        if day is None or day.programme_id != programme_id or not tx.exists(Skill, skill_id):
            raise DomainError('not_found')
        placement = Placement(
            id=placement_id(programme_id, skill_id), programme_id=programme_id, skill_id=skill_id, day_id=day_id,
            order=order,
        )  # fmt: skip
        tx.put(placement)
        return placement

    return await store.transact(stage)


async def unplace_skill(store: Store, programme_id: str, skill_id: str) -> None:
    await store.delete(Placement, placement_id(programme_id, skill_id))


# ---- marks -------------------------------------------------------------------------------------


def latest(store: Store, programme_id: str) -> dict[tuple[str, str], Mark]:
    """(participant, skill) → the mark that counts, for the whole programme."""
    return latest_marks(store.by_index(Mark, 'programme', programme_id))


def history(store: Store, programme_id: str, participant_id: str, skill_id: str) -> list[Mark]:
    marks = store.by_index(Mark, 'participant', participant_id)
    return sorted((m for m in marks if m.programme_id == programme_id and m.skill_id == skill_id), key=lambda m: m.at)


async def record_mark(
    store: Store,
    programme_id: str,
    skill_id: str,
    participant_id: str,
    *,
    level: Level | None = None,
    by: str,
    note: str = '',
    now: dt.datetime | None = None,
) -> Mark:
    """Append a mark. Without a level, the cell cycles: the latest level plus one (3 wraps to 0).

    The latest is read inside the transaction, so two quick taps from two phones make two steps, not one.
    """
    moment = now or dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Mark:
        programme = tx.get(Programme, programme_id)
        if programme is None or not tx.exists(Placement, placement_id(programme_id, skill_id)):
            raise DomainError('not_found')
        if participant_id not in programme.participant_ids:
            raise DomainError('checkin_not_enrolled', programme=programme.name)
        # Earlier transactions of the same batch are already in the engine and its indexes.
        previous = history(store, programme_id, participant_id, skill_id)
        chosen = level if level is not None else (Level(previous[-1].level) if previous else Level.BELUM).next()
        mark = Mark(
            programme_id=programme_id, skill_id=skill_id, participant_id=participant_id, level=chosen, by=by,
            at=moment, note=note.strip()[:300],
        )  # fmt: skip
        tx.put(mark)
        until_now = previous[-1] if previous else None  # the cell's mark until now
        change_entry(
            tx, until_now, mark, by=by, action='mark.record', at=moment, programme_id=programme_id, note=mark.note
        )
        return mark

    return await store.transact(stage)


def competent_share(store: Store, programme_id: str, participant_id: str) -> tuple[int, int]:
    """(skills she is competent in, skills of the programme)."""
    skills = programme_skills(store, programme_id)
    marks = latest(store, programme_id)
    done = sum(1 for s in skills if (m := marks.get((participant_id, s.id))) is not None and Level(m.level).competent)
    return done, len(skills)


# ---- her prices and products -------------------------------------------------------------------


def override_id(participant_id: str, skill_id: str) -> str:
    return f'{participant_id}.{skill_id}'


def her_prices(store: Store, participant_id: str, skill_id: str) -> PriceOverride:
    found = store.get(PriceOverride, override_id(participant_id, skill_id))
    return found or PriceOverride(id=override_id(participant_id, skill_id), participant_id=participant_id,
                                  skill_id=skill_id)  # fmt: skip


async def save_her_prices(store: Store, override: PriceOverride) -> PriceOverride:
    if override.id != override_id(override.participant_id, override.skill_id):
        raise DomainError('not_found')
    await store.put(override)
    return override


def recipe_figures(store: Store, skill: Skill, participant_id: str | None) -> tuple[int, int, int]:
    """(HPP per piece, margin %, suggested price) with her own prices and margin where she set them."""
    if skill.recipe is None:
        raise DomainError('not_a_recipe')
    override = her_prices(store, participant_id, skill.id) if participant_id else None
    hpp = hpp_per_piece(skill.recipe, override.prices if override else None)
    margin = (
        override.margin_percent if override and override.margin_percent is not None else skill.recipe.margin_percent
    )
    return hpp, margin, suggested_price(hpp, margin)


async def make_product(store: Store, participant_id: str, skill: Skill, *, price: int, hpp: int) -> Product:
    """Put the recipe in her catalog, or update the product she made from it before (never a second one)."""
    if skill.recipe is None:
        raise DomainError('not_a_recipe')

    def stage(tx: Tx) -> Product:
        for product_id in store.ids(Product, 'participant', participant_id):
            existing = tx.get(Product, product_id)
            if existing is not None and existing.recipe_id == skill.id:
                updated = existing.model_copy(update={'price': price, 'hpp': hpp})
                tx.put(Product.model_validate(updated.model_dump()))
                return updated
        product = Product(participant_id=participant_id, name=skill.name, unit=Unit.PCS, price=price, hpp=hpp,
                          recipe_id=skill.id)  # fmt: skip
        tx.put(product)
        return product

    return await store.transact(stage)
