"""The audit trail in real Chromium at phone size: an entry's changes open to labels and names, its downloads are
thumb-sized, and nothing is wider than the phone."""

from __future__ import annotations

import os

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from models.participant import Participant
from store.participants import save_participant
from ui.runtime import runtime

from .conftest import COORDINATOR, no_sideways_scroll, on_app_loop, screen_log_in, tap


@pytest.mark.demo
def test_the_trail_reads_on_a_phone(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    yuyun = next(p for p in runtime.store.all(Participant) if p.name == 'Yuyun Yuningsih')
    notes = 'Pulang dari Malaysia lewat Entikong, paspor ditahan majikan, perlu pendampingan hukum'
    on_app_loop(save_participant(runtime.store, yuyun.model_copy(update={'case_notes': notes})))
    screen.open('/audit')
    screen.should_contain('Data peserta diubah · Yuyun Yuningsih')

    tap(screen, 'Perubahan (1)')
    screen.should_contain('Catatan kasus')

    no_sideways_scroll(screen)
    buttons = [b for b in screen.selenium.find_elements(By.TAG_NAME, 'button') if 'Unduh' in b.text]
    assert len(buttons) == 2 and all(b.size['height'] >= 44 for b in buttons)
    if shot := os.environ.get('BERDAYA_SCREENSHOT'):
        screen.selenium.save_screenshot(shot)
