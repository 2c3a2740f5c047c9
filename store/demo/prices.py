"""The demo secretariat's market prices: 90 days up to the demo's today in Kecamatan Palas, Lampung Selatan.

The three chilis swing as chili does (cabai merah keriting between about Rp 30.000 and Rp 60.000 a kilo over a
seven-week wave, day-to-day noise on top): the reference price of the public panel (PIHPS, typed in by the staff on
weekdays), Pasar Palas (the staff, four market days a week), Pasar Bakauheni and the collector who buys from the KWT
(written down by its members), each a steady share of the day's going price. The kue ingredients have a weekly
reference price. Made with a random generator of its own, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from models.account import Account, Role
from models.base import Record
from models.market_prices import MarketPrice, PlaceKind
from models.programme import Zone
from models.secretariat import Secretariat

DAYS = 90
REFERENCE = 'PIHPS Kab. Lampung Selatan'
COLLECTOR = 'Pengepul Haji Dasuki'
# commodity: (the going price's middle, its swing, the wave's days)
CHILI = {
    'cabai-merah-keriting': (45_000, 12_000, 49),
    'cabai-rawit-merah': (55_000, 15_000, 42),
    'cabai-hijau': (27_000, 5_000, 56),
}
KUE = {'telur-ayam': 28_000, 'tepung-terigu': 12_500, 'gula-pasir': 17_500, 'minyak-goreng': 18_000}
# (kind, place, share of the going price, rounded to, weekdays (Monday 0), by a KWT member, chilis)
PLACES = (
    (PlaceKind.REFERENCE, REFERENCE, 1.05, 50, {0, 1, 2, 3, 4}, False, tuple(CHILI)),
    (PlaceKind.MARKET, 'Pasar Palas', 1.0, 500, {0, 2, 4, 5}, False, tuple(CHILI)),
    (PlaceKind.MARKET, 'Pasar Bakauheni', 1.08, 500, {1, 3, 5}, True, ('cabai-merah-keriting', 'cabai-rawit-merah')),
    (PlaceKind.COLLECTOR, COLLECTOR, 0.8, 500, {0, 3}, True, tuple(CHILI)),
)


def price_records(seeded: list[Record], members: list[Account], today: dt.date) -> list[MarketPrice]:
    """The prices of the demo's secretariat (in `seeded`, with its staff account), written by its staff or one of
    the KWT's `members`; today and a week ago have every place's price, so her home shows a change."""
    secretariat = next(r for r in seeded if isinstance(r, Secretariat))
    staff = next(r for r in seeded if isinstance(r, Account) and r.role == Role.SECRETARIAT)
    rng = random.Random(20261207)
    records = []
    for offset in range(DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=offset)
        always = offset in (0, 7)
        for kind, place, share, step, weekdays, by_member, chilis in PLACES:
            if not always and day.weekday() not in weekdays:
                continue
            writer = rng.choice(members) if by_member else staff
            for key in chilis:
                price = _going(key, day, today, rng) * share
                records.append(_price(secretariat, writer, key, kind, place, round(price / step) * step, day))
        if day.weekday() == 0 or always:
            for key, middle in KUE.items():
                price = int(round(middle * (1 + rng.uniform(-0.04, 0.04)), -2))
                records.append(_price(secretariat, staff, key, PlaceKind.REFERENCE, REFERENCE, price, day))
    return records


def _going(key: str, day: dt.date, today: dt.date, rng: random.Random) -> float:
    middle, swing, wave = CHILI[key]
    phase = 2 * math.pi * (day - today).days / wave
    return middle + swing * math.sin(phase + 1.0) + rng.uniform(-0.04, 0.04) * middle


def _price(
    secretariat: Secretariat, writer: Account, key: str, kind: PlaceKind, place: str, price: int, day: dt.date
) -> MarketPrice:
    written = dt.datetime.combine(day, dt.time(7, 30), Zone.WIB.tz).astimezone(dt.UTC)
    return MarketPrice(
        secretariat_id=secretariat.id, commodity=key, kind=kind, place=place, price=int(price), date=day,
        by_role=writer.role, recorded_by=writer.id, recorded_at=written,
    )  # fmt: skip
