"""No label she must read is cut with "…": in real Chromium at 360×740, on the pages where a long label once was
(a field's label, a figure's name), nothing her eyes need ends in an ellipsis; it wraps, or says it shorter."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen

from ui.runtime import runtime

from .conftest import COORDINATOR, KUE_TRAINEE, demo_programme, screen_log_in

pytestmark = pytest.mark.demo

# Every element that cuts its text with an ellipsis (one line or clamped lines) and has more text than room
CUT = """
return [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  const clamped = s.webkitLineClamp && s.webkitLineClamp !== 'none';
  return (s.textOverflow === 'ellipsis' || clamped) && e.offsetParent !== null && e.innerText.trim() &&
    (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
}).map(e => e.innerText.trim());
"""


def cut_texts(screen: Screen, path: str) -> list[str]:
    screen.open(path)
    screen.wait(0.5)  # Quasar sizes its fields' labels once they are drawn
    return screen.selenium.execute_script(CUT)


def test_her_business_pages_cut_no_label(screen: Screen) -> None:
    screen_log_in(screen, KUE_TRAINEE)
    for path in ('/', '/usaha', '/usaha/produk', '/usaha/toko', '/progress', '/aid'):
        assert cut_texts(screen, path) == [], path


def test_the_coordinators_forms_and_figures_cut_no_label(screen: Screen) -> None:
    screen_log_in(screen, COORDINATOR)
    kue = demo_programme(runtime.store)
    for path in ('/programmes/new', f'/programmes/{kue.id}', f'/programmes/{kue.id}/outcomes', '/participants/new'):
        assert cut_texts(screen, path) == [], path
