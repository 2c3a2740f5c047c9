"""The icon font: a subset of Material Icons holding only the icons our code names and Quasar's components use.

NiceGUI's `fonts.css` loads Roboto (Android phones have it as their own font) and the full Material Icons font
(128 KB); `trimmed_fonts_css()` drops both faces and `icon_face()` declares the subset (~9 KB) instead, served by
the static layer (ui/static.py) under a URL that changes with its content. An icon missing from the subset would
show as its name, in English: `tests/test_no_english.py` checks every page's icons against `icon_names()`.
Reading the font takes fontTools (11 MiB a server would carry for its whole life): what start-up and pages need
from it (the ligature table, the subset, the inline drawings) is made once and kept in the cache folder under the
font's hash and this file's (`keep_in`, ui/kept.py), so a restart reads a few files and never imports it.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import nicegui

from .kept import kept

ROOT = Path(__file__).resolve().parent.parent
NICEGUI_STATIC = Path(nicegui.__file__).resolve().parent / 'static'
ICON_PATH = '/_berdaya/icons.{key}.woff2'
EXTRA_ICONS = ('visibility', 'visibility_off')  # NiceGUI's password toggle
# Quasar components no page of ours uses: their icons stay out of the subset
UNUSED_QUASAR = ('colorPicker', 'carousel', 'editor', 'fab', 'pagination', 'rating', 'tree')

_kept_in: list[Path] = []  # the folder the font's facts are kept in (`keep_in`); empty: read from the font each time


def keep_in(folder: Path | None) -> None:
    """Keep what is read from the font in `folder` (the app's cache folder), read back after a restart."""
    _kept_in[:] = [folder] if folder else []


def _folder() -> Path | None:
    return _kept_in[0] if _kept_in else None


def icon_face() -> str:
    """The `<style>` declaring the icon font subset, for every page's head."""
    return (
        '<style>@font-face{font-family:"Material Icons";font-style:normal;font-weight:400;font-display:block;'
        f'src:url({ICON_PATH.format(key=icon_key())}) format("woff2")}}</style>'
    )


@cache
def trimmed_fonts_css() -> str:
    """NiceGUI's fonts.css without Roboto and without the full "Material Icons" face (see `icon_face`)."""
    css = (NICEGUI_STATIC / 'fonts.css').read_text(encoding='utf-8')
    face = re.compile(r'(?:/\*[^*]*\*/\s*)*@font-face\s*{[^}]*}\s*')

    def keep(match: re.Match[str]) -> str:
        family = re.search(r'font-family:\s*"([^"]+)"', match.group(0))
        return '' if family and family.group(1) in ('Roboto', 'Material Icons') else match.group(0)

    return face.sub(keep, css)


@cache
def icon_names() -> frozenset[str]:
    """Icons the app can show: every string in `ui/` that names one, Quasar's own, and NiceGUI's few."""
    known = _ligatures()
    names = set(EXTRA_ICONS) | _quasar_icons(known)
    for path in sorted((ROOT / 'ui').rglob('*.py')):
        names.update(re.findall(r"""['"]([a-z0-9_]+)['"]""", path.read_text(encoding='utf-8')))
    return frozenset(names & set(known))


@cache
def icon_font_file() -> Path:
    """NiceGUI's full "Material Icons" font, as its fonts.css names it."""
    css = (NICEGUI_STATIC / 'fonts.css').read_text(encoding='utf-8')
    face = re.search(r'font-family:\s*"Material Icons";[^}]*?url\(([^)]+)\)', css)
    assert face is not None, 'NiceGUI no longer declares "Material Icons" in its fonts.css'
    return NICEGUI_STATIC / face.group(1).strip('"\'')


@cache
def icon_key() -> str:
    """Changes with the font and with the set of icons: the subset's URL, cached for a year."""
    return hashlib.sha256((font_digest() + ' '.join(sorted(icon_names()))).encode()).hexdigest()[:16]


@cache
def font_digest() -> str:
    return hashlib.sha256(icon_font_file().read_bytes()).hexdigest()


def icon_font() -> bytes:
    """The Material Icons font with only `icon_names()`: their ligatures, the letters that spell them."""
    return kept(_folder(), f'icons.{icon_key()}.{_code()}.woff2', _subset)


def _subset() -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(icon_font_file())
    ligatures = _ligatures()
    options = subset.Options()
    options.layout_closure = False  # else every ligature spelt with the kept letters comes back
    options.layout_features = ['*']
    options.name_IDs = ['*']
    options.notdef_outline = True
    options.flavor = 'woff2'
    subsetter = subset.Subsetter(options)
    letters = [glyph for code, glyph in font.getBestCmap().items() if code < 128]
    subsetter.populate(glyphs=['.notdef', *letters, *(ligatures[name] for name in sorted(icon_names()))])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def icon_svg(name: str, size: int = 24) -> str:
    """One icon as inline SVG, drawn from the same font (`currentColor`): for the plain pages (log-in, check-in,
    the shop), which load no icon font, and for the app's header, so both show the same mark."""
    em, paths = _drawings()
    path = paths[name] if name in paths else _draw([name])[1][name]
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {em} {em}" aria-hidden="true" focusable="false">'
        f'<path fill="currentColor" transform="matrix(1 0 0 -1 0 {em})" d="{path}"/></svg>'
    )


