"""Query cost: the sum over all paths of the product of list sizes along the path.

A connection counts its `first` argument (the default page size when omitted)
and a plain list counts its cap. A query above the maximum cost is rejected
before anything runs; every response reports its cost in `extensions.cost`.

For example `{ partners(first: 10) { edges { node { name tags } } } }` costs
10 for `partners`, 10 for `edges`, 10 for `node`, 10 for `name` and
10 * 20 for `tags`, whose cap is 20: 240 in all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from strawberry.extensions import SchemaExtension

# Caps of plain lists, by (type, field). Unlisted lists count DEFAULT_LIST_CAP,
# the most populations an organization may have.
MAX_MATRIX_CELLS = 1_000
FIELD_LIST_CAP = 20
LIST_CAPS: dict[tuple[str, str], int] = {
    ("Partner", "tags"): 20,
    ("Partner", "excludedPopulations"): 200,
    ("InfluenceMetric", "unavailableReasons"): 6,
    ("AccountMappingMatrix", "cells"): MAX_MATRIX_CELLS,
    ("PartnerPreview", "cells"): MAX_MATRIX_CELLS,
    ("PartnerPopulation", "sharedFields"): FIELD_LIST_CAP,
    ("PreviewPopulation", "sharedFields"): FIELD_LIST_CAP,
    ("PopulationSharing", "fields"): FIELD_LIST_CAP,
    ("Population", "defaultFields"): FIELD_LIST_CAP,
    ("PartnerAccount", "fields"): FIELD_LIST_CAP,
    ("PreviewAccount", "fields"): FIELD_LIST_CAP,
    ("Account", "customFields"): FIELD_LIST_CAP,
    ("PartnerAccount", "populations"): 10,
    ("Overlap", "accounts"): 5,
    ("Overlap", "partnerAccounts"): 5,
    ("Overlap", "opportunities"): 20,
    ("Account", "opportunities"): 20,
    ("Viewer", "dataSources"): 10,
    ("DataSource", "syncedFields"): 3,
    ("DataSource", "stageMapping"): FIELD_LIST_CAP,
    ("DataSource", "unmappedStages"): FIELD_LIST_CAP,
    ("DataSource", "customerTypes"): FIELD_LIST_CAP,
    ("DataSource", "customFields"): FIELD_LIST_CAP,
}
# NOTE: field-list and per-company caps are typical sizes, not enforced bounds;
# a list longer than its cap is still returned in full.
DEFAULT_LIST_CAP = 100


def _first_argument(
    node: FieldNode, variables: Mapping[str, Any], default_page_size: int
) -> int:
    for argument in node.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            supplied = variables.get(value.name.value)
            if isinstance(supplied, int):
                return supplied
    return default_page_size


def _is_connection(named: GraphQLNamedType) -> bool:
    return named.name.endswith("Connection")


def query_cost(
    schema: GraphQLSchema,
    document: Any,
    *,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
    default_page_size: int = 50,
) -> int:
    """Return the cost of the operation a document runs."""
    variables = variables or {}
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    operations = [
        definition
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    ]
    if operation_name is not None:
        operations = [
            op for op in operations if op.name and op.name.value == operation_name
        ]
    if not operations:
        return 0
    operation = operations[0]
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0

    def walk(
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType,
        multiplier: int,
        in_connection: bool,
        seen: frozenset[str],
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, InlineFragmentNode):
                target = parent
                if selection.type_condition is not None:
                    target = (
                        schema.get_type(selection.type_condition.name.value) or parent
                    )
                total += walk(
                    selection.selection_set, target, multiplier, in_connection, seen
                )
                continue
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = schema.get_type(fragment.type_condition.name.value) or parent
                total += walk(
                    fragment.selection_set,
                    target,
                    multiplier,
                    in_connection,
                    seen | {name},
                )
                continue
            if not isinstance(selection, FieldNode):
                continue
            if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                continue
            field = parent.fields.get(selection.name.value)
            if field is None:
                continue
            return_type = get_nullable_type(field.type)
            named = get_named_type(return_type)
            size = 1
            if _is_connection(named):
                size = _first_argument(selection, variables, default_page_size)
            elif isinstance(return_type, GraphQLList) and not in_connection:
                size = LIST_CAPS.get(
                    (parent.name, selection.name.value), DEFAULT_LIST_CAP
                )
            cost = multiplier * max(size, 1)
            total += cost
            if selection.selection_set is not None:
                total += walk(
                    selection.selection_set,
                    named,
                    cost,
                    _is_connection(named)
                    or (in_connection and parent.name.endswith("Edge")),
                    seen,
                )
        return total

    return walk(operation.selection_set, root, 1, False, frozenset())


class QueryCostLimiter(SchemaExtension):
    """Reject queries above the maximum cost and report each query's cost."""

    def __init__(self, *, max_cost: int, default_page_size: int) -> None:
        self.max_cost = max_cost
        self.default_page_size = default_page_size
        self.cost: int | None = None

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            self.cost = query_cost(
                context.schema._schema,
                document,
                variables=context.variables,
                operation_name=context.operation_name,
                default_page_size=self.default_page_size,
            )
            if self.cost > self.max_cost:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"query cost {self.cost} exceeds the maximum of "
                        f"{self.max_cost}; pass smaller `first` arguments, ask for "
                        "fewer nested lists, or split the query (for example one "
                        "partner's `cells` at a time)",
                        extensions={"code": "LIMIT_EXCEEDED", "cost": self.cost},
                    )
                ]
        yield

    def get_results(self) -> dict[str, Any]:
        return {} if self.cost is None else {"cost": self.cost}
