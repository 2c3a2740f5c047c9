"""Form helpers: pydantic's refusals as messages beside each field, in the user's language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from nicegui import ui
from pydantic import BaseModel, ValidationError

from models.base import DomainError

from .i18n import error_text, t

M = TypeVar('M', bound=BaseModel)

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


# model-wide rules, and the field whose input the user must change
_RULE_FIELDS = {
    'end_before_start': 'end',
    'participant_required': 'participant_id',
    'bad_pin': 'secret',
    'bad_password': 'secret',
    'bad_username': 'username',
}


def field_errors(error: ValidationError) -> dict[str, str]:
    """`{'name': 'Wajib diisi', 'days.0.title': …}`; a model-wide error goes to its field, or under `''`."""
    messages: dict[str, str] = {}
    for item in error.errors():
        field = '.'.join(str(part) for part in item['loc'])
        if not field and item['type'] == 'value_error':
            field = _RULE_FIELDS.get(str((item.get('ctx') or {}).get('error', '')), '')
        messages.setdefault(field, problem_text(item))
    return messages


def problem_text(item: Any, lang: str | None = None) -> str:
    """One of pydantic's refusals (an item of `ValidationError.errors()`) as a message in `lang`."""
    ctx = item.get('ctx') or {}
    if item['type'] == 'value_error':
        key = str(ctx.get('error', item['msg']))
        return t(f'form.{key}', lang)
    limit = ctx.get('min_length', ctx.get('max_length', ctx.get('ge', ctx.get('gt', ctx.get('le', ctx.get('lt', ''))))))
    return t(_TYPES.get(item['type'], 'form.invalid'), lang, limit=limit)


def show_errors(fields: Mapping[str, ui.element], messages: dict[str, str]) -> list[str]:
    """Put each message beside its field; notify and return the messages that have no field on this form."""
    for element in fields.values():
        element.props(remove='error error-message')
        element.update()
    leftover: list[str] = []
    for field, message in messages.items():
        target = fields.get(field)
        if target is None:
            leftover.append(message)
        else:
            target.props['error'] = True
            target.props['error-message'] = message
            target.update()
    for message in leftover:
        ui.notify(message, type='negative', multi_line=True)
    return leftover


def values(fields: dict[str, Any]) -> dict[str, Any]:
    """The form's values by field name; empty optional inputs become None so defaults apply."""
    return {name: (element.value if element.value != '' else None) for name, element in fields.items()}


def validate(model: type[M], fields: dict[str, Any], **extra: Any) -> M | None:
    """The model built from the form, or None after showing each refusal beside its field."""
    data = {k: v for k, v in values(fields).items() if v is not None} | extra
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        show_errors(fields, field_errors(error))
        return None
    show_errors(fields, {})
    return record


async def written(write: Awaitable[Any], *, beside: ui.element | None = None) -> bool:
    """Await a store write: True when it is saved, False after telling her (in her language) why it was
    refused: beside the field it is about (`beside`), else in a notice. The write is whole or nothing, so a
    refusal leaves what was saved as it was."""
    try:
        await write
    except DomainError as error:
        if beside is None:
            notify_error(error)
        else:
            show_errors({'field': beside}, {'field': error_text(error)})
        return False
    if beside is not None:
        show_errors({'field': beside}, {})
    return True


async def saved_form(
    model: type[M], fields: dict[str, Any], write: Callable[[M], Awaitable[Any]], **extra: Any
) -> M | None:
    """The form built into `model` (with `extra`) and written by `write`; None once a field's refusal is shown
    beside it or the store's in a notice."""
    record = validate(model, fields, **extra)
    if record is None or not await written(write(record)):
        return None
    return record


def notify_error(error: DomainError, *, kind: str = 'negative') -> None:
    """The one way a refusal from the store reaches her: a notice in her language (`kind`: Quasar's type)."""
    ui.notify(error_text(error), type=kind, multi_line=True)
