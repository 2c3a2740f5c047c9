"""Her sales to one buyer: filed for a seller when she is first asked about, never at start-up (store/indexes.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from decimal import Decimal

from models.business import Channel, Sale
from store import Store
from store.saved import changed
from store.schema import buyer_index_key
from store.tx import Tx
from tests.engines import Engine, engine_fixture  # noqa: F401 - `engine`: each test on both engines


def sale(n: int, **changes: object) -> Sale:
    fields: dict[str, object] = {
        'id': f'sale-{n:04d}',
        'participant_id': f'p{n % 3}',
        'product_id': f'prod-{n % 3}',
        'quantity': Decimal(1),
        'unit_price': 1_000 + n,
        'channel': list(Channel)[n % len(Channel)],
        'buyer': f'Bu {n % 4}' if n % 5 else '',  # every fifth without a buyer: in no buyer's list
        'buyer_phone': '0812 0000 111' if n % 7 == 0 else '',
        'at': dt.datetime(2025, n % 12 + 1, n % 28 + 1, 9, tzinfo=dt.UTC),
    }
    fields.update(changes)
    return Sale(**fields)  # type: ignore[arg-type]


def truth(store: Store) -> dict[Hashable, frozenset[str]]:
    """The buyer lists worked out from every sale, as the index must answer them."""
    lists: dict[Hashable, set[str]] = {}
    for doc_id, doc in store.raw('sales').items():
        if (key := buyer_index_key(doc)) is not None:
            lists.setdefault(key, set()).add(doc_id)
    return {key: frozenset(ids) for key, ids in lists.items()}


async def test_start_up_files_no_buyer_and_a_seller_asked_about_gets_all_hers(engine: Engine) -> None:
    store = await engine.open()
    await store.put(*(sale(n) for n in range(60)))
    await store.close()
    store = await engine.open()
    try:
        index = store._indexes[('sales', 'buyer')]
        assert index.entries == {} and index.built == set()  # nothing filed at start-up
        expected = truth(store)
        for key in expected:
            assert store.ids(Sale, 'buyer', key) == expected[key], key
        assert store.ids(Sale, 'buyer', ('p9', 'nobody')) == frozenset()
        assert index.built == {'p0', 'p1', 'p2', 'p9'}
    finally:
        await store.close(checkpoint=False)


async def test_writes_after_and_before_a_seller_is_filed_are_all_found(engine: Engine) -> None:
    store = await engine.open()
    try:
        await store.put(*(sale(n) for n in range(30)))
        first = next(iter(truth(store)))
        store.ids(Sale, 'buyer', first)  # p-something filed now; the others not yet
        await store.put(*(sale(n) for n in range(30, 45)))  # new sales for filed and unfiled sellers
        await store.put(sale(1, buyer='Bu 3'), sale(2, buyer=''))  # a buyer changed, a buyer taken off

        def gone(tx: Tx) -> None:
            tx.delete(Sale, 'sale-0003')
            tx.put(changed(sale(4), participant_id='p2'))  # to another seller

        await store.transact(gone)
        expected = truth(store)
        for key in expected:
            assert store.ids(Sale, 'buyer', key) == expected[key], key
        index = store._indexes[('sales', 'buyer')]
        assert {key: index.ids(key) for key in index.entries} == expected  # no stale entry left behind
    finally:
        await store.close(checkpoint=False)
