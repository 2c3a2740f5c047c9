"""Fit for her thumb and her eyes, in real Chromium at 360×740: on the trainee's home, her dashboard and her
progress, the instructor's day screen and grid, a KWT's book and the coordinator's programme page every button,
link and field is at least 48 px each way, has a name (its words, its label or an aria-label), the main buttons
carry an icon beside their words, and text meets WCAG AA contrast (4.5:1, or 3:1 for large text) against what is
behind it.
"""

from __future__ import annotations

from typing import Any

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from models.attendance import Status
from models.participant import Group
from store.accounts import find_account
from store.attendance import mark
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    PHONE,
    at_local,
    demo_day,
    demo_programme,
    her_product,
    on_app_loop,
    owed_sale,
    screen_log_in,
    tap,
)

pytestmark = pytest.mark.demo
SMALLEST = 48  # px, each way

# Every visible control with its box (the whole field for an input), its name, whether it shows an icon
# and words, and each visible text with its colours and size.
MEASURE = r"""
const seen = (e) => {
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('[aria-hidden=true]');
};
const words = (e) => {
  const copy = e.cloneNode(true);
  copy.querySelectorAll('.q-icon, .material-icons').forEach((i) => i.remove());
  return copy.textContent.replace(/\s+/g, ' ').trim();
};
const nameOf = (e) => {
  const field = e.closest('.q-field');
  const label = field && field.querySelector('.q-field__label');
  return (e.getAttribute('aria-label') || (label && label.textContent) || words(e) || e.title || '').trim();
};
// A part of a bigger control (the arrow of an expansion's header, a chip's icon) is tapped as that control,
// unless it is a control of its own: native, or in the tab order.
const inner = (e) => !!(e.parentElement && e.parentElement.closest('button, a[href], [role=button]')) &&
  !(e.matches('button, a[href], input, select, textarea') || (e.hasAttribute('tabindex') && e.tabIndex >= 0));
const boxOf = (e) => (e.closest('.q-field') || e).getBoundingClientRect();
const controls = [...document.querySelectorAll(
  'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=switch], [role=checkbox], ' +
  '[role=combobox], .cursor-pointer')].filter((e) => !inner(e));
const rgba = (s) => { const p = s.match(/[\d.]+/g).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
const behind = (e) => {
  const layers = [];
  for (let x = e; x; x = x.parentElement) {
    const c = rgba(getComputedStyle(x).backgroundColor);
    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255]);
};
const light = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
const texts = [];
for (const e of document.querySelectorAll('body *')) {
  if (e.closest('.q-icon, .material-icons, script, style, #popup, #too_long_message_popup, #esm-fallback')) continue;
  const own = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
  if (!own || !seen(e) || e.closest('[disabled], .disabled')) continue;
  const s = getComputedStyle(e), bg = behind(e), fg = over(rgba(s.color), bg);
  const ratio = (Math.max(light(fg), light(bg)) + 0.05) / (Math.min(light(fg), light(bg)) + 0.05);
  const size = parseFloat(s.fontSize), large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
  texts.push({text: own.slice(0, 60), ratio: Math.round(ratio * 100) / 100, least: large ? 3 : 4.5});
}
return {
  controls: controls.filter(seen).map((e) => {
    const r = boxOf(e);
    return {
      what: (e.tagName + ' ' + (nameOf(e) || e.outerHTML.slice(0, 80))).slice(0, 90),
      width: Math.round(r.width), height: Math.round(r.height), name: nameOf(e),
      button: e.matches('button.q-btn') && !e.closest('.q-btn-toggle, .q-dialog'),
      icon: !!e.querySelector('.q-icon'), words: words(e),
    };
  }),
  texts,
};
"""


def measure(screen: Screen) -> dict[str, Any]:
    return screen.selenium.execute_script(MEASURE)


def small(found: dict[str, Any]) -> list[str]:
    return [
        f'{c["what"]}: {c["width"]}×{c["height"]}' for c in found['controls'] if min(c['width'], c['height']) < SMALLEST
    ]


def unnamed(found: dict[str, Any]) -> list[str]:
    return [c['what'] for c in found['controls'] if not c['name']]


def wordy_without_icon(found: dict[str, Any]) -> list[str]:
    return [c['what'] for c in found['controls'] if c['button'] and c['words'] and not c['icon']]


def faint(found: dict[str, Any]) -> list[str]:
    return [f'{t["text"]!r}: {t["ratio"]}:1' for t in found['texts'] if t['ratio'] < t['least']]


def check(screen: Screen, where: str) -> None:
    found = measure(screen)
    assert len(found['controls']) >= 3 and len(found['texts']) >= 5, where
    assert not small(found), f'{where}: smaller than {SMALLEST} px: {small(found)}'
    assert not unnamed(found), f'{where}: no name: {unnamed(found)}'
    assert not wordy_without_icon(found), f'{where}: words without an icon: {wordy_without_icon(found)}'
    assert not faint(found), f'{where}: contrast below AA: {faint(found)}'


