"""The durable store: TinyDB in memory, a fsynced journal, atomic snapshots, and one writer task.

Reads run on the event loop straight from memory. Every write goes through one asyncio queue to one
writer task, which runs each transaction against the current state, applies its changes to the engine
and the indexes, appends them to the journal, and after one fsync for the whole batch (group commit)
tells the callers their writes are saved. A checkpoint freezes a shallow copy of the tables (documents
are replaced, never changed in place, so the copy stays consistent), starts a new journal file and
writes the snapshot from a thread while writes go on.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import time
from collections.abc import Callable, Hashable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from tinydb.table import Table

from models.base import Record

from . import compact, journal, snapshot
from .errors import StoreClosed, StoreLocked
from .indexes import Index, OwnedIndex, collector_paused
from .inplace import InPlaceTable, open_engine
from .journal import Change
from .migrations import migrate
from .schema import META_TABLE, TABLES, make_indexes, table_of
from .tx import Tx, serialise

log = logging.getLogger(__name__)

M = TypeVar('M', bound=Record)
T = TypeVar('T')

CHECKPOINT_BYTES = 32 * 1024 * 1024
CHECKPOINT_SECONDS = 15 * 60
MAX_BATCH = 512


class _Job:
    __slots__ = ('fn', 'future')

    def __init__(self, fn: Callable[[Tx], Any], future: asyncio.Future[Any]) -> None:
        self.fn = fn
        self.future = future


class Store:
    """One data folder, open in this process. Use `await Store.open(folder)` and `await store.close()`."""

    def __init__(self, folder: Path, *, checkpoint_bytes: int, checkpoint_seconds: float) -> None:
        self.folder = folder
        self.checkpoint_bytes = checkpoint_bytes
        self.checkpoint_seconds = checkpoint_seconds
        self.db, self._storage = open_engine()
        self.seq = 0
        self._indexes: dict[tuple[str, str], Index] = {}
        self._indexes_by_table: dict[str, list[Index]] = {}
        for index in make_indexes():
            self._indexes[(index.table, index.name)] = index
            self._indexes_by_table.setdefault(index.table, []).append(index)
        for index in self._indexes.values():
            if isinstance(index, OwnedIndex):
                index.attach(self._indexes[(index.table, index.via)], partial(self._docs_of, index.table))
        self._queue: asyncio.Queue[_Job | None] = asyncio.Queue()
        # Held by the writer from applying a batch to the engine until its journal write is done (and
        # `seq` counts it): a checkpoint from outside the writer must not freeze the tables in between.
        self._commit_lock = asyncio.Lock()
        self._writer_task: asyncio.Task[None] | None = None
        self._checkpoint_task: asyncio.Task[None] | None = None
        self._journal: journal.JournalWriter | None = None
        self._last_checkpoint = time.monotonic()
        self._lock_handle: Any = None
        self._failed: BaseException | None = None
        self.closed = True

    # ---- opening and closing -------------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        folder: str | os.PathLike[str],
        *,
        checkpoint_bytes: int = CHECKPOINT_BYTES,
        checkpoint_seconds: float = CHECKPOINT_SECONDS,
    ) -> Store:
        """Lock the folder, load the snapshot, replay the journal, run migrations, start the writer."""
        store = cls(Path(folder), checkpoint_bytes=checkpoint_bytes, checkpoint_seconds=checkpoint_seconds)
        store.folder.mkdir(parents=True, exist_ok=True)
        store._lock()
        try:
            store._recover()
            store._start_journal()
            store.closed = False
            store._writer_task = asyncio.create_task(store._writer(), name='berdaya-store-writer')
            await migrate(store)
        except BaseException:
            await store.close(checkpoint=False)
            raise
        return store

    def _lock(self) -> None:
        handle = open(self.folder / '.lock', 'a+')  # noqa: SIM115 - held open for the store's life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise StoreLocked('store_locked', folder=str(self.folder)) from None
        self._lock_handle = handle

    def _recover(self) -> None:
        with collector_paused():
            self._load_and_file()

    def _load_and_file(self) -> None:
        seq = snapshot.load(self.folder, self._file)
        if seq is not None:
            self.seq = seq
        for last_seq, changes in journal.replay(self.folder, self.seq, repair=True):
            for change in changes:
                self._apply(change)
            self.seq = last_seq

    def _file(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        """Take in a piece of a table at start-up: its texts shared, its documents added and filed in the indexes
        while they are fresh in the cache."""
        compact.share(table, docs.values())
        compact.share_ids(docs)
        tables = self._storage.tables
        if table in tables:
            tables[table].update(docs)
        else:
            tables[table] = docs
        for index in self._indexes_by_table.get(table, ()):
            index.file(docs)

    def _docs_of(self, table: str) -> dict[str, dict[str, Any]]:
        return self._storage.tables.get(table, {})

    def _start_journal(self) -> None:
        files = journal.journal_files(self.folder)
        path = files[-1] if files else self.folder / journal.journal_name(self.seq + 1)
        self._journal = journal.JournalWriter(path)

    async def close(self, *, checkpoint: bool = True) -> None:
        """Finish queued writes, write a final snapshot, release the folder."""
        if self._writer_task is not None:
            await self._queue.put(None)
            await self._writer_task
            self._writer_task = None
        if self._checkpoint_task is not None:
            await self._checkpoint_task
        if checkpoint and not self.closed and self._failed is None:
            await self._checkpoint()
            if self._checkpoint_task is not None:
                await self._checkpoint_task
        self.closed = True
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    # ---- reads (event loop, no locks) ----------------------------------------------------------

    def table(self, model: type[Record]) -> Table:
        """The TinyDB table of a model, for queries. Never write through it."""
        return self.db.table(table_of(model))

    def raw(self, table: str) -> dict[str, dict[str, Any]]:
        engine_table = self.db.table(table)
        assert isinstance(engine_table, InPlaceTable)
        return engine_table.raw()

    def get(self, model: type[M], record_id: str) -> M | None:
        doc = self.raw(table_of(model)).get(record_id)
        return model.model_validate(doc) if doc is not None else None

    def all(self, model: type[M]) -> list[M]:
        return [model.model_validate(doc) for doc in self.raw(table_of(model)).values()]

    def find(self, model: type[M], cond: Any) -> list[M]:
        """Records matching a TinyDB query, e.g. `store.find(Day, Query().programme_id == pid)`."""
        return [model.model_validate(doc) for doc in self.table(model).search(cond)]

    def ids(self, model: type[Record], index: str, key: Hashable) -> frozenset[str]:
        return self._indexes[(table_of(model), index)].ids(key)

    def by_index(self, model: type[M], index: str, key: Hashable) -> list[M]:
        raw = self.raw(table_of(model))
        return [model.model_validate(raw[i]) for i in self.ids(model, index, key)]

    def raw_by_index(self, model: type[Record], index: str, key: Hashable) -> list[dict[str, Any]]:
        """Documents as stored, for hot paths that sum many records and need no model per record."""
        raw = self.raw(table_of(model))
        return [raw[i] for i in self.ids(model, index, key)]

    def count(self, model: type[Record]) -> int:
        return len(self.raw(table_of(model)))

    def meta(self, key: str, default: Any = None) -> Any:
        doc = self.raw(META_TABLE).get(key)
        return doc['value'] if doc is not None else default

    # ---- writes (one writer task) --------------------------------------------------------------

    async def transact(self, fn: Callable[[Tx], T]) -> T:
        """Run `fn(tx)` atomically in the writer; return its result once its changes are on disk.

        `fn` reads through `tx` and stages changes with `tx.put` / `tx.delete`; if it raises, nothing
        of it is applied and the exception reaches the caller. It must not await or block.
        """
        if self.closed or self._failed is not None:
            raise StoreClosed('store_closed')
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Job(fn, future))
        return await future

    async def put(self, *records: Record) -> None:
        """Insert or replace records, all or none."""
        serialised = [(table_of(type(r)), serialise(r)) for r in records]  # refuse bad input before queueing
        docs = [(table, doc['id'], doc) for table, doc in serialised]

        def stage(tx: Tx) -> None:
            for table, record_id, doc in docs:
                tx.changes[(table, record_id)] = Change(table, record_id, doc)

        await self.transact(stage)

    async def insert_once(self, record: Record) -> bool:
        """Insert unless a record with this id exists (a phone's retry); True when it was new."""
        doc = serialise(record)
        table, record_id = table_of(type(record)), doc['id']

        def stage(tx: Tx) -> bool:
            if tx.get_raw(table, record_id) is not None:
                return False
            tx.changes[(table, record_id)] = Change(table, record_id, doc)
            return True

        return await self.transact(stage)

    async def update(self, model: type[M], record_id: str, change: Callable[[M], M]) -> M:
        """Replace a record by what `change` makes of it as it is now, read and written in one transaction;
        `not_found` when there is none."""

        def stage(tx: Tx) -> M:
            updated = change(tx.require(model, record_id))
            tx.put(updated)
            return updated

        return await self.transact(stage)

    async def delete(self, model: type[Record], record_id: str) -> None:
        await self.transact(lambda tx: tx.delete(model, record_id))

    async def _writer(self) -> None:
        while True:
            job = await self._queue.get()
            batch: list[_Job | None] = [job]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            stop = None in batch
            async with self._commit_lock:
                await self._commit([j for j in batch if j is not None])
            if stop:
                return
            if self._checkpoint_due():
                await self._checkpoint()

    async def _commit(self, jobs: list[_Job]) -> None:
        done, transactions = self._run(jobs)
        if transactions:
            data, last_seq = journal.encode(transactions, self.seq + 1)
            try:
                assert self._journal is not None
                await asyncio.to_thread(self._journal.append, data)
            except BaseException as exc:
                # The engine now holds changes the disk may not: stop taking writes until a restart.
                self._failed = exc
                for job, _ in done:
                    _settle(job.future, exc=StoreClosed('store_write_failed'))
                if isinstance(exc, asyncio.CancelledError):
                    # The event loop is closing around us: end the writer, as asked. Swallowing this
                    # left a writer waiting for work that never comes, and the loop's close waiting on it.
                    log.warning('journal write cancelled; the store refuses further writes')
                    raise
                log.critical('journal write failed; the store refuses further writes', exc_info=exc)
                return
            self.seq = last_seq
        for job, result in done:
            _settle(job.future, result=result)

    def _run(
        self, jobs: list[_Job], undo: list[Change] | None = None
    ) -> tuple[list[tuple[_Job, Any]], list[list[Change]]]:
        """Run a batch's transactions one after another against the engine, applying each one's changes as it
        succeeds; a refused one is settled with its error at once. With `undo`, the documents each change
        replaced are recorded there in order, so the batch can be taken back out of the engine."""
        done: list[tuple[_Job, Any]] = []
        transactions: list[list[Change]] = []
        for job in jobs:
            if self._failed is not None:
                _settle(job.future, exc=StoreClosed('store_closed'))
                continue
            tx = Tx(self.raw)
            try:
                result = job.fn(tx)
            except Exception as exc:  # the transaction refused; nothing of it was applied
                _settle(job.future, exc=exc)
                continue
            changes = list(tx.changes.values())
            for change in changes:
                if undo is not None:
                    undo.append(
                        Change(change.table, change.id, self._storage.tables.get(change.table, {}).get(change.id))
                    )
                self._apply(change)
            if changes:
                transactions.append(changes)
            done.append((job, result))
        return done, transactions

    def _apply(self, change: Change) -> None:
        table_docs = self._storage.tables.setdefault(change.table, {})
        old = table_docs.get(change.id)
        indexes = self._indexes_by_table.get(change.table, ())
        if old is not None:
            for index in indexes:
                index.remove(change.id, old)
        if change.doc is not None:
            compact.share(change.table, (change.doc,))
        self._apply_raw(change)
        if change.doc is not None:
            for index in indexes:
                index.add(change.id, change.doc)

    def _apply_raw(self, change: Change) -> None:
        engine_table = self.db.table(change.table)
        assert isinstance(engine_table, InPlaceTable)
        if change.doc is None:
            engine_table.drop_raw(change.id)
        else:
            engine_table.put_raw(change.id, change.doc)

    # ---- checkpoints ---------------------------------------------------------------------------

    def _checkpoint_due(self) -> bool:
        if self._checkpoint_task is not None or self._journal is None or self._journal.size == 0:
            return False
        return (
            self._journal.size >= self.checkpoint_bytes
            or time.monotonic() - self._last_checkpoint >= self.checkpoint_seconds
        )

    async def checkpoint(self) -> None:
        """Write a snapshot now and drop the journal files it covers (also done by size and time)."""
        await self.transact(lambda tx: None)  # everything queued before this call is in the engine
        while self._checkpoint_task is not None:
            await self._checkpoint_task
        async with self._commit_lock:  # not while a later batch is in the engine but not yet in the journal
            await self._checkpoint()
        if self._checkpoint_task is not None:
            await self._checkpoint_task

    async def _checkpoint(self) -> None:
        """Freeze the tables at `self.seq`, switch to a new journal file, snapshot in the background."""
        while self._checkpoint_task is not None:  # `while`: another caller may start one as we wake
            await self._checkpoint_task
        frozen = {name: dict(docs) for name, docs in self._storage.tables.items()}
        seq = self.seq
        assert self._journal is not None
        old_journal = self._journal
        self._journal = journal.JournalWriter(self.folder / journal.journal_name(seq + 1))
        old_journal.close()
        self._last_checkpoint = time.monotonic()
        self._checkpoint_task = asyncio.create_task(self._write_snapshot(frozen, seq), name='berdaya-checkpoint')

    async def _write_snapshot(self, frozen: dict[str, dict[str, Any]], seq: int) -> None:
        try:
            await asyncio.to_thread(_snapshot_and_prune, self.folder, frozen, seq)
        except Exception:
            # The journal still holds everything; the next checkpoint tries again.
            log.exception('checkpoint failed')
        finally:
            self._checkpoint_task = None

    async def export_tables(self) -> tuple[dict[str, dict[str, Any]], int]:
        """A consistent frozen copy of every table and its sequence number (for backups).

        Taken between batches, so no batch is in the copy before its journal write is done.
        """
        async with self._commit_lock:
            return {name: dict(docs) for name, docs in self._storage.tables.items()}, self.seq

    def kept_secret(self) -> str | None:
        """The signing secret kept elsewhere than the data folder (a tenant's on PostgreSQL); None here: a backup
        copies the folder's `secret.key`."""
        return None

    def stats(self) -> dict[str, int]:
        return {name: len(docs) for name, docs in self._storage.tables.items()}


def _snapshot_and_prune(folder: Path, frozen: dict[str, dict[str, Any]], seq: int) -> None:
    snapshot.write_atomic(folder, snapshot.encode(frozen, seq))
    keep = folder / journal.journal_name(seq + 1)
    for path in journal.journal_files(folder):
        if path.name < keep.name:
            path.unlink(missing_ok=True)
    snapshot.fsync_folder(folder)


def _settle(future: asyncio.Future[Any], *, result: Any = None, exc: BaseException | None = None) -> None:
    if future.done():  # the caller gave up waiting; its write still happened (or not) as decided
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)


def known_tables() -> Iterable[str]:
    return TABLES.values()
