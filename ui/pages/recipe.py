"""A recipe card (or a farming step's card): ingredients, yield, steps, and what a piece costs her to make.

A trainee sees HPP (cost of goods per piece) and a suggested price; she can type the prices she pays at
her own market and her own margin, keep them, and make the recipe a product in her catalog.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from nicegui import ui

from models.account import Account, Role
from models.base import DomainError
from models.permissions import may_see_recipe
from models.programme import Programme
from models.skills import Ingredient, Placement, PriceOverride, Skill, SkillKind, hpp_per_piece, suggested_price
from store.skills import her_prices, make_product, save_her_prices

from .. import auth
from ..auth import page_user, refusal
from ..format import format_rupiah, number, unit_name
from ..forms import notify_error
from ..frame import frame
from ..i18n import t
from ..runtime import runtime
from ..widgets import MoneyInput, TapButton, back_button


def may_see(account: Account, skill_id: str) -> bool:
    """Coordinators: every card. Instructors and trainees: the cards of the programmes they teach or attend."""
    store = runtime.store
    placed_in = {p.programme_id for p in store.all(Placement) if p.skill_id == skill_id}
    return may_see_recipe(account, (p for p in (store.get(Programme, i) for i in placed_in) if p is not None))


async def page(skill_id: str, programme: str = '') -> Response | None:
    account, skill = page_user(), runtime.store.get(Skill, skill_id)
    if skill is None or not may_see(account, skill_id):
        return refusal('recipe.step_not_yours' if skill and skill.kind != SkillKind.RECIPE else 'recipe.not_yours')
    title = 'recipe.title' if skill.kind == SkillKind.RECIPE else 'recipe.step_title'
    with frame(title, active='/progress' if account.role == Role.TRAINEE else '/'):
        back_button(f'/grid/{programme}' if programme and account.role != Role.TRAINEE else '/progress')
        with ui.row().classes('items-center no-wrap'):
            ui.icon('bakery_dining' if skill.kind == SkillKind.RECIPE else 'agriculture', size='36px', color='primary')
            ui.label(skill.name).classes('text-h5 text-weight-bold')
        if skill.summary:
            ui.label(skill.summary).classes('text-body1')
        if skill.recipe is not None:
            RecipeCardView(account, skill)
        steps = skill.recipe.steps if skill.recipe else skill.steps
        ui.label(t('recipe.steps')).classes('text-h6 q-mt-md')
        for n, step in enumerate(steps, start=1):
            with ui.row().classes('no-wrap items-start'):
                ui.label(f'{n}.').classes('text-body1 text-weight-bold text-primary').style('min-width:24px')
                ui.label(step).classes('text-body1')
    return None


class RecipeCardView:
    def __init__(self, account: Account, skill: Skill) -> None:
        assert skill.recipe is not None
        self.skill = skill
        self.card = skill.recipe
        self.trainee = account.role == Role.TRAINEE and account.participant_id is not None
        self.participant_id = account.participant_id if self.trainee else None
        override = her_prices(runtime.store, self.participant_id, skill.id) if self.participant_id else None
        self.prices: dict[str, Any] = {}
        with ui.row().classes('q-gutter-md text-body1'):
            with ui.row().classes('items-center no-wrap'):
                ui.icon('schedule', color='grey-8')
                ui.label(t('recipe.minutes', minutes=self.card.minutes))
            with ui.row().classes('items-center no-wrap'):
                ui.icon('cookie', color='grey-8')
                ui.label(t('recipe.yield', pieces=self.card.yield_pieces))
        ui.label(t('recipe.ingredients')).classes('text-h6 q-mt-sm')
        if self.trainee:
            ui.label(t('recipe.her_prices_hint')).classes('text-body2 text-grey-8')
        for item in self.card.ingredients:
            self.ingredient(item, override)
        with ui.card().classes('full-width bg-teal-1 q-pa-md').mark('figures'):
            self.hpp_label = ui.label().classes('text-h6').mark('hpp')
            margin_start = self.card.margin_percent
            if override is not None and override.margin_percent is not None:
                margin_start = override.margin_percent
            self.margin = (
                ui.number(t('recipe.margin'), value=margin_start, min=0, max=500, step=5, format='%.0f', suffix='%')
                .props('outlined dense')
                .classes('full-width')
                .on_value_change(self.refresh)
                .mark('margin')
            )
            if not self.trainee:
                self.margin.props('readonly')
            self.suggested_label = ui.label().classes('text-h6 text-primary').mark('suggested')
        if self.trainee:
            self.price = (
                MoneyInput(t('recipe.her_price'), highest=100_000_000)
                .props('outlined')
                .classes('full-width')
                .mark('her-price')
            )
            with ui.row().classes('full-width q-gutter-sm no-wrap'):
                TapButton(t('recipe.save_prices'), 'save', self.keep, mark='save-prices', look='outline', grow=True)
                TapButton(t('recipe.make_product'), 'storefront', self.to_product, mark='make-product', grow=True)
        self.refresh()

    def ingredient(self, item: Ingredient, override: PriceOverride | None) -> None:
        """One line of the recipe: how much, and the pack price (hers to change, when she is a trainee)."""
        with ui.card().classes('full-width q-pa-sm'):
            amount = f'{number(item.amount)} {unit_name(item.unit)} {item.name}'
            ui.label(amount).classes('text-body1 text-weight-medium')
            pack = t('recipe.pack', size=number(item.price_per), unit=unit_name(item.price_unit))
            if not self.trainee:
                ui.label(f'{pack}: {format_rupiah(item.price)}').classes('text-body2 text-grey-8')
                return
            start = override.prices.get(item.id, item.price) if override else item.price
            field = MoneyInput(pack, start, highest=100_000_000).props('outlined dense').classes('full-width')
            self.prices[item.id] = field.on_value_change(self.refresh).mark(f'price-{item.name}')

    def her_entered_prices(self) -> dict[str, int] | None:
        """Her pack prices, or None (with a message) when one is not a whole, sane rupiah amount."""
        prices: dict[str, int] = {}
        for item_id, field in self.prices.items():
            value = field.value
            if value is None or value < 0 or value > 100_000_000 or value != int(value):
                field.props['error'] = True
                field.props['error-message'] = t('form.bad_price')
                field.update()
                return None
            field.props.pop('error', None)
            field.update()
            prices[item_id] = int(value)
        return prices

    def margin_value(self) -> int | None:
        value = self.margin.value
        if value is None or value < 0 or value > 500 or value != int(value):
            return None
        return int(value)

    def refresh(self) -> None:
        prices = self.her_entered_prices() if self.trainee else None
        margin = self.margin_value()
        if (self.trainee and prices is None) or margin is None:
            self.hpp_label.set_text(t('recipe.fix_inputs'))
            self.suggested_label.set_text('')
            return
        hpp = hpp_per_piece(self.card, prices)
        suggested = suggested_price(hpp, margin)
        self.hpp_label.set_text(t('recipe.hpp', amount=format_rupiah(hpp)))
        self.suggested_label.set_text(t('recipe.suggested', amount=format_rupiah(suggested)))
        self.figures = (hpp, suggested)
        if self.trainee and getattr(self, 'price', None) is not None:
            self.price.value = suggested

    def _ready(self) -> tuple[Account, dict[str, int], int] | None:
        account = auth.acting(lambda a: a.participant_id == self.participant_id and may_see(a, self.skill.id))
        if account is None:
            return None
        prices, margin = self.her_entered_prices(), self.margin_value()
        if prices is None or margin is None:
            ui.notify(t('recipe.fix_inputs'), type='negative')
            return None
        return account, prices, margin

    async def keep(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        account, prices, margin = ready
        assert account.participant_id is not None
        override = PriceOverride(
            id=f'{account.participant_id}.{self.skill.id}', participant_id=account.participant_id,
            skill_id=self.skill.id, prices=prices, margin_percent=margin,
        )  # fmt: skip
        await save_her_prices(runtime.store, override)
        ui.notify(t('recipe.prices_saved'), type='positive')

    async def to_product(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        account, prices, margin = ready
        assert account.participant_id is not None
        hpp = hpp_per_piece(self.card, prices)
        price = self.price.value
        if price is None or price < 0 or price > 100_000_000 or price != int(price):
            self.price.props['error'] = True
            self.price.props['error-message'] = t('form.bad_price')
            self.price.update()
            return
        try:
            product = await make_product(runtime.store, account.participant_id, self.skill, price=int(price), hpp=hpp)
        except DomainError as error:
            notify_error(error)
            return
        ui.notify(t('recipe.product_made', name=product.name, price=format_rupiah(product.price)), type='positive')
