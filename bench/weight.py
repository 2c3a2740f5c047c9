#!/usr/bin/env python
"""Weight of the trainee's home on a cheap phone: bytes on the wire and the server's CPU per first visit.

Run from a clone: `python bench/weight.py` (about two minutes). It starts the app with the demo data in a temp
data folder on a free port (`python main.py --demo`), puts a small TCP relay between it and the browser that
counts every byte the app sends, drives Debian's Chromium headless at 360×740 and logs in as the demo
trainee (081200000001 / PIN 123456) through the plain log-in form, then
  * first visit: with the browser's cache, service worker and Cache Storage emptied (cookies kept: she is
    logged in), opens her home `/` and waits until the page's socket is up and nothing has come for a
    second. Counted: everything the app sent over TCP in that time: HTTP headers and bodies as sent
    (compressed), the WebSocket upgrade and frames, and the service worker's install fetches;
  * repeat visit: the same browser goes to about:blank and opens `/` again, as she would from her home
    screen the next day: the same count, so only what is fetched again;
  * server CPU per first visit: the app process's user + system CPU time (`/proc/<pid>/stat`) across
    VISITS first visits, each with the cache and service worker emptied first and a short look at the page
    (LOOK seconds), less what the app spends idling for as long (uvicorn's and NiceGUI's timers wake it
    10-20 times a second whether anyone visits or not; the rate is measured over 20 s before the visits in
    the same run), divided by VISITS: what a visit costs. Printed beside it: the gross figure, the idling,
    and serving `/api/health` VISITS times (the cheapest request the app answers), for scale.
The tables list each response the page itself received (Chromium's `Network.loadingFinished`
`encodedDataLength`); the relay's total also holds what the service worker fetched for itself.

The last line is machine-readable: `first_kb=<x> repeat_kb=<x> first_cpu_ms=<x>` (KB = 1,000 bytes sent by
the app). Targets (issue 7): first ≤ 300 KB, repeat ≤ 10 KB, first-visit server CPU ≤ 20 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import threading
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

from bench.served import free_port, served  # noqa: E402

TRAINEE = ('081200000001', '123456')
PHONE = (360, 740)
VISITS = 40
LOOK = 0.5  # seconds she looks at her home before the next visit
SETTLE_S = 90  # at most this long waiting for the app to go quiet before its idling is measured
QUIET_MS_A_SECOND = 50  # quiet: under 5 % of a core
CHROMIUM = os.environ.get('CHROME_BINARY_LOCATION', '/usr/bin/chromium')
CHROMEDRIVER = '/usr/bin/chromedriver'
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


@dataclass
class Fetch:
    url: str
    status: int = 0
    encoding: str = ''
    cached: bool = False
    bytes: int = 0


@dataclass
class Visit:
    sent: int  # bytes the app sent over TCP: the figure that counts
    received: int  # bytes the browser sent to the app
    fetches: list[Fetch] = field(default_factory=list)
    socket_frames: int = 0

    @property
    def page_bytes(self) -> int:
        return sum(f.bytes for f in self.fetches)


@dataclass
class Cpu:
    ms: float
    seconds: float


def main() -> None:
    with tempfile.TemporaryDirectory() as temp, app(Path(temp)) as (port, pid), Relay(port) as relay:
        base = f'http://127.0.0.1:{relay.port}'
        warm(base)
        with chromium() as driver:
            log_in(driver, base)
            idle_rate = idle_cpu_rate(pid)
            first = visit(driver, base, relay, cold=True)
            repeat = visit(driver, base, relay, cold=False)
            visits_cpu = first_visits_cpu(driver, base, pid)
        idle_cpu = Cpu(idle_rate * visits_cpu.seconds, visits_cpu.seconds)
        health_cpu = health_cpu_of(base, pid)
    print_visit('First visit (empty cache, no service worker)', first)
    print_visit('Repeat visit (same browser)', repeat)
    print(f'Server CPU over {VISITS} first visits, each with an empty cache')
    print(f'  {"what":<44}{"CPU ms":>10}{"per visit":>12}{"wall s":>9}')
    for name, cpu in (
        ('first visits of her home', visits_cpu),
        ('baseline: the app idling as long (before)', idle_cpu),
        (f'baseline: GET /api/health × {VISITS}', health_cpu),
    ):
        print(f'  {name:<44}{cpu.ms:>10.0f}{cpu.ms / VISITS:>12.1f}{cpu.seconds:>9.1f}')
    net = (visits_cpu.ms - idle_cpu.ms) / VISITS
    print(f'  {"what the visits cost (first − idling)":<44}{visits_cpu.ms - idle_cpu.ms:>10.0f}{net:>12.1f}')
    print()
    print(f'first_kb={first.sent / 1000:.1f} repeat_kb={repeat.sent / 1000:.1f} first_cpu_ms={net:.1f}')


# ---- the app ---------------------------------------------------------------------------------------


@contextmanager
def app(temp: Path) -> Iterator[tuple[int, int]]:
    """The app with the demo data (in `temp`) on a free port, as its own process; yields its port and pid."""
    port, data = free_port(), temp / 'data'
    env = {**os.environ, 'BERDAYA_DATA': str(data), 'BERDAYA_SECRET': 'bench-weight-secret'}
    command = [sys.executable, 'main.py', '--demo', '--host', '127.0.0.1', '--port', str(port), '--data', str(data)]
    with served(command, port, env=env, log=temp / 'app.log') as process:
        yield port, process.pid


def warm(base: str) -> None:
    """Wait until the app has its compressed files ready (made once per machine, then read from a cache
    folder): the first start on a fresh machine spends a few seconds on them, which is not a visit's cost."""
    request = urllib.request.Request(f'{base}/_nicegui/{nicegui_version()}/static/quasar.umd.prod.js')
    request.add_header('Accept-Encoding', 'br')
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()


