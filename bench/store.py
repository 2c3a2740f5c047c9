#!/usr/bin/env python
"""Store benchmark: durable single inserts, the per-participant month query, start-up; SQLite as baseline.

Run from a clone: `python bench/store.py` (about a minute or two). For 1k, 10k and 100k sales spread
over 500 participants and 12 months it
  * preloads the store to N with batched puts (1,000 sales a transaction), then checkpoints;
  * times 1,000 single durable inserts at that size: `await store.put(sale)`, one at a time, each
    returning only once its journal line is fsynced (p50 / p99 / max);
  * times the per-participant month query: `store.by_index(Sale, 'participant_month', key)` and summing
    the revenue (mean over many keys), and the same over raw documents (`raw_by_index`);
and at 100k it also times `Store.open` from a snapshot alone, from a snapshot plus a journal to replay,
and from a journal alone (the worst case: no checkpoint ever ran), and does the same 1,000 single
inserts into SQLite (WAL, `synchronous=FULL`, one commit an insert, an index on participant + month),
in turns with the store's in blocks of 100, so both meet the same disk and the same neighbours.

The last line is machine-readable:
`insert_p99_ms_100k=<x> query_ms_100k=<x> startup_s_100k=<x> ratio_vs_sqlite=<x>`
with start-up the slowest of the snapshot and snapshot + journal cases, and the ratio our insert p99
over SQLite's at 100k. Set BENCH_DIR to put the temp folders on another disk.

`python bench/store.py --engine postgres` (the server in BERDAYA_DATABASE_URL) measures the same on PostgreSQL at
100k and 1M documents beside the file engine in the same run (start-up, each engine opened cold in a child process
of its own, the table vacuumed after the bulk load as autovacuum would have it in a deployment; single durable
inserts in turns, the month query); last line `insert_p99_ms_100k=<x> startup_s_1m=<x> ratio_vs_file=<x>`
(PostgreSQL's insert p99 over the file engine's at 100k).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.business import Channel, Sale  # noqa: E402
from store import Store, snapshot  # noqa: E402
from store.tx import serialise  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
PARTICIPANTS = 500
MONTHS = 12
TIMED_INSERTS = 1_000
ROUNDS = 10  # at 100k, store and SQLite inserts alternate in blocks of TIMED_INSERTS / ROUNDS
QUERIES = 2_000
PRELOAD_BATCH = 1_000
REPLAY_JOURNAL = 10_000  # sales journalled after the snapshot for the "snapshot + journal" start-up
CHANNELS = list(Channel)


def make_sale(n: int) -> Sale:
    participant = n % PARTICIPANTS
    month = (n // PARTICIPANTS) % MONTHS + 1
    return Sale(
        id=f'sale-{n:07d}',
        participant_id=f'p{participant:04d}',
        product_id=f'prod-{participant:04d}-{n % 3}',
        quantity=Decimal(n % 5 + 1),
        unit_price=2_000 + (n * 37) % 48_000,
        unit_hpp=1_000,
        channel=CHANNELS[n % len(CHANNELS)],
        buyer=f'Pembeli {n % 997}',
        at=dt.datetime(2025, month, n % 28 + 1, 7 + n % 12, n % 60, tzinfo=dt.UTC),
    )


def month_key(rng: random.Random) -> tuple[str, str]:
    return (f'p{rng.randrange(PARTICIPANTS):04d}', f'2025-{rng.randrange(MONTHS) + 1:02d}')


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(samples_s: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {'p50': percentile(ms, 50), 'p99': percentile(ms, 99), 'max': max(ms), 'mean': statistics.fmean(ms)}


async def preload(store: Store, start: int, stop: int) -> None:
    for first in range(start, stop, PRELOAD_BATCH):
        await store.put(*(make_sale(n) for n in range(first, min(stop, first + PRELOAD_BATCH))))


class GcPauses:
    """Time spent in the cyclic garbage collector, by generation, while active."""

    def __init__(self) -> None:
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._started = 0.0
        self.active = False

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if not self.active:
            return
        if phase == 'start':
            self._started = time.perf_counter()
        else:
            self.pauses[info['generation']].append(time.perf_counter() - self._started)


GC = GcPauses()
gc.callbacks.append(GC)


def raw_fdatasync(folder: Path, count: int) -> dict[str, float]:
    """The disk alone: append one journal-sized line and fdatasync, as the journal does."""
    fd = os.open(folder / 'fsync.probe', os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    line = b'x' * 330 + b'\n'
    times = []
    try:
        for _ in range(count):
            t0 = time.perf_counter()
            os.write(fd, line)
            os.fdatasync(fd)
            times.append(time.perf_counter() - t0)
    finally:
        os.close(fd)
    return summary(times)


def serialise_us(count: int) -> float:
    sales = [make_sale(n) for n in range(count)]
    t0 = time.perf_counter()
    for sale in sales:
        serialise(sale)
    return (time.perf_counter() - t0) / count * 1e6


async def timed_inserts(store: Store, first: int, count: int) -> list[float]:
    sales = [make_sale(n) for n in range(first, first + count)]  # built outside the timing
    times = []
    GC.active = True
    for sale in sales:
        t0 = time.perf_counter()
        await store.put(sale)
        times.append(time.perf_counter() - t0)
    GC.active = False
    return times


def timed_queries(store: Store, rng: random.Random) -> tuple[float, float, float]:
    """Mean ms of the month query with models, with raw documents, and sales found per key."""
    keys = [month_key(rng) for _ in range(QUERIES)]
    found = 0
    t0 = time.perf_counter()
    for key in keys:
        sales = store.by_index(Sale, 'participant_month', key)
        revenue = sum(sale.total for sale in sales)
        found += len(sales)
    with_models = (time.perf_counter() - t0) / QUERIES * 1000
    t0 = time.perf_counter()
    for key in keys:
        docs = store.raw_by_index(Sale, 'participant_month', key)
        revenue = sum(int((Decimal(d['quantity']) * d['unit_price']).to_integral_value()) for d in docs)
    raw = (time.perf_counter() - t0) / QUERIES * 1000
    del revenue
    return with_models, raw, found / QUERIES


async def timed_open(folder: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    store = await Store.open(folder)
    elapsed = time.perf_counter() - t0
    count = store.count(Sale)
    await store.close(checkpoint=False)
    return elapsed, count


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


class SqliteBaseline:
    """The same sales in SQLite: WAL, synchronous=FULL, an index on participant + month."""

    def __init__(self, folder: Path, preload_n: int) -> None:
        self.db = sqlite3.connect(folder / 'bench.sqlite', isolation_level=None)
        self.db.execute('PRAGMA journal_mode=WAL')
        self.db.execute('PRAGMA synchronous=FULL')
        self.db.execute('CREATE TABLE sales (id TEXT PRIMARY KEY, participant_id TEXT, month TEXT, doc TEXT NOT NULL)')
        self.db.execute('CREATE INDEX sales_participant_month ON sales (participant_id, month)')
        self.db.execute('BEGIN')
        self.db.executemany('INSERT INTO sales VALUES (?, ?, ?, ?)', (self.row(make_sale(n)) for n in range(preload_n)))
        self.db.execute('COMMIT')
        self.db.execute('PRAGMA wal_checkpoint(TRUNCATE)')

    @staticmethod
    def row(sale: Sale) -> tuple[str, str, str, str]:
        return (sale.id, sale.participant_id, sale.at.strftime('%Y-%m'), sale.model_dump_json())

    def timed_inserts(self, first: int, count: int) -> list[float]:
        """One commit an insert; serialising the sale counts, as it does in the store."""
        sales = [make_sale(n) for n in range(first, first + count)]
        times = []
        for sale in sales:
            t0 = time.perf_counter()
            self.db.execute('BEGIN')
            self.db.execute('INSERT INTO sales VALUES (?, ?, ?, ?)', self.row(sale))
            self.db.execute('COMMIT')
            times.append(time.perf_counter() - t0)
        return times

    def timed_queries(self, rng: random.Random) -> float:
        keys = [month_key(rng) for _ in range(QUERIES)]
        t0 = time.perf_counter()
        for key in keys:
            rows = self.db.execute('SELECT doc FROM sales WHERE participant_id=? AND month=?', key)
            docs = [json.loads(doc) for (doc,) in rows]
            sum(int((Decimal(d['quantity']) * d['unit_price']).to_integral_value()) for d in docs)
        return (time.perf_counter() - t0) / QUERIES * 1000

    def close(self) -> None:
        self.db.close()


async def main() -> None:
    started = time.perf_counter()
    base = Path(tempfile.mkdtemp(prefix='berdaya-bench-', dir=os.environ.get('BENCH_DIR')))
    try:
        sizes = await by_size(base, random.Random(2025))
        start_ups = await start_up_times(base)
        disk = raw_fdatasync(base, TIMED_INSERTS)
        cpu_us = serialise_us(2_000)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    report(sizes, start_ups, disk, cpu_us, time.perf_counter() - started)


@dataclass
class BySize:
    """What each size measured: a table row each, our p99 and query time by size, and at the largest size
    SQLite's figures and the garbage collector's pauses during the timed inserts."""

    rows: list[tuple[str, ...]] = field(default_factory=list)
    results: dict[str, float] = field(default_factory=dict)
    lite: dict[str, float] = field(default_factory=dict)
    gc_pauses: dict[int, tuple[int, float]] = field(default_factory=dict)


async def by_size(base: Path, rng: random.Random) -> BySize:
    """The store in `base / 'store'` grown to each size in turn, its inserts and queries timed at each."""
    measured = BySize()
    store = await Store.open(base / 'store')
    loaded = 0
    for size in SIZES:
        t0 = time.perf_counter()
        await preload(store, loaded, size)
        await store.checkpoint()  # timed inserts start on a fresh journal, as after a restart
        preload_s = time.perf_counter() - t0
        for pauses in GC.pauses.values():
            pauses.clear()
        first = 10_000_000 + size
        if size == SIZES[-1]:
            inserts, measured.lite = await inserts_beside_sqlite(store, base, size, first)
        else:
            inserts = summary(await timed_inserts(store, first, TIMED_INSERTS))
        measured.gc_pauses = {gen: (len(p), max(p, default=0) * 1000) for gen, p in GC.pauses.items()}
        loaded = size
        query_ms, raw_ms, per_key = timed_queries(store, rng)
        measured.rows.append(
            (
                f'{size:,}',
                f'{inserts["p50"]:.2f}',
                f'{inserts["p99"]:.2f}',
                f'{inserts["max"]:.2f}',
                f'{query_ms:.3f}',
                f'{raw_ms:.3f}',
                f'{per_key:.1f}',
                f'{preload_s:.1f}',
            )
        )
        measured.results[f'insert_p99_{size}'] = inserts['p99']
        measured.results[f'query_{size}'] = query_ms
    await store.close()  # final snapshot: the whole store in one file
    return measured


async def inserts_beside_sqlite(
    store: Store, base: Path, size: int, first: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Our inserts and SQLite's in turns, so both see the same disk and the same neighbours; SQLite's month
    query as well."""
    sqlite = SqliteBaseline(base, size)
    ours: list[float] = []
    theirs: list[float] = []
    block = TIMED_INSERTS // ROUNDS
    for r in range(ROUNDS):
        ours += await timed_inserts(store, first + r * block, block)
        theirs += sqlite.timed_inserts(first + r * block, block)
    lite = summary(theirs) | {'query_ms': sqlite.timed_queries(random.Random(7))}
    sqlite.close()
    return summary(ours), lite


