#!/usr/bin/env python
"""Business log benchmark: her dashboard's month and one sale, with 100k sales in the store; SQLite as baseline.

Run from a clone: `python bench/business.py` (about a minute). In a temp folder it
  * seeds 300 trainees, 3 products each, and 100,000 sales spread over them and 12 months (10 % unpaid, each
    with a buyer), plus 6,000 expenses, in batched transactions, then checkpoints;
  * times her dashboard's month, as `ui/pages/business.py` asks the store for it: the month's totals
    (`summary`), best products, the list of the month's entries, who owes her (`unpaid`) and the weekly
    chart (`weekly`), for 300 random (trainee, month) pairs (p50 / p95);
  * times 1,000 sales saved one at a time through `record_sale` (the path her tap takes: product checked,
    price and HPP filled in, a client id so a retry saves nothing twice, the journal fsynced before it
    returns) (p50 / p99);
and as the baseline, in the same run on the same disk: the same 100k sales in SQLite (WAL,
`synchronous=FULL`, an index on trainee + time), the month's totals, best products, entries and unpaid
list as SQL queries, and 1,000 single-row inserts each in its own commit.

The last line is machine-readable: `dashboard_p95_ms=<x> sale_p99_ms=<x>`. Targets (issue 6): dashboard
p95 < 50 ms, sale p99 < 5 ms. Set BENCH_DIR to put the temp folders on another disk.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.business import Channel, Expense, ExpenseCategory, Product, Sale, SaleForm, Unit  # noqa: E402
from models.participant import Participant  # noqa: E402
from store import Store  # noqa: E402
from store.figures import best_products, entries, summary, weekly  # noqa: E402
from store.periods import WIB, month_period  # noqa: E402
from store.sales import record_sale, unpaid  # noqa: E402

TRAINEES = 300
PRODUCTS_EACH = 3
SALES = 100_000
EXPENSES = 6_000
DASHBOARDS = 300
SINGLE_SALES = 1_000
BATCH = 1_000
FIRST_DAY = dt.datetime(2025, 12, 1, tzinfo=WIB)
DAYS = 365


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def moment(rng: random.Random) -> dt.datetime:
    return (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(6 * 60, 20 * 60))).astimezone(
        dt.UTC
    )


def people() -> tuple[list[Participant], list[Product]]:
    trainees = [Participant(id=f'p{n:03d}', name=f'Peserta {n}', village='Desa Uji') for n in range(TRAINEES)]
    products = [
        Product(id=f'{p.id}-k{k}', participant_id=p.id, name=f'Kue {k}', unit=Unit.PCS, price=2000 + 500 * k, hpp=900)
        for p in trainees
        for k in range(PRODUCTS_EACH)
    ]
    return trainees, products


def sales(products: list[Product], rng: random.Random) -> list[Sale]:
    made = []
    for n in range(SALES):
        product = rng.choice(products)
        paid = rng.random() > 0.1
        made.append(
            Sale(
                id=f's{n:06d}',
                participant_id=product.participant_id,
                product_id=product.id,
                quantity=Decimal(rng.randint(1, 30)),
                unit_price=product.price,
                unit_hpp=product.hpp,
                channel=rng.choice(list(Channel)),
                paid=paid,
                buyer='' if paid else f'Bu Pembeli {n % 97}',
                at=moment(rng),
            )  # fmt: skip
        )
    return made


def expenses(trainees: list[Participant], rng: random.Random) -> list[Expense]:
    return [
        Expense(
            id=f'e{n:05d}',
            participant_id=rng.choice(trainees).id,
            category=rng.choice(list(ExpenseCategory)),
            amount=rng.randint(5, 200) * 1000,
            at=moment(rng),
        )  # fmt: skip
        for n in range(EXPENSES)
    ]


async def seed(store: Store, records: list) -> None:  # type: ignore[type-arg]
    for start in range(0, len(records), BATCH):
        await store.put(*records[start : start + BATCH])
    await store.checkpoint()


def dashboard(store: Store, participant_id: str, now: dt.datetime) -> int:
    """What her dashboard asks the store for, for the month of `now`."""
    window = month_period(now, WIB)
    totals = summary(store, participant_id, window.start, window.end)
    best = best_products(store, participant_id, window.start, window.end)
    listed = entries(store, participant_id, window.start, window.end)
    owed = unpaid(store, participant_id)
    weeks = weekly(store, participant_id, now=now, tz=WIB)
    return totals.revenue + len(best) + len(listed) + len(owed) + len(weeks)


def timed_dashboards(show: Callable[[str, dt.datetime], object], rng: random.Random) -> list[float]:
    """`show(trainee, now)` timed for DASHBOARDS random trainees and moments of the year."""
    samples = []
    for _ in range(DASHBOARDS):
        participant = f'p{rng.randrange(TRAINEES):03d}'
        now = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS), hours=12)
        started = time.perf_counter()
        show(participant, now)
        samples.append(time.perf_counter() - started)
    return samples


async def timed_sales(store: Store, products: list[Product], rng: random.Random) -> list[float]:
    samples = []
    for n in range(SINGLE_SALES):
        product = rng.choice(products)
        form = SaleForm(product_id=product.id, quantity=Decimal(rng.randint(1, 10)), at=moment(rng))
        started = time.perf_counter()
        await record_sale(store, product.participant_id, form, client_id=f'bench-{n:05d}')
        samples.append(time.perf_counter() - started)
    return samples


# ---- the baseline: SQLite ----------------------------------------------------------------------------


def sqlite_db(folder: Path, sold: list[Sale]) -> sqlite3.Connection:
    db = sqlite3.connect(folder / 'bench.sqlite', isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL')
    db.execute('PRAGMA synchronous=FULL')
    db.execute(
        'CREATE TABLE sales (id TEXT PRIMARY KEY, participant TEXT, product TEXT, quantity INTEGER, price INTEGER,'
        ' hpp INTEGER, paid INTEGER, paid_amount INTEGER, buyer TEXT, at TEXT, deleted INTEGER)'
    )
    db.execute('CREATE INDEX by_participant_at ON sales (participant, at)')
    db.execute('BEGIN')
    db.executemany(
        'INSERT INTO sales VALUES (?,?,?,?,?,?,?,?,?,?,0)',
        [
            (s.id, s.participant_id, s.product_id, int(s.quantity), s.unit_price, s.unit_hpp, s.paid, 0, s.buyer,
             s.at.isoformat())
            for s in sold
        ],
    )  # fmt: skip
    db.execute('COMMIT')
    return db


def sqlite_dashboard(db: sqlite3.Connection, participant_id: str, now: dt.datetime) -> int:
    window = month_period(now, WIB)
    start, end = window.start.astimezone(dt.UTC).isoformat(), window.end.astimezone(dt.UTC).isoformat()
    where = 'participant = ? AND at >= ? AND at < ? AND deleted = 0'
    totals = db.execute(f'SELECT SUM(quantity * price), SUM(quantity * hpp) FROM sales WHERE {where}',
                        (participant_id, start, end)).fetchone()  # fmt: skip
    best = db.execute(
        f'SELECT product, SUM(quantity), SUM(quantity * price) AS r FROM sales WHERE {where}'
        ' GROUP BY product ORDER BY r DESC LIMIT 3',
        (participant_id, start, end),
    ).fetchall()
    listed = db.execute(f'SELECT * FROM sales WHERE {where} ORDER BY at DESC', (participant_id, start, end)).fetchall()
    owed = db.execute(
        'SELECT * FROM sales WHERE participant = ? AND paid = 0 AND deleted = 0 ORDER BY at', (participant_id,)
    ).fetchall()
    return (totals[0] or 0) + len(best) + len(listed) + len(owed)


def sqlite_timings(db: sqlite3.Connection, rng: random.Random) -> tuple[list[float], list[float]]:
    dashboards = timed_dashboards(partial(sqlite_dashboard, db), rng)
    inserts = []
    for n in range(SINGLE_SALES):
        started = time.perf_counter()
        db.execute(
            'INSERT INTO sales VALUES (?,?,?,?,?,?,?,?,?,?,0)',
            (f'bench-{n}', 'p000', 'p000-k0', 3, 2000, 900, 1, 0, '', moment(rng).isoformat()),
        )
        inserts.append(time.perf_counter() - started)
    return dashboards, inserts


def line(name: str, samples: list[float], p: float) -> str:
    ms = [s * 1000 for s in samples]
    return f'  {name:<44}{statistics.median(ms):>9.2f}{percentile(ms, p):>9.2f}  (p{p:.0f}){max(ms):>9.2f}{len(ms):>7}'


async def main() -> None:
    rng = random.Random(20261201)
    base = os.environ.get('BENCH_DIR')
    with tempfile.TemporaryDirectory(dir=base) as temp:
        folder = Path(temp)
        trainees, products = people()
        sold = sales(products, rng)
        spent = expenses(trainees, rng)
        store = await Store.open(folder / 'store')
        started = time.perf_counter()
        await seed(store, [*trainees, *products, *sold, *spent])
        seeded_s = time.perf_counter() - started
        gc.collect()
        gc.freeze()  # as the app does after start-up (ui/app.py)
        dashboards = timed_dashboards(partial(dashboard, store), random.Random(1))
        single = await timed_sales(store, products, random.Random(2))
        await store.close()
        db = sqlite_db(folder, sold)
        sql_dashboards, sql_inserts = sqlite_timings(db, random.Random(1))
        db.close()
    print(f'{SALES:,} sales and {EXPENSES:,} expenses of {TRAINEES} trainees seeded in {seeded_s:.1f} s')
    print(f'  {"what":<44}{"p50 ms":>9}{"p ms":>9}{"":>7}{"max ms":>9}{"n":>7}')
    print(line('her dashboard, a month (store)', dashboards, 95))
    print(line('the same in SQLite (SQL, index)', sql_dashboards, 95))
    print(line('a sale saved, record_sale (store)', single, 99))
    print(line('a row inserted, SQLite WAL FULL', sql_inserts, 99))
    dashboard_p95 = percentile([s * 1000 for s in dashboards], 95)
    sale_p99 = percentile([s * 1000 for s in single], 99)
    sql_dash = percentile([s * 1000 for s in sql_dashboards], 95)
    sql_insert = percentile([s * 1000 for s in sql_inserts], 99)
    print(f'  ratios to SQLite: dashboard p95 {dashboard_p95 / sql_dash:.2f}, sale p99 {sale_p99 / sql_insert:.2f}')
    print()
    print(f'dashboard_p95_ms={dashboard_p95:.1f} sale_p99_ms={sale_p99:.2f}')


if __name__ == '__main__':
    asyncio.run(main())
