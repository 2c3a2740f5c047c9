"""The instructor's day screen: the rotating check-in QR, a live "12 / 15 hadir", the roster with marks by
hand, the card scanner, and closing the day. Coordinators see the same screen for any programme."""

from __future__ import annotations

import datetime as dt

from fastapi import Response
from nicegui import background_tasks, events, ui

from models.account import Account
from models.attendance import (
    CARD_CODE_DIGITS,
    PRESENT,
    Attendance,
    Method,
    Status,
    attendance_id,
    clean_digits,
    code_path,
    short_code,
    slot_of,
    spaced,
)
from models.base import DomainError
from models.participant import Participant
from models.permissions import may_run_day
from models.programme import Day, Programme
from store.attendance import (
    card_by_code,
    card_holder,
    check_in,
    close_day,
    mark,
    present_count,
    reissue_card,
    reopen_day,
    roster,
)

from .. import auth
from ..auth import page_user, refusal
from ..checkin import secret
from ..format import local_time, long_date
from ..forms import notify_error, show_errors, written
from ..frame import frame
from ..i18n import t
from ..qr import svg
from ..runtime import runtime
from ..widgets import CancelSave, Sheet, TapButton, documents_row, title_bar

STATUS_COLOURS = {
    Status.HADIR: 'positive',
    Status.TERLAMBAT: 'deep-orange-10',  # as a word too: orange-9 on white is 3.1:1, under AA's 4.5
    Status.IZIN: 'blue-8',
    Status.SAKIT: 'purple-7',
    Status.ALPA: 'negative',
}
STATUS_ICONS = {
    Status.HADIR: 'check_circle',
    Status.TERLAMBAT: 'schedule',
    Status.IZIN: 'mail',
    Status.SAKIT: 'sick',
    Status.ALPA: 'cancel',
}
QUICK_REASONS = ('day.reason.no_phone', 'day.reason.phone_broken', 'day.reason.family', 'day.reason.doctor')
CSS = """
.qr-box{background:#fff;border-radius:12px;margin:0 auto;width:100%;max-width:min(420px,calc(100vh - 450px))}
.short-code{font-family:monospace;font-size:40px;font-weight:800;letter-spacing:4px;line-height:1.1;color:#111827;text-align:center;width:100%}
.counter{font-size:32px;font-weight:800;line-height:1.1}
.projector .counter{font-size:min(72px,11vw);text-align:center}
.projector-body{display:flex;flex-wrap:wrap;gap:16px 48px;align-items:center;justify-content:center;width:100%}
.projector .qr-box{width:min(68vh,92vw);max-width:none}
.projector .short-code{font-size:min(96px,12vw)}
"""


async def page(day_id: str) -> Response | None:
    """The day screen of a programme she runs, else a refusal that names no programme."""
    account, day = page_user(), runtime.store.get(Day, day_id)
    programme = runtime.store.get(Programme, day.programme_id) if day else None
    if day is not None and programme is not None and may_run_day(account, programme):
        DayScreen(account, day, programme)
        return None
    return refusal('day.not_yours')


