"""The coordinator's backup screen: download a backup now (sealed with a passphrase she types, as the screen
advises), see the automatic daily backups (the last seven), and restore one, or an uploaded download (asking
for its passphrase when it is sealed), after confirming. See `ui/backup_service.py` for how a restore runs."""

from __future__ import annotations

from fastapi import Response
from nicegui import events, ui

from models.account import Role
from models.base import DomainError
from models.programme import Zone

from .. import backup_seal, backup_service
from ..auth import current_account, guard
from ..format import local_time, long_date
from ..forms import notify_error, show_errors
from ..frame import frame
from ..i18n import error_text, t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet, TapButton

COORDINATOR = Role.COORDINATOR
ZONE = Zone.WIB


async def page() -> Response | None:
    await runtime.ready()
    with frame('backup.title', active='/'):
        ui.label(t('backup.title')).classes('text-h5 text-weight-bold')
        BackupScreen()
    return None


class PassphraseInput(ui.input):
    def __init__(self, label: str, *, mark: str) -> None:
        """A backup's passphrase: hidden as it is typed, with an eye to show it on a phone's small keys."""
        super().__init__(label, password=True, password_toggle_button=True)
        self.props['outlined'] = True
        self.classes('full-width').mark(mark)


class BackupScreen:
    def __init__(self) -> None:
        with ui.card().classes('full-width'):
            ui.label(t('backup.download_title')).classes('text-h6')
            ui.label(t('backup.download_hint')).classes('text-body2 text-grey-8')
            with ui.row().classes('items-start no-wrap full-width'):
                ui.icon('lock', color='primary', size='24px')
                ui.label(t('backup.passphrase_hint', least=backup_seal.MIN_LENGTH)).classes('col text-body2')
            self.passphrase = PassphraseInput(t('backup.passphrase'), mark='backup-passphrase')
            self.again = PassphraseInput(t('backup.passphrase_again'), mark='backup-passphrase-again')
            TapButton(t('backup.download'), 'download', self.download, mark='download-backup').classes('full-width')
        ui.label(t('backup.daily_title')).classes('text-h6 q-mt-md')
        self.last = ui.label().classes('text-body1 text-weight-medium').mark('last-backup')
        ui.label(t('backup.daily_hint', keep=backup_service.KEEP)).classes('text-body2 text-grey-8')
        self.list = ui.column().classes('full-width q-gutter-y-sm').mark('backup-list')
        ui.label(t('backup.upload_title')).classes('text-h6 q-mt-md')
        ui.label(t('backup.upload_hint')).classes('text-body2 text-grey-8')
        ui.upload(
            label=t('backup.upload'), auto_upload=True, max_files=1, max_file_size=backup_service.MAX_UPLOAD_BYTES,
            on_upload=self.uploaded,
        ).props('accept=.zip,.enc flat bordered color=primary').classes('full-width').mark('upload-backup')  # fmt: skip
        self.show()

    @guard(COORDINATOR)
    async def download(self) -> None:
        """A plain zip when no passphrase is typed; else one sealed with it, which the page forgets once made."""
        fields = {'passphrase': self.passphrase, 'again': self.again}
        passphrase, again = self.passphrase.value or '', self.again.value or ''
        if not passphrase and not again:
            show_errors(fields, {})
            ui.download.from_url('/export/backup.zip')
            return
        if passphrase != again:
            show_errors(fields, {'again': t('backup.passphrase_mismatch')})
            return
        me = current_account()
        working = ui.notification(t('backup.preparing'), spinner=True, timeout=None)
        try:
            url = await backup_service.sealed_download(
                await runtime.ready(), passphrase, by=me.id if me is not None else '-'
            )
        except DomainError as error:
            show_errors(fields, {'passphrase': error_text(error)})
            return
        finally:
            working.dismiss()
        show_errors(fields, {})
        self.passphrase.value = self.again.value = ''
        ui.download.from_url(url)

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
        """Ask before replacing everything: what happens, and that the current data is kept aside; for a sealed
        upload, its passphrase too."""
        with Sheet(t('backup.confirm_title'), width=460) as dialog:
            ui.label(t('backup.confirm_text', when=shown)).classes('text-body1')
            ui.label(t('backup.confirm_hint')).classes('text-body2 text-grey-8')
            passphrase = None
            if body is not None and backup_seal.is_sealed(body[: len(backup_seal.MAGIC)]):
                ui.label(t('backup.sealed_ask')).classes('text-body1 text-weight-medium')
                passphrase = PassphraseInput(t('backup.passphrase'), mark='restore-passphrase')

            @guard(COORDINATOR)
            async def restore() -> None:
                buttons.save.disable()  # one restore at a time, however often she taps
                try:
                    await self.restore(dialog, name, shown, body, passphrase)
                finally:
                    buttons.save.enable()

            buttons = CancelSave(
                dialog,
                restore,
                mark='confirm-restore',
                label=t('backup.restore'),
                icon='settings_backup_restore',
                colour='negative',
            )
        dialog.open()

    async def restore(
        self, dialog: Sheet, name: str, shown: str, body: bytes | None, passphrase: PassphraseInput | None
    ) -> None:
        """Restore, telling her how it went; a missing or wrong passphrase is shown beside its field, the sheet
        left open to try again (nothing was touched)."""
        me = current_account()
        by = me.id if me is not None else '-'
        working = ui.notification(t('backup.restoring'), spinner=True, timeout=None)
        try:
            if body is None:
                await backup_service.restore_daily(name, by=by)
            else:
                typed = passphrase.value if passphrase is not None else None
                await backup_service.restore_zip(body, by=by, label=name, passphrase=typed or None)
        except DomainError as error:
            if passphrase is not None and error.key in ('backup_needs_passphrase', 'backup_wrong_passphrase'):
                show_errors({'passphrase': passphrase}, {'passphrase': error_text(error)})
                return
            dialog.close()
            notify_error(error)
            return
        finally:
            working.dismiss()  # never left spinning, whatever happened
        dialog.close()
        ui.notify(t('backup.restored', when=shown), type='positive', multi_line=True)
        self.show()

    @guard(COORDINATOR)
    async def uploaded(self, event: events.UploadEventArguments) -> None:
        body = await event.file.read()
        self.confirm(event.file.name[:100], event.file.name[:100], body)
