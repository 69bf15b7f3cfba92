"""Sorting with nulls last in both directions, and the matching cursor ranks.

A sort key is `[null flag, value, *ties]`: the flag is 0 for a value and 1 for
null, so nulls come last whichever way the value sorts, and ties always sort
ascending. The same key, read back from a cursor, ranks where the next page
starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import total_ordering
from typing import Any, TypeVar

Item = TypeVar("Item")


@total_ordering
@dataclass(frozen=True, slots=True)
class _Descending:
    value: Any

    def __lt__(self, other: _Descending) -> bool:
        return other.value < self.value


def _normalize(value: Any, numeric: bool) -> Any:
    if value is None:
        return Decimal(0) if numeric else ""
    if numeric:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    return str(value)


def make_rank(*, descending: bool, numeric: bool) -> Callable[[list[Any]], tuple]:
    """Return the function that turns a sort key into a comparable rank."""

    def rank(key: list[Any]) -> tuple:
        null_flag, value, *ties = key
        normalized = _normalize(value, numeric)
        if descending and not null_flag:
            normalized = _Descending(normalized)
        elif descending:
            normalized = _Descending(_normalize(None, numeric))
        return (int(null_flag), normalized, *(str(tie) for tie in ties))

    return rank


def sort_key(value: Any, *ties: Any) -> list[Any]:
    """Return the cursor key of an item: null flag, value, then the ties."""
    if value is None:
        return [1, None, *ties]
    if isinstance(value, Decimal):
        value = str(value)
    return [0, value, *ties]


def order_items(
    items: Sequence[Item],
    key: Callable[[Item], list[Any]],
    *,
    descending: bool,
    numeric: bool,
) -> tuple[list[Item], Callable[[list[Any]], tuple]]:
    """Sort items by their keys and return them with the rank for cursors."""
    rank = make_rank(descending=descending, numeric=numeric)
    return sorted(items, key=lambda item: rank(key(item))), rank
