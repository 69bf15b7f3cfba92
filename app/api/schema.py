"""The root schema, merged from the feature modules."""

from __future__ import annotations

from functools import lru_cache

import strawberry
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from app.api.accounts.types import Account, Opportunity
from app.api.data.mutations import DataMutation
from app.api.errors import ErrorShaping, shape_error
from app.api.limits import QueryCostLimiter
from app.api.node_query import NodeQuery
from app.api.partners.mutations import PartnersMutation
from app.api.partners.populations import PartnerAccount, PartnerPopulation
from app.api.partners.queries import PartnersQuery
from app.api.partners.types import Partner
from app.api.populations.mutations import PopulationsMutation
from app.api.populations.queries import PopulationsQuery
from app.api.populations.types import Population
from app.api.viewer.queries import ViewerQuery
from app.api.viewer.types import DataSource, Organization, User
from app.core.settings import get_settings

QUERY_TYPES: tuple[type, ...] = (
    ViewerQuery,
    PartnersQuery,
    PopulationsQuery,
    NodeQuery,
)
MUTATION_TYPES: tuple[type, ...] = (PartnersMutation, PopulationsMutation, DataMutation)
NODE_TYPES = [
    Account, DataSource, Opportunity, Organization, Partner, PartnerAccount,
    PartnerPopulation, Population, User,
]  # fmt: skip


class PartnergraphSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:  # noqa: ARG002
        """Give parse and validation errors a code, in place.

        strawberry calls this for errors raised before execution, where a
        failed parse skips the extensions' operation hooks. Execution errors
        are shaped and logged by ErrorShaping.
        """
        for error in errors:
            if error.original_error is None:
                shape_error(error, None)


@lru_cache(maxsize=1)
def build_schema() -> strawberry.Schema:
    """Build the schema once per process, with the limits from the settings."""
    settings = get_settings()
    query = merge_types("Query", QUERY_TYPES)
    mutation = merge_types("Mutation", MUTATION_TYPES) if MUTATION_TYPES else None
    return PartnergraphSchema(
        query=query,
        types=NODE_TYPES,
        mutation=mutation,
        extensions=[
            # Factories, so each request gets fresh extension state; the parser and
            # validation caches live at module level and are shared. The cost
            # limiter comes after the validation cache, which replaces any
            # earlier validation result.
            ErrorShaping,
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
            lambda: QueryCostLimiter(
                max_cost=settings.max_query_cost,
                default_page_size=settings.default_page_size,
            ),
        ],
    )


def export_sdl() -> str:
    """Return the schema in SDL, as committed in schema.graphql."""
    return strawberry.printer.print_schema(build_schema()) + "\n"
