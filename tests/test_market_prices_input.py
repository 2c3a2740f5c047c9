"""Bad input on the price form, in its model, its store operation, its screen and its JSON: negative and absurd prices,
words for numbers, markup and 100 KB texts for a place, dates that are none, ahead or long gone. Each gets a clear
message in her language, never a 5xx, and nothing is half-saved: the store is as it was, or holds the one price and
its trail entry."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from nicegui.testing import User
from pydantic import ValidationError

from models.account import Account, Role
from models.audit import AuditEntry
from models.base import DomainError
from models.market_prices import MAX_PRICE, MarketPrice, PlaceKind, PriceForm
from models.secretariat import Secretariat
from store.market_prices import UnusualPrice, record_price
from ui.forms import field_errors
from ui.i18n import catalogue, error_text
from ui.runtime import runtime

from .conftest import KWT_TRAINEE, error_of, only, open_as, open_store, state_of

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 2, 30, tzinfo=dt.UTC)
BIG = 'x' * 100_000  # a 100 KB text

prices = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from([0, -1, 1, MAX_PRICE, MAX_PRICE + 1, 10**12, '15.000', 'Rp 15.000', '15,5', 'lima ribu', '',
                     '1e6', 'NaN', '-15000', None, True, 15000.5, 15000.0, BIG, '<b>5</b>', '15.000.000']),
    st.text(max_size=12),
)  # fmt: skip
places = st.one_of(
    st.sampled_from(['Pasar Palas', '', '<script>alert(1)</script>', '<b>Pasar</b>', BIG, 'Pasar\x00Palas',
                     'x' * 81, ' Pasar   Bakauheni ', 'Pasar "Induk"', "Pengepul Ko'Ahong"]),
    st.text(max_size=90),
)  # fmt: skip
dates = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(['2026-02-30', '2026-13-01', '07/12/2026', '', 'kemarin', BIG, '2026-12-07T25:00', None]),
)
kinds = st.one_of(st.sampled_from([k.value for k in PlaceKind]), st.sampled_from(['', 'toko', BIG, None]))
commodity_keys = st.sampled_from(['cabai-merah-keriting', 'telur-ayam', 'bawang-putih', '', 'CABAI HIJAU', BIG])


def form_data(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@SETTINGS
@given(commodity=commodity_keys, kind=kinds, place=places, price=prices, date=dates)
def test_a_refused_price_form_says_why_beside_its_fields(commodity: Any, kind: Any, place: Any, price: Any,
                                                         date: Any) -> None:  # fmt: skip
    data = form_data(commodity=commodity, kind=kind, place=place, price=price, date=date)
    try:
        form = PriceForm.model_validate(data)
    except ValidationError as error:
        messages = field_errors(error)
        assert messages and all(field in data or field in PriceForm.model_fields for field in messages)
        for message in messages.values():
            assert message.strip() and not message.startswith(('form.', 'error.')) and '{' not in message
        return
    assert 1 <= form.price <= MAX_PRICE and '<' not in form.place and len(form.place) <= 80
    assert form.kind != PlaceKind.MARKET or form.place


def test_the_price_form_s_own_refusals_name_the_problem() -> None:
    def refusal(**changes: Any) -> dict[str, str]:
        good = {'commodity': 'cabai-hijau', 'kind': 'pasar', 'place': 'Pasar Palas', 'price': 30_000,
                'date': '2026-12-07'}  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            PriceForm.model_validate(good | changes)
        return field_errors(refused.value)

    price = 'Harga harus angka bulat rupiah, dari Rp\u00a01 sampai Rp\u00a010.000.000 per satuan'
    for bad in (-1, 0, 10_000_001, 'lima ribu', '15,5', 15000.5, True):
        assert refusal(price=bad) == {'price': price}, bad
    assert refusal(place='<b>Pasar</b>') == {'place': 'Tulis nama tempat tanpa tanda < atau >'}
    assert refusal(place=BIG) == {'place': 'Terlalu panjang (maksimal 80 huruf)'}
    assert refusal(place='') == {'place': 'Tulis nama pasarnya (mis. Pasar Palas)'}
    assert refusal(date='2026-02-30') == {'date': 'Tanggal tidak valid'}
    assert PriceForm.model_validate({'commodity': 'cabai-hijau', 'kind': 'pengepul', 'price': 'Rp 15.000',
                                     'date': '2026-12-07'}).price == 15_000  # fmt: skip


def people() -> tuple[Secretariat, Account]:
    staff = Account(username='sri', name='Sri Mulyani', role=Role.SECRETARIAT, secret_hash='x' * 40)
    secretariat = Secretariat(name='Sekretariat Bumidaya', slug='bumidaya', village='Bumidaya', staff_ids=[staff.id],
                              created_at=NOW)  # fmt: skip
    return secretariat, staff


def test_the_store_saves_a_price_whole_or_not_at_all(tmp_path: Path) -> None:
    secretariat, staff = people()
    earlier = [
        MarketPrice(secretariat_id=secretariat.id, commodity='cabai-hijau', kind=PlaceKind.MARKET, place='Pasar Palas',
                    price=30_000 + 500 * n, date=TODAY - dt.timedelta(days=n), by_role=Role.SECRETARIAT,
                    recorded_by=staff.id, recorded_at=NOW)
        for n in range(5)
    ]  # fmt: skip
    ids = (f'price-{n}' for n in itertools.count())
    with open_store(tmp_path / 'store', secretariat, staff, *earlier) as (store, run):

        @SETTINGS
        @given(commodity=commodity_keys, kind=kinds, place=places, price=prices, date=dates, confirmed=st.booleans())
        def check(commodity: Any, kind: Any, place: Any, price: Any, date: Any, confirmed: bool) -> None:
            try:
                form = PriceForm.model_validate(
                    form_data(commodity=commodity, kind=kind, place=place, price=price, date=date)
                )
            except ValidationError:
                return  # the form's refusal, above: nothing reached the store
            note(repr(form))
            before = state_of(store)
            counts = (store.count(MarketPrice), store.count(AuditEntry))
            try:
                run(record_price(store, staff, secretariat.id, form, price_id=next(ids), today=TODAY, now=NOW,
                                 confirmed=confirmed))  # fmt: skip
            except UnusualPrice as unusual:
                assert not confirmed and state_of(store) == before
                assert 'error.price_unusual' in catalogue('id') and unusual.median > 0
                return
            except DomainError as error:
                assert state_of(store) == before
                assert error.key in ('unknown_commodity', 'price_date_future', 'price_date_old'), error.key
                assert not error_text(error, 'id').startswith('error.')
                return
            assert (store.count(MarketPrice), store.count(AuditEntry)) == (counts[0] + 1, counts[1] + 1)

        check()


# ---- on her phone --------------------------------------------------------------------------------------------

HOSTILE = [  # (field, value, field with the message, its start)
    ('price-place', '<img src=x onerror=alert(1)>', 'price-place', 'Tulis nama tempat tanpa tanda'),
    ('price-place', BIG, 'price-place', 'Terlalu panjang'),
    ('price-amount', 99_999_999, 'price-amount', 'Harga harus angka bulat rupiah'),
    ('price-amount', None, 'price-amount', 'Wajib diisi'),
    ('price-date', '2026-02-30', 'price-date', 'Tanggal tidak valid'),
    ('price-date', '2027-01-05', 'price-date', 'Tanggalnya belum lewat'),
    ('price-date', '2020-01-05', 'price-date', 'Tanggalnya lebih dari setahun'),
]


@pytest.mark.demo
@pytest.mark.parametrize(
    ('field', 'value', 'beside', 'message'), HOSTILE, ids=[f'{h[0]}-{str(h[1])[:12]}' for h in HOSTILE]
)
async def test_her_price_form_refuses_bad_input_beside_the_field_and_saves_nothing(
    user: User, field: str, value: Any, beside: str, message: str
) -> None:
    await open_as(user, KWT_TRAINEE, '/harga')
    before = runtime.store.count(MarketPrice)
    user.find(marker='record-price').click()
    only(user, 'price-kind').value = 'pasar'
    only(user, 'price-place').value = 'Pasar Palas'
    only(user, 'price-amount').value = 48_000
    only(user, field).value = value
    user.find(marker='save-price').click()
    await user.should_see(message)

    shown = error_of(user, beside)
    assert shown is not None and shown.startswith(message), shown
    assert runtime.store.count(MarketPrice) == before
