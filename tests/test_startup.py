"""Start-up says what it did: `berdaya --demo` prints where to open the app, its data folder and the demo's log-ins
as the demo seeds them (what README lists), in Indonesian, and NiceGUI's English welcome no more."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from ui.announce import runs

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return int(probe.getsockname()[1])


def started(*args: str, until: str) -> list[str]:
    """The console lines of `berdaya args` from its start up to the line holding `until`; then it is stopped.
    Given up after 120 s (seeding the demo draws its photos)."""
    # a real run, not a test's app: NiceGUI takes any process with these for one of its tests
    env = {k: v for k, v in os.environ.items() if not k.startswith(('NICEGUI_', 'PYTEST_'))}
    command = [sys.executable, '-c', 'from ui.cli import main; main()', *args]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    timer = threading.Timer(120, process.kill)
    timer.start()
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip('\n'))
            if until in line:
                break
    finally:
        timer.cancel()
        process.terminate()
        process.wait(30)
    return lines


def test_the_demo_start_prints_the_address_the_data_folder_and_the_log_ins(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / 'data'

    lines = started('--demo', '--data', str(data), '--host', '127.0.0.1', '--port', str(port), until='PIN')

    assert f'Berdaya siap: http://127.0.0.1:{port}' in lines
    assert f'Folder data: {data.resolve()}' in lines
    assert '  Koordinator: koordinator · kata sandi demo1234' in lines
    assert '  Instruktur: instruktur, pendamping · kata sandi demo1234' in lines
    assert '  Peserta: 081200000001 … 081200000015, 081300000001 … 081300000012, 081400000001 · PIN 123456' in lines
    assert not [line for line in lines if 'NiceGUI ready to go' in line]


def test_phones_in_a_row_are_one_run_and_names_stay_apart() -> None:
    assert runs(['081200000002', 'instruktur', '081200000001', '081200000003', '081300000001']) == [
        '081200000001 … 081200000003',
        '081300000001',
        'instruktur',
    ]
