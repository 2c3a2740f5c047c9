"""The coordinator opens the outcomes of the demo kue programme in real Chromium at phone size and sees the charts."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from ui.runtime import runtime

from .conftest import COORDINATOR, PHONE, demo_programme, no_sideways_scroll, screen_log_in, tap


@pytest.mark.demo
def test_coordinator_sees_the_outcomes_chart_of_the_kue_programme(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    screen.open(f'/programmes/{demo_programme(runtime.store).id}')
    tap(screen, 'Hasil program')
    screen.should_contain('Tingkat kehadiran')
    screen.should_contain('Rp\u00a04.500.000')  # six baking kits handed over on the first day

    def drawn() -> bool:
        canvases = screen.selenium.find_elements(By.CSS_SELECTOR, '.nicegui-echart canvas')
        return len(canvases) >= 2 and all(c.size['width'] > 200 and c.size['height'] > 200 for c in canvases)

    screen.wait_for(drawn)
    chart = screen.selenium.find_elements(By.CSS_SELECTOR, '.nicegui-echart')[0]
    assert chart.size['width'] <= PHONE[0]
    no_sideways_scroll(screen)
