"""The trail as a coordinator reads it: who did what to whom, by name, at the programme's clock, and each field
that changed as a typed value (an id as the name of what it names, money, a date, a moment, yes or no), which
the screen and the exports (`ui/audit_text.py`) put in words. Names are found by id, once an id per reading.

Her sensitive fields (category, NIK, former country, case notes) and her consents are marked sensitive: a
reader who may not see them (`sensitive=False`) gets `HIDDEN` in their place, never the value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models.account import Account
from models.aid import AidItem
from models.audit import AuditEntry
from models.base import Record
from models.business import Product
from models.orders import Customer
from models.participant import SENSITIVE_FIELDS, Group, Participant
from models.programme import Day, Programme, Zone
from models.secretariat import Secretariat
from models.skills import Skill

from .audit import LIMIT, AuditFilter, changed_fields, entries
from .engine import Store

ACCOUNT_FIELDS = frozenset({'by', 'handed_by', 'confirmed_by', 'recorded_by', 'issued_by', 'withdrawn_by', 'posted_by'})
ID_FIELDS: dict[str, type[Record]] = {
    'participant_id': Participant, 'chair_id': Participant, 'programme_id': Programme, 'day_id': Day,
    'skill_id': Skill, 'item_id': AidItem, 'group_id': Group, 'product_id': Product, 'customer_id': Customer,
    'account_id': Account, 'member_ids': Participant, 'participant_ids': Participant, 'instructor_ids': Account,
    'group_ids': Group, 'staff_ids': Account, 'programme_ids': Programme, 'secretariat_id': Secretariat,
}  # fmt: skip
MONEY_FIELDS = frozenset({'unit_value', 'price_per_kg', 'amount', 'price', 'unit_price', 'hpp', 'dp', 'total'})
DECIMAL_FIELDS = frozenset({'kg'})  # kept as text in JSON, to keep every digit
TIMED_SUFFIXES = ('_at', '_on', '_until', 'date')  # `at`, `marked_at`, `handed_on`, `locked_until`, `date`...
SENSITIVE = SENSITIVE_FIELDS | {'consents'}


class Hidden:
    """A sensitive value the reader may not see."""

    def __repr__(self) -> str:
        return 'HIDDEN'


HIDDEN = Hidden()


@dataclass(frozen=True)
class Named:
    """An id shown as the name of what it names (`kind`: the model's name in lower case); a day by its number
    and title. An id the store no longer holds keeps its first characters, `found` False."""

    name: str
    kind: str
    number: int | None = None
    found: bool = True


@dataclass(frozen=True)
class Money:
    amount: int  # rupiah


Value = Any  # None, bool, int, Decimal, str, Money, Named, Hidden, dt.date, dt.datetime, dt.time, or a tuple of them


@dataclass(frozen=True)
class Change:
    field: str
    before: Value
    after: Value
    sensitive: bool


@dataclass(frozen=True)
class Row:
    """One entry as it reads: `kind` is the part of its action before the dot, which names its record's kind."""

    id: str
    at: dt.datetime  # UTC
    zone: Zone  # its programme's, else WIB
    action: str
    kind: str
    by: Named | None  # None: the system (a day closed by the clock)
    subject: str  # whom or what it is about, by name
    programme: str  # its programme's name, '' for none
    note: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Trail:
    rows: tuple[Row, ...]  # newest first
    total: int  # how many matched in all


def trail(store: Store, where: AuditFilter, *, sensitive: bool, limit: int = LIMIT) -> Trail:
    """The matching entries as they read, newest first, at most `limit`; sensitive values only if `sensitive`."""
    found, total = entries(store, where, limit)
    names = Names(store)
    return Trail(tuple(_row(names, item, sensitive) for item in found), total)


def _row(names: Names, item: AuditEntry, sensitive: bool) -> Row:
    programme = names.record(Programme, item.programme_id or '')
    zone = programme.zone if isinstance(programme, Programme) else Zone.WIB
    kind = item.action.split('.', 1)[0]
    secret = item.action.startswith('participant.consent')
    changes = []
    for field, before, after in changed_fields(item.before, item.after):
        is_sensitive = secret or (kind == 'participant' and field in SENSITIVE)
        if is_sensitive and not sensitive:
            changes.append(Change(field, HIDDEN, HIDDEN, True))
        else:
            changes.append(Change(field, names.value(field, before), names.value(field, after), is_sensitive))
    return Row(
        id=item.id, at=item.at, zone=zone, action=item.action, kind=kind,
        by=None if item.by == '-' else names.account(item.by), subject=_subject(names, item),
        programme=programme.name if isinstance(programme, Programme) else '', note=item.note, changes=tuple(changes),
    )  # fmt: skip


def _subject(names: Names, item: AuditEntry) -> str:
    """Whom the entry is about: the trainee of a mark or handover, the group, the account, else its record's name
    or the first characters of its id (a backup's name is its target)."""
    record: dict[str, Any] = item.after or item.before or {}
    for model, key in ((Participant, record.get('participant_id') or item.target), (Group, record.get('group_id'))):
        found = names.record(model, key or '')
        if found is not None:
            return str(getattr(found, 'name', ''))
    if item.action.startswith('account.'):
        account = names.record(Account, item.target)
        if isinstance(account, Account):
            return account.name
    return str(record.get('name') or item.target[:24])


class Names:
    """Records looked up by id for one reading, each id once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seen: dict[tuple[type[Record], str], Record | None] = {}

    def record(self, model: type[Record], record_id: str) -> Record | None:
        if not record_id:
            return None
        key = (model, record_id)
        if key not in self.seen:
            self.seen[key] = self.store.get(model, record_id)
        return self.seen[key]

    def account(self, account_id: str) -> Named:
        """An account by name; a consent recorded by username (as the demo's are) by that account's name."""
        found = self.record(Account, account_id)
        if found is None:
            by_username = sorted(self.store.ids(Account, 'username', account_id))
            found = self.record(Account, by_username[0]) if by_username else None
        if isinstance(found, Account):
            return Named(found.name, 'account')
        return Named(account_id[:8], 'account', found=False)

    def named(self, model: type[Record], record_id: str) -> Named:
        found = self.record(model, record_id)
        if isinstance(found, Day):
            return Named(found.title, 'day', number=found.number)
        if found is None:
            return Named(record_id[:8], model.__name__.lower(), found=False)
        return Named(str(getattr(found, 'name', record_id[:8])), model.__name__.lower())

    def value(self, field: str, value: Any) -> Value:
        """`value` of `field` as it reads: ids as names, money, times, lists item by item."""
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, list):
            return tuple(self.value(field, item) for item in value)
        if isinstance(value, dict):  # a consent or a certified skill inside a record: by what it is called
            return str(value.get('name') or value.get('purpose') or value.get('id', ''))
        if isinstance(value, str) and field in ACCOUNT_FIELDS:
            return self.account(value) if value != '-' else None
        if isinstance(value, str) and field in ID_FIELDS:
            return self.named(ID_FIELDS[field], value)
        if isinstance(value, int) and field in MONEY_FIELDS:
            return Money(value)
        if isinstance(value, str) and field.endswith(TIMED_SUFFIXES):
            return _when(value)
        if isinstance(value, str | float) and field in DECIMAL_FIELDS:
            try:
                return Decimal(str(value))
            except ArithmeticError:
                return value
        return value


def _when(text: str) -> Value:
    """An ISO moment, date or time as itself; any other text unchanged."""
    for parse in (dt.datetime.fromisoformat, dt.date.fromisoformat, dt.time.fromisoformat):
        try:
            parsed = parse(text)
        except ValueError:
            continue
        if isinstance(parsed, dt.datetime) and parsed.tzinfo is None:
            continue  # a moment without its zone is not one of ours
        return parsed
    return text
