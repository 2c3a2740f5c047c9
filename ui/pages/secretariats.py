"""The village secretariats (`/sekretariat`): every one for a coordinator, with a new one's form under them; her own
for a secretariat's staff. Each opens its settings (`secretariat_settings.py`)."""

from __future__ import annotations

from fastapi import Response
from nicegui import ui

from models.base import DomainError, new_id
from models.permissions import may_set_up_secretariats
from store.secretariats import SecretariatView, create_secretariat, secretariat_view, secretariats_of

from ..auth import acting, page_user
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import LinkCard, TapButton
from .secretariat_settings import SecretariatFields


async def list_page() -> Response | None:
    store = await runtime.ready()
    account = page_user()
    views = [secretariat_view(store, s) for s in secretariats_of(store, account)]
    coordinator = may_set_up_secretariats(account)
    with frame('secretariat.title', active='/sekretariat'):
        ui.label(t('secretariat.title')).classes('text-h5 text-weight-bold')
        ui.label(t('secretariat.what')).classes('text-body2 text-grey-8')
        if not views:
            ui.label(t('secretariat.none' if coordinator else 'secretariat.not_assigned')).classes(
                'text-body1 text-grey-8'
            ).mark('no-secretariat')
        for view in views:
            SecretariatCard(view)
        if coordinator:
            NewSecretariat()
    return None


class SecretariatCard(LinkCard):
    def __init__(self, view: SecretariatView) -> None:
        """A secretariat in a list: its name, where it is, its staff and whom it reaches; a tap opens its settings."""
        secretariat = view.secretariat
        super().__init__(f'/sekretariat/{secretariat.id}/atur', mark=f'secretariat-card-{secretariat.slug}')
        with self:
            ui.icon('home_work', size='28px', color='primary' if secretariat.active else 'grey-6')
            with ui.column().classes('col gap-0'):
                ui.label(secretariat.name).classes('text-body1 text-weight-medium')
                ui.label(secretariat.place()).classes('text-body2 text-grey-8')
                counts = t('secretariat.counts', staff=len(view.staff), reached=view.reached)
                ui.label(counts).classes('text-body2')
                if not secretariat.active:
                    ui.label(t('secretariat.inactive')).classes('text-body2 text-negative')
            ui.icon('chevron_right', color='grey-7')


class NewSecretariat:
    def __init__(self) -> None:
        """The coordinator's form for a new secretariat: where it is and how to reach it (its help for those abroad,
        staff and links on its settings page next). Saved under an id kept for this form: a second tap makes no
        second one."""
        ui.label(t('secretariat.new')).classes('text-h6 q-mt-md')
        self.secretariat_id = new_id()
        self.inputs = SecretariatFields(None, place_only=True)
        TapButton(t('secretariat.create'), 'add', self.create, mark='create-secretariat').classes('full-width')

    async def create(self) -> None:
        account = acting(may_set_up_secretariats)
        settings = self.inputs.read() if account else None
        if account is None or settings is None:
            return
        try:
            saved = await create_secretariat(runtime.store, settings, secretariat_id=self.secretariat_id, by=account.id)
        except DomainError as error:
            self.inputs.refused(error)
            return
        ui.navigate.to(f'/sekretariat/{saved.record.id}/atur')
