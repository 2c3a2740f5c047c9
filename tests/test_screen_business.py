"""Her quickest job in real Chromium at 360×740: a sale from her home, then the dashboard shows it."""

from __future__ import annotations

import pytest
from nicegui.testing import Screen

from models.business import Sale
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, her_product, no_sideways_scroll, on_app_loop, screen_log_in, tap


@pytest.mark.demo
def test_a_sale_takes_one_tap_after_the_product_and_shows_on_her_dashboard(screen: Screen) -> None:
    screen.open('/login')
    product = on_app_loop(her_product(price=1500))
    screen_log_in(screen, KUE_TRAINEE)
    screen.should_contain('Catat penjualan')
    taps = 0
    tap(screen, 'Klepon')  # choosing the product
    screen.should_contain('Sudah dibayar')
    tap(screen, 'Simpan')
    taps += 1
    screen.should_contain('Tersimpan: 1 Klepon · Rp\u00a01.500')
    assert taps <= 3
    no_sideways_scroll(screen)
    sales = [s for s in runtime.store.all(Sale) if s.participant_id == product.participant_id]
    assert len(sales) == 1
    tap(screen, 'Usaha')
    screen.should_contain('Untung bersih')
    screen.should_contain('1 Klepon · Rp\u00a01.500')
    no_sideways_scroll(screen)
