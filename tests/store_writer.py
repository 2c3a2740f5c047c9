"""A store writer that never stops by itself: `tests/test_store_crash.py` runs it and SIGKILLs it.

    python tests/store_writer.py FOLDER RUN MODE [DATABASE_URL TENANT]
    python tests/store_writer.py --zygote     (then one line `FOLDER RUN MODE [DATABASE_URL TENANT]` a writer)

It opens the store in FOLDER with a small `checkpoint_bytes`, so checkpoints happen all the time, and
writes from a few concurrent tasks. After each write is acknowledged (`await store.put(...)` returned)
it prints one line and flushes, so whatever the parent read before the kill was saved:

    ack ID VERSION        a single record was saved with this version
    pair ID_A ID_B        two records saved in one transaction (all or none)
    checkpoint N          printed just before the N-th explicit `store.checkpoint()`
    checkpointed N        that checkpoint returned

MODE `write` checkpoints now and then; MODE `checkpoint` checkpoints in a tight loop, so that a kill
right after a `checkpoint` line lands inside one. With DATABASE_URL and TENANT it writes into that tenant on
PostgreSQL instead (where a checkpoint only waits for what was queued).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # import `store` and `models` from this tree

from models.participant import Participant  # noqa: E402
from store import Store  # noqa: E402

CHECKPOINT_BYTES = 20_000
WRITER_TASKS = 4


def expected_record(record_id: str, version: int) -> Participant:
    """The content the writer stores for this id and version; the test rebuilds it to compare."""
    digest = hashlib.sha256(f'{record_id}/{version}'.encode()).hexdigest()
    return Participant(
        id=record_id,
        name=f'Peserta {record_id}',
        phone='0812' + str(int(digest[:12], 16))[-8:].rjust(8, '0'),
        village=f'Desa v{version}',
        district=digest[:20],
        case_notes=f'version {version} ' + digest * (1 + version % 4),
    )


def say(line: str) -> None:
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


async def write_loop(store: Store, run: str, task: int) -> None:
    """Insert records, update own earlier ones (bumping the version) and write pairs in one transaction."""
    versions: dict[str, int] = {}
    n = 0
    while True:
        n += 1
        if n % 5 == 0 and versions:
            record_id = sorted(versions)[n % len(versions)]
            version = versions[record_id] + 1
            await store.put(expected_record(record_id, version))
            versions[record_id] = version
            say(f'ack {record_id} {version}')
        elif n % 7 == 0:
            a, b = f'p{run}-{task}-{n}-a', f'p{run}-{task}-{n}-b'
            await store.put(expected_record(a, 0), expected_record(b, 0))
            say(f'pair {a} {b}')
        else:
            record_id = f'w{run}-{task}-{n}'
            await store.put(expected_record(record_id, 0))
            versions[record_id] = 0
            say(f'ack {record_id} 0')


async def checkpoint_loop(store: Store, mode: str) -> None:
    n = 0
    while True:
        await asyncio.sleep(0 if mode == 'checkpoint' else 0.03)
        n += 1
        say(f'checkpoint {n}')
        await store.checkpoint()
        say(f'checkpointed {n}')


async def main(folder: str, run: str, mode: str, database: list[str]) -> None:
    if database:
        from store.pg_engine import open_postgres

        store: Store = await open_postgres(folder, database[0], database[1])
    else:
        store = await Store.open(folder, checkpoint_bytes=CHECKPOINT_BYTES)
    say('ready')
    tasks = [asyncio.create_task(write_loop(store, run, t)) for t in range(WRITER_TASKS)]
    tasks.append(asyncio.create_task(checkpoint_loop(store, mode)))
    await asyncio.gather(*tasks)  # never returns: the parent kills this process


def zygote() -> None:
    """`store_writer.py --zygote`: imported once, then forks a writer for each line `FOLDER RUN MODE [URL TENANT]`
    read from stdin, printing `child PID` before it writes and `ended RUN STATUS` once it is gone (the parent kills
    it). A round then costs a fork, not a Python start-up and its imports: the 30 rounds on PostgreSQL stay short."""
    while line := sys.stdin.readline():
        folder, run, mode, *database = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                asyncio.run(main(folder, run, mode, database))
            finally:
                os._exit(1)
        say(f'child {pid}')
        _, status = os.waitpid(pid, 0)
        say(f'ended {run} {status}')


if __name__ == '__main__':
    if sys.argv[1:] == ['--zygote']:
        zygote()
    else:
        asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else 'write', sys.argv[4:6]))
