"""The signal drops on an open page, in real Chromium at 360×740: the banner says what still works above the
bottom bar, a tap on a button that needs the server says so, and "Catat tanpa sinyal" opens the offline page."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from .conftest import KWT_TRAINEE, screen_log_in, tap
from .test_screen_pwa import Network, wait_for_worker
from .test_screen_pwa import network as network  # the fixture

pytestmark = pytest.mark.demo

BOX = 'return document.querySelector(arguments[0]).getBoundingClientRect().toJSON()'


def banner_shown(screen: Screen) -> None:
    screen.wait_for_js('getComputedStyle(document.getElementById("popup")).opacity', '1', timeout=10)


def test_with_no_signal_the_banner_says_what_works_and_leads_to_the_offline_page(
    screen: Screen, network: Network
) -> None:
    screen_log_in(screen, KWT_TRAINEE)
    wait_for_worker(screen)

    network.offline()
    banner_shown(screen)

    screen.should_contain('Koneksi terputus')
    screen.should_contain('penjualan dan pengeluaran tetap bisa dicatat')
    link = screen.selenium.find_element(By.CSS_SELECTOR, '#popup a.signal-link')
    assert link.text == 'Catat tanpa sinyal' and link.get_attribute('href') == screen.url + '/offline'
    banner, bar = screen.selenium.execute_script(BOX, '#popup'), screen.selenium.execute_script(BOX, '.q-footer')
    assert banner['bottom'] <= bar['top'] and banner['left'] >= 0 and banner['right'] <= 360

    tap(screen, 'Catat pengeluaran')  # opening its sheet needs the server
    screen.should_contain('Tidak ada sinyal: tombol ini bekerja lagi saat sinyal kembali.')
    assert not screen.selenium.find_elements(By.CSS_SELECTOR, '.q-dialog')  # no sheet half-open

    link.click()
    screen.wait_for_js('location.pathname', '/offline')
    screen.should_contain('Catat penjualan')


def test_a_notice_sits_above_the_bottom_bar(screen: Screen) -> None:
    screen_log_in(screen, KWT_TRAINEE)

    screen.selenium.execute_script("Quasar.Notify.create({message: 'Tersimpan', type: 'positive'})")
    screen.should_contain('Tersimpan')

    bar = screen.selenium.execute_script(BOX, '.q-footer')
    # once it has slid in (Quasar's entrance starts it lower)
    screen.wait_for(lambda: screen.selenium.execute_script(BOX, '.q-notification')['bottom'] <= bar['top'])
