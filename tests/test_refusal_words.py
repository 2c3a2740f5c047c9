"""A refusal names what was refused: a recipe, a farming lesson, a training day, a skills grid, a group book, or
a page for other roles; an unknown id is refused in the same words as one she may not open."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from models.participant import Group
from models.programme import ProgrammeKind
from models.skills import Placement, Skill, SkillKind
from ui.runtime import runtime

from .conftest import INSTRUCTOR, KUE_TRAINEE, KWT_TRAINEE, OTHER_INSTRUCTOR, demo_day, demo_programme, log_in

pytestmark = pytest.mark.demo


def skill_of(kind: ProgrammeKind) -> Skill:
    store = runtime.store
    programme = demo_programme(store, kind)
    placed = {p.skill_id for p in store.all(Placement) if p.programme_id == programme.id}
    return next(s for s in store.all(Skill) if s.id in placed)


async def refused(user: User, path: str) -> str:
    response = await user.http_client.get(path)
    assert response.status_code == 403, path
    assert 'Hari ini bukan bagian' not in response.text  # the old words, which named a day for anything
    return response.text


async def test_a_kwt_member_is_told_the_kue_recipe_is_not_for_her_training(user: User) -> None:
    await runtime.ready()
    recipe = skill_of(ProgrammeKind.KUE)
    await log_in(user, *KWT_TRAINEE)

    assert recipe.kind == SkillKind.RECIPE
    assert 'Resep ini bukan untuk pelatihan Anda' in await refused(user, f'/recipes/{recipe.id}')
    assert 'Resep ini bukan untuk pelatihan Anda' in await refused(user, '/recipes/no-such-recipe')


async def test_a_kue_trainee_is_told_a_farming_lesson_is_not_for_her_training(user: User) -> None:
    await runtime.ready()
    lesson = skill_of(ProgrammeKind.KWT)
    await log_in(user, *KUE_TRAINEE)

    assert 'Materi bertani ini bukan untuk pelatihan Anda' in await refused(user, f'/recipes/{lesson.id}')


async def test_staff_of_another_programme_hear_which_day_or_grid_is_not_theirs(user: User) -> None:
    store = await runtime.ready()
    kue = demo_programme(store)
    await log_in(user, *OTHER_INSTRUCTOR)

    assert 'Hari pelatihan ini milik pelatihan yang tidak Anda pegang' in await refused(
        user, f'/days/{demo_day(store, kue).id}'
    )
    assert 'Tabel keterampilan ini' in await refused(user, f'/grid/{kue.id}')


async def test_a_group_book_says_whose_it_is(user: User) -> None:
    store = await runtime.ready()
    group = next(g for g in store.all(Group))
    await log_in(user, *KUE_TRAINEE)

    assert 'Buku kelompok ini hanya untuk anggota kelompoknya' in await refused(user, f'/kelompok/{group.id}')


async def test_a_page_for_another_role_says_whom_it_is_for(user: User) -> None:
    store = await runtime.ready()
    await log_in(user, *KUE_TRAINEE)
    assert 'hanya untuk instruktur dan koordinator' in await refused(
        user, f'/days/{demo_day(store, demo_programme(store)).id}'
    )
    assert 'hanya untuk koordinator' in await refused(user, '/participants')
    await log_in(user, *INSTRUCTOR)
    assert 'untuk peserta pelatihan' in await refused(user, '/progress')
