"""Her quickest job in real Chromium at 360×740: a sale from her home, then the dashboard shows it."""

from __future__ import annotations

import asyncio

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from models.business import Product, Sale, Unit
from store.accounts import find_account
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, PHONE, tap


@pytest.mark.demo
def test_a_sale_takes_one_tap_after_the_product_and_shows_on_her_dashboard(screen: Screen) -> None:
    screen.open('/login')
    account = find_account(runtime.store, KUE_TRAINEE[0])
    assert account is not None and account.participant_id
    product = Product(participant_id=account.participant_id, name='Klepon', unit=Unit.PCS, price=1500, hpp=450)
    _put(product)
    screen.selenium.find_element(By.ID, 'username').send_keys(KUE_TRAINEE[0])
    screen.selenium.find_element(By.ID, 'password').send_keys(KUE_TRAINEE[1] + Keys.ENTER)
    screen.should_contain('Catat penjualan')
    taps = 0
    tap(screen, 'Klepon')  # choosing the product
    screen.should_contain('Sudah dibayar')
    tap(screen, 'Simpan')
    taps += 1
    screen.should_contain('Tersimpan: 1 Klepon · Rp 1.500')
    assert taps <= 3
    assert screen.selenium.execute_script('return document.documentElement.scrollWidth') <= PHONE[0]
    sales = [s for s in runtime.store.all(Sale) if s.participant_id == account.participant_id]
    assert len(sales) == 1
    tap(screen, 'Usaha')
    screen.should_contain('Untung bersih')
    screen.should_contain('1 Klepon · Rp 1.500')
    assert screen.selenium.execute_script('return document.documentElement.scrollWidth') <= PHONE[0]


def _put(product: Product) -> None:
    """Write from the test thread through the app's own loop, where the store's writer runs."""
    from nicegui import core

    asyncio.run_coroutine_threadsafe(runtime.store.put(product), core.loop).result(5)
