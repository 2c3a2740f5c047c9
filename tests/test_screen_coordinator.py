"""The coordinator's main set-up journey in real Chromium at phone size: a programme, three days, two trainees."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from models.programme import Day, Programme
from ui.runtime import runtime

from .conftest import COORDINATOR, no_sideways_scroll, screen_log_in, tap


def _field(screen: Screen, label: str) -> WebElement:
    """The input or textarea of the Quasar field labelled `label`, the way a user finds it."""
    xpath = (
        f"//label[.//div[contains(@class,'q-field__label') and normalize-space()='{label}']]"
        '//*[self::input or self::textarea]'
    )
    return screen.selenium.find_element(By.XPATH, xpath)


def _dialog_button(screen: Screen, text: str) -> WebElement:
    return screen.selenium.find_element(
        By.XPATH, f"//div[contains(@class,'q-dialog')]//button[.//span[normalize-space()='{text}']]"
    )


@pytest.mark.demo
def test_coordinator_creates_a_programme_with_three_days_and_enrols_participants(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    screen.click('Program')
    screen.should_contain('Budidaya Cabai')
    screen.click('Program baru')
    screen.should_contain('Instansi penyelenggara')
    no_sideways_scroll(screen)
    _field(screen, 'Nama program').send_keys('Pelatihan Keripik Tempe')
    _field(screen, 'Instansi penyelenggara').send_keys('Dinas Sosial Kabupaten Tangerang')
    _field(screen, 'Tempat').send_keys('Aula Desa Kedaung')
    tap(screen, 'Simpan')
    screen.should_contain('Belum ada hari')
    for title in ('Tempe mentah', 'Keripik tempe', 'Kemasan dan harga'):
        tap(screen, 'Tambah hari')
        screen.should_contain('Judul / materi hari ini')
        _field(screen, 'Judul / materi hari ini').send_keys(title)
        _dialog_button(screen, 'Simpan').click()
        screen.should_contain(title)
        screen.wait_for(lambda: not screen.selenium.find_elements(By.CSS_SELECTOR, '.q-dialog'))
    no_sideways_scroll(screen)
    programme = next(p for p in runtime.store.all(Programme) if p.name == 'Pelatihan Keripik Tempe')
    days = sorted(runtime.store.by_index(Day, 'programme', programme.id), key=lambda d: d.number)
    assert [d.title for d in days] == ['Tempe mentah', 'Keripik tempe', 'Kemasan dan harga']

    tap(screen, 'Peserta (0)')
    screen.should_contain('Terdaftar: 0 peserta')
    for name in ('Siti Nurhayati', 'Dewi Sartika'):
        _field(screen, 'Pilih peserta').click()
        _field(screen, 'Pilih peserta').send_keys(name.split()[0])
        option = f"//div[contains(@class,'q-menu')]//div[contains(@class,'q-item')][contains(.,'{name}')]"
        screen.wait_for(lambda option=option: bool(screen.selenium.find_elements(By.XPATH, option)))
        screen.selenium.find_element(By.XPATH, option).click()
        _field(screen, 'Pilih peserta').send_keys(Keys.ESCAPE)
    tap(screen, 'Daftarkan')
    screen.should_contain('Terdaftar: 2 peserta')
    no_sideways_scroll(screen)
    enrolled = runtime.store.get(Programme, programme.id)
    assert enrolled is not None and len(enrolled.participant_ids) == 2
