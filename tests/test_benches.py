"""The benches still run: each at a small size, its last line in the form its issue fixes (figures: README)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.engines import postgres_url

BENCH = Path(__file__).resolve().parents[1] / 'bench'


def bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f'bench_{name}', BENCH / f'{name}.py')
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # a bench's dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


async def test_business_bench_runs_and_prints_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    business = bench('business')
    for name, value in {'TRAINEES': 12, 'SALES': 600, 'EXPENSES': 40, 'DASHBOARDS': 12, 'SINGLE_SALES': 20}.items():
        monkeypatch.setattr(business, name, value)
    await business.main()
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r'dashboard_p95_ms=\d+\.\d sale_p99_ms=\d+\.\d\d', last), last


@pytest.mark.real_clock  # the bench starts the real app in another process, on the machine's clock
async def test_checkin_burst_bench_checks_everyone_in_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    burst = bench('checkin_burst')
    monkeypatch.setattr(burst, 'TRAINEES', 12)
    await burst.main()
    out = capsys.readouterr().out
    assert 'check-ins in the store after the app stopped: 12' in out
    assert re.fullmatch(r'ok=12 of=12 p95_ms=\d+ ratio_vs_bare=\d+\.\d\d', out.strip().splitlines()[-1]), out


@pytest.mark.real_clock  # the bench starts the real app in another process, on the machine's clock
def test_shop_bench_opens_both_shops_in_chromium_and_prints_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = bench('shop')
    for name, value in {'PRODUCTS': 10, 'VIEWS': 3, 'IDLE_SECONDS': 1.0}.items():
        monkeypatch.setattr(shop, name, value)
    shop.main()
    out = capsys.readouterr().out
    photos = re.search(r'dapur-foto +[\d.]+ +(\d+) +\d+ +(\d+) +[\d.]+ +(\d+)', out)
    assert photos is not None, out
    shown, unscrolled, in_all = (int(n) for n in photos.groups())
    assert 0 < shown <= unscrolled < in_all == 10, out  # the rows further down wait until she scrolls
    last = out.strip().splitlines()[-1]
    number = r'-?\d+\.\d'
    assert re.fullmatch(
        rf'first_screen_kb={number} total_kb={number} cpu_ms_per_view={number} ratio_vs_text_shop={number}\d', last
    ), out


async def test_store_bench_on_postgresql_runs_beside_the_file_engine_and_prints_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store_bench = bench('store')
    for name, value in {'PG_SIZES': (300, 600), 'TIMED_INSERTS': 20, 'ROUNDS': 2, 'QUERIES': 20}.items():
        monkeypatch.setattr(store_bench, name, value)
    await store_bench.postgres_main(postgres_url())
    out = capsys.readouterr().out
    assert re.search(r'600 +postgres ', out) and re.search(r'600 +file ', out), out
    last = out.strip().splitlines()[-1]
    assert re.fullmatch(r'insert_p99_ms_100k=\d+\.\d\d startup_s_1m=\d+\.\d\d ratio_vs_file=\d+\.\d\d', last), last


@pytest.mark.real_clock  # the bench starts the real app in other processes, on the machine's clock
def test_pages_bench_loads_both_pages_storms_and_opens_a_big_store_and_prints_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = bench('pages')
    for name, value in pages.SMALL.items():
        monkeypatch.setattr(pages, name, value)
    pages.main()
    out = capsys.readouterr().out
    number = r'\d+\.\d\d'
    assert re.fullmatch(
        rf'home_cpu_ms={number} programme_cpu_ms={number} home_vs_health={number} storm_peak_mib=\d+ '
        rf'start_s_1m={number} start_peak_mib_1m=\d+',
        out.strip().splitlines()[-1],
    ), out
    # every page answered 200: a page that failed would be cheap, and the figures would lie
    phase = r'^  (/api/health|trainee home /|programme page \(coordinator\)) +(?:\d+ +){4}(\d+) '
    errors = re.findall(phase, out, re.M)
    assert [(what, int(n)) for what, n in errors] == [
        ('/api/health', 0),
        ('trainee home /', 0),
        ('programme page (coordinator)', 0),
    ], out
    assert 'never open their socket' in out and '(0 errors)' in out, out
