#!/usr/bin/env python
"""Check-in burst: 200 trainees scan the projector's code at the same moment; a bare route as the baseline.

Run from a clone: `python bench/checkin_burst.py` (about half a minute). It
  * seeds a temp data folder: a programme whose day 1 is today (WIB), 200 enrolled trainees, each with her
    trainee account and a logged-in session (as if she had logged in on her phone the day before);
  * starts the real app on that folder in its own process (`python bench/checkin_burst.py --serve`: the
    app as `berdaya` runs it, plus one bare FastAPI route `/bench/bare` returning a fixed small page,
    registered on the same server only for this comparison);
  * sends the 200 check-ins at once: each trainee's own request for the current code's URL
    `/c/{day}/{slot}/{mac}` with her session cookie, each on a new TCP connection (a phone that just
    opened its camera has none), and reads each answer; `ok` counts the answers that say she is Hadir or
    Terlambat (the store holds each check-in once, fsynced before the answer);
  * and 200 requests at once to `/bench/bare` the same way, before and after the check-ins (the faster of the
    two is the baseline, so the ratio errs low).
Throughput is 200 over the wall time from the first request sent to the last answer read; the ratio is the
check-in throughput over the bare route's.

The last line is machine-readable: `ok=<n> of=200 p95_ms=<x> ratio_vs_bare=<x>`. Targets (issue 4): ok=200,
p95 < 2000 ms, ratio_vs_bare ≥ 0.5.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.served import free_port, served  # noqa: E402

TRAINEES = 200
SECRET = 'bench-checkin-burst-secret'
BARE_PAGE = '<!doctype html><html lang="id"><title>Hadir</title><p>Hadir, pukul 08.00 WIB</p></html>'


def serve(data: str, port: int) -> None:
    """The app as `berdaya --data DATA --port PORT` runs it, with one bare route beside it."""
    from fastapi.responses import HTMLResponse
    from nicegui import app

    from ui.cli import main

    @app.get('/bench/bare')
    def bare() -> HTMLResponse:
        return HTMLResponse(BARE_PAGE)

    main(['--data', data, '--host', '127.0.0.1', '--port', str(port)])


async def seed(data: Path) -> tuple[str, list[str]]:
    """The programme, its day today, 200 trainees with accounts and sessions; returns the day and the tokens."""
    from models.account import Account, Role
    from models.participant import Participant
    from models.programme import Day, Programme, ProgrammeKind, Zone
    from store import Store
    from store.accounts import shared_demo_hash, start_session

    today = dt.datetime.now(Zone.WIB.tz).date()
    people = [
        Participant(name=f'Peserta Uji {n:03d}', phone=f'0857{n:08d}', village='Desa Uji') for n in range(TRAINEES)
    ]
    programme = Programme(
        name='Pelatihan Uji Beban', kind=ProgrammeKind.KUE, agency='Dinas Uji', place='Aula Uji', zone=Zone.WIB,
        start=today, end=today, participant_ids=[p.id for p in people],
    )  # fmt: skip
    day = Day(programme_id=programme.id, number=1, date=today, title='Hari uji', starts_at=dt.time(0, 0))
    pin = shared_demo_hash('123456')
    accounts = [
        Account(username=p.phone, name=p.name, role=Role.TRAINEE, secret_hash=pin, participant_id=p.id) for p in people
    ]
    store = await Store.open(data)
    try:
        await store.put(programme, day, *people, *accounts)
        now = dt.datetime.now(dt.UTC)
        tokens = [(await start_session(store, account, now))[0] for account in accounts]
    finally:
        await store.close()
    return day.id, tokens


async def stored_checkins(data: Path, day_id: str) -> int:
    """What the store holds once the app has stopped: each answer that said Hadir must be on disk."""
    from models.attendance import PRESENT, Attendance
    from store import Store

    store = await Store.open(data)
    try:
        return sum(1 for a in store.by_index(Attendance, 'day', day_id) if a.status in PRESENT)
    finally:
        await store.close(checkpoint=False)


async def get(port: int, path: str, cookie: str | None) -> tuple[float, int, str]:
    """One GET on a new connection, `Connection: close`; returns (seconds, status, body)."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    head = f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept-Encoding: identity\r\n'
    if cookie:
        head += f'Cookie: berdaya_session={cookie}\r\n'
    writer.write((head + '\r\n').encode())
    await writer.drain()
    answer = await reader.read()
    writer.close()
    seconds = time.perf_counter() - started
    status_line, _, rest = answer.partition(b'\r\n')
    status = int(status_line.split()[1]) if status_line.startswith(b'HTTP/') else 0
    return seconds, status, rest.partition(b'\r\n\r\n')[2].decode('utf-8', 'replace')


