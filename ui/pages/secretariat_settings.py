"""A secretariat's settings (`/sekretariat/{id}/atur`): where it is and how to reach it, its help for those
abroad (the agency's hotline, embassies and consulates, what to bring), its staff (`secretariat_staff.py`), and
the groups and programmes linked to it. Coordinators change them; its own staff read them.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from nicegui import ui
from pydantic import ValidationError

from models.base import DomainError
from models.permissions import may_set_up_secretariats
from models.secretariat import EmbassyContact, SecretariatSettings
from store.secretariats import (
    SecretariatView,
    members_reached,
    secretariat_view,
    set_links,
    settings_choices,
    update_secretariat,
)

from ..auth import acting_for_secretariat, page_user, refusal, serving
from ..forms import field_errors, notify_error, show_errors, values
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import IconButton, TapButton, title_bar
from .helpdesk_inbox import inbox_button
from .register_frame import RegisterLinks
from .secretariat_staff import StaffSection

PLACE = ('name', 'slug', 'village', 'district', 'regency', 'wa_number', 'hours')
HELP = ('agency_name', 'agency_phone', 'agency_phone_abroad')


async def settings_page(secretariat_id: str) -> Response | None:
    store = await runtime.ready()
    account = page_user()
    secretariat = serving(secretariat_id)
    if secretariat is None:
        return refusal('secretariat.not_yours')
    view = secretariat_view(store, secretariat)
    coordinator = may_set_up_secretariats(account)
    with frame('secretariat.settings', active='/sekretariat'):
        title_bar('/sekretariat' if coordinator else '/', secretariat.name, t('secretariat.settings'))
        if not coordinator:
            ui.label(t('secretariat.read_only')).classes('text-body2 text-grey-8').mark('read-only')
        public_address(secretariat.slug)
        TapButton(t('notices.open_board'), 'campaign', lambda: ui.navigate.to(f'/sekretariat/{secretariat_id}/papan'),
                  look='outline', mark='open-board').classes('full-width')  # fmt: skip
        inbox_button(secretariat_id, look='outline')  # the help desk's messages
        RegisterLinks(secretariat)  # its register, family contacts, cases, checklists and summary
        SettingsForm(view, editable=coordinator)
        StaffSection(secretariat_id, editable=coordinator)
        LinksSection(view, editable=coordinator)
    return None


def public_address(slug: str) -> None:
    """The address its public page will have, as text to read out or copy (`…/sekretariat/bumidaya`)."""
    request = ui.context.client.request
    base = str(request.base_url).rstrip('/') if request else ''
    with ui.column().classes('full-width gap-0'):
        ui.label(t('secretariat.public_address')).classes('text-caption text-grey-8')
        ui.label(f'{base}/sekretariat/{slug}').classes('text-body2 text-weight-medium').style(
            'overflow-wrap:anywhere'
        ).mark('public-address')


class SecretariatFields:
    def __init__(self, settings: SecretariatSettings | None, *, editable: bool = True, place_only: bool = False):
        """The settings' inputs, filled from `settings` (empty for a new one): where it is and how to reach it,
        and unless `place_only`, its help for those abroad. Read-only unless `editable`."""
        self.settings = settings
        self.fields: dict[str, Any] = {name: self._input(name) for name in PLACE}
        self.fields['slug'].props['prefix'] = '/sekretariat/'
        self.fields['slug'].props('autocapitalize=none')
        self.fields['wa_number'].props('type=tel inputmode=tel autocomplete=off')
        self.embassies: EmbassyList | None = None
        if not place_only:
            active = settings.active if settings else True
            self.fields['active'] = ui.switch(t('secretariat.field.active'), value=active).mark('secretariat-active')
            ui.label(t('secretariat.help_abroad')).classes('text-subtitle1 text-weight-medium q-mt-md')
            ui.label(t('secretariat.help_abroad_hint')).classes('text-body2 text-grey-8')
            self.fields |= {name: self._input(name) for name in HELP}
            self.embassies = EmbassyList(settings.embassies if settings else [], editable=editable)
            self.fields['what_to_bring'] = self._input('what_to_bring', area=True)
        for name, element in self.fields.items():
            hint = f'secretariat.hint.{name}'
            if name in ('slug', 'wa_number', 'hours', 'agency_phone', 'agency_phone_abroad', 'what_to_bring'):
                element.props['hint'] = t(hint)
            if not editable:
                element.props['readonly' if name != 'active' else 'disable'] = True

    def _input(self, name: str, *, area: bool = False) -> ui.input | ui.textarea:
        value = str(getattr(self.settings, name, '') or '') if self.settings else ''
        kind = ui.textarea if area else ui.input
        element = kind(t(f'secretariat.field.{name}'), value=value).props('outlined').classes('full-width')
        return element.mark(f'secretariat-{name.replace("_", "-")}')

    def read(self) -> SecretariatSettings | None:
        """The settings as typed, or None after showing each refusal beside its field."""
        data = {k: v for k, v in values(self.fields).items() if v is not None}
        shown = dict(self.fields)
        if self.embassies is not None:
            data['embassies'] = self.embassies.values()
            shown |= self.embassies.fields()
        try:
            settings = SecretariatSettings.model_validate(data)
        except ValidationError as error:
            show_errors(shown, field_errors(error))
            return None
        show_errors(shown, {})
        return settings

    def refused(self, error: DomainError) -> None:
        """A refusal from the store: a taken address beside the address, any other in a notice."""
        if error.key == 'secretariat_slug_taken':
            show_errors(self.fields, {'slug': t('error.secretariat_slug_taken', slug=error.params.get('slug', ''))})
        else:
            notify_error(error)


class EmbassyList(ui.column):
    def __init__(self, contacts: list[EmbassyContact], *, editable: bool) -> None:
        """The embassies and consulates (KBRI, KJRI, KDEI) a worker abroad can call: while `editable` a row of
        inputs each (country, name, number), added and taken away; else a line each to read."""
        super().__init__()
        self.editable = editable
        self.classes('full-width gap-1').mark('embassies')
        self.rows: list[dict[str, Any]] = []
        with self:
            ui.label(t('secretariat.embassies')).classes('text-subtitle2')
            self.body = ui.column().classes('full-width gap-1')
            if editable:
                TapButton(t('secretariat.add_embassy'), 'add', lambda: self.add(None), mark='add-embassy', look='flat')
        if not editable:  # to read: a line each
            with self.body:
                for contact in contacts:
                    ui.label(t('secretariat.embassy_line', name=contact.name, country=contact.country,
                               phone=contact.phone)).classes('text-body2')  # fmt: skip
                if not contacts:
                    ui.label(t('secretariat.no_embassies')).classes('text-body2 text-grey-8')
            return
        for contact in contacts:
            self.add(contact)

    def add(self, contact: EmbassyContact | None) -> None:
        number = len(self.rows)
        with self.body, ui.card().classes('full-width q-pa-sm') as card:
            row: dict[str, Any] = {}
            for name in ('country', 'name', 'phone'):
                value = getattr(contact, name) if contact else ''
                element = ui.input(t(f'secretariat.embassy.{name}'), value=value).props('outlined dense')
                row[name] = element.classes('full-width').mark(f'embassy-{number}-{name}')
            row['phone'].props('type=tel inputmode=tel')
            IconButton('delete', t('secretariat.remove_embassy'), lambda: self.remove(row, card),
                       mark=f'remove-embassy-{number}', colour='negative')  # fmt: skip
        self.rows.append(row)

    def remove(self, row: dict[str, Any], card: ui.card) -> None:
        self.rows.remove(row)
        card.delete()

    def _filled(self) -> list[dict[str, Any]]:
        """The rows with anything typed in them; a row left empty is no contact."""
        return [row for row in self.rows if any((row[k].value or '').strip() for k in ('country', 'name', 'phone'))]

    def values(self) -> list[dict[str, str]]:
        return [{k: row[k].value or '' for k in ('country', 'name', 'phone')} for row in self._filled()]

    def fields(self) -> dict[str, Any]:
        """Each input by the name pydantic gives its refusal (`embassies.0.phone`)."""
        return {f'embassies.{n}.{k}': row[k] for n, row in enumerate(self._filled()) for k in row}


class SettingsForm:
    def __init__(self, view: SecretariatView, *, editable: bool) -> None:
        """Its settings with a Save button for the coordinator; her own secretariat's, read-only, for its staff."""
        self.secretariat_id = view.secretariat.id
        ui.label(t('secretariat.about')).classes('text-subtitle1 text-weight-medium q-mt-sm')
        self.inputs = SecretariatFields(view.secretariat.settings(), editable=editable)
        if editable:
            TapButton(t('form.save'), 'save', self.save, mark='save-secretariat').classes('full-width')

    async def save(self) -> None:
        account = acting_for_secretariat(self.secretariat_id, setting_up=True)
        if account is None:
            return
        settings = self.inputs.read()
        if settings is None:
            return
        try:
            await update_secretariat(runtime.store, self.secretariat_id, settings, by=account.id)
        except DomainError as error:
            self.inputs.refused(error)
            return
        ui.notify(t('form.saved'), type='positive')


