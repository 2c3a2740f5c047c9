"""A transaction's view of the store: the current state plus its own changes, staged until the writer applies
them all or none. Every record is validated and serialised as it is staged, before anything touches the engine.

Its own module, apart from the engine that runs transactions, so that what a transaction function needs (the
migrations', a repository's) can be imported without the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from models.base import DomainError, Record

from .errors import InvalidRecord
from .journal import Change
from .schema import META_TABLE, table_of

M = TypeVar('M', bound=Record)


class Tx:
    """What a transaction function sees: the current state plus its own not-yet-applied changes."""

    def __init__(self, raw: Callable[[str], dict[str, dict[str, Any]]]) -> None:
        self._raw = raw  # the store's current documents of a table, by id
        self.changes: dict[tuple[str, str], Change] = {}

    def get(self, model: type[M], record_id: str) -> M | None:
        doc = self.get_raw(table_of(model), record_id)
        return model.model_validate(doc) if doc is not None else None

    def get_raw(self, table: str, record_id: str) -> dict[str, Any] | None:
        change = self.changes.get((table, record_id))
        if change is not None:
            return change.doc
        return self._raw(table).get(record_id)

    def require(self, model: type[M], record_id: str, error: str = 'not_found') -> M:
        """The record, or the refusal `error` when there is none: a change to a record that is gone says so."""
        record = self.get(model, record_id)
        if record is None:
            raise DomainError(error)
        return record

    def exists(self, model: type[Record], record_id: str) -> bool:
        return self.get_raw(table_of(model), record_id) is not None

    def put(self, record: Record) -> None:
        table, doc = table_of(type(record)), serialise(record)
        self.changes[(table, doc['id'])] = Change(table, doc['id'], doc)

    def delete(self, model: type[Record], record_id: str) -> None:
        table = table_of(model)
        self.changes[(table, record_id)] = Change(table, record_id, None)

    def set_meta(self, key: str, value: Any) -> None:
        self.changes[(META_TABLE, key)] = Change(META_TABLE, key, {'id': key, 'value': value})

    def meta(self, key: str, default: Any = None) -> Any:
        doc = self.get_raw(META_TABLE, key)
        return doc['value'] if doc is not None else default


def serialise(record: Record) -> dict[str, Any]:
    """Validate and serialise a record before anything touches the engine.

    The record's values are validated again, so a record built with `model_construct` or changed behind
    pydantic's back cannot carry a bad value into the store: it is stored only if the model's constructor
    would take the same values, and as the validated record dumps, so a value validation converts (a phone
    number with dashes, '5' for 5, padding around a name or an id) is stored as a read sees it, the same
    in the engine, the journal and the indexes.
    """
    model = type(record)
    try:
        values = record.model_dump(warnings=False)  # Python mode: nested records as dicts, values as they are
        valid = model.model_validate(values)
    except ValidationError as exc:
        raise InvalidRecord(
            [{'field': '.'.join(str(p) for p in e['loc']) or '-', 'reason': e['msg']} for e in exc.errors()]
        ) from exc
    except (TypeError, ValueError) as exc:
        raise InvalidRecord([{'field': '-', 'reason': str(exc)}]) from exc
    try:
        return valid.model_dump(mode='json')
    except (TypeError, ValueError) as exc:  # validated yet not JSON: name the fields that hold such a value
        fields = [name for name in model.model_fields if not _dumps_to_json(valid, name)]
        raise InvalidRecord(
            [{'field': name, 'reason': str(exc)} for name in fields] or [{'field': '-', 'reason': str(exc)}]
        ) from exc


def _dumps_to_json(record: Record, name: str) -> bool:
    try:
        record.model_dump(mode='json', include={name})
    except (TypeError, ValueError):
        return False
    return True
