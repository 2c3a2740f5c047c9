"""Small pieces several pages share: the back button and the documents' download buttons."""

from __future__ import annotations

from nicegui import ui

from models.programme import Day, Programme

from .i18n import t


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