@dataclass
class StartUps:
    snapshot_s: float
    snapshot_count: int
    snapshot_mb: float
    replay_s: float
    replay_count: int
    journal_s: float
    journal_count: int
    journal_mb: float


async def start_up_times(base: Path) -> StartUps:
    """`Store.open` at the largest size from a snapshot, from a snapshot and a journal, and from a journal alone."""
    folder = base / 'store'
    snapshot_s, snapshot_count = await timed_open(folder)
    snapshot_mb = folder_size(folder) / 1e6

    # snapshot + journal: more sales journalled after the snapshot, then a stop without checkpoint
    store = await Store.open(folder)
    await preload(store, SIZES[-1], SIZES[-1] + REPLAY_JOURNAL)
    await store.close(checkpoint=False)
    replay_s, replay_count = await timed_open(folder)

    # journal only: every sale in the journal, no snapshot (no checkpoint ever ran)
    only_journal = base / 'journal-only'
    store = await Store.open(only_journal, checkpoint_bytes=1 << 40)
    await preload(store, 0, SIZES[-1])
    await store.close(checkpoint=False)
    journal_mb = folder_size(only_journal) / 1e6
    journal_s, journal_count = await timed_open(only_journal)
    shutil.rmtree(only_journal)
    return StartUps(
        snapshot_s, snapshot_count, snapshot_mb, replay_s, replay_count, journal_s, journal_count, journal_mb
    )