class DayScreen:
    def __init__(self, account: Account, day: Day, programme: Programme) -> None:
        self.day_id = day.id
        self.programme_id = programme.id
        self.slot = -1
        self.seen = (-1, -1)  # (attendance records of the day, present) when the roster was last built
        ui.add_css(CSS)
        ui.add_head_html('<script src="/assets/js/scanner.js" defer></script>')
        with frame('day.title', active='/'):
            # compact above the code, so the QR and the count are whole in the first screenful of a phone
            when = f'{long_date(day.date)} · {day.starts_at:%H.%M} {programme.zone.value}'
            title_bar('/', t('day.heading', number=day.number, title=day.title), f'{programme.name} · {when}')
            self.counter = ui.label().classes('counter text-primary self-center').mark('counter')
            self.code_area = ui.column().classes('full-width items-center gap-1')
            with ui.row().classes('full-width q-gutter-sm no-wrap'):
                TapButton(t('day.scan_card'), 'qr_code_scanner', self.open_scanner, mark='scan-card', grow=True)
                TapButton(
                    t('day.projector'), 'fullscreen', self.open_projector, mark='projector', look='outline', grow=True
                )
            ui.button(
                t('grid.open'), icon='grading', on_click=lambda: ui.navigate.to(f'/grid/{programme.id}?day={day.id}')
            ).props('outline color=primary no-caps').classes('tap full-width').mark('open-grid')
            self.roster_area = ui.column().classes('full-width q-gutter-y-sm').mark('roster')
            ui.label(t('day.documents')).classes('text-h6 q-mt-md')
            documents_row(day, programme)
            self.closing_area = ui.column().classes('full-width')
        self.build()
        ui.on('berdaya_card', self.card_scanned)
        ui.timer(1.0, self.tick)

    # ---- state -------------------------------------------------------------------------------------

    def current(self) -> tuple[Day, Programme]:
        day = runtime.store.get(Day, self.day_id)
        programme = runtime.store.get(Programme, self.programme_id)
        assert day is not None and programme is not None
        return day, programme

    def build(self) -> None:
        day, programme = self.current()
        self.slot = -1
        self.show_code(day)
        self.show_roster(day, programme)
        self.show_closing(day)

    def tick(self) -> None:
        day, programme = self.current()
        if not day.closed and slot_of(auth.now()) != self.slot:
            self.show_code(day)
        records = len(runtime.store.ids(Attendance, 'day', self.day_id))
        if (records, present_count(runtime.store, self.day_id)) != self.seen:
            self.show_roster(day, programme)

    # ---- the code ----------------------------------------------------------------------------------

    def short_code(self) -> str:
        """The same slot's six digits, for a trainee whose camera cannot read the QR."""
        return short_code(secret(), self.day_id, self.slot)

    def code_url(self) -> str:
        base = str(ui.context.client.request.base_url).rstrip('/') if ui.context.client.request else ''
        return base + code_path(secret(), self.day_id, self.slot)

    def show_code(self, day: Day) -> None:
        self.code_area.clear()
        with self.code_area:
            if day.closed:
                with ui.card().classes('full-width bg-grey-2'):
                    ui.label(t('day.closed')).classes('text-h6').mark('day-closed')
                return
            self.slot = slot_of(auth.now())
            url = self.code_url()
            ui.html(svg(url), sanitize=False).classes('qr-box').mark('qr')
            ui.label(spaced(self.short_code())).classes('short-code').mark('short-code')
            ui.label(t('day.code_changes')).classes('text-caption text-grey-7 text-center')

    # ---- the roster --------------------------------------------------------------------------------

    def show_roster(self, day: Day, programme: Programme) -> None:
        rows = roster(runtime.store, day, programme)
        present = sum(1 for _, record in rows if record is not None and record.status in PRESENT)
        self.seen = (sum(1 for _, record in rows if record is not None), present)
        self.counter.set_text(t('day.counter', present=present, total=len(rows)))
        self.roster_area.clear()
        with self.roster_area:
            ui.label(t('day.roster')).classes('text-h6 q-mt-md')
            for person, record in rows:
                self.roster_row(person, record, programme)

    def roster_row(self, person: Participant, record: Attendance | None, programme: Programme) -> None:
        """Her name and mark (a tap opens the dialog for any mark), and while she is not present yet a Hadir
        button beside it: the instructor sees her in the hall without her phone, one tap."""
        status = record.status if record else None
        with ui.card().classes('full-width q-pa-sm'), ui.row().classes('items-center no-wrap full-width'):
            with (
                ui.row()
                .classes('col items-center no-wrap cursor-pointer')
                .on('click', lambda: self.open_mark(person))
                .mark(f'row-{person.id}')
            ):
                icon, colour = (
                    (STATUS_ICONS[status], STATUS_COLOURS[status]) if status else ('radio_button_unchecked', 'grey-7')
                )
                ui.icon(icon, color=colour, size='28px')
                with ui.column().classes('col').style('gap:0'):  # name first and wide: it wraps least
                    ui.label(person.name).classes('text-body1 text-weight-medium')
                    with ui.row().classes('items-baseline no-wrap q-gutter-x-sm'):
                        word = t(f'status.{status.value}') if status else t('status.none')
                        ui.label(word).classes(f'text-body2 text-weight-bold text-{colour}').mark(f'status-{person.id}')
                        if record is not None and status in PRESENT:
                            ui.label(local_time(record.at, programme.zone)).classes('text-body2')
                    how = f' · {self.how(record)}' if record is not None else ''
                    ui.label(person.village + how).classes('text-caption text-grey-8')
            if status not in PRESENT:
                ui.button(t('status.hadir'), icon='how_to_reg', on_click=lambda: self.mark_seen(person)).props(
                    'unelevated dense no-caps color=positive'
                ).classes('tap').mark(f'seen-{person.id}')

    def how(self, record: Attendance) -> str:
        """How the mark came: a scan, the day's closing, or by hand, with the name of whoever marked it."""
        if record.how != Method.MANUAL:
            return t(f'method.{record.how.value}')
        marker = runtime.store.get(Account, record.by)
        return t('method.manual_by', name=marker.name) if marker else t('method.manual')

    async def mark_seen(self, person: Participant) -> None:
        """Hadir by one tap: the instructor sees her in the hall (the trail keeps who marked it, and how)."""
        account = auth.acting_for_programme(self.programme_id)
        if account is None:
            return
        try:
            await mark(runtime.store, self.day_id, person.id, Status.HADIR, by=account.id,
                       reason=t('day.reason.seen', 'id'), arrived=auth.now())  # fmt: skip
        except DomainError as error:
            notify_error(error)
            return
        self.show_roster(*self.current())

    def arrival_shown(self, person: Participant) -> str:
        """The time the mark dialog offers: when she came, if she is marked present, else now (`HH:MM`)."""
        day, programme = self.current()
        record = runtime.store.get(Attendance, attendance_id(day.id, person.id))
        moment = record.at if record is not None and record.status in PRESENT else auth.now()
        return f'{moment.astimezone(programme.zone.tz):%H:%M}'

    def arrival(self, typed: str) -> dt.datetime | None:
        """The arrival the instructor typed, on the day, in the programme's zone; None for no time or a moment
        still to come (a mark is what she saw, not a plan)."""
        day, programme = self.current()
        try:
            clock = dt.time.fromisoformat(typed.strip())
        except ValueError:
            return None
        moment = dt.datetime.combine(day.date, clock.replace(second=0, microsecond=0), programme.zone.tz)
        return moment.astimezone(dt.UTC) if moment <= auth.now() + dt.timedelta(minutes=1) else None

    def open_mark(self, person: Participant) -> None:
        """Any mark by hand, with a reason; a Hadir at the time she came (typed), which decides whether late."""
        programme = self.current()[1]
        with Sheet(t('day.mark_title', name=person.name)) as dialog:
            choice = (
                ui.toggle(
                    {s.value: t(f'status.{s.value}') for s in (Status.HADIR, Status.IZIN, Status.SAKIT, Status.ALPA)},
                    value=Status.HADIR.value,
                )
                .props('spread no-caps toggle-color=primary')
                .classes('full-width')
                .mark('mark-status')
            )
            arrived = (
                ui.input(t('day.arrived', zone=programme.zone.value), value=self.arrival_shown(person))
                .props('outlined type=time stack-label')
                .classes('full-width')
                .mark('mark-time')
            )
            arrived.bind_visibility_from(choice, 'value', backward=lambda value: value == Status.HADIR.value)
            reason = ui.input(t('day.reason')).props('outlined').classes('full-width').mark('mark-reason')
            with ui.row().classes('q-gutter-xs'):
                for key in QUICK_REASONS:
                    ui.chip(t(key), on_click=lambda key=key: reason.set_value(t(key))).props('clickable outline')
            ui.label(t('day.mark_hint')).classes('text-caption text-grey-7')

            async def save() -> None:
                account = auth.acting_for_programme(self.programme_id)
                if account is None:
                    return
                moment = self.arrival(arrived.value or '') if choice.value == Status.HADIR.value else auth.now()
                if moment is None:
                    show_errors({'arrived': arrived}, {'arrived': t('day.arrived_bad')})
                    return
                show_errors({'arrived': arrived}, {})
                written_mark = mark(runtime.store, self.day_id, person.id, Status(choice.value), by=account.id,
                                    reason=reason.value or '', arrived=moment)  # fmt: skip
                if not await written(written_mark, beside=reason):
                    return
                dialog.close()
                self.show_roster(*self.current())

            async def new_card() -> None:
                account = auth.acting_for_programme(self.programme_id)
                if account is None:
                    return
                await reissue_card(runtime.store, person.id, self.programme_id, by=account.id)
                ui.notify(t('day.card_reissued', name=person.name), type='positive', multi_line=True)

            with ui.row().classes('full-width justify-between items-center'):
                ui.button(t('day.reissue_card'), icon='credit_card_off', on_click=new_card).props(
                    'flat dense no-caps color=grey-8'
                ).classes('tap').mark('reissue-card')
                CancelSave(dialog, save, mark='save-mark').classes(remove='full-width justify-end').classes('no-wrap')
        dialog.open()

    # ---- cards -------------------------------------------------------------------------------------

    def open_scanner(self) -> None:
        with ui.dialog().props('maximized') as dialog, ui.card().classes('full-width items-center bg-black'):
            video = (
                ui.element('video')
                .props('autoplay playsinline muted')
                .style('width:100%;max-width:480px;border-radius:12px')
            )
            ui.label(t('day.scan_hint')).classes('text-white text-body1 text-center')
            self.scan_result = ui.label().classes('text-h6 text-white text-center').mark('scan-result')
            typed = ui.input(t('day.card_code')).props('outlined dark inputmode=numeric autocomplete=off')
            typed.classes('full-width').mark('card-code')
            TapButton(t('day.card_check'), 'how_to_reg', lambda: self.card_read(typed.value or ''), mark='card-check')
            ui.button(t('day.scan_done'), icon='close', on_click=dialog.close).props('flat color=white').classes('tap')
        dialog.on('hide', lambda: ui.run_javascript('window.berdayaScanner && window.berdayaScanner.stop()'))
        dialog.open()
        failures = {key: t(f'day.{key}') for key in ('no_camera', 'camera_refused')}
        background_tasks.create(self.start_camera(video, typed, failures), name='card scanner')

    async def start_camera(self, video: ui.element, typed: ui.input, failures: dict[str, str]) -> None:
        """The rear camera in the dialog; without one (or without her permission) say so, and leave the typed
        field to do the job."""
        try:  # her answer to the camera prompt may take a while
            started = await video.client.run_javascript(
                f'return window.berdayaScanner ? window.berdayaScanner.start("c{video.id}") : "no_camera"', timeout=60
            )
        except TimeoutError:
            return
        if started in failures:
            video.set_visibility(False)
            self.scan_result.set_text(failures[started])
            typed.run_method('focus')

    async def card_scanned(self, event: events.GenericEventArguments) -> None:
        await self.card_read(str(event.args or ''))

    async def card_read(self, text: str) -> None:
        account = auth.acting_for_programme(self.programme_id)
        if account is None:
            return
        typed = clean_digits(text, CARD_CODE_DIGITS)  # the eight digits printed under the card's QR
        token = card_by_code(runtime.store, typed, self.programme_id) if typed else ''
        token = token or text.strip().rsplit('/k/', 1)[-1].split('?')[0].strip('/')
        try:
            person = card_holder(runtime.store, token, self.programme_id)
            done = await check_in(runtime.store, self.day_id, person.id, arrived=auth.now(), how=Method.CARD_SCAN,
                                  by=account.id)  # fmt: skip
        except DomainError as error:
            message = t(f'error.{error.key}', **error.params)
            ui.notify(message, type='negative')
            if getattr(self, 'scan_result', None) is not None:
                self.scan_result.set_text(message)
            return
        time = local_time(done.attendance.at, done.programme.zone)
        key = 'checkin.already' if done.already else f'day.card_{done.attendance.status.value}'
        message = f'{person.name}: {t(key, time=time)}'
        ui.notify(message, type='warning' if done.already else 'positive')
        if getattr(self, 'scan_result', None) is not None:
            self.scan_result.set_text(message)
        self.show_roster(done.day, done.programme)

    # ---- projector and closing ---------------------------------------------------------------------

    def open_projector(self) -> None:
        day, programme = self.current()
        with ui.dialog().props('maximized') as dialog, ui.card().classes('projector full-width items-center'):
            ui.label(f'{programme.name} · {t("day.heading", number=day.number, title=day.title)}').classes('text-h5')
            # the code and the count side by side on a wide projector, one under the other on a phone
            with ui.element('div').classes('projector-body'):
                big = ui.column().classes('items-center').mark('projector-qr')
                with ui.column().classes('items-center'):
                    count = ui.label().classes('counter text-primary').mark('projector-counter')
                    ui.button(t('day.scan_done'), icon='close', on_click=dialog.close).props('flat').classes('tap')

        shown = [-1]

        def refresh() -> None:
            count.set_text(self.counter.text)
            if shown[0] == self.slot:
                return
            shown[0] = self.slot
            big.clear()
            with big:
                ui.html(svg(self.code_url()), sanitize=False).classes('qr-box')
                ui.label(spaced(self.short_code())).classes('short-code').mark('projector-code')

        refresh()
        timer = ui.timer(0.5, refresh)
        dialog.on('hide', timer.cancel)
        dialog.open()

    def show_closing(self, day: Day) -> None:
        self.closing_area.clear()
        with self.closing_area:
            if day.closed:
                ui.button(t('day.reopen'), icon='lock_open', on_click=self.reopen).props(
                    'outline color=primary'
                ).classes('tap full-width').mark('reopen-day')
            else:
                ui.label(t('day.close_hint')).classes('text-body2 text-grey-8 q-mt-md')
                ui.button(t('day.close'), icon='lock', on_click=self.confirm_close).props(
                    'unelevated color=negative'
                ).classes('tap full-width').mark('close-day')

    def confirm_close(self) -> None:
        with Sheet() as dialog:
            ui.label(t('day.close_confirm')).classes('text-body1')
            with ui.row().classes('full-width justify-end'):
                ui.button(t('form.cancel'), on_click=dialog.close).props('flat').classes('tap')

                async def do_close() -> None:
                    account = auth.acting_for_programme(self.programme_id)
                    if account is None:
                        return
                    count = await close_day(runtime.store, self.day_id, by=account.id)
                    dialog.close()
                    ui.notify(t('day.closed_count', count=count), type='positive')
                    self.build()

                ui.button(t('day.close'), icon='lock', on_click=do_close).props('unelevated color=negative').classes(
                    'tap'
                ).mark('confirm-close')
        dialog.open()

    async def reopen(self) -> None:
        account = auth.acting_for_programme(self.programme_id)
        if account is None:
            return
        await reopen_day(runtime.store, self.day_id, by=account.id)
        self.build()
