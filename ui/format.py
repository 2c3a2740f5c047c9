"""How numbers, money and times are shown: Indonesian conventions, in the programme's zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from models.money import format_rupiah
from models.programme import Zone

from .i18n import catalogue, current_lang, t

LOCALES = {'id': 'id_ID', 'en': 'en_GB'}

__all__ = [
    'date_range', 'date_text', 'format_rupiah', 'local_time', 'long_date', 'number', 'plain_date', 'short_date',
    'unit_name', 'unit_options',
]  # fmt: skip


def _locale(lang: str | None) -> str:
    return LOCALES.get(lang or current_lang(), LOCALES['id'])


def long_date(day: dt.date, lang: str | None = None) -> str:
    """`Selasa, 24 November 2026`; `Sabtu, 5 Desember 2026`, without the leading zero babel's Indonesian gives."""
    return _date(day, 'EEEE, d MMMM y', _locale(lang))


def plain_date(day: dt.date, lang: str | None = None) -> str:
    """`14 Mei 2025`: as a letter writes it."""
    return _date(day, 'long', _locale(lang))


def short_date(day: dt.date, lang: str | None = None) -> str:
    """`24 Nov 2026`."""
    return _date(day, 'medium', _locale(lang))


def date_text(day: dt.date, lang: str = 'id') -> str:
    """`24 November 2026`."""
    return _date(day, 'd MMMM y', LOCALES[lang])


def date_range(start: dt.date, end: dt.date, lang: str = 'id') -> str:
    """`24–28 November 2026`, `30 November – 4 Desember 2026`, or one date for a one-day course."""
    if start == end:
        return date_text(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f'{start.day}–{date_text(end, lang)}'
    if start.year == end.year:
        return f'{_date(start, "d MMMM", LOCALES[lang])} – {date_text(end, lang)}'
    return f'{date_text(start, lang)} – {date_text(end, lang)}'


@lru_cache(maxsize=4096)
def _date(day: dt.date, form: str, locale: str) -> str:
    # babel takes ~0.2 ms a date; a page shows the same few dates to everyone, every time
    return babel_date(day, format=form, locale=locale)


def number(value: Decimal | int | float, lang: str | None = None) -> str:
    """`1,5` in Indonesian, `1.5` in English."""
    return format_decimal(value, locale=_locale(lang))


def unit_name(unit: str, lang: str | None = None) -> str:
    """A product's or an ingredient's unit as she says it: `pcs` → `buah` (`piece`), `kotak` → `kotak` (`box`).
    A unit with no translation (an aid item's, typed by a coordinator) is shown as written."""
    key = f'unit.{unit}'
    return t(key, lang) if key in catalogue('id') else str(unit)


def unit_options(units: Iterable[str], lang: str | None = None) -> dict[str, str]:
    """A select's options: each stored code with its name in her language."""
    return {str(unit): unit_name(unit, lang) for unit in units}


def local_time(moment: dt.datetime, zone: Zone) -> str:
    """`08.12 WIB`: a UTC moment at the programme's clock, the Indonesian way."""
    return f'{moment.astimezone(zone.tz):%H.%M} {zone.value}'
