"""Skills as people use them: the instructor's grid, the trainee's progress and recipe card, the library."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from models.account import Account
from models.business import Product
from models.programme import Day, Programme
from models.skills import Level, Mark, Skill, SkillKind
from store.accounts import end_all_sessions, find_account
from store.skills import curriculum, day_skills, her_prices, latest, recipe_figures
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, OTHER_INSTRUCTOR, error_of, kue_day, log_in, only, open_as

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock


async def kue() -> tuple[Programme, Day, list[Skill]]:
    """The demo kue course, its day 1 (today) and that day's three recipes."""
    programme, day = await kue_day()
    return programme, day, day_skills(runtime.store, day.id)


def her_products(participant_id: str, skill_id: str) -> list[Product]:
    return [p for p in runtime.store.by_index(Product, 'participant', participant_id) if p.recipe_id == skill_id]


def level_of(programme: Programme, participant_id: str, skill_id: str) -> int:
    mark = latest(runtime.store, programme.id).get((participant_id, skill_id))
    return int(mark.level) if mark else 0


async def test_the_demo_kue_day_has_three_recipes(user: User) -> None:
    programme, _, skills = await kue()
    assert [s.name.lower() for s in skills] == ['bolu kukus mekar', 'putu ayu', 'brownies kukus']
    assert sum(len(s) for _, s in curriculum(runtime.store, programme.id)) == 15


async def test_instructor_taps_a_cell_and_the_trainee_sees_it(user: User) -> None:
    programme, day, skills = await kue()
    trainee = find_account(runtime.store, KUE_TRAINEE[0])
    assert trainee is not None and trainee.participant_id
    await open_as(user, INSTRUCTOR, f'/grid/{programme.id}?day={day.id}')
    cell = f'cell-{trainee.participant_id}-{skills[0].id}'
    for expected in (1, 2):
        user.find(marker=cell).click()
        await user.should_see(marker=cell, content=str(expected))
    assert level_of(programme, trainee.participant_id, skills[0].id) == 2
    marks = runtime.store.by_index(Mark, 'participant', trainee.participant_id)
    assert [int(m.level) for m in sorted(marks, key=lambda m: m.at) if m.skill_id == skills[0].id] == [1, 2]
    user.http_client.cookies.clear()
    await open_as(user, KUE_TRAINEE, '/progress')
    await user.should_see('Sudah bisa: 1 dari 15')
    assert only(user, f'level-{skills[0].id}').text == 'Bisa: bisa membuat sendiri'


async def test_a_fourth_tap_wraps_to_belum(user: User) -> None:
    programme, day, skills = await kue()
    person = programme.participant_ids[1]
    await open_as(user, INSTRUCTOR, f'/grid/{programme.id}?day={day.id}')
    cell = f'cell-{person}-{skills[1].id}'
    for expected in (1, 2, 3, 0):
        user.find(marker=cell).click()
        await user.should_see(marker=cell, content=str(expected))
    assert level_of(programme, person, skills[1].id) == 0


async def test_note_mode_records_a_level_with_a_note_and_shows_the_history(user: User) -> None:
    programme, day, skills = await kue()
    person = programme.participant_ids[2]
    await open_as(user, INSTRUCTOR, f'/grid/{programme.id}?day={day.id}')
    only(user, 'note-mode').value = True
    user.find(marker=f'cell-{person}-{skills[2].id}').click()
    await user.should_see('Belum ada nilai.')
    only(user, 'note-level').value = int(Level.MAHIR)
    user.find(marker='note-text').type('Adonan rata, siap jual')
    user.find(marker='save-note').click()
    await user.should_see(marker=f'cell-{person}-{skills[2].id}', content='3')
    mark = latest(runtime.store, programme.id)[(person, skills[2].id)]
    assert mark.level == Level.MAHIR and mark.note == 'Adonan rata, siap jual'
    user.find(marker=f'cell-{person}-{skills[2].id}').click()
    await user.should_see('Adonan rata, siap jual')
    instructor = runtime.store.get(Account, mark.by)
    assert instructor is not None  # the evidence says who marked it, as well as when, the level and the note
    await user.should_see(marker='history-line', content=f' · {instructor.name} · Adonan rata')


