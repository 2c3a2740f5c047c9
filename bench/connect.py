#!/usr/bin/env python
"""How long her home's socket takes to come after its HTML: what a view's grace must cover (`ui/views.py`).

Run from a clone: `python bench/connect.py --keep DIR` (about three minutes; DIR as `bench/pages.py --keep DIR`
seeds it: the demo and 100,000 sales, seeded here if it is not yet). It starts the app on that folder with each
view's moments noted by the server itself (`ui.views.html_ready` and the socket's connection, wrapped in the app's
process: the seconds the grace counts), drives Debian's Chromium headless at 360×740 (`bench/weight.py`'s), logs
in as the demo trainee and opens her home once (its scripts cached), then, for DevTools' presets Fast 3G
(562.5 ms, 1.44 Mbps down) and Slow 3G (2 s, 400 kbps), opens her home again from about:blank, as she does the
next day from her home screen:
  * VISITS times on a quiet server;
  * over and over during `bench/pages.py`'s refresh storm (2,400 views of her home in 20 s that never open their
    socket), with the crowded grace lifted in the app, so that no view is deleted before it connects: the
    seconds measured are what a phone needs, not what the grace allowed.
DevTools adds its latency once a request, where a real link pays it for each round trip (`ui/views.py`).

The last line is machine-readable: `fast3g_quiet_s=<max> fast3g_storm_s=<max> slow3g_quiet_s=<max>
slow3g_storm_s=<max>`, each the longest view of its kind, in seconds; the lines above list every view.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402

from bench import pages  # noqa: E402
from bench.checkin_burst import get  # noqa: E402
from bench.served import free_port, served  # noqa: E402
from bench.weight import chromium, log_in, wait_for_home  # noqa: E402

VISITS = 8
SETTLE = 17.0  # seconds after a storm for its views to go (the quiet grace, 15 s) before the next preset
PRESETS = {  # DevTools' network presets: latency (ms) and bytes a second each way
    'fast3g': {'latency': 562.5, 'downloadThroughput': 180_000, 'uploadThroughput': 84_375},
    'slow3g': {'latency': 2000, 'downloadThroughput': 50_000, 'uploadThroughput': 50_000},
}
UNTHROTTLED = {'latency': 0, 'downloadThroughput': -1, 'uploadThroughput': -1}
# The app as `main.py` runs it, with each view's HTML-ready → connected seconds appended to the file in argv[1].
NOTED_APP = """
import sys, time
from ui import views
log, ready = open(sys.argv.pop(1), 'a', buffering=1), {}
html_ready, connected = views.html_ready, views._connected
def noted_ready(client, *, page=True):
    ready[client.id] = time.monotonic()
    html_ready(client, page=page)
def noted_connected(client):
    if client.id in ready:
        log.write(f'{time.monotonic() - ready.pop(client.id):.3f}\\n')
    connected(client)
views.html_ready, views._connected, views.CROWDED_GRACE = noted_ready, noted_connected, 3600.0
from ui.cli import main
main()
"""


def main(keep: Path) -> None:
    seeded = pages.seeded_once(keep)
    port = free_port()
    with tempfile.TemporaryDirectory() as temp:
        noted = Path(temp) / 'connected.txt'
        command = [sys.executable, '-c', NOTED_APP, str(noted), '--data', str(keep / 'data')]
        command += ['--host', '127.0.0.1', '--port', str(port)]
        with served(command, port, env=pages.app_env(), log=Path(temp) / 'app.log'), chromium() as driver:
            base = f'http://127.0.0.1:{port}'
            log_in(driver, base)
            figures = {}
            for preset in PRESETS:
                figures[f'{preset}_quiet'] = visits(driver, base, preset, noted, during=None)
                figures[f'{preset}_storm'] = visits(driver, base, preset, noted, during=(port, seeded.trainee))
    for name, seconds in figures.items():
        shown = ' '.join(f'{s:.2f}' for s in sorted(seconds))
        print(f'{name:<14} {len(seconds):>3} views, median {statistics.median(seconds):.2f} s: {shown}')
    print()
    print(' '.join(f'{name}_s={max(seconds):.2f}' for name, seconds in figures.items()))


def visits(
    driver: webdriver.Chrome, base: str, preset: str, noted: Path, *, during: tuple[int, str] | None
) -> list[float]:
    """Her home opened again and again from about:blank under `preset`: VISITS times, or while a storm runs
    on (port, her session) `during`; the seconds the server noted for these views."""
    noted.write_text('')
    storm = threading.Thread(target=asyncio.run, args=(storm_views(*during),)) if during else None
    if storm is not None:
        storm.start()
        time.sleep(2)  # the storm under way
    done = 0
    while done < VISITS if storm is None else storm.is_alive() or not done:  # during a storm: at least one
        throttle(driver, UNTHROTTLED)
        driver.get('about:blank')
        throttle(driver, PRESETS[preset])
        driver.get(base + '/')
        wait_for_home(driver, timeout=60)
        done += 1
    throttle(driver, UNTHROTTLED)
    if storm is not None:
        storm.join()
        time.sleep(SETTLE)
    return [float(line) for line in noted.read_text().split()]


def throttle(driver: webdriver.Chrome, conditions: dict[str, float]) -> None:
    driver.execute_cdp_cmd('Network.emulateNetworkConditions', {'offline': False, **conditions})


async def storm_views(port: int, cookie: str) -> None:
    """`bench/pages.py`'s storm: STORM_VIEWS GETs of her home paced over STORM_SECONDS, no socket opened."""
    started = time.perf_counter()
    gap = pages.STORM_SECONDS / pages.STORM_VIEWS

    async def view(n: int) -> None:
        await asyncio.sleep(max(0.0, started + n * gap - time.perf_counter()))
        with contextlib.suppress(OSError):  # a refused connection is the storm's, not a view to time
            await get(port, '/', cookie)

    await asyncio.gather(*(view(n) for n in range(pages.STORM_VIEWS)))


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--keep', type=Path, required=True, help="bench/pages.py's seeded folder (seeded if new)")
    main(parser.parse_args().keep)
