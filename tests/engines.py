"""The store's two durable engines for its own tests: one fixture parameter, `engine`, runs a test on the data
folder's files and on PostgreSQL. A test module imports it: `from tests.engines import Engine, engine_fixture`.

PostgreSQL is the server in `BERDAYA_TEST_DATABASE_URL` (.ci/run starts a throwaway one); each test gets a tenant of
its own, removed after it. With no server the PostgreSQL cases are skipped with a message, except where
`BERDAYA_TEST_POSTGRES=required` (set by .ci/run): there a missing server fails them, so CI never passes without
having run them.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from store import Store
from store.backup_folder import read_folder
from store.journal import journal_files

URL_VARIABLE = 'BERDAYA_TEST_DATABASE_URL'
REQUIRED = os.environ.get('BERDAYA_TEST_POSTGRES') == 'required'
CLUSTER = Path(__file__).resolve().parent.parent / '.ci' / 'postgres'


def postgres_url() -> str:
    """The test server's URL; skips the test (fails it where PostgreSQL is required) when there is none."""
    url = os.environ.get(URL_VARIABLE, '')
    problem = _unreachable(url) if url else f'no PostgreSQL server: {URL_VARIABLE} is not set (.ci/run starts one)'
    if problem:
        if REQUIRED:
            pytest.fail(f'PostgreSQL is required here and {problem}')
        pytest.skip(problem)
    return url


@functools.cache
def _unreachable(url: str) -> str:
    try:
        import psycopg
    except ImportError:
        return 'psycopg is not installed (pip install -e ".[test]")'
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as error:
        return f'the server in {URL_VARIABLE} does not answer: {str(error).strip()[:200]}'
    return ''


def new_tenant() -> str:
    return f't-{uuid.uuid4().hex[:16]}'


def drop_tenant(url: str, tenant: str) -> None:
    """Remove a test's tenant, the tenants a restore moved its documents to, and their files."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM berdaya_tenants WHERE name = %s OR name LIKE %s", (tenant, tenant + '.replaced-%')
        )]  # fmt: skip
        if ids:
            conn.execute('DELETE FROM berdaya_documents WHERE tenant = ANY(%s)', (ids,))
            conn.execute('DELETE FROM berdaya_files WHERE tenant = ANY(%s)', (ids,))
            conn.execute('DELETE FROM berdaya_tenants WHERE id = ANY(%s)', (ids,))


@dataclass
class Engine:
    """Where a test's store lives: `file` (a data folder) or `postgres` (a tenant of its own on the test server)."""

    name: str
    folder: Path
    url: str = ''
    tenant: str = ''

    async def open(self, **options: Any) -> Store:
        """The store, as the app opens it; `options` (checkpoint sizes) concern the file engine only."""
        if self.name == 'file':
            return await Store.open(self.folder, **options)
        from store.pg_engine import open_postgres

        return await open_postgres(self.folder, self.url, self.tenant)

    def durable(self) -> tuple[dict[str, dict[str, Any]], int]:
        """What another process reading the engine finds now: the tables and the sequence number."""
        if self.name == 'file':
            return read_folder(self.folder)
        from store.postgres import Database

        database = Database(self.url, self.tenant)
        try:
            tables, seq, _secret = database.read_all()
            return tables, seq
        finally:
            database.close()

    def written(self) -> Counter[str]:
        """How many times each document id was written durably: journal lines on files; rows on PostgreSQL,
        where a document is one row whatever wrote it."""
        counts: Counter[str] = Counter()
        if self.name == 'file':
            for path in journal_files(self.folder):
                for line in path.read_bytes().splitlines():
                    counts[json.loads(line)['i']] += 1
            return counts
        for docs in self.durable()[0].values():
            counts.update(docs.keys())
        return counts


@pytest.fixture(params=['file', 'postgres'], name='engine')
def engine_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The store's engine for this test: each store test runs on both."""
    yield from _engine(request, tmp_path)


@pytest.fixture(params=['file', 'postgres'], name='durable_engine')
def durable_engine_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The same, for a module whose `engine` is another (tests/test_inplace.py: TinyDB's)."""
    yield from _engine(request, tmp_path)


def _engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == 'file':
        yield Engine('file', tmp_path / 'data')
        return
    with tenant_of(postgres_url()) as tenant:
        yield Engine('postgres', tmp_path / 'data', os.environ[URL_VARIABLE], tenant)


@contextmanager
def tenant_of(url: str) -> Iterator[str]:
    """A fresh tenant on `url`, removed afterwards."""
    tenant = new_tenant()
    try:
        yield tenant
    finally:
        drop_tenant(url, tenant)


@contextmanager
def own_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server of the test's own (.ci/postgres), for tests that stop it; stopped and removed at the end.
    Its folder is made outside pytest's (which only root may enter), for the server's unprivileged user."""
    postgres_url()  # skip (or fail) where there is no PostgreSQL at all
    folder = Path(tempfile.mkdtemp(prefix='berdaya-test-pg-'))
    try:
        started = subprocess.run([str(CLUSTER), 'start', str(folder)], check=False, capture_output=True, text=True)
        assert started.returncode == 0, started.stderr
        yield Cluster(started.stdout.strip(), folder)
    finally:
        subprocess.run([str(CLUSTER), 'stop', str(folder)], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Cluster:
    url: str
    folder: Path

    def crash(self) -> None:
        """`pg_ctl stop -m immediate`: the server goes as in a crash, every connection cut."""
        subprocess.run([str(CLUSTER), 'immediate', str(self.folder)], check=True, capture_output=True)

    def start(self) -> None:
        subprocess.run([str(CLUSTER), 'restart', str(self.folder)], check=True, capture_output=True)


@contextmanager
def open_on_loop(engine: Engine, *records: Any) -> Iterator[tuple[Store, Callable[[Any], Any]]]:
    """The engine's store holding `records`, on its own event loop for a whole hypothesis run (hypothesis and async
    fixtures do not mix); `run(coroutine)` drives it."""
    loop = asyncio.new_event_loop()
    store = loop.run_until_complete(engine.open())
    try:
        if records:
            loop.run_until_complete(store.put(*records))
        yield store, loop.run_until_complete
    finally:
        loop.run_until_complete(store.close())
        loop.close()


def state_on(engine: Engine, store: Store) -> dict[str, Any]:
    """Everything a refused write could have touched (tests/conftest.py `state_of`), and on PostgreSQL what the
    database holds too."""
    from tests.conftest import state_of

    state = state_of(store)
    if engine.name == 'postgres':
        state['database'] = engine.durable()
    return state
