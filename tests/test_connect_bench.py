"""`bench/connect.py` still runs: at a small size, quiet and in a storm, its last line as `ui/views.py` cites it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import connect, pages


@pytest.mark.real_clock  # the bench starts the real app in another process, on the machine's clock
def test_connect_bench_times_her_home_quiet_and_in_a_storm_and_prints_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, value in pages.SMALL.items():
        monkeypatch.setattr(pages, name, value)
    monkeypatch.setattr(connect, 'VISITS', 2)
    monkeypatch.setattr(connect, 'SETTLE', 0.0)
    connect.main(tmp_path / 'kept')
    out = capsys.readouterr().out
    assert re.search(r'slow3g_quiet +2 views, median \d+\.\d\d s', out), out
    seconds = r'\d+\.\d\d'
    assert re.fullmatch(
        rf'fast3g_quiet_s={seconds} fast3g_storm_s={seconds} slow3g_quiet_s={seconds} slow3g_storm_s={seconds}',
        out.strip().splitlines()[-1],
    ), out
