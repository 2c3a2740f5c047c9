"""Documents held in fewer bytes: a text that many documents repeat is kept once.

A sale names its trainee, her product, its channel and its buyer; a million sales name a few hundred trainees. As
JSON parses them, each sale holds strings of its own (about 60 bytes each); interned, they share one. Shared are the
fields that name another record (`…_id`, `by`), the ones with a fixed set of values (an enum), quantities (a
`Decimal` is stored as its text, and `1`, `2` or `0.5` kg come again and again) and the texts that repeat by nature
(`REPEATED`): found from the models, so a new model's fields are shared without a list to keep.
A document stays the same dict with equal values: no reader can tell, only the memory can (at a million sales,
245 MiB less, for about 0.6 s more of start-up). Start-up also gives a document read from the snapshot the text its
table is keyed by as its `id` (`share_ids`): 61 MiB less at the bench's million sales, and a little sooner open.
"""

from __future__ import annotations

import enum
import sys
import typing
from collections.abc import Collection
from decimal import Decimal
from functools import cache
from typing import Any

from .schema import TABLES

REPEATED = frozenset({'by', 'buyer', 'buyer_phone', 'action'})


def share(table: str, docs: Collection[dict[str, Any]]) -> None:
    """Intern the repeated texts of `docs`, documents of `table`, in place (before anyone else holds them)."""
    intern = sys.intern
    for name in shared_fields(table):
        for doc in docs:
            try:  # noqa: SIM105 - a `with suppress()` a document would cost more than the interning
                doc[name] = intern(doc[name])
            except (KeyError, TypeError):  # not there, or not a text (None): cheaper than asking first
                pass


def share_ids(docs: dict[str, dict[str, Any]]) -> None:
    """A document's id held once: the text its table is keyed by (as read, the key and the `id` field are two equal
    texts: 81 bytes more a document with a 32-character id, 61 MiB at `bench/pages.py`'s million shorter ones)."""
    for key, doc in docs.items():
        if doc.get('id') == key:
            doc['id'] = key


@cache
def shared_fields(table: str) -> tuple[str, ...]:
    for model, name in TABLES.items():
        if name == table:
            return tuple(f for f, info in model.model_fields.items() if _repeats(f, info.annotation))
    return ()


def _repeats(name: str, annotation: Any) -> bool:
    if name == 'id':
        return False
    if name.endswith('_id') or name in REPEATED:
        return True
    return any(isinstance(kind, type) and issubclass(kind, (enum.Enum, Decimal)) for kind in _kinds(annotation))


def _kinds(annotation: Any) -> list[Any]:
    """The types an annotation allows (`Channel | None` allows Channel and None)."""
    args = typing.get_args(annotation)
    return [kind for arg in args for kind in _kinds(arg)] if args else [annotation]
