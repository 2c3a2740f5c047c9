"""Her figures: what she earned, spent and is owed in a period, week by week, and her best products.

Month queries read the `participant_month` index, never a whole table. A stamp's month in the index is the
month of the offset it was stored with (UTC for her sales and expenses), so a query reads the months a day
around its period could touch and then keeps the records inside the period. Deleted records are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models.base import Record
from models.business import Expense, Product, Sale, Unit, rupiah

from .engine import Store
from .periods import WIB, local_midnight, months_between, named_month, week_period


@dataclass(frozen=True)
class Summary:
    """Her figures for a period, by the one rule a seller without bookkeeping follows: profit is what her sales
    brought in minus the money she spent (`expenses`: ingredients, packaging, transport). The HPP of what she
    sold (`hpp_of_goods`, from her recipe cards) is a guide for her prices, never a second cost: the flour she
    bought is already in her expenses.

    `unpaid` is what is still owed on the sales of the period (counted in `revenue`, shown apart). No buyer
    names: coordinators may see this.
    """

    revenue: int = 0
    hpp_of_goods: int = 0
    expenses: int = 0
    sales_count: int = 0
    expenses_count: int = 0
    unpaid: int = 0

    @property
    def net_profit(self) -> int:
        """Money in minus money out: her sales minus her expenses."""
        return self.revenue - self.expenses

    @property
    def costs(self) -> int:
        """The money she spent: her expenses (the HPP is not added: see the class)."""
        return self.expenses

    def as_json(self) -> dict[str, int]:
        """The `/api/summary` answer."""
        return {
            'revenue': self.revenue,
            'costs': self.costs,
            'profit': self.net_profit,
            'sales_count': self.sales_count,
            'expenses_count': self.expenses_count,
            'unpaid': self.unpaid,
        }


def summary(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> Summary:
    """Revenue, HPP of goods, expenses, profits, counts and what is owed, for sales and expenses in `[start, end)`."""
    return _summarise(_sale_docs(store, participant_id, start, end), _expense_docs(store, participant_id, start, end))


def month_totals(store: Store, participant_id: str, month: str, tz: dt.tzinfo = WIB) -> Summary:
    """Her month (`YYYY-MM`) for the coordinator's outcomes and `/api/summary`; bad month → `bad_month`."""
    period = named_month(month, tz)
    return summary(store, participant_id, period.start, period.end)


@dataclass(frozen=True)
class WeekTotals:
    monday: dt.date
    revenue: int
    costs: int
    profit: int


def weekly(
    store: Store, participant_id: str, *, now: dt.datetime, weeks: int = 8, tz: dt.tzinfo = WIB
) -> list[WeekTotals]:
    """Her last `weeks` weeks (Monday to Sunday where she is), oldest first, this week last, for a chart."""
    weeks = max(1, min(weeks, 104))
    this_week = week_period(now, tz)
    first = this_week.start.astimezone(tz).date() - dt.timedelta(days=7 * (weeks - 1))
    start = local_midnight(first, tz)
    sales_by: list[list[dict[str, Any]]] = [[] for _ in range(weeks)]
    expenses_by: list[list[dict[str, Any]]] = [[] for _ in range(weeks)]
    for docs, buckets in (
        (_sale_docs(store, participant_id, start, this_week.end), sales_by),
        (_expense_docs(store, participant_id, start, this_week.end), expenses_by),
    ):
        for doc in docs:
            buckets[(_at(doc).astimezone(tz).date() - first).days // 7].append(doc)
    result = []
    for n in range(weeks):
        figures = _summarise(sales_by[n], expenses_by[n])
        result.append(WeekTotals(first + dt.timedelta(days=7 * n), figures.revenue, figures.costs, figures.net_profit))
    return result


@dataclass(frozen=True)
class ProductTotals:
    product_id: str
    name: str
    unit: Unit
    quantity: Decimal
    revenue: int


def best_products(
    store: Store, participant_id: str, start: dt.datetime, end: dt.datetime, n: int = 3
) -> list[ProductTotals]:
    """Her `n` products that brought in most in `[start, end)`, by revenue (ties: more sold, then name)."""
    quantity: dict[str, Decimal] = {}
    revenue: dict[str, int] = {}
    for doc in _sale_docs(store, participant_id, start, end):
        product_id = doc['product_id']
        quantity[product_id] = quantity.get(product_id, Decimal(0)) + Decimal(doc['quantity'])
        revenue[product_id] = revenue.get(product_id, 0) + _total(doc)
    found = []
    for product_id, money in revenue.items():
        product = store.get(Product, product_id)
        name, unit = (product.name, product.unit) if product else ('?', Unit.PCS)
        found.append(ProductTotals(product_id, name, unit, quantity[product_id], money))
    found.sort(key=lambda p: (-p.revenue, -p.quantity, p.name))
    return found[:n]


def entries(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> list[Sale | Expense]:
    """Her live sales and expenses in `[start, end)`, newest first, for her list of entries."""
    found: list[Sale | Expense] = [Sale.model_validate(d) for d in _sale_docs(store, participant_id, start, end)]
    found += [Expense.model_validate(d) for d in _expense_docs(store, participant_id, start, end)]
    return sorted(found, key=lambda e: (e.at, e.id), reverse=True)


def _summarise(sales: Iterable[dict[str, Any]], expenses: Iterable[dict[str, Any]]) -> Summary:
    revenue = hpp = owed = count = 0
    for doc in sales:
        total = _total(doc)
        revenue += total
        hpp += rupiah(Decimal(doc['quantity']) * doc.get('unit_hpp', 0))
        owed += 0 if doc.get('paid', True) else total - doc.get('paid_amount', 0)
        count += 1
    spent = [doc['amount'] for doc in expenses]
    return Summary(revenue, hpp, sum(spent), count, len(spent), owed)


def _total(doc: dict[str, Any]) -> int:
    return rupiah(Decimal(doc['quantity']) * doc['unit_price'])  # as `Sale.total`, without a model per sale


def _at(doc: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(doc['at'])


def _sale_docs(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    return _docs_between(store, Sale, participant_id, start, end)


def _expense_docs(store: Store, participant_id: str, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    return _docs_between(store, Expense, participant_id, start, end)


def _docs_between(
    store: Store, model: type[Record], participant_id: str, start: dt.datetime, end: dt.datetime
) -> list[dict[str, Any]]:
    docs = []
    for month in months_between(start.date() - dt.timedelta(days=1), end.date() + dt.timedelta(days=1)):
        for doc in store.raw_by_index(model, 'participant_month', (participant_id, month)):
            if not doc.get('deleted') and start <= _at(doc) < end:
                docs.append(doc)
    return docs
