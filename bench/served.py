"""The app in its own process for a bench: on a free port, awaited until `/api/health` answers, stopped after.

Shared by the benches that measure the app as `berdaya` runs it (`checkin_burst.py`, `weight.py`).
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(command: list[str], port: int, *, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The app `command` starts, once it answers on `port`; its output goes to `log` (a file, not a pipe: a full
    pipe would stall the app). Stopped on the way out, killed if it has not stopped within 10 s."""
    with log.open('wb') as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_healthy(port, process, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f'the app stopped during start-up:\n{log.read_text(errors="replace")[-2000:]}')
        try:
            with urllib.request.urlopen(f'http://127.0.0.1:{port}/api/health', timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit('the app did not answer /api/health within 60 s')
