"""Custom population filters: validation, compilation and evaluation per account.

A filter is a JSON tree. Inner nodes are `{"and": [...]}`, `{"or": [...]}` and
`{"not": node}`; leaves are conditions such as
`{"field": "industry", "op": "eq", "value": "Retailing"}`. Comparisons use the
field's type: numbers compare as exact decimals, dates as dates, and text
case-insensitively. A null value matches only `is_empty` and fails every other
condition, so `neq` on a null value is false.

>>> tree = {"field": "industry", "op": "eq", "value": "retailing"}
>>> compiled = compile_filter(tree, {"industry": FieldType.TEXT})
>>> compiled.predicate({"industry": "Retailing"})
True
>>> compiled.predicate({"industry": None})
False
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.core.errors import InvalidInputError
from app.populations.account_records import load_account_records
from app.populations.fields import (
    AGGREGATE_FIELD_TYPES,
    CANONICAL_FIELD_TYPES,
    FieldType,
    organization_field_types,
)
from app.populations.filter_operands import (
    FilterOperator,
    parse_operand,
    raise_invalid,
)
from app.storage.models import Population

logger = logging.getLogger(__name__)

MAX_FILTER_CONDITIONS = 200
MAX_FILTER_DEPTH = 20

Record = Mapping[str, Any]
Predicate = Callable[[Record], bool]


_ORDERED = {
    FilterOperator.EQ,
    FilterOperator.NEQ,
    FilterOperator.IN,
    FilterOperator.LT,
    FilterOperator.LTE,
    FilterOperator.GT,
    FilterOperator.GTE,
    FilterOperator.IS_EMPTY,
}
OPERATORS_BY_TYPE: dict[FieldType, tuple[FilterOperator, ...]] = {
    FieldType.TEXT: (
        FilterOperator.EQ,
        FilterOperator.NEQ,
        FilterOperator.IN,
        FilterOperator.CONTAINS,
        FilterOperator.IS_EMPTY,
    ),
    FieldType.NUMBER: tuple(op for op in FilterOperator if op in _ORDERED),
    FieldType.DATE: tuple(op for op in FilterOperator if op in _ORDERED),
    FieldType.BOOLEAN: (FilterOperator.EQ, FilterOperator.NEQ),
}

_COMPARISONS: dict[FilterOperator, Callable[[Any, Any], bool]] = {
    FilterOperator.EQ: operator.eq,
    FilterOperator.NEQ: operator.ne,
    FilterOperator.LT: operator.lt,
    FilterOperator.LTE: operator.le,
    FilterOperator.GT: operator.gt,
    FilterOperator.GTE: operator.ge,
}
_CONDITION_KEYS = {"field", "op", "value"}


@dataclass(frozen=True)
class CompiledFilter:
    """A validated filter: its predicate over a record and the fields it reads."""

    predicate: Predicate
    fields: frozenset[str]


@dataclass
class _Compiler:
    field_types: Mapping[str, FieldType]
    fields: set[str] = field(default_factory=set)
    conditions: int = 0

    def node(self, node: Any, path: str, depth: int) -> Predicate:
        if depth > MAX_FILTER_DEPTH:
            raise_invalid(path, f"nesting is deeper than {MAX_FILTER_DEPTH} levels")
        if not isinstance(node, Mapping):
            raise_invalid(path, f"expected an object, got {_describe(node)}")
        if "and" in node or "or" in node or "not" in node:
            return self.group(node, path, depth)
        return self.condition(node, path)

    def group(self, node: Mapping[str, Any], path: str, depth: int) -> Predicate:
        if len(node) != 1:
            keys = ", ".join(sorted(map(str, node)))
            raise_invalid(
                path, f"a group has exactly one key, and, or or not; got {keys}"
            )
        ((kind, children),) = node.items()
        if kind == "not":
            inner = self.node(children, _child_path(path, "not"), depth + 1)
            return lambda record: not inner(record)
        if not isinstance(children, list) or not children:
            raise_invalid(path, f"{kind!r} takes a non-empty list of filters")
        parts = [
            self.node(child, _child_path(path, f"{kind}[{index}]"), depth + 1)
            for index, child in enumerate(children)
        ]
        if kind == "and":
            return lambda record: all(part(record) for part in parts)
        return lambda record: any(part(record) for part in parts)

    def condition(self, node: Mapping[str, Any], path: str) -> Predicate:
        unknown = sorted(str(key) for key in node if key not in _CONDITION_KEYS)
        if unknown:
            raise_invalid(
                path,
                f"unknown key {unknown[0]!r}; a condition has field, op "
                "and value, and a group has and, or or not",
            )
        self.conditions += 1
        if self.conditions > MAX_FILTER_CONDITIONS:
            raise_invalid(
                path,
                f"more than {MAX_FILTER_CONDITIONS} conditions; simplify the filter",
            )

        name = node.get("field")
        field_type = self.field_type(name, path)
        op = self.operator(node.get("op"), name, field_type, path)
        self.fields.add(name)
        return _condition_predicate(
            name, op, parse_operand(node.get("value"), op, name, field_type, path)
        )

    def field_type(self, name: Any, path: str) -> FieldType:
        if not isinstance(name, str) or name not in self.field_types:
            custom = sorted(
                key for key in self.field_types if key.startswith("custom.")
            )
            known = [*CANONICAL_FIELD_TYPES, *AGGREGATE_FIELD_TYPES, *custom]
            raise_invalid(
                path, f"unknown field {name!r}; expected one of {', '.join(known)}"
            )
        return self.field_types[name]

    def operator(
        self, op: Any, name: str, field_type: FieldType, path: str
    ) -> FilterOperator:
        allowed = OPERATORS_BY_TYPE[field_type]
        if op not in allowed:
            raise_invalid(
                path,
                f"invalid operator {op!r} for {field_type} field "
                f"{name!r}; expected {', '.join(allowed)}",
            )
        return FilterOperator(op)


def compile_filter(
    filter_tree: Any, field_types: Mapping[str, FieldType]
) -> CompiledFilter:
    """Validate a filter tree and turn it into a predicate over account records.

    Raises InvalidInputError (field `filter`) naming the bad field, operator or
    value and its position in the tree.
    """
    compiler = _Compiler(field_types)
    predicate = compiler.node(filter_tree, "", 1)
    return CompiledFilter(predicate=predicate, fields=frozenset(compiler.fields))


def validate_filter(filter_tree: Any, field_types: Mapping[str, FieldType]) -> None:
    """Raise InvalidInputError unless the filter is valid for these field types."""
    compile_filter(filter_tree, field_types)


def custom_population_members(session: Session, population: Population) -> set[int]:
    """Return the ids of the accounts that satisfy a custom population's filter.

    A filter that no longer fits the organization's data (a column removed or
    retyped by a re-import) selects nothing until it is edited. A warning
    names the population and the problem.
    """
    if population.filter is None:
        return set()
    field_types = organization_field_types(session, population.organization_id)
    try:
        compiled = compile_filter(population.filter, field_types)
    except InvalidInputError as error:
        logger.warning(
            "population %s (%r) of organization %s has no members: %s",
            population.id,
            population.name,
            population.organization_id,
            error.message,
        )
        return set()

    records = load_account_records(
        session, population.organization_id, compiled.fields, field_types
    )
    return {account_id for account_id, record in records if compiled.predicate(record)}


def _condition_predicate(name: str, op: FilterOperator, operand: Any) -> Predicate:
    if op is FilterOperator.IS_EMPTY:
        return lambda record: (record.get(name) is None) is operand

    if op is FilterOperator.IN:
        return lambda record: _normalized(record.get(name)) in operand
    if op is FilterOperator.CONTAINS:
        return lambda record: (
            (value := record.get(name)) is not None and operand in value.casefold()
        )
    compare = _COMPARISONS[op]

    def predicate(record: Record) -> bool:
        value = record.get(name)
        return value is not None and compare(_normalized(value), operand)

    return predicate


def _normalized(value: Any) -> Any:
    """Return a value in the form operands are kept in (text is case-folded)."""
    return value.casefold() if isinstance(value, str) else value


def _child_path(path: str, step: str) -> str:
    return f"{path}.{step}" if path else step


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
