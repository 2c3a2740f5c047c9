"""What the pages of a secretariat's register share: their opening (the frame, the way back, the secretariat's name,
the tabs between the register, family contacts, cases, pre-departure checklists and the summary, and the line that
says who sees it), the consent every record is saved under, whom a log entry is about, and a coordinator's erasure.

`RegisterLinks` are the same ways in, as buttons on a secretariat's card (the staff's home, its settings).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Response
from nicegui import ui

from models.account import Account
from models.base import DomainError
from models.permissions import may_erase_from_register, may_set_up_secretariats
from models.programme import Zone
from models.register import ConsentGiver, RegisterConsent
from models.secretariat import Secretariat
from store.register import Erased

from .. import auth
from ..auth import acting_for_secretariat, page_user, refusal, serving
from ..forms import notify_error, validate
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import CancelSave, Sheet, TapButton, title_bar

V = TypeVar('V')
# (tab, icon, path under /sekretariat/{id}/); `register.tab.<tab>` names it in the tabs, its page's title on a card
TABS = (
    ('register', 'badge', 'daftar'),
    ('contacts', 'connect_without_contact', 'kontak'),
    ('cases', 'support', 'kasus'),
    ('departure', 'checklist', 'persiapan'),
    ('summary', 'summarize', 'ringkasan'),
)
TITLES = {
    'register': 'register.title', 'contacts': 'register.contacts_title', 'cases': 'register.cases_title',
    'departure': 'departure.title', 'summary': 'summary.title',
}  # fmt: skip
COUNTRIES = (  # offered as she types; any other may be written
    'Hong Kong', 'Taiwan', 'Malaysia', 'Singapura', 'Arab Saudi', 'Korea Selatan', 'Jepang', 'Brunei Darussalam',
    'Uni Emirat Arab', 'Qatar', 'Kuwait', 'Oman', 'Turki', 'Polandia',
)  # fmt: skip


def today() -> dt.date:
    """The village's day (WIB), at the server's clock (`auth.now`, which a test sets)."""
    return auth.now().astimezone(Zone.WIB.tz).date()


@dataclass(frozen=True)
class Opened(Generic[V]):
    """A register page's opening: the secretariat she serves, her account, and what the page read for her."""

    secretariat: Secretariat
    account: Account
    view: V


async def open_secretariat(secretariat_id: str, read: Callable[[Account], Awaitable[V]]) -> Opened[V] | Response:
    """The secretariat the page opens and the page's `read` of it as her (noted in the trail), when she serves it;
    else the refusal, in the same words for an unknown secretariat and another's."""
    await runtime.ready()
    account = page_user()
    secretariat = serving(secretariat_id)
    if secretariat is None:
        return refusal('secretariat.not_yours')
    try:
        view = await read(account)
    except DomainError:
        return refusal('secretariat.not_yours')
    return Opened(secretariat, account, view)


async def nothing(_: Account) -> None:
    """`open_secretariat`'s read for a page that reads on its own."""


@contextmanager
def register_page(secretariat: Secretariat, account: Account, title_key: str, tab: str) -> Iterator[None]:
    """The frame of a register page: back to her secretariats (a coordinator's list, else her home), the title
    under the secretariat's name, the tabs, and who may see what is on it."""
    with frame(title_key, active='/sekretariat'):
        back = '/sekretariat' if may_set_up_secretariats(account) else '/'
        title_bar(back, t(title_key), secretariat.name)
        with ui.row().classes('full-width').style('gap:4px').mark('register-tabs'):
            for name, icon, path in TABS:
                target = f'/sekretariat/{secretariat.id}/{path}'
                TapButton(
                    t(f'register.tab.{name}'), icon, lambda target=target: ui.navigate.to(target), mark=f'tab-{name}',
                    look='unelevated' if name == tab else 'flat',
                ).props('dense').style('flex:none;padding:0 10px')  # fmt: skip
        if tab != 'summary':
            with ui.row().classes('items-center no-wrap q-gutter-x-sm'):
                ui.icon('lock', size='20px', color='grey-8')
                ui.label(t('register.private')).classes('text-caption text-grey-8').mark('private')
        yield


class RegisterLinks(ui.column):
    def __init__(self, secretariat: Secretariat) -> None:
        """The register's pages as buttons, for a secretariat's card."""
        super().__init__()
        self.classes('full-width').style('gap:8px')
        with self:
            for name, icon, path in TABS:
                target = f'/sekretariat/{secretariat.id}/{path}'
                TapButton(
                    t(TITLES[name]), icon, lambda target=target: ui.navigate.to(target),
                    mark=f'open-{name}-{secretariat.slug}', look='outline',
                ).classes('full-width')  # fmt: skip


