"""The secretariat on its staff's home page: what a secretariat is for, and each of hers as it stands (where it is,
its public address, how to reach it, whom it reaches, who serves it), with the way to its settings."""

from __future__ import annotations

from nicegui import ui

from store.secretariats import SecretariatView

from ..i18n import t
from ..widgets import TapButton
from .helpdesk_inbox import inbox_button
from .register_frame import RegisterLinks
from .secretariat_settings import public_address


def secretariat_start(views: list[SecretariatView], *, staff_role: bool) -> None:
    """Her secretariats; for a *petugas sekretariat* (`staff_role`) what a secretariat does, and where to turn
    while she is on none."""
    ui.label(t('secretariat.yours')).classes('text-h6 q-mt-sm')
    if staff_role:
        ui.label(t('secretariat.what')).classes('text-body2 text-grey-8')
        if not views:
            ui.label(t('secretariat.not_assigned')).classes('text-body1').mark('no-secretariat')
    for view in views:
        SecretariatStart(view)


class SecretariatStart(ui.card):
    def __init__(self, view: SecretariatView) -> None:
        """One secretariat as its staff start the day with it."""
        super().__init__()
        secretariat = view.secretariat
        self.classes('full-width').mark(f'my-secretariat-{secretariat.slug}')
        with self:
            with ui.row().classes('items-center no-wrap'):
                ui.icon('home_work', size='32px', color='primary')
                ui.label(secretariat.name).classes('text-subtitle1 text-weight-bold')
            ui.label(secretariat.place()).classes('text-body2 text-grey-8')
            if not secretariat.active:
                ui.label(t('secretariat.inactive')).classes('text-body2 text-negative')
            public_address(secretariat.slug)
            self.line('chat', t('secretariat.field.wa_number'), secretariat.wa_number)
            self.line('schedule', t('secretariat.field.hours'), secretariat.hours)
            reached = [*view.groups.values(), *view.programmes.values()]
            self.line('diversity_3', t('secretariat.reaches'), ', '.join(reached), mark='reaches')
            ui.label(t('secretariat.reached', count=view.reached)).classes('text-body2')
            self.line('badge', t('secretariat.staff_names'), ', '.join(p.name for p in view.staff))
            board = f'/sekretariat/{secretariat.id}/papan'
            TapButton(t('notices.open_board'), 'campaign', lambda: ui.navigate.to(board),
                      mark=f'open-board-{secretariat.slug}').classes('full-width')  # fmt: skip
            inbox_button(secretariat.id)  # the help desk's messages, how many are new
            TapButton(  # its market prices
                t('prices.title'), 'price_change', lambda: ui.navigate.to(f'/harga?sekretariat={secretariat.id}'),
                mark=f'open-prices-{secretariat.slug}',
            ).classes('full-width')  # fmt: skip
            RegisterLinks(secretariat)  # its register, family contacts, cases, checklists and summary
            TapButton(
                t('secretariat.settings'), 'settings',
                lambda: ui.navigate.to(f'/sekretariat/{secretariat.id}/atur'),
                mark=f'open-secretariat-{secretariat.slug}', look='outline',
            ).classes('full-width')  # fmt: skip

    def line(self, icon: str, label: str, text: str, *, mark: str = '') -> None:
        """`label: text` beside an icon; `belum diisi` while a setting is empty."""
        with ui.row().classes('items-start no-wrap full-width'):
            ui.icon(icon, size='24px', color='grey-7')
            with ui.column().classes('col gap-0'):
                ui.label(label).classes('text-caption text-grey-8')
                shown = ui.label(text or t('secretariat.not_set')).classes('text-body2')
                if not text:
                    shown.classes('text-grey-7')
                if mark:
                    shown.mark(mark)
