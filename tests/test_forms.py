"""Bad input on every form model gets a message in the user's language beside a field, never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from models.account import AccountForm, Role
from models.participant import Category, Consent, Group, Participant
from models.programme import Day, Programme, ProgrammeKind, Zone
from ui.forms import field_errors

# What a browser form can send: text of any kind, numbers, nothing, and the odd wrong type.
junk = st.one_of(
    st.none(),
    st.text(max_size=300),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(['', ' ', '2026-02-30', '25:61', '0812', '+62 812 0000 0001', '3603125408850001', 'KPO', 'x' * 99]),
    st.lists(st.text(max_size=5), max_size=3),
)

FORMS: dict[type[BaseModel], dict[str, Any]] = {
    Programme: {
        'name': junk, 'kind': st.one_of(junk, st.sampled_from(list(ProgrammeKind))), 'agency': junk, 'partner': junk,
        'place': junk, 'zone': st.one_of(junk, st.sampled_from(list(Zone))), 'start': junk, 'end': junk,
        'late_after_minutes': junk, 'attendance_bar_percent': junk,
    },
    Day: {'programme_id': st.just('p1'), 'number': junk, 'date': junk, 'title': junk, 'starts_at': junk},
    Participant: {
        'name': junk, 'phone': junk, 'village': junk, 'district': junk, 'regency': junk,
        'category': st.one_of(junk, st.sampled_from(list(Category))), 'nik': junk, 'former_country': junk,
        'case_notes': junk,
    },
    Consent: {'purpose': junk, 'given_on': junk, 'recorded_by': st.just('acc-1')},
    Group: {'name': junk, 'village': junk, 'programme_id': st.one_of(st.none(), st.just('p1'))},
    AccountForm: {
        'role': st.one_of(junk, st.sampled_from(list(Role))), 'name': junk, 'username': junk, 'secret': junk,
        'participant_id': st.one_of(st.none(), st.just('p1'), st.just('')), 'nip': junk,
    },
}  # fmt: skip


@pytest.mark.parametrize('model', list(FORMS), ids=[m.__name__ for m in FORMS])
def test_bad_input_on_every_form_model_gets_a_message(model: type[BaseModel]) -> None:
    fields = FORMS[model]

    @settings(max_examples=150, deadline=None)
    @given(st.fixed_dictionaries({}, optional=fields))
    def check(data: dict[str, Any]) -> None:
        data = {k: v for k, v in data.items() if v is not None}
        try:
            model.model_validate(data)
        except ValidationError as error:
            messages = field_errors(error)
            assert messages, data
            for field, message in messages.items():
                assert field == '' or field.split('.')[0] in fields, (field, data)
                assert not message.startswith(('form.', 'error.')), (message, data)  # a key with no text
                assert '{' not in message and message.strip(), (message, data)  # every placeholder filled

    check()


def test_a_rule_across_fields_is_shown_beside_the_field_to_change() -> None:
    with pytest.raises(ValidationError) as caught:
        Programme.model_validate({'name': 'Kue', 'agency': 'Dinsos', 'place': 'Aula', 'start': '2026-12-09',
                                  'end': '2026-12-07'})  # fmt: skip
    assert field_errors(caught.value) == {'end': 'Tanggal selesai tidak boleh sebelum tanggal mulai'}


def test_a_trainee_account_form_names_every_wrong_field_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        AccountForm.model_validate({'role': 'peserta', 'name': 'A', 'secret': '12ab'})
    assert field_errors(caught.value) == {
        'name': 'Terlalu pendek (minimal 2 huruf)',
        'secret': 'PIN harus 6 angka',
        'participant_id': 'Pilih peserta pemilik akun ini',
    }