class ConsentFields:
    def __init__(self, purpose: str) -> None:
        """The consent a record is saved under: that she (or her family) agreed, for what, when, and who agreed.
        Nothing is saved until the box is ticked."""
        with ui.card().classes('full-width q-pa-sm bg-amber-1').mark('consent'):
            ui.label(t('register.consent.title')).classes('text-subtitle1 text-weight-medium')
            ui.label(t('register.consent.hint')).classes('text-body2')
            givers = {g.value: t(f'register.giver.{g.value}') for g in ConsentGiver}
            self.giver = (
                ui.toggle(givers, value=ConsentGiver.SELF.value)
                .props('no-caps spread')
                .classes('full-width')
                .mark('consent-giver')
            )
            self.fields: dict[str, Any] = {
                'giver_name': ui.input(t('register.consent.giver_name')).mark('consent-giver-name'),
                'purpose': ui.input(t('register.consent.purpose'), value=purpose)
                .props('autogrow')
                .mark('consent-purpose'),
                'given_on': ui.input(t('register.consent.given_on'), value=today().isoformat())
                .props('type=date stack-label')
                .mark('consent-date'),
            }
            for element in self.fields.values():
                element.props('outlined').classes('full-width')
            self.agreed = ui.checkbox(t('register.consent.agreed')).mark('consent-agreed').classes('tap')

    def read(self) -> RegisterConsent | None:
        """The consent as given, or None after saying what is missing (the box unticked: nothing is saved)."""
        consent = validate(RegisterConsent, self.fields, giver=self.giver.value)
        if consent is None:
            return None
        if not self.agreed.value:
            ui.notify(t('register.consent.needed'), type='negative', multi_line=True)
            return None
        return consent


class ForWhomFields:
    def __init__(self, names: dict[str, str], *, entry_id: str | None = None, for_name: str = '',
                 label_key: str = 'register.for_whom') -> None:  # fmt: skip
        """Whom a log entry is about: someone in the register (picked as she types) or a name written in."""
        ui.label(t(label_key)).classes('text-subtitle2')
        self.entry = ui.select(names, value=entry_id if entry_id in names else None, with_input=True,
                               clearable=True, label=t('register.pick_entry'))  # fmt: skip
        self.entry.props('outlined').classes('full-width').mark('for-entry')
        self.name = ui.input(t('register.for_name'), value=for_name).props('outlined').classes('full-width')
        self.name.mark('for-name')

    def values(self) -> dict[str, Any]:
        return {'entry_id': self.entry.value or None, 'for_name': (self.name.value or '').strip()}


def gone_when_closed(sheet: Sheet) -> Sheet:
    """A sheet that takes itself off the page once closed: opened again, it is a new one, never two alike."""
    sheet.on_value_change(lambda event: None if event.value else sheet.delete())
    return sheet


def erase_button(secretariat_id: str, account: Account, what_key: str,
                 erase: Callable[[Account], Awaitable[Erased]], done: Callable[[Erased], Any]) -> None:  # fmt: skip
    """For a coordinator: erase this for good, on the request of the person it is about, after she confirms."""
    if not may_erase_from_register(account):
        return

    async def confirmed(sheet: Sheet) -> None:
        acting = acting_for_secretariat(secretariat_id)
        if acting is None:
            return
        if not may_erase_from_register(acting):
            ui.notify(t('error.erase_coordinators_only'), type='negative')
            return
        try:
            erased = await erase(acting)
        except DomainError as error:
            notify_error(error)
            return
        sheet.close()
        result = done(erased)
        if inspect.isawaitable(result):
            await result

    def ask() -> None:
        with gone_when_closed(Sheet(t('register.erase.title'))) as sheet:
            ui.label(t(what_key)).classes('text-body1')
            ui.label(t('register.erase.hint')).classes('text-body2 text-grey-8')
            CancelSave(sheet, lambda: confirmed(sheet), mark='confirm-erase', label=t('register.erase.confirm'),
                       icon='delete_forever', colour='negative')  # fmt: skip
        sheet.open()

    TapButton(t('register.erase.button'), 'delete_forever', ask, mark='erase', look='flat', colour='negative').classes(
        'full-width'
    )
