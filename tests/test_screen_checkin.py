"""Her first job each morning in real Chromium at 360×740: the camera opens the projector's code, she is not
logged in on this phone yet, logs in on the tiny page and sees the tick."""

from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from models.attendance import Attendance, Method, Status, attendance_id, code_path, slot_of
from models.programme import Day, Programme, ProgrammeKind, Zone
from ui import checkin
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, PHONE
from .test_screen_pwa import her_participant_id, run


@pytest.mark.demo
def test_she_opens_the_code_logs_in_on_the_tiny_page_and_sees_the_tick(screen: Screen) -> None:
    screen.open('/')  # the app is up and its store open
    run(runtime.ready())
    programme = next(p for p in runtime.store.all(Programme) if p.kind == ProgrammeKind.KUE)
    day = next(d for d in runtime.store.by_index(Day, 'programme', programme.id) if d.number == 1)  # today
    started = (dt.datetime.now(Zone.WIB.tz) - dt.timedelta(minutes=5)).time().replace(microsecond=0)
    run(runtime.store.put(day.model_copy(update={'starts_at': started})))  # she is in time whenever this runs

    path = code_path(checkin.secret(), day.id, slot_of(dt.datetime.now(dt.UTC)))  # what the projector shows now
    screen.selenium.get(screen.url + path)
    screen.should_contain('Masuk untuk absen')
    assert screen.selenium.execute_script('return document.documentElement.scrollWidth') <= PHONE[0]
    screen.selenium.find_element(By.ID, 'username').send_keys('0812 0000 0001')
    screen.selenium.find_element(By.ID, 'password').send_keys(KUE_TRAINEE[1])
    screen.selenium.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()

    screen.should_contain('Siti Nurhayati')
    record = runtime.store.get(Attendance, attendance_id(day.id, her_participant_id()))
    assert record is not None and record.status == Status.HADIR and record.how == Method.SELF_SCAN
    screen.should_contain(f'Hadir, pukul {record.at.astimezone(Zone.WIB.tz):%H.%M} WIB')
    tick = screen.selenium.find_element(By.CSS_SELECTOR, 'main .mark')
    assert tick.is_displayed() and tick.size['height'] >= 48  # the big tick, seen from arm's length
    assert screen.selenium.execute_script('return document.documentElement.scrollWidth') <= PHONE[0]
