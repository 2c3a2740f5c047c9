"""The store under many concurrent asyncio writers: nothing lost, nothing doubled, nothing interleaved.

Every write goes through one writer task; these tests pin what that promises to its callers: each put is
saved exactly once (also after a restart), read-modify-write transactions never interleave, `insert_once`
admits exactly one of many racing inserts, a failing transaction leaves no trace while its batch-mates
land, and the indexes agree with the documents after replay, after a snapshot and across a checkpoint. Each runs
on both durable engines (the data folder's files, PostgreSQL: tests/engines.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Hashable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models.business import Channel, Product, Sale
from store import Store, Tx
from store import journal as journal_mod
from store.backup_folder import read_folder
from tests.engines import Engine, engine_fixture  # noqa: F401 - the `engine` fixture: each test on both

TASKS = 50
PUTS_PER_TASK = 20
PARTICIPANTS = 25
MONTHS = 12


def make_sale(n: int, *, participant: int | None = None, month: int | None = None, **changes: Any) -> Sale:
    participant = n % PARTICIPANTS if participant is None else participant
    month = n % MONTHS + 1 if month is None else month
    fields: dict[str, Any] = {
        'id': f'sale-{n:05d}',
        'participant_id': f'p{participant:03d}',
        'product_id': f'prod-{participant:03d}',
        'quantity': Decimal(n % 7 + 1),
        'unit_price': 1_000 + n,
        'channel': list(Channel)[n % len(Channel)],
        'at': dt.datetime(2024, month, n % 28 + 1, 9, n % 60, tzinfo=dt.UTC),
    }
    fields.update(changes)
    return Sale(**fields)


def key_of(sale: Sale) -> tuple[str, str]:
    return (sale.participant_id, sale.at.strftime('%Y-%m'))


def expected_index(sales: dict[str, Sale]) -> dict[Hashable, frozenset[str]]:
    index: dict[Hashable, set[str]] = {}
    for sale in sales.values():
        index.setdefault(key_of(sale), set()).add(sale.id)
    return {key: frozenset(ids) for key, ids in index.items()}


def assert_sales_match(store: Store, truth: dict[str, Sale], all_keys: Iterable[Hashable]) -> None:
    """Documents, the participant-month index and per-month revenue all agree with `truth`."""
    assert store.count(Sale) == len(truth)
    assert {sale.id: sale for sale in store.all(Sale)} == truth
    expected = expected_index(truth)
    for key in set(all_keys) | set(expected):
        assert store.ids(Sale, 'participant_month', key) == expected.get(key, frozenset()), key
        revenue = sum(sale.total for sale in store.by_index(Sale, 'participant_month', key))
        assert revenue == sum(truth[i].total for i in expected.get(key, ())), key
    # no stray keys left behind by moved or deleted sales
    index = store._indexes[('sales', 'participant_month')]
    assert {key: index.ids(key) for key in index.entries} == expected


async def test_a_thousand_concurrent_puts_are_each_saved_exactly_once(engine: Engine) -> None:
    store = await engine.open()
    sales = {n: make_sale(n) for n in range(TASKS * PUTS_PER_TASK)}

    async def writer(task: int) -> None:
        for k in range(PUTS_PER_TASK):
            await store.put(sales[task * PUTS_PER_TASK + k])
            if k % 5 == 0:
                await asyncio.sleep(0)  # let the tasks interleave differently

    await asyncio.gather(*(writer(t) for t in range(TASKS)))
    truth = {sale.id: sale for sale in sales.values()}
    assert store.count(Sale) == 1000
    for sale in sales.values():
        assert store.get(Sale, sale.id) == sale
    counts = engine.written()
    assert all(counts[sale_id] == 1 for sale_id in truth), 'a put was written twice or not at all'
    assert sum(counts[sale_id] for sale_id in truth) == 1000
    keys = {key_of(s) for s in truth.values()}
    assert_sales_match(store, truth, keys)
    await store.close(checkpoint=False)  # the next open replays the journal

    store = await engine.open()
    try:
        assert store.stats()['sales'] == 1000
        assert_sales_match(store, truth, keys)
    finally:
        await store.close()  # writes a snapshot

    store = await engine.open()
    try:
        assert_sales_match(store, truth, keys)
    finally:
        await store.close()


async def test_concurrent_multi_record_puts_are_all_or_none_and_complete(engine: Engine) -> None:
    store = await engine.open()
    try:
        chunks = [[make_sale(c * 10 + k) for k in range(10)] for c in range(100)]
        await asyncio.gather(*(store.put(*chunk) for chunk in chunks))
        assert store.count(Sale) == 1000
        assert {s.id for s in store.all(Sale)} == {s.id for chunk in chunks for s in chunk}
    finally:
        await store.close()


async def test_a_thousand_concurrent_transactions_increment_one_counter_exactly(engine: Engine) -> None:
    store = await engine.open()
    counter = Product(id='counter', participant_id='p000', name='counter', price=0)
    await store.put(counter)

    def increment(tx: Tx) -> int:
        current = tx.get(Product, 'counter')
        assert current is not None
        tx.put(current.model_copy(update={'price': current.price + 1}))
        tx.set_meta('hits', tx.meta('hits', 0) + 1)
        return current.price + 1

    async def one() -> int:
        await asyncio.sleep(0)
        return await store.transact(increment)

    seen = await asyncio.gather(*(one() for _ in range(1000)))
    # every transaction saw the one before it: the values it returned are 1..1000, each once
    assert sorted(seen) == list(range(1, 1001))
    final = store.get(Product, 'counter')
    assert final is not None and final.price == 1000
    assert store.meta('hits') == 1000
    await store.close(checkpoint=False)

    store = await engine.open()
    try:
        final = store.get(Product, 'counter')
        assert final is not None and final.price == 1000
        assert store.meta('hits') == 1000
    finally:
        await store.close()


async def test_insert_once_from_a_hundred_tasks_admits_exactly_one(engine: Engine) -> None:
    store = await engine.open()
    attempts = [make_sale(7, id='sale-retried', buyer=f'buyer {n}') for n in range(100)]

    async def insert(sale: Sale) -> bool:
        await asyncio.sleep(random.random() / 1000)
        return await store.insert_once(sale)

    results = await asyncio.gather(*(insert(sale) for sale in attempts))
    assert results.count(True) == 1
    winner = attempts[results.index(True)]
    assert store.count(Sale) == 1
    assert store.get(Sale, 'sale-retried') == winner  # the one told "new" is the one kept
    assert engine.written()['sale-retried'] == 1
    assert await store.insert_once(attempts[0]) is False
    await store.close(checkpoint=False)

    store = await engine.open()
    try:
        assert store.count(Sale) == 1
        assert store.get(Sale, 'sale-retried') == winner
    finally:
        await store.close()


async def test_a_failing_transaction_applies_nothing_while_its_batch_mates_land(engine: Engine) -> None:
    store = await engine.open()
    kept = make_sale(1)
    doomed_target = make_sale(2)
    product = Product(id='prod-x', participant_id='p001', name='Kue lapis', price=5_000)
    await store.put(kept, doomed_target, product)

    batches: list[list[Any]] = []
    original_commit = store._commit

    async def spy(jobs: list[Any]) -> None:
        batches.append([job.fn for job in jobs])
        await original_commit(jobs)

    store._commit = spy  # type: ignore[method-assign]

    class Boom(Exception):
        pass

    def failing(tx: Tx) -> None:
        tx.put(make_sale(900))  # new record
        tx.put(product.model_copy(update={'price': 1}))  # change of an existing one
        tx.put(doomed_target.model_copy(update={'at': dt.datetime(2023, 1, 1, tzinfo=dt.UTC)}))  # index move
        tx.delete(Sale, kept.id)
        tx.set_meta('touched', True)
        raise Boom('refused half-way')

    good = [make_sale(100 + n) for n in range(20)]
    outcomes = await asyncio.gather(
        *(store.put(sale) for sale in good[:10]),
        store.transact(failing),
        *(store.put(sale) for sale in good[10:]),
        return_exceptions=True,
    )
    assert [type(o) for o in outcomes].count(Boom) == 1
    assert all(o is None for o in outcomes if not isinstance(o, Boom))
    assert any(failing in fns and len(fns) > 1 for fns in batches), 'the failing transaction ran alone'

    def check(store: Store) -> None:
        assert store.get(Sale, 'sale-00900') is None
        assert store.get(Product, 'prod-x') == product
        assert store.get(Sale, kept.id) == kept
        assert store.get(Sale, doomed_target.id) == doomed_target
        assert store.meta('touched') is None
        assert store.ids(Sale, 'participant_month', (doomed_target.participant_id, '2023-01')) == frozenset()
        assert doomed_target.id in store.ids(Sale, 'participant_month', key_of(doomed_target))
        for sale in good:
            assert store.get(Sale, sale.id) == sale
        assert store.count(Sale) == 22

    check(store)
    assert engine.written()['sale-00900'] == 0
    store._commit = original_commit  # type: ignore[method-assign]
    # the writer is still alive and the next writes go through
    await store.put(make_sale(901))
    await store.close(checkpoint=False)

    store = await engine.open()
    try:
        assert store.get(Sale, 'sale-00901') is not None
        assert store.count(Sale) == 23
        await store.delete(Sale, 'sale-00901')
        check(store)
    finally:
        await store.close()


async def test_indexes_agree_after_moves_deletes_reopen_and_checkpoints(engine: Engine) -> None:
    store = await engine.open(checkpoint_bytes=64 * 1024)  # also let the writer checkpoint by size
    rng = random.Random(20240601)
    truth: dict[str, Sale] = {}
    all_keys: set[Hashable] = set()

    async def put(sale: Sale) -> None:
        await store.put(sale)

    # 1,000 concurrent inserts over participants and months
    first = [make_sale(n) for n in range(1000)]
    await asyncio.gather(*(put(s) for s in first))
    truth.update({s.id: s for s in first})
    all_keys |= {key_of(s) for s in first}
    assert_sales_match(store, truth, all_keys)

    # concurrent moves (other participant or month), deletes and explicit checkpoints, interleaved
    moved = [
        truth[f'sale-{n:05d}'].model_copy(
            update={
                'participant_id': f'p{rng.randrange(PARTICIPANTS):03d}',
                'at': dt.datetime(2025, rng.randrange(1, 13), 3, tzinfo=dt.UTC),
            }
        )
        for n in rng.sample(range(1000), 300)
    ]
    deleted = rng.sample(sorted(set(truth) - {s.id for s in moved}), 200)
    jobs: list[Any] = [put(s) for s in moved] + [store.delete(Sale, i) for i in deleted]
    jobs += [store.checkpoint() for _ in range(3)]
    rng.shuffle(jobs)
    await asyncio.gather(*jobs)
    for sale in moved:
        truth[sale.id] = sale
        all_keys.add(key_of(sale))
    for sale_id in deleted:
        del truth[sale_id]
    assert_sales_match(store, truth, all_keys)

    await store.checkpoint()
    assert engine.name != 'file' or (engine.folder / 'snapshot.json').exists()
    assert_sales_match(store, truth, all_keys)
    await store.put(make_sale(5000, participant=3, month=4))  # journalled after the snapshot
    truth['sale-05000'] = make_sale(5000, participant=3, month=4)
    await store.close(checkpoint=False)

    store = await engine.open()  # snapshot + journal replay
    try:
        assert_sales_match(store, truth, all_keys)
    finally:
        await store.close()
    store = await engine.open()  # snapshot only
    try:
        assert_sales_match(store, truth, all_keys)
    finally:
        await store.close()


async def test_checkpoints_racing_a_stream_of_writes_lose_nothing(engine: Engine) -> None:
    """An explicit checkpoint while batches are being fsynced must not cut the journal in the wrong place."""
    store = await engine.open()
    truth: dict[str, Sale] = {}

    async def stream(task: int) -> None:
        # fire puts without waiting for each, so the queue fills while a batch is being fsynced
        pending = []
        for k in range(40):
            sale = make_sale(task * 100 + k)
            truth[sale.id] = sale
            pending.append(asyncio.ensure_future(store.put(sale)))
            await asyncio.sleep(0)
        await asyncio.gather(*pending)

    async def checkpoints() -> None:
        for _ in range(30):
            await asyncio.sleep(0.001)
            acked = {sale_id for sale_id in truth if store.get(Sale, sale_id) is not None}
            await store.checkpoint()
            # what is on disk right now must read back whole (as a backup from another process reads it)
            tables, _seq = engine.durable()
            assert acked <= set(tables.get('sales', {}))

    await asyncio.gather(*(stream(t) for t in range(10)), checkpoints())
    keys = {key_of(s) for s in truth.values()}
    assert_sales_match(store, truth, keys)
    await store.close(checkpoint=False)

    store = await engine.open()
    try:
        assert_sales_match(store, truth, keys)
    finally:
        await store.close()


async def test_an_explicit_checkpoint_waits_for_the_batch_being_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic form of the race above: slow fsyncs, and a checkpoint caller woken mid-commit.

    The checkpoint's own no-op transaction shares a batch with C; D is queued while that batch is being
    fsynced, so the writer starts D's commit (D in the engine, not yet in the journal) right before the
    checkpoint caller runs. Freezing the tables then, or closing the journal under D's write, would lose D
    or cut the journal at the wrong sequence number.
    """
    slow_append = journal_mod.JournalWriter.append

    def append(self: journal_mod.JournalWriter, data: bytes) -> None:
        time.sleep(0.03)
        slow_append(self, data)

    monkeypatch.setattr(journal_mod.JournalWriter, 'append', append)
    folder = tmp_path / 'data'
    store = await Store.open(folder)
    sales = [make_sale(n) for n in range(4)]
    await store.put(sales[0])
    b = asyncio.ensure_future(store.put(sales[1]))
    await asyncio.sleep(0.01)  # B's journal write is in flight
    checkpoint = asyncio.ensure_future(store.checkpoint())
    await asyncio.sleep(0)  # the checkpoint's no-op transaction is queued
    c = asyncio.ensure_future(store.put(sales[2]))
    await asyncio.sleep(0.045)  # B is done; the batch [no-op, C] is being fsynced
    d = asyncio.ensure_future(store.put(sales[3]))
    await asyncio.gather(b, checkpoint, c, d)
    assert store.count(Sale) == 4
    tables, seq = read_folder(folder)
    assert set(tables['sales']) == {s.id for s in sales}
    assert seq == store.seq
    await store.close(checkpoint=False)

    store = await Store.open(folder)
    try:
        assert {s.id: s for s in store.all(Sale)} == {s.id: s for s in sales}
    finally:
        await store.close()
