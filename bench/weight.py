#!/usr/bin/env python
"""Weight of the trainee's home on a cheap phone: bytes on the wire and the server's CPU per first visit.

Run from a clone: `python bench/weight.py` (about a minute). It starts the app with the demo data in a temp
data folder on a free port (`python main.py --demo`), drives Debian's Chromium headless at 360×740 and logs
in as the demo trainee (081200000001 / PIN 123456) through the plain log-in form, then
  * first visit: with the browser cache emptied, opens her home `/` and waits until the page's socket is
    up and the network is quiet; counts every HTTP response (`encodedDataLength` of
    `Network.loadingFinished`: headers plus body as sent, i.e. compressed) and the WebSocket frames both
    ways (their payloads; the socket's upgrade request and answer are HTTP and counted above);
  * repeat visit: the same browser goes to about:blank and opens `/` again, as she would from her home
    screen the next day; the same count, so only what is fetched again (the page itself, the socket);
  * server CPU per first visit: the app process's user + system CPU time (`/proc/<pid>/stat`) across
    VISITS first visits, each with the cache emptied first, divided by VISITS; printed beside two
    baselines measured in the same run: the app idling for as long, and serving `/api/health` VISITS times.

The last line is machine-readable: `first_kb=<x> repeat_kb=<x> first_cpu_ms=<x>` (KB = 1,000 bytes).
Targets (issue 7): first ≤ 300 KB, repeat ≤ 10 KB, first-visit server CPU ≤ 20 ms.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

TRAINEE = ('081200000001', '123456')
PHONE = (360, 740)
VISITS = 20
CHROMIUM = os.environ.get('CHROME_BINARY_LOCATION', '/usr/bin/chromium')
CHROMEDRIVER = '/usr/bin/chromedriver'
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


@dataclass
class Fetch:
    url: str
    status: int = 0
    encoding: str = ''
    cache_control: str = ''
    cached: bool = False
    bytes: int = 0


@dataclass
class Visit:
    fetches: list[Fetch] = field(default_factory=list)
    socket_bytes: int = 0
    socket_frames: int = 0

    @property
    def http_bytes(self) -> int:
        return sum(f.bytes for f in self.fetches)

    @property
    def total(self) -> int:
        return self.http_bytes + self.socket_bytes


def main() -> None:
    with tempfile.TemporaryDirectory() as data, app(Path(data)) as (base, pid), chromium() as driver:
        log_in(driver, base)
        first = visit(driver, base + '/', cold=True)
        repeat = visit(driver, base + '/', cold=False)
        visits_cpu = first_visits_cpu(driver, base, pid)
        idle_cpu, health_cpu = baselines(base, pid, visits_cpu.seconds)
    print_visit('First visit (empty cache)', first)
    print_visit('Repeat visit (same browser)', repeat)
    print()
    print(f'Server CPU over {VISITS} first visits, each with an empty cache')
    print(f'  {"what":<44}{"CPU ms":>10}{"per visit":>12}{"wall s":>9}')
    for name, cpu in (
        ('first visits of her home', visits_cpu),
        ('baseline: the app idling as long', idle_cpu),
        (f'baseline: GET /api/health × {VISITS}', health_cpu),
    ):
        print(f'  {name:<44}{cpu.ms:>10.0f}{cpu.ms / VISITS:>12.1f}{cpu.seconds:>9.1f}')
    print()
    print(f'first_kb={first.total / 1000:.1f} repeat_kb={repeat.total / 1000:.1f} first_cpu_ms={visits_cpu.ms / VISITS:.1f}')


# ---- the app ---------------------------------------------------------------------------------------


@contextmanager
def app(data: Path) -> Iterator[tuple[str, int]]:
    """The app with the demo data on a free port, as its own process; yields its base URL and pid."""
    port = free_port()
    env = {**os.environ, 'BERDAYA_DATA': str(data), 'BERDAYA_SECRET': 'bench-weight-secret'}
    command = [sys.executable, 'main.py', '--demo', '--host', '127.0.0.1', '--port', str(port), '--data', str(data)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f'http://127.0.0.1:{port}'
    try:
        wait_healthy(base, process)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f'the app stopped: {process.stderr.read().decode() if process.stderr else ""}')
        try:
            with urllib.request.urlopen(base + '/api/health', timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit('the app did not answer /api/health within 60 s')


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process (all its threads) so far."""
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14 and 15 of stat(5)


# ---- the browser -----------------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        f'--window-size={PHONE[0]},{PHONE[1]}',
    ):
        options.add_argument(argument)
    options.set_capability('goog:loggingPrefs', {'performance': 'ALL'})
    os.environ.setdefault('SE_OFFLINE', 'true')  # Debian's chromedriver, no driver download
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.execute_cdp_cmd(
            'Emulation.setDeviceMetricsOverride',
            {'width': PHONE[0], 'height': PHONE[1], 'deviceScaleFactor': 2, 'mobile': True},
        )
        driver.execute_cdp_cmd('Network.enable', {})
        yield driver
    finally:
        driver.quit()


