"""A secretariat's price list, kept by its staff (`/sekretariat/{id}/harga`): the reference prices of the public
panels typed in or imported from a CSV or XLSX file (the panels have no open interface), the commodities, and the
prices written down lately, any of which a wrong one is taken back from."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response
from nicegui import events, ui

from models.account import Account
from models.base import DomainError, new_id
from models.market_prices import CommodityForm, PriceUnit
from models.permissions import may_keep_price_list
from models.programme import ProgrammeKind
from models.secretariat import Secretariat
from store.market_price_import import COLUMNS, PricePlan, apply_prices, plan_prices, read_price_rows
from store.market_prices import add_commodity, commodities, recent_prices, take_back_price

from .. import auth
from ..auth import refusal, serving
from ..format import format_rupiah, short_date, unit_name
from ..forms import notify_error, validate, written
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import IconButton, TapButton, title_bar
from .price_cards import commodity_name, today_wib
from .prices import PriceSheet

TEMPLATE = (
    'tanggal;komoditas;harga;tempat;jenis\r\n'
    '2026-12-07;cabai-merah-keriting;45000;PIHPS Kab. Lampung Selatan;acuan\r\n'
    '2026-12-07;cabai-rawit-merah;52000;Panel Harga Prov. Lampung;acuan\r\n'
)


async def page(secretariat_id: str) -> Response | None:
    await runtime.ready()
    secretariat = serving(secretariat_id)
    if secretariat is None:
        return refusal('secretariat.not_yours')
    with frame('prices.manage', active='/sekretariat'):
        title_bar(f'/harga?sekretariat={secretariat.id}', t('prices.manage'), secretariat.name)
        ui.label(t('prices.panels_note')).classes('text-body2').mark('panels-note')
        TapButton(
            t('prices.type_reference'), 'edit_note',
            lambda: PriceSheet(secretariat, commodities(runtime.store)[0], on_saved=recent.show),
            mark='type-reference',
        ).classes('full-width')  # fmt: skip
        importer = PriceImport(secretariat)
        CommodityList(secretariat)
        recent = RecentPrices(secretariat)
        importer.on_saved = recent.show
    return None


def _keeps(secretariat_id: str) -> Account | None:
    """The account behind a handler, still on its staff (or a coordinator) now."""
    secretariat = runtime.store.get(Secretariat, secretariat_id)
    return auth.acting(lambda account: secretariat is not None and may_keep_price_list(account, secretariat))


class PriceImport(ui.column):
    def __init__(self, secretariat: Secretariat) -> None:
        """Upload → each row checked (refused rows with their reasons, unusual ones marked) → save the good rows
        once. The plan is checked again as it is saved, and a file saved before adds nothing."""
        super().__init__()
        self.secretariat = secretariat
        self.on_saved: Callable[[], None] = lambda: None  # the page's list of recent prices, shown again
        self.plan: PricePlan | None = None
        self.import_id = new_id()
        self.classes('full-width gap-1')
        with self:
            ui.label(t('prices.import_title')).classes('text-h6 q-mt-sm')
            ui.label(t('prices.import_columns', columns=', '.join(COLUMNS))).classes('text-body2 text-grey-8')
            TapButton(
                t('prices.template'), 'download',
                lambda: ui.download.content(TEMPLATE.encode('utf-8'), 'harga-acuan.csv', 'text/csv'),
                mark='price-template', look='outline',
            ).classes('full-width')  # fmt: skip
            self.upload = (
                ui.upload(label=t('prices.choose_file'), auto_upload=True, on_upload=self.received, max_files=1)
                .props('accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"')
                .classes('full-width')
                .mark('price-upload')
            )
            self.report = ui.column().classes('full-width gap-1').mark('price-report')

    async def received(self, event: events.UploadEventArguments) -> None:
        if _keeps(self.secretariat.id) is None:
            return
        self.upload.reset()
        data = await event.file.read()
        self.report.clear()
        try:
            rows = read_price_rows(data, event.file.name)
        except DomainError as error:
            self.plan = None
            notify_error(error)
            return
        self.plan = plan_prices(runtime.store, self.secretariat.id, rows, today_wib(), event.file.name)
        self.import_id = new_id()
        self._show(self.plan, event.file.name)

    def _show(self, plan: PricePlan, filename: str) -> None:
        with self.report:
            ui.label(t('prices.checked', file=filename)).classes('text-subtitle1 text-weight-bold')
            ui.label(t('prices.will_save', count=len(plan.good))).classes('text-body1').mark('count-good')
            unusual = [p for p in plan.good if p.unusual]
            if unusual:
                rows = ', '.join(str(p.row) for p in unusual)
                ui.label(t('prices.import_unusual', rows=rows)).classes('text-body2 text-orange-9').mark('unusual')
            ui.label(t('prices.refused', count=len(plan.bad))).classes('text-body1').mark('count-bad')
            for refused in plan.bad:
                with ui.card().classes('full-width q-pa-sm bg-red-1').mark(f'refused-{refused.row}'):
                    ui.label(t('prices.row', row=refused.row)).classes('text-weight-medium')
                    if refused.text:
                        ui.label(refused.text).classes('text-body2 text-grey-8').style('overflow-wrap:anywhere')
                    for reason in refused.reasons:
                        ui.label(t(f'prices.reason.{reason}')).classes('text-body2')
            if plan.good:
                TapButton(t('prices.save_import', count=len(plan.good)), 'save', self.save, mark='save-import')

    async def save(self) -> None:
        actor = _keeps(self.secretariat.id)
        if actor is None or self.plan is None:
            return
        plan, self.plan = self.plan, None  # a second tap while saving must not import twice
        try:
            result = await apply_prices(runtime.store, actor, plan, import_id=self.import_id, now=auth.now())
        except DomainError as error:
            notify_error(error)
            return
        self.report.clear()
        with self.report:
            text = t('prices.imported', saved=result.saved, already=result.already)
            ui.label(text).classes('text-body1 text-positive').mark('import-done')
        self.on_saved()


class CommodityList(ui.column):
    def __init__(self, secretariat: Secretariat) -> None:
        """The commodities prices are kept for, and a new one's form (its key, name, unit and whose it is)."""
        super().__init__()
        self.secretariat = secretariat
        self.commodity_id = new_id()
        self.classes('full-width gap-1')
        with self:
            ui.label(t('prices.commodities_title')).classes('text-h6 q-mt-sm')
            self.listed = ui.column().classes('full-width gap-0').mark('commodities')
            ui.label(t('prices.add_commodity')).classes('text-subtitle1 q-mt-xs')
            units = {u.value: unit_name(u.value) for u in PriceUnit}
            whose = {k.value: t(f'prices.for.{k.value}') for k in ProgrammeKind}
            self.fields = {
                'name': ui.input(t('prices.commodity_name')).mark('commodity-name'),
                'key': ui.input(t('prices.commodity_key')).props('autocapitalize=none').mark('commodity-key'),
                'unit': ui.select(units, value=PriceUnit.KG.value, label=t('prices.unit')).mark('commodity-unit'),
                'for_kind': ui.select(whose, value=ProgrammeKind.OTHER.value, label=t('prices.whose')),
            }
            for element in self.fields.values():
                element.props('outlined').classes('full-width')
            TapButton(t('prices.add_commodity'), 'add', self.add, mark='add-commodity').classes('full-width')
        self.show()

    def show(self) -> None:
        self.listed.clear()
        with self.listed:
            for commodity in commodities(runtime.store):
                line = f'{commodity_name(commodity)} · {unit_name(commodity.unit.value)} · {commodity.key}'
                ui.label(line).classes('text-body2')

    async def add(self) -> None:
        actor = _keeps(self.secretariat.id)
        form = validate(CommodityForm, self.fields) if actor else None
        if actor is None or form is None:
            return
        write = add_commodity(
            runtime.store, actor, self.secretariat.id, form, commodity_id=self.commodity_id, now=auth.now()
        )
        if not await written(write, beside=self.fields['key']):
            return
        self.commodity_id = new_id()
        for name in ('name', 'key'):
            self.fields[name].value = ''
        ui.notify(t('prices.commodity_added'), type='positive')
        self.show()


