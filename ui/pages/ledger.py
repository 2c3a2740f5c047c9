"""A KWT's group book (`/kelompok/{id}`): members' harvests, the group's sales and costs, each member's share, and
the entries newest first, which whoever wrote one down (or the group's chair) corrects or takes back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, TypeVar

from fastapi import Response
from nicegui import ui

from models.account import Account
from models.base import new_id
from models.business import Channel, ExpenseCategory, GroupExpense, GroupSale, Harvest
from models.participant import Group, Participant
from models.permissions import may_correct_group_entry, may_keep_group_book
from models.programme import Programme, Zone
from store import Store
from store.group_ledger import (
    BookEntry,
    BookRecord,
    GroupLedger,
    correct_group_entry,
    group_ledger,
    record_group_expense,
    record_group_sale,
    record_harvest,
    take_back_group_entry,
)

from .. import auth
from ..auth import page_user, refusal
from ..format import format_rupiah, number, short_date
from ..forms import validate, written
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, IconButton, MoneyInput, Sheet, TapButton, back_button
from .business import show_undo
from .price_cards import group_prices, with_price_guide


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
            book = group_ledger(runtime.store, group_id, start, today + dt.timedelta(days=1))
            body.clear()
            with body:
                _book(book)
            listed.clear()
            with listed:
                _entries(book, group, undo_area, show)

        span.on_value_change(show)
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
        group_prices(group, today)  # today's chili prices and the group's sale prices against them, when linked
        ui.label(t('ledger.entries_title')).classes('text-h6 q-mt-sm')
        undo_area = ui.column().classes('full-width')
        listed = ui.column().classes('full-width').style('gap:8px').mark('ledger-entries')
        show()
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


ENTRY_ICONS: dict[type, str] = {Harvest: 'agriculture', GroupSale: 'sell', GroupExpense: 'payments'}
SHOWN = 50  # entries listed: the newest; a shorter span shows older ones


def _entries(book: GroupLedger, group: Group, undo_area: ui.column, reload: Callable[[], None]) -> None:
    """The span's entries, newest first, each with who wrote it down; the pencil and the bin on those she may
    correct: her own, or any, for the group's chair."""
    account = auth.current_account()
    programme = runtime.store.get(Programme, group.programme_id) if group.programme_id else None
    if not book.entries:
        ui.label(t('ledger.no_entries')).classes('text-body2 text-grey-8')
    for entry in book.entries[:SHOWN]:
        record = entry.record
        with ui.card().classes('full-width q-pa-sm').mark(f'entry-{record.id}'):
            with ui.row().classes('items-center no-wrap full-width'):
                ui.icon(ENTRY_ICONS[type(record)], color='primary', size='28px')
                headline, detail = _entry_lines(entry)
                with ui.column().classes('col').style('gap:0'):
                    ui.label(headline).classes('text-body1 text-weight-bold')
                    ui.label(detail).classes('text-body2')
                    when = short_date(record.date)
                    ui.label(t('ledger.entry_by', date=when, name=entry.by) if entry.by else when).classes(
                        'text-caption text-grey-8'
                    )
                if account and may_correct_group_entry(account, group, programme, record.recorded_by):
                    IconButton(
                        'edit', t('ledger.correct'), lambda r=record: _correct_dialog(group, r, undo_area, reload),
                        mark=f'correct-{record.id}',
                    )  # fmt: skip
                    IconButton(
                        'delete', t('ledger.take_back'), lambda r=record: _take_back(group, r, undo_area, reload),
                        mark=f'take-back-{record.id}', colour='negative',
                    )  # fmt: skip
    if len(book.entries) > SHOWN:
        ui.label(t('ledger.entries_more', count=len(book.entries) - SHOWN)).classes('text-caption text-grey-8')


def _entry_lines(entry: BookEntry) -> tuple[str, str]:
    """What it is and how much (`Jual Rp 842.800`), and its details (`19,6 kg × Rp 43.000 · Pasar Palas`)."""
    record = entry.record
    if isinstance(record, Harvest):
        return f'{t("ledger.kind_harvest")} {number(record.kg)} kg', _joined(entry.member, record.plot)
    if isinstance(record, GroupSale):
        detail = _joined(f'{number(record.kg)} kg × {format_rupiah(record.price_per_kg)}', record.buyer)
        return f'{t("ledger.kind_sale")} {format_rupiah(record.total)}', detail
    return (
        f'{t("ledger.kind_cost")} {format_rupiah(record.amount)}',
        _joined(t(f'expense.{record.category.value}'), record.note),
    )


