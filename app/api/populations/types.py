"""GraphQL types of the viewer's own populations."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.api.accounts.types import Account
from app.api.enums import SharingLevel, StandardPopulationType
from app.api.ids import IdType, encode_id
from app.api.node import Node
from app.api.pagination import Connection, paginate
from app.operations.own_data import PopulationSummary, population_accounts


@strawberry.type(description="A named set of the viewer's accounts.")
class Population(Node):
    summary: strawberry.Private[PopulationSummary]
    default_currency: strawberry.Private[str]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.POPULATION, self.summary.population.id))

    @strawberry.field
    def name(self) -> str:
        return self.summary.population.name

    @strawberry.field(description="Null for a custom population.")
    def standard_type(self) -> StandardPopulationType | None:
        standard = self.summary.population.standard_type
        return StandardPopulationType(standard) if standard else None

    @strawberry.field(
        description="Distinct match keys among the population's accounts."
    )
    def size(self) -> int:
        return self.summary.size

    @strawberry.field(description="Accounts in the population, with or without a key.")
    def account_count(self) -> int:
        return self.summary.account_count

    @strawberry.field(description="The filter of a custom population.")
    def filter(self) -> JSON | None:
        return self.summary.population.filter

    @strawberry.field(description="The level every partner gets without an override.")
    def default_level(self) -> SharingLevel:
        return SharingLevel(self.summary.population.default_level)

    @strawberry.field(description="The fields shared by default at OVERLAPS and ALL.")
    def default_fields(self) -> list[str]:
        return list(self.summary.population.default_fields)

    @strawberry.field(description="The population's accounts, by external id.")
    def accounts(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Account]:
        rows = population_accounts(
            info.context.session,
            organization_id=self.summary.population.organization_id,
            population_id=self.summary.population.id,
        )
        return paginate(
            rows,
            sort_key=lambda row: (row.external_id, row.id),
            first=first,
            after=after,
            to_node=lambda row: Account(
                row=row, default_currency=self.default_currency
            ),
        )
