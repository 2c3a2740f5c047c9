"""Errors the store raises. Each carries a translatable key like the domain errors of `models`."""

from __future__ import annotations

from models.base import DomainError


class StoreError(DomainError):
    """Something is wrong with the data folder itself; the message says what to do."""


class CorruptStore(StoreError):
    """A snapshot or journal does not read back as written: refuse to open rather than start empty."""


class StoreLocked(StoreError):
    """Another Berdaya process has this data folder open."""


class StoreClosed(StoreError):
    """The store is closed or stopped after a failed disk write; restart the app."""


class InvalidRecord(DomainError):
    """A record failed validation before it reached the engine; `errors` lists the fields and reasons."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__('invalid_record', fields=', '.join(e['field'] for e in errors))
        self.errors = errors
