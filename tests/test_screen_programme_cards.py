"""The programme page's cards that are one element each (ui/elements), in real Chromium at phone size: a day's
roster button opens that day, a placed skill's chip takes it off its day; and the instructors' dropdown, built when
she first taps it."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from models.programme import Programme
from store.accounts import instructor_names
from store.skills import day_skills
from ui.runtime import runtime

from .conftest import COORDINATOR, demo_day, demo_programme, screen_log_in, tap

pytestmark = pytest.mark.demo


def tap_named(screen: Screen, name: str, index: int = 0) -> None:
    """Tap the `index`-th button a screen reader calls `name`, scrolled to the middle of the screen."""
    button = screen.selenium.find_elements(By.CSS_SELECTOR, f'button[aria-label="{name}"]')[index]
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def test_a_days_roster_button_opens_that_day(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    programme = demo_programme(runtime.store)
    screen.open(f'/programmes/{programme.id}')
    day = demo_day(runtime.store, programme, 2)
    screen.should_contain(day.title)
    tap_named(screen, 'Absen hari ini', 1)
    screen.wait_for(lambda: screen.selenium.current_url.endswith(f'/days/{day.id}'))


def test_a_tap_on_a_placed_skills_chip_takes_it_off_its_day(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    programme = demo_programme(runtime.store)
    day = demo_day(runtime.store, programme, 2)
    first, *rest = day_skills(runtime.store, day.id)
    screen.open(f'/programmes/{programme.id}')
    screen.should_contain(first.name)
    tap_named(screen, f'Keluarkan {first.name}')
    screen.should_not_contain(first.name)
    assert [s.id for s in day_skills(runtime.store, day.id)] == [s.id for s in rest]
    for skill in rest:  # still there, each a button named for what it does
        assert screen.selenium.find_element(By.CSS_SELECTOR, f'button[aria-label="Keluarkan {skill.name}"]')


def test_she_adds_an_instructor_from_the_list_her_tap_opens(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    programme = demo_programme(runtime.store)
    names = instructor_names(runtime.store)
    (other,) = [i for i in names if i not in programme.instructor_ids]
    screen.open(f'/programmes/{programme.id}')
    field = screen.selenium.find_element(By.XPATH, "//label[.//div[normalize-space()='Instruktur']]")
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    option = f"//div[contains(@class,'q-menu')]//div[contains(@class,'q-item')][contains(.,'{names[other]}')]"
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.XPATH, option)))
    screen.selenium.find_element(By.XPATH, option).click()
    screen.selenium.find_element(By.TAG_NAME, 'body').send_keys(Keys.ESCAPE)
    tap(screen, 'Simpan')
    screen.should_contain('Tersimpan')
    saved = runtime.store.get(Programme, programme.id)
    assert saved is not None and saved.instructor_ids == [*programme.instructor_ids, other]


def test_the_programmes_documents_are_links_the_browser_downloads(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    programme = demo_programme(runtime.store)
    screen.open(f'/programmes/{programme.id}')
    screen.should_contain('Kartu QR peserta (PDF)')
    links = screen.selenium.find_elements(By.CSS_SELECTOR, 'a.q-btn[download]')
    assert [a.get_attribute('href').split('/export/', 1)[1] for a in links] == [
        f'daftar-hadir-all/{programme.id}.pdf', f'cards/{programme.id}.pdf', f'attendance/{programme.id}.xlsx',
        f'attendance/{programme.id}.csv', f'progress/{programme.id}.xlsx',
    ]  # fmt: skip
    assert all(a.get_attribute('target') == '_blank' and a.size['height'] >= 48 for a in links)


def test_a_folded_section_opens_with_its_content_on_her_tap_and_folds_again(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    programme = demo_programme(runtime.store)
    screen.open(f'/programmes/{programme.id}')
    screen.should_not_contain('Tanggal terbit')  # the certificates' date: built when the section first opens
    tap(screen, 'Sertifikat')
    screen.should_contain('Tanggal terbit')
    content = screen.selenium.find_element(By.XPATH, "//div[normalize-space()='Tanggal terbit']")
    screen.wait_for(content.is_displayed)
    tap(screen, 'Sertifikat')
    screen.wait_for(lambda: not content.is_displayed())
