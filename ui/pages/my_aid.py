"""The trainee's aid: what was handed to her (or to her group), and the "sudah diterima" button that confirms
it from her phone. Her receipt is a download away once it is there."""

from __future__ import annotations

from html import escape

from fastapi import Response
from nicegui import ui

from models.account import Role
from models.aid import AidItem, Handover
from models.participant import Group
from models.programme import Programme
from store.aid import confirm_received, her_handovers

from ..auth import current_account, page_user
from ..format import format_rupiah, local_time, short_date
from ..forms import written
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import PlainButton, TapButton, icon_html, title_bar

TRAINEE = Role.TRAINEE


async def page() -> Response | None:
    await runtime.ready()
    account = page_user()
    with frame('aid.mine', active='/'):
        title_bar('/', t('aid.mine'))
        MyAid(account.participant_id or '')
    return None


class MyAid:
    def __init__(self, participant_id: str) -> None:
        self.participant_id = participant_id
        self.area = ui.column().classes('full-width q-gutter-y-sm').mark('my-aid')
        self.build()

    def build(self) -> None:
        handovers = her_handovers(runtime.store, self.participant_id)
        self.area.clear()
        with self.area:
            if not handovers:
                ui.label(t('aid.none_for_me')).classes('text-grey-7')
            for handover in handovers:
                self.card(handover)

    def card(self, handover: Handover) -> None:
        store = runtime.store
        item = store.get(AidItem, handover.item_id)
        programme = store.get(Programme, handover.programme_id)
        group = store.get(Group, handover.group_id) if handover.group_id else None
        with ui.card().classes('full-width').mark(f'my-handover-{handover.id}'):
            with ui.row().classes('items-center no-wrap'):
                ui.icon('redeem', size='32px', color='primary')
                with ui.column().classes('q-gutter-none'):
                    ui.label(item.name if item else '?').classes('text-subtitle1 text-weight-medium')
                    if group is not None:
                        ui.label(t('aid.for_group', group=group.name)).classes('text-body2')
                    unit = item.unit if item else ''
                    ui.label(f'{handover.quantity} {unit} · {format_rupiah(handover.value)}').classes('text-body2')
                    handed = t('aid.handed_line', date=short_date(handover.handed_on))
                    ui.label(handed).classes('text-body2 text-grey-8')
            if handover.confirmed_at is not None and programme is not None:
                when = short_date(handover.confirmed_at.astimezone(programme.zone.tz).date())
                when += ' ' + local_time(handover.confirmed_at, programme.zone)
                with ui.row().classes('items-center no-wrap'):
                    ui.icon('check_circle', color='positive', size='28px')
                    ui.label(t('aid.received_on', when=when, name=handover.receiver_name)).classes(
                        'text-body1 text-weight-bold text-positive'
                    ).mark(f'received-{handover.id}')
            else:
                ui.label(t('aid.confirm_hint')).classes('text-body2')
                ui.button(t('aid.confirm'), icon='task_alt', on_click=lambda: self.confirm(handover)).props(
                    'unelevated color=positive size=lg no-caps'
                ).classes('tap full-width').mark(f'confirm-{handover.id}')
            url = f'/export/aid-receipt/{handover.id}.pdf'
            TapButton(
                t('aid.receipt'),
                'receipt_long',
                lambda: ui.download.from_url(url),
                mark=f'my-receipt-{handover.id}',
                look='flat',
            )

    async def confirm(self, handover: Handover) -> None:
        """Checked again here: she may have logged out, or the handover may not be hers."""
        account = current_account()
        if account is None or account.role != TRAINEE:
            ui.notify(t('auth.not_allowed'), type='negative')
            return
        if not await written(confirm_received(runtime.store, handover.id, account)):
            return
        ui.notify(t('aid.thanks'), type='positive')
        self.build()


def aid_notice(participant_id: str) -> None:
    """On her home page: a card when aid waits for her "sudah diterima", or the way to what she received."""
    handovers = her_handovers(runtime.store, participant_id)
    if not handovers:
        return
    waiting = sum(1 for h in handovers if not h.confirmed)
    if waiting:
        with ui.card().classes('full-width bg-orange-1').mark('aid-waiting'):
            ui.html(  # one element for the icon and its line
                f'<div class="row items-center no-wrap">{icon_html("redeem", "orange-10", 32)}<span class="q-ml-md '
                f'text-subtitle1 text-weight-medium">{escape(t("aid.waiting", count=waiting))}</span></div>',
                sanitize=False,
            )
            PlainButton(
                t('aid.open_mine'), 'task_alt', lambda: ui.navigate.to('/aid'), mark='open-my-aid', colour='positive',
                more={'size': 'lg'},
            ).classes('full-width')  # fmt: skip
    else:
        to_aid = lambda: ui.navigate.to('/aid')  # noqa: E731
        PlainButton(t('aid.mine'), 'redeem', to_aid, mark='open-my-aid', look='outline').classes('full-width')
