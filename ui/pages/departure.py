"""Before leaving (`/sekretariat/{id}/persiapan`): the villagers who plan to work abroad through the legal route,
each with the documents she has brought so far, the printable sheet of the route, and the secretariat's own list of
documents and offices; and one villager's checklist (`/sekretariat/{id}/persiapan/{entry_id}`), ticked as she
brings each document, printed for her with the route on it.

Its staff and the coordinators only; each list and checklist shown is noted in the trail (`store/departure.py`).
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from nicegui import ui
from pydantic import ValidationError

from models.account import Account
from models.base import DomainError, new_id
from models.departure import OFFICES, Checklist, ChecklistForm, DepartureGuide, DocumentItem, Office
from models.secretariat import Secretariat
from store.departure import (
    ChecklistLine,
    DepartureView,
    add_checklist,
    erase_checklist,
    open_checklist,
    open_checklists,
    save_guide,
    tick,
)

from ..auth import acting_for_secretariat
from ..departure_text import document_name
from ..format import short_date
from ..forms import field_errors, notify_error, show_errors, validate
from ..i18n import t
from ..runtime import runtime
from ..whatsapp import wa_link
from ..widgets import CancelSave, IconButton, LinkCard, Sheet, TapButton
from .register_frame import (
    COUNTRIES,
    ConsentFields,
    erase_button,
    gone_when_closed,
    nothing,
    open_secretariat,
    register_page,
    today,
)


async def list_page(secretariat_id: str) -> Response | None:
    opened = await open_secretariat(
        secretariat_id, lambda account: open_checklists(runtime.store, secretariat_id, by=account.id)
    )
    if isinstance(opened, Response):
        return opened
    with register_page(opened.secretariat, opened.account, 'departure.title', 'departure'):
        DepartureScreen(opened.secretariat, opened.view)
    return None


class DepartureScreen:
    def __init__(self, secretariat: Secretariat, view: DepartureView) -> None:
        """The checklists, the route's sheet to print, and the list of documents and offices."""
        self.secretariat, self.view = secretariat, view
        ui.label(t('departure.hint')).classes('text-body2 text-grey-8')
        with ui.row().classes('full-width q-gutter-sm'):
            TapButton(t('departure.add'), 'person_add', self.add, mark='add-checklist', grow=True)
            TapButton(t('departure.route_pdf'), 'picture_as_pdf', self.route_sheet, mark='route-pdf', look='outline',
                      grow=True)  # fmt: skip
        if not view.lines:
            ui.label(t('departure.none')).classes('text-body1 text-grey-8').mark('no-checklists')
        for line in view.lines:
            self.card(line)
        GuideEditor(secretariat.id, view.guide)

    def card(self, line: ChecklistLine) -> None:
        checklist = line.checklist
        with LinkCard(f'/sekretariat/{self.secretariat.id}/persiapan/{checklist.id}', mark=f'checklist-{checklist.id}'):
            done = checklist.completed_on is not None
            ui.icon('task_alt' if done else 'checklist', size='28px', color='positive' if done else 'primary')
            with ui.column().classes('col').style('gap:4px'):
                ui.label(checklist.name).classes('text-body1 text-weight-medium')
                if checklist.country:
                    ui.label(checklist.country).classes('text-body2')
                ui.label(t('departure.progress', done=line.done, total=line.total)).classes('text-body2').mark(
                    f'progress-{checklist.id}'
                )
                ui.linear_progress(line.done / line.total if line.total else 0, show_value=False, size='8px')
            ui.icon('chevron_right', color='grey-7')

    def route_sheet(self) -> None:
        ui.download.from_url(f'/export/secretariat/{self.secretariat.id}/persiapan.pdf')

    def add(self) -> None:
        """A villager who plans to leave, under her consent."""
        sid = self.secretariat.id
        checklist_id = new_id()  # a second tap finds her saved, not two of her
        with gone_when_closed(Sheet(t('departure.add'))) as sheet:
            consent = ConsentFields(t('departure.default_purpose'))
            fields: dict[str, Any] = {
                'name': ui.input(t('departure.name')).mark('checklist-name'),
                'phone': ui.input(t('departure.phone')).props('type=tel inputmode=tel').mark('checklist-phone'),
                'country': ui.input(t('departure.country'), autocomplete=list(COUNTRIES)).mark('checklist-country'),
            }
            for element in fields.values():
                element.props('outlined').classes('full-width')

            async def save() -> None:
                account = acting_for_secretariat(sid)
                if account is None:
                    return
                given, form = consent.read(), validate(ChecklistForm, fields)
                if given is None or form is None:
                    return
                try:
                    await add_checklist(runtime.store, sid, form, given, checklist_id=checklist_id, by=account.id)
                except DomainError as error:
                    notify_error(error)
                    return
                sheet.close()
                ui.navigate.to(f'/sekretariat/{sid}/persiapan/{checklist_id}')

            CancelSave(sheet, save, mark='save-checklist')
        sheet.open()