def test_her_home_and_dashboard_fit_her_thumb_and_eyes(screen: Screen) -> None:
    screen.open('/login')
    on_app_loop(owed_sale(on_app_loop(her_product(price=1500))))
    screen_log_in(screen, KUE_TRAINEE)
    screen.should_contain('Klepon')
    screen.should_contain('Belum dibayar')
    check(screen, 'her home')
    screen.open('/usaha')
    screen.should_contain('Untung bersih')
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.CSS_SELECTOR, '.nicegui-echart canvas')))
    check(screen, 'her dashboard')
    screen.open('/progress')
    screen.should_contain('Bolu kukus')
    check(screen, 'her progress')


def instructor_on_day_one(screen: Screen) -> None:
    """The kue instructor logged in, on today's day screen (day 1 of the demo's kue course)."""
    screen.open('/login')
    day = demo_day(runtime.store, demo_programme(runtime.store))
    screen_log_in(screen, INSTRUCTOR)
    screen.open(f'/days/{day.id}')
    screen.should_contain('hadir')


def test_the_instructors_day_screen_fits_a_thumb(screen: Screen) -> None:
    screen.open('/login')
    day = demo_day(runtime.store, demo_programme(runtime.store))
    late = demo_programme(runtime.store).participant_ids[0]
    by = find_account(runtime.store, COORDINATOR[0])
    assert by is not None
    arrived = at_local(day, 9, 20)
    on_app_loop(mark(runtime.store, day.id, late, Status.TERLAMBAT, by=by.id, reason='bus', arrived=arrived))
    instructor_on_day_one(screen)
    screen.should_contain('Terlambat')  # each word of the roster in its colour
    check(screen, 'the day screen')


def test_the_grid_fits_a_thumb(screen: Screen) -> None:
    instructor_on_day_one(screen)
    day = demo_day(runtime.store, demo_programme(runtime.store))
    screen.open(f'/grid/{day.programme_id}?day={day.id}')
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.CSS_SELECTOR, '.grid .cell')))
    first = screen.selenium.find_elements(By.CSS_SELECTOR, '.grid .cell')[0]
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    first.click()  # a level 1 beside the 0s: every level's colour is read
    screen.wait_for(lambda: screen.selenium.find_elements(By.CSS_SELECTOR, '.grid .cell')[0].text.strip().endswith('1'))
    check(screen, 'the grid')


def test_a_kwt_book_fits_a_thumb(screen: Screen) -> None:
    screen_log_in(screen, KWT_TRAINEE)
    group = next(iter(runtime.store.all(Group)))
    screen.open(f'/kelompok/{group.id}')
    screen.should_contain(group.name)
    check(screen, 'the KWT book')


def test_the_coordinators_programme_page_fits_a_thumb(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    programme = demo_programme(runtime.store)
    screen.open(f'/programmes/{programme.id}')
    screen.should_contain(programme.name)
    check(screen, 'the programme page')


def test_the_projector_shows_code_count_and_address_on_one_wide_screen(screen: Screen) -> None:
    """A 1280×720 projector at the front of the hall: nothing she needs is below the fold."""
    instructor_on_day_one(screen)
    driver = screen.selenium
    wide = {'width': 1280, 'height': 720, 'deviceScaleFactor': 1, 'mobile': False}
    driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', wide)
    try:
        tap(screen, 'Layar besar')
        screen.wait_for('Selesai')

        def box(selector: str) -> dict[str, float]:
            script = f"return document.querySelector('{selector}').getBoundingClientRect().toJSON()"
            return driver.execute_script(script)

        screen.wait_for(lambda: box('.projector .qr-box')['width'] >= 480)  # opened (it zooms in); big enough
        qr, counter, url = box('.projector .qr-box'), box('.projector .counter'), box('.projector .short-code')
        for part in (qr, counter, url):
            assert part['bottom'] <= 720 and part['right'] <= 1280, part
    finally:  # back to the phone every other screen test expects (tests/conftest.py)
        phone = {'width': PHONE[0], 'height': PHONE[1], 'deviceScaleFactor': 2, 'mobile': True}
        driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', phone)


def test_the_checks_can_fail() -> None:
    tiny = {'what': 'BUTTON x', 'width': 30, 'height': 30, 'name': '', 'button': True, 'icon': False, 'words': 'x'}
    found = {'controls': [tiny], 'texts': [{'text': 'pale', 'ratio': 2.9, 'least': 4.5}]}
    assert small(found) and unnamed(found) and wordy_without_icon(found) and faint(found)
