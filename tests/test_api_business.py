"""`GET /api/products` and `GET /api/summary`: her own products and month, for the logged-in trainee only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from nicegui.testing import User

from models.business import Product, SaleForm
from models.programme import Zone
from store.sales import record_sale
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, WIB, demo_programme, her_product, log_in

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock


async def give_her_a_product(phone: str = KUE_TRAINEE[0]) -> Product:
    """Bolu kukus at Rp 10.000 (HPP Rp 6.000): round figures for the month's sums."""
    return await her_product(phone, name='Bolu kukus', price=10_000, hpp=6_000)


async def test_her_products_with_price_and_hpp(user: User) -> None:
    product = await give_her_a_product()
    await log_in(user, *KUE_TRAINEE)

    response = await user.http_client.get('/api/products')

    assert response.status_code == 200
    assert response.json() == {
        'products': [
            {'id': product.id, 'name': 'Bolu kukus', 'unit': 'pcs', 'price': 10_000, 'hpp': 6_000, 'photo_url': None}
        ],
        'zone': 'WIB',  # her programme's: the offline order form types due times on its clock
        'utc_offset': '+07:00',
    }


async def test_her_products_come_with_her_programmes_zone(user: User) -> None:
    store = await runtime.ready()
    programme = demo_programme(store)
    await store.put(programme.model_copy(update={'zone': Zone.WITA}))
    await log_in(user, *KUE_TRAINEE)

    answer = (await user.http_client.get('/api/products')).json()

    assert (answer['zone'], answer['utc_offset']) == ('WITA', '+08:00')


async def test_another_trainee_does_not_get_her_products(user: User) -> None:
    await give_her_a_product()
    await log_in(user, '081200000002', '123456')  # another kue trainee, who has no products yet

    response = await user.http_client.get('/api/products')

    assert response.status_code == 200 and response.json()['products'] == []


async def test_her_month_in_figures(user: User) -> None:
    product = await give_her_a_product()
    participant_id, store = product.participant_id, runtime.store
    await record_sale(store, participant_id, SaleForm(product_id=product.id, quantity=Decimal(5), at=may(14)))
    unpaid = SaleForm(product_id=product.id, quantity=Decimal(2), paid=False, buyer='Bu Romlah', at=may(31, 23))
    await record_sale(store, participant_id, unpaid)
    june = SaleForm(product_id=product.id, quantity=Decimal(7), at=dt.datetime(2025, 6, 1, 0, 30, tzinfo=WIB))
    await record_sale(store, participant_id, june)
    await log_in(user, *KUE_TRAINEE)

    response = await user.http_client.get('/api/summary', params={'month': '2025-05'})

    assert response.status_code == 200
    assert response.json() == {
        'revenue': 70_000,
        'costs': 0,  # she logged no expense: the HPP of what she sold is a guide, not money spent
        'profit': 70_000,
        'sales_count': 2,
        'expenses_count': 0,
        'unpaid': 20_000,
    }


async def test_without_a_month_she_gets_this_month(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)

    response = await user.http_client.get('/api/summary')

    assert response.status_code == 200 and response.json()['sales_count'] == 0


@pytest.mark.parametrize('month', ['2025-13', 'mei', '2025-5', '2025-05-01', "'; DROP", '9' * 500])
async def test_a_bad_month_gets_422_with_a_message(user: User, month: str) -> None:
    await log_in(user, *KUE_TRAINEE)

    response = await user.http_client.get('/api/summary', params={'month': month})

    assert response.status_code == 422
    assert 'Bulan tidak valid' in response.json()['error'] and 'Invalid month' in response.json()['error_en']


@pytest.mark.parametrize('path', ['/api/products', '/api/summary?month=2025-05'])
async def test_nobody_logged_in_gets_401(user: User, path: str) -> None:
    response = await user.http_client.get(path)

    assert response.status_code == 401 and 'masuk' in response.json()['error'].lower()


@pytest.mark.parametrize('staff', [COORDINATOR, INSTRUCTOR])
@pytest.mark.parametrize('path', ['/api/products', '/api/summary?month=2025-05'])
async def test_staff_get_403(user: User, staff: tuple[str, str], path: str) -> None:
    await log_in(user, *staff)

    response = await user.http_client.get(path)

    assert response.status_code == 403 and 'peserta' in response.json()['error'].lower()


def may(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2025, 5, day, hour, tzinfo=WIB)