async def test_the_coordinator_sees_marks_at_once(user: User) -> None:
    programme, day, skills = await kue()
    person = programme.participant_ids[3]
    await open_as(user, COORDINATOR, f'/grid/{programme.id}')
    await user.should_see(marker=f'cell-{person}-{skills[0].id}', content='0')
    from store.skills import record_mark

    instructor = find_account(runtime.store, INSTRUCTOR[0])
    await record_mark(runtime.store, programme.id, skills[0].id, person, level=Level.BISA, by=instructor.id)  # type: ignore[union-attr]
    await user.should_see(marker=f'cell-{person}-{skills[0].id}', content='2')  # the page follows, no reload


async def test_a_trainee_cannot_open_the_grid(user: User) -> None:
    programme, day, _ = await kue()
    await log_in(user, *KUE_TRAINEE)
    assert (await user.http_client.get(f'/grid/{programme.id}?day={day.id}')).status_code == 403
    assert (await user.http_client.get(f'/grid/{programme.id}')).status_code == 403


async def test_an_instructor_of_another_programme_cannot_see_the_grid(user: User) -> None:
    programme, day, _ = await kue()
    await log_in(user, *OTHER_INSTRUCTOR)
    response = await user.http_client.get(f'/grid/{programme.id}?day={day.id}')
    assert response.status_code == 403
    assert not any(name in response.text for name in ('Siti Nurhayati', 'Euis Rohaeti'))


async def test_a_grid_handler_refuses_after_the_instructor_is_taken_off(user: User) -> None:
    programme, day, skills = await kue()
    person = programme.participant_ids[0]
    await open_as(user, INSTRUCTOR, f'/grid/{programme.id}?day={day.id}')
    await runtime.store.put(programme.model_copy(update={'instructor_ids': []}))
    user.find(marker=f'cell-{person}-{skills[0].id}').click()
    await user.should_see('Anda tidak berhak melakukan ini')
    assert level_of(programme, person, skills[0].id) == 0


async def test_trainee_adjusts_prices_on_a_recipe_card_and_makes_a_product(user: User) -> None:
    _, _, skills = await kue()
    skill = skills[0]
    assert skill.recipe is not None
    trainee = find_account(runtime.store, KUE_TRAINEE[0])
    assert trainee is not None and trainee.participant_id
    base_hpp, _, _ = recipe_figures(runtime.store, skill, None)
    await open_as(user, KUE_TRAINEE, f'/recipes/{skill.id}')
    await user.should_see(skill.name)
    await user.should_see(marker='hpp')
    first = skill.recipe.ingredients[0]
    only(user, f'price-{first.name}').value = first.price * 2  # her market is dearer
    await user.should_see('HPP (modal) per buah')
    shown_hpp = only(user, 'hpp').text
    assert shown_hpp != f'HPP (modal) per buah: Rp\u00a0{base_hpp:,}'.replace(',', '.')
    user.find(marker='save-prices').click()
    await user.should_see('Harga Anda disimpan')
    assert her_prices(runtime.store, trainee.participant_id, skill.id).prices[first.id] == first.price * 2
    user.find(marker='make-product').click()
    await user.should_see('masuk katalog Anda')
    products = her_products(trainee.participant_id, skill.id)
    assert len(products) == 1
    assert products[0].hpp > base_hpp and products[0].price % 500 == 0 and products[0].price >= products[0].hpp
    user.find(marker='make-product').click()  # again: the same product is updated, not doubled
    await user.should_see('masuk katalog Anda')
    assert len(her_products(trainee.participant_id, skill.id)) == 1


async def test_a_bad_price_on_the_recipe_card_gets_a_message_and_saves_nothing(user: User) -> None:
    _, _, skills = await kue()
    skill = skills[1]
    assert skill.recipe is not None
    await open_as(user, KUE_TRAINEE, f'/recipes/{skill.id}')
    only(user, f'price-{skill.recipe.ingredients[0].name}').value = -5
    await user.should_see('Periksa harga dan untung')
    user.find(marker='save-prices').click()
    trainee = find_account(runtime.store, KUE_TRAINEE[0])
    assert her_prices(runtime.store, trainee.participant_id, skill.id).prices == {}  # type: ignore[union-attr, arg-type]


async def test_a_trainee_of_another_programme_cannot_open_the_recipe(user: User) -> None:
    _, _, skills = await kue()
    await log_in(user, '081300000002', '123456')  # a KWT member
    assert (await user.http_client.get(f'/recipes/{skills[0].id}')).status_code == 403


