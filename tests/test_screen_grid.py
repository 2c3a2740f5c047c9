"""The instructor's grid in real Chromium at 360×740: three taps, three levels, and no sideways scrolling."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from store.skills import day_skills, latest
from ui.runtime import runtime

from .conftest import INSTRUCTOR, demo_day, demo_programme, no_sideways_scroll, screen_log_in


@pytest.mark.demo
def test_instructor_cycles_three_cells_on_todays_grid_without_sideways_scroll(screen: Screen) -> None:
    screen_log_in(screen, INSTRUCTOR)
    screen.should_contain('Buka absen hari ke-1')
    store = runtime.store
    programme = demo_programme(store)
    day = demo_day(store, programme)
    skills = day_skills(store, day.id)
    screen.open(f'/grid/{programme.id}?day={day.id}')
    screen.should_contain(skills[0].name)
    no_sideways_scroll(screen)
    cells = screen.selenium.find_elements(By.CSS_SELECTOR, '.grid .cell')
    assert len(cells) == 3 * len(programme.participant_ids)
    assert all(c.size['width'] >= 48 and c.size['height'] >= 48 for c in cells), 'cells under 48 px'
    for column in range(3):
        cell = screen.selenium.find_elements(By.CSS_SELECTOR, '.grid .cell')[column]
        screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
        cell.click()
        screen.wait_for(lambda column=column: _cell_text(screen, column).endswith('1'))
    marks = latest(store, programme.id)
    assert sorted(int(m.level) for m in marks.values()) == [1, 1, 1]
    assert {m.skill_id for m in marks.values()} == {s.id for s in skills}
    assert len({m.participant_id for m in marks.values()}) == 1
    no_sideways_scroll(screen)


def _cell_text(screen: Screen, index: int) -> str:
    return screen.selenium.find_elements(By.CSS_SELECTOR, '.grid .cell')[index].text.strip()
