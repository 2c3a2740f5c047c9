"""Crash safety: SIGKILL a writer again and again and nothing it was told is saved may be lost.

`tests/store_writer.py` writes from several tasks into a store that checkpoints all the time and prints
a line for every acknowledged write. We kill it at random moments, some aimed right into an explicit
checkpoint, then open the folder here: it must open every time and hold every acknowledged write with
the content that was written, and no two-record transaction may be there by halves. The same on PostgreSQL,
where each batch is one database transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from models.participant import Participant
from store import Store
from tests.engines import URL_VARIABLE, postgres_url, tenant_of
from tests.store_writer import expected_record

WRITER = Path(__file__).with_name('store_writer.py')
ROOT = WRITER.parent.parent
SEED = 20240611
ROUNDS = 40
START_TIMEOUT = 20.0


@dataclass
class Acked:
    """Everything the writers were told is saved, over all rounds."""

    versions: dict[str, int] = field(default_factory=dict)  # id -> highest acknowledged version
    pairs: list[tuple[str, str]] = field(default_factory=list)

    def take(self, line: str) -> None:
        kind, *rest = line.split()
        if kind == 'ack':
            record_id, version = rest[0], int(rest[1])
            self.versions[record_id] = max(version, self.versions.get(record_id, -1))
        elif kind == 'pair':
            self.pairs.append((rest[0], rest[1]))


@dataclass
class Round:
    lines: list[str]
    returncode: int
    stderr: str

    def count(self, kind: str) -> int:
        return sum(1 for line in self.lines if line.split()[0] == kind)


def start_writer(
    folder: Path, run: int, mode: str, stderr_path: Path, database: tuple[str, str] | tuple[()] = ()
) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get('PYTHONPATH', ''))
    with open(stderr_path, 'wb') as stderr:
        return subprocess.Popen(
            [sys.executable, str(WRITER), str(folder), str(run), mode, *database],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )


def run_and_kill(
    folder: Path, run: int, mode: str, rng: random.Random, tmp: Path, database: tuple[str, str] | tuple[()] = ()
) -> Round:
    """Start a writer, SIGKILL it at a random moment, return every complete line it printed."""
    stderr_path = tmp / f'writer-{run}.err'
    proc = start_writer(folder, run, mode, stderr_path, database)
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT
    try:
        if mode == 'write':
            # Kill a random while after the first acknowledged write.
            while not any(line.startswith('ack ') for line in lines):
                raw = proc.stdout.readline()
                if not raw or time.monotonic() > deadline:
                    break
                lines.append(raw.decode())
            time.sleep(rng.uniform(0.02, 0.3))
        else:
            # Kill just after the writer announced its k-th explicit checkpoint: inside that checkpoint.
            target = f'checkpoint {rng.randint(1, 6)}\n'
            delay = rng.uniform(0, 0.004)
            while target not in lines:
                raw = proc.stdout.readline()
                if not raw or time.monotonic() > deadline:
                    break
                lines.append(raw.decode())
            if delay:
                time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        lines.extend(proc.stdout.read().decode().splitlines(keepends=True))  # printed before the kill: acked
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
    complete = [line.rstrip('\n') for line in lines if line.endswith('\n')]
    return Round(complete, proc.returncode, stderr_path.read_text())


async def check_store(
    folder: Path, acked: Acked, *, checkpoint_on_close: bool, database: tuple[str, str] | tuple[()] = ()
) -> int:
    """Open the killed writer's store and check it against everything ever acknowledged."""
    if database:
        from store.pg_engine import open_postgres

        store: Store = await open_postgres(folder, *database)
    else:
        store = await Store.open(folder)
    try:
        docs = store.raw('participants')
        for record_id, acked_version in acked.versions.items():
            assert record_id in docs, f'acknowledged write {record_id} v{acked_version} lost'
        for a, b in acked.pairs:
            assert a in docs and b in docs, f'acknowledged pair {a} {b} lost'
        for record_id, doc in docs.items():
            stored = Participant.model_validate(doc)
            version = int(stored.village.removeprefix('Desa v'))
            assert stored == expected_record(record_id, version), f'{record_id} does not hold what was written'
            acked_version = acked.versions.get(record_id, -1)
            # Each record is updated by one task, one write at a time: what is stored is the last acked
            # version, or the one after it when the kill came between the fsync and the acknowledgement.
            assert acked_version <= version <= acked_version + 1, f'{record_id}: v{version}, acked v{acked_version}'
            if record_id.startswith('p'):  # a two-record transaction: both halves or neither
                other = record_id[:-1] + ('b' if record_id.endswith('a') else 'a')
                assert other in docs, f'{record_id} saved without {other} from the same transaction'
        return len(docs)
    finally:
        await store.close(checkpoint=checkpoint_on_close)


