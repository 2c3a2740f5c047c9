"""The coordinator opens the outcomes of the demo kue programme in real Chromium at phone size and sees the charts."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from models.programme import Programme, ProgrammeKind
from ui.runtime import runtime

from .conftest import COORDINATOR, PHONE


@pytest.mark.demo
def test_coordinator_sees_the_outcomes_chart_of_the_kue_programme(screen: Screen) -> None:
    screen.open('/login')
    screen.selenium.find_element(By.ID, 'username').send_keys(COORDINATOR[0])
    screen.selenium.find_element(By.ID, 'password').send_keys(COORDINATOR[1] + Keys.ENTER)
    screen.should_contain('Halo,')
    kue = next(p for p in runtime.store.all(Programme) if p.kind == ProgrammeKind.KUE)
    screen.open(f'/programmes/{kue.id}')
    button = screen.find('Hasil program')
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    screen.should_contain('Tingkat kehadiran')
    screen.should_contain('Rp 4.500.000')  # six baking kits handed over on the first day

    def drawn() -> bool:
        canvases = screen.selenium.find_elements(By.CSS_SELECTOR, '.nicegui-echart canvas')
        return len(canvases) >= 2 and all(c.size['width'] > 200 and c.size['height'] > 200 for c in canvases)

    screen.wait_for(drawn)
    chart = screen.selenium.find_elements(By.CSS_SELECTOR, '.nicegui-echart')[0]
    assert chart.size['width'] <= PHONE[0]
    assert screen.selenium.execute_script('return document.documentElement.scrollWidth') <= PHONE[0]