def _joined(*parts: str) -> str:
    return ' · '.join(part for part in parts if part)


def _correction_rule(group_id: str, record: BookRecord) -> Callable[[Account], bool]:
    """May she correct `record` now: the group as it is then (its chair may have changed since the page opened)."""

    def may(account: Account) -> bool:
        group = runtime.store.get(Group, group_id)
        if group is None:
            return False
        programme = runtime.store.get(Programme, group.programme_id) if group.programme_id else None
        return may_correct_group_entry(account, group, programme, record.recorded_by)

    return may


def _correct_dialog(group: Group, record: BookRecord, undo_area: ui.column, reload: Callable[[], None]) -> None:
    """Her correction of the quantity, money, date or note; Batalkan on the bar after it puts the entry back."""
    with Sheet(t('ledger.correct_title')) as dialog:
        fields = _correct_fields(record)
        for element in fields.values():
            element.props('outlined').classes('full-width')

        async def save() -> None:
            actor = auth.acting(_correction_rule(group.id, record))
            if actor is None:
                return
            corrected = validate(type(record), fields, **record.model_dump(exclude=set(fields)))
            if corrected is None or not await written(correct_group_entry(runtime.store, actor, corrected, auth.now())):
                return
            dialog.close()
            reload()

            async def put_back() -> None:
                await correct_group_entry(runtime.store, actor, record, auth.now())
                reload()

            show_undo(undo_area, t('ledger.corrected'), put_back, rule=_correction_rule(group.id, record))

        CancelSave(dialog, save, mark='save-correction')
    dialog.open()


def _correct_fields(record: BookRecord) -> dict[str, Any]:
    """The fields a correction may change (`store.group_ledger.CORRECTABLE`), filled with the entry."""
    fields: dict[str, Any] = {}
    if isinstance(record, Harvest | GroupSale):
        fields['kg'] = ui.input(t('ledger.kg'), value=_typed_kg(record.kg)).props('inputmode=decimal').mark('fix-kg')
    if isinstance(record, GroupSale):
        fields['price_per_kg'] = MoneyInput(t('ledger.price_per_kg'), record.price_per_kg).mark('fix-price')
    if isinstance(record, GroupExpense):
        fields['amount'] = MoneyInput(t('business.amount'), record.amount).mark('fix-amount')
    fields['date'] = ui.input(t('days.date'), value=record.date.isoformat()).props('type=date stack-label')
    fields['date'].mark('fix-date')
    if isinstance(record, Harvest):
        fields['plot'] = ui.input(t('ledger.plot'), value=record.plot).mark('fix-note')
    elif isinstance(record, GroupSale):
        fields['buyer'] = ui.input(t('ledger.buyer'), value=record.buyer).mark('fix-note')
    else:
        fields['note'] = ui.input(t('business.note'), value=record.note).mark('fix-note')
    return fields


def _typed_kg(kg: Decimal) -> str:
    """Kilos as she would type them: `12,5` (no thousands dot, which the field would read as a decimal one)."""
    return format(kg.normalize(), 'f').replace('.', ',')


async def _take_back(group: Group, record: BookRecord, undo_area: ui.column, reload: Callable[[], None]) -> None:
    """Out of the book at once; Batalkan on the bar puts it back."""
    actor = auth.acting(_correction_rule(group.id, record))
    if actor is None:
        return
    model = type(record)
    if not await written(take_back_group_entry(runtime.store, actor, model, record.id, auth.now())):
        return
    reload()

    async def put_back() -> None:
        await take_back_group_entry(runtime.store, actor, model, record.id, auth.now(), back=False)
        reload()

    show_undo(undo_area, t('ledger.taken_back'), put_back, rule=_correction_rule(group.id, record))


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
            'price_per_kg': with_price_guide(MoneyInput(t('ledger.price_per_kg')).mark('sale-price'), group),
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
