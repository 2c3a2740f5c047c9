"""A secretariat's market prices: the commodities, the prices recorded (one at a time, each once, each in the trail;
an unusual one only once she has confirmed it), and what the pages show of them: today's latest price of each
place kind and its change against last week, the last 90 days for a chart, and a KWT's own sale prices against
them month by month.

A kind's price of a day is the median of that day's prices of that kind (two markets, one median), so one odd price
moves it little. Its latest is its newest day in the last week; last week's is its newest day one to two weeks
before that. Reads go through the `market_prices/month` index, a few months at a time, never the whole table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from models.account import Account
from models.base import DomainError
from models.business import GroupSale
from models.market_prices import (
    BUILT_IN,
    OLDEST_DAYS,
    UNUSUAL_DAYS,
    Commodity,
    CommodityForm,
    MarketPrice,
    PlaceKind,
    PriceForm,
    change_percent,
    is_unusual,
    median,
)
from models.participant import Participant
from models.permissions import is_trainee, may_keep_price_list, may_see_market_prices
from models.programme import Programme, ProgrammeKind
from models.secretariat import Secretariat

from .audit import change_entry
from .engine import Store
from .periods import months_between
from .saved import Saved, changed, live
from .secretariats import members_reached, secretariats_of, secretariats_reaching
from .tx import Tx

LATEST_DAYS = 7  # a kind's latest price is of the last week, or it has none "today"
CHART_DAYS = 90


class UnusualPrice(DomainError):
    """A price far outside the recent range (`models.market_prices.is_unusual`): asked about, not saved."""

    def __init__(self, price: int, middle: int) -> None:
        super().__init__('price_unusual', price=price, median=middle)
        self.price, self.median = price, middle


@dataclass(frozen=True)
class KindLatest:
    """A place kind's latest day price of a commodity, and its day price a week before (None: none then)."""

    kind: PlaceKind
    price: int
    date: dt.date
    before: int | None = None
    before_date: dt.date | None = None

    @property
    def change(self) -> int | None:
        return None if self.before is None else self.price - self.before

    @property
    def percent(self) -> Decimal | None:
        return None if not self.before else change_percent(self.price, self.before)


@dataclass(frozen=True)
class CommodityLatest:
    commodity: Commodity
    kinds: tuple[KindLatest, ...]  # in PlaceKind's order; a kind without a price this week is left out

    def of(self, kind: PlaceKind) -> KindLatest | None:
        return next((k for k in self.kinds if k.kind == kind), None)


@dataclass(frozen=True)
class PlaceLatest:
    """A place's newest price: `Pasar Palas`, Rp 48.000 on 7 Dec."""

    kind: PlaceKind
    place: str
    price: int
    date: dt.date


@dataclass(frozen=True)
class PriceChart:
    """Day prices over the chart's days: a value (or None, no price that day) a day for each kind that has one."""

    days: tuple[dt.date, ...]
    series: dict[PlaceKind, list[int | None]]


@dataclass(frozen=True)
class PriceBoard:
    """What the price page shows of one commodity in the secretariats she sees."""

    commodity: Commodity
    latest: CommodityLatest
    chart: PriceChart
    places: tuple[PlaceLatest, ...]
    recent: tuple[MarketPrice, ...]  # newest first, for its staff's list


@dataclass(frozen=True)
class MonthPrices:
    """One month: the group's own sale price (kilos sold, weighted) against the month's mean day price of the
    reference, collectors and markets; None where there was none."""

    month: dt.date  # its first day
    group: int | None
    reference: int | None
    collector: int | None
    market: int | None


# ---- commodities ----------------------------------------------------------------------------------------------


def commodities(store: Store) -> list[Commodity]:
    """The built-in commodities in their order, then those staff added, by name."""
    added = sorted(store.all(Commodity), key=lambda c: c.name.casefold())
    return [*BUILT_IN, *added]


def commodity_by_key(store: Store, key: str) -> Commodity | None:
    key = (key or '').strip().lower()
    built_in = next((c for c in BUILT_IN if c.key == key), None)
    if built_in is not None:
        return built_in
    found = store.by_index(Commodity, 'key', key)
    return found[0] if found else None


def commodities_for(store: Store, kinds: Iterable[ProgrammeKind]) -> list[Commodity]:
    """Her commodities: the chili of a KWT's member, the ingredients of a kue course's trainee."""
    wanted = set(kinds)
    return [c for c in commodities(store) if c.for_kind in wanted]


