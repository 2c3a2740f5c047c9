"""Money is whole rupiah (`int`); shown as `Rp 15.000`, and written out in words (*terbilang*) where a paper
states an amount in letters too, as a BAST or a receipt does."""

from __future__ import annotations

NBSP = '\u00a0'  # a no-break space
ONES = ('', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan')
# each step of a thousand; Indonesian keeps the short scale: juta 10^6, miliar 10^9, triliun 10^12
SCALES = ((10**12, 'triliun'), (10**9, 'miliar'), (10**6, 'juta'), (1000, 'ribu'))


def grouped(amount: int) -> str:
    """`18500000` → `18.500.000`: the thousands set apart with points, the Indonesian way."""
    return f'{amount:,}'.replace(',', '.')


def format_rupiah(amount: int) -> str:
    """`15000` → `Rp 15.000`, `Rp` joined to its number by a no-break space so a line never breaks between them;
    negative amounts get a leading minus: `-Rp 2.500`."""
    sign = '-' if amount < 0 else ''
    return f'{sign}Rp{NBSP}{grouped(abs(amount))}'


def terbilang(n: int) -> str:
    """`n` in Indonesian words, lower case: `18500000` → `delapan belas juta lima ratus ribu`; `0` → `nol`,
    `1000` → `seribu` (one thousand is *se*ribu, as one hundred is *se*ratus); negative: `minus …`.
    Add `rupiah` after it for an amount of money."""
    if n < 0:
        return f'minus {terbilang(-n)}'
    if n == 0:
        return 'nol'
    words = []
    for size, name in SCALES:
        count, n = divmod(n, size)
        if count == 1 and size == 1000:
            words.append('seribu')
        elif count:
            words.append(f'{terbilang(count)} {name}')
    if n:
        words.append(_below_thousand(n))
    return ' '.join(words)


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = ['seratus' if hundreds == 1 else f'{ONES[hundreds]} ratus'] if hundreds else []
    if rest == 10:
        words.append('sepuluh')
    elif rest == 11:
        words.append('sebelas')
    elif 12 <= rest <= 19:
        words.append(f'{ONES[rest - 10]} belas')
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(f'{ONES[tens]} puluh' + (f' {ONES[ones]}' if ones else ''))
    elif rest:
        words.append(ONES[rest])
    return ' '.join(words)
