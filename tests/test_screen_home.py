"""The real browser path at phone size: the home page, and a trainee logging in with phone and PIN."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from .conftest import KUE_TRAINEE, no_sideways_scroll


@pytest.mark.demo
def test_home_at_phone_size_shows_indonesian_title(screen: Screen) -> None:
    screen.open('/')
    screen.should_contain('Pelatihan keterampilan dan pendampingan usaha bagi PMI Purna')
    screen.should_contain('Masuk')
    assert screen.selenium.title == 'Berdaya · Berdaya'
    assert screen.selenium.find_element(By.TAG_NAME, 'html').get_attribute('lang') == 'id'
    no_sideways_scroll(screen)


@pytest.mark.demo
def test_trainee_logs_in_with_phone_and_pin_and_lands_on_her_home(screen: Screen) -> None:
    screen.open('/')
    screen.click('Masuk')
    screen.wait_for('PIN atau kata sandi')
    no_sideways_scroll(screen)
    screen.selenium.find_element(By.ID, 'username').send_keys('0812-0000-0001')  # as she might type it
    screen.selenium.find_element(By.ID, 'password').send_keys(KUE_TRAINEE[1])
    screen.selenium.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
    screen.should_contain('Halo, Siti Nurhayati')
    screen.should_contain('Pelatihan Aneka Kue bagi PMI Purna')
    no_sideways_scroll(screen)
