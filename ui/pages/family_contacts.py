"""The family-contact log (`/sekretariat/{id}/kontak`): a family asks the secretariat to help reach a member abroad,
or a worker abroad asks it to reach her family. Who asked, for whom (someone in the register, or a name), when,
what was done and how it ended; those still open first. Its staff and the coordinators only; the list shown is
noted in the trail by ids (`store/secretariat_logs.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from fastapi import Response
from nicegui import ui

from models.register import ContactDirection, ContactForm, ContactOutcome, FamilyContact
from store.secretariat_logs import add_contact, update_contact

from ..format import short_date
from ..i18n import t
from ..runtime import runtime
from .register_frame import today
from .register_logs import LogScreen

OUTCOME_COLOURS = {
    ContactOutcome.OPEN: 'amber-10', ContactOutcome.REACHED: 'positive', ContactOutcome.NOT_REACHED: 'grey-8',
}  # fmt: skip


async def page(secretariat_id: str) -> Response | None:
    return await ContactsScreen.page(secretariat_id)


class ContactsScreen(LogScreen):
    model = FamilyContact
    form = ContactForm
    kind = 'contact'
    icon = 'add_call'

    def card(self, contact: FamilyContact, whom: str) -> None:
        with ui.row().classes('items-center no-wrap full-width'):
            icon = 'flight_land' if contact.direction == ContactDirection.WORKER else 'family_restroom'
            ui.icon(icon, size='28px', color='primary')
            ui.label(t(f'register.direction.{contact.direction.value}')).classes('col text-body2 text-grey-8')
            badge = ui.badge(t(f'register.outcome.{contact.outcome.value}')).props('outline')
            badge.props['color'] = OUTCOME_COLOURS[contact.outcome]
        asked = f'{contact.asked_by} ({contact.asked_by_relation})' if contact.asked_by_relation else contact.asked_by
        ui.label(t('register.contact.asked', who=asked, date=short_date(contact.asked_on))).classes('text-body1')
        ui.label(t('register.contact.for', whom=whom)).classes('text-body2 text-weight-medium')
        if contact.done:
            ui.label(contact.done).classes('text-body2').style('white-space:pre-line')
        if contact.closed_on:
            ui.label(t('register.closed_on', date=short_date(contact.closed_on))).classes('text-caption')

    def fields(self, contact: FamilyContact | None) -> dict[str, Any]:
        directions = {d.value: t(f'register.direction.{d.value}') for d in ContactDirection}
        self.direction = ui.toggle(directions, value=(contact.direction if contact else ContactDirection.FAMILY).value)
        self.direction.props('no-caps').classes('full-width').mark('contact-direction')
        outcomes = {o.value: t(f'register.outcome.{o.value}') for o in ContactOutcome}
        fields: dict[str, Any] = {
            'asked_by': ui.input(t('register.contact.asked_by'), value=contact.asked_by if contact else ''),
            'asked_by_relation': ui.input(t('register.contact.relation'),
                                          value=contact.asked_by_relation if contact else ''),
            'asked_on': ui.input(t('register.contact.asked_on'),
                                 value=(contact.asked_on if contact else today()).isoformat())
            .props('type=date stack-label'),
        }  # fmt: skip
        self.for_whom(contact)
        fields |= {
            'done': ui.textarea(t('register.contact.done'), value=contact.done if contact else ''),
            'outcome': ui.select(outcomes, value=(contact.outcome if contact else ContactOutcome.OPEN).value,
                                 label=t('register.contact.outcome')),
            'closed_on': ui.input(t('register.closed_label'),
                                  value=(contact.closed_on if contact and contact.closed_on else today()).isoformat())
            .props('type=date stack-label'),
        }  # fmt: skip
        fields['closed_on'].bind_visibility_from(
            fields['outcome'], 'value', backward=lambda value: value != ContactOutcome.OPEN.value
        )
        return fields

    def extra(self) -> dict[str, Any]:
        return {'direction': self.direction.value}

    def add(self, form: ContactForm, record_id: str, by: str) -> Awaitable[Any]:
        return add_contact(runtime.store, self.secretariat.id, form, record_id=record_id, by=by)

    def update(self, form: ContactForm, record_id: str, by: str) -> Awaitable[Any]:
        return update_contact(runtime.store, self.secretariat.id, record_id, form, by=by)
