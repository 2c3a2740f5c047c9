"""Her notices (`/pengumuman`): what the village secretariats that reach her have on their boards, newest first and
each whole, with what was new to her marked (opening the page marks them seen); on an opportunity, a training or
credit "Saya tertarik", which she can take back; on each "Bagikan ke WhatsApp". Her home shows the newest few
(`notices_section`). `NoticeBody` draws a notice the same way here and on the staff's board (`notice_board.py`).
"""

from __future__ import annotations

from fastapi import Response
from nicegui import ui

from models.base import DomainError
from models.money import format_rupiah
from models.notices import Notice, NoticeKind
from models.permissions import is_trainee
from store.notices import MemberNotice, mark_seen, notices_for, set_interest

from .. import auth
from ..auth import acting, page_user
from ..format import long_date
from ..forms import notify_error
from ..frame import frame
from ..i18n import current_lang, t
from ..runtime import runtime
from ..whatsapp import notice_text, share_link
from ..widgets import TapButton, title_bar

HOME_NOTICES = 3  # the newest on her home; the rest one tap away
KIND_ICONS = {
    NoticeKind.ANNOUNCEMENT: 'campaign', NoticeKind.OPPORTUNITY: 'handshake', NoticeKind.TRAINING: 'school',
    NoticeKind.CAPITAL: 'savings',
}  # fmt: skip
KIND_COLOURS = {
    NoticeKind.ANNOUNCEMENT: 'blue-8', NoticeKind.OPPORTUNITY: 'green-8', NoticeKind.TRAINING: 'purple-7',
    NoticeKind.CAPITAL: 'orange-9',
}  # fmt: skip


async def notices_page() -> Response | None:
    store = await runtime.ready()
    account = page_user()
    assert account.participant_id is not None  # the route table lets in trainees with a participant record
    now = auth.now()
    items = notices_for(store, account.participant_id, now)
    with frame('notices.title'):
        title_bar('/', t('notices.title'), t('notices.from_secretariat'))
        if not items:
            ui.label(t('notices.none')).classes('text-body1 text-grey-8').mark('no-notices')
        for item in items:
            MemberNoticeCard(item, account.participant_id, whole=True)
    await mark_seen(store, account.participant_id, items, now=now)
    return None


def notices_section(participant_id: str) -> None:
    """On her home: the newest notices of the boards that reach her, what is new marked, and the way to all of them;
    nothing while there are none."""
    items = notices_for(runtime.store, participant_id, auth.now())
    if not items:
        return
    new = sum(1 for item in items if item.unread)
    with ui.row().classes('items-center no-wrap q-mt-sm full-width'):
        ui.icon('campaign', size='28px', color='primary')
        ui.label(t('notices.title')).classes('text-h6 col')
        if new:
            ui.badge(t('notices.new_count', count=new), color='negative').classes('text-body2 q-px-sm').mark(
                'notices-new'
            )
    for item in items[:HOME_NOTICES]:
        MemberNoticeCard(item, participant_id, whole=False)
    TapButton(
        t('notices.see_all', count=len(items)), 'campaign', lambda: ui.navigate.to('/pengumuman'), look='outline',
        mark='open-notices',
    ).classes('full-width')  # fmt: skip


class NoticeBody:
    def __init__(self, notice: Notice, *, whole: bool = True, unread: bool = False, photo: str = 'full') -> None:
        """A notice as people read it, into the card being built: its kind (and `Baru` while `unread`), its title,
        and when `whole` its photo (`photo`: `full` or `thumb`), its text, the rupiah it is about and whom to
        contact; its last day always."""
        kind = notice.kind
        with ui.row().classes('items-center no-wrap full-width q-gutter-x-sm'):
            ui.icon(KIND_ICONS[kind], size='28px', color=KIND_COLOURS[kind])
            kind_label = ui.label(t(f'notices.kind.{kind.value}')).classes('text-body2 text-weight-medium col')
            kind_label.classes(f'text-{KIND_COLOURS[kind]}')
            if unread:
                badge = ui.badge(t('notices.unread'), color='negative').classes('text-body2 q-px-sm')
                badge.mark(f'unread-{notice.id}')
        ui.label(notice.title).classes('text-subtitle1 text-weight-bold').style('overflow-wrap:anywhere')
        if whole:
            if notice.photo is not None:
                name = notice.photo.full if photo == 'full' else notice.photo.thumb
                image = ui.image(f'/media/{name}').classes('full-width rounded-borders')
                image.props['alt'] = notice.title
                image.props['ratio'] = notice.photo.width / notice.photo.height if notice.photo.height else 4 / 3
            ui.label(notice.text).classes('text-body1').style('white-space:pre-line;overflow-wrap:anywhere')
            if notice.amount is not None:
                amount = t(f'notices.amount.{kind.value}') + f': {format_rupiah(notice.amount)}'
                line('payments', amount, mark=f'amount-{notice.id}')
            line('call', t('notices.contact_line', contact=notice.contact))
        line('event', t('notices.ends_line', date=long_date(notice.ends_on)), mark=f'ends-{notice.id}')


