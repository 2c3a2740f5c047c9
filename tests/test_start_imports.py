"""Starting the app loads no library that only papers, backups, QR codes, the demo or PostgreSQL need: they come
with their first use.

A server answering pages carries whatever it imported at start for all its life, under every page view's share of
memory (`bench/pages.py`'s refresh storm): fpdf (with fontTools and numpy) and openpyxl are 57 MiB of it, the socket
libraries' clients (requests, websocket-client, aiohttp) 15 MiB, fontTools for the icons 11, cryptography 6, qrcode 4.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAPERS_AND_POSTGRES = ('fpdf', 'fontTools', 'numpy', 'openpyxl', 'psycopg')
LATER = ('cryptography', 'qrcode', 'store.demo', 'requests', 'websocket', 'aiohttp')


def loaded_after(code: str) -> list[str]:
    """Which of PAPERS_AND_POSTGRES and LATER a fresh interpreter has imported after running `code` in the project
    folder."""
    return run_probe(code)[-1].split()


def run_probe(code: str) -> list[str]:
    """What `code` printed in a fresh interpreter, then (last line) the libraries it has imported."""
    probe = f'{code}\nimport sys\nprint(" ".join(m for m in {PAPERS_AND_POSTGRES + LATER!r} if m in sys.modules))'
    result = subprocess.run([sys.executable, '-c', probe], check=True, cwd=ROOT, capture_output=True, text=True)
    return result.stdout.split('\n')[:-1]


def test_the_app_with_every_route_and_page_starts_without_the_papers_libraries() -> None:
    assert loaded_after('import ui.app, ui.routes') == []


def test_a_papers_module_brings_its_library_when_first_imported() -> None:
    # The probe sees an import: the test above is no empty check.
    assert 'fpdf' in loaded_after('import ui.documents.aid_routes, ui.documents.aid')
    assert 'openpyxl' in loaded_after('import ui.documents.audit_routes, ui.documents.audit')


def test_what_starts_later_still_comes_when_used() -> None:
    assert 'qrcode' in loaded_after('import ui.qr\nassert ui.qr.svg("x").startswith("<svg")')
    sealed = 'import io\nfrom ui import backup_seal as b\nb.seal(io.BytesIO(b"zip"), io.BytesIO(), "sandi panjang")'
    assert 'cryptography' in loaded_after(sealed)
    # NiceGUI's socket library keeps its clients: their libraries come when a client is made
    client = 'import ui, engineio.client as c, engineio.async_client as a\nprint(c.requests.Session.__name__)'
    assert run_probe(client)[0] == 'Session' and 'requests' in loaded_after(client)
    assert run_probe('import ui, engineio.async_client as a\nprint(a.aiohttp.ClientSession.__name__)')[0] == (
        'ClientSession'
    )


def test_a_restart_reads_the_icons_back_without_fonttools(tmp_path: Path) -> None:
    code = (
        f'from pathlib import Path\nfrom hashlib import sha256\nfrom ui import icons\n'
        f'icons.keep_in(Path({str(tmp_path)!r}))\nprint(icons.icon_face(), icons.icon_svg("home"))\n'
        f'print(sha256(icons.icon_font()).hexdigest(), sorted(icons.icon_names()))'
    )
    first = run_probe(code)
    assert 'fontTools' in first[-1]  # the first start reads the font
    again = run_probe(code)
    assert again[-1] == '' and again[:-1] == first[:-1]  # a restart reads what it kept, the same
    for kept in tmp_path.glob('*.json'):
        kept.write_text('{"cut short')  # a damaged file is made again, not trusted
    assert run_probe(code)[:-1] == first[:-1]
    assert all(json.loads(kept.read_text()) for kept in tmp_path.glob('*.json'))
