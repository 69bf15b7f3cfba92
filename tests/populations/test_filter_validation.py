"""Filter validation: each error names the field, operator or value at fault."""

from __future__ import annotations

import pytest

from app.core.errors import InvalidInputError
from app.populations.fields import (
    AGGREGATE_FIELD_TYPES,
    CANONICAL_FIELD_TYPES,
    FieldType,
)
from app.populations.filters import compile_filter, validate_filter

TYPES = {
    **CANONICAL_FIELD_TYPES,
    **AGGREGATE_FIELD_TYPES,
    "custom.founded": FieldType.DATE,
    "custom.seats": FieldType.NUMBER,
    "custom.tier": FieldType.TEXT,
}

INVALID = [
    ("not an object", "invalid filter: expected an object, got str 'not an object'"),
    ({}, "invalid filter: unknown field None"),
    (
        {"field": "revenue", "op": "gt", "value": 1},
        "invalid filter: unknown field 'revenue'",
    ),
    (
        {"field": "custom.seats", "op": "between", "value": 1},
        "invalid filter: invalid operator 'between' for number field 'custom.seats'; "
        "expected eq, neq, in, lt, lte, gt, gte, is_empty",
    ),
    (
        {"field": "industry", "op": "gt", "value": "M"},
        "invalid filter: invalid operator 'gt' for text field 'industry'; "
        "expected eq, neq, in, contains, is_empty",
    ),
    (
        {"field": "has_won", "op": "is_empty"},
        "invalid filter: invalid operator 'is_empty' for boolean field 'has_won'",
    ),
    (
        {"field": "custom.seats", "op": "gt", "value": "many"},
        "invalid filter: invalid value 'many' for 'custom.seats'; expected a number",
    ),
    (
        {"field": "custom.seats", "op": "gt", "value": True},
        "invalid filter: invalid value True for 'custom.seats'; expected a number",
    ),
    (
        {"field": "custom.founded", "op": "lt", "value": "14/03/2021"},
        "invalid filter: invalid value '14/03/2021' for 'custom.founded'; "
        "expected a date such as 2021-03-14",
    ),
    (
        {"field": "has_won", "op": "eq", "value": "yes"},
        "invalid filter: invalid value 'yes' for 'has_won'; expected true or false",
    ),
    (
        {"field": "industry", "op": "eq", "value": " "},
        "invalid filter: invalid value ' ' for 'industry'; expected a non-empty text",
    ),
    (
        {"field": "industry", "op": "in", "value": "Retailing"},
        "invalid filter: 'in' on 'industry' takes a non-empty list of values",
    ),
    (
        {"field": "industry", "op": "in", "value": []},
        "invalid filter: 'in' on 'industry' takes a non-empty list of values",
    ),
    (
        {"field": "industry", "op": "is_empty", "value": "yes"},
        "invalid filter: is_empty takes true, false or no value; got 'yes'",
    ),
    (
        {"field": "industry", "op": "eq", "value": "x", "negate": True},
        "invalid filter: unknown key 'negate'",
    ),
    ({"and": []}, "invalid filter: 'and' takes a non-empty list of filters"),
    (
        {"and": [{"field": "industry", "op": "is_empty"}], "or": []},
        "invalid filter: a group has exactly one key, and, or or not; got and, or",
    ),
    (
        {
            "or": [
                {"field": "name", "op": "is_empty"},
                {"not": {"field": "x", "op": "eq"}},
            ]
        },
        "invalid filter (at or[1].not): unknown field 'x'",
    ),
]


@pytest.mark.parametrize(("tree", "message"), INVALID)
def test_validate_rejects(tree: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        validate_filter(tree, TYPES)

    assert raised.value.message.startswith(message)
    assert raised.value.field == "filter"


def test_validate_rejects_deep_nesting() -> None:
    tree: dict = {"field": "name", "op": "is_empty"}
    for _ in range(20):
        tree = {"not": tree}

    with pytest.raises(InvalidInputError, match="nesting is deeper than 20 levels"):
        validate_filter(tree, TYPES)


def test_validate_rejects_too_many_conditions() -> None:
    tree = {"or": [{"field": "name", "op": "is_empty"}] * 201}

    with pytest.raises(InvalidInputError, match="more than 200 conditions"):
        validate_filter(tree, TYPES)


def test_unknown_field_lists_custom_fields() -> None:
    with pytest.raises(InvalidInputError) as raised:
        validate_filter({"field": "seats", "op": "is_empty"}, TYPES)

    assert raised.value.message.endswith(
        "expected one of name, website, type, industry, country, employees, owner, "
        "open_opportunity_count, open_amount, has_won, custom.founded, "
        "custom.seats, custom.tier"
    )


@pytest.mark.parametrize(
    ("tree", "record", "expected"),
    [
        (
            {"field": "custom.tier", "op": "neq", "value": "gold"},
            {"custom.tier": None},
            False,
        ),
        (
            {"field": "custom.tier", "op": "contains", "value": "OL"},
            {"custom.tier": "Gold"},
            True,
        ),
        ({"field": "custom.tier", "op": "is_empty"}, {"custom.tier": None}, True),
        (
            {"not": {"field": "custom.tier", "op": "eq", "value": "a"}},
            {"custom.tier": None},
            True,
        ),
        ({"field": "has_won", "op": "neq", "value": True}, {"has_won": False}, True),
    ],
)
def test_compiled_predicate(tree: dict, record: dict, expected: bool) -> None:
    compiled = compile_filter(tree, TYPES)

    assert compiled.predicate(record) is expected