def log_in(driver: webdriver.Chrome, base: str) -> None:
    driver.get(base + '/login')
    driver.find_element(By.ID, 'username').send_keys(TRAINEE[0])
    driver.find_element(By.ID, 'password').send_keys(TRAINEE[1])
    driver.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
    wait_until(driver, "return !!window.did_handshake && document.body.innerText.includes('Halo')")


def visit(driver: webdriver.Chrome, url: str, *, cold: bool) -> Visit:
    """Open `url` from about:blank and count what came over the wire until the network is quiet."""
    driver.get('about:blank')
    if cold:
        driver.execute_cdp_cmd('Network.clearBrowserCache', {})
    driver.get_log('performance')  # drop what came before
    driver.get(url)
    wait_until(driver, "return !!window.did_handshake && document.body.innerText.includes('Halo')")
    return count(quiet_log(driver))


def wait_until(driver: webdriver.Chrome, script: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not driver.execute_script(script):
        if time.monotonic() > deadline:
            raise SystemExit(f'timed out waiting for: {script}')
        time.sleep(0.05)


def quiet_log(driver: webdriver.Chrome, quiet: float = 1.0, timeout: float = 15) -> list[dict]:
    """The performance log's messages until no network event came for `quiet` seconds."""
    messages: list[dict] = []
    last = time.monotonic()
    deadline = last + timeout
    while time.monotonic() - last < quiet and time.monotonic() < deadline:
        fresh = [json.loads(entry['message'])['message'] for entry in driver.get_log('performance')]
        fresh = [m for m in fresh if m['method'].startswith('Network.')]
        if fresh:
            messages += fresh
            last = time.monotonic()
        time.sleep(0.1)
    return messages


def count(messages: list[dict]) -> Visit:
    fetches: dict[str, Fetch] = {}
    result = Visit()
    for message in messages:
        method, params = message['method'], message['params']
        if method == 'Network.requestWillBeSent':
            fetches[params['requestId']] = Fetch(params['request']['url'])
        elif method == 'Network.responseReceived' and params['requestId'] in fetches:
            response, fetch = params['response'], fetches[params['requestId']]
            headers = {k.lower(): v for k, v in response.get('headers', {}).items()}
            fetch.status = response.get('status', 0)
            fetch.encoding = headers.get('content-encoding', '')
            fetch.cache_control = headers.get('cache-control', '')
            fetch.cached = bool(response.get('fromDiskCache') or response.get('fromMemoryCache'))
        elif method == 'Network.requestServedFromCache' and params['requestId'] in fetches:
            fetches[params['requestId']].cached = True
        elif method == 'Network.loadingFinished' and params['requestId'] in fetches:
            fetches[params['requestId']].bytes = int(params.get('encodedDataLength', 0))
        elif method in ('Network.webSocketFrameReceived', 'Network.webSocketFrameSent'):
            result.socket_frames += 1
            result.socket_bytes += len(params['response'].get('payloadData', '').encode())
    result.fetches = [f for f in fetches.values() if not f.url.startswith('data:')]
    return result


def print_visit(title: str, result: Visit) -> None:
    print(f'{title}: {result.total / 1000:.1f} KB on the wire')
    print(f'  {"bytes":>8}  {"status":>6}  {"enc":<5} {"cache":<6} url')
    for fetch in sorted(result.fetches, key=lambda f: -f.bytes):
        where = 'hit' if fetch.cached else ''
        path = fetch.url.split('//', 1)[-1].split('/', 1)[-1]
        print(f'  {fetch.bytes:>8}  {fetch.status:>6}  {fetch.encoding:<5} {where:<6} /{path[:80]}')
    print(f'  {result.socket_bytes:>8}  {"ws":>6}  {"":<5} {"":<6} WebSocket: {result.socket_frames} frames both ways')
    print()


# ---- server CPU ------------------------------------------------------------------------------------


@dataclass
class Cpu:
    ms: float
    seconds: float


def first_visits_cpu(driver: webdriver.Chrome, base: str, pid: int) -> Cpu:
    started, before = time.monotonic(), cpu_seconds(pid)
    for _ in range(VISITS):
        driver.get('about:blank')
        driver.execute_cdp_cmd('Network.clearBrowserCache', {})
        driver.get(base + '/')
        wait_until(driver, "return !!window.did_handshake && document.body.innerText.includes('Halo')")
    driver.get('about:blank')
    driver.get_log('performance')
    return Cpu((cpu_seconds(pid) - before) * 1000, time.monotonic() - started)


def baselines(base: str, pid: int, seconds: float) -> tuple[Cpu, Cpu]:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    idle = Cpu((cpu_seconds(pid) - before) * 1000, seconds)
    started, before = time.monotonic(), cpu_seconds(pid)
    for _ in range(VISITS):
        with urllib.request.urlopen(base + '/api/health', timeout=5) as answer:
            answer.read()
    health = Cpu((cpu_seconds(pid) - before) * 1000, time.monotonic() - started)
    return idle, health


if __name__ == '__main__':
    main()
