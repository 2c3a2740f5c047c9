"""Records that bypassed pydantic (`model_construct`) with bad values never reach the store.

Hypothesis builds records holding one bad value each: wrong types, negative money, strings over their
limit, bad phone numbers and NIKs, unknown enum values, values JSON cannot hold. Each is refused with
`InvalidRecord` naming the field, through `put`, `insert_once` and a transaction, and afterwards the
store holds exactly what it held before and still takes valid writes; on both durable engines.

Hypothesis and function-scoped fixtures do not mix, so each test opens one store (on its own event
loop) and runs all its examples against it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import string
from decimal import Decimal
from typing import Any

import pytest
from annotated_types import MaxLen
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from models.base import Record
from models.business import MAX_AMOUNT, Channel, Expense, Product, Sale
from models.participant import Participant
from store import InvalidRecord, Tx

from .engines import Engine, engine_fixture, open_on_loop, state_on  # noqa: F401 - `engine`: each test on both

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AT = dt.datetime(2024, 5, 17, 10, 30, tzinfo=dt.UTC)

VALID: dict[type[Record], dict[str, Any]] = {
    Sale: {
        'id': 'sale-1',
        'participant_id': 'p001',
        'product_id': 'prod-1',
        'quantity': Decimal('2'),
        'unit_price': 15_000,
        'at': AT,
    },
    Product: {'id': 'prod-1', 'participant_id': 'p001', 'name': 'Kue lapis', 'price': 15_000},
    Expense: {'id': 'exp-1', 'participant_id': 'p001', 'category': 'bahan', 'amount': 20_000, 'at': AT},
    Participant: {'id': 'p001', 'name': 'Siti Aminah', 'phone': '081234560103', 'nik': '3201014501900001'},
}


class Opaque:
    """Something JSON has no form for."""

    def __repr__(self) -> str:
        return 'Opaque()'


BOOLS = {'0', '1', 'yes', 'no', 'true', 'false', 'on', 'off', 'y', 'n', 't', 'f'}  # what pydantic reads as bool


def not_a_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return True
    return False


letters = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=12)
not_an_int = st.one_of(
    letters.filter(lambda s: not s.isdigit()),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f != int(f)),
    st.sampled_from([float('nan'), float('inf'), float('-inf')]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(letters, st.integers(), max_size=2),
)
not_a_str = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(letters, max_size=3),
    st.dictionaries(letters, letters, max_size=2),
)
unserialisable = st.one_of(
    st.builds(object),
    st.builds(Opaque),
    st.complex_numbers(allow_nan=False, allow_infinity=False),
    st.just(lambda: None),
    st.sets(st.builds(Opaque), min_size=1, max_size=2),
    st.just(b'\xff\xfe'),  # bytes that are not text
)


def max_length(model: type[Record], field: str) -> int:
    """The field's `max_length`, read from the model so a changed limit keeps these tests honest."""
    limits = [m.max_length for m in model.model_fields[field].metadata if isinstance(m, MaxLen)]
    assert limits, f'{model.__name__}.{field} has no max_length'
    return min(limits)


def long_text(model: type[Record], field: str) -> st.SearchStrategy[str]:
    # no surrounding whitespace, so stripping cannot bring it under the limit
    limit = max_length(model, field)
    return st.text(alphabet=string.ascii_letters, min_size=limit + 1, max_size=limit + 40)


def not_in(values: set[str]) -> st.SearchStrategy[str]:
    return st.text(max_size=20).filter(lambda s: s.strip() not in values)


bad_phone = st.one_of(
    st.text(alphabet=string.digits, min_size=1, max_size=9),  # too short
    st.text(alphabet=string.digits, min_size=14, max_size=20).map(lambda s: '08' + s),  # too long
    st.text(alphabet=string.digits, min_size=8, max_size=11).map(lambda s: '07' + s),  # not a mobile number
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=12),
)
bad_nik = st.one_of(
    st.text(alphabet=string.digits, min_size=1, max_size=15),  # too short
    st.text(alphabet=string.digits, min_size=17, max_size=20),  # too long
    st.integers(min_value=13, max_value=99).map(lambda m: f'32010145{m:02d}900001'),  # no such month
    st.sampled_from([0, 32, 40, 72, 99]).map(lambda d: f'320101{d:02d}01900001'),  # no such day
    st.just('0001014501900001'),  # province 00
    st.just('3201014501900000'),  # serial 0000
    st.text(alphabet=string.ascii_letters, min_size=16, max_size=16),
)

