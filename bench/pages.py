#!/usr/bin/env python
"""Pages as cheap as the routes around them: server CPU per view, memory under a refresh storm, a million records.

Run from a clone: `python bench/pages.py` (about four minutes; `--small`, or BENCH_PAGES_SMALL=1, for a quick look
at a tiny size). In a temp folder it
  * seeds the demo (`store.demo.seed_demo`, today in WIB) plus 100,000 generated sales of 300 more trainees (as
    `bench/business.py` makes them), and a logged-in session for the demo's trainee 081200000001 and for the
    coordinator `koordinator`;
  * starts the real app on that folder in its own process (`python main.py --data …`, as `berdaya` runs it) and
    puts closed-loop load on it, one path after the other: 20 clients, each sending its next GET as soon as its
    last is answered, for 20 s, on `/api/health` (the cheapest route the app answers: the baseline), the
    trainee's home `/` and the coordinator's page of the kue programme `/programmes/{id}`; each request on its own
    connection, as a phone opening a page makes one. Measured: requests per second, p95, errors (any answer but
    200) and the SERVER's CPU per request: the app process's user + system time (`/proc/<pid>/stat`) across the
    phase over the requests it answered (idling included: at these rates it is a small part);
  * starts the app afresh on the same folder and sends 2,400 views of the trainee's home within 20 s (plain
    GETs of the page that never open its socket: a refresh storm, a phone that loses signal after the HTML),
    sampling the process's VmRSS every 0.1 s from before the storm to 5 s after it: the peak is the figure;
  * writes a snapshot of 1,000,000 sales (`bench/store.py`'s) and opens it with `Store.open` in a child process
    of its own that has imported the app first (NiceGUI, every page), as the server's start-up has: the time to
    open and the child's peak memory (`ru_maxrss`), the app's share included.

The last line is machine-readable:
`home_cpu_ms=<x> programme_cpu_ms=<x> home_vs_health=<x> storm_peak_mib=<x> start_s_1m=<x> start_peak_mib_1m=<x>`
(`home_vs_health`: the home's CPU per request over `/api/health`'s). Targets (issue 21): home_cpu_ms ≤ 4,
programme_cpu_ms ≤ 10, storm_peak_mib ≤ 250, start_s_1m ≤ 4, start_peak_mib_1m ≤ 1,300.
Set BENCH_DIR to put the temp folders on another disk.

For comparing two versions of the code on the same data in one sitting (this machine's figures move ±15 % between
runs minutes apart): `--keep DIR` seeds DIR once (later runs reuse it, with the sessions it wrote to
DIR/seeded.json), `--only load,storm,start` runs only those phases (the report then shows what ran) and
`--seconds N` sets each load phase's length.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import business  # noqa: E402
from bench import store as store_bench  # noqa: E402
from bench.checkin_burst import get, percentile  # noqa: E402
from bench.served import free_port, served  # noqa: E402
from bench.weight import cpu_seconds  # noqa: E402

SALES = 100_000
CLIENTS = 20
SECONDS = 20.0
STORM_VIEWS = 2_400
STORM_SECONDS = 20.0
STORM_AFTER = 5.0  # seconds the memory is still sampled after the storm's last answer
BIG_SALES = 1_000_000
TRAINEE = '081200000001'
COORDINATOR = 'koordinator'
SMALL = {'SALES': 2_000, 'CLIENTS': 4, 'SECONDS': 1.5, 'STORM_VIEWS': 40, 'STORM_SECONDS': 1.0, 'STORM_AFTER': 0.5,
         'BIG_SALES': 5_000}  # fmt: skip


@dataclass
class Seeded:
    programme_id: str  # the demo's kue programme
    trainee: str  # session tokens
    coordinator: str


@dataclass
class Phase:
    name: str
    answers: int
    errors: int
    seconds: float
    cpu_s: float
    latencies_s: list[float]

    @property
    def per_second(self) -> float:
        return self.answers / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.cpu_s * 1000 / max(1, self.answers)


@dataclass
class Storm:
    views: int
    errors: int
    seconds: float
    before_mib: float
    peak_mib: float
    after_mib: float


PHASES = ('load', 'storm', 'start')


def main(keep: Path | None = None, only: tuple[str, ...] = PHASES) -> None:
    with tempfile.TemporaryDirectory(prefix='berdaya-pages-', dir=os.environ.get('BENCH_DIR')) as temp:
        base = keep or Path(temp)
        seeded_at = time.perf_counter()
        seeded = seeded_once(base)
        seed_s = time.perf_counter() - seeded_at
        phases = load_phases(base, seeded) if 'load' in only else []
        storm = storm_phase(base, seeded) if 'storm' in only else None
        start = cold_start(Path(temp) / 'big') if 'start' in only else None
    report(seed_s, phases, storm, start)


def seeded_once(base: Path) -> Seeded:
    """The seeded folder under `base`: made now, or (with --keep) as an earlier run made it."""
    record = base / 'seeded.json'
    if record.exists():
        return Seeded(**json.loads(record.read_text()))
    base.mkdir(parents=True, exist_ok=True)
    seeded = asyncio.run(seed(base / 'data'))
    record.write_text(json.dumps(asdict(seeded)))
    return seeded


# ---- the data ---------------------------------------------------------------------------------------------------


async def seed(data: Path) -> Seeded:
    """The demo, SALES generated sales beside it, and a session for the trainee and the coordinator."""
    from models.account import Account
    from models.programme import Programme, ProgrammeKind, Zone
    from store import Store
    from store.accounts import start_session
    from store.demo import seed_demo

    store = await Store.open(data)
    try:
        await seed_demo(store, dt.datetime.now(Zone.WIB.tz).date())
        business.SALES = SALES
        trainees, products = business.people()
        await business.seed(store, [*trainees, *products, *business.sales(products, random.Random(21))])
        accounts = {a.username: a for a in store.all(Account)}
        now = dt.datetime.now(dt.UTC)
        trainee, _ = await start_session(store, accounts[TRAINEE], now)
        coordinator, _ = await start_session(store, accounts[COORDINATOR], now)
        kue = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KUE)
    finally:
        await store.close()
    return Seeded(kue.id, trainee, coordinator)


def app_env() -> dict[str, str]:
    """A plain start of the app, also when a test runs the bench."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(('NICEGUI_', 'PYTEST_', 'BERDAYA_'))}
    return env | {'BERDAYA_SECRET': 'bench-pages-secret'}


