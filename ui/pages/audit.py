"""The coordinator's audit trail: who changed what and when, with the record before and after, filtered by
kind, programme, person and dates. Read-only: nothing on this page, or anywhere in the app, edits an entry."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Account, Role
from models.audit import AuditEntry
from models.participant import Group, Participant
from models.programme import Programme, Zone
from store import Store
from store.audit import KINDS, AuditFilter, changed_fields, entries

from .. import auth
from ..format import local_time, short_date
from ..frame import frame
from ..i18n import catalogue, current_lang, t
from ..runtime import runtime
from ..widgets import TapButton
from .programmes import date_input

COORDINATOR = Role.COORDINATOR
KIND_ICONS = {
    'attendance': 'how_to_reg', 'day': 'event', 'mark': 'grading', 'card': 'badge', 'certificate': 'workspace_premium',
    'aid': 'volunteer_activism', 'account': 'manage_accounts', 'participant': 'visibility', 'backup': 'backup',
}  # fmt: skip
SHOWN_FIELDS = 12
SHOWN_CHARS = 80


async def page() -> Response | None:
    store = await runtime.ready()
    with frame('audit.title', active='/'):
        ui.label(t('audit.title')).classes('text-h5 text-weight-bold')
        ui.label(t('audit.hint')).classes('text-body2 text-grey-8')
        AuditScreen(store)
    return None


class AuditScreen:
    def __init__(self, store: Store) -> None:
        programmes = sorted(store.all(Programme), key=lambda p: p.start, reverse=True)
        people = sorted(store.all(Account), key=lambda a: a.name.lower())
        self.names = {a.id: a.name for a in people}
        self.programmes = {p.id: p for p in programmes}
        with ui.expansion(t('audit.filter'), icon='filter_list', value=True).classes('full-width bg-white'):
            self.kind = ui.select(
                {'': t('audit.all')} | {k: t(f'audit.kind.{k}') for k in KINDS}, value='', label=t('audit.kind')
            ).mark('filter-kind')
            self.programme = ui.select(
                {'': t('audit.all')} | {p.id: p.name for p in programmes}, value='', label=t('audit.programme')
            ).mark('filter-programme')
            self.by = ui.select(
                {'': t('audit.all')} | {a.id: f'{a.name} · {a.username}' for a in people}, value='',
                label=t('audit.by'), with_input=True,
            ).mark('filter-by')  # fmt: skip
            with ui.row().classes('full-width no-wrap q-gutter-x-sm'):
                self.since = date_input(t('audit.since'), _today()).classes('col').mark('filter-since')
                self.until = date_input(t('audit.until'), _today()).classes('col').mark('filter-until')
            self.since.value = self.until.value = ''
            self.text = ui.input(t('audit.text')).mark('filter-text')
            for element in (self.kind, self.programme, self.by, self.since, self.until, self.text):
                element.classes('full-width').props('outlined dense')
                element.on_value_change(self.show)
        self.count = ui.label().classes('text-body2 text-grey-8').mark('audit-count')
        self.list = ui.column().classes('full-width q-gutter-y-xs').mark('audit-list')
        self.show()

    def where(self) -> AuditFilter:
        return AuditFilter(
            kind=self.kind.value or '', programme_id=self.programme.value or '', by=self.by.value or '',
            since=_date(self.since.value), until=_date(self.until.value), text=self.text.value or '',
        )  # fmt: skip

    def show(self) -> None:
        store = runtime.store
        found, total = entries(store, self.where())
        self.count.set_text(t('audit.count', shown=len(found), total=total))
        self.list.clear()
        with self.list:
            if not found:
                ui.label(t('audit.none')).classes('text-grey-7')
            for item in found:
                self.row(store, item)

    def row(self, store: Store, item: AuditEntry) -> None:
        kind = item.action.split('.', 1)[0]
        programme = self.programmes.get(item.programme_id or '')
        zone = programme.zone if programme else Zone.WIB
        with ui.card().classes('full-width q-pa-sm').mark(f'audit-{item.id}'):
            with ui.row().classes('items-center no-wrap full-width'):
                ui.icon(KIND_ICONS.get(kind, 'history'), color='primary', size='24px')
                with ui.column().classes('col q-gutter-none'):
                    ui.label(f'{_action(item.action)} · {_subject(store, item)}').classes(
                        'text-body2 text-weight-medium'
                    ).mark('audit-action')
                    who = self.names.get(item.by) or (t('audit.system') if item.by == '-' else item.by[:8])
                    when = f'{short_date(item.at.astimezone(zone.tz).date())} {local_time(item.at, zone)}'
                    ui.label(f'{when} · {who}' + (f' · {programme.name}' if programme else '')).classes(
                        'text-caption text-grey-8'
                    )
                    if item.note:
                        ui.label(item.note).classes('text-caption')
            changes = changed_fields(item.before, item.after)
            if changes:
                with ui.expansion(t('audit.changes', count=len(changes))).classes('full-width text-caption'):
                    for field, before, after in changes[:SHOWN_FIELDS]:
                        ui.label(f'{field}: {_short(before)} → {_short(after)}').classes('text-caption').style(
                            'word-break:break-all'
                        )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _action(action: str) -> str:
    key = f'audit.action.{action.replace(".", "_")}'
    return t(key) if key in catalogue(current_lang()) else action


def _subject(store: Store, item: AuditEntry) -> str:
    """Whom the entry is about, by name: the trainee of a mark or handover, the account, else a short id."""
    record: dict[str, Any] = item.after or item.before or {}
    person = store.get(Participant, record.get('participant_id') or item.target)
    if person is not None:
        return person.name
    group = store.get(Group, record.get('group_id') or '')
    if group is not None:
        return group.name
    account = store.get(Account, item.target) if item.action.startswith('account.') else None
    if account is not None:
        return account.name
    return str(record.get('name') or item.target[:24])


def _short(value: Any) -> str:
    text = '–' if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + '…'


def admin_links() -> None:
    """On the coordinator's home page: the audit trail and the backups."""
    with ui.row().classes('full-width no-wrap q-gutter-x-sm'):
        TapButton(
            t('audit.title'), 'policy', lambda: ui.navigate.to('/audit'), mark='open-audit', look='outline', grow=True
        )
        TapButton(
            t('backup.title'),
            'backup',
            lambda: ui.navigate.to('/backup'),
            mark='open-backup',
            look='outline',
            grow=True,
        )


def _today() -> dt.date:
    """The agency's date (WIB), not the server's own zone's: a server in UTC is a day behind until 07.00."""
    return auth.now().astimezone(Zone.WIB.tz).date()
