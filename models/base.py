"""The base of every stored record, and the domain error that carries a translatable message."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def new_id() -> str:
    """A fresh record id: 32 hex digits, safe in URLs and file names."""
    return uuid.uuid4().hex


class Record(BaseModel):
    """A document the store keeps; `id` is its key in its table."""

    # Assignments are validated too, so a record changed after creation still cannot hold a bad value.
    model_config = ConfigDict(extra='forbid', validate_assignment=True, str_strip_whitespace=True)

    id: str = Field(default_factory=new_id, min_length=1, max_length=100, pattern=r'^[A-Za-z0-9_.:-]+$')


class DomainError(Exception):
    """A refusal the user should read: `key` names a message in the translations, `params` fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return f'{self.key} {self.params}' if self.params else self.key
