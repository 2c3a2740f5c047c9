"""One tenant's documents, writer lock and files in PostgreSQL: the durable side of the store on a database server.

Every call blocks (psycopg 3, synchronous): the store runs them in a thread, never on the event loop. One set of
tables serves every tenant (an agency), created on first use:

    berdaya_tenants   (id serial, name text unique, seq bigint, secret text)
    berdaya_documents (tenant int, table_name text, id text, doc json, seq bigint; key tenant, table_name, id)
    berdaya_files     (tenant int, private bool, name text, data bytea; key tenant, private, name)

A document is the JSON of one record, as the file engine's snapshot holds it; `seq` is the store's sequence number
of the batch that wrote it last, and the tenant's `seq` that of the last batch committed. A batch moves the
tenant's `seq` from the number it read to its own in the same transaction (`UPDATE … WHERE seq = before`), so a
writer that lost its lock without knowing can never commit over another's work.

One writer a tenant: a session-level advisory lock `(LOCK_SPACE, tenant id)` held on the writer's connection for
the process's life. PostgreSQL frees it when that connection ends, so a killed writer's lock is free at once and
a standby waiting for it takes over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import psycopg

from .errors import StoreError, StoreLocked
from .journal import Change

log = logging.getLogger(__name__)

Tables = dict[str, dict[str, dict[str, Any]]]
T = TypeVar('T')

LOCK_SPACE = 0x42_52_44_59  # 'BRDY': the first key of our advisory locks; the second is a tenant's id
TENANT = re.compile(r'^[a-z0-9][a-z0-9._-]{0,99}$')  # a host-name-like label: routed by a proxy, named in logs
REPLACED = '{tenant}.replaced-{time}'  # a tenant of its own for what a restore replaced (never deleted)
LOCK_GRACE = 1.5  # seconds a starting writer asks again for a lock whose holder may have just died
CONNECT_TIMEOUT = 5  # seconds: a server that does not answer is reported, not waited for
# The server drops a writer's session within ~25 s of its machine going silent, so its lock frees for a standby;
# the client side notices a dead server as fast.
KEEPALIVES: dict[str, Any] = {'keepalives': 1, 'keepalives_idle': 10, 'keepalives_interval': 5, 'keepalives_count': 3}
SERVER_KEEPALIVES = '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3'

SCHEMA = """
CREATE TABLE IF NOT EXISTS berdaya_tenants (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    seq bigint NOT NULL DEFAULT 0,
    secret text,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS berdaya_documents (
    tenant integer NOT NULL REFERENCES berdaya_tenants (id),
    table_name text NOT NULL,
    id text NOT NULL,
    doc json NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (tenant, table_name, id)
);
CREATE TABLE IF NOT EXISTS berdaya_files (
    tenant integer NOT NULL REFERENCES berdaya_tenants (id),
    private boolean NOT NULL,
    name text NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (tenant, private, name)
);
"""
# One batch is one statement, so one round trip (autocommit: the statement is its transaction, committed, with
# synchronous_commit, once on disk). It moves the tenant's seq from `before` to `seq`; joined with that row, the
# writes happen only if it moved, so a writer whose seq is not the tenant's writes nothing and counts 0.
COMMIT_BATCH = """
WITH moved AS (
    UPDATE berdaya_tenants SET seq = %(seq)s WHERE id = %(tenant)s AND seq = %(before)s RETURNING id
), put AS (
    INSERT INTO berdaya_documents (tenant, table_name, id, doc, seq)
    SELECT moved.id, u.t, u.i, u.d::json, %(seq)s
    FROM moved, unnest(%(tables)s::text[], %(ids)s::text[], %(docs)s::text[]) AS u (t, i, d)
    ON CONFLICT (tenant, table_name, id) DO UPDATE SET doc = EXCLUDED.doc, seq = EXCLUDED.seq
), gone AS (
    DELETE FROM berdaya_documents d USING moved, unnest(%(gone_tables)s::text[], %(gone_ids)s::text[]) AS g (t, i)
    WHERE d.tenant = moved.id AND d.table_name = g.t AND d.id = g.i
)
SELECT count(*) FROM moved
"""


class Unavailable(StoreError):
    """The database server could not be reached or refused a batch: nothing of that batch is saved (or, when the
    connection broke during the commit itself, the store finds out which once it is back)."""

    def __init__(self, reason: str) -> None:
        super().__init__('store_unavailable', reason=reason[:200])


class TenantLocked(StoreLocked):
    """Another process is this tenant's writer."""


class TakenOver(StoreError):
    """This process lost its writer lock and another process has written since: it must not write again."""


def check_tenant(name: str) -> str:
    if not TENANT.fullmatch(name):
        raise StoreError('store_bad_tenant', tenant=name[:80])
    return name


def shown_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r'(://[^:/@]+):[^@/]*@', r'\1:***@', url)