class RecentPrices(ui.column):
    def __init__(self, secretariat: Secretariat) -> None:
        """The prices written down lately, newest first, who wrote each; a bin takes a wrong one back."""
        super().__init__()
        self.secretariat = secretariat
        self.classes('full-width gap-1')
        with self:
            ui.label(t('prices.recent_title')).classes('text-h6 q-mt-sm')
            self.listed = ui.column().classes('full-width gap-1').mark('recent-prices')
        self.show()

    def show(self) -> None:
        names = {c.key: commodity_name(c) for c in commodities(runtime.store)}
        self.listed.clear()
        with self.listed:
            for written_price in recent_prices(runtime.store, self.secretariat.id, today_wib()):
                price = written_price.price
                with ui.row().classes('items-center no-wrap full-width').mark(f'recent-{price.id}'):
                    with ui.column().classes('col gap-0'):
                        headline = f'{names.get(price.commodity, price.commodity)} · {format_rupiah(price.price)}'
                        ui.label(headline).classes('text-body1 text-weight-medium')
                        where = price.place or t(f'prices.kind.{price.kind.value}')
                        detail = f'{t(f"prices.kind.{price.kind.value}")} · {where} · {short_date(price.date)}'
                        ui.label(detail).classes('text-body2')
                        if written_price.by:
                            ui.label(t('prices.by', name=written_price.by)).classes('text-caption text-grey-8')
                    IconButton(
                        'delete', t('prices.take_back'), lambda p=price.id: self.take_back(p),
                        mark=f'take-back-{price.id}', colour='negative',
                    )  # fmt: skip

    async def take_back(self, price_id: str) -> None:
        actor = _keeps(self.secretariat.id)
        if actor is None:
            return
        if await written(take_back_price(runtime.store, actor, price_id, auth.now())):
            ui.notify(t('prices.taken_back'), type='info')
            self.show()
