"""Small pieces several pages share: the sheet a form pops up in and its Cancel/Save pair, the back button, the
documents' download buttons, icons in plain HTML."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import ui
from nicegui.element import Element
from nicegui.elements.expansion import Expansion
from nicegui.events import GenericEventArguments

from models.base import DomainError
from models.business import MAX_AMOUNT
from models.programme import Day, Programme
from store.images import MAX_BYTES

from .i18n import error_text, t

E = TypeVar('E', bound=Element)
MONEY_DIGITS = len(str(MAX_AMOUNT))
MONEY_MASK = '.'.join(['#' * (MONEY_DIGITS % 3 or 3)] + ['###'] * ((MONEY_DIGITS - 1) // 3))  # #.###.###.###


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


def as_built(element: E, props: dict[str, Any] | None = None, classes: str = '') -> E:
    """Give an element being built its `props` (by name: nothing parsed) and `classes` at once, without telling
    their observers: NiceGUI queued the element for the browser when it was made, so there is nobody to tell yet,
    and each notice (a change event, an update queued again) costs about 10 µs; a page has dozens of elements."""
    if props:
        dict.update(element._props, props)
    if classes:
        list.extend(element._classes, (c for c in classes.split() if c not in element._classes))
    return element


def title_bar(back: str, title: str, subtitle: str = '') -> ui.label:
    """The way back beside the page's title (and a line under it): one compact row, so the page's job starts
    high on a phone. Returns the title's label, for a page that changes it."""
    with ui.row().classes('full-width items-center no-wrap q-gutter-x-xs'):
        IconButton('arrow_back', t('form.back'), lambda: ui.navigate.to(back), mark='back')
        with ui.column().classes('col gap-0'):
            heading = ui.label(title).classes('text-body1 text-weight-bold')
            if subtitle:
                ui.label(subtitle).classes('text-caption text-grey-8')
    return heading


def back_button(path: str) -> None:
    PlainButton(t('form.back'), 'arrow_back', lambda: ui.navigate.to(path), mark='back', look='flat')


def documents_row(day: Day | None, programme: Programme) -> None:
    """Downloads for the day and the programme: the signed list, the QR cards, the attendance grid."""
    with ui.row().classes('q-gutter-sm'):
        for key, icon, url in document_links(day, programme):
            PlainButton(
                t(key), icon, lambda url=url: ui.download.from_url(url), mark=key.replace('.', '-'), look='outline'
            )


def document_links(day: Day | None, programme: Programme) -> list[tuple[str, str, str]]:
    """The documents of the day (or, without one, of the programme) as (text key, icon, url)."""
    if day is not None:  # the day screen: that day's list
        links = [('doc.day_pdf', 'picture_as_pdf', f'/export/daftar-hadir/{day.id}.pdf')]
    else:  # the programme's page (coordinators): every day's list in one file
        links = [('doc.all_days_pdf', 'picture_as_pdf', f'/export/daftar-hadir-all/{programme.id}.pdf')]
    return links + [
        ('doc.cards_pdf', 'badge', f'/export/cards/{programme.id}.pdf'),
        ('doc.grid_xlsx', 'table_view', f'/export/attendance/{programme.id}.xlsx'),
        ('doc.grid_csv', 'description', f'/export/attendance/{programme.id}.csv'),
        ('doc.progress_xlsx', 'grading', f'/export/progress/{programme.id}.xlsx'),
    ]


def icon_html(name: str, colour: str = '', size: int = 24) -> str:
    """A Material icon inside a page's own HTML (one `ui.html` for a block of plain text), drawn as `ui.icon`
    draws it; the font face is on every page. `colour` is a Quasar colour name."""
    colour_class = f' text-{colour}' if colour else ''
    return (
        f'<i class="q-icon notranslate material-icons{colour_class}" aria-hidden="true"'
        f' style="font-size:{size}px">{name}</i>'
    )


