"""Empty states speak to who she is: a kue trainee with no products is pointed to her recipe cards; a KWT member
(chili farming) to what she grows, by the kg or the jar, and her group book; her figures' rule and a farming
lesson's page do not speak of recipes to her."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from models.programme import ProgrammeKind
from models.skills import Placement, Skill
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, demo_programme, her_participant_id, only, open_as

pytestmark = pytest.mark.demo

KWT_WITHOUT_PRODUCTS = ('081300000012', '123456')  # the demo's sellers are the first three members


async def test_a_kwt_member_with_nothing_to_sell_is_told_of_chili_not_of_recipe_cards(user: User) -> None:
    await open_as(user, KWT_WITHOUT_PRODUCTS)
    home = only(user, 'no-products').text
    await user.open('/usaha/produk')
    products = only(user, 'no-products').text
    await user.open('/usaha')
    await user.should_see('bibit, pupuk')

    assert home == products and 'cabai per kg' in home and 'buku kelompok' in home
    assert 'resep' not in home
    await user.should_not_see('kartu resep')


async def test_a_kue_trainee_with_nothing_to_sell_is_pointed_to_her_recipe_cards(user: User) -> None:
    await open_as(user, KUE_TRAINEE)

    assert 'kartu resep' in only(user, 'no-products').text
    await user.open('/usaha')
    await user.should_see('kartu resep')


async def test_a_farming_lesson_is_titled_as_one(user: User) -> None:
    store = await runtime.ready()
    kwt = demo_programme(store, ProgrammeKind.KWT)
    lesson_id = next(p.skill_id for p in store.all(Placement) if p.programme_id == kwt.id)
    assert (
        store.get(Skill, lesson_id) is not None and her_participant_id(KWT_WITHOUT_PRODUCTS[0]) in kwt.participant_ids
    )

    await open_as(user, KWT_WITHOUT_PRODUCTS, f'/recipes/{lesson_id}')

    html = (await user.http_client.get(f'/recipes/{lesson_id}')).text
    assert '<title>Materi bertani · Berdaya</title>' in html
