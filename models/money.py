"""Money is whole rupiah (`int`); shown as `Rp 15.000`."""

from __future__ import annotations


def format_rupiah(amount: int) -> str:
    """`15000` → `Rp 15.000`; negative amounts get a leading minus: `-Rp 2.500`."""
    sign = '-' if amount < 0 else ''
    return f'{sign}Rp {abs(amount):,}'.replace(',', '.')
