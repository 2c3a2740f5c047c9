"""The first screenful holds the job, in real Chromium at 360×740: on each main page the element she came for
lies whole between the header and the bottom bar without scrolling, and nothing makes the page scroll sideways.
The log-in page asks a phone number's owner for her PIN on the number pad."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from models.participant import Group
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    PHONE,
    demo_day,
    demo_programme,
    no_sideways_scroll,
    screen_log_in,
)

pytestmark = pytest.mark.demo

# Where the page's own room is: under the header, above the bottom bar.
ROOM = """
const header = document.querySelector('.q-header');
const top = header ? header.getBoundingClientRect().bottom : 0;
const bar = document.querySelector('.q-footer');
return [top, bar ? bar.getBoundingClientRect().top : window.innerHeight];
"""


def first_screenful(screen: Screen, where: str, *selectors: str) -> None:
    """Each selector's first visible element is whole inside the page's room, with no scrolling."""
    screen.selenium.execute_script('window.scrollTo(0, 0)')
    top, bottom = screen.selenium.execute_script(ROOM)
    for selector in selectors:
        screen.wait_for(lambda s=selector: bool(screen.selenium.find_elements(By.CSS_SELECTOR, s)))
        box = screen.selenium.execute_script(
            'return document.querySelector(arguments[0]).getBoundingClientRect().toJSON()', selector
        )
        inside = box['top'] >= top - 1 and box['bottom'] <= bottom + 1
        assert inside, f'{where}: {selector} at {box}, room {top}–{bottom}'
        assert box['left'] >= 0 and box['right'] <= PHONE[0], f'{where}: {selector} cut sideways: {box}'
    no_sideways_scroll(screen)


def with_text(text: str) -> str:
    """A CSS selector can't match text: mark the first element whose own text starts with `text`, and return
    a selector for it."""
    return f'[data-first-screenful="{text}"]'


def mark_text(screen: Screen, text: str) -> str:
    screen.should_contain(text)
    screen.selenium.execute_script(
        """const want = arguments[0];
        for (const e of document.querySelectorAll('body *')) {
          const own = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
          if (own.startsWith(want)) { e.setAttribute('data-first-screenful', want); return; }
        }""",
        text,
    )
    return with_text(text)


def test_a_kue_trainees_home_business_and_progress_open_on_their_job(screen: Screen) -> None:
    screen_log_in(screen, KUE_TRAINEE)
    first_screenful(
        screen, 'her home', mark_text(screen, 'Belum absen hari ini'), 'input[inputmode=numeric]',
        mark_text(screen, 'Catat penjualan'),
    )  # fmt: skip
    screen.open('/usaha')
    first_screenful(screen, 'her business', mark_text(screen, 'Untung bersih'))
    screen.open('/progress')
    first_screenful(screen, 'her progress', mark_text(screen, 'Bolu kukus'))
    screen.open('/offline')
    first_screenful(screen, 'the offline page', 'form button, main button')


def test_the_instructors_home_day_screen_and_grid_open_on_their_job(screen: Screen) -> None:
    screen_log_in(screen, INSTRUCTOR)
    first_screenful(screen, 'instructor home', mark_text(screen, 'Buka absen hari ke-1'))
    day = demo_day(runtime.store, demo_programme(runtime.store))
    screen.open(f'/days/{day.id}')
    first_screenful(screen, 'the day screen', '.counter', '.qr-box', '.short-code')
    screen.open(f'/grid/{day.programme_id}?day={day.id}')
    first_screenful(screen, 'the grid', '.grid .head', '.grid .cell')


def test_the_kwt_book_and_the_coordinators_home_open_on_their_job(screen: Screen) -> None:
    screen_log_in(screen, KWT_TRAINEE)
    group = next(iter(runtime.store.all(Group)))
    screen.open(f'/kelompok/{group.id}')
    first_screenful(screen, 'the KWT book', mark_text(screen, group.name))
    screen.selenium.delete_all_cookies()
    screen_log_in(screen, COORDINATOR)
    first_screenful(screen, 'coordinator home', mark_text(screen, 'Pelatihan Aneka Kue'))


def test_the_log_in_page_asks_a_phone_number_for_its_pin_on_the_number_pad(screen: Screen) -> None:
    screen.open('/login')
    pin = screen.selenium.find_element(By.ID, 'password')
    screen.selenium.find_element(By.ID, 'username').send_keys('koordinator')
    assert pin.get_attribute('inputmode') == 'text'
    screen.selenium.find_element(By.ID, 'username').clear()
    screen.selenium.find_element(By.ID, 'username').send_keys(KUE_TRAINEE[0])
    screen.wait_for(lambda: pin.get_attribute('inputmode') == 'numeric')
    screen.should_contain('PIN (6 angka)')
    first_screenful(screen, 'the log-in page', '#username', '#password', 'button[type=submit]')


def test_the_check_fails_for_what_lies_below_the_fold(screen: Screen) -> None:
    screen_log_in(screen, INSTRUCTOR)
    day = demo_day(runtime.store, demo_programme(runtime.store))
    screen.open(f'/days/{day.id}')
    with pytest.raises(AssertionError, match='room'):
        first_screenful(screen, 'the day screen', mark_text(screen, 'Daftar peserta'))  # the roster, under the QR
