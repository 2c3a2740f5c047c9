"""The coordinator's backup screen: download a backup now, see the automatic daily backups (the last seven),
and restore one, or an uploaded download, after confirming. See `ui/backup_service.py` for how a restore runs."""

from __future__ import annotations

from fastapi import Response
from nicegui import events, ui

from models.account import Role
from models.base import DomainError
from models.programme import Zone

from .. import backup_service
from ..auth import current_account, guard
from ..format import local_time, long_date
from ..forms import notify_error
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet

COORDINATOR = Role.COORDINATOR
ZONE = Zone.WIB


async def page() -> Response | None:
    await runtime.ready()
    with frame('backup.title', active='/'):
        ui.label(t('backup.title')).classes('text-h5 text-weight-bold')
        BackupScreen()
    return None


class BackupScreen:
    def __init__(self) -> None:
        with ui.card().classes('full-width'):
            ui.label(t('backup.download_title')).classes('text-h6')
            ui.label(t('backup.download_hint')).classes('text-body2 text-grey-8')
            ui.button(
                t('backup.download'), icon='download', on_click=lambda: ui.download.from_url('/export/backup.zip')
            ).props('unelevated color=primary no-caps').classes('tap full-width').mark('download-backup')
        ui.label(t('backup.daily_title')).classes('text-h6 q-mt-md')
        self.last = ui.label().classes('text-body1 text-weight-medium').mark('last-backup')
        ui.label(t('backup.daily_hint', keep=backup_service.KEEP)).classes('text-body2 text-grey-8')
        self.list = ui.column().classes('full-width q-gutter-y-sm').mark('backup-list')
        ui.label(t('backup.upload_title')).classes('text-h6 q-mt-md')
        ui.label(t('backup.upload_hint')).classes('text-body2 text-grey-8')
        ui.upload(
            label=t('backup.upload'), auto_upload=True, max_files=1, max_file_size=backup_service.MAX_UPLOAD_BYTES,
            on_upload=self.uploaded,
        ).props('accept=.zip flat bordered color=primary').classes('full-width').mark('upload-backup')  # fmt: skip
        self.show()

    def show(self) -> None:
        found = backup_service.list_backups(runtime.store.folder)
        if found:
            newest = found[0].taken
            self.last.set_text(t('backup.last', when=f'{long_date(newest.astimezone(ZONE.tz).date())} '
                                                     f'{local_time(newest, ZONE)}'))  # fmt: skip
        else:
            self.last.set_text(t('backup.no_daily'))
        self.list.clear()
        with self.list:
            for backup in found:
                self.row(backup)

    def row(self, backup: backup_service.Backup) -> None:
        day = long_date(backup.taken.astimezone(ZONE.tz).date())
        with ui.card().classes('full-width q-pa-sm').mark(f'backup-{backup.name}'):
            with ui.row().classes('items-center no-wrap full-width'):
                ui.icon('inventory', color='primary', size='28px')
                with ui.column().classes('col q-gutter-none'):
                    ui.label(day).classes('text-body1')
                    ui.label(local_time(backup.taken, ZONE)).classes('text-body2 text-grey-8')
                ui.button(
                    t('backup.restore'), icon='settings_backup_restore', on_click=lambda: self.confirm(backup.name, day)
                ).props('outline color=negative no-caps dense').classes('tap').mark(f'restore-{backup.name}')

    def confirm(self, name: str, shown: str, body: bytes | None = None) -> None:
        """Ask before replacing everything: what happens, and that the current data is kept aside."""
        with Sheet(t('backup.confirm_title'), width=460) as dialog:
            ui.label(t('backup.confirm_text', when=shown)).classes('text-body1')
            ui.label(t('backup.confirm_hint')).classes('text-body2 text-grey-8')

            @guard(COORDINATOR)
            async def restore() -> None:
                me = current_account()
                by = me.id if me is not None else '-'
                dialog.close()
                working = ui.notification(t('backup.restoring'), spinner=True, timeout=None)
                try:
                    if body is None:
                        await backup_service.restore_daily(name, by=by)
                    else:
                        await backup_service.restore_zip(body, by=by, label=name)
                except DomainError as error:
                    notify_error(error)
                    return
                finally:
                    working.dismiss()  # never left spinning, whatever happened
                ui.notify(t('backup.restored', when=shown), type='positive', multi_line=True)
                self.show()

            CancelSave(
                dialog,
                restore,
                mark='confirm-restore',
                label=t('backup.restore'),
                icon='settings_backup_restore',
                colour='negative',
            )
        dialog.open()

    @guard(COORDINATOR)
    async def uploaded(self, event: events.UploadEventArguments) -> None:
        body = await event.file.read()
        self.confirm(event.file.name[:100], event.file.name[:100], body)
