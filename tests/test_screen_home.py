"""The real browser path: Chromium at phone size opens the home page."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen

from .conftest import PHONE


@pytest.mark.demo
def test_home_at_phone_size_shows_indonesian_title(screen: Screen) -> None:
    screen.open('/')
    screen.should_contain('Pelatihan Aneka Kue bagi PMI Purna')
    screen.should_contain('Beranda')
    assert screen.selenium.title == 'Berdaya · Berdaya'
    width = screen.selenium.execute_script('return window.innerWidth')
    assert width == PHONE[0]
    scroll_width = screen.selenium.execute_script('return document.documentElement.scrollWidth')
    assert scroll_width <= PHONE[0]  # nothing sticks out sideways on a phone
