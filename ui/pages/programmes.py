"""The coordinator's programme screens: the list, a programme's own data, its days and its instructors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Response
from nicegui import events, ui
from pydantic import ValidationError

from models.account import Role
from models.base import DomainError, new_id
from models.participant import Group
from models.programme import Day, PapersForm, Programme, ProgrammeKind, Zone
from store import Store, images
from store.accounts import instructor_names
from store.programmes import (
    days_of,
    delete_day,
    fill_days,
    missing_dates,
    next_day,
    remove_logo,
    save_day,
    save_papers,
    save_programme,
    set_instructors,
    set_logo,
)

from ..auth import acting, guard
from ..elements.day_card import DayCard
from ..elements.downloads import Downloads
from ..format import short_date
from ..forms import field_errors, notify_error, saved_form, show_errors, validate, written
from ..frame import frame, programme_page
from ..i18n import t
from ..runtime import runtime
from ..widgets import (
    CancelSave,
    ChipsOnTap,
    Folded,
    IconButton,
    LinkCard,
    PlainButton,
    Sheet,
    TapButton,
    document_links,
    title_bar,
)
from .certificates import CertificatesSection
from .curriculum import curriculum_section

COORDINATOR = Role.COORDINATOR


async def list_page() -> Response | None:
    store = await runtime.ready()
    programmes = sorted(store.all(Programme), key=lambda p: p.start, reverse=True)
    with frame('programmes.title', active='/programmes'):
        with ui.row().classes('items-center justify-between full-width'):
            ui.label(t('programmes.title')).classes('text-h5 text-weight-bold')
            ui.button(t('programmes.new'), icon='add', on_click=lambda: ui.navigate.to('/programmes/new')).props(
                'unelevated color=primary'
            ).classes('tap').mark('new-programme')
        if not programmes:
            ui.label(t('home.no_programmes')).classes('text-grey-7')
        for programme in programmes:
            _programme_row(store, programme)
    return None


def _programme_row(store: Store, programme: Programme) -> None:
    days = len(store.ids(Day, 'programme', programme.id))
    with LinkCard(f'/programmes/{programme.id}', mark=f'programme-{programme.id}'):
        ui.icon(_kind_icon(programme.kind), size='32px', color='primary')
        with ui.column().classes('q-gutter-none col'):
            ui.label(programme.name).classes('text-subtitle1 text-weight-medium')
            ui.label(f'{short_date(programme.start)} – {short_date(programme.end)} · {programme.place}').classes(
                'text-body2 text-grey-8'
            )
            ui.label(t('programmes.counts', days=days, participants=len(programme.participant_ids))).classes(
                'text-body2'
            )
        ui.icon('chevron_right', color='grey-7')


def _kind_icon(kind: ProgrammeKind) -> str:
    return {ProgrammeKind.KUE: 'bakery_dining', ProgrammeKind.KWT: 'agriculture'}.get(kind, 'school')


async def new_page() -> Response | None:
    await runtime.ready()
    with frame('programmes.new', active='/programmes'):
        title_bar('/programmes', t('programmes.new'))
        today = dt.datetime.now(Zone.WIB.tz).date()
        draft = Programme.model_construct(
            id=new_id(), name='', agency='', partner='', place='', kind=ProgrammeKind.KUE, zone=Zone.WIB,
            start=today, end=today + dt.timedelta(days=4), late_after_minutes=15, attendance_bar_percent=80,
        )  # fmt: skip
        fields = programme_form(draft)

        @guard(COORDINATOR)
        async def create() -> None:
            programme = await saved_form(Programme, fields, lambda r: save_programme(runtime.store, r), id=draft.id)
            if programme is None:
                return
            ui.navigate.to(f'/programmes/{programme.id}')

        ui.button(t('form.save'), icon='save', on_click=create).props('unelevated color=primary size=lg').classes(
            'tap full-width'
        ).mark('save-programme')
    return None


def programme_form(programme: Programme) -> dict[str, Any]:
    """The programme's own fields as inputs, by field name."""
    fields: dict[str, Any] = {}
    fields['name'] = ui.input(t('programme.name'), value=programme.name).mark('name')
    fields['kind'] = ui.select(
        {k.value: t(f'programme.kind.{k.value}') for k in ProgrammeKind}, label=t('programme.kind'),
        value=programme.kind.value,
    ).mark('kind')  # fmt: skip
    fields['agency'] = ui.input(t('programme.agency'), value=programme.agency).mark('agency')
    fields['partner'] = ui.input(t('programme.partner'), value=programme.partner).mark('partner')
    fields['place'] = ui.input(t('programme.place'), value=programme.place).mark('place')
    fields['zone'] = ui.select([z.value for z in Zone], label=t('programme.zone'), value=programme.zone.value).mark(
        'zone'
    )
    with ui.row().classes('full-width no-wrap q-gutter-x-sm'):
        fields['start'] = date_input(t('programme.start'), programme.start).classes('col').mark('start')
        fields['end'] = date_input(t('programme.end'), programme.end).classes('col').mark('end')
    with ui.row().classes('full-width no-wrap q-gutter-x-sm'):
        fields['late_after_minutes'] = ui.number(
            t('programme.late_after'), value=programme.late_after_minutes, min=0, max=240, precision=0,
            suffix=t('programme.minutes'),
        ).classes('col').mark('late_after_minutes')  # fmt: skip
        fields['attendance_bar_percent'] = ui.number(
            t('programme.attendance_bar'), value=programme.attendance_bar_percent, min=0, max=100, precision=0,
            suffix='%',
        ).classes('col').mark('attendance_bar_percent')  # fmt: skip
        fields['attendance_bar_percent'].props['hint'] = t('programme.attendance_bar_hint')
    for element in fields.values():
        element.classes('full-width').props('outlined')
    return fields


