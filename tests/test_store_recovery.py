"""Recovery: what the store does with the files a crash, a bad disk or a second process leaves behind.

A torn tail of the journal (a kill in the middle of a write) is cut off and the store opens with every
complete transaction; damage anywhere else (snapshot, a line before the tail, a gap in the sequence
numbers) is refused with `CorruptStore` and the files are left exactly as they were for a human to look at. What
does not depend on files (one writer at a time, migrations) runs on PostgreSQL too.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from models.participant import Participant
from store import CorruptStore, Store, StoreClosed, StoreLocked, journal, snapshot
from store.journal import Change
from store.migrations import MIGRATIONS, Migration, latest_version, migrate
from store.tx import Tx
from tests.engines import Engine, engine_fixture  # noqa: F401 - `engine`: those tests on both engines


def person(n: int, name: str | None = None) -> Participant:
    return Participant(id=f'r{n}', name=name or f'Peserta {n}', village=f'Desa {n}')


async def filled_store(folder: Path, count: int, *, checkpoint: bool) -> None:
    """A closed store holding `count` participants, each written in its own transaction."""
    store = await Store.open(folder)
    for n in range(count):
        await store.put(person(n))
    await store.close(checkpoint=checkpoint)


async def one_more_record(folder: Path) -> None:
    """Open, write one record, close without a checkpoint: the record stays in the journal."""
    store = await Store.open(folder)
    await store.put(person(50))
    await store.close(checkpoint=False)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != '.lock'}


def newest_journal(folder: Path) -> Path:
    return journal.journal_files(folder)[-1]


def journal_lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


async def ids_after_open(folder: Path) -> set[str]:
    store = await Store.open(folder)
    try:
        return set(store.raw('participants'))
    finally:
        await store.close(checkpoint=False)


# ---- torn tail -----------------------------------------------------------------------------------


async def test_torn_last_journal_line_is_cut_and_every_complete_record_loads(tmp_path: Path) -> None:
    await filled_store(tmp_path, 5, checkpoint=False)
    path = newest_journal(tmp_path)
    intact = path.read_bytes()
    torn = json.dumps({'s': 99, 't': 'participants', 'i': 'torn', 'd': person(99).model_dump(mode='json')})
    path.write_bytes(intact + torn[: len(torn) // 2].encode())  # a kill in the middle of writing the line

    store = await Store.open(tmp_path)
    try:
        assert set(store.raw('participants')) == {f'r{n}' for n in range(5)}
        assert store.get(Participant, 'r3') == person(3)
        assert path.read_bytes() == intact  # the torn bytes are cut, nothing before them
        await store.put(person(5))  # and the journal goes on cleanly after the cut
    finally:
        await store.close(checkpoint=False)
    assert await ids_after_open(tmp_path) == {f'r{n}' for n in range(6)}


async def test_torn_tail_of_a_fresh_store_leaves_an_empty_store_that_opens(tmp_path: Path) -> None:
    store = await Store.open(tmp_path)
    await store.close(checkpoint=False)
    path = newest_journal(tmp_path)
    path.write_bytes(path.read_bytes() + b'{"s":2,"t":"participa')
    assert await ids_after_open(tmp_path) == set()
    assert await ids_after_open(tmp_path) == set()  # the cut is durable; opening again changes nothing


# ---- transactions at the tail: all or nothing ----------------------------------------------------


def two_record_transaction(first_seq: int) -> bytes:
    changes = [
        Change('participants', 'tx-a', person(100, 'Bagian A').model_dump(mode='json')),
        Change('participants', 'tx-b', person(101, 'Bagian B').model_dump(mode='json')),
    ]
    data, last_seq = journal.encode([changes], first_seq)
    assert last_seq == first_seq + 1
    return data


async def test_transaction_without_its_end_line_at_the_tail_is_dropped_whole(tmp_path: Path) -> None:
    await filled_store(tmp_path, 3, checkpoint=False)
    path = newest_journal(tmp_path)
    intact = path.read_bytes()
    seq = json.loads(journal_lines(path)[-1])['s']
    first_line, second_line = two_record_transaction(seq + 1).splitlines(keepends=True)
    assert b'"e":1' not in first_line and b'"e":1' in second_line
    path.write_bytes(intact + first_line)  # a complete line, but the transaction's end line never made it

    store = await Store.open(tmp_path)
    try:
        assert store.get(Participant, 'tx-a') is None
        assert store.get(Participant, 'tx-b') is None
        assert store.seq == seq
        assert path.read_bytes() == intact
        await store.put(person(3))  # numbering goes on from the last complete transaction: no gap later
    finally:
        await store.close(checkpoint=False)
    assert await ids_after_open(tmp_path) == {'r0', 'r1', 'r2', 'r3'}


async def test_a_two_record_transaction_cut_anywhere_is_applied_all_or_nothing(tmp_path: Path) -> None:
    await filled_store(tmp_path, 2, checkpoint=False)
    path = newest_journal(tmp_path)
    intact = path.read_bytes()
    seq = json.loads(journal_lines(path)[-1])['s']
    tail = two_record_transaction(seq + 1)
    boundary = tail.index(b'\n') + 1
    cuts = sorted({*range(0, len(tail), 37), boundary - 1, boundary, boundary + 1, len(tail) - 1, len(tail)})
    for cut in cuts:
        path.write_bytes(intact + tail[:cut])
        ids = await ids_after_open(tmp_path)
        if cut == len(tail):
            assert {'tx-a', 'tx-b'} <= ids, 'the complete transaction was dropped'
        else:
            assert not ids & {'tx-a', 'tx-b'}, f'half a transaction applied when cut at byte {cut}'
            assert path.read_bytes() == intact
        assert {'r0', 'r1'} <= ids


async def test_unfinished_transaction_in_an_older_journal_file_is_refused(tmp_path: Path) -> None:
    await filled_store(tmp_path, 3, checkpoint=False)
    path = newest_journal(tmp_path)
    seq = json.loads(journal_lines(path)[-1])['s']
    first_line = two_record_transaction(seq + 1).splitlines(keepends=True)[0]
    path.write_bytes(path.read_bytes() + first_line)
    (tmp_path / journal.journal_name(seq + 3)).write_bytes(b'')  # a newer file: the old one is not the tail
    before = files_of(tmp_path)
    with pytest.raises(CorruptStore) as refused:
        await Store.open(tmp_path)
    assert refused.value.key == 'store_corrupt_journal'
    assert files_of(tmp_path) == before


# ---- damage is refused, and the files stay --------------------------------------------------------


def flip_a_name(data: bytes) -> bytes:
    return data.replace(b'Peserta 3', b'Peserta 8', 1)  # still valid JSON: only the checksum can tell


def flip_a_byte(data: bytes) -> bytes:
    at = len(data) * 3 // 4
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    'damage',
    [
        flip_a_name,
        flip_a_byte,
        lambda data: data[: len(data) // 2],
        lambda data: data.partition(b'\n')[0] + b'\n',
        lambda data: b'',
        lambda data: b'\x00' * len(data),
    ],
    ids=['name-changed', 'byte-flipped', 'truncated', 'body-missing', 'empty', 'zeroed'],
)
async def test_corrupt_snapshot_is_refused_and_the_folder_left_as_it_was(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    await filled_store(tmp_path, 5, checkpoint=True)
    await one_more_record(tmp_path)  # some journal after the snapshot too
    path = tmp_path / snapshot.NAME
    damaged = damage(path.read_bytes())
    assert damaged != path.read_bytes()
    path.write_bytes(damaged)
    before = files_of(tmp_path)
    assert journal.journal_files(tmp_path)

    for _ in range(2):  # refused every time, and the refusal releases the folder (no StoreLocked)
        with pytest.raises(CorruptStore) as refused:
            await Store.open(tmp_path)
        assert refused.value.key == 'store_corrupt_snapshot'
        assert files_of(tmp_path) == before  # nothing emptied, rewritten or removed


async def test_corrupt_line_in_the_middle_of_the_journal_is_refused_not_skipped(tmp_path: Path) -> None:
    await filled_store(tmp_path, 6, checkpoint=False)
    path = newest_journal(tmp_path)
    lines = journal_lines(path)
    lines[3] = b'{"s":4,"t":"participants","i":"r2","d":{"id":"r2",' + b'\n'  # damaged, later lines intact
    path.write_bytes(b''.join(lines))
    before = files_of(tmp_path)
    with pytest.raises(CorruptStore) as refused:
        await Store.open(tmp_path)
    assert refused.value.key == 'store_corrupt_journal'
    assert files_of(tmp_path) == before  # not cut back to the damaged line


async def test_corrupt_line_in_an_older_journal_file_is_refused(tmp_path: Path) -> None:
    await filled_store(tmp_path, 4, checkpoint=False)
    path = newest_journal(tmp_path)
    lines = journal_lines(path)
    seq = json.loads(lines[-1])['s']
    lines[-1] = b'not json at all\n'
    path.write_bytes(b''.join(lines))
    (tmp_path / journal.journal_name(seq + 1)).write_bytes(b'')
    before = files_of(tmp_path)
    with pytest.raises(CorruptStore) as refused:
        await Store.open(tmp_path)
    assert refused.value.key == 'store_corrupt_journal'
    assert files_of(tmp_path) == before


@pytest.mark.parametrize('how', ['line-missing', 'line-repeated', 'journal-file-missing'])
async def test_gap_in_sequence_numbers_is_refused(tmp_path: Path, how: str) -> None:
    await filled_store(tmp_path, 6, checkpoint=False)
    path = newest_journal(tmp_path)
    lines = journal_lines(path)
    if how == 'line-missing':
        del lines[3]
        path.write_bytes(b''.join(lines))
    elif how == 'line-repeated':
        lines.insert(4, lines[3])
        path.write_bytes(b''.join(lines))
    else:  # the newer journal is there, the older one it follows is not, and no snapshot covers it
        seq = json.loads(lines[-1])['s']
        store = await Store.open(tmp_path)
        await store.put(person(10))
        await store.close(checkpoint=False)
        later = tmp_path / journal.journal_name(seq + 1)
        later.write_bytes(b''.join(journal_lines(path)[len(lines) :]))
        path.unlink()
    before = files_of(tmp_path)
    with pytest.raises(CorruptStore) as refused:
        await Store.open(tmp_path)
    assert refused.value.key == 'store_journal_gap'
    assert files_of(tmp_path) == before


# ---- one process at a time -----------------------------------------------------------------------


async def test_opening_a_store_that_is_already_open_raises_store_locked(engine: Engine) -> None:
    first = await engine.open()
    try:
        await first.put(person(1))
        for _ in range(2 if engine.name == 'file' else 1):  # on PostgreSQL a refusal waits for a dying holder
            with pytest.raises(StoreLocked) as refused:
                await engine.open()
            assert refused.value.key == {'file': 'store_locked', 'postgres': 'store_tenant_locked'}[engine.name]
        await first.put(person(2))  # the refused open did not disturb the store that has the folder
        assert first.get(Participant, 'r1') == person(1)
    finally:
        await first.close()
    second = await engine.open()
    try:
        assert set(second.raw('participants')) == {'r1', 'r2'}
    finally:
        await second.close()


# ---- migrations ----------------------------------------------------------------------------------


async def test_a_new_store_records_the_latest_schema_version(engine: Engine) -> None:
    store = await engine.open()
    try:
        assert store.meta('schema') == latest_version() == latest_version(MIGRATIONS)
        assert await migrate(store) == []  # open already ran them
    finally:
        await store.close()


async def test_migrations_run_in_order_once_and_record_the_version(engine: Engine) -> None:
    ran: list[int] = []

    def step(version: int):
        def run(tx: Tx) -> None:
            ran.append(version)
            assert tx.meta('schema') == version - 1  # the one before has been recorded
            tx.put(person(version, f'Migrasi {version}'))

        return run

    migrations: list[Migration] = [(3, 'third', step(3)), *MIGRATIONS, (2, 'second', step(2))]  # out of order
    store = await engine.open()
    try:
        assert await migrate(store, migrations=migrations) == [2, 3]
        assert ran == [2, 3]
        assert store.meta('schema') == 3
        assert await migrate(store, migrations=migrations) == []
        assert ran == [2, 3]
    finally:
        await store.close(checkpoint=False)

    store = await engine.open()  # replayed from the journal (loaded); the default migrations do not step back
    try:
        assert store.meta('schema') == 3
        assert store.get(Participant, 'r2') == person(2, 'Migrasi 2')
        assert await migrate(store, migrations=migrations) == []
        assert ran == [2, 3]
    finally:
        await store.close()


async def test_a_failing_migration_changes_nothing_and_keeps_the_version_before_it(engine: Engine) -> None:
    def second(tx: Tx) -> None:
        tx.put(person(2))

    def third(tx: Tx) -> None:
        tx.put(person(3))
        raise RuntimeError('migration 3 breaks')

    store = await engine.open()
    try:
        with pytest.raises(RuntimeError, match='migration 3 breaks'):
            await migrate(store, migrations=[*MIGRATIONS, (2, 'second', second), (3, 'third', third)])
        assert store.meta('schema') == 2
        assert store.get(Participant, 'r2') == person(2)
        assert store.get(Participant, 'r3') is None
        assert await migrate(store, migrations=[*MIGRATIONS, (2, 'second', second), (3, 'fixed', second)]) == [3]
        assert store.meta('schema') == 3
    finally:
        await store.close()


# ---- checkpoints racing writes ---------------------------------------------------------------------


async def test_checkpoints_racing_writes_leave_a_folder_that_reopens_with_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_append = journal.JournalWriter.append

    def append(self: journal.JournalWriter, data: bytes) -> None:
        time.sleep(0.001)  # a slow disk: a batch stays in the engine, not yet in the journal, for longer
        slow_append(self, data)

    monkeypatch.setattr(journal.JournalWriter, 'append', append)
    store = await Store.open(tmp_path, checkpoint_bytes=4_000)
    acked: list[str] = []

    async def writer(task: int) -> None:
        for n in range(150):
            record = Participant(id=f'c{task}-{n}', name=f'Peserta {task} {n}')
            await store.put(record)
            acked.append(record.id)

    async def checkpointer() -> None:
        for _ in range(40):
            await asyncio.gather(store.checkpoint(), store.checkpoint(), store.checkpoint())

    try:
        await asyncio.gather(*(writer(t) for t in range(4)), checkpointer())
    finally:
        await store.close(checkpoint=False)  # the folder as a kill would leave it
    ids = await ids_after_open(tmp_path)
    assert set(acked) <= ids
    assert len(acked) == 600


# ---- an event loop closing around the writer ------------------------------------------------------


async def test_a_writer_cancelled_mid_write_ends_and_the_folder_reopens_with_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closing event loop cancels every task; a writer that swallowed it waited forever (a CI hang)."""
    store = await Store.open(tmp_path)
    await store.put(person(1))
    started, release = threading.Event(), threading.Event()
    real_append = journal.JournalWriter.append

    def slow_append(self: journal.JournalWriter, data: bytes) -> None:
        started.set()
        release.wait(10)
        real_append(self, data)

    monkeypatch.setattr(journal.JournalWriter, 'append', slow_append)
    write = asyncio.ensure_future(store.put(person(2)))
    await asyncio.to_thread(started.wait, 10)
    assert store._writer_task is not None
    store._writer_task.cancel()
    release.set()
    await asyncio.wait_for(asyncio.gather(store._writer_task, return_exceptions=True), 5)
    assert store._writer_task.cancelled()
    with pytest.raises(StoreClosed):
        await write
    store._writer_task = None
    await store.close(checkpoint=False)
    monkeypatch.undo()
    assert await ids_after_open(tmp_path) >= {'r1'}


# ---- what a record may hold reads back the same -----------------------------------------------------------------


async def test_any_text_a_record_holds_reads_back_the_same_after_reopening(engine: Engine) -> None:
    odd = 'Siti \\ "Nur" \t\n\r\x00 \\u0000 ẞ 🌶️ 辣椒 \x7f'
    record = Participant(id='r-odd.1:2_3', name=odd, village=odd[::-1], case_notes='\\' * 5)
    store = await engine.open()
    try:
        await store.put(record)
    finally:
        await store.close()
    store = await engine.open()
    try:
        assert store.get(Participant, record.id) == record
    finally:
        await store.close()
