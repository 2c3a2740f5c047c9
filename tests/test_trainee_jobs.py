"""Every job a trainee has is at most three taps from her home, followed tap by tap from `/`.

| job                 | taps from her home                                         |
| ------------------- | ---------------------------------------------------------- |
| check in            | 0 in the app: her phone's camera opens the code's address  |
| see her progress    | 1: Kemajuan                                                |
| see a recipe        | 2: Kemajuan, the recipe                                    |
| record a sale       | 2: the product, Simpan                                     |
| record an expense   | 2: Catat pengeluaran, Simpan (after typing the amount)     |
| see who owes her    | 1: the "Belum dibayar" button                              |
| mark a debt paid    | 3: "Belum dibayar", Sudah dibayar, Simpan                  |
| share her price list| 3: Usaha, Toko saya, Kirim daftar harga lewat WhatsApp     |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from nicegui.testing import User

from models.attendance import Attendance, Status, code_path, slot_of
from models.business import Expense, Sale
from models.programme import Day
from store.skills import day_skills
from ui.format import local_time
from ui.runtime import runtime
from ui.settings import signing_secret

from .conftest import KUE_TRAINEE, demo_programme, her_product, her_shop, log_in, open_as, owed_sale

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock
MOST_TAPS = 3


class Walk:
    """Her thumb: taps by marker, counting."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.taps = 0

    async def tap(self, marker: str) -> None:
        await self.user.should_see(marker=marker)
        self.user.find(marker=marker).click()
        self.taps += 1
        assert self.taps <= MOST_TAPS, f'{marker} is tap {self.taps}'


async def at_home(user: User) -> Walk:
    """She logs in and is on her home, not a tap made yet."""
    await open_as(user, KUE_TRAINEE)
    return Walk(user)


async def her(**business: bool) -> dict[str, Any]:
    """The demo kue trainee with a product, and (if asked) an unpaid sale and her shop."""
    product = await her_product()
    found: dict[str, Any] = {'participant': product.participant_id, 'product': product}
    if business.get('owes'):
        found['sale'] = await owed_sale(product)
    if business.get('shop'):
        await her_shop(product.participant_id)
    return found


async def test_check_in_is_her_camera_opening_the_code_and_her_home_shows_it(user: User) -> None:
    store = await runtime.ready()
    kue = demo_programme(store)
    today = dt.datetime.now(kue.zone.tz).date()
    day = next((d for d in store.by_index(Day, 'programme', kue.id) if d.date == today), None)
    if day is None:
        pytest.skip('the demo programme has no day today')
    found = await her()
    await log_in(user, *KUE_TRAINEE)
    answer = await user.http_client.get(
        code_path(signing_secret(runtime.settings), day.id, slot_of(dt.datetime.now(dt.UTC)))
    )
    assert answer.status_code == 200
    mark = next(a for a in store.by_index(Attendance, 'participant', found['participant']) if a.day_id == day.id)
    await user.open('/')
    word = 'Hadir' if mark.status == Status.HADIR else 'Terlambat'
    await user.should_see(marker='my-days', content=f'{word} · {local_time(mark.at, kue.zone)}')


async def test_her_progress_is_one_tap_away(user: User) -> None:
    walk = await at_home(user)
    await walk.tap('nav-progress')
    await user.should_see(marker='competent')


async def test_a_recipe_is_two_taps_away(user: User) -> None:
    walk = await at_home(user)
    await walk.tap('nav-progress')
    await user.should_see(marker='competent')
    markers = [m for element in list(user.client.elements.values()) for m in element._markers]
    await walk.tap(next(m for m in markers if m.startswith('skill-')))
    await user.should_see(marker='figures')


async def test_a_sale_is_two_taps_from_her_home(user: User) -> None:
    found = await her()
    walk = await at_home(user)
    await walk.tap(f'sell-{found["product"].id}')
    await walk.tap('save-sale')
    await user.should_see(marker='undo-bar')
    assert [s.quantity for s in runtime.store.all(Sale) if s.participant_id == found['participant']] == [1]


async def test_an_expense_is_two_taps_and_the_amount(user: User) -> None:
    found = await her()
    walk = await at_home(user)
    await walk.tap('add-expense')
    await user.should_see(marker='expense-amount')
    user.find(marker='expense-amount').type('15000')
    await walk.tap('save-expense')
    await user.should_see(marker='undo-bar')
    assert [e.amount for e in runtime.store.all(Expense) if e.participant_id == found['participant']] == [15000]


async def test_who_owes_her_is_one_tap_and_marking_paid_three(user: User) -> None:
    found = await her(owes=True)
    walk = await at_home(user)
    await walk.tap('home-owed')
    await user.should_see(marker='owed-total')
    await walk.tap(f'pay-{found["sale"].id}')
    await walk.tap('save-pay')
    await user.should_see('Belum dibayar: Rp\u00a00 (0 pembeli)')
    sale = runtime.store.get(Sale, found['sale'].id)
    assert sale is not None and sale.paid


async def test_her_price_list_goes_to_whatsapp_in_three_taps(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    await her(shop=True)
    walk = await at_home(user)
    opened: list[str] = []
    inside = user.navigate.to

    def to(target: Any, new_tab: bool = False) -> None:
        if isinstance(target, str) and target.startswith('https://'):
            opened.append(target)  # WhatsApp, outside the app
        else:
            inside(target, new_tab)

    monkeypatch.setattr(user.navigate, 'to', to)
    await walk.tap('nav-usaha')
    await walk.tap('open-toko')
    await walk.tap('send-price-list')
    assert len(opened) == 1 and opened[0].startswith('https://wa.me/?text=') and 'Klepon' in opened[0]


async def test_todays_recipes_are_one_tap_links_to_each_recipe(user: User) -> None:
    store = await runtime.ready()
    today = next(d for d in store.by_index(Day, 'programme', demo_programme(store).id) if d.date == local_today())
    skills = day_skills(store, today.id)
    await open_as(user, KUE_TRAINEE)
    for skill in skills:
        await user.should_see(skill.name)
    row = user.find(marker=f'today-recipe-{skills[0].id}').elements.pop()
    assert [link['url'] for link in row.props['links']] == [f'/recipes/{s.id}' for s in skills]
    assert [link['label'] for link in row.props['links']] == [s.name for s in skills]
    await user.open(row.props['links'][0]['url'])  # what her tap opens
    await user.should_see(skills[0].name)


def local_today() -> dt.date:
    return dt.datetime.now(demo_programme(runtime.store).zone.tz).date()
