"""A KWT's group book (`/kelompok/{id}`): members' harvests, the group's sales and costs, each member's share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Response
from nicegui import ui

from models.account import Account
from models.base import new_id
from models.business import Channel, ExpenseCategory, GroupExpense, GroupSale, Harvest
from models.participant import Group, Participant
from models.permissions import may_keep_group_book
from models.programme import Programme, Zone
from store import Store
from store.group_ledger import GroupLedger, group_ledger, record_group_expense, record_group_sale, record_harvest

from .. import auth
from ..auth import page_user, refusal
from ..format import format_rupiah, number
from ..forms import validate, written
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, MoneyInput, Sheet, TapButton, back_button


def may_see_group(account: Account, group: Group) -> bool:
    """Members, the coordinators, and the instructors of the group's programme."""
    programme = runtime.store.get(Programme, group.programme_id) if group.programme_id else None
    return may_keep_group_book(account, group, programme)


def groups_of(account: Account) -> list[Group]:
    return [g for g in runtime.store.all(Group) if may_see_group(account, g)]


async def ledger_page(group_id: str, months: int = 0) -> Response | None:
    store = await runtime.ready()
    account = page_user()
    group = store.get(Group, group_id)
    if group is None or not may_see_group(account, group):
        return refusal('ledger.not_yours')
    with frame('ledger.title', active='/'):
        back_button('/')
        ui.label(group.name).classes('text-h5 text-weight-bold')
        today = _today(group)
        span = (
            ui.toggle({1: t('ledger.this_month'), 3: t('ledger.three_months'), 0: t('ledger.all')}, value=months or 0)
            .props('spread no-caps toggle-color=primary')
            .classes('full-width')
            .mark('ledger-span')
        )
        body = ui.column().classes('full-width')

        def show() -> None:
            start = dt.date(2000, 1, 1)
            if span.value:
                first = today.replace(day=1)
                for _ in range(int(span.value) - 1):
                    first = (first - dt.timedelta(days=1)).replace(day=1)
                start = first
            body.clear()
            with body:
                _book(group_ledger(runtime.store, group_id, start, today + dt.timedelta(days=1)))

        span.on_value_change(show)
        show()
        with ui.row().classes('full-width q-gutter-sm'):
            TapButton(t('ledger.add_harvest'), 'agriculture', lambda: _harvest_dialog(group, show), mark='add-harvest')
            TapButton(
                t('ledger.add_sale'), 'sell', lambda: _sale_dialog(group, show), mark='add-group-sale', look='outline'
            )
            TapButton(
                t('ledger.add_cost'),
                'payments',
                lambda: _cost_dialog(group, show),
                mark='add-group-cost',
                look='outline',
            )
    return None


def _book(book: GroupLedger) -> None:
    """The group's figures for the span, and each member's share."""
    with ui.element('div').classes('full-width').style('display:grid;grid-template-columns:1fr 1fr;gap:8px'):
        for key, value, marker in (
            ('ledger.harvested', f'{number(book.harvested_kg)} kg', 'harvested'),
            ('ledger.sold', f'{number(book.sold_kg)} kg', 'sold'),
            ('ledger.revenue', format_rupiah(book.revenue), 'group-revenue'),
            ('ledger.costs', format_rupiah(book.expenses), 'group-costs'),
        ):
            with ui.card().classes('q-pa-sm bg-teal-1'):
                ui.label(t(key)).classes('text-caption')
                ui.label(value).classes('text-h6 text-weight-bold').mark(marker)
    ui.label(t('ledger.net', amount=format_rupiah(book.net))).classes('text-h6').mark('group-net')
    ui.label(t('ledger.share_rule')).classes('text-caption text-grey-7')
    for member in sorted(book.members, key=lambda m: m.name.lower()):
        with ui.row().classes('items-center no-wrap full-width').mark(f'share-{member.participant_id}'):
            ui.icon('person', color='primary')
            ui.label(member.name).classes('col text-body1')
            ui.label(f'{number(member.kg)} kg').classes('text-body2 text-grey-8')
            ui.label(format_rupiah(member.share)).classes('text-body1 text-weight-bold')


