"""The coordinator's skill library: recipes and farming steps, reusable across programmes (a programme's page
places them on its days: ui/pages/curriculum.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import Response
from nicegui import ui
from pydantic import ValidationError

from models.account import Role
from models.base import new_id
from models.skills import Ingredient, IngredientUnit, RecipeCard, Skill, SkillKind
from store.skills import library, save_skill

from ..auth import guard
from ..format import number, unit_options
from ..forms import field_errors, show_errors
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import IconButton, LinkCard, MoneyInput, TapButton, back_button, title_bar

COORDINATOR = Role.COORDINATOR


async def list_page() -> Response | None:
    store = await runtime.ready()
    with frame('library.title', active='/programmes'):
        title_bar('/programmes', t('library.title'))
        with ui.row().classes('q-gutter-sm'):
            for kind in SkillKind:
                TapButton(
                    t(f'library.new.{kind.value}'),
                    'add',
                    lambda k=kind: ui.navigate.to(f'/skills/new?kind={k.value}'),
                    mark=f'new-{kind.value}',
                    look='outline',
                )
        for kind in SkillKind:
            skills = library(store, kind)
            ui.label(t(f'library.kind.{kind.value}', count=len(skills))).classes('text-h6 q-mt-md')
            for skill in skills:
                with LinkCard(f'/skills/{skill.id}', mark=f'skill-{skill.id}'):
                    ui.icon('bakery_dining' if kind == SkillKind.RECIPE else 'agriculture', color='primary')
                    ui.label(skill.name).classes('col text-body1')
                    ui.icon('chevron_right', color='grey-7')
    return None


async def edit_page(skill_id: str, kind: str = SkillKind.RECIPE.value) -> Response | None:
    store = await runtime.ready()
    skill = store.get(Skill, skill_id) if skill_id != 'new' else None
    if skill is None:
        chosen = SkillKind(kind) if kind in {k.value for k in SkillKind} else SkillKind.RECIPE
        recipe = RecipeCard(id='-', yield_pieces=20) if chosen == SkillKind.RECIPE else None
        skill = Skill.model_construct(id=new_id(), kind=chosen, name='', summary='', steps=[], recipe=recipe)
    with frame('library.title', active='/programmes'):
        back_button('/skills')
        SkillEditor(skill)
    return None


class SkillEditor:
    """Name, summary and steps; for a recipe also yield, time, margin and the ingredient rows."""

    def __init__(self, skill: Skill) -> None:
        self.skill = skill
        self.rows: list[dict[str, Any]] = []
        ui.label(skill.name or t(f'library.new.{skill.kind.value}')).classes('text-h5 text-weight-bold')
        self.fields: dict[str, Any] = {
            'name': ui.input(t('library.name'), value=skill.name).mark('skill-name'),
            'summary': ui.textarea(t('library.summary'), value=skill.summary).mark('skill-summary'),
        }
        steps = skill.recipe.steps if skill.recipe else skill.steps
        self.fields['steps'] = ui.textarea(t('library.steps'), value='\n'.join(steps)).mark('skill-steps')
        recipe = skill.recipe
        if recipe is not None:
            with ui.row().classes('full-width no-wrap q-gutter-x-sm'):
                self.fields['yield_pieces'] = ui.number(t('library.yield'), value=recipe.yield_pieces, min=1,
                                                        precision=0).classes('col').mark('skill-yield')  # fmt: skip
                self.fields['minutes'] = ui.number(t('library.minutes'), value=recipe.minutes, min=1, precision=0)
                self.fields['minutes'].classes('col').mark('skill-minutes')
                self.fields['margin_percent'] = ui.number(t('recipe.margin'), value=recipe.margin_percent, min=0,
                                                          precision=0, suffix='%').classes('col')  # fmt: skip
            ui.label(t('recipe.ingredients')).classes('text-h6 q-mt-sm')
            self.ingredient_area = ui.column().classes('full-width q-gutter-y-sm').mark('ingredients')
            for item in recipe.ingredients:
                self.add_row(item)
            ui.button(t('library.add_ingredient'), icon='add', on_click=lambda: self.add_row(None)).props(
                'outline color=primary no-caps'
            ).classes('tap full-width').mark('add-ingredient')
        for element in self.fields.values():
            element.props('outlined')
        for name in ('name', 'summary', 'steps'):
            self.fields[name].classes('full-width')
        ui.button(t('form.save'), icon='save', on_click=self.save).props('unelevated color=primary size=lg').classes(
            'tap full-width'
        ).mark('save-skill')

    def add_row(self, item: Ingredient | None) -> None:
        with self.ingredient_area, ui.card().classes('full-width q-pa-sm') as card:
            row: dict[str, Any] = {'id': item.id if item else new_id(), 'card': card}
            n = len(self.rows)
            row['name'] = ui.input(t('library.ingredient'), value=item.name if item else '').props('outlined dense')
            row['name'].classes('full-width').mark(f'ing-name-{n}')
            with ui.row().classes('full-width no-wrap q-gutter-x-xs'):
                row['amount'] = ui.input(t('library.amount'), value=number(item.amount, 'en') if item else '')
                row['amount'].props('outlined dense inputmode=decimal').classes('col').mark(f'ing-amount-{n}')
                row['unit'] = ui.select(
                    unit_options(IngredientUnit), value=item.unit.value if item else 'gram', label=t('library.unit')
                )
                row['unit'].props('outlined dense').classes('col').mark(f'ing-unit-{n}')
            with ui.row().classes('full-width no-wrap q-gutter-x-xs'):
                row['price'] = MoneyInput(t('library.price'), item.price if item else None)
                row['price'].props('outlined dense').classes('col').mark(f'ing-price-{n}')
                row['price_per'] = ui.input(t('library.per'), value=number(item.price_per, 'en') if item else '1')
                row['price_per'].props('outlined dense inputmode=decimal').classes('col').mark(f'ing-per-{n}')
                row['price_unit'] = ui.select(
                    unit_options(IngredientUnit), value=item.price_unit.value if item else 'kg', label=' '
                )
                row['price_unit'].props('outlined dense').classes('col').mark(f'ing-per-unit-{n}')
            IconButton('delete', t('form.delete'), lambda: self.remove_row(row), colour='negative')
        self.rows.append(row)

    def remove_row(self, row: dict[str, Any]) -> None:
        self.rows.remove(row)
        self.ingredient_area.remove(row['card'])

    def _ingredients(self) -> list[Ingredient] | None:
        items, ok = [], True
        for row in self.rows:
            data = {
                'id': row['id'], 'name': row['name'].value or '', 'amount': _decimal(row['amount'].value),
                'unit': row['unit'].value, 'price': row['price'].value, 'price_per': _decimal(row['price_per'].value),
                'price_unit': row['price_unit'].value,
            }  # fmt: skip
            try:
                items.append(Ingredient.model_validate(data))
                show_errors({k: row[k] for k in ('name', 'amount', 'price', 'price_per', 'price_unit')}, {})
            except ValidationError as error:
                messages = field_errors(error)
                if '' in messages:
                    messages['price_unit'] = messages.pop('')
                show_errors({k: row[k] for k in ('name', 'amount', 'price', 'price_per', 'price_unit')}, messages)
                ok = False
        return items if ok else None

    @guard(COORDINATOR)
    async def save(self) -> None:
        steps = [line.strip() for line in (self.fields['steps'].value or '').splitlines() if line.strip()]
        recipe = None
        try:
            if self.skill.recipe is not None:
                ingredients = self._ingredients()
                if ingredients is None:
                    return
                recipe = RecipeCard(
                    id=self.skill.id,
                    ingredients=ingredients,
                    steps=steps,
                    yield_pieces=self.fields['yield_pieces'].value,
                    minutes=self.fields['minutes'].value,
                    margin_percent=self.fields['margin_percent'].value,
                )
            skill = Skill(
                id=self.skill.id, kind=self.skill.kind, name=self.fields['name'].value or '',
                summary=self.fields['summary'].value or '', steps=[] if recipe else steps, recipe=recipe,
            )  # fmt: skip
        except ValidationError as error:
            show_errors(self.fields, {k.split('.')[-1]: v for k, v in field_errors(error).items()})
            return
        show_errors(self.fields, {})
        await save_skill(runtime.store, skill)
        ui.notify(t('form.saved'), type='positive')
        if self.skill.name == '':
            ui.navigate.to(f'/skills/{skill.id}')


def _decimal(raw: Any) -> Any:
    """`1,5` and `1.5` both mean one and a half; anything else goes to the model to be refused."""
    text = str(raw or '').strip().replace(',', '.')
    try:
        return Decimal(text)
    except InvalidOperation:
        return text
