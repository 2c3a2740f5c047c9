"""A secretariat's notice board (`/sekretariat/{id}/papan`), for its staff and the coordinators: post a notice (an
announcement, a business opportunity, a training, credit and grants) with an optional photo, change it, take it
down or put it up again; see who said "Saya tertarik" on each (name, phone, group), and what has ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import Response
from nicegui import events, ui
from pydantic import ValidationError

from models.base import DomainError, new_id
from models.business import Photo
from models.notices import Notice, NoticeForm, NoticeKind
from models.permissions import may_set_up_secretariats
from models.secretariat import Secretariat
from store import images
from store.notices import Board, BoardNotice, Interested, board, edit_notice, keep_notice_photo, post_notice, take_down

from .. import auth
from ..auth import acting_for_secretariat, page_user, refusal, serving
from ..format import short_date
from ..forms import field_errors, notify_error, show_errors, values
from ..frame import frame
from ..i18n import current_lang, error_text, t
from ..runtime import runtime
from ..whatsapp import wa_link
from ..widgets import CancelSave, IconButton, MoneyInput, Sheet, TapButton, named, title_bar
from .notices import NoticeBody, ShareButton

FIRST_DAYS = 14  # a new notice's last day, as the form offers it
ENDS_REFUSALS = frozenset({'notice_ends_past', 'notice_ends_far'})


async def board_page(secretariat_id: str) -> Response | None:
    await runtime.ready()
    account = page_user()
    secretariat = serving(secretariat_id)
    if secretariat is None:
        return refusal('secretariat.not_yours')
    with frame('notices.board', active='/sekretariat'):
        back = '/sekretariat' if may_set_up_secretariats(account) else '/'
        title_bar(back, t('notices.board'), secretariat.name)
        NoticeBoard(secretariat)
    return None


class NoticeBoard(ui.column):
    def __init__(self, secretariat: Secretariat) -> None:
        """The board as it stands: the way to post, the notices on it, those ended; built again after each change."""
        super().__init__()
        self.secretariat = secretariat
        self.classes('full-width gap-3')
        self.show()

    def show(self) -> None:
        view = board(runtime.store, self.secretariat, auth.now())
        self.clear()
        with self:
            ui.label(t('notices.reaches', count=view.reached)).classes('text-body2 text-grey-8').mark('board-reaches')
            TapButton(t('notices.new'), 'campaign', lambda: self.open_form(view, None), mark='new-notice').classes(
                'full-width'
            ).props('size=lg')
            ui.label(t('notices.on_board', count=len(view.current))).classes('text-h6')
            if not view.current:
                ui.label(t('notices.board_empty')).classes('text-body1 text-grey-8').mark('board-empty')
            for item in view.current:
                BoardCard(item, self, view)
            if view.ended:
                ended = ui.expansion(t('notices.ended', count=len(view.ended)), icon='event_busy')
                with ended.classes('full-width').mark('ended-notices'):
                    for item in view.ended:
                        BoardCard(item, self, view)

    def open_form(self, view: Board, notice: Notice | None) -> None:
        NoticeSheet(view, notice, self.show).open()

    async def take_down(self, notice: Notice, *, back: bool = False) -> None:
        account = acting_for_secretariat(self.secretariat.id)
        if account is None:
            return
        try:
            await take_down(runtime.store, notice.id, by=account.id, now=auth.now(), back=back)
        except DomainError as error:
            notify_error(error)
            return
        ui.notify(t('notices.put_back_done' if back else 'notices.taken_down'), type='positive')
        self.show()


class BoardCard(ui.card):
    def __init__(self, item: BoardNotice, board_: NoticeBoard, view: Board) -> None:
        """A notice as its staff see it: whole, who posted it, who is interested, and what they can do with it."""
        super().__init__()
        notice = item.notice
        current = notice.current(auth.now())
        self.classes('full-width').mark(f'board-notice-{notice.id}')
        with self:
            NoticeBody(notice, photo='thumb')
            posted = t('notices.posted', name=item.posted_by or '–', date=short_date(_local_day(notice, view)))
            ui.label(posted).classes('text-caption text-grey-8')
            if notice.taken_down_at is not None:
                ui.label(t('notices.is_taken_down')).classes('text-body2 text-negative').mark(f'down-{notice.id}')
            elif not current:
                ui.label(t('notices.has_ended')).classes('text-body2 text-grey-8')
            if notice.asks_interest():
                InterestList(notice.id, item.interested)
            with ui.row().classes('full-width q-gutter-sm'):
                if current:
                    TapButton(t('notices.change'), 'edit', lambda: board_.open_form(view, notice), look='outline',
                              mark=f'edit-{notice.id}')  # fmt: skip
                    down = lambda: board_.take_down(notice)  # noqa: E731
                    TapButton(t('notices.take_down'), 'unpublished', down, look='flat', colour='negative',
                              mark=f'take-down-{notice.id}')  # fmt: skip
                    ShareButton(notice, view.secretariat.name)
                elif notice.taken_down_at is not None and auth.now() < notice.ends_at():
                    up = lambda: board_.take_down(notice, back=True)  # noqa: E731
                    TapButton(t('notices.put_back'), 'undo', up, look='outline', mark=f'put-back-{notice.id}')


def _local_day(notice: Notice, view: Board) -> dt.date:
    return notice.posted_at.astimezone(view.zone.tz).date()


class InterestList(ui.expansion):
    def __init__(self, notice_id: str, people: tuple[Interested, ...]) -> None:
        """Who said "Saya tertarik": name, group and phone, each with a WhatsApp link, newest first."""
        super().__init__(t('notices.interested_count', count=len(people)), icon='thumb_up', value=bool(people))
        self.classes('full-width').mark(f'interested-{notice_id}')
        with self:
            if not people:
                ui.label(t('notices.nobody_interested')).classes('text-body2 text-grey-8')
            for person in people:
                mark = f'interested-{notice_id}-{person.participant_id}'
                with ui.row().classes('items-center no-wrap full-width').mark(mark):
                    with ui.column().classes('col gap-0'):
                        ui.label(person.name).classes('text-body1 text-weight-medium')
                        details = ' · '.join(part for part in (person.group, person.phone) if part)
                        ui.label(details).classes('text-body2 text-grey-8')
                    link = wa_link(person.phone) if person.phone else None
                    if link:
                        chat = IconButton('chat', t('notices.chat', name=person.name), lambda: None, colour='green-8')
                        chat.props['href'] = link
                        chat.props['target'] = '_blank'


class NoticeSheet(Sheet):
    def __init__(self, view: Board, notice: Notice | None, on_saved: Callable[[], None]) -> None:
        """The form of a new notice, or of `notice` to change: kind, title, text, the rupiah it is about (not on an
        announcement), whom to contact, its last day, a photo. A new one is saved under an id kept for this form:
        a second tap posts no second notice."""
        super().__init__(t('notices.new' if notice is None else 'notices.edit'))
        self.view, self.notice, self.on_saved = view, notice, on_saved
        self.notice_id = notice.id if notice is not None else new_id()
        self.photo: Photo | None = notice.photo if notice is not None else None
        secretariat = view.secretariat
        contact = notice.contact if notice else _default_contact(secretariat)
        ends = notice.ends_on if notice else view.today + dt.timedelta(days=FIRST_DAYS)
        with self:
            kinds = {k.value: t(f'notices.kind.{k.value}') for k in NoticeKind}
            kind = notice.kind.value if notice else NoticeKind.OPPORTUNITY.value
            self.fields: dict[str, Any] = {
                'kind': ui.radio(kinds, value=kind, on_change=self.kind_changed).props('inline').mark('notice-kind'),
                'title': ui.input(t('notices.field.title'), value=notice.title if notice else ''),
                'text': ui.textarea(t('notices.field.text'), value=notice.text if notice else '').props('autogrow'),
                'amount': MoneyInput(t('notices.amount.peluang_usaha'), notice.amount if notice else None),
                'contact': ui.input(t('notices.field.contact'), value=contact),
                'ends_on': ui.input(t('notices.field.ends_on'), value=ends.isoformat()).props('type=date stack-label'),
            }
            for name, element in self.fields.items():
                if name != 'kind':
                    element.props('outlined').classes('full-width').mark(f'notice-{name.replace("_", "-")}')
            self.fields['contact'].props['hint'] = t('notices.hint.contact')
            self.fields['ends_on'].props['hint'] = t('notices.hint.ends_on')
            self.pictures = ui.row().classes('full-width items-center q-gutter-sm')
            # accept="image/*": Android offers the camera and the gallery both; over 10 MB refused on the phone
            self.upload = ui.upload(
                label=t('notices.add_photo'), auto_upload=True, max_files=1, on_upload=self.received,
                max_file_size=images.MAX_BYTES, on_rejected=self.too_large,
            )  # fmt: skip
            self.upload.props('accept=image/* flat bordered color=primary').classes('full-width').mark('notice-photo')
            CancelSave(self, self.save, mark='save-notice', icon='campaign',
                       label=t('notices.post' if notice is None else 'form.save'))  # fmt: skip
        self.kind_changed()
        self.show_photo()

    def kind_changed(self) -> None:
        """The amount's label says what it is for this kind; an announcement has none."""
        kind = self.fields['kind'].value
        amount = self.fields['amount']
        amount.set_visibility(kind != NoticeKind.ANNOUNCEMENT.value)
        amount.props['label'] = t(f'notices.amount.{kind}')
        amount.props['hint'] = t('notices.hint.amount')
        amount.update()

    def too_large(self) -> None:
        notify_error(DomainError('image_too_large', max_mb=images.MAX_BYTES // (1024 * 1024)))

    def show_photo(self) -> None:
        self.pictures.clear()
        with self.pictures:
            if self.photo is None:
                ui.label(t('notices.no_photo')).classes('text-body2 text-grey-7')
                return
            picture = ui.image(f'/media/{self.photo.thumb}').classes('rounded-borders').style('width:96px;height:96px')
            named(picture, t('notices.photo'))
            TapButton(t('notices.remove_photo'), 'delete', self.remove_photo, look='flat', colour='negative',
                      mark='notice-remove-photo')  # fmt: skip
        self.upload.set_visibility(False)

    def remove_photo(self) -> None:
        self.photo = None
        self.upload.set_visibility(True)
        self.show_photo()

    async def received(self, event: events.UploadEventArguments) -> None:
        self.upload.reset()
        if acting_for_secretariat(self.view.secretariat.id) is None:
            return
        try:
            self.photo = await keep_notice_photo(runtime.store, await event.file.read())
        except DomainError as error:
            notify_error(error)
            return
        ui.notify(t('notices.photo_added'), type='positive')
        self.show_photo()

    def read(self) -> NoticeForm | None:
        """The notice as typed, or None after showing each refusal beside its field."""
        data = {k: v for k, v in values(self.fields).items() if v is not None}
        if data.get('kind') == NoticeKind.ANNOUNCEMENT.value:
            data.pop('amount', None)
        try:
            form = NoticeForm.model_validate(data | {'photo': self.photo})
        except ValidationError as error:
            show_errors(self.fields, field_errors(error))
            return None
        show_errors(self.fields, {})
        return form

    async def save(self) -> None:
        account = acting_for_secretariat(self.view.secretariat.id)
        form = self.read() if account else None
        if account is None or form is None:
            return
        try:
            if self.notice is None:
                await post_notice(runtime.store, self.view.secretariat.id, form, notice_id=self.notice_id,
                                  by=account.id, now=auth.now())  # fmt: skip
            else:
                await edit_notice(runtime.store, self.notice.id, form, by=account.id, now=auth.now())
        except DomainError as error:
            if error.key in ENDS_REFUSALS:
                show_errors(self.fields, {'ends_on': error_text(error, current_lang())})
            else:
                notify_error(error)
            return
        self.close()
        ui.notify(t('notices.posted_done' if self.notice is None else 'form.saved'), type='positive')
        self.on_saved()


def _default_contact(secretariat: Secretariat) -> str:
    """Whom a notice names to contact unless she writes otherwise: the secretariat and its WhatsApp number."""
    return f'{secretariat.name}, WA {secretariat.wa_number}' if secretariat.wa_number else secretariat.name