def app_command(data: Path, port: int) -> list[str]:
    return [sys.executable, str(ROOT / 'main.py'), '--data', str(data), '--host', '127.0.0.1', '--port', str(port)]


# ---- closed-loop load -------------------------------------------------------------------------------------------


def load_phases(base: Path, seeded: Seeded) -> list[Phase]:
    port = free_port()
    paths = (
        ('/api/health', '/api/health', None),
        ('trainee home /', '/', seeded.trainee),
        ('programme page (coordinator)', f'/programmes/{seeded.programme_id}', seeded.coordinator),
    )
    with served(app_command(base / 'data', port), port, env=app_env(), log=base / 'load.log') as process:
        for _, path, cookie in paths:  # a path's first views import its modules: not a view's cost
            asyncio.run(closed_loop(port, path, cookie, clients=2, seconds=0.5))
        phases = []
        for name, path, cookie in paths:
            before = cpu_seconds(process.pid)
            answers, errors, seconds, latencies = asyncio.run(closed_loop(port, path, cookie, CLIENTS, SECONDS))
            phases.append(Phase(name, answers, errors, seconds, cpu_seconds(process.pid) - before, latencies))
    return phases


async def closed_loop(
    port: int, path: str, cookie: str | None, clients: int, seconds: float
) -> tuple[int, int, float, list[float]]:
    """`clients` clients, each sending its next GET as soon as its last is answered, until `seconds` are over;
    returns the answers, the errors among them, the wall time and each answer's latency."""
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def client() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            try:
                took, status, _ = await get(port, path, cookie)
            except OSError:
                took, status = 0.0, 0
            latencies.append(took)
            errors += status != 200

    await asyncio.gather(*(client() for _ in range(clients)))
    return len(latencies), errors, time.perf_counter() - started, latencies


# ---- the refresh storm ------------------------------------------------------------------------------------------


def storm_phase(base: Path, seeded: Seeded) -> Storm:
    """A fresh app, STORM_VIEWS views of the trainee's home paced over STORM_SECONDS, none opening its socket."""
    port = free_port()
    with served(app_command(base / 'data', port), port, env=app_env(), log=base / 'storm.log') as process:
        asyncio.run(closed_loop(port, '/', seeded.trainee, clients=2, seconds=0.5))  # imports, as above
        time.sleep(1)
        return asyncio.run(storm(port, process.pid, seeded.trainee))


