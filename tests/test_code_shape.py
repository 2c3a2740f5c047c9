"""The code stays readable whole: no function outside tests and benches longer than a screen (60 lines).

Counted from the `def` line to the function's last line (decorators not counted), nested functions on their own
and inside their parent. A longer one is split into named steps; the test names each one that is over.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOST_LINES = 60
CHECKED = ['ui', 'models', 'store', 'main.py']


def long_functions(source: str, name: str) -> list[str]:
    """`file:line function (n lines)` for each function in `source` over MOST_LINES."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MOST_LINES:
                found.append(f'{name}:{node.lineno} {node.name} ({length} lines)')
    return found


def _modules() -> list[Path]:
    files: list[Path] = []
    for entry in CHECKED:
        path = ROOT / entry
        files += sorted(path.rglob('*.py')) if path.is_dir() else [path]
    return files


def test_no_function_outside_tests_and_benches_is_over_sixty_lines() -> None:
    modules = _modules()
    assert len(modules) > 60  # the whole app is read, not a folder that moved
    over = [f for path in modules for f in long_functions(path.read_text(), str(path.relative_to(ROOT)))]
    assert over == []


def test_the_count_finds_a_long_function_and_passes_a_short_one() -> None:
    long_one = 'def f():\n' + '    x = 1\n' * MOST_LINES
    short_one = 'async def g():\n' + '    x = 1\n' * (MOST_LINES - 1)
    assert long_functions(long_one, 'a.py') == [f'a.py:1 f ({MOST_LINES + 1} lines)']
    assert long_functions(short_one, 'b.py') == []