def line(icon: str, text: str, *, mark: str = '') -> None:
    """One line of a notice beside its icon."""
    with ui.row().classes('items-start no-wrap full-width q-gutter-x-sm'):
        ui.icon(icon, size='22px', color='grey-7')
        shown = ui.label(text).classes('text-body2 col').style('overflow-wrap:anywhere')
        if mark:
            shown.mark(mark)


class ShareButton(TapButton):
    def __init__(self, notice: Notice, secretariat: str) -> None:
        """The "Bagikan ke WhatsApp" button: a real link (`href`) to WhatsApp with the notice written in her
        language, so it opens on a tap even while the page's socket reconnects."""
        super().__init__(t('notices.share'), 'share', lambda: None, look='flat', colour='green-8',
                         mark=f'share-{notice.id}')  # fmt: skip
        self.props['href'] = share_link(notice_text(notice, secretariat, current_lang()))
        self.props['target'] = '_blank'


class MemberNoticeCard(ui.card):
    def __init__(self, item: MemberNotice, participant_id: str, *, whole: bool) -> None:
        """A notice on her home (`whole` False: kind, title, last day, the way to read it whole) or on her list of
        notices (whole, with the way to pass it on), with her "Saya tertarik" where the notice asks it."""
        super().__init__()
        notice = item.notice
        self.classes('full-width').mark(f'notice-{notice.id}')
        with self:
            NoticeBody(notice, whole=whole, unread=item.unread)
            if whole:
                ui.label(t('notices.from', name=item.secretariat)).classes('text-caption text-grey-8')
            if notice.asks_interest():
                InterestButton(notice.id, participant_id, item.interested)
            if whole:
                ShareButton(notice, item.secretariat)
            else:
                read = lambda: ui.navigate.to('/pengumuman')  # noqa: E731
                TapButton(t('notices.read'), 'article', read, look='flat', mark=f'read-{notice.id}')


class InterestButton(ui.column):
    def __init__(self, notice_id: str, participant_id: str, interested: bool) -> None:
        """Her "Saya tertarik", or, once said, that she is and how to take it back; who will see it, under it."""
        super().__init__()
        self.notice_id, self.participant_id, self.interested = notice_id, participant_id, interested
        self.classes('full-width gap-1')
        with self:
            self.button = TapButton('', 'thumb_up', self.toggle, mark=f'interest-{notice_id}').classes('full-width')
            self.hint = ui.label().classes('text-caption text-grey-8')
        self.show()

    def show(self) -> None:
        self.button.set_text(t('notices.interested' if self.interested else 'notices.interest'))
        self.button.props['icon'] = 'check_circle' if self.interested else 'thumb_up'
        self.button.props['outline'] = self.interested
        self.button.props['unelevated'] = not self.interested
        self.button.props['color'] = 'positive' if self.interested else 'primary'
        self.button.update()
        self.hint.set_text(t('notices.interested_hint' if self.interested else 'notices.interest_hint'))

    async def toggle(self) -> None:
        if acting(is_trainee) is None:
            return
        wanted = not self.interested
        try:
            await set_interest(runtime.store, self.notice_id, self.participant_id, wanted, now=auth.now())
        except DomainError as error:
            notify_error(error)
            return
        self.interested = wanted
        self.show()
        ui.notify(t('notices.interest_saved' if wanted else 'notices.interest_taken_back'), type='positive')
