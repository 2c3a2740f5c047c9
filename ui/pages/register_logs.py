"""What the two logs' pages share (`family_contacts.py`, `referrals.py`): the opening (her secretariat, the log read
and noted in the trail), the button for a new record, the records open ones first, and the sheet a record is
written and moved on in, with a coordinator's erasure inside it. A page says what its records are and look like.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from fastapi import Response
from nicegui import ui

from models.account import Account
from models.base import DomainError, new_id
from models.register import Case, CaseForm, ContactForm, FamilyContact
from models.secretariat import Secretariat
from store.register import entry_names
from store.secretariat_logs import LogView, erase_log_record, open_log

from ..auth import acting_for_secretariat
from ..forms import notify_error, validate
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet, TapButton
from .register_frame import ForWhomFields, erase_button, gone_when_closed, open_secretariat, register_page

Record = FamilyContact | Case
Form = ContactForm | CaseForm


class LogScreen:
    """A log's screen. A page's subclass names its records (`model`, `form`, `kind`: the texts' and marks' word),
    writes them (`add`, `update`), shows one (`card`) and gives the sheet's fields (`fields`)."""

    model: ClassVar[type[FamilyContact] | type[Case]]
    form: ClassVar[type[ContactForm] | type[CaseForm]]
    kind: ClassVar[str]  # `contact` or `case`
    icon: ClassVar[str]

    @classmethod
    async def page(cls, secretariat_id: str) -> Response | None:
        opened = await open_secretariat(
            secretariat_id, lambda account: open_log(runtime.store, cls.model, secretariat_id, by=account.id)
        )
        if isinstance(opened, Response):
            return opened
        with register_page(opened.secretariat, opened.account, f'register.{cls.kind}s_title', f'{cls.kind}s'):
            cls(opened.secretariat, opened.account, opened.view)
        return None

    def __init__(self, secretariat: Secretariat, account: Account, view: LogView) -> None:
        self.secretariat, self.account, self.view = secretariat, account, view
        ui.label(t(f'register.{self.kind}s_hint')).classes('text-body2 text-grey-8')
        TapButton(t(f'register.{self.kind}.add'), self.icon, lambda: self.sheet(None),
                  mark=f'add-{self.kind}').classes('full-width')  # fmt: skip
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        ui.label(t('register.open_count', count=self.view.open)).classes('text-subtitle1').mark(f'{self.kind}s-open')
        if not self.view.records:
            ui.label(t(f'register.{self.kind}.none')).classes('text-body1 text-grey-8').mark(f'no-{self.kind}s')
        for record in self.view.records:
            with ui.card().classes('full-width q-pa-sm').mark(f'{self.kind}-{record.id}'):
                self.card(record, self.whom(record))
                TapButton(t('register.update'), 'edit_note', lambda r=record: self.sheet(r), look='outline',
                          mark=f'update-{record.id}')  # fmt: skip

    def whom(self, record: Record) -> str:
        """Whom it is about: her name in the register, else the name written in."""
        return self.view.names.get(record.entry_id or '', '') or record.for_name

    def card(self, record: Any, whom: str) -> None:
        raise NotImplementedError

    def fields(self, record: Any) -> dict[str, Any]:
        """The sheet's inputs by field name, filled from `record` (None: a new one); among them, where it reads
        best, `for_whom(record)`."""
        raise NotImplementedError

    def for_whom(self, record: Record | None) -> None:
        """Whom the record is about, picked from the register or written in (its values apart from `fields`)."""
        names = entry_names(runtime.store, self.secretariat.id)
        self.whom_fields = ForWhomFields(names, entry_id=record.entry_id if record else None,
                                         for_name=record.for_name if record else '')  # fmt: skip

    def extra(self) -> dict[str, Any]:
        """Values the sheet holds outside `fields` (a toggle's)."""
        return {}

    def add(self, form: Any, record_id: str, by: str) -> Awaitable[Any]:
        raise NotImplementedError

    def update(self, form: Any, record_id: str, by: str) -> Awaitable[Any]:
        raise NotImplementedError

    def sheet(self, record: Record | None) -> None:
        """A new record, or one moved on; for a coordinator, its erasure on request."""
        sid = self.secretariat.id
        record_id = record.id if record else new_id()  # a second tap finds it saved, not two
        title = t(f'register.{self.kind}.update' if record else f'register.{self.kind}.add')
        with gone_when_closed(Sheet(title)) as sheet:
            fields = self.fields(record)
            whom = self.whom_fields
            for name, element in fields.items():
                element.props('outlined').classes('full-width').mark(f'{self.kind}-{name.replace("_", "-")}')

            async def save() -> None:
                account = acting_for_secretariat(sid)
                if account is None:
                    return
                form = validate(self.form, fields, **self.extra(), **whom.values())
                if form is None:
                    return
                write = self.update if record else self.add
                try:
                    await write(form, record_id, account.id)
                except DomainError as error:
                    notify_error(error)
                    return
                sheet.close()
                await self.changed('form.saved')

            CancelSave(sheet, save, mark=f'save-{self.kind}')
            if record is not None:
                erase_button(sid, self.account, f'register.erase.{self.kind}', self._eraser(record.id),
                             lambda _: self._erased(sheet))  # fmt: skip
        sheet.open()

    def _eraser(self, record_id: str) -> Callable[[Account], Awaitable[Any]]:
        return lambda acting: erase_log_record(runtime.store, self.model, self.secretariat.id, record_id, by=acting.id)

    async def _erased(self, sheet: Sheet) -> None:
        sheet.close()
        await self.changed('register.erased_one')

    async def changed(self, key: str) -> None:
        """Say what was done and show the log again (read anew: another view, noted in the trail)."""
        ui.notify(t(key), type='positive')
        try:
            self.view = await open_log(runtime.store, self.model, self.secretariat.id, by=self.account.id)
        except DomainError as error:
            notify_error(error)
            return
        self.body.refresh()
