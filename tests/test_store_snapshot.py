"""The snapshot and the journal read a piece at a time (issue 21): what goes in comes out exactly, damage is still
refused, snapshots of the format before still open, and the texts documents repeat are held once."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models.business import Channel, Sale
from models.participant import Participant
from store import CorruptStore, Store, journal, snapshot
from store.indexes import FREEZE_AFTER, collector_paused
from store.journal import Change
from store.tx import serialise
from tests.engines import Engine, engine_fixture  # noqa: F401 - `engine`: the last test on both engines

ODD_TEXTS = [
    'nul \u0000 inside',
    'emoji 🌶️👩🏽‍🌾 and 漢字',
    'quotes " \' and \\ backslash \\"',
    'new\nline, tab\t, return\r, form\f',
    'line separators \u2028 \u2029 and \x7f',
    '{"looks": ["like", "json"]}\n',
    '',
]


def format_1(tables: dict[str, Any], seq: int) -> bytes:
    """A snapshot as the format before wrote it: a header with the checksum, then every table on one line."""
    body = json.dumps(tables, ensure_ascii=False, separators=(',', ':')).encode()
    header = {'format': 'berdaya-snapshot/1', 'seq': seq, 'sha256': hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b'\n' + body + b'\n'


def odd_tables(count: int) -> dict[str, dict[str, dict[str, Any]]]:
    docs = {
        f'odd-{n:05d}-{ODD_TEXTS[n % len(ODD_TEXTS)]}': {
            'id': f'odd-{n:05d}',
            'text': ODD_TEXTS[n % len(ODD_TEXTS)],
            ODD_TEXTS[n % len(ODD_TEXTS)] or 'key': n,
            'nested': {'list': [None, True, False, 0, -1, 2**70, 1.5, 1e-300, [ODD_TEXTS[(n + 1) % len(ODD_TEXTS)]]]},
        }
        for n in range(count)
    }
    return {'odd': docs, 'empty': {}, 'after': {'x': {'id': 'x'}}}


def sale(n: int) -> Sale:
    return Sale(
        id=f'sale-{n:05d}',
        participant_id=f'p{n % 7:03d}',
        product_id=f'prod-{n % 3}',
        quantity=Decimal(n % 5 + 1),
        unit_price=1_000 + n,
        channel=list(Channel)[n % len(Channel)],
        buyer=f'Bu {n % 11}',
        at=dt.datetime(2025, n % 12 + 1, n % 28 + 1, 9, tzinfo=dt.UTC),
    )


# ---- round trip ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize('count', [0, 1, snapshot.PIECE, 2 * snapshot.PIECE + 1])
def test_a_streamed_snapshot_reads_back_exactly_what_was_written(tmp_path: Path, count: int) -> None:
    tables = odd_tables(count)
    snapshot.write_atomic(tmp_path, snapshot.encode(tables, 42))

    read = snapshot.read(tmp_path)

    assert read is not None and read.seq == 42
    assert read.tables == tables
    assert repr(read.tables) == repr(tables)  # of the same types too: 2**70 read as a float would be equal
    assert list(read.tables) == list(tables)  # tables and their documents in the order written
    assert all(list(read.tables[name]) == list(docs) for name, docs in tables.items())
    lines = (tmp_path / snapshot.NAME).read_bytes().splitlines()
    assert len(lines) == 2 + max(1, -(-count // snapshot.PIECE)) + 2  # header, pieces, one line a table, end


def test_a_snapshot_is_written_and_read_a_piece_at_a_time(tmp_path: Path) -> None:
    tables = {'odd': odd_tables(3 * snapshot.PIECE)['odd']}
    pieces = list(snapshot.encode(tables, 7))
    assert len(pieces) == 1 + 3 + 1
    assert max(map(len, pieces)) < sum(map(len, pieces)) / 2

    taken: list[tuple[str, int]] = []
    snapshot.write_atomic(tmp_path, iter(pieces))
    assert snapshot.load(tmp_path, lambda table, docs: taken.append((table, len(docs)))) == 7
    assert taken == [('odd', snapshot.PIECE)] * 3


async def test_a_store_closed_and_opened_again_holds_the_same_odd_documents(tmp_path: Path) -> None:
    people = [Participant(id=f'r{n}', name=f'Ibu {text}xx', village=text or 'Desa') for n, text in enumerate(ODD_TEXTS)]
    store = await Store.open(tmp_path)
    await store.put(*people)
    await store.close()  # a checkpoint: everything in the snapshot

    store = await Store.open(tmp_path)
    try:
        assert sorted(store.all(Participant), key=lambda p: p.id) == sorted(people, key=lambda p: p.id)
    finally:
        await store.close(checkpoint=False)


# ---- the format before --------------------------------------------------------------------------------------------


async def test_a_snapshot_in_the_format_before_opens_and_the_next_checkpoint_writes_the_new_one(tmp_path: Path) -> None:
    sales = [sale(n) for n in range(30)]
    tables = {'sales': {s.id: serialise(s) for s in sales}}
    (tmp_path / snapshot.NAME).write_bytes(format_1(tables, 30))
    later = sale(30)
    data, _ = journal.encode([[Change('sales', later.id, serialise(later))]], 31)
    (tmp_path / journal.journal_name(31)).write_bytes(data)

    store = await Store.open(tmp_path)
    try:
        assert store.all(Sale) == [*sales, later]
        assert store.by_index(Sale, 'participant_month', ('p002', '2025-03')) == [sales[2]]
        await store.checkpoint()
    finally:
        await store.close(checkpoint=False)

    header = json.loads((tmp_path / snapshot.NAME).read_bytes().partition(b'\n')[0])
    assert header['format'] == snapshot.FORMAT
    read = snapshot.read(tmp_path)
    assert read is not None and read.tables['sales'] == {s.id: serialise(s) for s in [*sales, later]}


def test_a_damaged_snapshot_in_the_format_before_is_refused(tmp_path: Path) -> None:
    data = format_1({'sales': {'a': {'id': 'a', 'buyer': 'Bu Sri'}}}, 1)
    (tmp_path / snapshot.NAME).write_bytes(data.replace(b'Bu Sri', b'Bu Sra'))
    with pytest.raises(CorruptStore) as refused:
        snapshot.read(tmp_path)
    assert refused.value.key == 'store_corrupt_snapshot'


# ---- damage -------------------------------------------------------------------------------------------------------


def written(tmp_path: Path) -> bytes:
    snapshot.write_atomic(tmp_path, snapshot.encode(odd_tables(2 * snapshot.PIECE + 5), 9))
    return (tmp_path / snapshot.NAME).read_bytes()


def cut_at_each_line(data: bytes) -> list[bytes]:
    ends = [n + 1 for n, byte in enumerate(data) if byte == ord('\n')][:-1]
    return [data[:end] for end in ends] + [data[: end - 1] for end in ends] + [data[:-1], data[: len(data) // 2]]


def test_a_snapshot_cut_anywhere_is_refused(tmp_path: Path) -> None:
    for damaged in cut_at_each_line(written(tmp_path)):
        (tmp_path / snapshot.NAME).write_bytes(damaged)
        with pytest.raises(CorruptStore) as refused:
            snapshot.read(tmp_path)
        assert refused.value.key == 'store_corrupt_snapshot'


@pytest.mark.parametrize(
    'damage',
    [
        lambda data: data.replace(b'"seq":9', b'"seq":8', 1),  # the header counts too
        lambda data: data.replace(b'odd-00007', b'odd-00008', 1),  # still valid JSON: only the checksum can tell
        lambda data: data.replace(b'"x":{"id":"x"}', b'"x":{"id":"y"}', 1),  # in the last piece
        lambda data: data + b'["odd",{}]\n',  # after the end line
        lambda data: data.replace(b'\n', b'\n\n', 2),  # an empty line
        lambda data: data.replace(b'"bytes":', b'"bytes":1', 1),
        lambda data: data.replace(b'{"end":true', b'{"end":1', 1),
        lambda data: data.replace(b'["empty",{}]', b'["empty",[]]', 1),
    ],
    ids=['seq', 'id', 'last-piece', 'trailing-line', 'empty-line', 'length', 'end-mark', 'piece-not-documents'],
)
def test_a_changed_snapshot_is_refused(tmp_path: Path, damage: Any) -> None:
    data = written(tmp_path)
    damaged = damage(data)
    assert damaged != data
    (tmp_path / snapshot.NAME).write_bytes(damaged)
    with pytest.raises(CorruptStore) as refused:
        snapshot.read(tmp_path)
    assert refused.value.key == 'store_corrupt_snapshot'


async def test_a_damaged_snapshot_leaves_no_store_half_open(tmp_path: Path) -> None:
    store = await Store.open(tmp_path)
    await store.put(*(sale(n) for n in range(2 * snapshot.PIECE)))
    await store.close()
    path = tmp_path / snapshot.NAME
    path.write_bytes(path.read_bytes().replace(b'sale-01999', b'sale-0199x'))  # in the last piece, after the rest

    with pytest.raises(CorruptStore):
        await Store.open(tmp_path)
    with pytest.raises(CorruptStore):  # refused again: the folder was released, nothing was rewritten
        await Store.open(tmp_path)


# ---- the journal, a block at a time -------------------------------------------------------------------------------


@pytest.mark.parametrize('block', [1, 2, 3, 1000])
def test_the_journal_replays_the_same_in_blocks_of_any_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(journal, 'BLOCK', block)
    transactions = [[Change('t', f'{n}-{k}', {'id': f'{n}-{k}', 'text': ODD_TEXTS[n % 7]}) for k in range(n % 3 + 1)]
                    for n in range(10)]  # fmt: skip
    data, last = journal.encode(transactions, 1)
    path = tmp_path / journal.journal_name(1)
    path.write_bytes(data + b'{"s":' + str(last + 1).encode() + b',"t":"t","i":"torn"')  # a torn last line

    replayed = list(journal.replay(tmp_path, 0, repair=True))

    assert [changes for _, changes in replayed] == transactions
    assert replayed[-1][0] == last
    assert path.read_bytes() == data  # the torn line cut off


@pytest.mark.parametrize('block', [1, 4, 1000])
def test_a_bad_line_in_a_block_is_named_by_its_offset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(journal, 'BLOCK', block)
    data, _ = journal.encode([[Change('t', str(n), {'id': str(n)})] for n in range(9)], 1)
    lines = data.splitlines(keepends=True)
    lines[5] = lines[5][:10] + b'\n'
    (tmp_path / journal.journal_name(1)).write_bytes(b''.join(lines))

    with pytest.raises(CorruptStore) as refused:
        list(journal.replay(tmp_path, 0, repair=True))

    assert refused.value.key == 'store_corrupt_journal'
    assert refused.value.params['offset'] == sum(map(len, lines[:5]))


# ---- held once ----------------------------------------------------------------------------------------------------


async def test_texts_many_documents_repeat_are_held_once_and_read_the_same(engine: Engine) -> None:
    sales = [sale(n) for n in range(40)]
    store = await engine.open()
    await store.put(*sales[:20])
    await store.close()  # on files, these in the snapshot
    store = await engine.open()
    await store.put(*sales[20:])
    await store.close(checkpoint=False)  # and these in the journal

    store = await engine.open()
    try:
        docs = store.raw('sales')
        for field in ('participant_id', 'product_id', 'channel', 'buyer', 'quantity'):
            assert len({id(doc[field]) for doc in docs.values()}) == len({doc[field] for doc in docs.values()}), field
        assert sorted(store.all(Sale), key=lambda s: s.id) == sales
        if engine.name == 'file':  # a snapshot's document holds its id once: the text its table is keyed by
            assert sum(doc['id'] is key for key, doc in docs.items()) >= 20
    finally:
        await store.close(checkpoint=False)


def test_a_big_load_is_frozen_out_of_the_collectors_reach_and_a_small_one_is_not() -> None:
    """What start-up loads lives as long as the store: after a big load the collector never walks it again (its
    first look cost a quarter second at a million sales); a small load (a demo, a test's store) is left alone."""
    frozen = gc.get_freeze_count()
    try:
        with collector_paused():
            small = [{'items': [n]} for n in range(1_000)]
        assert gc.get_freeze_count() == frozen and gc.isenabled()
        with collector_paused():
            big = [{'items': [n]} for n in range(FREEZE_AFTER)]
        assert gc.get_freeze_count() >= frozen + FREEZE_AFTER and gc.isenabled()
        assert len(small) + len(big) == 1_000 + FREEZE_AFTER
    finally:
        gc.unfreeze()
