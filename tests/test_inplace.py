"""Pins `store/inplace.py`: TinyDB as a query engine whose writes change the table in place.

Stock TinyDB 4.9 rebuilds a table's whole dict twice on every write; the in-place table must not, and
TinyDB's queries must still work over it. The in-place table overrides TinyDB internals, so the TinyDB
version it was written against is pinned here: an upgrade fails these tests loudly instead of quietly
bringing the copies back or breaking the queries.
"""

from __future__ import annotations

import datetime as dt
import inspect
import statistics
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tinydb
from tinydb import Query
from tinydb.table import Document, Table

from models.business import Sale
from store.inplace import InPlaceTable, LiveMemoryStorage, open_engine
from tests.engines import Engine, durable_engine_fixture  # noqa: F401 - the store's test on both engines


def sale_doc(n: int, participant: str | None = None) -> dict[str, Any]:
    sale = Sale(
        id=f'sale-{n:06d}',
        participant_id=participant or f'p{n % 500:03d}',
        product_id=f'prod-{n % 500:03d}',
        quantity=Decimal(n % 5 + 1),
        unit_price=1_000 + n % 97,
        at=dt.datetime(2024, n % 12 + 1, n % 28 + 1, 8, tzinfo=dt.UTC),
    )
    return sale.model_dump(mode='json')


def queries(table: Table) -> Any:
    """The table for TinyDB's query API, whose type hints say int doc ids where ours are str."""
    return table


@pytest.fixture
def engine() -> Iterator[tuple[tinydb.TinyDB, LiveMemoryStorage, InPlaceTable]]:
    db, storage = open_engine()
    table = db.table('sales')
    assert isinstance(table, InPlaceTable)
    yield db, storage, table
    db.close()


# ---- the TinyDB this was written for -----------------------------------------------------------------


def test_tinydb_is_the_version_the_in_place_table_was_written_for() -> None:
    assert tinydb.__version__.startswith('4.9.'), (
        f'TinyDB {tinydb.__version__} is installed; store/inplace.py overrides TinyDB 4.9 internals '
        '(Table._update_table, _read_table, clear_cache). Re-check them against the new version, '
        'then update this pin and the one in pyproject.toml.'
    )
    pyproject = (Path(__file__).resolve().parents[1] / 'pyproject.toml').read_text()
    assert '"tinydb==4.9.' in pyproject, 'pyproject.toml must pin TinyDB to the 4.9 series'


def test_the_tinydb_internals_the_in_place_table_relies_on_are_as_expected() -> None:
    assert list(inspect.signature(Table._update_table).parameters) == ['self', 'updater']
    assert list(inspect.signature(Table._read_table).parameters) == ['self']
    for name in ('search', 'get', 'count', 'contains', '__len__', '__iter__'):
        assert name not in InPlaceTable.__dict__, f'InPlaceTable should not need to override {name}'
    # the reads all go through `_read_table`, which hands out the storage's own dict
    for method in (Table.search, Table.get, Table.__len__, Table.__iter__):
        assert '_read_table()' in inspect.getsource(method), method.__name__
    assert 'self._storage.read()' in inspect.getsource(Table._read_table)
    # and stock TinyDB still copies on write, so the override is still worth having
    stock = inspect.getsource(Table._update_table)
    assert 'for doc_id, doc in raw_table.items()' in stock and 'self._storage.write(tables)' in stock
    assert InPlaceTable._update_table is not Table._update_table
    assert InPlaceTable.document_id_class is str


# ---- writes do not copy ------------------------------------------------------------------------------


