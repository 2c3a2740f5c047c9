"""Who still owes her (`/usaha/piutang`): each unpaid sale, a payment, and a WhatsApp reminder."""

from __future__ import annotations

from fastapi import Response
from nicegui import ui

from models.account import Role
from models.base import DomainError
from models.business import Product
from models.permissions import is_trainee
from store.periods import zone_of
from store.sales import pay, unpaid
from store.whatsapp import wa_reminder

from ..auth import acting, page_user
from ..format import format_rupiah, short_date
from ..forms import show_errors
from ..frame import frame
from ..i18n import current_lang, t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet, TapButton, back_button

TRAINEE = Role.TRAINEE


async def unpaid_page() -> Response | None:
    store = await runtime.ready()
    account = page_user()
    participant_id = account.participant_id or ''
    tz = zone_of(store, participant_id)
    with frame('business.owed_title', active='/usaha'):
        back_button('/usaha')
        ui.label(t('business.owed_title')).classes('text-h5 text-weight-bold')

        @ui.refreshable
        def listing() -> None:
            owed = unpaid(runtime.store, participant_id)
            ui.label(
                t('business.owed_total', amount=format_rupiah(sum(o.owed for o in owed)), count=len(owed))
            ).classes('text-h6').mark('owed-total')
            if not owed:
                ui.label(t('business.nobody_owes')).classes('text-body1 text-grey-8')
            for item in owed:
                sale = item.sale
                product = runtime.store.get(Product, sale.product_id)
                with ui.card().classes('full-width q-pa-sm').mark(f'owed-{sale.id}'):
                    ui.label(sale.buyer or '?').classes('text-body1 text-weight-bold')
                    ui.label(
                        t(
                            'business.owed_line',
                            amount=format_rupiah(item.owed),
                            product=product.name if product else '?',
                            since=short_date(item.since.astimezone(tz).date()),
                        )
                    ).classes('text-body2')
                    with ui.row().classes('q-gutter-sm'):
                        TapButton(
                            t('business.mark_paid'),
                            'paid',
                            lambda s=sale, o=item.owed: pay_dialog(s.id, o),
                            mark=f'pay-{sale.id}',
                        )
                        link = wa_reminder(
                            sale, item.owed, current_lang(), product=product.name if product else '', tz=tz
                        )
                        if link:
                            ui.button(
                                t('business.remind'),
                                icon='chat',
                                on_click=lambda url=link: ui.navigate.to(url, new_tab=True),
                            ).props('outline color=green-8 no-caps').classes('tap').mark(f'remind-{sale.id}')

        def pay_dialog(sale_id: str, owed: int) -> None:
            with Sheet(t('business.pay_title', amount=format_rupiah(owed)), width=400) as dialog:
                amount = (
                    ui.number(t('business.amount'), value=owed, min=1, max=owed, step=1000, format='%.0f', prefix='Rp')
                    .props('outlined inputmode=numeric')
                    .classes('full-width')
                    .mark('pay-amount')
                )

                async def save() -> None:
                    if acting(is_trainee) is None:
                        return
                    value = amount.value
                    if value is None or value != int(value) or not 0 < value <= owed:
                        show_errors({'amount': amount}, {'amount': t('business.pay_range', amount=format_rupiah(owed))})
                        return
                    try:
                        await pay(runtime.store, participant_id, sale_id, int(value))
                    except DomainError as error:
                        show_errors({'amount': amount}, {'amount': t(f'error.{error.key}')})
                        return
                    dialog.close()
                    ui.notify(t('business.paid_saved'), type='positive')
                    listing.refresh()

                CancelSave(dialog, save, mark='save-pay')
            dialog.open()

        listing()
    return None
