"""Amounts typed as she reads them: the field groups the digits as she types (`15.000`, Quasar's mask, a constant)
and hands whole rupiah to the page as an int."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.events import GenericEventArguments
from nicegui.testing import User

from models.business import Product
from ui.runtime import runtime
from ui.widgets import MONEY_MASK, MoneyInput

from .conftest import KUE_TRAINEE, open_as


async def test_the_field_groups_digits_as_she_types_and_gives_an_int(user: User) -> None:
    fields: list[MoneyInput] = []

    @ui.page('/test-uang')
    def page() -> None:
        fields.append(MoneyInput('Harga', highest=50_000).mark('price'))

    await user.open('/test-uang')
    field = fields[0]
    field.value = field._event_args_to_value(GenericEventArguments(sender=field, client=field.client, args='15000'))

    assert field.props['mask'] == MONEY_MASK == '#.###.###.###'
    assert 'unmasked-value' in field.props and 'reverse-fill-mask' in field.props
    assert field.props['inputmode'] == 'numeric' and field.props['prefix'] == 'Rp'
    assert field.value == 15_000 and field.props['value'] == '15000'
    user.find(marker='price').clear().type('15.000')
    assert field.value == 15_000
    field.value = 90_000
    field._within_limits()
    assert field.value == 50_000  # over its highest: brought back when she leaves the field
    field.value = None
    assert field.props['value'] == ''


@pytest.mark.demo
async def test_typing_15000_saves_15000(user: User) -> None:
    await open_as(user, KUE_TRAINEE, '/usaha/produk')
    user.find(marker='new-product').click()
    user.find(marker='product-name').type('Bolu kukus')
    user.find(marker='product-price').type('15000')
    user.find(marker='save-product').click()

    await user.should_see('Rp\u00a015.000 / buah')
    assert [p.price for p in runtime.store.all(Product) if p.name == 'Bolu kukus'] == [15_000]