async def detail_page(programme_id: str) -> None:
    with programme_page(programme_id, 'programmes.title', back='/programmes', heading=False) as programme:
        if programme is None:
            return
        ui.label(programme.name).classes('text-h5 text-weight-bold')
        with ui.row().classes('q-gutter-sm'):
            for label, icon, tail in (
                (t('programmes.participants', count=len(programme.participant_ids)), 'groups', 'participants'),
                (t('programmes.import'), 'upload_file', 'import'),
                (t('aid.title'), 'volunteer_activism', 'aid'),
                (t('outcomes.title'), 'insights', 'outcomes'),
            ):
                go = lambda tail=tail: ui.navigate.to(f'/programmes/{programme_id}/{tail}')  # noqa: E731
                PlainButton(label, icon, go, mark=f'open-{tail}', look='outline')

        def data_form() -> None:
            fields = programme_form(programme)

            @guard(COORDINATOR)
            async def save() -> None:
                edited = validate(Programme, fields, id=programme_id)
                if edited is not None and await written(save_programme(runtime.store, edited)):
                    ui.notify(t('form.saved'), type='positive')
                    days_list.refresh()

            TapButton(t('form.save'), 'save', save, mark='save-programme').classes('full-width')

        Folded(t('programmes.data'), 'edit_note', data_form, mark='data-section')
        PapersSection(programme)
        CertificatesSection(programme)
        days_list = _days_section(programme_id)
        curriculum_section(programme_id)
        _instructors_section(runtime.store, programme)
        _papers_and_books(programme)


