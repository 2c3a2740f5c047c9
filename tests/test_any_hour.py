"""The tests that read the clock pass at any hour, in any server time zone.

Each test runs on a fixed clock (tests/conftest.py, `BERDAYA_TEST_CLOCK`). Here the tests marked `any_hour`
run again, in fresh processes, with that clock at the hours that broke them before: just after midnight
WIB, 08.17 WIB (after the demo day's 15-minute late rule), a minute before midnight WIB, and a moment before
midnight UTC so that each test crosses it while it runs; with the server's own zone far from WIB.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CLOCK, WIB

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.datetime.fromisoformat(CLOCK).astimezone(WIB).date().isoformat()
RUNS = {
    '00.30 WIB, server in UTC+14': (f'{DAY}T00:30:00+07:00', 'Pacific/Kiritimati'),
    '08.17 WIB, server in UTC': (f'{DAY}T08:17:00+07:00', 'UTC'),
    '23.59 WIB, server in UTC-8': (f'{DAY}T23:59:00+07:00', 'America/Los_Angeles'),
    'across midnight UTC, server in WIB': (f'{DAY}T06:59:59.700000+07:00', 'Asia/Jakarta'),
}


def run_at(clock: str, zone: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith('PYTEST_XDIST')}
    env |= {'BERDAYA_TEST_CLOCK': clock, 'TZ': zone}
    command = [sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-m', 'any_hour', '-x', '-n', '0']
    command += ['--ignore', str(Path(__file__).relative_to(ROOT)), '--ignore-glob', 'tests/test_screen_*']
    return subprocess.run(command, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize('moment', RUNS)
def test_the_clock_reading_tests_pass_at_any_hour_in_any_zone(moment: str) -> None:
    # One moment a test, so the suite's workers (pytest-xdist) share the four runs out among the cores.
    result = run_at(*RUNS[moment])

    assert result.returncode == 0, f'--- at {moment}:\n{result.stdout[-3000:]}'
    assert ' passed' in result.stdout
