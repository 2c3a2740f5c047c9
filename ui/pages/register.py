"""The secretariat's register of villagers abroad and returned (`/sekretariat/{id}/daftar`): who is abroad and who
is back, those whose contract ends within 90 days first (the secretariat reaches them before they come home); and
one entry (`/sekretariat/{id}/daftar/{entry_id}`, `baru` for a new one, written under a consent) with her family's
WhatsApp, her family contacts and cases, and a coordinator's erasure on request.

Its staff and the coordinators only: the route table lets in those who may be on a secretariat's staff, and
`serving` here, and the store in every read and write, ask whether she serves this one. Each page shown is noted in
the trail (`store/register.py`).
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Account
from models.base import DomainError, new_id
from models.register import AbroadForm, RegisterEntry
from models.secretariat import Secretariat
from store.register import (
    EntryView,
    Erased,
    RegisterView,
    add_entry,
    erase_entry,
    open_entry,
    open_register,
    participant_choices,
    update_entry,
)

from ..auth import acting_for_secretariat
from ..format import short_date
from ..forms import notify_error, validate
from ..i18n import t
from ..runtime import runtime
from ..whatsapp import wa_link
from ..widgets import LinkCard, TapButton
from .register_frame import COUNTRIES, ConsentFields, erase_button, nothing, open_secretariat, register_page, today

NEW = 'baru'
FILTERS = ('all', 'abroad', 'returned')


async def list_page(secretariat_id: str) -> Response | None:
    opened = await open_secretariat(
        secretariat_id, lambda account: open_register(runtime.store, secretariat_id, by=account.id, today=today())
    )
    if isinstance(opened, Response):
        return opened
    with register_page(opened.secretariat, opened.account, 'register.title', 'register'):
        RegisterScreen(opened.secretariat, opened.view)
    return None


class RegisterScreen:
    def __init__(self, secretariat: Secretariat, view: RegisterView) -> None:
        """The register: its counts, the way to add someone, the contracts ending soon, and everyone, filtered."""
        self.secretariat, self.view = secretariat, view
        ui.label(t('register.counts', abroad=view.abroad, returned=view.returned)).classes('text-body1').mark(
            'register-counts'
        )
        TapButton(
            t('register.add'), 'person_add', lambda: ui.navigate.to(f'/sekretariat/{secretariat.id}/daftar/{NEW}'),
            mark='add-entry',
        ).classes('full-width')  # fmt: skip
        self.soon()
        self.overdue()
        ui.label(t('register.everyone')).classes('text-h6 q-mt-sm')
        with ui.row().classes('full-width items-center no-wrap q-gutter-x-sm'):
            shown = {name: t(f'register.filter.{name}') for name in FILTERS}
            self.filter = ui.toggle(shown, value='all', on_change=self.entries.refresh).props('no-caps')
            self.filter.mark('register-filter')
        self.search = ui.input(t('register.search'), on_change=self.entries.refresh).props('outlined clearable')
        self.search.classes('full-width').mark('register-search')
        self.entries()

    def soon(self) -> None:
        ui.label(t('register.soon', count=len(self.view.soon))).classes('text-h6 q-mt-sm').mark('soon-title')
        ui.label(t('register.soon_hint')).classes('text-body2 text-grey-8')
        if not self.view.soon:
            ui.label(t('register.soon_none')).classes('text-body2 text-grey-8').mark('soon-none')
        with ui.column().classes('full-width').style('gap:6px').mark('soon'):
            for entry in self.view.soon:
                self.card(entry, soon=True)

    def overdue(self) -> None:
        if not self.view.overdue:
            return
        ui.label(t('register.overdue', count=len(self.view.overdue))).classes('text-subtitle1 q-mt-sm')
        with ui.column().classes('full-width').style('gap:6px').mark('overdue'):
            for entry in self.view.overdue:
                self.card(entry)

    @ui.refreshable_method
    def entries(self) -> None:
        chosen = self.filter.value
        needle = (self.search.value or '').strip().casefold()
        shown = [
            e for e in self.view.entries
            if (chosen == 'all' or (chosen == 'returned') == e.returned)
            and (not needle or needle in e.name.casefold() or needle in e.country.casefold())
        ]  # fmt: skip
        if not shown:
            ui.label(t('register.none')).classes('text-body1 text-grey-8').mark('register-none')
        with ui.column().classes('full-width').style('gap:6px').mark('entries'):
            for entry in shown:
                self.card(entry)

    def card(self, entry: RegisterEntry, *, soon: bool = False) -> None:
        with LinkCard(f'/sekretariat/{self.secretariat.id}/daftar/{entry.id}', mark=f'entry-{entry.id}'):
            icon = 'home' if entry.returned else 'flight_takeoff'
            ui.icon(icon, size='28px', color='positive' if entry.returned else 'primary')
            with ui.column().classes('col').style('gap:0'):
                ui.label(entry.name).classes('text-body1 text-weight-medium')
                ui.label(entry.country).classes('text-body2')
                ui.label(status_text(entry)).classes(
                    'text-body2 text-grey-8' if not soon else 'text-body2 text-amber-10'
                )
            ui.icon('chevron_right', color='grey-7')


def status_text(entry: RegisterEntry) -> str:
    """`Pulang 12 Nov 2026`, `Kontrak sampai 14 Jan 2027 (38 hari lagi)`, `Di luar negeri`."""
    if entry.returned:
        return t('register.back_on', date=short_date(entry.returned_on)) if entry.returned_on else t('register.back')
    if entry.contract_end is None:
        return t('register.abroad')
    days = (entry.contract_end - today()).days
    if days < 0:
        return t('register.ended_on', date=short_date(entry.contract_end))
    return t('register.until', date=short_date(entry.contract_end), days=days)


# ---- one entry ------------------------------------------------------------------------------------------------


async def entry_page(secretariat_id: str, entry_id: str) -> Response | None:
    opened = await open_secretariat(secretariat_id, nothing)
    if isinstance(opened, Response):
        return opened
    secretariat, account = opened.secretariat, opened.account
    if entry_id == NEW:
        with register_page(secretariat, account, 'register.new', 'register'):
            EntryForm(secretariat, account, None)
        return None
    try:
        view = await open_entry(runtime.store, secretariat_id, entry_id, by=account.id)
    except DomainError:
        view = None
    with register_page(secretariat, account, 'register.one', 'register'):
        if view is None:
            ui.label(t('register.gone')).classes('text-body1').mark('entry-gone')
            TapButton(t('register.title'), 'badge', lambda: ui.navigate.to(f'/sekretariat/{secretariat_id}/daftar'),
                      look='outline')  # fmt: skip
            return None
        EntryScreen(secretariat, account, view)
    return None


class EntryScreen:
    def __init__(self, secretariat: Secretariat, account: Account, view: EntryView) -> None:
        """Her entry as staff read it, with the ways to act on it."""
        self.secretariat, self.account, self.view = secretariat, account, view
        self.editing = False
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        entry, sid = self.view.entry, self.secretariat.id
        if self.editing:
            EntryForm(self.secretariat, self.account, entry)
            return
        with ui.card().classes('full-width q-pa-sm').mark('entry'):
            ui.label(entry.name).classes('text-h6').mark('entry-title')
            ui.label(status_text(entry)).classes('text-body1').mark('entry-status')
            lines = [
                ('public', 'register.field.country', entry.country),
                ('work', 'register.field.employer', entry.employer),
                ('event', 'register.field.contract_end', short_date(entry.contract_end) if entry.contract_end else ''),
                ('family_restroom', 'register.family', family_text(entry)),
                ('how_to_reg', 'register.field.participant', self.view.participant),
            ]
            for icon, key, text in lines:
                if text:
                    _line(icon, t(key), text)
            consent = entry.consent
            giver = t(f'register.giver.{consent.giver.value}')
            _line('verified_user', t('register.consent.title'),
                  t('register.consent.line', purpose=consent.purpose, date=short_date(consent.given_on), giver=giver,
                    name=consent.giver_name))  # fmt: skip
        link = wa_link(entry.family_phone) if entry.family_phone else None
        if link:
            TapButton(t('register.whatsapp_family'), 'chat', lambda: ui.navigate.to(link, new_tab=True),
                      colour='green-8', mark='family-wa').classes('full-width')  # fmt: skip
        logs = (('contacts', self.view.contacts, 'connect_without_contact', 'kontak'),
                ('cases', self.view.cases, 'support', 'kasus'))  # fmt: skip
        with ui.row().classes('full-width q-gutter-sm'):
            for key, count, icon, path in logs:
                target = f'/sekretariat/{sid}/{path}'
                TapButton(t(f'register.{key}', count=count), icon, lambda target=target: ui.navigate.to(target),
                          look='outline', mark=f'entry-{key}')  # fmt: skip
        TapButton(t('register.edit'), 'edit', self.edit, look='flat', mark='edit-entry')  # fmt: skip
        erase_button(
            sid, self.account, 'register.erase.entry',
            lambda acting: erase_entry(runtime.store, sid, entry.id, by=acting.id), self.erased,
        )  # fmt: skip

    def edit(self) -> None:
        """Her entry's fields to correct, in place of what they show (her consent stays as given)."""
        self.editing = True
        self.body.refresh()

    def erased(self, erased: Erased) -> None:
        ui.notify(t('register.erased', contacts=erased.contacts, cases=erased.cases), type='positive')
        ui.navigate.to(f'/sekretariat/{self.secretariat.id}/daftar')


