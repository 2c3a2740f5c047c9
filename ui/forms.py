"""Form helpers: pydantic's refusals as messages beside each field, in the user's language."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from pydantic import ValidationError

from .i18n import t

# pydantic error types, and our own ValueError keys, to translation keys
_TYPES = {
    'missing': 'form.required',
    'string_too_short': 'form.too_short',
    'string_too_long': 'form.too_long',
    'greater_than_equal': 'form.too_small',
    'greater_than': 'form.too_small',
    'less_than_equal': 'form.too_big',
    'less_than': 'form.too_big',
    'int_parsing': 'form.not_a_number',
    'int_type': 'form.not_a_number',
    'int_from_float': 'form.not_a_number',
    'date_parsing': 'form.bad_date',
    'date_from_datetime_parsing': 'form.bad_date',
    'date_type': 'form.bad_date',
    'time_parsing': 'form.bad_time',
    'time_type': 'form.bad_time',
    'enum': 'form.bad_choice',
    'string_pattern_mismatch': 'form.bad_format',
}


def field_errors(error: ValidationError) -> dict[str, str]:
    """`{'name': 'Wajib diisi', 'days.0.title': …}`; a model-wide error is filed under `''`."""
    messages: dict[str, str] = {}
    for item in error.errors():
        field = '.'.join(str(part) for part in item['loc'])
        messages.setdefault(field, _message(item))
    return messages


def _message(item: Any) -> str:
    ctx = item.get('ctx') or {}
    if item['type'] == 'value_error':
        key = str(ctx.get('error', item['msg']))
        return t(f'form.{key}')
    limit = ctx.get('min_length', ctx.get('max_length', ctx.get('ge', ctx.get('gt', ctx.get('le', ctx.get('lt', ''))))))
    return t(_TYPES.get(item['type'], 'form.invalid'), limit=limit)


def show_errors(fields: dict[str, ui.element], messages: dict[str, str]) -> list[str]:
    """Put each message beside its field; return the messages that have no field on this form."""
    for element in fields.values():
        element.props(remove='error error-message')
    leftover = []
    for field, message in messages.items():
        element = fields.get(field)
        if element is None:
            leftover.append(message)
        else:
            element.props(f'error error-message="{message}"')
    return leftover