def test_a_write_changes_the_live_dict_and_never_copies_it(
    engine: tuple[tinydb.TinyDB, LiveMemoryStorage, InPlaceTable], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, storage, table = engine

    def copying_path(*args: Any, **kwargs: Any) -> None:
        raise AssertionError('the copying TinyDB write path was used')

    monkeypatch.setattr(Table, '_update_table', copying_path)
    monkeypatch.setattr(LiveMemoryStorage, 'write', copying_path)

    table.put_raw('sale-000000', sale_doc(0))
    live = storage.tables['sales']
    all_tables = storage.tables
    for n in range(1, 2_000):
        table.put_raw(f'sale-{n:06d}', sale_doc(n))
    table.put_raw('sale-000001', sale_doc(1, participant='p999'))  # replace
    table.drop_raw('sale-000002')
    table.drop_raw('no-such-id')  # dropping a missing id is not an error

    assert storage.tables is all_tables
    assert storage.tables['sales'] is live
    assert table.raw() is live
    assert storage.read() is all_tables
    assert len(live) == 1_999
    assert live['sale-000001']['participant_id'] == 'p999'
    assert 'sale-000002' not in live


def test_a_write_stores_the_document_itself(engine: tuple[tinydb.TinyDB, LiveMemoryStorage, InPlaceTable]) -> None:
    _db, _storage, table = engine
    doc = sale_doc(5)
    table.put_raw(doc['id'], doc)
    assert table.raw()[doc['id']] is doc  # no copy of the document either


def _peak_bytes(fn: Any) -> int:
    tracemalloc.reset_peak()
    start, _ = tracemalloc.get_traced_memory()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    return peak - start


def test_memory_per_write_does_not_grow_with_the_table(
    engine: tuple[tinydb.TinyDB, LiveMemoryStorage, InPlaceTable],
) -> None:
    """A write allocates a small, fixed amount at 1k and at 50k documents (stock TinyDB copies the table)."""
    _db, _storage, table = engine
    replacement = sale_doc(7, participant='p777')
    peaks: dict[int, dict[str, float]] = {}
    tracemalloc.start()
    try:
        size = 0
        for target in (1_000, 50_000):
            for n in range(size, target):
                table.put_raw(f'sale-{n:06d}', sale_doc(n))
            size = target
            docs = [sale_doc(n) for n in range(target, target + 200)]  # built outside the measurement
            inserts = [_peak_bytes(lambda d=d: table.put_raw(d['id'], d)) for d in docs]
            replaces = [_peak_bytes(lambda: table.put_raw('sale-000007', replacement)) for _ in range(50)]
            drops = [_peak_bytes(lambda d=d: table.drop_raw(d['id'])) for d in docs[:50]]
            size = len(table.raw())
            peaks[target] = {
                # the median leaves out the rare insert on which the dict itself grows
                'insert': statistics.median(inserts),
                'replace': max(replaces),
                'drop': max(drops),
            }
    finally:
        tracemalloc.stop()
    # a copy of a 50k-document table dict alone is megabytes; one in-place write is well under 4 KiB
    for target, kinds in peaks.items():
        for kind, peak in kinds.items():
            assert peak < 4096, (target, kind, peaks)
    for kind in ('insert', 'replace', 'drop'):
        assert peaks[50_000][kind] <= peaks[1_000][kind] + 1024, peaks


def test_stock_tinydb_would_copy(engine: tuple[tinydb.TinyDB, LiveMemoryStorage, InPlaceTable]) -> None:
    """The reason for all this: the stock write path hands the storage a new table dict every time."""
    _db, storage, table = engine
    for n in range(100):
        table.put_raw(f'sale-{n:06d}', sale_doc(n))
    live = storage.tables['sales']
    Table._update_table(table, lambda docs: docs.__setitem__('sale-x', sale_doc(1)))  # type: ignore[index]
    assert storage.tables['sales'] is not live


# ---- TinyDB queries over the in-place table ----------------------------------------------------------


def test_tinydb_queries_work_over_the_in_place_table(
    engine: tuple[tinydb.TinyDB, LiveMemoryStorage, InPlaceTable],
) -> None:
    table = queries(engine[2])
    for n in range(300):
        table.put_raw(f'sale-{n:06d}', sale_doc(n))
    q = Query()
    p7 = table.search(q.participant_id == 'p007')
    assert sorted(d['id'] for d in p7) == [f'sale-{n:06d}' for n in range(7, 300, 500)]
    assert all(isinstance(d, Document) and d.doc_id == d['id'] for d in p7)
    assert table.count(q.unit_price >= 1_090) == sum(1 for n in range(300) if 1_000 + n % 97 >= 1_090)
    assert table.contains(q.id == 'sale-000123')
    assert not table.contains(q.id == 'sale-999999')
    assert table.contains(doc_id='sale-000123')
    assert not table.contains(doc_id='sale-999999')
    found = table.get(q.id == 'sale-000042')
    assert found is not None and found['id'] == 'sale-000042' and found.doc_id == 'sale-000042'
    by_id = table.get(doc_id='sale-000042')
    assert by_id is not None and by_id == found and by_id.doc_id == 'sale-000042'
    assert table.get(doc_id='nope') is None
    assert {d.doc_id for d in table.get(doc_ids=['sale-000001', 'sale-000002', 'nope'])} == {
        'sale-000001',
        'sale-000002',
    }
    assert len(table) == 300
    assert len(table.all()) == 300
    assert {d.doc_id for d in table} == set(table.raw())
    march = table.search(q.at.test(lambda at: at.startswith('2024-03')))
    assert len(march) == 25


def test_the_query_cache_sees_every_in_place_write(
    engine: tuple[tinydb.TinyDB, LiveMemoryStorage, InPlaceTable],
) -> None:
    table = queries(engine[2])
    q = Query()
    table.put_raw('a', sale_doc(1, participant='p1'))
    assert len(table.search(q.participant_id == 'p1')) == 1  # cached now
    table.put_raw('b', sale_doc(2, participant='p1'))
    assert len(table.search(q.participant_id == 'p1')) == 2
    table.put_raw('a', sale_doc(1, participant='p2'))
    assert [d.doc_id for d in table.search(q.participant_id == 'p1')] == ['b']
    assert table.count(q.participant_id == 'p2') == 1
    table.drop_raw('b')
    assert table.search(q.participant_id == 'p1') == []
    assert not table.contains(doc_id='b')


async def test_store_queries_run_on_the_in_place_tables(durable_engine: Engine) -> None:
    store = await durable_engine.open()
    try:
        sales = [Sale.model_validate(sale_doc(n)) for n in range(50)]
        await store.put(*sales)
        assert isinstance(store.table(Sale), InPlaceTable)
        table = queries(store.table(Sale))
        live = table.raw()
        await store.put(Sale.model_validate(sale_doc(50)))
        assert table.raw() is live  # the store writes into the same dict
        q = Query()
        assert {s.id for s in store.find(Sale, q.participant_id == 'p003')} == {'sale-000003'}
        assert table.count(q.product_id == 'prod-010') == 1
        assert table.contains(doc_id='sale-000050')
        await store.delete(Sale, 'sale-000050')
        assert not table.contains(doc_id='sale-000050')
        assert store.find(Sale, q.id == 'sale-000050') == []
    finally:
        await store.close()
