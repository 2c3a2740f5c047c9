"""A secretariat's help-desk inbox (`/sekretariat/{id}/pesan`): the messages from its public page, newest first,
filtered by status. For its staff and the coordinators only (checked here, as in every handler).

The list names who writes (a worker abroad or her family), from which country, when, and where the message
stands, never her name, number or text: those show when a message is opened, and every opening is written to the
audit trail (`helpdesk_message.py`)."""

from __future__ import annotations

from fastapi import Response
from nicegui import ui

from models.helpdesk import MessageStatus, SenderKind, reference
from models.permissions import may_set_up_secretariats
from store.helpdesk import ZONE, Inbox, InboxRow, inbox, new_count

from ..auth import page_user, refusal, serving
from ..format import local_time, short_date
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import LinkCard, TapButton, title_bar

KIND_ICONS = {SenderKind.WORKER: 'flight', SenderKind.FAMILY: 'family_restroom'}
STATUS_LOOKS = {  # each status's icon and colour (AA contrast on white)
    MessageStatus.NEW: ('mark_email_unread', 'red-9'),
    MessageStatus.FOLLOWED_UP: ('pending_actions', 'blue-9'),
    MessageStatus.DONE: ('task_alt', 'green-9'),
}


async def inbox_page(secretariat_id: str, status: str = '') -> Response | None:
    store = await runtime.ready()
    account = page_user()
    secretariat = serving(secretariat_id)
    if secretariat is None:
        return refusal('secretariat.not_yours')
    chosen = MessageStatus(status) if status in set(MessageStatus) else None
    view = inbox(store, secretariat, chosen)
    back = f'/sekretariat/{secretariat.id}/atur' if may_set_up_secretariats(account) else '/'
    with frame('helpdesk.inbox_title', active='/sekretariat'):
        title_bar(back, t('helpdesk.inbox_title'), secretariat.name)
        ui.label(t('helpdesk.inbox_hint')).classes('text-body2 text-grey-8')
        StatusFilter(view)
        if not view.rows:
            ui.label(t('helpdesk.inbox_empty')).classes('text-body1 text-grey-8').mark('inbox-empty')
        for row in view.rows:
            MessageCard(secretariat.id, row)
        ui.link(t('helpdesk.public_page'), f'/sekretariat/{secretariat.slug}', new_tab=True).classes(
            'tap text-body1 q-mt-sm'
        ).mark('public-page')
    return None


class StatusFilter(ui.row):
    def __init__(self, view: Inbox) -> None:
        """All, new, followed up, done: each with its count; the one shown is filled."""
        super().__init__()
        self.classes('full-width q-gutter-xs')
        path = f'/sekretariat/{view.secretariat.id}/pesan'
        choices: list[tuple[MessageStatus | None, str]] = [(None, t('helpdesk.all', count=sum(view.counts.values())))]
        choices += [(s, t('helpdesk.status_count', status=t(f'helpdesk.status.{s.value}'), count=view.counts[s]))
                    for s in MessageStatus]  # fmt: skip
        with self:
            for status, label in choices:
                target = f'{path}?status={status.value}' if status else path
                TapButton(
                    label, 'filter_list' if status is None else STATUS_LOOKS[status][0],
                    lambda target=target: ui.navigate.to(target), mark=f'filter-{status or "all"}',
                    look='unelevated' if status == view.status else 'outline',
                )  # fmt: skip


class MessageCard(LinkCard):
    def __init__(self, secretariat_id: str, row: InboxRow) -> None:
        """A message in the list: who writes and from where, when it came, its status, its notes; a tap opens it."""
        super().__init__(f'/sekretariat/{secretariat_id}/pesan/{row.id}', mark=f'message-{row.id}')
        icon, colour = STATUS_LOOKS[row.status]
        with self:
            ui.icon(KIND_ICONS[SenderKind(row.kind)], size='28px', color='primary')
            with ui.column().classes('col gap-0'):
                who = t(f'helpdesk.kind_short.{row.kind}')
                ui.label(f'{who} · {row.country}').classes('text-body1 text-weight-medium')
                moment = row.received_at
                when = f'{short_date(moment.astimezone(ZONE.tz).date())} {local_time(moment, ZONE)}'
                ui.label(f'{reference(row.id)} · {when}').classes('text-body2 text-grey-8')
                with ui.row().classes('items-center no-wrap gap-1'):
                    ui.icon(icon, size='20px', color=colour)
                    ui.label(t(f'helpdesk.status.{row.status.value}')).classes(f'text-body2 text-{colour}')
                    if row.notes:
                        ui.label(t('helpdesk.notes_count', count=row.notes)).classes('text-body2 text-grey-8')
            ui.icon('chevron_right', color='grey-7')


def inbox_button(secretariat_id: str, *, look: str = 'unelevated') -> TapButton:
    """The way into a secretariat's inbox, full width, saying how many messages are new (its staff's home, its
    settings)."""
    count = new_count(runtime.store, secretariat_id)
    label = t('helpdesk.open_inbox_new', count=count) if count else t('helpdesk.open_inbox')
    path = f'/sekretariat/{secretariat_id}/pesan'
    button = TapButton(label, 'mail', lambda: ui.navigate.to(path), mark=f'open-inbox-{secretariat_id}', look=look)
    return button.classes('full-width')
