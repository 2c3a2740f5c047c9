"""The coordinator's aid screen for a programme: its items, handing them over, recording a paper signature,
the receipts, and what is still to hand over.

Coordinators only: instructors do not hand over aid (the agency accounts for it), so they see none of this.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Role
from models.aid import AidItem, Handover, Recipient
from models.base import DomainError, new_id
from models.programme import Programme
from store.aid import (
    aid_totals,
    cancel_handover,
    delete_item,
    hand_over,
    handovers_of,
    items_of,
    recipient_name,
    record_paper_signature,
    save_item,
    still_to_hand,
)

from ..auth import current_account, guard
from ..format import format_rupiah, local_time, short_date
from ..forms import notify_error, validate, written
from ..frame import programme_page
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, MoneyInput, Sheet, TapButton
from .programmes import date_input

COORDINATOR = Role.COORDINATOR
STATUS_ICONS = {'hp': ('smartphone', 'positive'), 'kertas': ('draw', 'positive'), 'waiting': ('schedule', 'orange-9')}


async def page(programme_id: str) -> Response | None:
    with programme_page(programme_id, 'aid.title') as programme:
        if programme is not None:
            AidScreen(programme)
    return None


def _me() -> str:
    me = current_account()
    return me.id if me is not None else '-'


class AidScreen:
    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.summary = ui.column().classes('full-width')
        ui.label(t('aid.items')).classes('text-h6 q-mt-md')
        self.items = ui.column().classes('full-width q-gutter-y-sm').mark('aid-items')
        ui.button(t('aid.new_item'), icon='add', on_click=lambda: self.item_dialog(None)).props(
            'outline color=primary no-caps'
        ).classes('tap full-width').mark('new-aid-item')
        ui.label(t('aid.handovers')).classes('text-h6 q-mt-md')
        self.handovers = ui.column().classes('full-width q-gutter-y-sm').mark('aid-handovers')
        ui.label(t('aid.pending')).classes('text-h6 q-mt-md')
        self.pending = ui.column().classes('full-width q-gutter-y-sm').mark('aid-pending')
        self.build()

    def build(self) -> None:
        store = runtime.store
        items = items_of(store, self.programme.id)
        handovers = handovers_of(store, self.programme.id)
        self.show_summary()
        self.items.clear()
        with self.items:
            if not items:
                ui.label(t('aid.no_items')).classes('text-grey-7')
            for item in items:
                self.item_card(item, [h for h in handovers if h.item_id == item.id])
        self.handovers.clear()
        with self.handovers:
            if not handovers:
                ui.label(t('aid.no_handovers')).classes('text-grey-7')
            names = {i.id: i for i in items}
            for handover in reversed(handovers):
                self.handover_card(handover, names.get(handover.item_id))
        self.show_pending()

    def show_summary(self) -> None:
        totals = aid_totals(runtime.store, self.programme.id)
        self.summary.clear()
        with self.summary, ui.card().classes('full-width bg-teal-1').mark('aid-summary'):
            with ui.row().classes('items-center no-wrap'):
                ui.icon('volunteer_activism', size='32px', color='primary')
                with ui.column().classes('q-gutter-none'):
                    ui.label(
                        t('aid.summary_value', handed=format_rupiah(totals.handed_value),
                          planned=format_rupiah(totals.planned_value))
                    ).classes('text-subtitle1 text-weight-medium')  # fmt: skip
                    ui.label(
                        t('aid.summary_counts', handovers=totals.handovers, confirmed=totals.confirmed,
                          pending=totals.pending)
                    ).classes('text-body2')  # fmt: skip

    # ---- items -------------------------------------------------------------------------------------

    def item_card(self, item: AidItem, handovers: list[Handover]) -> None:
        handed = sum(h.quantity for h in handovers)
        with ui.card().classes('full-width q-pa-sm').mark(f'item-{item.id}'):
            with ui.row().classes('items-center no-wrap full-width'):
                ui.icon('inventory_2' if item.recipient == Recipient.TRAINEE else 'agriculture', size='28px',
                        color='primary')  # fmt: skip
                with ui.column().classes('col q-gutter-none'):
                    ui.label(item.name).classes('text-body1 text-weight-medium')
                    ui.label(
                        t('aid.item_line', quantity=item.quantity, unit=item.unit, value=format_rupiah(item.unit_value),
                          total=format_rupiah(item.total_value), recipient=t(f'aid.recipient.{item.recipient.value}'))
                    ).classes('text-body2 text-grey-8')  # fmt: skip
                    ui.label(t('aid.item_handed', handed=handed, quantity=item.quantity, unit=item.unit)).classes(
                        'text-body2 text-weight-medium'
                    ).mark(f'handed-{item.id}')
            with ui.row().classes('q-gutter-xs'):
                ui.button(t('aid.hand_over'), icon='redeem', on_click=lambda: self.hand_over_dialog(item)).props(
                    'unelevated color=primary no-caps dense'
                ).classes('tap').mark(f'hand-over-{item.id}')
                ui.button(t('aid.edit_item'), icon='edit', on_click=lambda: self.item_dialog(item)).props(
                    'flat color=primary no-caps dense'
                ).classes('tap').mark(f'edit-item-{item.id}')
                if handovers:  # the signed list of everyone it was handed to, for the SPJ
                    url = f'/export/aid-recipients/{item.id}.pdf'
                    ui.button(
                        t('aid.recipients_pdf'), icon='picture_as_pdf', on_click=lambda: ui.download.from_url(url)
                    ).props('flat color=primary no-caps dense').classes('tap').mark(f'recipients-{item.id}')
                if not handovers:
                    ui.button(t('form.delete'), icon='delete', on_click=lambda: self.remove_item(item)).props(
                        'flat color=negative no-caps dense'
                    ).classes('tap').mark(f'delete-item-{item.id}')

    def item_dialog(self, item: AidItem | None) -> None:
        draft = item or AidItem.model_construct(
            id=new_id(), programme_id=self.programme.id, name='', recipient=Recipient.TRAINEE,
            quantity=max(1, len(self.programme.participant_ids)), per_recipient=1, unit='paket', unit_value=0,
            description='',
        )  # fmt: skip
        with Sheet(t('aid.new_item') if item is None else t('aid.edit_item'), width=480) as dialog:
            fields: dict[str, Any] = {
                'name': ui.input(t('aid.item_name'), value=draft.name).mark('item-name'),
                'recipient': ui.select(
                    {r.value: t(f'aid.recipient.{r.value}') for r in Recipient},
                    label=t('aid.item_recipient'),
                    value=draft.recipient.value,
                ).mark('item-recipient'),  # fmt: skip
                'quantity': ui.number(t('aid.item_quantity'), value=draft.quantity, min=1, precision=0).mark(
                    'item-quantity'
                ),
                'per_recipient': ui.number(
                    t('aid.item_per_recipient'), value=draft.per_recipient, min=1, precision=0
                ).mark('item-per-recipient'),  # fmt: skip
                'unit': ui.input(t('aid.item_unit'), value=draft.unit).mark('item-unit'),
                'unit_value': MoneyInput(t('aid.item_unit_value'), draft.unit_value).mark('item-unit-value'),
                'description': ui.textarea(t('aid.item_description'), value=draft.description).mark('item-description'),
            }
            for element in fields.values():
                element.classes('full-width').props('outlined')

            @guard(COORDINATOR)
            async def save() -> None:
                edited = validate(AidItem, fields, id=draft.id, programme_id=self.programme.id)
                if edited is None:
                    return
                if not await written(save_item(runtime.store, edited, by=_me())):
                    return
                dialog.close()
                ui.notify(t('form.saved'), type='positive')
                self.build()

            CancelSave(dialog, save, mark='save-item')
        dialog.open()

    @guard(COORDINATOR)
    async def remove_item(self, item: AidItem) -> None:
        if not await written(delete_item(runtime.store, item.id, by=_me())):
            return
        self.build()

    # ---- handing over ------------------------------------------------------------------------------

    def hand_over_dialog(self, item: AidItem) -> None:
        pending = [p for p in still_to_hand(runtime.store, self.programme.id) if p.item.id == item.id]
        today = dt.datetime.now(self.programme.zone.tz).date()
        with Sheet(t('aid.hand_over_title', item=item.name), width=480) as dialog:
            if not pending:
                ui.label(t('aid.all_handed')).classes('text-body1')
                ui.button(t('form.cancel'), on_click=dialog.close).props('flat').classes('tap')
                dialog.open()
                return
            options = {p.recipient_id: ' · '.join(x for x in (p.name, p.village) if x) for p in pending}
            choice = (
                ui.select(options, multiple=True, label=t('aid.recipients'), with_input=True, value=[])
                .props('outlined use-chips')
                .classes('full-width')
                .mark('recipients')
            )
            ui.button(t('aid.choose_all'), icon='done_all', on_click=lambda: choice.set_value(list(options))).props(
                'flat dense no-caps color=primary'
            ).classes('tap').mark('choose-all')
            when = date_input(t('aid.handed_on'), today).props('outlined').classes('full-width').mark('handed-on')
            note = ui.input(t('aid.note')).props('outlined').classes('full-width').mark('handover-note')
            ui.label(t('aid.hand_over_hint')).classes('text-caption text-grey-7')

            @guard(COORDINATOR)
            async def save() -> None:
                try:
                    day = dt.date.fromisoformat(when.value or '')
                except ValueError:
                    when.props['error'] = True
                    when.props['error-message'] = t('form.bad_date')
                    when.update()
                    return
                try:
                    made = await hand_over(
                        runtime.store, item.id, recipients=list(choice.value or []), handed_on=day, by=_me(),
                        note=note.value or '',
                    )  # fmt: skip
                except DomainError as error:
                    notify_error(error)
                    return
                dialog.close()
                ui.notify(t('aid.handed_count', count=len(made)), type='positive')
                self.build()

            CancelSave(dialog, save, mark='save-handover', label=t('aid.hand_over'), icon='redeem')
        dialog.open()

    def handover_card(self, handover: Handover, item: AidItem | None) -> None:
        zone = self.programme.zone
        status = handover.confirmation.value if handover.confirmation else 'waiting'
        icon, colour = STATUS_ICONS[status]
        with ui.card().classes('full-width q-pa-sm').mark(f'handover-{handover.id}'):
            with ui.row().classes('items-center no-wrap full-width'):
                ui.icon(icon, color=colour, size='28px')
                with ui.column().classes('col q-gutter-none'):
                    ui.label(recipient_name(runtime.store, handover)).classes('text-body1 text-weight-medium')
                    ui.label(
                        f'{item.name if item else "?"} · {handover.quantity} {item.unit if item else ""} · '
                        f'{format_rupiah(handover.value)}'
                    ).classes('text-body2 text-grey-8')
                    ui.label(t('aid.handed_line', date=short_date(handover.handed_on))).classes('text-body2')
                    if handover.confirmed_at is not None:
                        when = f'{short_date(handover.confirmed_at.astimezone(zone.tz).date())} ' + local_time(
                            handover.confirmed_at, zone
                        )
                        ui.label(t(f'aid.status.{status}') + f' · {handover.receiver_name} · {when}').classes(
                            f'text-body2 text-weight-bold text-{colour}'
                        ).mark(f'status-{handover.id}')
                    else:
                        ui.label(t('aid.status.waiting')).classes(f'text-body2 text-weight-bold text-{colour}').mark(
                            f'status-{handover.id}'
                        )
            with ui.row().classes('q-gutter-xs'):
                url = f'/export/aid-receipt/{handover.id}.pdf'
                ui.button(t('aid.receipt'), icon='receipt_long', on_click=lambda: ui.download.from_url(url)).props(
                    'outline color=primary no-caps dense'
                ).classes('tap').mark(f'receipt-{handover.id}')
                if handover.group_id is not None:  # a group's item: the agency's berita acara serah terima
                    bast = f'/export/bast/{handover.id}.pdf'
                    TapButton(
                        t('aid.bast'), 'assignment', lambda: ui.download.from_url(bast), mark=f'bast-{handover.id}',
                        look='outline',
                    ).props('dense')  # fmt: skip
                if not handover.confirmed:
                    ui.button(t('aid.paper'), icon='draw', on_click=lambda: self.paper_dialog(handover)).props(
                        'flat color=primary no-caps dense'
                    ).classes('tap').mark(f'paper-{handover.id}')
                    ui.button(t('aid.cancel'), icon='undo', on_click=lambda: self.cancel_dialog(handover)).props(
                        'flat color=negative no-caps dense'
                    ).classes('tap').mark(f'cancel-{handover.id}')

    def paper_dialog(self, handover: Handover) -> None:
        default = recipient_name(runtime.store, handover) if handover.participant_id else ''
        with Sheet(t('aid.paper_title')) as dialog:
            ui.label(t('aid.paper_hint')).classes('text-body2 text-grey-8')
            signer = ui.input(t('aid.signer'), value=default).props('outlined').classes('full-width').mark('signer')

            @guard(COORDINATOR)
            async def save() -> None:
                signed = record_paper_signature(runtime.store, handover.id, by=_me(), receiver_name=signer.value or '')
                if not await written(signed, beside=signer):
                    return
                dialog.close()
                self.build()

            CancelSave(dialog, save, mark='save-paper')
        dialog.open()

    def cancel_dialog(self, handover: Handover) -> None:
        with Sheet(t('aid.cancel_title', name=recipient_name(runtime.store, handover))) as dialog:
            reason = ui.input(t('aid.cancel_reason')).props('outlined').classes('full-width').mark('cancel-reason')

            @guard(COORDINATOR)
            async def save() -> None:
                if not await written(
                    cancel_handover(runtime.store, handover.id, by=_me(), reason=reason.value or ''), beside=reason
                ):
                    return
                dialog.close()
                self.build()

            CancelSave(dialog, save, mark='confirm-cancel', label=t('aid.cancel'), icon='undo', colour='negative')
        dialog.open()

    def show_pending(self) -> None:
        pending = still_to_hand(runtime.store, self.programme.id)
        self.pending.clear()
        with self.pending:
            if not pending:
                ui.label(t('aid.nothing_pending')).classes('text-grey-7').mark('nothing-pending')
            by_item: dict[str, list[str]] = {}
            titles: dict[str, str] = {}
            for entry in pending:
                by_item.setdefault(entry.item.id, []).append(entry.name)
                titles[entry.item.id] = entry.item.name
            for item_id, names in by_item.items():
                with ui.card().classes('full-width q-pa-sm').mark(f'pending-{item_id}'):
                    ui.label(t('aid.pending_item', item=titles[item_id], count=len(names))).classes(
                        'text-body1 text-weight-medium'
                    )
                    ui.label(', '.join(names)).classes('text-body2 text-grey-8')