async def add_commodity(
    store: Store, actor: Account, secretariat_id: str, form: CommodityForm, *, commodity_id: str, now: dt.datetime
) -> Saved[Commodity]:
    """A commodity its staff add, for every secretariat, under the id the form made (a second tap finds it saved).
    Its key must be free (`commodity_key_taken`), a built-in's too."""

    def stage(tx: Tx) -> Saved[Commodity]:
        existing = tx.get(Commodity, commodity_id)
        if existing is not None:
            return Saved('duplicate', existing)
        secretariat = tx.require(Secretariat, secretariat_id)
        price_keeper(tx, actor, secretariat)
        if commodity_by_key(store, form.key) is not None:
            raise DomainError('commodity_key_taken', commodity=form.key)
        record = Commodity(id=commodity_id, **form.model_dump(), added_by=actor.id, added_at=now)
        tx.put(record)
        change_entry(tx, None, record, by=actor.id, action='price.commodity_add', at=now)
        return Saved('applied', record)

    return await store.transact(stage)


# ---- who sees which prices ------------------------------------------------------------------------------------


def price_secretariats(store: Store, account: Account) -> list[Secretariat]:
    """The secretariats whose prices she sees: those that reach her, for a trainee; those she serves, for staff."""
    if is_trainee(account):
        return secretariats_reaching(store, account.participant_id or '')
    return secretariats_of(store, account)


def group_secretariats(store: Store, group_id: str) -> list[Secretariat]:
    """The active secretariats a group is linked to: whose prices its book shows."""
    return sorted((s for s in store.by_index(Secretariat, 'group', group_id) if s.active), key=lambda s: s.name)


def her_kinds(store: Store, participant_id: str) -> set[ProgrammeKind]:
    """Whose commodities are hers through the secretariats that reach her: chili for a member of a linked group
    (a KWT), a linked programme's kind for its trainee."""
    person = store.get(Participant, participant_id)
    kinds: set[ProgrammeKind] = set()
    for secretariat in secretariats_reaching(store, participant_id):
        if person is not None and person.group_id in secretariat.group_ids:
            kinds.add(ProgrammeKind.KWT)
        for programme_id in secretariat.programme_ids:
            programme = store.get(Programme, programme_id)
            if programme is not None and participant_id in programme.participant_ids:
                kinds.add(programme.kind)
    return kinds


# ---- reading prices -------------------------------------------------------------------------------------------


def prices_of(
    store: Store, secretariat_ids: Iterable[str], commodity: str, start: dt.date, end: dt.date
) -> list[MarketPrice]:
    """The live prices of `commodity` dated `start` to `end` (both in), oldest first."""
    found = []
    for secretariat_id in secretariat_ids:
        for month in months_between(start, end):
            for doc in store.raw_by_index(MarketPrice, 'month', (secretariat_id, commodity, month)):
                if not doc.get('deleted') and start.isoformat() <= doc['date'] <= end.isoformat():
                    found.append(MarketPrice.model_validate(doc))
    return sorted(found, key=lambda p: (p.date, p.recorded_at, p.id))


def known_places(store: Store, secretariat_id: str, today: dt.date, *, days: int = CHART_DAYS) -> list[str]:
    """The places its prices of the last `days` days name, for her form to offer as she types: `Pasar Palas`."""
    names: dict[str, str] = {}
    for commodity in commodities(store):
        for month in months_between(today - dt.timedelta(days=days), today):
            for doc in store.raw_by_index(MarketPrice, 'month', (secretariat_id, commodity.key, month)):
                if doc.get('place') and not doc.get('deleted'):
                    names.setdefault(doc['place'].casefold(), doc['place'])
    return sorted(names.values(), key=str.casefold)


@dataclass(frozen=True)
class WrittenPrice:
    """A price in its staff's list: the record and who wrote it down, by name ('' when not known)."""

    price: MarketPrice
    by: str


def recent_prices(store: Store, secretariat_id: str, today: dt.date, *, limit: int = 40) -> list[WrittenPrice]:
    """Its prices of every commodity dated in the last two months, newest written first, at most `limit`."""
    found: list[MarketPrice] = []
    for commodity in commodities(store):
        found += prices_of(store, [secretariat_id], commodity.key, today - dt.timedelta(days=60), today)
    found.sort(key=lambda p: (p.recorded_at, p.date, p.id), reverse=True)
    names: dict[str, str] = {}
    for price in found[:limit]:
        if price.recorded_by not in names:
            account = store.get(Account, price.recorded_by)
            names[price.recorded_by] = account.name if account else ''
    return [WrittenPrice(p, names[p.recorded_by]) for p in found[:limit]]


