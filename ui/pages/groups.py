"""The coordinator's group screens: groups such as a KWT (women farmers' group) and their members."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Role
from models.base import new_id
from models.participant import Group, Participant
from models.programme import Programme
from store.participants import save_group, set_group_members

from ..auth import guard
from ..forms import saved_form, written
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import LinkCard, back_button, title_bar

COORDINATOR = Role.COORDINATOR


async def list_page() -> Response | None:
    store = await runtime.ready()
    programmes = {p.id: p.name for p in store.all(Programme)}
    with frame('groups.title', active='/groups'):
        ui.label(t('groups.title')).classes('text-h5 text-weight-bold')
        groups = sorted(store.all(Group), key=lambda g: g.name.lower())
        if not groups:
            ui.label(t('groups.none')).classes('text-grey-7')
        for group in groups:
            with LinkCard(f'/groups/{group.id}', mark=f'group-{group.id}'):
                ui.icon('diversity_3', size='28px', color='primary')
                with ui.column().classes('col q-gutter-none'):
                    ui.label(group.name).classes('text-body1 text-weight-medium')
                    line = ' · '.join(
                        x
                        for x in (
                            group.village,
                            programmes.get(group.programme_id or '', ''),
                            t('groups.members', count=len(group.member_ids)),
                        )
                        if x
                    )
                    ui.label(line).classes('text-body2 text-grey-8')
                ui.icon('chevron_right', color='grey-7')
        ui.label(t('groups.new')).classes('text-h6 q-mt-md')
        draft_id = new_id()
        fields = _group_form(Group.model_construct(id=draft_id, name='', village='', programme_id=None), programmes)

        @guard(COORDINATOR)
        async def create() -> None:
            group = await saved_form(Group, fields, lambda r: save_group(runtime.store, r), id=draft_id)
            if group is None:
                return
            ui.navigate.to(f'/groups/{group.id}')

        ui.button(t('groups.create'), icon='add', on_click=create).props('unelevated color=primary').classes(
            'tap full-width'
        ).mark('create-group')
    return None


def _group_form(group: Group, programmes: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        'name': ui.input(t('groups.name'), value=group.name).mark('group-name'),
        'village': ui.input(t('participant.village'), value=group.village).mark('group-village'),
        'programme_id': ui.select(
            {'': t('groups.no_programme')} | programmes, label=t('groups.programme'), value=group.programme_id or ''
        ).mark('group-programme'),
    }
    for element in fields.values():
        element.classes('full-width').props('outlined')
    return fields


async def detail_page(group_id: str) -> Response | None:
    store = await runtime.ready()
    group = store.get(Group, group_id)
    programmes = {p.id: p.name for p in store.all(Programme)}
    with frame('groups.title', active='/groups'):
        if group is None:
            back_button('/groups')
            ui.label(t('error.not_found')).classes('text-h6')
            return None
        title_bar('/groups', group.name)
        fields = _group_form(group, programmes)

        @guard(COORDINATOR)
        async def save() -> None:
            edited = await saved_form(Group, fields, lambda r: save_group(runtime.store, r), id=group_id)
            if edited is None:
                return
            ui.notify(t('form.saved'), type='positive')

        ui.button(t('form.save'), icon='save', on_click=save).props('unelevated color=primary').classes(
            'tap full-width'
        ).mark('save-group')
        ui.label(t('groups.members_title')).classes('text-h6 q-mt-md')
        people = sorted(store.all(Participant), key=lambda p: p.name.lower())
        names = {p.id: ' · '.join(x for x in (p.name, p.village) if x) for p in people}
        members = ui.select(
            names, multiple=True, value=list(group.member_ids), label=t('groups.members_title'), with_input=True,
        ).props('outlined use-chips').classes('full-width').mark('members')  # fmt: skip
        chair = ChairSelect(names, group)
        members.on_value_change(lambda event: chair.offer(event.value or []))

        @guard(COORDINATOR)
        async def save_members() -> None:
            saving = set_group_members(runtime.store, group_id, list(members.value or []), chair.value or None)
            if not await written(saving):
                return
            ui.notify(t('form.saved'), type='positive')

        ui.button(t('groups.save_members'), icon='save', on_click=save_members).props(
            'unelevated color=primary'
        ).classes('tap full-width').mark('save-members')
    return None


class ChairSelect(ui.select):
    def __init__(self, names: dict[str, str], group: Group) -> None:
        """The group's chair (*ketua*), one of its members (`names`: every participant's line): she signs for the
        group, e.g. the aid's *berita acara serah terima*."""
        self.names = names
        super().__init__({}, label=t('groups.chair'), value=None)
        self.offer(group.member_ids, group.chair_id or '')
        self.props('outlined').classes('full-width').mark('chair')

    def offer(self, member_ids: list[str], value: str | None = None) -> None:
        """Only the members to choose from; a chair who is no longer one is taken off."""
        options = {'': t('groups.no_chair')} | {i: self.names[i] for i in member_ids if i in self.names}
        chosen = self.value if value is None else value
        self.set_options(options, value=chosen if chosen in options else '')