def nicegui_version() -> str:
    import nicegui

    return nicegui.__version__


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process (all its threads) so far."""
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14 and 15 of stat(5)


class Relay:
    """A TCP relay on a free port in front of the app, counting the bytes each way."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self.sent = 0  # app -> browser
        self.received = 0  # browser -> app
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> Relay:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self.loop).result(10)
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shut(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def _shut(self) -> None:
        """End every connection still open while the loop runs, so none is left to a closed loop."""
        self.server.close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _serve(self) -> None:
        self.server = await asyncio.start_server(self._connection, '127.0.0.1', self.port)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            app_reader, app_writer = await asyncio.open_connection('127.0.0.1', self.target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(self._pump(reader, app_writer, 'received'), self._pump(app_reader, writer, 'sent'))

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, counter: str) -> None:
        try:
            while data := await reader.read(65536):
                setattr(self, counter, getattr(self, counter) + len(data))
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    def quiet(self, seconds: float = 1.0, timeout: float = 20) -> None:
        """Wait until nothing has gone either way for `seconds`."""
        deadline = time.monotonic() + timeout
        last, since = (self.sent, self.received), time.monotonic()
        while time.monotonic() - since < seconds and time.monotonic() < deadline:
            time.sleep(0.05)
            if (self.sent, self.received) != last:
                last, since = (self.sent, self.received), time.monotonic()


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
    wait_for_home(driver)


def forget(driver: webdriver.Chrome, base: str) -> None:
    """A phone that never saw the app: no HTTP cache, no service worker, no Cache Storage (cookies kept)."""
    driver.get('about:blank')
    driver.execute_cdp_cmd('Network.clearBrowserCache', {})
    driver.execute_cdp_cmd(
        'Storage.clearDataForOrigin', {'origin': base, 'storageTypes': 'service_workers,cache_storage'}
    )


def visit(driver: webdriver.Chrome, base: str, relay: Relay, *, cold: bool) -> Visit:
    """Open her home from about:blank; count what came over the wire until nothing more comes."""
    if cold:
        forget(driver, base)
    else:
        driver.get('about:blank')
    relay.quiet()
    driver.get_log('performance')  # drop what came before
    sent, received = relay.sent, relay.received
    driver.get(base + '/')
    wait_for_home(driver)
    relay.quiet()
    result = count(driver_log(driver))
    result.sent, result.received = relay.sent - sent, relay.received - received
    return result


def wait_for_home(driver: webdriver.Chrome, timeout: float = 30) -> None:
    script = "return !!window.did_handshake && document.body.innerText.includes('Halo')"
    deadline = time.monotonic() + timeout
    while not driver.execute_script(script):
        if time.monotonic() > deadline:
            raise SystemExit('timed out waiting for her home')
        time.sleep(0.05)


def driver_log(driver: webdriver.Chrome) -> list[dict]:
    messages = [json.loads(entry['message'])['message'] for entry in driver.get_log('performance')]
    return [m for m in messages if m['method'].startswith('Network.')]


def count(messages: list[dict]) -> Visit:
    fetches: dict[str, Fetch] = {}
    result = Visit(0, 0)
    for message in messages:
        method, params = message['method'], message['params']
        fetch = fetches.get(params.get('requestId', ''))
        if method == 'Network.requestWillBeSent':
            fetches[params['requestId']] = Fetch(params['request']['url'])
        elif method == 'Network.responseReceived' and fetch is not None:
            response = params['response']
            headers = {k.lower(): v for k, v in response.get('headers', {}).items()}
            fetch.status = response.get('status', 0)
            fetch.encoding = headers.get('content-encoding', '')
            fetch.cached = fetch.cached or bool(response.get('fromDiskCache') or response.get('fromServiceWorker'))
        elif method == 'Network.requestServedFromCache' and fetch is not None:
            fetch.cached = True
        elif method == 'Network.loadingFinished' and fetch is not None:
            fetch.bytes = int(params.get('encodedDataLength', 0))
        elif method in ('Network.webSocketFrameReceived', 'Network.webSocketFrameSent'):
            result.socket_frames += 1
    result.fetches = [f for f in fetches.values() if not f.url.startswith('data:')]
    return result


def print_visit(title: str, result: Visit) -> None:
    print(f'{title}: {result.sent / 1000:.1f} KB from the app, {result.received / 1000:.1f} KB to it')
    print(f'  {"bytes":>8}  {"status":>6}  {"enc":<5} {"from":<7} url')
    for fetch in sorted(result.fetches, key=lambda f: (-f.bytes, f.url)):
        where = 'cache' if fetch.cached or (fetch.status == 200 and not fetch.bytes) else 'network'
        path = '/' + fetch.url.split('//', 1)[-1].split('/', 1)[-1]
        print(f'  {fetch.bytes:>8}  {fetch.status:>6}  {fetch.encoding:<5} {where:<7} {path[:80]}')
    rest = result.sent - result.page_bytes
    print(
        f'  {rest:>8}  {"":>6}  {"":<5} {"network":<7} the rest: WebSocket ({result.socket_frames} frames), '
        'service worker fetches'
    )
    print()


# ---- server CPU ------------------------------------------------------------------------------------


def first_visits_cpu(driver: webdriver.Chrome, base: str, pid: int) -> Cpu:
    started, before = time.monotonic(), cpu_seconds(pid)
    for _ in range(VISITS):
        forget(driver, base)
        driver.get(base + '/')
        wait_for_home(driver)
        time.sleep(LOOK)
    driver.get('about:blank')
    driver.get_log('performance')
    return Cpu((cpu_seconds(pid) - before) * 1000, time.monotonic() - started)


def idle_cpu_rate(pid: int, seconds: float = 20) -> float:
    """CPU ms a second the app spends with nobody on a page (her log-in page may still be kept), measured once its
    start-up work is over: compressing the static files for a fresh cache folder takes seconds of CPU in a thread,
    and counted as idling it made the visits' own cost come out below zero."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline and _cpu_rate(pid, 2) > QUIET_MS_A_SECOND:
        pass
    return _cpu_rate(pid, seconds)


def _cpu_rate(pid: int, seconds: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) * 1000 / seconds


def health_cpu_of(base: str, pid: int) -> Cpu:
    started, before = time.monotonic(), cpu_seconds(pid)
    for _ in range(VISITS):
        with urllib.request.urlopen(base + '/api/health', timeout=5) as answer:
            answer.read()
    return Cpu((cpu_seconds(pid) - before) * 1000, time.monotonic() - started)


if __name__ == '__main__':
    main()