def _allowed(group_id: str) -> Account | None:
    group = runtime.store.get(Group, group_id)
    return auth.acting(lambda account: group is not None and may_see_group(account, group))


def _today(group: Group) -> dt.date:
    """Today where the group is: its programme's zone (WIB when it has none), not the server's UTC date."""
    programme = runtime.store.get(Programme, group.programme_id) if group.programme_id else None
    return auth.now().astimezone(programme.zone.tz if programme else Zone.WIB.tz).date()


def _harvest_dialog(group: Group, reload: Callable[[], None]) -> None:
    today = _today(group).isoformat()
    account = auth.current_account()
    members = {p.id: p.name for p in (runtime.store.get(Participant, i) for i in group.member_ids) if p}
    mine = account.participant_id if account and account.participant_id in members else None
    _entry_dialog(
        group, reload, 'ledger.add_harvest', Harvest, record_harvest,
        lambda: {
            'participant_id': ui.select(members, label=t('ledger.member'), value=mine).mark('harvest-member'),
            'kg': ui.input(t('ledger.kg')).props('inputmode=decimal').mark('harvest-kg'),
            'date': ui.input(t('days.date'), value=today).props('type=date stack-label').mark('harvest-date'),
            'plot': ui.input(t('ledger.plot')).mark('harvest-plot'),
        },
    )  # fmt: skip


def _sale_dialog(group: Group, reload: Callable[[], None]) -> None:
    today = _today(group).isoformat()
    _entry_dialog(
        group, reload, 'ledger.add_sale', GroupSale, record_group_sale,
        lambda: {
            'kg': ui.input(t('ledger.kg')).props('inputmode=decimal').mark('sale-kg'),
            'price_per_kg': MoneyInput(t('ledger.price_per_kg')).mark('sale-price'),
            'channel': ui.select(
                {c.value: t(f'channel.{c.value}') for c in Channel}, label=t('business.channel'),
                value=Channel.COLLECTOR.value,
            ),
            'buyer': ui.input(t('ledger.buyer')).mark('sale-buyer'),
            'date': ui.input(t('days.date'), value=today).props('type=date stack-label'),
        },
    )  # fmt: skip


def _cost_dialog(group: Group, reload: Callable[[], None]) -> None:
    today = _today(group).isoformat()
    _entry_dialog(
        group, reload, 'ledger.add_cost', GroupExpense, record_group_expense,
        lambda: {
            'category': ui.select(
                {c.value: t(f'expense.{c.value}') for c in ExpenseCategory}, label=t('business.category'),
                value=ExpenseCategory.TRANSPORT.value,
            ),
            'amount': MoneyInput(t('business.amount')).mark('cost-amount'),
            'note': ui.input(t('business.note')).mark('cost-note'),
            'date': ui.input(t('days.date'), value=today).props('type=date stack-label'),
        },
    )  # fmt: skip


Entry = TypeVar('Entry', Harvest, GroupSale, GroupExpense)


def _entry_dialog(
    group: Group,
    reload: Callable[[], None],
    title_key: str,
    model: type[Entry],
    record: Callable[[Store, Account, Entry], Awaitable[object]],
    make_fields: Callable[[], dict[str, Any]],
) -> None:
    """One entry of the group's book in a dialog, saved once under an id made when the dialog opened (a second
    tap on Save, or a retry after a dropped signal, finds it already there)."""
    client_id = new_id()
    with Sheet(t(title_key)) as dialog:
        fields = make_fields()
        for element in fields.values():
            element.props('outlined').classes('full-width')

        async def save() -> None:
            actor = _allowed(group.id)
            if actor is None:
                return
            entry = validate(model, fields, id=client_id, group_id=group.id)
            if entry is None:
                return
            if not await written(record(runtime.store, actor, entry)):
                return
            dialog.close()
            ui.notify(t('form.saved'), type='positive')
            reload()

        CancelSave(dialog, save, mark='save-ledger')
    dialog.open()


# ---- the coordinator's view of each trainee's months ------------------------------------------
