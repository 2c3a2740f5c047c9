"""The backup screen in real Chromium at phone size: the passphrase she types stays hidden, and nothing is wider
than the phone."""

from __future__ import annotations

import os

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from .conftest import COORDINATOR, no_sideways_scroll, screen_log_in


@pytest.mark.demo
def test_the_backup_screen_hides_the_passphrase_and_fits_a_phone(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    screen.open('/backup')
    screen.should_contain('Sangat disarankan')

    fields = screen.selenium.find_elements(By.CSS_SELECTOR, 'input[type=password]')
    fields[0].send_keys('Pantai Pelabuhan-Ratu 7')

    assert len(fields) == 2  # the passphrase and its repeat
    no_sideways_scroll(screen)
    buttons = [b for b in screen.selenium.find_elements(By.TAG_NAME, 'button') if 'Unduh cadangan' in b.text]
    assert buttons and buttons[0].size['height'] >= 44  # a thumb's tap
    if shot := os.environ.get('BERDAYA_SCREENSHOT'):
        screen.selenium.save_screenshot(shot)