async def storm(port: int, pid: int, cookie: str) -> Storm:
    samples: list[float] = []
    sampling = True

    async def sample() -> None:
        while sampling:
            samples.append(rss_mib(pid))
            await asyncio.sleep(0.1)

    before = rss_mib(pid)
    sampler = asyncio.create_task(sample())
    started = time.perf_counter()
    gap = STORM_SECONDS / STORM_VIEWS

    async def view(n: int) -> int:
        await asyncio.sleep(max(0.0, started + n * gap - time.perf_counter()))
        try:
            return (await get(port, '/', cookie))[1]
        except OSError:
            return 0

    statuses = await asyncio.gather(*(view(n) for n in range(STORM_VIEWS)))
    seconds = time.perf_counter() - started
    await asyncio.sleep(STORM_AFTER)
    after = rss_mib(pid)
    sampling = False
    await sampler
    peak = max(samples + [after])
    return Storm(STORM_VIEWS, sum(1 for s in statuses if s != 200), seconds, before, peak, after)


def rss_mib(pid: int) -> float:
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return 0.0


# ---- a million sales, opened cold -------------------------------------------------------------------------------


def cold_start(folder: Path) -> tuple[float, float]:
    """BIG_SALES sales written as a snapshot by one child process and opened by another (`bench/store.py`'s cold
    open), so neither the writing nor this process's memory counts; returns the seconds `Store.open` took and the
    opening child's peak MiB."""
    me = str(Path(__file__).resolve())
    subprocess.run([sys.executable, me, '--write-big', str(folder), str(BIG_SALES)], check=True, cwd=ROOT)
    return store_bench.cold_open(['--open-file', str(folder), '--with-app'])


def write_big(folder: Path, count: int) -> None:
    from bench.store import make_sale
    from store import snapshot
    from store.tx import serialise

    folder.mkdir(parents=True)
    gc.disable()  # a million small dicts: the cycle collector would only slow the writing down
    tables = {'sales': {f'sale-{n:07d}': serialise(make_sale(n)) for n in range(count)}}
    snapshot.write_atomic(folder, snapshot.encode(tables, count))


# ---- the report -------------------------------------------------------------------------------------------------


def report(seed_s: float, phases: list[Phase], storm: Storm | None, start: tuple[float, float] | None) -> None:
    print(f'the demo and {SALES:,} sales seeded in {seed_s:.1f} s; {CLIENTS} clients, closed loop, {SECONDS:g} s each')
    header = f'{"per s":>8}{"p50 ms":>9}{"p95 ms":>9}{"max ms":>9}{"errors":>8}{"CPU ms/req":>12}{"vs health":>11}'
    figures = []
    if phases:
        print(f'  {"what":<30}{header}')
        health = phases[0].cpu_ms
        home, programme = phases[1], phases[2]
        figures += [f'home_cpu_ms={home.cpu_ms:.2f}', f'programme_cpu_ms={programme.cpu_ms:.2f}',
                    f'home_vs_health={home.cpu_ms / health:.2f}']  # fmt: skip
    for phase in phases:
        ms = [s * 1000 for s in phase.latencies_s] or [0.0]
        print(
            f'  {phase.name:<30}{phase.per_second:>8.0f}{percentile(ms, 50):>9.0f}{percentile(ms, 95):>9.0f}'
            f'{max(ms):>9.0f}{phase.errors:>8}{phase.cpu_ms:>12.2f}{phase.cpu_ms / health:>10.1f}×'
        )
    if storm is not None:
        print(
            f'refresh storm: {storm.views:,} views of the home that never open their socket in {storm.seconds:.1f} s '
            f'({storm.errors} errors): RSS {storm.before_mib:.0f} MiB before, {storm.peak_mib:.0f} MiB at its peak, '
            f'{storm.after_mib:.0f} MiB {STORM_AFTER:g} s after'
        )
        figures.append(f'storm_peak_mib={storm.peak_mib:.0f}')
    if start is not None:
        start_s, start_mib = start
        print(f'cold start of the store with {BIG_SALES:,} sales: {start_s:.2f} s, peak {start_mib:.0f} MiB')
        figures += [f'start_s_1m={start_s:.2f}', f'start_peak_mib_1m={start_mib:.0f}']
    print(f'cpus {os.cpu_count()}, python {sys.version.split()[0]}')
    print()
    print(' '.join(figures))


def small() -> None:
    for name, value in SMALL.items():
        globals()[name] = value


if __name__ == '__main__':
    if sys.argv[1:2] == ['--write-big']:
        write_big(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        args = sys.argv[1:]
        if '--small' in args or os.environ.get('BENCH_PAGES_SMALL'):
            small()
        if '--seconds' in args:
            SECONDS = float(args[args.index('--seconds') + 1])
        keep = Path(args[args.index('--keep') + 1]) if '--keep' in args else None
        only = tuple(args[args.index('--only') + 1].split(',')) if '--only' in args else PHASES
        main(keep, only)
