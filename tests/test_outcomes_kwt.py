"""What the KWT's training led to (issue 16): a member's share of the group's sales is her income in the outcomes,
beside her own sales, by the group book's share rule; "0 of 12 selling, Rp 0" is what it said before."""

from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import User

from models.participant import Group
from models.programme import ProgrammeKind
from store.figures import summary
from store.group_ledger import group_ledger
from store.outcomes import month_figures
from ui.runtime import runtime

from .conftest import WIB, demo_programme

pytestmark = pytest.mark.demo


async def test_a_kwt_members_share_of_the_group_sales_counts_as_her_income(user: User) -> None:
    store = await runtime.ready()
    kwt = demo_programme(store, ProgrammeKind.KWT)
    [group] = [g for g in store.all(Group) if g.programme_id == kwt.id]
    months = month_figures(store, kwt, dt.datetime.now(WIB).date())
    counted = [m for m in months if m.group_revenue > 0]
    assert counted, 'the demo KWT sold through its group after the training'
    for month in counted:
        following = dt.date(month.first_day.year + month.first_day.month // 12, month.first_day.month % 12 + 1, 1)
        book = group_ledger(store, group.id, month.first_day, following)
        start = dt.datetime.combine(month.first_day, dt.time(0), tzinfo=kwt.zone.tz).astimezone(dt.UTC)
        end = dt.datetime.combine(following, dt.time(0), tzinfo=kwt.zone.tz).astimezone(dt.UTC)
        own = {pid: summary(store, pid, start, end) for pid in kwt.participant_ids}
        earning = {m.participant_id for m in book.members if m.share > 0} | {p for p, f in own.items() if f.sales_count}
        assert month.selling == len(earning) > 0
        assert month.revenue == sum(m.share for m in book.members if m.share > 0) + sum(f.revenue for f in own.values())
