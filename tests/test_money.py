"""Money as a paper writes it: in figures (`Rp 18.500.000`) and in words (*terbilang*), as a BAST states a value."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from models.aid import bast_number
from models.money import format_rupiah, grouped, terbilang
from ui.i18n import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ('amount', 'words'),
    [
        (0, 'nol'),
        (1, 'satu'),
        (10, 'sepuluh'),
        (11, 'sebelas'),
        (15, 'lima belas'),
        (20, 'dua puluh'),
        (99, 'sembilan puluh sembilan'),
        (100, 'seratus'),
        (111, 'seratus sebelas'),
        (250, 'dua ratus lima puluh'),
        (1000, 'seribu'),
        (1001, 'seribu satu'),
        (2026, 'dua ribu dua puluh enam'),
        (11_000, 'sebelas ribu'),
        (100_000, 'seratus ribu'),
        (750_000, 'tujuh ratus lima puluh ribu'),
        (1_000_000, 'satu juta'),
        (1_001_011, 'satu juta seribu sebelas'),
        (18_500_000, 'delapan belas juta lima ratus ribu'),
        (101_000_000, 'seratus satu juta'),
        (2_000_000_000, 'dua miliar'),
        (1_000_000_000_000, 'satu triliun'),
        (-2_500, 'minus dua ribu lima ratus'),
    ],
)
def test_an_amount_in_indonesian_words(amount: int, words: str) -> None:
    assert terbilang(amount) == words


def test_one_thousand_is_seribu_but_a_thousand_thousands_is_satu_juta_and_a_thousand_millions_satu_miliar() -> None:
    assert terbilang(1000) == 'seribu'
    assert terbilang(1_000_000) == 'satu juta'
    assert terbilang(1_000_000_000) == 'satu miliar'
    assert terbilang(1_000_000_000_000_000) == 'seribu triliun'


def test_figures_are_grouped_by_thousands_with_points() -> None:
    assert grouped(18_500_000) == '18.500.000'
    assert grouped(0) == '0'
    assert format_rupiah(18_500_000) == 'Rp\u00a018.500.000'
    assert format_rupiah(-2_500) == '-Rp\u00a02.500'


def test_rp_is_never_parted_from_its_number() -> None:
    """A no-break space after `Rp` in every text and in the offline page's own formatting, so a narrow screen
    or a paper's column never puts `Rp` at the end of one line and its number on the next."""
    texts = {f'{lang}:{key}': text for lang in LANGUAGES for key, text in catalogue(lang).items()}
    offline = (ROOT / 'assets' / 'offline' / 'offline.js').read_text(encoding='utf-8')

    assert [key for key, text in texts.items() if re.search(r'Rp[ \t]', text)] == []
    assert "'Rp\\u00a0' + String(Math.round(amount))" in offline
    assert ' ' not in format_rupiah(1_500_000) and format_rupiah(1_500_000).split('\u00a0') == ['Rp', '1.500.000']


def test_a_bast_is_numbered_as_the_agency_numbers_its_letters() -> None:
    assert bast_number(1, 'DISNAKERTRANS-LS', dt.date(2026, 6, 12)) == '001/BAST/DISNAKERTRANS-LS/VI/2026'
    assert bast_number(27, '', dt.date(2026, 12, 1)) == '027/BAST/XII/2026'  # no code: no empty part