class GuideEditor:
    def __init__(self, secretariat_id: str, guide: DepartureGuide) -> None:
        """The secretariat's list of documents (the law's to start with; staff rename, add and take off) and the
        offices where a villager registers, as its sheet prints them."""
        self.secretariat_id = secretariat_id
        self.rows: list[tuple[DocumentItem, ui.input]] = []
        with ui.expansion(t('departure.guide'), icon='edit_document').classes('full-width').mark('guide'):
            ui.label(t('departure.guide_hint')).classes('text-body2 text-grey-8')
            self.list = ui.column().classes('full-width').style('gap:6px')
            for item in guide.documents:
                self.add_row(item)
            TapButton(t('departure.add_document'), 'add', lambda: self.add_row(None), look='flat', mark='add-document')
            self.offices: dict[str, dict[str, ui.input]] = {}
            for kind in OFFICES:
                office = getattr(guide, kind)
                ui.label(t(f'departure.office.{kind}')).classes('text-subtitle2 q-mt-sm')
                self.offices[kind] = {
                    name: ui.input(t(f'departure.office_field.{name}'), value=getattr(office, name))
                    .props('outlined').classes('full-width').mark(f'office-{kind}-{name}')
                    for name in ('name', 'address', 'phone')
                }  # fmt: skip
            TapButton(t('departure.save_guide'), 'save', self.save, mark='save-guide').classes('full-width')

    def add_row(self, item: DocumentItem | None) -> None:
        item = item or DocumentItem(key=f'doc-{new_id()[:8]}')
        number = len(self.rows)
        with self.list, ui.row().classes('full-width items-center no-wrap') as row:
            field = ui.input(t('departure.document'), value=document_name(item)).props('outlined dense')
            field.classes('col').mark(f'document-{number}')
            IconButton('delete', t('departure.remove_document'), lambda: self.remove(row, field),
                       mark=f'remove-document-{number}', colour='negative')  # fmt: skip
        self.rows.append((item, field))

    def remove(self, row: ui.row, field: ui.input) -> None:
        self.rows = [(item, f) for item, f in self.rows if f is not field]
        row.delete()

    async def save(self) -> None:
        account = acting_for_secretariat(self.secretariat_id)
        if account is None:
            return
        documents = []
        for item, field in self.rows:
            typed = (field.value or '').strip()
            if typed:  # the law's name kept as a key alone, so it is read in her language
                documents.append(DocumentItem(key=item.key, label='' if typed == document_name(item) else typed))
        if not documents:
            ui.notify(t('departure.documents_needed'), type='negative')
            return
        offices = {}
        for kind, inputs in self.offices.items():
            try:
                offices[kind] = Office.model_validate({name: element.value or '' for name, element in inputs.items()})
            except ValidationError as error:
                show_errors(inputs, field_errors(error))
                return
            show_errors(inputs, {})
        try:
            await save_guide(runtime.store, self.secretariat_id, documents, offices, by=account.id)
        except DomainError as error:
            notify_error(error)
            return
        ui.notify(t('form.saved'), type='positive')


# ---- one checklist ----------------------------------------------------------------------------------------------


