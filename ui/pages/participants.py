"""The coordinator's participant screens: the list, one participant (with her sensitive fields and consents),
and a programme's enrolment.

Only coordinators open these pages; sensitive fields are built here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Account, Role
from models.base import DomainError, new_id
from models.participant import Category, Consent, ConsentScope, Gender, Group, Participant
from models.programme import Programme, Zone
from store import Store
from store.audit import log_event
from store.participants import add_consent, save_participant, withdraw_consent
from store.programmes import enrol, unenrol

from ..auth import current_account, guard, page_user
from ..format import short_date
from ..forms import notify_error, validate, written
from ..frame import frame, programme_page
from ..i18n import t
from ..runtime import runtime
from ..widgets import IconButton, back_button, title_bar
from .class_accounts import class_accounts_button

COORDINATOR = Role.COORDINATOR


async def list_page() -> Response | None:
    store = await runtime.ready()
    people = sorted(store.all(Participant), key=lambda p: p.name.lower())
    groups = {g.id: g.name for g in store.all(Group)}
    with frame('participants.title', active='/participants'):
        with ui.row().classes('items-center justify-between full-width'):
            ui.label(t('participants.title')).classes('text-h5 text-weight-bold')
            ui.button(
                t('participants.new'), icon='person_add', on_click=lambda: ui.navigate.to('/participants/new')
            ).props('unelevated color=primary').classes('tap').mark('new-participant')
        search = (
            ui.input(t('participants.search'), placeholder=t('participants.search_hint'))
            .props('outlined clearable')
            .classes('full-width')
            .mark('search')
        )
        search.props('prepend-icon=search')
        ui.label(t('participants.count', count=len(people))).classes('text-body2 text-grey-8')

        @ui.refreshable
        def rows() -> None:
            needle = (search.value or '').strip().lower()
            shown = [p for p in people if not needle or needle in _haystack(p)]
            if not shown:
                ui.label(t('participants.none')).classes('text-grey-7')
            for person in shown[:200]:
                _person_row(person, groups.get(person.group_id or ''))

        search.on_value_change(rows.refresh)
        rows()
    return None


def _haystack(person: Participant) -> str:
    return f'{person.name} {person.phone} {person.village} {person.district}'.lower()


def _person_row(person: Participant, group: str | None, trailing: Any = None) -> None:
    with ui.card().classes('full-width q-pa-sm').mark(f'person-{person.id}'):
        with ui.row().classes('items-center no-wrap full-width'):
            ui.icon('person', size='28px', color='primary')
            with (
                ui.column()
                .classes('col q-gutter-none cursor-pointer')
                .on('click', lambda: ui.navigate.to(f'/participants/{person.id}'))
            ):
                ui.label(person.name).classes('text-body1 text-weight-medium')
                details = ' · '.join(x for x in (person.phone, person.village, group or '') if x)
                ui.label(details).classes('text-body2 text-grey-8')
            if trailing is not None:
                trailing()


async def new_page() -> Response | None:
    store = await runtime.ready()
    account = page_user()
    with frame('participants.new', active='/participants'):
        title_bar('/participants', t('participants.new'))
        _participant_form(store, account, Participant.model_construct(id=new_id(), name='', consents=[]), new=True)
    return None


async def detail_page(participant_id: str) -> Response | None:
    store = await runtime.ready()
    account = page_user()
    person = store.get(Participant, participant_id)
    with frame('participants.title', active='/participants'):
        back_button('/participants')
        if person is None:
            ui.label(t('error.not_found')).classes('text-h6')
            return None
        # Her category, NIK, former country and case notes are on this page: the trail records who saw them.
        await log_event(store, by=account.id, action='participant.view_sensitive', target=person.id)
        ui.label(person.name).classes('text-h5 text-weight-bold')
        _participant_form(store, account, person, new=False)
        _consents_section(person)
        _programmes_of(store, person)
    return None


def _participant_form(store: Store, account: Account, person: Participant, *, new: bool) -> None:
    fields: dict[str, Any] = {
        'name': ui.input(t('participant.name'), value=person.name).mark('name'),
        'phone': ui.input(t('participant.phone'), value=person.phone or '', placeholder='08xxxxxxxxxx')
        .props('type=tel inputmode=tel')
        .mark('phone'),
        'gender': ui.select(
            {'': '–', Gender.P.value: t('participant.gender_p'), Gender.L.value: t('participant.gender_l')},
            label=t('participant.gender'),
            value=person.gender.value if person.gender else '',
        ).mark('gender'),  # fmt: skip
        'village': ui.input(t('participant.village'), value=person.village or '').mark('village'),
        'district': ui.input(t('participant.district'), value=person.district or '').mark('district'),
        'regency': ui.input(t('participant.regency'), value=person.regency or '').mark('regency'),
    }
    with ui.card().classes('full-width bg-orange-1 q-pa-sm').mark('sensitive'):
        with ui.row().classes('items-center no-wrap'):
            ui.icon('lock', color='orange-10')
            ui.label(t('participant.sensitive')).classes('text-body2 text-weight-medium')
        fields['category'] = ui.select(
            {'': t('participant.category_none')} | {c.value: c.value for c in Category},
            label=t('participant.category'), value=person.category.value if person.category else '',
        ).mark('category')  # fmt: skip
        fields['nik'] = ui.input(t('participant.nik'), value=person.nik or '').props('inputmode=numeric maxlength=16')
        fields['nik'].mark('nik')
        fields['former_country'] = ui.input(t('participant.former_country'), value=person.former_country or '')
        fields['former_country'].mark('former_country')
        fields['case_notes'] = ui.textarea(t('participant.case_notes'), value=person.case_notes or '').mark(
            'case_notes'
        )
    for element in fields.values():
        element.classes('full-width').props('outlined')

    @guard(COORDINATOR)
    async def save() -> None:
        edited = validate(Participant, fields, id=person.id)
        if edited is None:
            return
        me = current_account()
        if not await written(save_participant(runtime.store, edited, by=me.id if me else '-')):
            return
        if new:
            ui.navigate.to(f'/participants/{person.id}')
        else:
            ui.notify(t('form.saved'), type='positive')

    ui.button(t('form.save'), icon='save', on_click=save).props('unelevated color=primary size=lg').classes(
        'tap full-width'
    ).mark('save-participant')


def _consents_section(person: Participant) -> None:
    ui.label(t('consent.title')).classes('text-h6 q-mt-md')

    @ui.refreshable
    def consents() -> None:
        current = runtime.store.get(Participant, person.id)
        if current is None or not current.consents:
            ui.label(t('consent.none')).classes('text-grey-7')
            return
        for consent in current.consents:
            _consent_line(person.id, consent, consents.refresh)

    consents()
    _consent_form(person, consents.refresh)


def _consent_line(participant_id: str, consent: Consent, refresh: Callable[[], None]) -> None:
    """One consent: what for, when, who recorded it; a standing one can be taken back ("Cabut")."""
    recorder = runtime.store.get(Account, consent.recorded_by)
    by = recorder.name if recorder else consent.recorded_by
    line = t('consent.line', purpose=consent.purpose, date=short_date(consent.given_on), by=by)
    withdrawn = consent.withdrawn_on is not None
    with ui.row().classes('items-center no-wrap full-width'):
        ui.icon('block' if withdrawn else 'verified', color='grey' if withdrawn else 'positive')
        with ui.column().classes('col gap-0'):
            ui.label(line).classes('text-body2').mark('consent-line')
            if consent.withdrawn_on is not None:
                when = short_date(consent.withdrawn_on)
                ui.label(t('consent.withdrawn_line', date=when)).classes('text-caption text-negative')
        if withdrawn:
            return

        @guard(COORDINATOR)
        async def withdraw() -> None:
            account = current_account()
            today = dt.datetime.now(Zone.WIB.tz).date()
            change = withdraw_consent(
                runtime.store, participant_id, consent.id, on=today, by=account.id if account else '-'
            )
            if await written(change):
                ui.notify(t('consent.withdrawn'), type='positive')
                refresh()

        IconButton('undo', t('consent.withdraw'), withdraw, mark=f'withdraw-{consent.scope.value}', colour='negative')


def _consent_form(person: Participant, refresh: Callable[[], None]) -> None:
    """Record a consent: its scope (the programme's use of her data, or her full name on the public
    certificate check), what for in words, and the day she gave it."""
    today = dt.datetime.now(Zone.WIB.tz).date()
    scopes = {scope.value: t(f'consent.scope.{scope.value}') for scope in ConsentScope}
    scope = ui.select(scopes, label=t('consent.scope'), value=ConsentScope.PROGRAMME.value).mark('consent-scope')
    fields: dict[str, Any] = {
        'purpose': ui.input(t('consent.purpose'), value=t('consent.purpose_for.program'))
        .props('autogrow')  # the whole purpose in view, on as many lines as it takes
        .mark('consent-purpose'),
        'given_on': ui.input(t('consent.given_on'), value=today.isoformat()).props('type=date stack-label'),
    }
    fields['given_on'].mark('consent-date')
    for element in (scope, *fields.values()):
        element.classes('full-width').props('outlined')
    scope.on_value_change(lambda e: fields['purpose'].set_value(t(f'consent.purpose_for.{e.value}')))

    @guard(COORDINATOR)
    async def record() -> None:
        account = current_account()
        consent = validate(Consent, fields, scope=scope.value, recorded_by=account.id if account else '-')
        if consent is None:
            return
        if not await written(add_consent(runtime.store, person.id, consent)):
            return
        ui.notify(t('consent.recorded'), type='positive')
        refresh()

    ui.button(t('consent.record'), icon='how_to_reg', on_click=record).props('outline color=primary').classes(
        'tap full-width'
    ).mark('record-consent')


def _programmes_of(store: Store, person: Participant) -> None:
    ui.label(t('participants.programmes')).classes('text-h6 q-mt-md')
    programmes = store.by_index(Programme, 'participant', person.id)
    if not programmes:
        ui.label(t('participants.no_programmes')).classes('text-grey-7')
    for programme in programmes:
        ui.link(programme.name, f'/programmes/{programme.id}').classes('text-body1')


async def enrolment_page(programme_id: str) -> Response | None:
    with programme_page(programme_id, 'enrol.title') as programme:
        if programme is None:
            return None
        ui.button(
            t('programmes.import'), icon='upload_file',
            on_click=lambda: ui.navigate.to(f'/programmes/{programme_id}/import'),
        ).props('outline color=primary').classes('tap').mark('open-import')  # fmt: skip
        _enrolment(programme_id)
    return None


def _enrolment(programme_id: str) -> None:
    groups = {g.id: g.name for g in runtime.store.all(Group)}

    @ui.refreshable
    def enrolled() -> None:
        store = runtime.store
        programme = store.get(Programme, programme_id)
        if programme is None:
            return
        members = [p for p in (store.get(Participant, i) for i in programme.participant_ids) if p is not None]
        ui.label(t('enrol.enrolled', count=len(members))).classes('text-h6 q-mt-md').mark('enrolled-count')
        class_accounts_button(programme, enrolled.refresh)
        for person in sorted(members, key=lambda p: p.name.lower()):

            def remove_button(person: Participant = person) -> None:
                IconButton(
                    'person_remove',
                    t('enrol.remove'),
                    lambda: remove(person.id),
                    mark=f'unenrol-{person.id}',
                    colour='negative',
                )

            _person_row(person, groups.get(person.group_id or ''), remove_button)
        others = sorted(
            (p for p in store.all(Participant) if p.id not in programme.participant_ids), key=lambda p: p.name.lower()
        )
        ui.label(t('enrol.add_title')).classes('text-h6 q-mt-md')
        if not others:
            ui.label(t('enrol.nobody_left')).classes('text-grey-7')
            return
        choice = ui.select(
            {p.id: ' · '.join(x for x in (p.name, p.village) if x) for p in others}, multiple=True, value=[],
            label=t('enrol.choose'), with_input=True,
        ).props('outlined use-chips').classes('full-width').mark('enrol-choice')  # fmt: skip
        ui.button(t('enrol.add'), icon='group_add', on_click=lambda: add(list(choice.value or []))).props(
            'unelevated color=primary'
        ).classes('tap full-width').mark('enrol')

    @guard(COORDINATOR)
    async def add(ids: list[str]) -> None:
        if not ids:
            ui.notify(t('enrol.choose_first'), type='warning')
            return
        try:
            count = await enrol(runtime.store, programme_id, ids)
        except DomainError as error:
            notify_error(error)
            return
        ui.notify(t('enrol.added', count=count), type='positive')
        enrolled.refresh()

    @guard(COORDINATOR)
    async def remove(participant_id: str) -> None:
        await unenrol(runtime.store, programme_id, participant_id)
        enrolled.refresh()

    enrolled()