class PapersSection:
    """The letterhead, the city papers are dated at, and the officials who sign them: every document of the
    programme takes its signatures from here, never from whoever prints it."""

    def __init__(self, programme: Programme) -> None:
        self.programme_id = programme.id
        Folded(t('papers.title'), 'approval', lambda: self.build(programme), mark='papers-section')

    def build(self, programme: Programme) -> None:
        ui.label(t('papers.hint')).classes('text-body2 text-grey-8')
        self.fields: dict[str, Any] = {
            name: ui.input(t(f'papers.{name}'), value=getattr(programme, name)).mark(name)
            for name in ('agency_address', 'agency_phone', 'city', 'agency_code', 'certificate_pattern')
        }
        for role in ('responsible', 'committee'):
            ui.label(t(f'papers.{role}')).classes('text-subtitle2 q-mt-sm')
            official = getattr(programme, role)
            for part in ('title', 'name', 'nip', 'rank'):
                field = ui.input(t(f'papers.official_{part}'), value=getattr(official, part)).mark(f'{role}-{part}')
                if part == 'nip':
                    field.props('inputmode=numeric maxlength=18')
                self.fields[f'{role}.{part}'] = field
        for element in self.fields.values():
            element.classes('full-width').props('outlined')
        LogoField(programme)
        ui.label(t('papers.sheet_columns')).classes('text-subtitle2 q-mt-sm')
        self.switches = {
            name: ui.switch(t(f'papers.{name}'), value=getattr(programme, name)).classes('tap').mark(name)
            for name in ('sheet_gender', 'sheet_address')
        }
        TapButton(t('form.save'), 'save', self.save, mark='save-papers').classes('full-width')

    async def save(self) -> None:
        if acting(lambda account: account.role == COORDINATOR) is None:
            return
        data: dict[str, Any] = {'responsible': {}, 'committee': {}}
        for name, element in self.fields.items():
            role, _, part = name.partition('.')
            if part:
                data[role][part] = (element.value or '').strip()
            else:
                data[name] = (element.value or '').strip()
        data |= {name: bool(switch.value) for name, switch in self.switches.items()}
        try:
            form = PapersForm.model_validate(data)
        except ValidationError as error:
            show_errors(self.fields, field_errors(error))
            return
        show_errors(self.fields, {})
        if await written(save_papers(runtime.store, self.programme_id, form)):
            ui.notify(t('form.saved'), type='positive')


class LogoField:
    """The letterhead's logo: what it looks like now, a picture to take its place, and a way to go without."""

    def __init__(self, programme: Programme) -> None:
        self.programme_id = programme.id
        ui.label(t('papers.logo')).classes('text-subtitle2 q-mt-sm')
        self.preview = ui.row().classes('items-center no-wrap full-width')
        self.show(programme.logo)
        ui.upload(
            label=t('papers.logo_choose'), auto_upload=True, max_files=1, on_upload=self.received,
            max_file_size=images.MAX_BYTES,
        ).props('accept=image/* flat bordered color=primary').classes('full-width').mark('upload-logo')  # fmt: skip

    def show(self, name: str) -> None:
        self.preview.clear()
        with self.preview:
            if not name:
                ui.label(t('papers.logo_none')).classes('text-grey-7 col')
                return
            ui.image(f'/media/{name}').props('fit=contain').classes('col').style('max-height: 64px').mark('logo')
            IconButton('delete', t('papers.logo_remove'), self.remove, mark='remove-logo', colour='negative')

    async def received(self, event: events.UploadEventArguments) -> None:
        event.sender.reset()  # type: ignore[attr-defined]
        if acting(lambda account: account.role == COORDINATOR) is None:
            return
        data = await event.file.read()
        try:
            programme = await set_logo(runtime.store, self.programme_id, data)
        except DomainError as error:
            notify_error(error)
            return
        self.show(programme.logo)
        ui.notify(t('papers.logo_saved'), type='positive')

    async def remove(self) -> None:
        if acting(lambda account: account.role == COORDINATOR) is None:
            return
        if await written(remove_logo(runtime.store, self.programme_id)):
            self.show('')


def _papers_and_books(programme: Programme) -> None:
    """The programme's documents, its trainees' business totals, and each of its groups' books."""
    ui.label(t('day.documents')).classes('text-h6 q-mt-md')
    links = document_links(None, programme)
    Downloads([(t(key), icon, url, key.replace('.', '-')) for key, icon, url in links])
    go = lambda: ui.navigate.to(f'/programmes/{programme.id}/business')  # noqa: E731
    totals = t('ledger.totals_title')
    PlainButton(totals, 'insights', go, mark='open-business-totals', look='outline', classes='full-width')
    for group in runtime.store.by_index(Group, 'programme', programme.id):
        book = lambda g=group: ui.navigate.to(f'/kelompok/{g.id}')  # noqa: E731
        PlainButton(t('ledger.open', name=group.name), 'agriculture', book, look='outline', classes='full-width')


def date_input(label: str, value: dt.date) -> ui.input:
    """The phone's own date picker; the value is `YYYY-MM-DD`."""
    return ui.input(label, value=value.isoformat()).props('type=date stack-label')