class Database:
    """One tenant on one PostgreSQL server, from one process: its writer connection (which holds the lock once
    taken) and a second connection for files, each behind a thread lock, each connected again after a failure."""

    def __init__(self, url: str, tenant: str = 'default') -> None:
        self.url = url
        self.tenant = check_tenant(tenant)
        self.tenant_id = 0
        self.locked = False  # this process is the tenant's writer: the lock is held, or taken again on reconnecting
        self._held_here = False  # the current connection holds it
        self._conn: psycopg.Connection[Any] | None = None
        self._files_conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()
        self._files_lock = threading.Lock()

    def __repr__(self) -> str:
        return f'Database({shown_url(self.url)!r}, tenant={self.tenant!r})'

    # ---- connecting and the writer lock -------------------------------------------------------------------------

    def connect(self) -> None:
        """Connect the writer's connection, make the tables when missing and find (or add) the tenant."""
        with self._lock:
            self._connected()

    def try_lock(self) -> bool:
        """Take the tenant's writer lock if nobody holds it; True once held (for this connection's life)."""
        with self._lock:
            conn = self._connected()
            self.locked = self._held_here = bool(
                _one(conn, 'SELECT pg_try_advisory_lock(%s, %s)', (LOCK_SPACE, self.tenant_id))
            )
            return self.locked

    def wait_lock(self, poll: float = 1.0, stop: Callable[[], bool] = lambda: False) -> bool:
        """Wait for the writer lock (a standby): queued for it in the server, so it is ours the moment the writer's
        session ends, not at the next look. Asked `poll` seconds at a time, so `stop()` is heard and a server that
        went away is noticed; connection failures on the way are waited out. False when `stop()` said to give up."""
        while not stop():
            try:
                if self._queue_for_lock(poll):
                    return True
            except Unavailable as error:
                log.warning('standby: %s', error.params.get('reason'))
                time.sleep(poll)
        return False

    def _queue_for_lock(self, seconds: float) -> bool:
        def wait(conn: psycopg.Connection[Any]) -> bool:
            try:
                with conn.transaction():  # the timeout is the transaction's; the lock is the session's, kept after
                    conn.execute("SELECT set_config('lock_timeout', %s, true)", (f'{round(seconds * 1000)}ms',))
                    conn.execute('SELECT pg_advisory_lock(%s, %s)', (LOCK_SPACE, self.tenant_id))
            except psycopg.errors.LockNotAvailable:
                return False
            return True

        if not self._on_writer(wait):
            return False
        self.locked = self._held_here = True
        return True

    def refuse_if_locked(self, grace: float = LOCK_GRACE) -> None:
        """Take the lock or raise TenantLocked: a second writer refuses to start. A writer killed a moment ago
        frees its lock once the server has ended its session, so the lock is asked for again for `grace` seconds."""
        deadline = time.monotonic() + grace
        while not self.try_lock():
            if time.monotonic() > deadline:
                raise TenantLocked('store_tenant_locked', tenant=self.tenant, database=shown_url(self.url))
            time.sleep(0.1)

    def ping(self) -> None:
        """Check the writer's connection, connecting again (and taking the lock back) when it broke."""
        self._on_writer(lambda conn: conn.execute('SELECT 1'))

    def close(self) -> None:
        """Close both connections; the writer lock goes with the first."""
        with self._lock:
            self._drop()
            self.locked = False
        with self._files_lock:
            if self._files_conn is not None:
                self._files_conn.close()
                self._files_conn = None

    def _connected(self) -> psycopg.Connection[Any]:
        """The writer's connection, connected again if it broke; a lock held before is taken again or TakenOver."""
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self._drop()
        conn = _open(self.url)
        try:
            if not self.tenant_id:
                self.tenant_id = _tenant_id(conn, self.tenant)
            if self.locked and not _one(conn, 'SELECT pg_try_advisory_lock(%s, %s)', (LOCK_SPACE, self.tenant_id)):
                conn.close()
                raise TakenOver('store_taken_over', tenant=self.tenant)
        except psycopg.Error as error:
            conn.close()
            raise Unavailable(str(error)) from error
        self._conn, self._held_here = conn, self.locked
        return conn

    def _on_writer(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """`work(connection)` on the writer's connection, one caller at a time; a failure is Unavailable, and a
        connection that failed is made again by the next call."""
        with self._lock:
            conn = self._connected()
            try:
                return work(conn)
            except psycopg.Error as error:
                self._drop()
                raise Unavailable(str(error)) from error

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                if self._held_here and not self._conn.broken:
                    self._conn.execute('SELECT pg_advisory_unlock_all()')  # free now, not when the session ends
                self._conn.close()
        self._conn = None
        self._held_here = False

    # ---- the store's documents ----------------------------------------------------------------------------------

    def load(self) -> tuple[Tables, int]:
        """Every document of the tenant, by table and id, and its sequence number: what start-up loads."""
        return self._on_writer(lambda conn: _read_documents(conn, self.tenant_id))

    def seq(self) -> int:
        return int(
            self._on_writer(lambda conn: _one(conn, 'SELECT seq FROM berdaya_tenants WHERE id = %s', (self.tenant_id,)))
        )

    def commit(self, changes: Iterable[Change], before: int, after: int) -> None:
        """Write one batch in one transaction, moving the tenant from `before` to `after`; returns once committed.

        Only each document's last change counts (the batch commits whole). Raises Unavailable when the server
        could not be reached or refused, TakenOver when the tenant is no longer at `before` (another writer)."""
        final: dict[tuple[str, str], Change] = {}
        for change in changes:
            final[(change.table, change.id)] = change
        puts = [c for c in final.values() if c.doc is not None]
        drops = [c for c in final.values() if c.doc is None]
        values = {
            'tenant': self.tenant_id, 'seq': after, 'before': before,
            'tables': [c.table for c in puts], 'ids': [c.id for c in puts],
            # ASCII JSON, so every text Python holds (a lone surrogate, a NUL) goes to the server and back unchanged
            'docs': [json.dumps(c.doc, separators=(',', ':')) for c in puts],
            'gone_tables': [c.table for c in drops], 'gone_ids': [c.id for c in drops],
        }  # fmt: skip
        with self._lock:
            conn = self._connected()
            if not self.locked:
                raise TakenOver('store_taken_over', tenant=self.tenant)
            try:
                moved = _one(conn, COMMIT_BATCH, values)
            except psycopg.Error as error:
                if conn.broken or conn.closed:
                    self._drop()
                raise Unavailable(str(error)) from error
            if moved != 1:
                raise TakenOver('store_taken_over', tenant=self.tenant)

    # ---- the signing secret -------------------------------------------------------------------------------------

    def secret(self, make: Callable[[], str]) -> str:
        """The tenant's signing secret (sessions, check-in codes), made with `make()` on first use: every process of
        the tenant, on any machine, signs with the same one."""
        query = 'UPDATE berdaya_tenants SET secret = COALESCE(secret, %s) WHERE id = %s RETURNING secret'
        return str(self._on_writer(lambda conn: _one(conn, query, (make(), self.tenant_id))))

    # ---- files (photos, logos) ----------------------------------------------------------------------------------

    def put_file(self, name: str, data: bytes, private: bool) -> None:
        """Keep a file; committed when this returns (a file is kept before the record that names it)."""
        self._files(
            lambda conn: conn.execute(
                'INSERT INTO berdaya_files (tenant, private, name, data) VALUES (%s, %s, %s, %s) '
                'ON CONFLICT DO NOTHING',
                (self.tenant_id, private, name, data),
            )
        )

    def get_file(self, name: str, private: bool) -> bytes | None:
        row = self._files(
            lambda conn: conn.execute(
                'SELECT data FROM berdaya_files WHERE tenant = %s AND private = %s AND name = %s',
                (self.tenant_id, private, name),
            ).fetchone()
        )
        return bytes(row[0]) if row is not None else None

    def file_names(self, private: bool) -> list[str]:
        rows = self._files(
            lambda conn: conn.execute(
                'SELECT name FROM berdaya_files WHERE tenant = %s AND private = %s ORDER BY name',
                (self.tenant_id, private),
            ).fetchall()
        )
        return [row[0] for row in rows]

    def _files(self, work: Callable[[psycopg.Connection[Any]], Any]) -> Any:
        with self._files_lock:
            for attempt in range(2):  # a connection the server dropped since is made again, once
                try:
                    if self._files_conn is None or self._files_conn.closed or self._files_conn.broken:
                        self._files_conn = _open(self.url)
                        if not self.tenant_id:
                            self.tenant_id = _tenant_id(self._files_conn, self.tenant)
                    return work(self._files_conn)
                except psycopg.Error as error:
                    broken = self._files_conn is None or self._files_conn.broken or self._files_conn.closed
                    if not broken or attempt == 1:
                        raise Unavailable(str(error)) from error
                    self._files_conn = None
        raise AssertionError('unreachable')

    # ---- whole copies: backups, restores, `berdaya copy` --------------------------------------------------------

    def read_all(self) -> tuple[Tables, int, str | None]:
        """A consistent copy of the tenant (documents, sequence number, secret), read in one snapshot of the
        database while its writer goes on."""

        def read(conn: psycopg.Connection[Any]) -> tuple[Tables, int, str | None]:
            with conn.transaction():
                conn.execute('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY')
                secret = _one(conn, 'SELECT secret FROM berdaya_tenants WHERE id = %s', (self.tenant_id,))
                tables, seq = _read_documents(conn, self.tenant_id)
            return tables, seq, secret

        return self._on_writer(read)

    def count(self) -> int:
        query = 'SELECT count(*) FROM berdaya_documents WHERE tenant = %s'
        return int(self._on_writer(lambda conn: _one(conn, query, (self.tenant_id,))))

    def replace_all(self, tables: Tables, seq: int, secret: str | None, *, force: bool) -> str | None:
        """Make the tenant hold `tables` (a restore, a copy), in one transaction; the lock must be held.

        A tenant that holds documents is refused unless `force`; then they are moved to a tenant of their own,
        `<tenant>.replaced-<time>` (returned), never deleted. The sequence number only ever goes up, so a batch
        of a writer from before can never match it."""
        assert self.locked, 'replace_all needs the writer lock'

        def replace(conn: psycopg.Connection[Any]) -> str | None:
            with conn.transaction():
                return _replace(conn, self.tenant_id, self.tenant, tables, seq, secret, force=force)

        return self._on_writer(replace)


def _open(url: str) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(
            url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, options=SERVER_KEEPALIVES, **KEEPALIVES
        )
    except psycopg.Error as error:
        raise Unavailable(str(error)) from error


_schema_ready: set[str] = set()


def _tenant_id(conn: psycopg.Connection[Any], tenant: str) -> int:
    """The tenant's id, adding the tables and the tenant when missing (once a server per process)."""
    if conn.info.dsn not in _schema_ready:
        with conn.transaction():
            conn.execute('SELECT pg_advisory_xact_lock(%s, 0)', (LOCK_SPACE,))  # two first starts: one makes them
            conn.execute(SCHEMA)
        _schema_ready.add(conn.info.dsn)
    conn.execute('INSERT INTO berdaya_tenants (name) VALUES (%s) ON CONFLICT (name) DO NOTHING', (tenant,))
    return int(_one(conn, 'SELECT id FROM berdaya_tenants WHERE name = %s', (tenant,)))


def _one(conn: psycopg.Connection[Any], query: str, params: tuple[Any, ...] | dict[str, Any]) -> Any:
    row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
    return row[0] if row is not None else None


def _read_documents(conn: psycopg.Connection[Any], tenant: int) -> tuple[Tables, int]:
    """Every document of the tenant, as the server assembles them: each table in up to 16 parts (by the first hex
    digit of the id's MD5, so no part nears a value's 1 GB limit), each part one JSON object of documents by id,
    parsed by one call: no Python work a document (a million load in a few seconds)."""
    seq = int(_one(conn, 'SELECT seq FROM berdaya_tenants WHERE id = %s', (tenant,)))
    tables: Tables = {}
    query = (
        'SELECT table_name, json_object_agg(id, doc) FROM berdaya_documents WHERE tenant = %s '
        'GROUP BY table_name, substr(md5(id), 1, 1)'
    )
    with conn.cursor() as cursor:
        for table, docs in cursor.execute(query, (tenant,)):
            if table in tables:
                tables[table].update(docs)
            else:
                tables[table] = docs
            del docs
    return tables, seq


def _replace(
    conn: psycopg.Connection[Any],
    tenant_id: int,
    tenant: str,
    tables: Tables,
    seq: int,
    secret: str | None,
    *,
    force: bool,
) -> str | None:
    old_seq = int(_one(conn, 'SELECT seq FROM berdaya_tenants WHERE id = %s FOR UPDATE', (tenant_id,)))
    moved = None
    if _one(conn, 'SELECT EXISTS (SELECT 1 FROM berdaya_documents WHERE tenant = %s)', (tenant_id,)):
        if not force:
            raise StoreError('restore_target_not_empty', folder=tenant)
        moved = REPLACED.format(tenant=tenant, time=dt.datetime.now(dt.UTC).strftime('%Y%m%d-%H%M%S'))
        insert = 'INSERT INTO berdaya_tenants (name, seq) VALUES (%s, %s) RETURNING id'
        moved_id = _one(conn, insert, (moved, old_seq))
        conn.execute('UPDATE berdaya_documents SET tenant = %s WHERE tenant = %s', (moved_id, tenant_id))
        conn.execute(  # its files too, so it opens or copies whole (`berdaya copy --from URL --tenant <moved>`)
            'INSERT INTO berdaya_files SELECT %s, private, name, data FROM berdaya_files WHERE tenant = %s',
            (moved_id, tenant_id),
        )
    new_seq = max(seq, old_seq + 1)
    _copy_in(conn, tenant_id, tables, new_seq)
    conn.execute(
        'UPDATE berdaya_tenants SET seq = %s, secret = COALESCE(%s, secret) WHERE id = %s', (new_seq, secret, tenant_id)
    )
    return moved


def _copy_in(conn: psycopg.Connection[Any], tenant: int, tables: Tables, seq: int) -> None:
    dumps = json.dumps
    with (
        conn.cursor() as cursor,
        cursor.copy('COPY berdaya_documents (tenant, table_name, id, doc, seq) FROM STDIN') as copy,
    ):
        for table, docs in tables.items():
            for doc_id, doc in docs.items():
                copy.write_row((tenant, table, doc_id, dumps(doc, separators=(',', ':')), seq))


def tenant_secret(url: str, tenant: str, make: Callable[[], str]) -> str:
    """The tenant's signing secret, over a connection of its own (before the store opens)."""
    database = Database(url, tenant)
    try:
        return database.secret(make)
    finally:
        database.close()