Answer = tuple[float, int, str]  # seconds, status, body


async def burst(port: int, paths_and_cookies: list[tuple[str, str | None]]) -> tuple[float, list[Answer]]:
    started = time.perf_counter()
    answers = await asyncio.gather(*(get(port, path, cookie) for path, cookie in paths_and_cookies))
    return time.perf_counter() - started, list(answers)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def main() -> None:
    from models.attendance import SLOT_SECONDS, code_path, slot_of

    with tempfile.TemporaryDirectory() as temp:
        data = Path(temp) / 'data'
        day_id, tokens = await seed(data)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(('NICEGUI_', 'PYTEST_', 'BERDAYA_'))}
        env |= {'BERDAYA_SECRET': SECRET}  # a plain start of the app, also when a test runs the bench
        command = [sys.executable, str(Path(__file__).resolve()), '--serve', str(data), str(port)]
        with served(command, port, env=env, log=Path(temp) / 'app.log'):
            await burst(port, [('/bench/bare', None)] * 20)  # the first requests of a process warm its imports
            now = dt.datetime.now(dt.UTC)
            if SLOT_SECONDS - now.timestamp() % SLOT_SECONDS < 4:  # scan early in a slot: a code lives two
                await asyncio.sleep(SLOT_SECONDS - now.timestamp() % SLOT_SECONDS + 0.2)
            path = code_path(SECRET, day_id, slot_of(dt.datetime.now(dt.UTC)))
            bare_before_s, _ = await burst(port, [('/bench/bare', None)] * TRAINEES)
            checkin_s, checkins = await burst(port, [(path, token) for token in tokens])
            bare_after_s, bares = await burst(port, [('/bench/bare', None)] * TRAINEES)
            bare_s = min(bare_before_s, bare_after_s)  # the bare route at its best: the ratio errs low
        stored = await stored_checkins(data, day_id)

    def checked_in(answer: Answer) -> bool:
        _, status, body = answer
        return status == 200 and ('Hadir, pukul' in body or 'Terlambat, pukul' in body)

    ok = sum(1 for answer in checkins if checked_in(answer))
    bare_ok = sum(1 for _, status, body in bares if status == 200 and body == BARE_PAGE)
    refused = {body[:80] for _, status, body in (a for a in checkins if not checked_in(a))}
    checkin_ms = [s * 1000 for s, _, _ in checkins]
    bare_ms = [s * 1000 for s, _, _ in bares]
    ratio = (TRAINEES / checkin_s) / (TRAINEES / bare_s)
    print(f'{TRAINEES} requests at once, each on a new connection')
    print(f'  {"what":<34}{"ok":>5}{"p50 ms":>9}{"p95 ms":>9}{"max ms":>9}{"per s":>9}')
    for name, good, ms, seconds in (
        ('check-in (real app, store)', ok, checkin_ms, checkin_s),
        ('bare route (same server)', bare_ok, bare_ms, bare_s),
    ):
        print(
            f'  {name:<34}{good:>5}{percentile(ms, 50):>9.0f}{percentile(ms, 95):>9.0f}{max(ms):>9.0f}'
            f'{TRAINEES / seconds:>9.0f}'
        )
    print(f'  check-ins in the store after the app stopped: {stored}')
    for text in sorted(refused)[:5]:
        print(f'  not checked in: {text!r}')
    print()
    print(f'ok={ok} of={TRAINEES} p95_ms={percentile(checkin_ms, 95):.0f} ratio_vs_bare={ratio:.2f}')


if __name__ == '__main__':
    if sys.argv[1:2] == ['--serve']:
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        asyncio.run(main())