@pytest.mark.slow
def test_every_acknowledged_write_survives_repeated_sigkill(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / 'store'
    acked = Acked()
    modes = ['checkpoint' if n % 3 == 0 else 'write' for n in range(ROUNDS)]
    rng.shuffle(modes)
    killed_inside_checkpoint = 0
    for run, mode in enumerate(modes):
        result = run_and_kill(folder, run, mode, rng, tmp_path)
        assert result.returncode == -signal.SIGKILL, f'writer run {run} ended by itself:\n{result.stderr}'
        assert 'ready' in result.lines, f'writer run {run} could not open the store:\n{result.stderr}'
        for line in result.lines:
            acked.take(line)
        if result.count('checkpoint') > result.count('checkpointed'):
            killed_inside_checkpoint += 1
        count = asyncio.run(check_store(folder, acked, checkpoint_on_close=run % 2 == 0))
        assert count >= len(acked.versions) + 2 * len(acked.pairs)
    assert len(acked.versions) > 1000, 'the writers hardly wrote: the test proves little'
    # Kills aimed at explicit checkpoints do land inside them (auto checkpoints are hit by chance too).
    assert killed_inside_checkpoint >= ROUNDS // 6


POSTGRES_ROUNDS = 30


class Zygote:
    """tests/store_writer.py --zygote: a warm process that forks each round's writer."""

    def __init__(self, tmp: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get('PYTHONPATH', ''))
        self.stderr = tmp / 'zygote.err'
        with open(self.stderr, 'wb') as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, str(WRITER), '--zygote'], cwd=ROOT, env=env, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
            )  # fmt: skip

    def run_and_kill(self, args: list[str], rng: random.Random) -> Round:
        """One writer forked with `args`, SIGKILLed a random while after its first acknowledged write."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(' '.join(args) + '\n')
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline().split()[1])
        lines: list[str] = []
        deadline = time.monotonic() + START_TIMEOUT
        while not any(line.startswith(('ack ', 'ended ')) for line in lines) and time.monotonic() < deadline:
            lines.append(self.proc.stdout.readline())
        time.sleep(rng.uniform(0.02, 0.3))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while not lines[-1].startswith('ended '):
            lines.append(self.proc.stdout.readline())
        status = int(lines.pop().split()[2])
        returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        return Round([line.rstrip('\n') for line in lines], returncode, self.stderr.read_text())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


@pytest.mark.slow
def test_every_acknowledged_write_survives_repeated_sigkill_on_postgres(tmp_path: Path) -> None:
    """The same writer on PostgreSQL, killed 30 times at random moments while writing: after each kill the tenant
    opens (its lock freed with the killed session) holding every acknowledged write exactly once, both halves of
    every pair, and nothing written that was never asked for."""
    rng = random.Random(SEED + 1)
    zygote = Zygote(tmp_path)
    try:
        with tenant_of(postgres_url()) as tenant:
            database = (os.environ[URL_VARIABLE], tenant)
            acked = Acked()
            for run in range(POSTGRES_ROUNDS):
                result = zygote.run_and_kill([str(tmp_path / 'store'), str(run), 'write', *database], rng)
                assert result.returncode == -signal.SIGKILL, f'writer run {run} ended by itself:\n{result.stderr}'
                assert 'ready' in result.lines, f'writer run {run} could not open the store:\n{result.stderr}'
                for line in result.lines:
                    acked.take(line)
                count = asyncio.run(
                    check_store(tmp_path / 'store', acked, checkpoint_on_close=False, database=database)
                )
                assert count >= len(acked.versions) + 2 * len(acked.pairs)
            assert len(acked.versions) > 300, 'the writers hardly wrote: the test proves little'
    finally:
        zygote.close()