# A day's card (ui/elements/day_card.py) places its five children itself (number | title over date | roster | edit),
# as a row and a column inside it once did, and looks the same.
DAY_CARD = (
    '<style>.day-card{display:grid;grid-template:"n t r e" auto "n d r e" auto / auto minmax(0,1fr) auto auto;'
    'align-items:start}.day-card>:nth-child(1){grid-area:n}.day-card>:nth-child(2){grid-area:t}'
    '.day-card>:nth-child(3){grid-area:d}.day-card>:nth-child(4){grid-area:r}.day-card>:nth-child(5){grid-area:e}'
    '</style>'
)


def _days_section(programme_id: str) -> Any:
    ui.add_head_html(DAY_CARD)
    ui.label(t('days.title')).classes('text-h6 q-mt-md')

    @ui.refreshable
    def days_list() -> None:
        store = runtime.store
        programme = store.get(Programme, programme_id)
        if programme is None:
            return
        days = days_of(store, programme_id)
        if not days:
            ui.label(t('days.none')).classes('text-grey-7')
        roster, edit = t('days.roster'), {'round': True, 'aria-label': t('days.edit')}
        for day in days:
            when = f'{short_date(day.date)} · {day.starts_at:%H.%M} {programme.zone.value}'
            go = lambda d=day: ui.navigate.to(f'/days/{d.id}')  # noqa: E731
            card = DayCard(
                day.number, day.title, when, roster=roster, on_roster=go, classes='full-width q-pa-sm day-card'
            )
            with card.mark(f'day-{day.number}'):
                change = lambda d=day: _day_dialog(programme, d, days_list)  # noqa: E731
                PlainButton('', 'edit', change, mark=f'edit-day-{day.number}', look='flat', more=edit)
        missing = missing_dates(store, programme)
        if missing:  # one tap for every date of the programme, instead of one dialog a day

            async def fill() -> None:
                if acting(lambda account: account.role == COORDINATOR) is None:
                    return
                if await written(fill_days(runtime.store, programme_id, lambda n: t('days.generated_title', number=n))):
                    days_list.refresh()

            TapButton(t('days.fill', count=len(missing)), 'event_repeat', fill, mark='fill-days').classes('full-width')
        number, date = next_day(store, programme)
        draft = Day(programme_id=programme_id, number=number, date=date, title='-')
        add = lambda: _day_dialog(programme, draft.model_copy(update={'title': ''}), days_list, new=True)  # noqa: E731
        PlainButton(t('days.add'), 'add', add, mark='add-day', look='outline', classes='full-width')

    days_list()
    return days_list


def _day_dialog(programme: Programme, day: Day, days_list: Any, *, new: bool = False) -> None:
    with Sheet(t('days.add') if new else t('days.edit'), width=480) as dialog:
        fields: dict[str, Any] = {
            'number': ui.number(t('days.number'), value=day.number, min=1, max=366, precision=0).mark('day-number'),
            'date': date_input(t('days.date'), day.date).mark('day-date'),
            'title': ui.input(t('days.day_title'), value=day.title).mark('day-title'),
            'starts_at': ui.input(t('days.starts_at'), value=f'{day.starts_at:%H:%M}')
            .props('type=time stack-label')
            .mark('day-starts'),
        }
        for element in fields.values():
            element.classes('full-width').props('outlined')

        @guard(COORDINATOR)
        async def save() -> None:
            edited = await saved_form(
                Day, fields, lambda r: save_day(runtime.store, r), id=day.id, programme_id=programme.id
            )
            if edited is None:
                return
            dialog.close()
            days_list.refresh()

        @guard(COORDINATOR)
        async def remove() -> None:
            await delete_day(runtime.store, day.id)
            dialog.close()
            days_list.refresh()

        CancelSave(dialog, save, mark='save-day', on_delete=None if new else remove, delete_mark='delete-day')
    dialog.open()


def _instructors_section(store: Store, programme: Programme) -> None:
    ui.label(t('programmes.instructors')).classes('text-h6 q-mt-md')
    instructors = instructor_names(store)
    if not instructors:
        ui.label(t('programmes.no_instructors')).classes('text-grey-7')
        return
    choice = ChipsOnTap(t('programmes.instructors'), instructors, list(programme.instructor_ids), mark='instructors')

    @guard(COORDINATOR)
    async def save() -> None:
        if not await written(set_instructors(runtime.store, programme.id, choice.value)):
            return
        ui.notify(t('form.saved'), type='positive')

    PlainButton(t('form.save'), 'save', save, mark='save-instructors', classes='full-width')