# (model, field, strategy of bad values)
CASES: list[tuple[type[Record], str, st.SearchStrategy[Any]]] = [
    (Sale, 'unit_price', st.integers(max_value=-1)),
    (Sale, 'unit_price', st.integers(min_value=MAX_AMOUNT + 1)),
    (Sale, 'unit_price', not_an_int),
    (Sale, 'unit_hpp', st.integers(max_value=-1)),
    (Sale, 'paid_amount', st.integers(max_value=-1)),
    (Sale, 'quantity', st.decimals(max_value=0, allow_nan=False, allow_infinity=False)),
    (Sale, 'quantity', st.decimals(min_value=100_001, allow_nan=False, allow_infinity=False)),
    (Sale, 'quantity', st.sampled_from([Decimal('NaN'), Decimal('Infinity'), Decimal('0.0001')])),
    (Sale, 'quantity', letters.filter(not_a_decimal)),
    (Sale, 'buyer', long_text(Sale, 'buyer')),
    (Sale, 'buyer_phone', long_text(Sale, 'buyer_phone')),
    (Sale, 'buyer', not_a_str),
    (Sale, 'participant_id', not_a_str),
    (Sale, 'channel', not_in({c.value for c in Channel})),
    (Sale, 'paid', st.one_of(st.lists(st.booleans(), min_size=1), letters.filter(lambda s: s.lower() not in BOOLS))),
    (Sale, 'at', st.datetimes(timezones=st.none())),  # naive: no time zone
    (Sale, 'at', st.text(alphabet=string.ascii_letters, min_size=1, max_size=12)),  # ('0' would be a timestamp)
    (Sale, 'buyer', unserialisable),
    (Sale, 'quantity', unserialisable),
    (
        Sale,
        'id',
        st.one_of(long_text(Sale, 'id'), st.just(''), st.text(min_size=1, max_size=10).map(lambda s: f'a {s}/b')),
    ),
    (Product, 'price', st.integers(max_value=-1)),
    (Product, 'hpp', st.integers(max_value=-1)),
    (Product, 'name', long_text(Product, 'name')),
    (Product, 'name', st.text(alphabet=string.ascii_letters, max_size=1)),
    (Product, 'unit', not_in({'pcs', 'kotak', 'bungkus', 'loyang', 'toples', 'kg', 'ons', 'ikat', 'karung'})),
    (Product, 'recipe_id', unserialisable),
    (Expense, 'amount', st.integers(max_value=0)),
    (
        Expense,
        'category',
        not_in({'bahan', 'kemasan', 'bibit', 'pupuk', 'obat_tanaman', 'transport', 'alat', 'lainnya'}),
    ),
    (Expense, 'note', long_text(Expense, 'note')),
    (Participant, 'phone', bad_phone),
    (Participant, 'nik', bad_nik),
    (Participant, 'name', long_text(Participant, 'name')),
    (Participant, 'category', not_in({'PMI Purna', 'PMBS', 'KTK', 'KPO'})),
    (Participant, 'case_notes', long_text(Participant, 'case_notes')),
    (Participant, 'consents', st.lists(unserialisable, min_size=1, max_size=2)),
    (Participant, 'village', unserialisable),
]

bad_records = st.sampled_from(CASES).flatmap(lambda case: st.tuples(st.just(case[0]), st.just(case[1]), case[2]))
# one bad record of every case in each example, so every case is tried in every run
one_of_each = st.tuples(*(st.tuples(st.just(model), st.just(field), values) for model, field, values in CASES))


def construct(model: type[Record], field: str, value: Any) -> Record:
    return model.model_construct(**{**VALID[model], field: value})


def assert_refused(exc: InvalidRecord, field: str) -> None:
    fields = {error['field'].split('.')[0] for error in exc.errors}
    assert field in fields, exc.errors
    assert field in str(exc)


def test_the_valid_records_used_here_are_valid() -> None:
    for model, fields in VALID.items():
        model.model_validate(fields)


