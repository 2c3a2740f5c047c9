"""Small pieces several pages share: the back button, the documents' download buttons, icons in plain HTML."""

from __future__ import annotations

import json
from typing import TypeVar

from nicegui import ui
from nicegui.element import Element

from models.programme import Day, Programme

from .i18n import t

E = TypeVar('E', bound=Element)


def named(element: E, label: str, *, title: bool = False) -> E:
    """Give a control the name a screen reader says (and, with `title`, a hover hint).

    Set as data, never through a props string: NiceGUI parses `.props('…')`, so a quote in a name would
    end the value there and the rest would become new props, some of which Vue runs as script.
    """
    element.props['aria-label'] = label
    if title:
        element.props['title'] = label
    return element


def script_json(value: object) -> str:
    """`value` as JSON to put inside a `<script>`: a `</script>` in a text cannot end the script early."""
    return json.dumps(value).replace('<', '\\u003c')


def back_button(path: str) -> None:
    ui.button(t('form.back'), icon='arrow_back', on_click=lambda: ui.navigate.to(path)).props(
        'flat color=primary no-caps'
    ).classes('tap').mark('back')


def documents_row(day: Day | None, programme: Programme) -> None:
    """Downloads for the day and the programme: the signed list, the QR cards, the attendance grid."""
    links = [('doc.day_pdf', 'picture_as_pdf', f'/export/daftar-hadir/{day.id}.pdf')] if day is not None else []
    links += [
        ('doc.cards_pdf', 'badge', f'/export/cards/{programme.id}.pdf'),
        ('doc.grid_xlsx', 'table_view', f'/export/attendance/{programme.id}.xlsx'),
        ('doc.grid_csv', 'description', f'/export/attendance/{programme.id}.csv'),
        ('doc.progress_xlsx', 'grading', f'/export/progress/{programme.id}.xlsx'),
    ]
    with ui.row().classes('q-gutter-sm'):
        for key, icon, url in links:
            ui.button(t(key), icon=icon, on_click=lambda url=url: ui.download.from_url(url)).props(
                'outline color=primary no-caps'
            ).classes('tap').mark(key.replace('.', '-'))


def icon_html(name: str, colour: str = '', size: int = 24) -> str:
    """A Material icon inside a page's own HTML (one `ui.html` for a block of plain text), drawn as `ui.icon`
    draws it; the font face is on every page. `colour` is a Quasar colour name."""
    colour_class = f' text-{colour}' if colour else ''
    return (
        f'<i class="q-icon notranslate material-icons{colour_class}" aria-hidden="true"'
        f' style="font-size:{size}px">{name}</i>'
    )
