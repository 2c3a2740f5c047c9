"""Who still owes her (`/usaha/piutang`): each unpaid sale, a payment, and a WhatsApp reminder."""

from __future__ import annotations

import datetime as dt

from nicegui import ui

from models.base import DomainError
from models.business import Product
from models.permissions import is_trainee
from store.periods import zone_of
from store.sales import Owed, pay, unpaid

from ..auth import acting
from ..format import format_rupiah, short_date
from ..forms import show_errors
from ..frame import business_page
from ..i18n import current_lang, t
from ..runtime import runtime
from ..whatsapp import wa_reminder
from ..widgets import CancelSave, MoneyInput, Sheet, TapButton


async def unpaid_page() -> None:
    with business_page('business.owed_title') as participant_id:
        UnpaidScreen(participant_id)


class UnpaidScreen:
    def __init__(self, participant_id: str) -> None:
        self.participant_id = participant_id
        self.tz: dt.tzinfo = zone_of(runtime.store, participant_id)
        self.listing()

    @ui.refreshable_method
    def listing(self) -> None:
        owed = unpaid(runtime.store, self.participant_id)
        total = t('business.owed_total', amount=format_rupiah(sum(o.owed for o in owed)), count=len(owed))
        ui.label(total).classes('text-h6').mark('owed-total')
        if not owed:
            ui.label(t('business.nobody_owes')).classes('text-body1 text-grey-8')
        for item in owed:
            self.owed_card(item)

    def owed_card(self, item: Owed) -> None:
        sale = item.sale
        product = runtime.store.get(Product, sale.product_id)
        with ui.card().classes('full-width q-pa-sm').mark(f'owed-{sale.id}'):
            ui.label(sale.buyer or '?').classes('text-body1 text-weight-bold')
            line = t(
                'business.owed_line',
                amount=format_rupiah(item.owed), product=product.name if product else '?',
                since=short_date(item.since.astimezone(self.tz).date()),
            )  # fmt: skip
            ui.label(line).classes('text-body2')
            with ui.row().classes('q-gutter-sm'):
                pay_now = lambda: self.pay_dialog(sale.id, item.owed)  # noqa: E731
                TapButton(t('business.mark_paid'), 'paid', pay_now, mark=f'pay-{sale.id}')
                link = wa_reminder(sale, item.owed, current_lang(), product=product.name if product else '', tz=self.tz)
                if link:
                    remind = lambda: ui.navigate.to(link, new_tab=True)  # noqa: E731
                    TapButton(
                        t('business.remind'), 'chat', remind, mark=f'remind-{sale.id}', look='outline', colour='green-8'
                    )

    def pay_dialog(self, sale_id: str, owed: int) -> None:
        with Sheet(t('business.pay_title', amount=format_rupiah(owed)), width=400) as sheet:
            amount = MoneyInput(t('business.amount'), owed, lowest=1, highest=owed)
            amount.props('outlined').classes('full-width').mark('pay-amount')
            CancelSave(sheet, lambda: self.pay(sheet, amount, sale_id, owed), mark='save-pay')
        sheet.open()

    async def pay(self, sheet: Sheet, amount: MoneyInput, sale_id: str, owed: int) -> None:
        if acting(is_trainee) is None:
            return
        value = amount.value
        if value is None or value != int(value) or not 0 < value <= owed:
            show_errors({'amount': amount}, {'amount': t('business.pay_range', amount=format_rupiah(owed))})
            return
        try:
            await pay(runtime.store, self.participant_id, sale_id, int(value))
        except DomainError as error:
            show_errors({'amount': amount}, {'amount': t(f'error.{error.key}')})
            return
        sheet.close()
        ui.notify(t('business.paid_saved'), type='positive')
        self.listing.refresh()
