"""The store on PostgreSQL: the same `Store` (TinyDB in memory, dict indexes, one writer task, reads on the event
loop), whose group commit is one PostgreSQL transaction a batch instead of a journal fsync.

Start-up loads the tenant's documents (store/postgres.py) instead of a snapshot and a journal; no file is written
but the daily backups. A batch runs against the engine as on files, then commits in a thread; its callers hear
"saved" only after the commit. When the server cannot be reached, the batch is taken back out of the engine and
its callers get `store_unavailable` (a 503 for the phone's sync, a notice on a page); the next batch connects again
and goes on, so the app writes again as soon as the server is back, with no restart. A connection that broke
during COMMIT leaves its batch in doubt: before running anything else the writer reads the tenant's sequence number
and puts the batch back if it did land, so the engine and the database never disagree.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import files
from .engine import Store, _Job, _settle
from .errors import StoreClosed
from .indexes import collector_paused
from .journal import Change
from .migrations import migrate
from .postgres import Database, TakenOver, Unavailable

log = logging.getLogger(__name__)

KEEP_SECONDS = 1.0  # how often an idle writer checks its connection, so its lock is back soon after an outage


async def open_postgres(
    folder: str | os.PathLike[str], database: Database | str, tenant: str = 'default', *, wait: bool = False
) -> PostgresStore:
    """Open the tenant's store: take its writer lock (refuse when another process has it, or with `wait` wait for
    it: a standby), load its documents, run the migrations, start the writer. `database` is a URL or a Database
    that may already hold the lock (taken before the app started serving, or kept across a restore). `folder` is
    this machine's own folder (daily backups); files go to the database."""
    db = Database(database, tenant) if isinstance(database, str) else database
    store = PostgresStore(Path(folder), db)
    store.folder.mkdir(parents=True, exist_ok=True)
    try:
        if not db.locked:
            await asyncio.to_thread(db.wait_lock if wait else db.refuse_if_locked)
        with collector_paused():
            tables, seq = await asyncio.to_thread(db.load)
            store._fill(tables, seq)
            del tables
        files.attach(store.folder, db)
        store.closed = False
        store._writer_task = asyncio.create_task(store._writer(), name='berdaya-store-writer')
        await migrate(store)
        store._keeper = asyncio.create_task(store._keep(), name='berdaya-store-keeper')
    except BaseException:
        await store.close()
        raise
    return store


class PostgresStore(Store):
    """A tenant open in this process, its documents in PostgreSQL. Open with `open_postgres`."""

    def __init__(self, folder: Path, database: Database) -> None:
        super().__init__(folder, checkpoint_bytes=0, checkpoint_seconds=0)
        self.database = database
        self.on_taken_over: Callable[[], Any] | None = None  # the app stops: another process writes now
        self._unresolved: tuple[int, int, list[Change]] | None = None  # a batch whose commit may or may not be in
        self._keeper: asyncio.Task[None] | None = None
        self._reachable = True

    def _fill(self, tables: dict[str, dict[str, dict[str, Any]]], seq: int) -> None:
        self.seq = seq
        for table, docs in tables.items():
            self._file(table, docs)  # as a snapshot's pieces are: texts shared, indexes filed

    def kept_secret(self) -> str | None:
        """The tenant's signing secret (blocking), for its backups."""
        return self.database.secret(lambda: secrets.token_urlsafe(32))

    # ---- closing ------------------------------------------------------------------------------------------------

    async def close(self, *, checkpoint: bool = True) -> None:
        """Finish queued writes, stop, and close the connections (the writer lock goes with them)."""
        database = await self.stop_writing()
        await asyncio.to_thread(database.close)

    async def stop_writing(self) -> Database:
        """Finish queued writes and stop, keeping the connection and its lock (a restore goes on with them)."""
        if self._keeper is not None:
            self._keeper.cancel()
            await asyncio.gather(self._keeper, return_exceptions=True)
            self._keeper = None
        if self._writer_task is not None:
            await self._queue.put(None)
            await self._writer_task
            self._writer_task = None
        self.closed = True
        files.detach(self.folder, self.database)
        return self.database

    # ---- writes -------------------------------------------------------------------------------------------------

    async def checkpoint(self) -> None:
        """Nothing to checkpoint: every batch is committed whole. Waits for what was queued before."""
        await self.transact(lambda tx: None)

    def _checkpoint_due(self) -> bool:
        return False

    async def _commit(self, jobs: list[_Job]) -> None:
        try:
            await self._resolve()
        except (Unavailable, TakenOver) as error:
            self._refuse(jobs, error)
            return
        undo: list[Change] = []
        done, transactions = self._run(jobs, undo)
        if not transactions:
            for job, result in done:
                _settle(job.future, result=result)
            return
        changes = [change for transaction in transactions for change in transaction]
        before, after = self.seq, self.seq + len(changes)
        try:
            await asyncio.to_thread(self.database.commit, changes, before, after)
        except (Unavailable, TakenOver) as error:
            self._take_back(undo)
            self._unresolved = (before, after, changes)
            self._refuse([job for job, _ in done], error)
            return
        except BaseException:
            # Cancelled (the event loop is closing): the commit may still land. Take the batch back and stop.
            self._take_back(undo)
            self._failed = StoreClosed('store_closed')
            for job, _ in done:
                _settle(job.future, exc=StoreClosed('store_closed'))
            raise
        self.seq = after
        self._now_reachable()
        for job, result in done:
            _settle(job.future, result=result)

    async def _resolve(self) -> None:
        """Settle a batch left in doubt by a failed commit: if it landed after all, put it back into the engine."""
        if self._unresolved is None:
            return
        before, after, changes = self._unresolved
        seq = await asyncio.to_thread(self.database.seq)
        if seq == after:
            log.warning('a batch reported as not saved had been committed (%d changes): it is kept', len(changes))
            for change in changes:
                self._apply(change)
            self.seq = after
        elif seq != before:
            raise TakenOver('store_taken_over', tenant=self.database.tenant)
        self._unresolved = None

    def _take_back(self, undo: list[Change]) -> None:
        for change in reversed(undo):
            self._apply(change)

    def _refuse(self, jobs: list[_Job], error: Unavailable | TakenOver) -> None:
        if isinstance(error, TakenOver):
            self._lost(error)
        elif self._reachable:
            self._reachable = False
            log.warning('database unreachable; writes are refused until it is back: %s', error.params.get('reason'))
        for job in jobs:
            _settle(job.future, exc=error)

    def _now_reachable(self) -> None:
        if not self._reachable:
            self._reachable = True
            log.warning('database reachable again; writes go on')

    def _lost(self, error: TakenOver) -> None:
        if self._failed is None:
            self._failed = error
            log.critical('tenant %s has another writer now; this process stops writing', self.database.tenant)
            if self.on_taken_over is not None:
                self.on_taken_over()

    async def _keep(self) -> None:
        """Check the connection while idle: after an outage the lock is taken back at once, not at the next write
        (a standby waiting for it would take over otherwise)."""
        while True:
            await asyncio.sleep(KEEP_SECONDS)
            try:
                await asyncio.to_thread(self.database.ping)
            except Unavailable as error:
                if self._reachable:
                    self._reachable = False
                    log.warning('database unreachable: %s', error.params.get('reason'))
                continue
            except TakenOver as error:
                self._lost(error)
                return
            self._now_reachable()
