"""The coordinator's account screen: create accounts, reset a PIN or password, disable, unlock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Account, AccountForm, Role
from models.base import DomainError
from models.participant import Participant
from store.accounts import create_account, reset_secret, set_disabled, unlock

from ..auth import current_account, guard
from ..forms import notify_error, show_errors, validate
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet

COORDINATOR = Role.COORDINATOR
ROLE_ICONS = {
    Role.COORDINATOR: 'admin_panel_settings', Role.INSTRUCTOR: 'school', Role.SECRETARIAT: 'home_work',
    Role.TRAINEE: 'person',
}  # fmt: skip


async def page() -> Response | None:
    await runtime.ready()
    with frame('accounts.title', active='/accounts'):
        ui.label(t('accounts.title')).classes('text-h5 text-weight-bold')
        search = (
            ui.input(t('accounts.search'))
            .props('outlined clearable prepend-icon=search')
            .classes('full-width')
            .mark('account-search')
        )

        @ui.refreshable
        def accounts() -> None:
            now = dt.datetime.now(dt.UTC)
            needle = (search.value or '').strip().lower()
            everyone = sorted(runtime.store.all(Account), key=lambda a: (list(Role).index(a.role), a.name.lower()))
            for role in Role:
                shown = [
                    a for a in everyone if a.role == role and (not needle or needle in f'{a.name} {a.username}'.lower())
                ]
                if not shown:
                    continue
                ui.label(t(f'accounts.role_heading.{role.value}', count=len(shown))).classes('text-h6 q-mt-md')
                for item in shown:
                    _account_row(item, now, accounts)

        search.on_value_change(accounts.refresh)
        _create_section(accounts)
        accounts()
    return None


def _me() -> str:
    """The coordinator acting, for the audit trail (the handler's guard has just checked her)."""
    me = current_account()
    return me.id if me is not None else '-'


def _account_row(item: Account, now: dt.datetime, accounts: Any) -> None:
    with ui.card().classes('full-width q-pa-sm').mark(f'account-{item.username}'):
        with ui.row().classes('items-center no-wrap full-width'):
            ui.icon(ROLE_ICONS[item.role], size='28px', color='grey-5' if item.disabled else 'primary')
            with ui.column().classes('col q-gutter-none'):
                ui.label(item.name).classes('text-body1 text-weight-medium')
                ui.label(item.username).classes('text-body2 text-grey-8')
                if item.disabled:
                    ui.label(t('accounts.disabled')).classes('text-body2 text-negative').mark('status-disabled')
                elif item.locked(now):
                    ui.label(t('accounts.locked', minutes=item.minutes_locked(now))).classes(
                        'text-body2 text-negative'
                    ).mark('status-locked')
        with ui.row().classes('items-center no-wrap').style('gap:4px'):
            ui.button(t('accounts.reset'), icon='password', on_click=lambda: _reset_dialog(item)).props(
                'flat dense color=primary no-caps'
            ).classes('tap').mark(f'reset-{item.username}')
            if item.locked(now):

                @guard(COORDINATOR)
                async def do_unlock() -> None:
                    await unlock(runtime.store, item.id, by=_me())
                    ui.notify(t('accounts.unlocked'), type='positive')
                    accounts.refresh()

                ui.button(t('accounts.unlock'), icon='lock_open', on_click=do_unlock).props(
                    'flat dense color=primary no-caps'
                ).classes('tap').mark(f'unlock-{item.username}')

            @guard(COORDINATOR)
            async def toggle() -> None:
                if _me() == item.id:
                    ui.notify(t('accounts.not_yourself'), type='warning')
                    return
                await set_disabled(runtime.store, item.id, not item.disabled, by=_me())
                accounts.refresh()

            toggle_button = ui.button(
                t('accounts.enable') if item.disabled else t('accounts.disable'),
                icon='toggle_on' if item.disabled else 'block', on_click=toggle,
            ).props('flat dense no-caps')  # fmt: skip
            toggle_button.props['color'] = 'positive' if item.disabled else 'negative'
            toggle_button.classes('tap').mark(f'toggle-{item.username}')


def _reset_dialog(item: Account) -> None:
    trainee = item.role == Role.TRAINEE
    with Sheet(t('accounts.reset_for', name=item.name), width=420) as dialog:
        secret = ui.input(t('accounts.new_pin') if trainee else t('accounts.new_password'), password=True).props(
            'outlined inputmode=numeric maxlength=6 autocomplete=new-password' if trainee else 'outlined'
        )
        secret.classes('full-width').mark('new-secret')
        ui.label(t('accounts.reset_hint')).classes('text-body2 text-grey-8')

        @guard(COORDINATOR)
        async def save() -> None:
            try:
                await reset_secret(runtime.store, item.id, secret.value or '', by=_me())
            except DomainError as error:
                show_errors({'secret': secret}, {'secret': t(f'form.{error.key}')})
                return
            dialog.close()
            ui.notify(t('accounts.reset_done', name=item.name), type='positive')

        CancelSave(dialog, save, mark='save-secret')
    dialog.open()


def _follow_role(fields: dict[str, Any]) -> None:
    """A trainee's account: her participant record and a PIN on the number pad; staff: a username, NIP, password."""
    trainee = fields['role'].value == Role.TRAINEE.value
    fields['participant_id'].set_visibility(trainee)
    fields['username'].set_visibility(not trainee)
    fields['nip'].set_visibility(not trainee)
    fields['secret'].props['label'] = t('accounts.pin') if trainee else t('accounts.password')
    fields['secret'].props['inputmode'] = 'numeric' if trainee else 'text'


def _create_section(accounts: Any) -> None:
    store = runtime.store
    with ui.expansion(t('accounts.new'), icon='person_add').classes('full-width bg-white').mark('new-account'):
        has_account = {a.participant_id for a in store.all(Account) if a.participant_id}
        people = sorted(
            (p for p in store.all(Participant) if p.id not in has_account and p.phone), key=lambda p: p.name.lower()
        )
        fields: dict[str, Any] = {
            'role': ui.select(
                {r.value: t(f'role.{r.value}') for r in Role}, label=t('accounts.role'), value=Role.TRAINEE.value
            ).mark('new-role'),
            'participant_id': ui.select(
                {p.id: f'{p.name} · {p.phone}' for p in people}, label=t('accounts.participant'), with_input=True
            ).mark('new-participant'),
            'name': ui.input(t('accounts.name')).mark('new-name'),
            'username': ui.input(t('accounts.username')).props('autocapitalize=none').mark('new-username'),
            'secret': ui.input(t('accounts.secret'), password=True)
            .props('autocomplete=new-password')
            .mark('new-secret'),
            'nip': ui.input(t('accounts.nip')).props('inputmode=numeric').mark('new-nip'),
        }
        for element in fields.values():
            element.classes('full-width').props('outlined')

        def follow_participant() -> None:
            chosen = store.get(Participant, fields['participant_id'].value or '')
            if chosen is not None and not fields['name'].value:
                fields['name'].value = chosen.name

        fields['role'].on_value_change(lambda: _follow_role(fields))
        fields['participant_id'].on_value_change(follow_participant)
        _follow_role(fields)

        @guard(COORDINATOR)
        async def create() -> None:
            form = validate(AccountForm, fields)
            if form is None:
                return
            try:
                created = await create_account(runtime.store, form, by=_me())
            except DomainError as error:
                notify_error(error)
                return
            ui.notify(t('accounts.created', username=created.username), type='positive')
            fields['participant_id'].set_options(
                {k: v for k, v in fields['participant_id'].options.items() if k != form.participant_id}, value=None
            )
            for name in ('name', 'username', 'secret', 'nip'):
                fields[name].value = ''
            accounts.refresh()

        ui.button(t('accounts.create'), icon='person_add', on_click=create).props('unelevated color=primary').classes(
            'tap full-width'
        ).mark('create-account')
