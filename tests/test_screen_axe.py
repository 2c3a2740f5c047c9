"""Lighthouse's accessibility score, kept at 100 without Lighthouse: its accessibility category is axe-core's
rules, run here the way Lighthouse 12 runs them (tests/data/axe.min.js, the same axe-core) in real Chromium at
360×740 on the log-in page, the trainee's home and business page, and the instructor's home, day screen and grid.
Each page must show no violation at all, the rules Lighthouse weighs at zero included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from store.skills import day_skills
from ui.runtime import runtime

from .conftest import (
    INSTRUCTOR,
    KUE_TRAINEE,
    demo_day,
    demo_programme,
    her_product,
    on_app_loop,
    owed_sale,
    screen_log_in,
)

pytestmark = pytest.mark.demo
AXE = (Path(__file__).resolve().parent / 'data' / 'axe.min.js').read_text(encoding='utf-8')

# Lighthouse 12's own call (core/gather/gatherers/accessibility.js): WCAG 2 A and AA, plus the best-practice
# rules it scores, less the rules it turns off.
OPTIONS = {
    'runOnly': {'type': 'tag', 'values': ['wcag2a', 'wcag2aa']},
    'resultTypes': ['violations'],
    'rules': {
        **{
            rule: {'enabled': True}
            for rule in (
                'accesskeys', 'aria-allowed-role', 'aria-conditional-attr', 'aria-deprecated-role',
                'aria-dialog-name', 'aria-prohibited-attr', 'aria-treeitem-name', 'aria-text', 'empty-heading',
                'heading-order', 'html-xml-lang-mismatch', 'identical-links-same-purpose', 'image-redundant-alt',
                'input-button-name', 'label-content-name-mismatch', 'landmark-one-main', 'link-in-text-block',
                'meta-viewport', 'select-name', 'skip-link', 'tabindex', 'table-duplicate-name',
                'table-fake-caption', 'target-size', 'td-has-header',
            )
        },
        **{
            rule: {'enabled': False}
            for rule in (
                'area-alt', 'aria-braille-equivalent', 'aria-roledescription', 'audio-caption', 'blink',
                'duplicate-id', 'frame-focusable-content', 'frame-title-unique', 'marquee', 'nested-interactive',
                'no-autoplay-audio', 'role-img-alt', 'scrollable-region-focusable', 'server-side-image-map',
                'summary-name', 'svg-img-alt',
            )
        },
    },
}  # fmt: skip

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, arguments[0]).then((result) => done(result.violations.map((v) => ({
  rule: v.id,
  nodes: v.nodes.length + ' × ' + v.nodes.slice(0, 3).map(
    (n) => n.html.slice(0, 160) + ' | ' + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 160)).join(' || '),
}))), (error) => done([{rule: 'axe failed', nodes: [String(error)]}]));
"""


def violations(screen: Screen) -> list[dict[str, Any]]:
    """What axe finds wrong on the page now, rule by rule, as Lighthouse would count it."""
    driver = screen.selenium
    if not driver.execute_script('return !!window.axe'):
        driver.execute_script(AXE)
    driver.set_script_timeout(30)
    return driver.execute_async_script(RUN, OPTIONS)


def check(screen: Screen, where: str) -> None:
    found = violations(screen)
    assert not found, f'{where}: ' + '\n'.join(f'{v["rule"]}: {v["nodes"]}' for v in found)


def test_the_log_in_page_has_no_violation(screen: Screen) -> None:
    screen.open('/login')
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.ID, 'username')))
    check(screen, 'the log-in page')


def test_her_home_and_business_page_have_no_violation(screen: Screen) -> None:
    screen.open('/login')
    on_app_loop(owed_sale(on_app_loop(her_product(price=1500))))  # a sale owed: her chart and who owes her show
    screen_log_in(screen, KUE_TRAINEE)
    screen.should_contain('Catat penjualan')
    check(screen, 'her home')
    screen.open('/usaha')
    screen.should_contain('Untung bersih')
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.CSS_SELECTOR, '.nicegui-echart canvas')))
    check(screen, 'her business page')


def test_the_instructors_home_day_screen_and_grid_have_no_violation(screen: Screen) -> None:
    screen_log_in(screen, INSTRUCTOR)
    screen.should_contain('Buka absen hari ke-1')
    check(screen, 'the instructor home')
    day = demo_day(runtime.store, demo_programme(runtime.store))
    screen.open(f'/days/{day.id}')
    screen.should_contain('hadir')
    check(screen, 'the day screen')
    screen.open(f'/grid/{day.programme_id}?day={day.id}')
    screen.should_contain(day_skills(runtime.store, day.id)[0].name)
    check(screen, 'the grid')


def test_a_picture_without_words_fails_the_check(screen: Screen) -> None:
    screen.open('/login')
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.ID, 'username')))
    screen.selenium.execute_script(
        "const i = document.createElement('img'); i.src = '/favicon.ico'; document.querySelector('main').append(i)"
    )
    with pytest.raises(AssertionError, match='image-alt'):
        check(screen, 'the log-in page with a bare picture')