async def checklist_page(secretariat_id: str, entry_id: str) -> Response | None:
    opened = await open_secretariat(secretariat_id, nothing)
    if isinstance(opened, Response):
        return opened
    secretariat, account = opened.secretariat, opened.account
    try:
        checklist, guide = await open_checklist(runtime.store, secretariat_id, entry_id, by=account.id)
    except DomainError:
        checklist = None
    with register_page(secretariat, account, 'departure.one', 'departure'):
        if checklist is None:
            ui.label(t('departure.gone')).classes('text-body1').mark('checklist-gone')
            TapButton(t('departure.title'), 'checklist',
                      lambda: ui.navigate.to(f'/sekretariat/{secretariat_id}/persiapan'), look='outline')  # fmt: skip
            return None
        ChecklistScreen(secretariat, account, checklist, guide)
    return None


class ChecklistScreen:
    def __init__(self, secretariat: Secretariat, account: Account, checklist: Checklist, guide: DepartureGuide) -> None:
        """Her documents, one tap each as she brings it, the progress, and her sheet to print."""
        self.secretariat, self.checklist, self.guide = secretariat, checklist, guide
        sid = secretariat.id
        with ui.card().classes('full-width q-pa-sm'):
            ui.label(checklist.name).classes('text-h6').mark('checklist-title')
            details = ' · '.join(part for part in (checklist.country, checklist.phone) if part)
            if details:
                ui.label(details).classes('text-body2')
            consent = checklist.consent
            ui.label(t('register.consent.line', purpose=consent.purpose, date=short_date(consent.given_on),
                       giver=t(f'register.giver.{consent.giver.value}'), name=consent.giver_name)).classes(
                'text-caption text-grey-8'
            )  # fmt: skip
        link = wa_link(checklist.phone) if checklist.phone else None
        if link:
            TapButton(t('departure.whatsapp'), 'chat', lambda: ui.navigate.to(link, new_tab=True), colour='green-8',
                      mark='checklist-wa').classes('full-width')  # fmt: skip
        self.progress()
        for item in guide.documents:
            self.document(item)
        TapButton(t('departure.checklist_pdf'), 'picture_as_pdf',
                  lambda: ui.download.from_url(f'/export/secretariat/{sid}/checklist/{checklist.id}.pdf'),
                  look='outline', mark='checklist-pdf').classes('full-width')  # fmt: skip
        erase_button(
            sid, account, 'departure.erase',
            lambda acting: erase_checklist(runtime.store, sid, checklist.id, by=acting.id), self.erased,
        )  # fmt: skip

    @ui.refreshable_method
    def progress(self) -> None:
        done = sum(1 for item in self.guide.documents if item.key in self.checklist.ticked)
        total = len(self.guide.documents)
        key = 'departure.complete' if self.checklist.completed_on else 'departure.progress'
        ui.label(t(key, done=done, total=total)).classes('text-subtitle1 text-weight-medium').mark('checklist-progress')
        ui.linear_progress(done / total if total else 0, show_value=False, size='10px')

    def document(self, item: DocumentItem) -> None:
        brought = self.checklist.ticked.get(item.key)
        with ui.row().classes('full-width items-center no-wrap'):
            box = ui.checkbox(document_name(item), value=brought is not None).classes('col tap text-body1')
            box.mark(f'tick-{item.key}')
            when = ui.label(t('departure.brought', date=short_date(brought)) if brought else '').classes(
                'text-caption text-grey-8'
            )
            box.on_value_change(lambda e, key=item.key, when=when: self.tick(key, bool(e.value), when))

    async def tick(self, key: str, brought: bool, when: ui.label) -> None:
        account = acting_for_secretariat(self.secretariat.id)
        if account is None:
            return
        day = today()
        try:
            self.checklist = await tick(runtime.store, self.secretariat.id, self.checklist.id, key, brought=brought,
                                        on=day, by=account.id)  # fmt: skip
        except DomainError as error:
            notify_error(error)
            return
        brought_on = self.checklist.ticked.get(key)
        when.set_text(t('departure.brought', date=short_date(brought_on)) if brought_on else '')
        self.progress.refresh()

    def erased(self, _: Any) -> None:
        ui.notify(t('register.erased_one'), type='positive')
        ui.navigate.to(f'/sekretariat/{self.secretariat.id}/persiapan')