class LinksSection:
    def __init__(self, view: SecretariatView, *, editable: bool) -> None:
        """The groups (a KWT) and programmes linked to it, whose members and trainees it reaches."""
        self.secretariat_id = view.secretariat.id
        choices = settings_choices(runtime.store, view.secretariat) if editable else None
        ui.label(t('secretariat.links')).classes('text-subtitle1 text-weight-medium q-mt-md')
        ui.label(t('secretariat.links_hint')).classes('text-body2 text-grey-8')
        self.groups = self._select('groups', choices.groups if choices else view.groups, list(view.groups), editable)
        self.programmes = self._select(
            'programmes', choices.programmes if choices else view.programmes, list(view.programmes), editable
        )
        self.reached = ui.label(t('secretariat.reached', count=view.reached)).classes('text-body2').mark('reached')
        if editable:
            TapButton(t('secretariat.save_links'), 'link', self.save, mark='save-links').classes('full-width')

    def _select(self, name: str, options: dict[str, str], value: list[str], editable: bool) -> ui.select:
        select = ui.select(options, multiple=True, value=value, label=t(f'secretariat.linked_{name}'))
        select.props('outlined use-chips').classes('full-width').mark(f'linked-{name}')
        if not editable:
            select.props['readonly'] = True
        return select

    async def save(self) -> None:
        account = acting_for_secretariat(self.secretariat_id, setting_up=True)
        if account is None:
            return
        try:
            updated = await set_links(
                runtime.store, self.secretariat_id, group_ids=list(self.groups.value or []),
                programme_ids=list(self.programmes.value or []), by=account.id,
            )  # fmt: skip
        except DomainError as error:
            notify_error(error)
            return
        self.reached.set_text(t('secretariat.reached', count=len(members_reached(runtime.store, updated))))
        ui.notify(t('form.saved'), type='positive')
