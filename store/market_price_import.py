"""Importing prices from a CSV or XLSX file its staff copied from a public panel (PIHPS, Panel Harga), which offer
no open interface: read, check every row, show what would be saved and each refused row with its reasons, then
save the good rows in one transaction.

Columns (`COLUMNS`, any order, header spellings as in `ALIASES`): `tanggal` (`2026-12-07`, `07/12/2026` or a
date cell), `komoditas` (a key such as `cabai-merah-keriting`, or its name), `harga` (whole rupiah per unit:
`45000`, `45.000`, `Rp 45.000`), `tempat` (`PIHPS Kab. Lampung Selatan`), `jenis` (`acuan` when empty; `pasar`,
`pengepul`, `kebun`). A CSV must be UTF-8 (Excel's "CSV UTF-8") or UTF-16 with its mark: a file in another
encoding is refused whole, never read with its letters guessed.

A saved row's id is made from what it says (secretariat, commodity, kind, place, date, price), so the same file
imported twice, or two staff importing it at once, saves each price once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from models.account import Account
from models.base import DomainError
from models.market_prices import OLDEST_DAYS, MarketPrice, PlaceKind, PriceForm, is_unusual
from models.secretariat import Secretariat

from .audit import entry
from .engine import Store
from .imports.read import is_xlsx, sheet_cells
from .market_prices import commodities, price_keeper, prices_of
from .tx import Tx

MAX_ROWS = 2_000
COLUMNS = ('tanggal', 'komoditas', 'harga', 'tempat', 'jenis')
ALIASES: dict[str, tuple[str, ...]] = {
    'tanggal': ('tanggal', 'tgl', 'date', 'hari_tanggal'),
    'komoditas': ('komoditas', 'komoditi', 'nama_komoditas', 'barang', 'commodity'),
    'harga': ('harga', 'harga_rp', 'harga_per_kg', 'harga_satuan', 'price', 'rp'),
    'tempat': ('tempat', 'pasar', 'lokasi', 'sumber', 'wilayah', 'place', 'market', 'source'),
    'jenis': ('jenis', 'jenis_tempat', 'jenis_harga', 'kind'),
}
_COLUMN_OF = {alias: column for column, aliases in ALIASES.items() for alias in aliases}
# Every reason a row is refused for; the texts are `prices.reason.<key>`
REASONS = (
    'bad_date', 'future_date', 'old_date', 'unknown_commodity', 'bad_price', 'bad_place', 'market_needs_name',
    'bad_kind', 'duplicate_in_file',
)  # fmt: skip
_FIELD_REASON = {'date': 'bad_date', 'price': 'bad_price', 'place': 'bad_place', 'kind': 'bad_kind',
                 'commodity': 'unknown_commodity'}  # fmt: skip
_DAY_FIRST = re.compile(r'(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})')


@dataclass(frozen=True)
class PlannedPrice:
    row: int  # as the sheet numbers it: the header is row 1
    price: PriceForm
    unusual: bool  # far from the recent range: the report says so, saving the plan confirms it


@dataclass(frozen=True)
class RefusedPrice:
    row: int
    text: str  # the row as typed, shortened
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PricePlan:
    secretariat_id: str
    filename: str
    good: tuple[PlannedPrice, ...]
    bad: tuple[RefusedPrice, ...]


@dataclass(frozen=True)
class PriceImportResult:
    saved: int
    already: int  # in the store from an earlier import of the same rows


def read_price_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """The file's data rows keyed by `COLUMNS`; rows numbered as the sheet does (`rows[i]` is row `i + 2`).
    Refused whole: `import_too_large`, `import_unreadable`, `prices_import_not_utf8`, `prices_import_columns`
    (no date, commodity or price column), `prices_import_too_many_rows`."""
    if not is_xlsx(data, filename) and not data.startswith((b'\xff\xfe', b'\xfe\xff')):
        try:
            data[:8_000_000].decode('utf-8')
        except UnicodeDecodeError:
            raise DomainError('prices_import_not_utf8') from None
    table = sheet_cells(data, filename)
    try:
        header = next(table, None) or []
        positions: dict[str, int] = {}
        for position, cell in enumerate(header):
            column = _COLUMN_OF.get(_header_key(cell))
            if column is not None and column not in positions:
                positions[column] = position
        if not {'tanggal', 'komoditas', 'harga'} <= set(positions):
            raise DomainError('prices_import_columns')
        rows = []
        for cells in table:
            rows.append({c: cells[p] if p < len(cells) else '' for c, p in positions.items()})
            if len(rows) > MAX_ROWS:
                raise DomainError('prices_import_too_many_rows', max_rows=MAX_ROWS)
    finally:
        table.close()
    while rows and not any(rows[-1].values()):
        rows.pop()
    return rows


def _header_key(raw: str) -> str:
    return re.sub(r'[^0-9a-z]+', '_', raw.strip().casefold()).strip('_')


def plan_prices(
    store: Store, secretariat_id: str, rows: list[dict[str, str]], today: dt.date, filename: str = ''
) -> PricePlan:
    """Every row checked, nothing written: the good ones (each flagged when unusual) and the refused ones."""
    names = {c.key: c.key for c in commodities(store)} | {c.name.casefold(): c.key for c in commodities(store)}
    good: list[PlannedPrice] = []
    bad: list[RefusedPrice] = []
    seen: set[tuple[Any, ...]] = set()
    for number, row in enumerate(rows, start=2):
        if not any(row.values()):
            continue
        price, reasons = _row_price(row, names, today)
        if price is not None:
            key = _same(price)
            if key in seen:
                reasons = ('duplicate_in_file',)
            seen.add(key)
        if reasons or price is None:
            text = ' · '.join(v for v in row.values() if v)
            bad.append(RefusedPrice(number, text[:80], reasons))
            continue
        window = prices_of(store, [secretariat_id], price.commodity, price.date - dt.timedelta(days=30), price.date)
        good.append(PlannedPrice(number, price, is_unusual(price.price, [p.price for p in window])))
    return PricePlan(secretariat_id, filename[:120], tuple(good), tuple(bad))


def _row_price(row: dict[str, str], names: dict[str, str], today: dt.date) -> tuple[PriceForm | None, tuple[str, ...]]:
    commodity = names.get(' '.join(row.get('komoditas', '').split()).casefold(), '')
    data = {
        'commodity': commodity or 'x',  # an unknown one: `unknown_commodity`, not a key's format
        'kind': (row.get('jenis') or PlaceKind.REFERENCE.value).strip().casefold(),
        'place': row.get('tempat', ''),
        'price': row.get('harga', ''),
        'date': _date(row.get('tanggal', '')),
    }
    reasons: list[str] = [] if commodity else ['unknown_commodity']
    try:
        price = PriceForm.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            field = str(item['loc'][0]) if item['loc'] else ''
            reason = str((item.get('ctx') or {}).get('error', '')) if item['type'] == 'value_error' else ''
            reason = reason if reason in REASONS else _FIELD_REASON.get(field, 'bad_place')
            if reason not in reasons:
                reasons.append(reason)
        return None, tuple(reasons)
    if price.date > today:
        reasons.append('future_date')
    elif price.date < today - dt.timedelta(days=OLDEST_DAYS):
        reasons.append('old_date')
    return price, tuple(reasons)


def _date(text: str) -> str:
    """`07/12/2026` (day first, as Indonesia writes it) as `2026-12-07`; an XLSX date cell's `2026-12-07T00:00:00`
    as its day; anything else as it is, for the model to refuse."""
    text = text.strip()
    found = _DAY_FIRST.fullmatch(text)
    if found:
        day, month, year = found.groups()
        return f'{year}-{int(month):02d}-{int(day):02d}'
    if re.fullmatch(r'\d{4}-\d{2}-\d{2}T00:00:00', text):
        return text[:10]
    return text


def _same(price: PriceForm) -> tuple[Any, ...]:
    return (price.commodity, price.kind, price.place.casefold(), price.date, price.price)


def imported_id(secretariat_id: str, price: PriceForm) -> str:
    """The id of an imported price, from what it says: the same row imported again is the same record."""
    text = '|'.join(str(part) for part in (secretariat_id, *_same(price)))
    return 'imp-' + hashlib.sha256(text.encode()).hexdigest()[:28]


async def apply_prices(
    store: Store, actor: Account, plan: PricePlan, *, import_id: str, now: dt.datetime
) -> PriceImportResult:
    """Save the plan's good rows in one transaction, checked again as its staff (`prices_staff_only`); rows an
    earlier import saved stay as they are. One entry in the trail says who imported how many from which file."""

    def stage(tx: Tx) -> PriceImportResult:
        secretariat = tx.require(Secretariat, plan.secretariat_id)
        account = price_keeper(tx, actor, secretariat)
        saved = already = 0
        for planned in plan.good:
            record_id = imported_id(plan.secretariat_id, planned.price)
            if tx.exists(MarketPrice, record_id):
                already += 1
                continue
            tx.put(
                MarketPrice(
                    id=record_id,
                    **planned.price.model_dump(),
                    secretariat_id=plan.secretariat_id,
                    by_role=account.role,
                    recorded_by=account.id,
                    recorded_at=now,
                    unusual=planned.unusual,
                )  # fmt: skip
            )
            saved += 1
        if saved:
            after = {'secretariat_id': plan.secretariat_id, 'file': plan.filename, 'saved': saved}
            entry(tx, by=account.id, action='price.import', target=import_id, at=now, after=after)
        return PriceImportResult(saved, already)

    return await store.transact(stage)
