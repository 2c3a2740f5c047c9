"""Starting the app loads no library that only papers or PostgreSQL need: they come with their first use.

A server answering pages carries whatever it imported at start for all its life, under every page view's share of
memory (`bench/pages.py`'s refresh storm): fpdf (with fontTools and numpy) and openpyxl are 57 MiB of it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAPERS_AND_POSTGRES = ('fpdf', 'fontTools', 'numpy', 'openpyxl', 'psycopg')


def loaded_after(code: str) -> list[str]:
    """Which of PAPERS_AND_POSTGRES a fresh interpreter has imported after running `code` in the project folder."""
    probe = f'{code}\nimport sys\nprint(" ".join(m for m in {PAPERS_AND_POSTGRES!r} if m in sys.modules))'
    result = subprocess.run([sys.executable, '-c', probe], check=True, cwd=ROOT, capture_output=True, text=True)
    return result.stdout.split()


def test_the_app_with_every_route_and_page_starts_without_the_papers_libraries() -> None:
    assert loaded_after('import ui.app, ui.routes') == []


def test_a_papers_module_brings_its_library_when_first_imported() -> None:
    # The probe sees an import: the test above is no empty check.
    assert 'fpdf' in loaded_after('import ui.documents.aid_routes, ui.documents.aid')
    assert 'openpyxl' in loaded_after('import ui.documents.audit_routes, ui.documents.audit')
