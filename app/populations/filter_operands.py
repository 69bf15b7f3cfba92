"""Filter operators and the operands that conditions compare against.

Operands arrive as JSON values: numbers as JSON numbers or text (`"1,500"`),
dates as ISO text, booleans as true or false. Text operands are kept
case-folded, because text comparisons ignore case.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NoReturn

from app.core.errors import InvalidInputError
from app.populations.fields import FieldType
from app.populations.values import parse_number

MAX_IN_VALUES = 1_000


class FilterOperator(StrEnum):
    EQ = "eq"
    NEQ = "neq"
    IN = "in"
    CONTAINS = "contains"
    LT = "lt"
    LTE = "lte"
    GT = "gt"
    GTE = "gte"
    IS_EMPTY = "is_empty"


def parse_operand(
    value: Any, op: FilterOperator, name: str, field_type: FieldType, path: str
) -> Any:
    """Return a condition's value in the form its predicate compares against.

    `in` gives a frozenset and `is_empty` a bool. Raises InvalidInputError
    naming the field when the value does not fit the field's type.
    """
    if op is FilterOperator.IS_EMPTY:
        if value is None:
            return True
        if not isinstance(value, bool):
            raise_invalid(
                path, f"is_empty takes true, false or no value; got {value!r}"
            )
        return value
    if op is FilterOperator.IN:
        if not isinstance(value, list) or not value:
            raise_invalid(path, f"'in' on {name!r} takes a non-empty list of values")
        if len(value) > MAX_IN_VALUES:
            raise_invalid(path, f"'in' takes at most {MAX_IN_VALUES} values")
        return frozenset(_scalar(item, name, field_type, path) for item in value)
    return _scalar(value, name, field_type, path)


def _scalar(value: Any, name: str, field_type: FieldType, path: str) -> Any:
    parsed: Any = None
    if field_type is FieldType.TEXT:
        if isinstance(value, str) and value.strip():
            parsed = value.strip().casefold()
        expected = "a non-empty text (use is_empty for blank values)"
    elif field_type is FieldType.NUMBER:
        parsed = _number_operand(value)
        expected = "a number such as 1500 or 12.5"
    elif field_type is FieldType.DATE:
        parsed = _date_operand(value)
        expected = "a date such as 2021-03-14"
    else:
        parsed = value if isinstance(value, bool) else None
        expected = "true or false"
    if parsed is None:
        raise_invalid(
            path, f"invalid value {value!r} for {name!r}; expected {expected}"
        )
    return parsed


def _number_operand(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr() gives the shortest text that reads back as the same float,
        # which is the decimal the client wrote unless it had more than 17
        # significant digits.
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = parse_number(value)
    else:
        return None
    return number if number is not None and number.is_finite() else None


def _date_operand(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def raise_invalid(path: str, detail: str) -> NoReturn:
    """Raise InvalidInputError for the filter node at `path` (empty for the root)."""
    where = f" (at {path})" if path else ""
    raise InvalidInputError(f"invalid filter{where}: {detail}", field="filter")
