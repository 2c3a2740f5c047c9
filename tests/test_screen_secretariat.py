"""The village secretariat's pages in real Chromium at 360×740: the coordinator's six-item bottom bar fits the
phone with every word whole, and the secretariat's list, settings and its staff's home scroll only downwards."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from .conftest import COORDINATOR, PHONE, SECRETARIAT, no_sideways_scroll, screen_log_in, tap

pytestmark = pytest.mark.demo

NAV = (
    "return [...document.querySelectorAll('.nav-item')].map(b => {const r = b.getBoundingClientRect(),"
    " c = b.querySelector('.q-btn__content').getBoundingClientRect();"
    ' return [b.innerText.split("\\n").pop(), r.left, r.right, r.width, r.height, c.left, c.right]})'
)


def bottom_bar(screen: Screen) -> list[list[object]]:
    """Each item of the bottom bar: its word, where the button and its content start and end, its size."""
    return screen.selenium.execute_script(NAV)  # type: ignore[no-any-return]


def test_the_coordinators_bottom_bar_holds_the_secretariat_whole_on_a_phone(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    items = bottom_bar(screen)
    assert [item[0] for item in items] == ['Beranda', 'Program', 'Peserta', 'Kelompok', 'Akun', 'Sekretariat']
    for word, left, right, width, height, content_left, content_right in items:
        assert width >= 48 and height >= 48, word  # a thumb's target
        assert content_left >= 0 and content_right <= PHONE[0], word  # its word on the screen, not cut at its edge
        assert left >= 0 and right <= PHONE[0], word
    screen.selenium.find_elements(By.CSS_SELECTOR, '.nav-item')[-1].click()  # its last: Sekretariat
    screen.should_contain('Sekretariat PMI Purna Desa Bumidaya')
    no_sideways_scroll(screen)
    tap(screen, 'Sekretariat PMI Purna Desa Bumidaya')
    screen.should_contain('Bantuan untuk PMI di luar negeri')
    no_sideways_scroll(screen)


def test_her_secretariat_is_her_home_and_fits_the_phone(screen: Screen) -> None:
    screen_log_in(screen, SECRETARIAT)
    screen.should_contain('Sekretariat Anda')
    screen.should_contain('/sekretariat/bumidaya')
    assert [item[0] for item in bottom_bar(screen)] == ['Beranda', 'Sekretariat']
    no_sideways_scroll(screen)
    tap(screen, 'Pengaturan sekretariat')
    screen.should_contain('Hanya koordinator yang bisa mengubah pengaturan ini.')
    no_sideways_scroll(screen)
