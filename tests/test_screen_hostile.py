"""Hostile text stays text, in real Chromium: names that try to run script are shown as typed and run nothing.

Participants are imported with names and villages written to break out of a props string (double and single
quotes), of HTML (`<img onerror>`, `<script>`), of the page's inline JSON (`</script>`) and into Vue's
template syntax (`{{ }}`); a programme, a day, a skill, a product, a buyer, an aid item, a group and a shop
are named the same way. Then every page that shows such a name is opened as each role the role matrix lets in,
and the page must show the name as typed and have run none of it: no dialog, `window.__xss` never set.
"""

from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import Screen
from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from models.aid import AidItem, Recipient
from models.business import Product, Sale, Shop, Unit
from models.participant import Group, Participant
from store import Store
from store.accounts import find_account
from store.imports.apply import apply_import
from store.imports.plan import plan_import
from store.skills import day_skills
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, demo_day, demo_programme, on_app_loop

pytestmark = pytest.mark.demo

HOSTILE = [
    'Ani" :title="(window.__xss=1,alert(1))" x="',
    "Sri' :title='(window.__xss=2,alert(2))' x='",
    '<img src=x onerror="window.__xss=3;alert(3)">',
    '{{ (window.__xss=4, constructor.constructor("alert(4)")()) }}',
    '<script>window.__xss=5;alert(5)</script>',
    '</script><script>window.__xss=6;alert(6)</script>',
]
SHOP_SLUG = 'toko-uji'
# Pages that show one of the names, by who opens them; {kue}, {day}, {person}, {recipe}, {group} are demo ids.
PAGES = {
    KUE_TRAINEE: ['/', '/progress', '/recipes/{recipe}', '/usaha', '/usaha/produk', '/usaha/piutang', '/usaha/toko'],
    INSTRUCTOR: ['/', '/days/{day}', '/grid/{kue}', '/grid/{kue}?day={day}', '/recipes/{recipe}'],
    COORDINATOR: [
        '/programmes', '/programmes/{kue}', '/programmes/{kue}/participants', '/participants', '/participants/{person}',
        '/groups', '/groups/{group}', '/kelompok/{group}', '/accounts', '/days/{day}', '/grid/{kue}', '/skills',
        '/recipes/{recipe}', '/programmes/{kue}/aid', '/programmes/{kue}/outcomes', '/programmes/{kue}/business',
    ],
    None: [f'/toko/{SHOP_SLUG}'],  # the public: her shop, shared in WhatsApp
}  # fmt: skip


async def plant_hostile_names(store: Store) -> dict[str, str]:
    """Import and rename records so that each kind of name a page shows is hostile; returns the demo ids."""
    kue = demo_programme(store)
    day = demo_day(store, kue)
    coordinator, account = find_account(store, COORDINATOR[0]), find_account(store, KUE_TRAINEE[0])
    assert coordinator is not None and account is not None
    rows = [
        {'nama': name, 'no_hp': f'0812999000{n:02d}', 'desa': HOSTILE[(n + 1) % len(HOSTILE)], 'kecamatan': name}
        for n, name in enumerate(HOSTILE)
    ]
    plan = plan_import(store, rows, kue.id)
    assert len(plan.new) == len(HOSTILE), plan.rows  # names are never refused as text
    await apply_import(store, plan, kue.id, coordinator.id)
    imported = {p.name for p in store.all(Participant)}
    assert set(HOSTILE) <= imported  # kept exactly as typed

    her = store.get(Participant, kue.participant_ids[0])
    assert her is not None
    skill = day_skills(store, day.id)[0]
    product = Product(participant_id=her.id, name=HOSTILE[3], unit=Unit.PCS, price=2000, hpp=800)
    group = store.all(Group)[0]
    await store.put(
        her.model_copy(update={'name': HOSTILE[0], 'village': HOSTILE[2]}),
        account.model_copy(update={'name': HOSTILE[0]}),
        skill.model_copy(update={'name': HOSTILE[1]}),
        product,
        Sale(
            participant_id=her.id, product_id=product.id, quantity=2, unit_price=2000, paid=False,
            buyer=HOSTILE[4][:80], at=dt.datetime.now(dt.UTC),
        ),
        Shop(id=her.id, slug=SHOP_SLUG, name=HOSTILE[5][:60], about=HOSTILE[2], product_ids=[product.id]),
        group.model_copy(update={'name': HOSTILE[5]}),
        day.model_copy(update={'title': HOSTILE[4]}),
        kue.model_copy(update={'name': HOSTILE[3]}),
        AidItem(programme_id=kue.id, name=HOSTILE[2], recipient=Recipient.TRAINEE, quantity=15, unit_value=1000),
    )  # fmt: skip
    return {'kue': kue.id, 'day': day.id, 'person': her.id, 'recipe': skill.id, 'group': group.id}


def log_in(screen: Screen, account: tuple[str, str] | None) -> None:
    screen.selenium.delete_all_cookies()
    if account is None:
        return
    screen.selenium.get(screen.url + '/login')
    screen.selenium.find_element(By.ID, 'username').send_keys(account[0])
    screen.selenium.find_element(By.ID, 'password').send_keys(account[1] + Keys.ENTER)
    screen.wait_for_js('location.pathname', '/')


def ran_nothing(screen: Screen, path: str) -> None:
    try:
        alert = screen.selenium.switch_to.alert
    except NoAlertPresentException:
        pass
    else:
        text = alert.text
        alert.dismiss()
        raise AssertionError(f'{path} opened a dialog: {text!r}')
    assert screen.selenium.execute_script('return window.__xss') is None, path


def shown_as_typed(screen: Screen, path: str) -> None:
    """Until the page shows one of the names exactly as typed (so it has rendered them)."""
    expression = 'return arguments[0].some(name => document.body.innerText.includes(name))'
    for _ in range(100):
        ran_nothing(screen, path)
        try:
            if screen.selenium.execute_script(expression, HOSTILE):
                return
        except UnexpectedAlertPresentException as alert:
            raise AssertionError(f'{path} opened a dialog: {alert.alert_text!r}') from None
        screen.wait(0.1)
    raise AssertionError(f'{path} shows none of the names as typed')


def test_no_page_runs_script_from_a_name(screen: Screen) -> None:
    screen.open('/login', timeout=20)  # starts the server
    ids = on_app_loop(plant_hostile_names(runtime.store))
    problems = []
    for account, paths in PAGES.items():
        log_in(screen, account)
        for template in paths:
            path = template.format(**ids)
            screen.selenium.get(screen.url + path)

            try:
                shown_as_typed(screen, path)
                ran_nothing(screen, path)
            except AssertionError as problem:
                problems.append(f'{account and account[0]}: {problem}')
    assert problems == []