class Sheet(ui.dialog):
    def __init__(self, title: str = '', *, width: int = 440) -> None:
        """A card over the page, at most `width` px wide, for a short form or a question.

        `with Sheet(title) as sheet:` fills the card (under `title`, when given); `sheet.open()` shows it.
        """
        super().__init__()
        with self.default_slot:
            self.card = ui.card().classes('full-width')
            self.card.style(f'max-width:{int(width)}px')
        if title:
            with self.card:
                ui.label(title).classes('text-h6')

    def __enter__(self) -> Sheet:
        self.card.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.card.__exit__(*exc)


class CancelSave(ui.row):
    def __init__(
        self,
        sheet: ui.dialog,
        on_save: Callable[..., Any],
        *,
        mark: str,
        label: str = '',
        icon: str = 'save',
        colour: str = 'primary',
        large: bool = False,
        on_delete: Callable[..., Any] | None = None,
        delete_mark: str = 'delete',
    ) -> None:
        """The end of every form in a sheet: Cancel closes `sheet`, the main button (`label`, Save unless
        given; `mark` for tests) does the job. `colour` is a Quasar colour (`negative` for an undo). With
        `on_delete`, a Delete button stands apart on the left."""
        super().__init__()
        self.classes('full-width ' + ('justify-between' if on_delete else 'justify-end'))
        with self:
            if on_delete is not None:
                ui.button(t('form.delete'), icon='delete', on_click=on_delete).props('flat color=negative').classes(
                    'tap'
                ).mark(delete_mark)
                ui.space()
            ui.button(t('form.cancel'), on_click=sheet.close).props('flat').classes('tap')
            self.save = ui.button(label or t('form.save'), icon=icon, on_click=on_save).props('unelevated')
            self.save.props['color'] = colour
            if large:
                self.save.props['size'] = 'lg'
            self.save.classes('tap').mark(mark)


class IconButton(ui.button):
    def __init__(
        self, icon: str, label: str, on_click: Callable[..., Any], *, mark: str = '', colour: str = 'primary'
    ) -> None:
        """A round icon button a thumb can hit (edit, delete, open a day), named `label` for screen readers.
        `colour` is a Quasar colour; `mark` finds it in tests."""
        super().__init__(icon=icon, on_click=on_click)
        self.props('flat round')
        self.props['color'] = colour
        named(self, label).classes('tap')
        if mark:
            self.mark(mark)


class TapButton(ui.button):
    def __init__(
        self,
        label: str,
        icon: str,
        on_click: Callable[..., Any],
        *,
        mark: str = '',
        look: str = 'unelevated',
        colour: str = 'primary',
        grow: bool = False,
    ) -> None:
        """A labelled button at tap size, in the sentence case she reads (`no-caps`). `look` is Quasar's
        `unelevated`, `outline` or `flat`; `grow` shares a row's width with its neighbours."""
        super().__init__(label, icon=icon, on_click=on_click)
        self.props[look] = True  # a boolean prop by name: nothing parsed
        self.props('no-caps')
        self.props['color'] = colour
        self.classes('tap col' if grow else 'tap')
        if mark:
            self.mark(mark)


class PlainButton(Element, default_classes='tap'):
    def __init__(
        self,
        label: str,
        icon: str,
        on_click: Callable[..., Any] | None,
        *,
        mark: str = '',
        look: str = 'unelevated',
        colour: str = 'primary',
        grow: bool = False,
        more: dict[str, Any] | None = None,
        classes: str = '',
    ) -> None:
        """`TapButton` as the browser gets it, for a button that only calls `on_click` (opens a page, downloads,
        sends; None: the caller adds its own `.on('click', …)`): a bare `q-btn` whose props are set in one go.
        `ui.button`'s mixins (text and colour bindings, enabling) cost twice the time, and a page has dozens of
        buttons; one that is disabled or relabelled later stays a `TapButton`. `more` adds Quasar props by name
        (`{'stack': True}`, `{'aria-label': name}`), `classes` classes (`full-width`)."""
        super().__init__('q-btn')
        props = {'color': colour, 'label': label, 'icon': icon, look: True, 'no-caps': True, **(more or {})}
        shown = {name: value for name, value in props.items() if value != ''}
        as_built(self, shown, f'col {classes}' if grow else classes)
        if on_click is not None:
            self.on('click', on_click, [])
        if mark:
            self.mark(mark)