def family_text(entry: RegisterEntry) -> str:
    """`Sarno (ayah) · 081300009101`."""
    who = f'{entry.family_name} ({entry.family_relation})' if entry.family_relation else entry.family_name
    return ' · '.join(part for part in (who, entry.family_phone) if part)


def _line(icon: str, label: str, text: str) -> None:
    with ui.row().classes('items-start no-wrap full-width'):
        ui.icon(icon, size='24px', color='grey-7')
        with ui.column().classes('col').style('gap:0'):
            ui.label(label).classes('text-caption text-grey-8')
            ui.label(text).classes('text-body2').style('overflow-wrap:anywhere')


class EntryForm:
    def __init__(self, secretariat: Secretariat, account: Account, entry: RegisterEntry | None) -> None:
        """A new entry (the consent first: nothing is saved without it) or her entry to correct."""
        self.secretariat, self.entry = secretariat, entry
        self.entry_id = entry.id if entry else new_id()  # a second tap finds it saved, not two of her
        self.consent = ConsentFields(t('register.consent.default_purpose')) if entry is None else None
        ui.label(t('register.about')).classes('text-subtitle1 text-weight-medium q-mt-sm')
        self.fields: dict[str, Any] = {
            'name': self._input('name', entry.name if entry else ''),
            'country': ui.input(
                t('register.field.country'), value=entry.country if entry else '', autocomplete=list(COUNTRIES)
            ).mark('entry-country'),  # fmt: skip
            'employer': self._input('employer', entry.employer if entry else ''),
            'contract_end': ui.input(
                t('register.field.contract_end'),
                value=entry.contract_end.isoformat() if entry and entry.contract_end else '',
            )
            .props('type=date stack-label')
            .mark('entry-contract-end'),  # fmt: skip
        }
        self.returned = ui.switch(t('register.field.returned'), value=entry.returned if entry else False)
        self.returned.mark('entry-returned').classes('tap')
        back_on = entry.returned_on.isoformat() if entry and entry.returned_on else today().isoformat()
        self.fields['returned_on'] = (
            ui.input(t('register.field.returned_on'), value=back_on)
            .props('type=date stack-label')
            .mark('entry-returned-on')
        )
        self.fields['returned_on'].bind_visibility_from(self.returned, 'value')
        choices = participant_choices(runtime.store, secretariat, account)
        self.fields['participant_id'] = ui.select(
            choices, value=entry.participant_id if entry and entry.participant_id in choices else None,
            with_input=True, clearable=True, label=t('register.field.participant'),
        ).mark('entry-participant')  # fmt: skip
        self.fields['participant_id'].bind_visibility_from(self.returned, 'value')
        ui.label(t('register.family')).classes('text-subtitle1 text-weight-medium q-mt-sm')
        self.fields['family_name'] = self._input('family_name', entry.family_name if entry else '')
        self.fields['family_relation'] = self._input('family_relation', entry.family_relation if entry else '')
        self.fields['family_phone'] = self._input('family_phone', entry.family_phone if entry else '')
        self.fields['family_phone'].props('type=tel inputmode=tel')
        for element in self.fields.values():
            element.props('outlined').classes('full-width')
        TapButton(t('form.save'), 'save', self.save, mark='save-entry').classes('full-width')

    def _input(self, name: str, value: str) -> ui.input:
        return ui.input(t(f'register.field.{name}'), value=value).mark(f'entry-{name.replace("_", "-")}')

    async def save(self) -> None:
        account = acting_for_secretariat(self.secretariat.id)
        if account is None:
            return
        consent = self.consent.read() if self.consent is not None else None
        form = validate(AbroadForm, self.fields, returned=self.returned.value)
        if form is None or (self.consent is not None and consent is None):
            return
        sid = self.secretariat.id
        try:
            if self.entry is None and consent is not None:
                await add_entry(runtime.store, sid, form, consent, entry_id=self.entry_id, by=account.id)
            else:
                await update_entry(runtime.store, sid, self.entry_id, form, by=account.id)
        except DomainError as error:
            notify_error(error)
            return
        ui.notify(t('form.saved'), type='positive')
        ui.navigate.to(f'/sekretariat/{sid}/daftar/{self.entry_id}')
