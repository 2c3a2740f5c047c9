"""Chart numbers in her language: axes in short rupiah (`Rp 30 rb`), tooltips whole (`Rp 30.000`), `30,000` and
`Rp 30k` in English; the browser's formatting functions are made of constants, never of a person's text."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from ui import charts

from .conftest import KUE_TRAINEE, her_product, open_as, owed_sale

NBSP = '\u00a0'
VALUES = [0, 30_000, 1_500_000, -22_500, 2_000_000_000]


def run_js(function: str, values: list[Any]) -> list[str]:
    """`function` applied to each of `values` by Node, as the browser would."""
    script = f'const f={function};console.log(JSON.stringify({json.dumps(values)}.map(f)))'
    return json.loads(subprocess.run(['node', '-e', script], capture_output=True, text=True, check=True).stdout)


needs_node = pytest.mark.skipif(shutil.which('node') is None, reason='Node runs the functions the browser runs')


@needs_node
def test_money_axes_are_short_rupiah_and_tooltips_whole_amounts_in_indonesian() -> None:
    axis = run_js(charts.money_axis('id')[':formatter'], VALUES)
    tooltip = run_js(charts.money_values('id')[':valueFormatter'], VALUES)

    assert axis == [f'Rp{NBSP}0', f'Rp{NBSP}30{NBSP}rb', f'Rp{NBSP}1,5{NBSP}jt', f'-Rp{NBSP}22,5{NBSP}rb',
                    f'Rp{NBSP}2{NBSP}M']  # fmt: skip
    assert tooltip == [f'Rp{NBSP}0', f'Rp{NBSP}30.000', f'Rp{NBSP}1.500.000', f'-Rp{NBSP}22.500',
                       f'Rp{NBSP}2.000.000.000']  # fmt: skip


@needs_node
def test_in_english_the_thousands_take_commas_and_k() -> None:
    assert run_js(charts.money_axis('en')[':formatter'], [30_000]) == [f'Rp{NBSP}30k']
    assert run_js(charts.money_values('en')[':valueFormatter'], [30_000]) == [f'Rp{NBSP}30,000']
    assert run_js(charts.count_values('en')[':valueFormatter'], [1500, None]) == ['1,500', '–']
    assert run_js(charts.count_axis('id')[':formatter'], [1500, 12]) == [f'1,5{NBSP}rb', '12']


def functions_in(options: Any) -> list[str]:
    """Every JavaScript option (a `:` key) in a chart's options."""
    if isinstance(options, dict):
        found = [v for k, v in options.items() if k.startswith(':')]
        return found + [f for k, v in options.items() if not k.startswith(':') for f in functions_in(v)]
    if isinstance(options, list):
        return [f for v in options for f in functions_in(v)]
    return []


@pytest.mark.demo
async def test_her_weekly_chart_formats_rupiah_with_our_functions_only(user: User) -> None:
    product = await her_product(name='Kue "</script><script>alert(1)//', price=30_000)
    await owed_sale(product, 1)
    await open_as(user, KUE_TRAINEE, '/usaha')
    await user.should_see(marker='chart')

    options = user.find(kind=ui.echart).elements.pop().options
    made = {charts.money_axis()[':formatter'], charts.money_values()[':valueFormatter']}

    assert options['yAxis']['axisLabel'] == charts.money_axis()
    assert all(s['tooltip'] == charts.money_values() for s in options['series'])
    assert set(functions_in(options)) == made
