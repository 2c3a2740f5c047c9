"""One help-desk message (`/sekretariat/{id}/pesan/{message_id}`): who wrote it, her number and country, what she
asks; a one-tap WhatsApp answer (and a call), its status (baru → ditindaklanjuti → selesai), the staff's notes, and
for a coordinator its erasure for good at the sender's request.

Opening the page is written to the audit trail before anything of the message is built (`store.helpdesk.
open_message`); every handler checks again that she may still serve this secretariat. Her text is only ever
label text or a prop set by name: nothing of it is parsed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import Response
from nicegui import ui
from pydantic import ValidationError

from models.base import DomainError
from models.helpdesk import NOTE_MAX, HelpdeskMessage, MessageStatus, StaffNote, reference
from models.permissions import may_erase_helpdesk_message
from store.helpdesk import ZONE, MessageView, add_note, erase, open_message, set_status

from ..auth import acting, acting_for_secretariat, page_user, refusal, serving
from ..format import local_time, plain_date
from ..forms import notify_error, show_errors
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet, TapButton, title_bar
from .helpdesk_inbox import KIND_ICONS


async def message_page(secretariat_id: str, message_id: str) -> Response | None:
    store = await runtime.ready()
    account = page_user()
    if serving(secretariat_id) is None:
        return refusal('secretariat.not_yours')
    try:
        view = await open_message(store, secretariat_id, message_id, by=account.id)
    except DomainError:
        return refusal('secretariat.not_yours')
    with frame('helpdesk.message_title', active='/sekretariat'):
        inbox = f'/sekretariat/{secretariat_id}/pesan'
        if view is None:
            title_bar(inbox, t('helpdesk.message_title'))
            ui.label(t('error.helpdesk_gone')).classes('text-body1').mark('message-gone')
            return None
        title_bar(inbox, t('helpdesk.message_title'), f'{view.secretariat.name} · {reference(message_id)}')
        MessageCard(view.message)
        answer_buttons(view)
        StatusPicker(view)
        Notes(view)
        if may_erase_helpdesk_message(account):
            EraseButton(view)
    return None


def when(moment: dt.datetime) -> str:
    """`7 Desember 2026 09.12 WIB`."""
    return f'{plain_date(moment.astimezone(ZONE.tz).date())} {local_time(moment, ZONE)}'


class MessageCard(ui.card):
    def __init__(self, message: HelpdeskMessage) -> None:
        """What she sent: who she is (a worker abroad, a family), her name, number and country, when, her words."""
        super().__init__()
        self.classes('full-width').mark('message')
        with self:
            with ui.row().classes('items-center no-wrap'):
                ui.icon(KIND_ICONS[message.kind], size='32px', color='primary')
                ui.label(t(f'helpdesk.kind.{message.kind.value}')).classes('text-subtitle1 text-weight-medium')
            line('person', t('helpdesk.name'), message.name, 'sender-name')
            line('phone', t('helpdesk.phone'), message.phone, 'sender-phone')
            line('public', t('helpdesk.country'), message.country, 'sender-country')
            line('schedule', t('helpdesk.received'), when(message.received_at), 'received')
            ui.separator()
            ui.label(message.text).classes('text-body1').style('white-space:pre-wrap;overflow-wrap:anywhere').mark(
                'message-text'
            )


def line(icon: str, label: str, text: str, mark: str) -> None:
    """`label` over `text`, beside an icon."""
    with ui.row().classes('items-start no-wrap full-width'):
        ui.icon(icon, size='24px', color='grey-8')
        with ui.column().classes('col gap-0'):
            ui.label(label).classes('text-caption text-grey-8')
            ui.label(text).classes('text-body1').style('overflow-wrap:anywhere').mark(mark)


def answer_buttons(view: MessageView) -> None:
    """Answer her on WhatsApp with one tap (a greeting naming the secretariat and her message's number, to her
    number as she gave it, from abroad too), or call her."""
    message = view.message
    digits = message.answer_digits()
    greeting = t(
        'helpdesk.answer_text', name=message.name, secretariat=view.secretariat.name, ref=reference(message.id)
    )
    answer = TapButton(t('helpdesk.answer_wa'), 'chat', lambda: None, mark='answer-wa', colour='green-9')
    answer.classes('full-width').props['href'] = f'https://wa.me/{digits}?text={quote(greeting, safe="")}'
    answer.props['target'] = '_blank'
    call = TapButton(t('helpdesk.call'), 'call', lambda: None, mark='call', look='outline')
    call.classes('full-width').props['href'] = f'tel:+{digits}'


class StatusPicker:
    def __init__(self, view: MessageView) -> None:
        """Its status as three choices; a change is saved at once, with who and when under it."""
        self.message = view.message
        self.names = dict(view.names)
        ui.label(t('helpdesk.status_title')).classes('text-subtitle1 text-weight-medium q-mt-sm')
        options = {s.value: t(f'helpdesk.status.{s.value}') for s in MessageStatus}
        self.toggle = ui.toggle(options, value=self.message.status.value, on_change=self.changed)
        self.toggle.props('spread no-caps unelevated toggle-color=primary').classes('full-width').mark('status')
        self.by = ui.label().classes('text-body2 text-grey-8').mark('status-by')
        self.show_by()

    def show_by(self) -> None:
        message = self.message
        if message.status_by and message.status_at is not None:
            name = self.names.get(message.status_by, '')
            self.by.text = t('helpdesk.status_by', name=name, when=when(message.status_at))
        self.by.visible = bool(message.status_by)

    async def changed(self) -> None:
        wanted = MessageStatus(self.toggle.value)
        if wanted == self.message.status:
            return
        account = acting_for_secretariat(self.message.secretariat_id)  # says why when she no longer may
        if account is None:
            self.toggle.value = self.message.status.value  # back to what is saved
            return
        try:
            self.message = await set_status(runtime.store, self.message.id, wanted, by=account.id)
        except DomainError as error:
            notify_error(error)
            self.toggle.value = self.message.status.value
            return
        self.names[account.id] = account.name
        self.show_by()
        ui.notify(t('helpdesk.status_saved', status=t(f'helpdesk.status.{wanted.value}')), type='positive')


class Notes:
    def __init__(self, view: MessageView) -> None:
        """The staff's notes on it, oldest first, and a new one: what was done, whom was called."""
        self.message = view.message
        self.names = dict(view.names)
        ui.label(t('helpdesk.notes_title')).classes('text-subtitle1 text-weight-medium q-mt-sm')
        self.list = ui.column().classes('full-width gap-1').mark('notes')
        self.show()
        self.text = ui.textarea(t('helpdesk.note_new')).props('outlined autogrow').classes('full-width').mark('note')
        self.text.props['maxlength'] = NOTE_MAX
        TapButton(t('helpdesk.note_save'), 'edit_note', self.save, mark='save-note').classes('full-width')

    def show(self) -> None:
        self.list.clear()
        with self.list:
            if not self.message.notes:
                ui.label(t('helpdesk.no_notes')).classes('text-body2 text-grey-8')
            for note in self.message.notes:
                NoteCard(note, self.names.get(note.by, ''))

    async def save(self) -> None:
        account = acting_for_secretariat(self.message.secretariat_id)
        if account is None:
            return
        try:
            self.message = await add_note(runtime.store, self.message.id, self.text.value or '', by=account.id)
        except ValidationError as error:
            show_errors({'note': self.text}, {'note': note_problem(error)})
            return
        except DomainError as error:
            notify_error(error)
            return
        show_errors({'note': self.text}, {})
        self.names[account.id] = account.name
        self.text.value = ''
        self.show()
        ui.notify(t('helpdesk.note_saved'), type='positive')


