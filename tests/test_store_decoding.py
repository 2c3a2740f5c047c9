"""The store reads its JSON with msgspec's decoder (store/decoding.py, issue 21): every text reads as `json.loads`
reads it, the same values of the same types, and what json takes and msgspec refuses still reads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import journal
from store.decoding import loads

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5), max_leaves=40
)


@settings(max_examples=500)
@given(value=VALUES, ascii_only=st.booleans())
def test_any_json_reads_as_json_reads_it(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, separators=(',', ':'))
    if not ascii_only and any('\ud800' <= c <= '\udfff' for c in text):
        return  # a lone surrogate cannot be written as UTF-8; escaped, the other case reads it

    read = loads(text.encode())

    assert repr(read) == repr(json.loads(text))  # repr: 1 and 1.0, 0.0 and -0.0, key order all told apart


@pytest.mark.parametrize(
    'text',
    [
        b'[NaN,Infinity,-Infinity]',
        b'"\\ud800 lone"',
        b'[1e400,-1e400]',
        '{"teks":"ŝ"}'.encode('utf-16'),
        b'[18446744073709551616,-9223372036854775809,1180591620717411303424]',
        b'{"a":1,"a":2}',
    ],
)
def test_what_msgspec_refuses_or_reads_on_its_own_reads_as_json_reads_it(text: bytes) -> None:
    assert repr(loads(text)) == repr(json.loads(text))


@pytest.mark.parametrize('text', [b'', b'[1,]', b'{"a":1', b'[01]', b'nul', b'[1] [2]', b'\xff"'])
def test_what_is_not_json_is_a_value_error(text: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        loads(text)


def test_a_journal_with_big_integers_and_nan_replays_them_exactly(tmp_path: Any) -> None:
    doc = {'id': 'x', 'big': 2**70, 'negative': -(2**64), 'nan': float('nan'), 'text': 'ŝ \u2028'}
    data, _ = journal.encode([[journal.Change('t', 'x', doc)]], 1)
    (tmp_path / journal.journal_name(1)).write_bytes(data)

    ((_, changes),) = list(journal.replay(tmp_path, 0, repair=False))

    assert repr(changes[0].doc) == repr(doc)
