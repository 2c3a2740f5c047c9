"""The coordinator's audit trail: who changed what and when, with the record before and after, filtered by
kind, programme, person and dates. Read-only: nothing on this page, or anywhere in the app, edits an entry."""

from __future__ import annotations

import datetime as dt

from fastapi import Response
from nicegui import ui

from models.account import Account, Role
from models.permissions import may_see_sensitive
from models.programme import Programme, Zone
from store import Store
from store.audit import KINDS, AuditFilter
from store.audit_view import Row, trail

from .. import auth
from ..audit_text import action_text, change_texts, when_text, who_text
from ..documents.audit_routes import parse_date, query_of
from ..frame import frame
from ..i18n import current_lang, t
from ..runtime import runtime
from ..widgets import TapButton
from .programmes import date_input

COORDINATOR = Role.COORDINATOR
KIND_ICONS = {
    'attendance': 'how_to_reg', 'day': 'event', 'mark': 'grading', 'card': 'badge', 'certificate': 'workspace_premium',
    'aid': 'volunteer_activism', 'account': 'manage_accounts', 'participant': 'person', 'backup': 'backup',
    'ledger': 'menu_book', 'audit': 'policy', 'secretariat': 'home_work',
}  # fmt: skip
DOWNLOADS = {'xlsx': 'table_view', 'csv': 'description'}
SHOWN_CHARS = 300  # of a value on the phone (a long case note); the downloads hold it whole


async def page() -> Response | None:
    store = await runtime.ready()
    account = auth.page_user()
    with frame('audit.title', active='/'):
        ui.label(t('audit.title')).classes('text-h5 text-weight-bold')
        ui.label(t('audit.hint')).classes('text-body2 text-grey-8')
        AuditScreen(store, sensitive=may_see_sensitive(account))
    return None


class AuditScreen:
    """The filters, the downloads of what they select, and the entries, newest first."""

    def __init__(self, store: Store, *, sensitive: bool) -> None:
        self.sensitive = sensitive
        programmes = sorted(store.all(Programme), key=lambda p: p.start, reverse=True)
        people = sorted(store.all(Account), key=lambda a: a.name.lower())
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
        with ui.row().classes('full-width no-wrap q-gutter-x-sm'):
            for ext, icon in DOWNLOADS.items():
                TapButton(t(f'audit.download_{ext}'), icon, lambda ext=ext: self.download(ext),
                          mark=f'download-audit-{ext}', look='outline', grow=True)  # fmt: skip
        self.count = ui.label().classes('text-body2 text-grey-8').mark('audit-count')
        self.list = ui.column().classes('full-width q-gutter-y-xs').mark('audit-list')
        self.show()

    def where(self) -> AuditFilter:
        return AuditFilter(
            kind=self.kind.value or '', programme_id=self.programme.value or '', by=self.by.value or '',
            since=parse_date(self.since.value), until=parse_date(self.until.value), text=self.text.value or '',
        )  # fmt: skip

    def download(self, ext: str) -> None:
        """The download of what the filters select now."""
        ui.download.from_url(f'/export/audit.{ext}{query_of(self.where())}')

    def show(self) -> None:
        found = trail(runtime.store, self.where(), sensitive=self.sensitive)
        self.count.set_text(t('audit.count', shown=len(found.rows), total=found.total))
        self.list.clear()
        lang = current_lang()
        with self.list:
            if not found.rows:
                ui.label(t('audit.none')).classes('text-grey-7')
            for row in found.rows:
                EntryCard(row, lang)


class EntryCard(ui.card):
    """One entry: what happened to whom, when (at its programme's clock) and by whom, its note, and what changed,
    a field a line with its label, before and after; her sensitive fields on orange, as on her page."""

    def __init__(self, row: Row, lang: str) -> None:
        super().__init__()
        self.classes('full-width q-pa-sm').mark(f'audit-{row.id}')
        with self:
            with ui.row().classes('items-center no-wrap full-width'):
                ui.icon(KIND_ICONS.get(row.kind, 'history'), color='primary', size='24px')
                with ui.column().classes('col gap-0'):
                    ui.label(f'{action_text(row.action, lang)} · {row.subject}').classes(
                        'text-body2 text-weight-medium'
                    ).mark('audit-action')
                    where = f' · {row.programme}' if row.programme else ''
                    ui.label(f'{when_text(row, lang)} · {who_text(row, lang)}{where}').classes(
                        'text-caption text-grey-8'
                    ).mark('audit-when')
                    if row.note:
                        ui.label(row.note).classes('text-caption').style('overflow-wrap:anywhere')
            if row.changes:
                self.changes(row, lang)

    def changes(self, row: Row, lang: str) -> None:
        with ui.expansion(t('audit.changes', count=len(row.changes))).classes('full-width text-caption'):
            for change in row.changes:
                label, before, after = change_texts(row, change, lang)
                with ui.column().classes('full-width gap-0 q-py-xs' + (' bg-orange-1' if change.sensitive else '')):
                    ui.label(label).classes('text-caption text-weight-medium')
                    ui.label(f'{_short(before)} → {_short(after)}').classes('text-caption').style(
                        'overflow-wrap:anywhere'
                    ).mark('audit-change')
                    if change.sensitive:
                        ui.label(t('audit.sensitive')).classes('text-caption text-orange-10')


def _short(text: str) -> str:
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