def note_problem(error: ValidationError) -> str:
    """Why a note was refused: empty, too long, or holding HTML."""
    kind = error.errors()[0]['type']
    if kind == 'value_error':
        return t('helpdesk.error.no_markup')
    if kind in ('string_too_long', 'too_long'):
        return t('helpdesk.error.note_long', most=f'{NOTE_MAX:,}'.replace(',', '.'))
    return t('helpdesk.error.note_missing')


class NoteCard(ui.card):
    def __init__(self, note: StaffNote, name: str) -> None:
        """One note: who wrote it and when, and what it says."""
        super().__init__()
        self.classes('full-width q-pa-sm').props('flat bordered')
        with self:
            ui.label(f'{name} · {when(note.at)}').classes('text-caption text-grey-8')
            ui.label(note.text).classes('text-body2').style('white-space:pre-wrap;overflow-wrap:anywhere')


class EraseButton:
    def __init__(self, view: MessageView) -> None:
        """Erase the message for good at her request (a coordinator): asked once more, then gone from the store and
        its files; the trail keeps only that it was erased, by whom and when."""
        self.view = view
        with Sheet(t('helpdesk.erase_title')) as self.sheet:
            ui.label(t('helpdesk.erase_warning')).classes('text-body1')
            CancelSave(
                self.sheet, self.erase, mark='erase-confirm', label=t('helpdesk.erase'), icon='delete',
                colour='negative',
            )  # fmt: skip
        ui.label(t('helpdesk.erase_hint')).classes('text-body2 text-grey-8 q-mt-md')
        TapButton(
            t('helpdesk.erase'), 'delete', self.sheet.open, mark='erase', look='outline', colour='negative'
        ).classes('full-width')

    async def erase(self) -> None:
        account = acting(may_erase_helpdesk_message)
        if account is None:
            return
        try:
            await erase(runtime.store, self.view.message.id, by=account.id)
        except DomainError as error:
            notify_error(error)
            return
        self.sheet.close()
        ui.notify(t('helpdesk.erased'), type='positive')
        ui.navigate.to(f'/sekretariat/{self.view.secretariat.id}/pesan')
