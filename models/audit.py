"""The audit trail: who changed what, when, with the record before and after. Append-only."""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, Field

from .base import Record


class AuditEntry(Record):
    at: AwareDatetime
    by: str  # account id, or '-' for the system (e.g. a day closed by the clock)
    action: str = Field(pattern=r'^[a-z_]+\.[a-z_]+$')  # e.g. `attendance.mark`, `card.revoke`
    target: str  # the changed record's id
    programme_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    note: str = Field(default='', max_length=300)
