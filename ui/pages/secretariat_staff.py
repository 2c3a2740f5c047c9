"""A secretariat's staff, on its settings page: who serves it, and for the coordinator a new *petugas sekretariat*
account (username and password) or an instructor or coordinator who already has one, added to it or taken off."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from models.account import AccountForm, Role
from models.base import DomainError, new_id
from models.secretariat import Secretariat
from store.secretariats import Person, add_staff, create_staff_account, remove_staff, secretariat_view, settings_choices

from ..auth import acting_for_secretariat
from ..forms import notify_error, validate, written
from ..i18n import t
from ..runtime import runtime
from ..widgets import IconButton, TapButton
from .accounts import ROLE_ICONS


class StaffSection:
    def __init__(self, secretariat_id: str, *, editable: bool) -> None:
        """Its staff as a list, re-read after each change; with `editable`, the ways to add and take off."""
        self.secretariat_id = secretariat_id
        self.editable = editable
        self.list = ui.refreshable(self.show)
        self.list()
        if editable:
            self.new_account_form()

    def show(self) -> None:
        secretariat = runtime.store.get(Secretariat, self.secretariat_id)
        if secretariat is None:
            return
        view = secretariat_view(runtime.store, secretariat)
        ui.label(t('secretariat.staff', count=len(view.staff))).classes('text-subtitle1 text-weight-medium q-mt-md')
        if not view.staff:
            ui.label(t('secretariat.no_staff')).classes('text-body2 text-grey-8').mark('no-staff')
        for person in view.staff:
            self.staff_row(person)
        if self.editable:
            self.existing_account_picker(secretariat)

    def staff_row(self, person: Person) -> None:
        with ui.card().classes('full-width q-pa-sm').mark(f'staff-{person.username}'):
            with ui.row().classes('items-center no-wrap full-width'):
                ui.icon(ROLE_ICONS[person.role], size='28px', color='primary')
                with ui.column().classes('col gap-0'):
                    ui.label(person.name).classes('text-body1 text-weight-medium')
                    ui.label(f'{person.username} · {t(f"role.{person.role.value}")}').classes('text-body2 text-grey-8')
                if self.editable:
                    IconButton(
                        'person_remove', t('secretariat.remove_staff', name=person.name),
                        lambda: self.remove(person), mark=f'remove-staff-{person.username}', colour='negative',
                    )  # fmt: skip

    def existing_account_picker(self, secretariat: Secretariat) -> None:
        """An instructor, a coordinator or another secretariat's staff who already has an account."""
        candidates = settings_choices(runtime.store, secretariat).candidates
        options = {p.id: f'{p.name} · {t(f"role.{p.role.value}")}' for p in candidates}
        with ui.row().classes('full-width items-center no-wrap q-gutter-x-sm'):
            picked = ui.select(options, label=t('secretariat.add_existing'), with_input=True).props('outlined')
            picked.classes('col').mark('add-existing')
            TapButton(t('secretariat.add'), 'person_add', lambda: self.add(picked.value), mark='add-staff')

    def new_account_form(self) -> None:
        """A new *petugas sekretariat* account, made under an id kept for this form: a second tap finds it made."""
        with (
            ui.expansion(t('secretariat.new_staff'), icon='person_add').classes('full-width bg-white').mark('new-staff')
        ):
            ui.label(t('secretariat.new_staff_hint')).classes('text-body2 text-grey-8')
            fields: dict[str, Any] = {
                'name': ui.input(t('accounts.name')).mark('staff-name'),
                'username': ui.input(t('accounts.username')).props('autocapitalize=none').mark('staff-username'),
                'secret': ui.input(t('accounts.password'), password=True).props('autocomplete=new-password')
                .mark('staff-password'),
            }  # fmt: skip
            for element in fields.values():
                element.classes('full-width').props('outlined')
            draft = {'id': new_id()}

            async def create() -> None:
                account = acting_for_secretariat(self.secretariat_id, setting_up=True)
                form = validate(AccountForm, fields, role=Role.SECRETARIAT) if account else None
                if account is None or form is None:
                    return
                try:
                    await create_staff_account(
                        runtime.store, self.secretariat_id, form, account_id=draft['id'], by=account.id
                    )
                except DomainError as error:
                    notify_error(error)
                    return
                ui.notify(t('secretariat.staff_created', username=form.username), type='positive')
                draft['id'] = new_id()  # the next account is another one
                for element in fields.values():
                    element.value = ''
                self.list.refresh()

            TapButton(t('accounts.create'), 'person_add', create, mark='create-staff').classes('full-width')

    async def add(self, account_id: str | None) -> None:
        account = acting_for_secretariat(self.secretariat_id, setting_up=True)
        if account is None or not account_id:
            return
        if await written(add_staff(runtime.store, self.secretariat_id, account_id, by=account.id)):
            ui.notify(t('form.saved'), type='positive')
            self.list.refresh()

    async def remove(self, person: Person) -> None:
        account = acting_for_secretariat(self.secretariat_id, setting_up=True)
        if account is None:
            return
        if await written(remove_staff(runtime.store, self.secretariat_id, person.id, by=account.id)):
            ui.notify(t('secretariat.staff_removed', name=person.name), type='positive')
            self.list.refresh()