def report(sizes: BySize, start_ups: StartUps, disk: dict[str, float], cpu_us: float, took_s: float) -> None:
    header = ('documents', 'insert p50 ms', 'p99 ms', 'max ms', 'query ms', 'raw query ms', 'sales/key', 'preload s')
    rows, results, lite, s = sizes.rows, sizes.results, sizes.lite, start_ups
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print('Berdaya store: durable single inserts (put, fsynced), month query (by_index + revenue sum)')
    print('  '.join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print('  '.join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    print()
    print(
        f'start-up at 100k: snapshot only ({s.snapshot_count:,} sales, {s.snapshot_mb:.1f} MB)      '
        f'{s.snapshot_s:.2f} s'
    )
    print(
        f'start-up at 100k: snapshot + journal of {REPLAY_JOURNAL:,} sales ({s.replay_count:,} in all)  '
        f'{s.replay_s:.2f} s'
    )
    print(
        f'start-up at 100k: journal only ({s.journal_count:,} sales, {s.journal_mb:.1f} MB)        {s.journal_s:.2f} s'
    )
    print()
    print(
        f'sqlite3 at 100k (WAL, synchronous=FULL, one commit an insert): insert p50 {lite["p50"]:.2f} ms, '
        f'p99 {lite["p99"]:.2f} ms, max {lite["max"]:.2f} ms; month query {lite["query_ms"]:.3f} ms'
    )
    print(
        f'where an insert goes: validate + serialise {cpu_us:.0f} us; the disk alone (append + fdatasync, '
        f'{TIMED_INSERTS:,} times): p50 {disk["p50"]:.2f} ms, p99 {disk["p99"]:.2f} ms, max {disk["max"]:.2f} ms'
    )
    gc_text = ', '.join(f'gen{g} {n} runs (max {m:.1f} ms)' for g, (n, m) in sizes.gc_pauses.items())
    print(f'garbage collector during the 1,000 inserts at 100k: {gc_text}')
    print(f'cpus {os.cpu_count()}, python {sys.version.split()[0]}, bench took {took_s:.0f} s')
    startup = max(s.snapshot_s, s.replay_s)
    ratio = results['insert_p99_100000'] / lite['p99']
    print(
        f'insert_p99_ms_100k={results["insert_p99_100000"]:.2f} query_ms_100k={results["query_100000"]:.3f} '
        f'startup_s_100k={startup:.2f} ratio_vs_sqlite={ratio:.2f}'
    )


# ---- --engine postgres: the same figures on PostgreSQL, beside the file engine in the same run ------------------

PG_SIZES = (100_000, 1_000_000)


async def postgres_main(url: str) -> None:
    """At 100k and 1M sales, a data folder and a tenant on `url` holding the same documents: start-up of each
    (snapshot load; the tenant's documents loaded), then 1,000 single durable inserts into each in turns of 100
    (fsync of a journal line; one PostgreSQL transaction with synchronous commit), and the month query (the same
    in-memory code on both)."""
    from store.pg_engine import open_postgres
    from store.postgres import Database

    started = time.perf_counter()
    base = Path(tempfile.mkdtemp(prefix='berdaya-bench-pg-', dir=os.environ.get('BENCH_DIR')))
    tenant = f'bench-{os.getpid()}'
    rows: list[tuple[str, ...]] = []
    figures: dict[str, float] = {}
    database = Database(url, tenant)
    try:
        print(f'synchronous_commit: {_pg_setting(url, "synchronous_commit")}, fsync: {_pg_setting(url, "fsync")}')
        for size in PG_SIZES:
            tables = {'sales': {f'sale-{n:07d}': serialise(make_sale(n)) for n in range(size)}}
            folder = base / f'file-{size}'
            folder.mkdir()
            snapshot.write_atomic(folder, snapshot.encode(tables, size))
            database.connect()
            database.refuse_if_locked()
            database.replace_all(tables, size, None, force=True)
            database.close()
            _settle(url)
            del tables
            gc.collect()
            # start-up as a process starting: each engine opened cold in a child of its own, so neither this
            # process's other store (a million documents of it) nor its memory weighs on the figure
            file_open = cold_open(['--open-file', str(folder)])[0]
            pg_open = cold_open(['--open-postgres', url, tenant, str(base / f'pg-{size}-cold')])[0]
            file_store = await Store.open(folder)
            pg_store = await open_postgres(base / f'pg-{size}', url, tenant)
            assert file_store.count(Sale) == pg_store.count(Sale) >= size
            file_times: list[float] = []
            pg_times: list[float] = []
            for turn in range(ROUNDS):
                first = size + turn * (TIMED_INSERTS // ROUNDS)
                file_times += await timed_inserts(file_store, first, TIMED_INSERTS // ROUNDS)
                pg_times += await timed_inserts(pg_store, first, TIMED_INSERTS // ROUNDS)
            file_query = timed_queries(file_store, random.Random(size))[0]
            pg_query = timed_queries(pg_store, random.Random(size))[0]
            await file_store.close(checkpoint=False)
            await pg_store.close()
            file_ins, pg_ins = summary(file_times), summary(pg_times)
            for name, ins, query, opened in (
                ('file', file_ins, file_query, file_open),
                ('postgres', pg_ins, pg_query, pg_open),
            ):
                rows.append((f'{size:,}', name, f'{ins["p50"]:.2f}', f'{ins["p99"]:.2f}', f'{ins["max"]:.1f}',
                             f'{query:.3f}', f'{opened:.2f}'))  # fmt: skip
            figures[f'pg_p99_{size}'], figures[f'file_p99_{size}'] = pg_ins['p99'], file_ins['p99']
            figures[f'pg_open_{size}'], figures[f'file_open_{size}'] = pg_open, file_open
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        _drop_bench_tenant(url, tenant)
        shutil.rmtree(base, ignore_errors=True)
    header = ('documents', 'engine', 'insert p50 ms', 'p99 ms', 'max ms', 'month query ms', 'start-up s')
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print('Berdaya store on PostgreSQL beside the file engine, same documents, inserts in turns of 100')
    print('  '.join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print('  '.join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    print(f'cpus {os.cpu_count()}, python {sys.version.split()[0]}, bench took {time.perf_counter() - started:.0f} s')
    small, large = PG_SIZES[0], PG_SIZES[-1]  # 100k and 1M (smaller in the test that runs the bench)
    ratio = figures[f'pg_p99_{small}'] / figures[f'file_p99_{small}']
    print(
        f'insert_p99_ms_100k={figures[f"pg_p99_{small}"]:.2f} startup_s_1m={figures[f"pg_open_{large}"]:.2f} '
        f'ratio_vs_file={ratio:.2f}'
    )


def _settle(url: str) -> None:
    """The table as a deployment's start-up finds it: written long before and vacuumed (autovacuum would have set
    its rows' hint bits and visibility map; the first read after a bulk COPY does that work instead)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute('VACUUM (ANALYZE) berdaya_documents')


def _pg_setting(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(f'SHOW {name}').fetchone()
        return str(row[0]) if row else '?'


def _drop_bench_tenant(url: str, tenant: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            'DELETE FROM berdaya_documents WHERE tenant IN '
            '(SELECT id FROM berdaya_tenants WHERE name = %s OR name LIKE %s)',
            (tenant, tenant + '.replaced-%'),
        )
        conn.execute('DELETE FROM berdaya_tenants WHERE name = %s OR name LIKE %s', (tenant, tenant + '.replaced-%'))


def cold_open(arguments: list[str]) -> tuple[float, float]:
    """A store opened cold by a child process of its own (`--open-file DIR` or `--open-postgres URL TENANT DIR`,
    then `--with-app` to import the app first, as its start-up has): the seconds the open took and the child's peak
    memory in MiB."""
    child = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *arguments], check=True, capture_output=True, text=True
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    return figures['seconds'], figures['peak_mib']


async def open_once(arguments: list[str]) -> None:
    """In a child: open the store as the app's start-up does, close it without a checkpoint, and print the
    seconds the open took and the peak memory, as JSON."""
    from store.pg_engine import open_postgres

    if '--with-app' in arguments:  # the server's own start-up carries the app, its pages and NiceGUI
        import ui.app
        import ui.routes  # noqa: F401

    started = time.perf_counter()
    if arguments[0] == '--open-file':
        store = await Store.open(arguments[1])
    else:
        store = await open_postgres(arguments[3], arguments[1], arguments[2])
    seconds = time.perf_counter() - started
    await store.close(checkpoint=False)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({'seconds': seconds, 'peak_mib': peak_mib}))


if __name__ == '__main__':
    if sys.argv[1:2] in (['--open-file'], ['--open-postgres']):
        asyncio.run(open_once(sys.argv[1:]))
    elif sys.argv[1:3] == ['--engine', 'postgres']:
        database_url = os.environ.get('BERDAYA_DATABASE_URL', '')
        if not database_url:
            sys.exit(
                'bench/store.py --engine postgres: set BERDAYA_DATABASE_URL=postgresql://… (the server to measure)'
            )
        asyncio.run(postgres_main(database_url))
    else:
        asyncio.run(main())
