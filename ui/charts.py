"""Numbers on charts in her language: `30.000` and `Rp 30 rb` in Indonesian, `30,000` and `Rp 30k` in English.

ECharts picks a value axis's ticks and fills its tooltips in the browser, so their numbers are formatted there, by
small functions written here from babel's symbols for her locale (the thousands mark, the decimal mark, the short
scales `rb`, `jt`). Each is made of constants alone, never of a text a person typed: NiceGUI's echart turns an
option under a `:` key into JavaScript.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from babel.numbers import format_compact_decimal, get_decimal_symbol, get_group_symbol

from .format import LOCALES
from .i18n import current_lang
from .widgets import script_json

SCALES = (10**12, 10**9, 10**6, 10**3)
RUPIAH = 'Rp\u00a0'  # joined to its number, as format_rupiah does
# v: the value ECharts gives; S: the locale's symbols; P: 'Rp ' or ''; C: short scales (an axis) or whole digits
FUNCTION = (
    '(function(){{const S={symbols},P={prefix},C={short};'
    'function g(n){{return String(Math.round(n)).replace(/\\B(?=(\\d{{3}})+(?!\\d))/g,S.group)}}'
    'function c(n){{for(const [size,suffix] of S.scales){{if(n>=size){{'
    'return String(Math.round(n/size*10)/10).replace(".",S.decimal)+suffix}}}}return g(n)}}'
    'return v=>typeof v!=="number"?(v==null?"–":String(v)):(v<0?"-":"")+P+(C?c:g)(Math.abs(v))}})()'
)


def money_axis(lang: str | None = None) -> dict[str, Any]:
    """A value axis's `axisLabel` for rupiah: `Rp 30 rb`, `Rp 1,5 jt`."""
    return {':formatter': _function(_lang(lang), money=True, short=True)}


def count_axis(lang: str | None = None) -> dict[str, Any]:
    """A value axis's `axisLabel` for counts and kilograms: `1.500`, `12 rb`."""
    return {':formatter': _function(_lang(lang), money=False, short=True)}


def money_values(lang: str | None = None) -> dict[str, Any]:
    """A series' `tooltip` for rupiah: the whole amount, `Rp 30.000`."""
    return {':valueFormatter': _function(_lang(lang), money=True, short=False)}


def count_values(lang: str | None = None) -> dict[str, Any]:
    """A series' `tooltip` for counts: `1.500`."""
    return {':valueFormatter': _function(_lang(lang), money=False, short=False)}


def _lang(lang: str | None) -> str:
    lang = lang or current_lang()
    return lang if lang in LOCALES else 'id'


@cache
def _function(lang: str, *, money: bool, short: bool) -> str:
    locale = LOCALES[lang]
    symbols = {
        'group': get_group_symbol(locale),
        'decimal': get_decimal_symbol(locale),
        # babel's '1 rb' for a thousand, less its 1: the scale's word as this locale writes it after a number
        'scales': [[size, format_compact_decimal(size, locale=locale).replace('1', '', 1)] for size in SCALES],
    }
    prefix = script_json(RUPIAH if money else '')
    return FUNCTION.format(symbols=script_json(symbols), prefix=prefix, short='true' if short else 'false')
