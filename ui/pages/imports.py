"""Import participants into a programme from CSV or XLSX: upload, check, see each refused row, then save.

The templates are plain routes (`/import/template.csv`, `/import/template.xlsx`) so a browser downloads
them; they carry no participant data but are still coordinator-only, like the page.
"""

from __future__ import annotations

from fastapi import Request, Response
from nicegui import events, ui

from models.account import Role
from models.base import DomainError
from store.imports.apply import apply_import
from store.imports.plan import ImportPlan, plan_import
from store.imports.read import read_rows

from ..auth import current_account, guard
from ..documents.import_template import template_csv, template_xlsx
from ..forms import notify_error
from ..frame import programme_page
from ..i18n import t
from ..runtime import runtime
from ..widgets import TapButton

COORDINATOR = Role.COORDINATOR
TEMPLATES = (('import.template_xlsx', '/import/template.xlsx'), ('import.template_csv', '/import/template.csv'))
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


async def csv_template(request: Request) -> Response:
    return _template(request, template_csv(), 'text/csv; charset=utf-8', 'templat-peserta.csv')


async def xlsx_template(request: Request) -> Response:
    return _template(request, template_xlsx(), XLSX, 'templat-peserta.xlsx')


def _template(request: Request, body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={'Content-Disposition': f'attachment; filename="{filename}"'})


async def page(programme_id: str) -> Response | None:
    with programme_page(programme_id, 'import.title', back=f'/programmes/{programme_id}/participants') as programme:
        if programme is None:
            return None
        ui.label(t('import.steps')).classes('text-body2 text-grey-8')
        with ui.row().classes('q-gutter-sm'):
            for key, url in TEMPLATES:
                TapButton(
                    t(key),
                    'download',
                    lambda url=url: ui.download.from_url(url),
                    mark=url.rsplit('.', 1)[-1] + '-template',
                    look='outline',
                )
        ImportFlow(programme_id)
    return None


class ImportFlow:
    """Upload → the check's report → save. The plan is checked again when saved, against the store as it is."""

    def __init__(self, programme_id: str) -> None:
        self.programme_id = programme_id
        self.plan: ImportPlan | None = None
        self.upload = (
            ui.upload(label=t('import.choose_file'), auto_upload=True, on_upload=self.received, max_files=1)
            .props('accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"')
            .classes('full-width')
            .mark('upload')
        )
        self.report = ui.column().classes('full-width q-gutter-y-sm').mark('report')

    @guard(COORDINATOR)
    async def received(self, event: events.UploadEventArguments) -> None:
        self.upload.reset()
        data = await event.file.read()
        try:
            rows = read_rows(data, event.file.name)
            self.plan = plan_import(runtime.store, rows, self.programme_id)
        except DomainError as error:
            self.plan = None
            self.report.clear()
            notify_error(error)
            return
        self._show_plan(event.file.name)

    def _show_plan(self, filename: str) -> None:
        plan = self.plan
        assert plan is not None
        self.report.clear()
        with self.report:
            ui.label(t('import.checked', file=filename)).classes('text-h6')
            _count('person_add', 'positive', t('import.will_add', count=len(plan.new)), 'count-new')
            _count('how_to_reg', 'primary', t('import.already_there', count=len(plan.existing)), 'count-existing')
            if plan.new_groups:
                _count('diversity_3', 'primary', t('import.new_groups', names=', '.join(plan.new_groups)), 'groups')
            _count('error', 'negative', t('import.refused', count=len(plan.bad)), 'count-bad')
            _refused_list([(r.row, r.name, r.reasons) for r in plan.bad])
            if plan.new or plan.to_enrol:
                ui.button(t('import.save', count=len(plan.new)), icon='save', on_click=self.save).props(
                    'unelevated color=primary size=lg'
                ).classes('tap full-width').mark('save-import')
            else:
                ui.label(t('import.nothing_to_save')).classes('text-body1').mark('nothing-to-save')

    @guard(COORDINATOR)
    async def save(self) -> None:
        account = current_account()
        if self.plan is None or account is None:
            return
        plan, self.plan = self.plan, None  # a second tap while saving must not import twice
        try:
            result = await apply_import(runtime.store, plan, self.programme_id, account.id)
        except DomainError as error:
            notify_error(error)
            return
        self.report.clear()
        with self.report:
            ui.label(t('import.done')).classes('text-h6 text-positive').mark('import-done')
            _count('person_add', 'positive', t('import.saved', count=result.saved), 'result-saved')
            _count('how_to_reg', 'primary', t('import.already_there', count=result.existing), 'result-existing')
            _count('school', 'primary', t('import.enrolled', count=result.enrolled), 'result-enrolled')
            _count('error', 'negative', t('import.refused', count=result.refused), 'result-refused')
            _refused_list([(r.row, r.name, r.reasons) for r in result.refused_rows])
            ui.button(
                t('enrol.title'), icon='groups',
                on_click=lambda: ui.navigate.to(f'/programmes/{self.programme_id}/participants'),
            ).props('outline color=primary').classes('tap full-width')  # fmt: skip


def _count(icon: str, color: str, text: str, marker: str) -> None:
    with ui.row().classes('items-center no-wrap'):
        ui.icon(icon, color=color, size='24px')
        ui.label(text).classes('text-body1').mark(marker)


def _refused_list(rows: list[tuple[int, str, tuple[str, ...]]]) -> None:
    for row, name, reasons in rows:
        with ui.card().classes('full-width q-pa-sm bg-red-1').mark(f'refused-{row}'):
            ui.label(t('import.row', row=row, name=name or t('import.no_name'))).classes('text-weight-medium')
            for reason in reasons:
                ui.label(t(f'import.reason.{reason}')).classes('text-body2')