@cache
def _drawings() -> tuple[int, dict[str, str]]:
    """The font's em and every icon of `icon_names()` as an SVG path, drawn once and kept."""
    em, paths = _kept_json(f'drawings.{icon_key()}.{_code()}.json', lambda: _draw(icon_names()))
    return em, paths


def _draw(names: Iterable[str]) -> tuple[int, dict[str, str]]:
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.ttLib import TTFont

    font = TTFont(icon_font_file())
    glyphs = font.getGlyphSet()
    paths = {}
    for name in sorted(names):
        pen = SVGPathPen(glyphs)
        glyphs[_ligatures()[name]].draw(pen)
        paths[name] = pen.getCommands()
    return font['head'].unitsPerEm, paths


def brand(name: str = 'Berdaya') -> str:
    """A plain page's header mark and name, as the app's own header shows them (the same icon, drawn inline:
    those pages load no icon font). `name` is escaped here."""
    return f'<b>{icon_svg("volunteer_activism")}{html.escape(name)}</b>'


@cache
def _ligatures() -> dict[str, str]:
    """Icon name -> glyph, read from the font's ligature table once and kept."""
    ligatures: dict[str, str] = _kept_json(f'ligatures.{font_digest()[:24]}.{_code()}.json', _read_ligatures)
    return ligatures


def _kept_json(name: str, make: Callable[[], Any]) -> Any:
    return json.loads(kept(_folder(), name, lambda: json.dumps(make()).encode(), sound=_is_json))


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


@cache
def _code() -> str:
    """Changes with this file: what is kept is made again when the way it is made changes."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def _read_ligatures() -> dict[str, str]:
    from fontTools.ttLib import TTFont

    font = TTFont(icon_font_file())
    letter = {glyph: chr(code) for code, glyph in font.getBestCmap().items() if code < 128}
    names: dict[str, str] = {}
    for lookup in font['GSUB'].table.LookupList.Lookup:
        for table in lookup.SubTable:
            for first, ligatures in getattr(table, 'ligatures', {}).items():
                for ligature in ligatures:
                    spelt = letter.get(first, '') + ''.join(letter.get(c, '\0') for c in ligature.Component)
                    names[spelt] = ligature.LigGlyph
    return names


def _quasar_icons(known: dict[str, str]) -> set[str]:
    """The Material Icons names Quasar's components use (its icon set, inside quasar.umd.prod.js)."""
    script = (NICEGUI_STATIC / 'quasar.umd.prod.js').read_text(encoding='utf-8')
    start = script.find('name:"material-icons"')
    icon_set = script[start : script.find('};', start)]
    icon_set = re.sub(rf'\b(?:{"|".join(UNUSED_QUASAR)}):\{{[^}}]*\}}', '', icon_set)
    return {name for name in re.findall(r'"([a-z0-9_]+)"', icon_set) if name in known}