def test_invalid_records_are_refused_naming_the_field_and_change_nothing(engine: Engine) -> None:
    with open_on_loop(engine) as (store, run):
        run(store.put(*(model.model_validate(fields) for model, fields in VALID.items())))
        before = state_on(engine, store)

        def refused_everywhere(model: type[Record], field: str, value: Any) -> None:
            note(f'{model.__name__}.{field} = {value!r}')
            record = construct(model, field, value)

            with pytest.raises(InvalidRecord) as refused:
                run(store.put(record))
            assert_refused(refused.value, field)

            with pytest.raises(InvalidRecord) as refused:
                run(store.insert_once(record))
            assert_refused(refused.value, field)

            def stage(tx: Tx) -> None:
                tx.put(Product(id='prod-staged', participant_id='p001', name='Donat', price=3_000))
                tx.put(record)  # refused half-way: the product staged before must not land either

            with pytest.raises(InvalidRecord) as refused:
                run(store.transact(stage))
            assert_refused(refused.value, field)

            # refused among valid records in one put: all or none
            good = Product(id='prod-alongside', participant_id='p001', name='Bolu', price=8_000)
            with pytest.raises(InvalidRecord):
                run(store.put(good, record))

        @SETTINGS
        @given(bads=one_of_each)
        def check(bads: tuple[tuple[type[Record], str, Any], ...]) -> None:
            for model, field, value in bads:
                refused_everywhere(model, field, value)
            assert state_on(engine, store) == before

        check()

        # still usable: valid writes go through and read back
        sale = Sale(**{**VALID[Sale], 'id': 'sale-after'})
        run(store.put(sale))
        assert store.get(Sale, 'sale-after') == sale
        assert store.ids(Sale, 'participant_month', ('p001', '2024-05')) == frozenset({'sale-1', 'sale-after'})
        assert run(store.insert_once(Product(id='prod-new', participant_id='p001', name='Donat', price=1))) is True
        assert store.stats()['sales'] == 2


def test_a_refused_record_in_a_batch_does_not_stop_its_batch_mates(engine: Engine) -> None:
    with open_on_loop(engine) as (store, run):

        @SETTINGS
        @given(bad=bad_records, n=st.integers(min_value=1, max_value=8))
        def check(bad: tuple[type[Record], str, Any], n: int) -> None:
            model, field, value = bad
            record = construct(model, field, value)
            count = store.count(Sale)
            goods = [Sale(**{**VALID[Sale], 'id': f'sale-{count + k}'}) for k in range(n)]

            async def batch() -> list[Any]:
                return await asyncio.gather(
                    *(store.put(s) for s in goods[: n // 2]),
                    store.transact(lambda tx: tx.put(record)),
                    *(store.put(s) for s in goods[n // 2 :]),
                    return_exceptions=True,
                )

            outcomes = run(batch())
            refused = [o for o in outcomes if isinstance(o, InvalidRecord)]
            assert len(refused) == 1 and [o for o in outcomes if o is not None] == refused
            assert_refused(refused[0], field)
            assert store.count(Sale) == count + n
            for sale in goods:
                assert store.get(Sale, sale.id) == sale

        check()


@pytest.mark.parametrize(
    ('model', 'field', 'given_value', 'stored'),
    [
        (Participant, 'phone', '0812-3456-0103', '081234560103'),
        (Participant, 'phone', '+6281234560103', '081234560103'),
        (Participant, 'name', '  Siti Aminah  ', 'Siti Aminah'),
        (Participant, 'nik', '3201 0145 0190 0001', '3201014501900001'),
        (Sale, 'unit_price', '15000', 15_000),
        (Sale, 'paid', 'yes', True),
        (Sale, 'quantity', 1.5, '1.5'),
        (Sale, 'id', '  sale-1  ', 'sale-1'),
    ],
)
def test_a_constructed_record_is_stored_in_its_validated_form(
    engine: Engine, model: type[Record], field: str, given_value: Any, stored: Any
) -> None:
    """What lands in the engine, the journal and the indexes is what a read would validate it to.

    A raw '15000' would break the sums that read documents without a model; a phone number with dashes
    would never be found by the phone index that log-in uses.
    """
    record = construct(model, field, given_value)
    with open_on_loop(engine) as (store, run):
        run(store.put(record))
        record_id = VALID[model]['id']
        doc = store.raw({Sale: 'sales', Participant: 'participants'}[model])[record_id]
        assert doc[field] == stored
        assert type(doc[field]) is type(stored)
        assert store.get(model, record_id) == model.model_validate(VALID[model] | {field: given_value})
        if field == 'phone':
            assert store.ids(Participant, 'phone', stored) == frozenset({record_id})
    with open_on_loop(engine) as (store, _run):
        assert store.raw({Sale: 'sales', Participant: 'participants'}[model])[record_id][field] == stored