class FixedChoices(ui.select):
    """`ui.select` whose options go to the browser as they are: NiceGUI watches a list of options item by item (an
    observer for each), which for choices nobody edits in place cost twice the rest of the dropdown (a dropdown of
    the skill library: 0.75 ms, 0.25 ms like this). `set_options` still replaces them."""

    def _update_options(self) -> None:
        before = self.value
        self._props['options'] = tuple({'value': i, 'label': label} for i, label in enumerate(self._labels))
        self._props[self.VALUE_PROP] = self._value_to_model_value(before)
        if not isinstance(before, list):
            self.value = before if before in self._values else None


class ChoicesOnTap(Element):
    def __init__(
        self, label: str, options: Callable[[], dict[str, str]], on_pick: Callable[[str], Any], *, mark: str
    ) -> None:
        """A dropdown (`FixedChoices` with a filter box) whose options are read and built when she first taps it,
        `on_pick` called with the value she picks. Until then a bare Quasar select that looks the same: a page
        with a dropdown a day builds, sends and keeps no options for those she leaves alone."""
        super().__init__('q-select')
        self.label, self.read_options, self.on_pick, self.marker = label, options, on_pick, mark
        props = {'label': label, 'outlined': True, 'options': (), 'model-value': None, 'use-input': True}
        as_built(self, props, 'full-width').mark(mark)
        self.on('focus', self.unfold, [])  # her tap (or Tab) focuses it
        self.on('click', self.unfold, [])  # a test's click

    def unfold(self) -> FixedChoices | None:
        """The dropdown in this one's place, opened; None when it is already there."""
        if self.is_deleted:
            return None
        slot = self.parent_slot
        assert slot is not None
        with slot:
            choice = FixedChoices(self.read_options(), label=self.label, with_input=True)
        choice.props('outlined').classes('full-width').mark(self.marker)
        choice.move(target_index=slot.children.index(self))
        choice.on_value_change(lambda e: self.on_pick(e.value) if e.value else None)
        self.delete()
        choice.run_method('showPopup')
        return choice


class ChipsOnTap(Element):
    def __init__(self, label: str, options: dict[str, str], value: list[str], *, mark: str) -> None:
        """A dropdown of several picks shown as chips (`FixedChoices`, `multiple`) that is built when she first taps
        it: until then a bare Quasar select showing the same chips, `options` (id: name) and `value` (the ids
        picked) kept here. A page with one she leaves alone builds none of NiceGUI's select."""
        super().__init__('q-select')
        self.label, self.options, self.marker = label, options, mark
        self.choice: FixedChoices | None = None
        as_built(self, {'label': label, 'outlined': True, 'multiple': True, 'use-chips': True}, 'full-width')
        self.value = value
        self.mark(mark)
        self.on('focus', self.unfold, [])  # her tap (or Tab) focuses it
        self.on('click', self.unfold, [])  # a test's click

    @property
    def value(self) -> list[str]:
        """The ids picked, in this one or in the dropdown that took its place."""
        return list(self.choice.value or []) if self.choice is not None else self._value

    @value.setter
    def value(self, value: list[str]) -> None:
        self._value = list(value)
        picked = tuple({'value': i, 'label': self.options[v]} for i, v in enumerate(value) if v in self.options)
        self.props.update({'options': picked, 'model-value': picked})  # the chips, as the dropdown shows them

    def unfold(self) -> FixedChoices | None:
        """The dropdown in this one's place, opened; None when it is already there."""
        if self.choice is not None or self.is_deleted:
            return None
        slot = self.parent_slot
        assert slot is not None
        with slot:
            self.choice = FixedChoices(self.options, multiple=True, value=self._value, label=self.label)
        self.choice.props('outlined use-chips').classes('full-width').mark(self.marker)
        self.choice.move(target_index=slot.children.index(self))
        self.delete()
        self.choice.run_method('showPopup')
        return self.choice


