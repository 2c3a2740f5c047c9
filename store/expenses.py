"""Her expenses (materials, packaging, seeds, transport…), saved once per client id like a sale."""

from __future__ import annotations

import datetime as dt

from models.base import new_id
from models.business import Expense, ExpenseForm

from .engine import Store
from .saved import Saved, retried, set_deleted, update_hers
from .tx import Tx

UTC = dt.UTC


async def record_expense(
    store: Store, participant_id: str, form: ExpenseForm, client_id: str | None = None
) -> Saved[Expense]:
    """Save her expense once per client id, like a sale."""
    expense_id = client_id or new_id()

    def stage(tx: Tx) -> Saved[Expense]:
        if (earlier := retried(tx, Expense, expense_id, participant_id)) is not None:
            return earlier
        expense = _expense(expense_id, participant_id, form)
        tx.put(expense)
        return Saved('applied', expense)

    return await store.transact(stage)


async def update_expense(store: Store, participant_id: str, expense_id: str, form: ExpenseForm) -> Expense:
    return await update_hers(
        store, Expense, participant_id, expense_id, lambda _, expense: _expense(expense.id, participant_id, form)
    )


async def delete_expense(store: Store, participant_id: str, expense_id: str) -> Expense:
    return await set_deleted(store, Expense, participant_id, expense_id, True)


async def undo_delete_expense(store: Store, participant_id: str, expense_id: str) -> Expense:
    return await set_deleted(store, Expense, participant_id, expense_id, False)


def _expense(expense_id: str, participant_id: str, form: ExpenseForm) -> Expense:
    return Expense(
        id=expense_id,
        participant_id=participant_id,
        category=form.category,
        amount=form.amount,
        note=form.note,
        at=form.at.astimezone(UTC),
    )
