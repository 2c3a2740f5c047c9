"""No person's text reaches a string that NiceGUI or the browser parses.

NiceGUI parses `.props('…')`: a quote inside a name ends the value there and the rest becomes new props, and
a prop whose name starts with `:` is run by Vue as JavaScript. `ui.html`, `ui.markdown`, head and body HTML and
`run_javascript` are markup or script by design. So these tests read every module under `ui/` and refuse any
such call whose text is built at run time, except for the few places below, each read and kept on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / 'ui'

# Calls whose first argument is parsed as markup or script.
MARKUP_SINKS = {'html', 'markdown', 'add_head_html', 'add_body_html', 'run_javascript', 'mermaid'}
# Calls that make a value safe for HTML or a script: escape() of text, an icon drawn from a constant name (as
# a font ligature or as SVG paths), JSON of our own data, and a QR code drawn as SVG paths (it holds no text).
SAFE_CALLS = {'escape', 'icon_html', 'icon_svg', 'dumps', 'script_json', 'svg'}
# Built at run time, but read and kept: (module, enclosing function) → why no person's text gets in.
REVIEWED = {
    ('ui/pages/home.py', '_programme_card'): 'every text passes escape() in line() or here; icon names are ours',
    ('ui/pages/home.py', '_my_attendance'): 'each line is built from escape()d text and icon_html() of constants',
    ('ui/app.py', 'build'): "the icon font's @font-face and the old-browser notice: both from our own files",
    ('ui/frame.py', '_switch'): "lang is 'id' or 'en' (the switch button's own constant), never typed",
    ('ui/pages/day.py', 'start_camera'): "the video element's numeric id, made by NiceGUI",
}


def offences(source: str, module: str) -> list[str]:
    """Every call in `source` that puts text built at run time into props, markup or script."""
    found = []
    for function, call in _calls(ast.parse(source)):
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, 'id', '')
        arguments = [*call.args, *(k.value for k in call.keywords if k.arg in (None, 'add', 'remove', 'content'))]
        if name == 'props' and isinstance(call.func, ast.Attribute):
            bad = [a for a in arguments if not _constant_text(a)]
        elif name in MARKUP_SINKS:
            bad = [] if (module, function) in REVIEWED else [a for a in arguments[:1] if not _safe_markup(a)]
        else:
            continue
        found += [f'{module}:{call.lineno} {name}({ast.unparse(a)[:80]})' for a in bad]
    return found


def _calls(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    calls = []

    def walk(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call):
                calls.append((function, child))
            walk(child, inner)

    walk(tree, '')
    return calls


def _constant_text(node: ast.expr) -> bool:
    """A string written in the code, or a choice between such strings."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _constant_text(node.body) and _constant_text(node.orelse)
    return False


def _safe_markup(node: ast.expr) -> bool:
    """Markup from constants, module constants and values that went through a safe call."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name | ast.Attribute):  # a module constant such as CSS or pwa.HEAD
        name = node.id if isinstance(node, ast.Name) else node.attr
        return name.isupper()
    if isinstance(node, ast.Call):
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', '')
        return called in SAFE_CALLS
    if isinstance(node, ast.JoinedStr):
        return all(_safe_markup(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _safe_markup(node.left) and _safe_markup(node.right)
    if isinstance(node, ast.IfExp):
        return _safe_markup(node.body) and _safe_markup(node.orelse)
    return False


def ui_modules() -> list[Path]:
    return sorted(UI.rglob('*.py'))


@pytest.mark.parametrize('path', ui_modules(), ids=lambda p: str(p.relative_to(UI.parent)))
def test_no_module_builds_props_markup_or_script_from_text(path: Path) -> None:
    module = str(path.relative_to(UI.parent))

    found = offences(path.read_text(encoding='utf-8'), module)

    assert found == [], 'set element.props[name] = text, or escape it:\n' + '\n'.join(found)


def test_the_check_catches_the_grid_line_that_ran_script() -> None:
    # The line in ui/pages/grid.py that let a participant's name run JavaScript in every grid.
    old_grid = """
def cells(self, person, skill, level, label):
    ui.button(str(level), on_click=lambda: self.tap(person, skill)).props(
        f'flat color={LEVEL_COLOURS[level]} aria-label="{label}"'
    ).classes('cell')
"""
    assert offences(old_grid, 'ui/pages/grid.py') != []


@pytest.mark.parametrize(
    'line',
    [
        'element.props(\'label="%s"\' % name)',
        'element.props(\'label="{}"\'.format(name))',
        "element.props('outlined label=' + name)",
        "element.props(add=f'title={name}')",
        "ui.html(f'<b>{person.name}</b>')",
        "ui.markdown('**' + person.name + '**')",
        'ui.run_javascript(f\'alert("{name}")\')',
        "ui.add_head_html(f'<title>{shop.name}</title>')",
    ],
)
def test_the_check_catches_each_way_of_building_text(line: str) -> None:
    assert offences(f'def page(name, person, shop, element):\n    {line}\n', 'ui/pages/x.py') != []


@pytest.mark.parametrize(
    'line',
    [
        "element.props('flat dense color=primary')",
        "element.props('outlined inputmode=numeric' if trainee else 'outlined')",
        "element.props['aria-label'] = person.name",
        "ui.html(f'<b>{escape(person.name)}</b>', sanitize=False)",
        'ui.add_head_html(CSS)',
    ],
)
def test_the_check_lets_constants_and_escaped_text_through(line: str) -> None:
    assert offences(f'def page(person, element, trainee):\n    {line}\n', 'ui/pages/x.py') == []


def test_every_reviewed_place_still_exists() -> None:
    # A reviewed place that moved or went away must leave this list, so that it never covers a new one.
    for module, function in REVIEWED:
        source = (UI.parent / module).read_text(encoding='utf-8')
        assert any(f for f, _ in _calls(ast.parse(source)) if f == function), (module, function)
