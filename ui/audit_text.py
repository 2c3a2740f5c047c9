"""An audit entry in words, the same on the trail's screen and in its exports: the action's name, each field's
label in her language (`audit.field.<kind>.<field>`, else `audit.field.<field>`, else the field's own name in
plain words), and each value as she reads it: names for ids, `Rp 15.000`, long dates, times at the programme's
clock (WIB by default), Ya / Tidak, and codes (a status, a level, a channel) through their own translations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from models.programme import Zone
from store.audit_view import Change, Hidden, Money, Named, Row, Value

from .format import format_rupiah, local_time, number, plain_date, short_date, unit_name
from .i18n import catalogue, t

# A code's translation: the field's value `v` is the text of `<prefix>v` (a gender `P` of `participant.gender_p`)
CODES = {
    'status': 'status.', 'how': 'method.', 'level': 'level.', 'role': 'role.', 'channel': 'channel.',
    'confirmation': 'aid.status.', 'recipient': 'aid.recipient.', 'scope': 'consent.scope.',
    'gender': 'participant.gender_',
}  # fmt: skip
# a group's cost, a help-desk message's status, a notice's kind; a participant's category is shown as written
KIND_CODES = {
    ('ledger', 'category'): 'expense.', ('helpdesk', 'status'): 'helpdesk.status.', ('notice', 'kind'): 'notices.kind.',
}  # fmt: skip
NOTHING = '–'


def action_text(action: str, lang: str) -> str:
    key = f'audit.action.{action.replace(".", "_")}'
    return t(key, lang) if key in catalogue('id') else action


def field_label(kind: str, field: str, lang: str) -> str:
    """`handed_by` of an aid entry: `Diserahkan oleh`; a field with no label: its name in plain words."""
    for key in (f'audit.field.{kind}.{field}', f'audit.field.{field}'):
        if key in catalogue('id'):
            return t(key, lang)
    return field.replace('_', ' ').capitalize()


def when_text(row: Row, lang: str) -> str:
    """`7 Des 2026 09.30 WIB`: the entry's moment at its programme's clock."""
    return f'{short_date(row.at.astimezone(row.zone.tz).date(), lang)} {local_time(row.at, row.zone)}'


def who_text(row: Row, lang: str) -> str:
    return t('audit.system', lang) if row.by is None else row.by.name


def value_text(kind: str, field: str, value: Value, zone: Zone, lang: str) -> str:
    """`value` of `field` as she reads it; moments at `zone`'s clock."""
    if isinstance(value, tuple):
        return ', '.join(value_text(kind, field, item, zone, lang) for item in value) or NOTHING
    if value is None or value == '':
        return NOTHING
    if isinstance(value, Hidden):
        return t('audit.hidden', lang)
    if isinstance(value, bool):
        return t('audit.yes' if value else 'audit.no', lang)
    if isinstance(value, Money):
        return format_rupiah(value.amount)
    if isinstance(value, Named):
        return _named(value, lang)
    if isinstance(value, dt.datetime):
        return f'{plain_date(value.astimezone(zone.tz).date(), lang)} {local_time(value, zone)}'
    if isinstance(value, dt.date):
        return plain_date(value, lang)
    if isinstance(value, dt.time):
        return f'{value:%H.%M}'
    if isinstance(value, Decimal):
        return number(value, lang)
    return _code(kind, field, value, lang)


def change_texts(row: Row, change: Change, lang: str) -> tuple[str, str, str]:
    """(label, before, after) of one changed field."""
    return (
        field_label(row.kind, change.field, lang),
        value_text(row.kind, change.field, change.before, row.zone, lang),
        value_text(row.kind, change.field, change.after, row.zone, lang),
    )


def change_line(row: Row, change: Change, lang: str) -> str:
    """`Diserahkan oleh: – → Bu Rina`."""
    label, before, after = change_texts(row, change, lang)
    return f'{label}: {before} → {after}'


def _named(value: Named, lang: str) -> str:
    if value.kind == 'day' and value.found:
        return t('audit.day_name', lang, number=value.number, title=value.name)
    return value.name if value.found else f'{value.name}…'


def _code(kind: str, field: str, value: object, lang: str) -> str:
    text = str(value)
    if field == 'unit':
        return unit_name(text, lang)
    prefix = KIND_CODES.get((kind, field)) or CODES.get(field)
    if prefix is None:
        return text
    key = prefix + (text.lower() if field == 'gender' else text)
    return t(key, lang) if key in catalogue('id') else text