class MoneyInput(ui.input):
    def __init__(self, label: str, value: int | None = None, *, lowest: int = 0, highest: int | None = None) -> None:
        """Whole rupiah on the phone's number pad, shown as she types with `Rp` before it and thousands set apart
        (`15.000`); `value` is an `int` (None while empty). An amount over `highest` (or under `lowest`) is brought
        back to it when she leaves the field, as a number field does."""
        super().__init__(label, value=value, prefix='Rp')  # type: ignore[arg-type]
        self.lowest, self.highest = lowest, highest
        # Quasar's mask groups the digits from the right as she types and hands back the digits alone; a constant
        self.props('inputmode=numeric autocomplete=off reverse-fill-mask unmasked-value')
        self.props['mask'] = MONEY_MASK  # by name: nothing parsed
        self.on('blur', self._within_limits)

    def _handle_value_change(self, value: Any) -> None:
        if value is not None and not isinstance(value, int):  # digits set as text (a test's typing): an int
            self.value = _whole_rupiah(value)
            return
        super()._handle_value_change(value)

    def _event_args_to_value(self, e: GenericEventArguments) -> int | None:  # type: ignore[override]
        return _whole_rupiah(e.args)

    def _value_to_model_value(self, value: Any) -> str:
        return '' if value is None else str(value)

    def _value_to_event_value(self, value: Any) -> int | None:
        return _whole_rupiah(value)

    def _within_limits(self) -> None:
        if self.value is None:
            return
        limited = max(self.value, self.lowest)
        if self.highest is not None:
            limited = min(limited, self.highest)
        if limited != self.value:
            self.set_value(limited)


def _whole_rupiah(value: Any) -> int | None:
    """What the field holds as whole rupiah: an int as it is; its digits otherwise (`15.000` → 15000); None when
    empty."""
    if value is None or isinstance(value, int):
        return value
    digits = ''.join(ch for ch in str(value) if ch in '0123456789')
    return int(digits[:MONEY_DIGITS]) if digits else None


class PictureUpload(ui.upload):
    def __init__(self, label: str, on_upload: Callable[..., Any], *, mark: str) -> None:
        """One picture from the phone's camera or gallery (`accept="image/*"`: Android offers both), sent as soon as
        she picks it, for `on_upload`. One over 10 MB is refused on the phone, in the words the server would use."""
        super().__init__(
            label=label, auto_upload=True, max_files=1, on_upload=on_upload, max_file_size=MAX_BYTES,
            on_rejected=self._too_large,
        )  # fmt: skip
        self.props('accept=image/* flat bordered color=primary').classes('full-width').mark(mark)

    def _too_large(self) -> None:
        refusal = DomainError('image_too_large', max_mb=MAX_BYTES // (1024 * 1024))
        ui.notify(error_text(refusal), type='negative', multi_line=True)


class LinkCard(ui.card):
    def __init__(self, path: str, *, mark: str = '') -> None:
        """A card she taps to open `path` (a programme, a group, a skill, her recipe); `with LinkCard(…):` fills
        its one row, icon first."""
        super().__init__()
        self.classes('full-width q-pa-sm cursor-pointer').on('click', lambda: ui.navigate.to(path))
        if mark:
            self.mark(mark)
        with self.default_slot:
            self.row = ui.row().classes('items-center no-wrap full-width')

    def __enter__(self) -> LinkCard:
        self.row.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.row.__exit__(*exc)


class Folded(Element):
    """A folded section whose content `build` makes the first time she opens it: a page of several folded sections
    builds, sends and keeps only what she opens (NiceGUI's cost is per element, and most visits open none). Drawn by
    `ui.expansion`'s own component, without its bindings: her tap asks the server, which builds the content and
    opens it, as `ui.expansion` does."""

    component = Expansion.component

    def __init__(self, text: str, icon: str, build: Callable[[], None], *, mark: str) -> None:
        super().__init__()
        props = {'label': text, 'icon': icon, 'model-value': False}
        as_built(self, props, 'nicegui-expansion full-width bg-white').mark(mark)
        self._build: Callable[[], None] | None = build
        self.on('click', self.unfold, [])  # her tap on the header (and a test's click)
        self.on('update:model-value', self._toggled)

    def unfold(self) -> None:
        if self._build is not None:
            build, self._build = self._build, None
            with self:
                build()

    def _toggled(self, event: GenericEventArguments) -> None:
        if event.args is True:
            self.unfold()
        self.props['model-value'] = event.args is True  # it opens (or folds) when the server says so