def day_prices(prices: Iterable[MarketPrice]) -> dict[PlaceKind, dict[dt.date, int]]:
    """Each kind's price of each day: the median of that day's prices of that kind."""
    seen: dict[PlaceKind, dict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for price in prices:
        seen[price.kind][price.date].append(price.price)
    return {kind: {day: median(values) for day, values in days.items()} for kind, days in seen.items()}


def latest_of(store: Store, secretariat_ids: list[str], commodity: Commodity, today: dt.date) -> CommodityLatest:
    """Each kind's latest day price this week, with its day price a week before it."""
    by_kind = day_prices(prices_of(store, secretariat_ids, commodity.key, today - dt.timedelta(days=21), today))
    return CommodityLatest(commodity, _latest_kinds(by_kind, today))


def latest_prices(
    store: Store, secretariat_ids: list[str], wanted: list[Commodity], today: dt.date
) -> list[CommodityLatest]:
    """`latest_of` each commodity that has a price this week."""
    found = (latest_of(store, secretariat_ids, commodity, today) for commodity in wanted)
    return [latest for latest in found if latest.kinds]


def _latest_kinds(by_kind: dict[PlaceKind, dict[dt.date, int]], today: dt.date) -> tuple[KindLatest, ...]:
    found = []
    for kind in PlaceKind:
        days = by_kind.get(kind, {})
        recent = [d for d in days if today - dt.timedelta(days=LATEST_DAYS - 1) <= d <= today]
        if not recent:
            continue
        newest = max(recent)
        earlier = [d for d in days if newest - dt.timedelta(days=2 * LATEST_DAYS - 1) <= d <= newest - _WEEK]
        before = max(earlier) if earlier else None
        found.append(KindLatest(kind, days[newest], newest, days[before] if before else None, before))
    return tuple(found)


_WEEK = dt.timedelta(days=7)


def price_board(
    store: Store, secretariat_ids: list[str], commodity: Commodity, today: dt.date, *, days: int = CHART_DAYS
) -> PriceBoard:
    """The price page's view of `commodity`: its latest prices, its last `days` days by kind, each place's
    newest price, and the newest prices written down."""
    start = today - dt.timedelta(days=days - 1)
    prices = prices_of(store, secretariat_ids, commodity.key, start, today)
    by_kind = day_prices(prices)
    chart_days = tuple(start + dt.timedelta(days=n) for n in range(days))
    series = {kind: [by_kind[kind].get(day) for day in chart_days] for kind in PlaceKind if kind in by_kind}
    places: dict[tuple[PlaceKind, str], MarketPrice] = {}
    for price in prices:  # oldest first: the newest of each place stays
        places[(price.kind, price.place.casefold())] = price
    newest = sorted(places.values(), key=lambda p: (list(PlaceKind).index(p.kind), -p.date.toordinal(), p.place))
    return PriceBoard(
        commodity=commodity,
        latest=CommodityLatest(commodity, _latest_kinds(by_kind, today)),
        chart=PriceChart(chart_days, series),
        places=tuple(PlaceLatest(p.kind, p.place, p.price, p.date) for p in newest),
        recent=tuple(reversed(prices[-30:])),
    )


def group_months(
    store: Store, group_id: str, secretariat_ids: list[str], commodity: str, today: dt.date, *, months: int = 6
) -> list[MonthPrices]:
    """The group's own sale price against the reference, collector and market prices, month by month: the last
    `months` months to this one, newest first; a month with none of them is left out."""
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    by_kind = day_prices(prices_of(store, secretariat_ids, commodity, first, today))
    rows = []
    for month in months_between(first, today):
        start = dt.date.fromisoformat(f'{month}-01')
        sales = [
            s
            for s in (
                GroupSale.model_validate(d) for d in store.raw_by_index(GroupSale, 'group_month', (group_id, month))
            )
            if not s.deleted and s.date <= today
        ]
        kg = sum((s.kg for s in sales), Decimal(0))
        group = round(sum(s.total for s in sales) / kg) if kg else None
        row = MonthPrices(
            start, group, *(_month_mean(by_kind.get(k, {}), month) for k in (PlaceKind.REFERENCE,
                                                                            PlaceKind.COLLECTOR, PlaceKind.MARKET))
        )  # fmt: skip
        if any(v is not None for v in (row.group, row.reference, row.collector, row.market)):
            rows.append(row)
    return list(reversed(rows))


def _month_mean(days: dict[dt.date, int], month: str) -> int | None:
    values = [price for day, price in days.items() if day.isoformat().startswith(month)]
    return round(sum(values) / len(values)) if values else None


# ---- writing prices -------------------------------------------------------------------------------------------


async def record_price(
    store: Store,
    actor: Account,
    secretariat_id: str,
    form: PriceForm,
    *,
    price_id: str,
    today: dt.date,
    now: dt.datetime,
    confirmed: bool = False,
) -> Saved[MarketPrice]:
    """A price she saw, saved once under the id her form made (a retry finds it: `duplicate`), with its entry in
    the trail. Refused: one who is neither its staff nor reached by it (`prices_not_yours`), a reference price
    from anyone but its staff (`reference_staff_only`), an unknown commodity, a date ahead of `today` or over a
    year back; and, until she `confirmed` it, a price far outside the recent range (`UnusualPrice`)."""

    def stage(tx: Tx) -> Saved[MarketPrice]:
        existing = tx.get(MarketPrice, price_id)
        if existing is not None:
            if existing.secretariat_id != secretariat_id or existing.recorded_by != actor.id:
                raise DomainError('duplicate_id')
            return Saved('duplicate', existing)
        account, secretariat = _seeing(tx, store, actor, secretariat_id)
        unusual = check_price(store, account, secretariat, form, today)
        if unusual is not None and not confirmed:
            raise unusual
        record = MarketPrice(
            id=price_id, **form.model_dump(), secretariat_id=secretariat_id, by_role=account.role,
            recorded_by=account.id, recorded_at=now, unusual=unusual is not None,
        )  # fmt: skip
        tx.put(record)
        change_entry(tx, None, record, by=account.id, action='price.record', at=now)
        return Saved('applied', record)

    return await store.transact(stage)


def check_price(
    store: Store, account: Account, secretariat: Secretariat, form: PriceForm, today: dt.date
) -> UnusualPrice | None:
    """Refuse what no confirmation makes right (DomainError); an unusual price is returned, for the caller to ask."""
    if form.kind == PlaceKind.REFERENCE and not may_keep_price_list(account, secretariat):
        raise DomainError('reference_staff_only')
    if commodity_by_key(store, form.commodity) is None:
        raise DomainError('unknown_commodity')
    if form.date > today:
        raise DomainError('price_date_future')
    if form.date < today - dt.timedelta(days=OLDEST_DAYS):
        raise DomainError('price_date_old')
    window = prices_of(store, [secretariat.id], form.commodity, form.date - dt.timedelta(days=UNUSUAL_DAYS), form.date)
    recent = [p.price for p in window]
    return UnusualPrice(form.price, median(recent)) if is_unusual(form.price, recent) else None


async def take_back_price(store: Store, actor: Account, price_id: str, now: dt.datetime) -> MarketPrice:
    """A price written down wrongly, out of the lists and the charts (kept, marked `deleted`, in the trail): by
    whoever wrote it, or its secretariat's staff (`not_your_entry`)."""

    def stage(tx: Tx) -> MarketPrice:
        before = live(tx, MarketPrice, price_id)
        secretariat = tx.require(Secretariat, before.secretariat_id)
        account = tx.get(Account, actor.id)
        if account is None or account.disabled:
            raise DomainError('price_take_back_refused')
        own = before.recorded_by == account.id and may_see_market_prices(
            account, secretariat, members_reached(store, secretariat)
        )
        if not own and not may_keep_price_list(account, secretariat):
            raise DomainError('price_take_back_refused')
        after = changed(before, deleted=True)
        tx.put(after)
        change_entry(tx, before, after, by=account.id, action='price.take_back', at=now)
        return after

    return await store.transact(stage)


def _seeing(tx: Tx, store: Store, actor: Account, secretariat_id: str) -> tuple[Account, Secretariat]:
    """Her account as it is now, if she may see (and so record) the secretariat's prices, and the secretariat."""
    account = tx.get(Account, actor.id)
    secretariat = tx.require(Secretariat, secretariat_id)
    if account is None or not may_see_market_prices(account, secretariat, members_reached(store, secretariat)):
        raise DomainError('prices_not_yours')
    return account, secretariat


def price_keeper(tx: Tx, actor: Account, secretariat: Secretariat) -> Account:
    """Her account as it is now, if she keeps the secretariat's price list (its staff, the coordinators)."""
    account = tx.get(Account, actor.id)
    if account is None or not may_keep_price_list(account, secretariat):
        raise DomainError('prices_staff_only')
    return account