async def test_coordinator_creates_a_recipe_in_the_library_and_places_it(user: User) -> None:
    programme, day, skills = await kue()
    await open_as(user, COORDINATOR, '/skills')
    user.find(marker='new-resep').click()
    await user.should_see(marker='skill-name')
    user.find(marker='skill-name').type('Kue Talam')
    user.find(marker='skill-steps').type('Campur tepung\nKukus 20 menit')
    user.find(marker='add-ingredient').click()
    user.find(marker='ing-name-0').type('Tepung beras')
    user.find(marker='ing-amount-0').type('250')
    only(user, 'ing-price-0').value = 12000
    user.find(marker='save-skill').click()
    await user.should_see('Tersimpan')
    saved = next(s for s in runtime.store.all(Skill) if s.name == 'Kue Talam')
    assert saved.kind == SkillKind.RECIPE and saved.recipe is not None
    assert saved.recipe.steps == ['Campur tepung', 'Kukus 20 menit'] and saved.recipe.ingredients[0].price == 12000
    await user.open(f'/programmes/{programme.id}')
    user.find(marker='add-skill-1').click()  # the day's dropdown is built, with the library, when she taps it
    only(user, 'add-skill-1').value = saved.id
    await user.should_see(marker=f'placed-{saved.id}')
    assert saved.id in [s.id for s in day_skills(runtime.store, day.id)]


async def test_the_dropdown_of_a_day_lists_the_library_less_that_days_skills(user: User) -> None:
    programme, _, skills = await kue()
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}')
    user.find(marker='add-skill-1').click()
    picker = only(user, 'add-skill-1')
    library = {s.id for s in runtime.store.all(Skill)}
    assert set(picker.options) == library - {s.id for s in skills} and len(library) > len(picker.options)


async def test_a_page_left_open_gets_no_library_once_she_has_logged_out(user: User) -> None:
    programme, _, _ = await kue()
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}')
    coordinator = find_account(runtime.store, COORDINATOR[0])
    assert coordinator is not None
    await end_all_sessions(runtime.store, coordinator.id)  # as if she logged out in another tab
    user.find(marker='add-skill-1').click()
    await user.should_see('Anda tidak berhak melakukan ini')
    assert only(user, 'add-skill-1').options == {}


async def test_a_bad_ingredient_is_shown_beside_its_field(user: User) -> None:
    await open_as(user, COORDINATOR, '/skills/new?kind=resep')
    user.find(marker='skill-name').type('Kue Gagal')
    user.find(marker='add-ingredient').click()
    user.find(marker='ing-name-0').type('Telur')
    user.find(marker='ing-amount-0').type('-3')
    user.find(marker='save-skill').click()
    await user.should_see('Isi jumlah lebih dari 0')
    assert 'Isi jumlah lebih dari 0' in (error_of(user, 'ing-amount-0') or '')  # beside the amount it is about
    assert not [s for s in runtime.store.all(Skill) if s.name == 'Kue Gagal']


async def test_the_certificate_button_appears_once_she_has_earned_it_and_it_is_issued(user: User) -> None:
    import datetime as dt

    from models.attendance import Status
    from store.attendance import mark
    from store.certificates import issue_certificates
    from store.skills import programme_skills, record_mark

    programme, _, _ = await kue()
    trainee = find_account(runtime.store, KUE_TRAINEE[0])
    assert trainee is not None and trainee.participant_id
    await open_as(user, KUE_TRAINEE, '/progress')
    await user.should_see('Sertifikat terbit bila semua keterampilan sudah Bisa')
    await user.should_not_see(marker='certificate')
    for skill in programme_skills(runtime.store, programme.id):
        await record_mark(runtime.store, programme.id, skill.id, trainee.participant_id, level=Level.BISA, by='x')
    for day in runtime.store.by_index(Day, 'programme', programme.id):
        arrived = dt.datetime.combine(day.date, dt.time(7, 50), tzinfo=programme.zone.tz)
        await mark(runtime.store, day.id, trainee.participant_id, Status.HADIR, by='x', reason='uji', arrived=arrived)
    await user.open('/progress')
    await user.should_see(marker='certificate-waiting')  # earned: the coordinator issues it
    await user.should_not_see(marker='certificate')
    await issue_certificates(runtime.store, programme.id, [trainee.participant_id], 'x', issued_on=programme.end)
    await user.open('/progress')
    await user.should_see(marker='certificate')
    await user.should_see('Sudah bisa: 15 dari 15')
