"""The notice board in real Chromium at 360×740: the secretariat's staff post a business opportunity from their
home; a KWT member finds it on her home, marked new, and taps "Saya tertarik"; the staff see her on the notice,
with her group and phone. No sideways scroll on any of it."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

from models.notices import Notice, NoticeInterest, NoticeKind, interest_id
from models.participant import Participant
from store.accounts import find_account
from ui.runtime import runtime

from .conftest import KWT_TRAINEE, SECRETARIAT, no_sideways_scroll, screen_log_in, tap

pytestmark = pytest.mark.demo
TITLE = 'Dicari cabai rawit 30 kg untuk katering'
TEXT = 'Katering di Kalianda mencari cabai rawit merah 30 kg, dikirim Senin depan, dibayar tunai.'


def field(screen: Screen, label: str) -> WebElement:
    """The input or textarea of the field labelled `label`, the way she finds it."""
    xpath = (
        f"//label[.//div[contains(@class,'q-field__label') and normalize-space()='{label}']]"
        '//*[self::input or self::textarea]'
    )
    return screen.selenium.find_element(By.XPATH, xpath)


def press(screen: Screen, xpath: str) -> None:
    """Tap the button `xpath` finds, scrolled to the middle of the screen (the bottom bar covers the last 64 px)."""
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.XPATH, xpath)))
    button = screen.selenium.find_element(By.XPATH, xpath)
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def posted() -> Notice | None:
    return next((n for n in runtime.store.all(Notice) if n.title == TITLE), None)


def test_staff_post_an_opportunity_a_member_taps_saya_tertarik_and_the_staff_see_her(screen: Screen) -> None:
    screen.open('/login')  # starts the app
    screen_log_in(screen, SECRETARIAT)
    tap(screen, 'Papan pengumuman')
    screen.should_contain('Di papan sekarang')
    board = screen.selenium.current_url
    no_sideways_scroll(screen)
    tap(screen, 'Pasang pengumuman')
    screen.should_contain('Isi pengumuman')
    field(screen, 'Judul').send_keys(TITLE)
    field(screen, 'Isi pengumuman').send_keys(TEXT)
    field(screen, 'Harga yang ditawarkan').send_keys('60000')
    press(screen, "//div[contains(@class,'q-dialog')]//button[.//span[normalize-space()='Pasang']]")
    screen.should_contain('Pengumuman dipasang di papan.')
    screen.wait_for(lambda: posted() is not None)
    notice = posted()
    assert notice is not None and (notice.kind, notice.amount) == (NoticeKind.OPPORTUNITY, 60_000)
    no_sideways_scroll(screen)

    screen.selenium.delete_all_cookies()
    screen_log_in(screen, KWT_TRAINEE)
    screen.should_contain(TITLE)  # on her home, newest first
    card = f"//*[contains(@class,'q-card')][.//*[normalize-space()='{TITLE}']]"
    assert screen.selenium.find_elements(By.XPATH, f"{card}//*[normalize-space()='Baru']")
    no_sideways_scroll(screen)
    press(screen, f"{card}//button[.//span[normalize-space()='Saya tertarik']]")
    screen.should_contain('Minat Anda tercatat')
    account = find_account(runtime.store, KWT_TRAINEE[0])
    assert account is not None and account.participant_id
    her_id = account.participant_id
    screen.wait_for(lambda: runtime.store.get(NoticeInterest, interest_id(notice.id, her_id)) is not None)
    no_sideways_scroll(screen)

    screen.selenium.delete_all_cookies()
    screen_log_in(screen, SECRETARIAT)
    screen.selenium.get(board)
    person = runtime.store.get(Participant, her_id)
    assert person is not None
    screen.should_contain('1 orang tertarik')
    screen.should_contain(person.name)
    screen.should_contain(f'KWT Melati Purna · {person.phone}')
    no_sideways_scroll(screen)
