"""Her first job each morning in real Chromium at 360×740: the camera opens the projector's code, she is not
logged in on this phone yet, logs in on the tiny page and sees the tick."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from models.attendance import Attendance, Method, Status, attendance_id
from models.programme import Zone
from ui.runtime import runtime

from .conftest import (
    KUE_TRAINEE,
    her_participant_id,
    no_sideways_scroll,
    on_app_loop,
    projected_path,
    started_a_moment_ago,
)


@pytest.mark.demo
def test_she_opens_the_code_logs_in_on_the_tiny_page_and_sees_the_tick(screen: Screen) -> None:
    screen.open('/')  # the app is up and its store open
    on_app_loop(runtime.ready())
    day = started_a_moment_ago()

    screen.selenium.get(screen.url + projected_path(day))
    screen.should_contain('Masuk untuk absen')
    no_sideways_scroll(screen)
    screen.selenium.find_element(By.ID, 'username').send_keys('0812 0000 0001')
    screen.selenium.find_element(By.ID, 'password').send_keys(KUE_TRAINEE[1])
    screen.selenium.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()

    screen.should_contain('Siti Nurhayati')
    record = runtime.store.get(Attendance, attendance_id(day.id, her_participant_id()))
    assert record is not None and record.status == Status.HADIR and record.how == Method.SELF_SCAN
    screen.should_contain(f'Hadir, pukul {record.at.astimezone(Zone.WIB.tz):%H.%M} WIB')
    tick = screen.selenium.find_element(By.CSS_SELECTOR, 'main .mark')
    assert tick.is_displayed() and tick.size['height'] >= 48  # the big tick, seen from arm's length
    no_sideways_scroll(screen)
