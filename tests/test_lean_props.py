"""Elements' props, classes and style with shared bookkeeping (ui/lean_props.py) behave as NiceGUI's own."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.testing import User

from ui.lean_props import SHARED_RENAMES


async def open_probe(user: User) -> tuple[Any, dict[str, Any]]:
    made: dict[str, Any] = {}

    @ui.page('/lean-probe')
    def probe() -> None:
        made.update(first=ui.label('one'), second=ui.label('two'), button=ui.button('tap'))

    view = await user.open('/lean-probe')
    view.outbox.updates.clear()
    return view, made


async def test_props_classes_and_style_set_after_the_page_reach_the_phone(user: User) -> None:
    view, made = await open_probe(user)
    first, second = made['first'], made['second']
    first.props('color=red outline').classes('big').style('margin: 2px')
    assert first.id in view.outbox.updates and second.id not in view.outbox.updates
    assert (first.props['color'], first.props['outline'], first.classes, first.style) == (
        'red',
        True,
        ['big'],
        {'margin': '2px'},
    )
    assert second.props.get('color') is None and second.classes == [] and second.style == {}
    view.outbox.updates.clear()
    first.props(remove='color').classes(remove='big')
    assert first.id in view.outbox.updates and 'color' not in first.props and first.classes == []


async def test_a_change_inside_a_prop_reaches_the_phone(user: User) -> None:
    view, made = await open_probe(user)
    label = made['first']
    label.props['options'] = {'size': 1, 'list': [1]}
    view.outbox.updates.clear()
    label.props['options']['size'] = 2
    assert label.id in view.outbox.updates
    view.outbox.updates.clear()
    label.props['options']['list'].append(2)
    assert label.id in view.outbox.updates and label.props['options'] == {'size': 2, 'list': [1, 2]}


async def test_renames_and_warnings_are_each_elements_own(user: User) -> None:
    view, made = await open_probe(user)
    first, second = made['first'], made['second']
    assert first.props._renames is SHARED_RENAMES and second.props._renames is SHARED_RENAMES  # nothing of its own
    first.props['resource_path'] = '/here'  # NiceGUI 3's old name: copied to the new one, as before
    assert first.props.get('resource-path') == '/here'
    first.props.add_rename('old-colour', 'color')
    first.props.add_warning('flat', 'no flat buttons here')
    assert 'old-colour' not in SHARED_RENAMES and second.props._renames is SHARED_RENAMES
    assert second.props._warnings == {}
    first.props['old-colour'] = 'blue'
    first.props['flat'] = True  # warned about and taken out
    assert first.props['color'] == 'blue' and 'flat' not in first.props
    second.props['old-colour'], second.props['flat'] = 'kept', True  # the first label's rename and warning alone
    assert second.props.get('color') is None and second.props['flat'] is True


async def test_handlers_added_to_one_element_hear_only_its_changes(user: User) -> None:
    view, made = await open_probe(user)
    first, second = made['first'], made['second']
    heard: list[str] = []
    first.props.on_change(lambda: heard.append('props'))
    first.classes.on_change(lambda: heard.append('classes'))
    second.props['color'] = 'green'
    assert heard == []
    first.props['color'] = 'green'
    first.classes.append('wide')
    assert heard == ['props', 'classes'] and first.id in view.outbox.updates


async def test_suspended_updates_send_nothing_until_the_end(user: User) -> None:
    view, made = await open_probe(user)
    button = made['button']
    with button.props.suspend_updates():
        button.props['color'] = 'orange'
    assert button.id not in view.outbox.updates and button.props['color'] == 'orange'
    button.props['color'] = 'teal'
    assert button.id in view.outbox.updates
    assert made['first'].props._suspend_count == 0
