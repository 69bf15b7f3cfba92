"""The `populations` and `unmatchedAccounts` queries."""

from __future__ import annotations

import strawberry

from app.api.accounts.types import Account
from app.api.pagination import Connection, paginate
from app.api.populations.types import Population
from app.operations.own_data import list_populations, unmatched_accounts


@strawberry.type
class PopulationsQuery:
    @strawberry.field(description="The viewer's populations, standard ones first.")
    def populations(self, info: strawberry.Info) -> list[Population]:
        organization = info.context.principal.organization
        summaries = list_populations(
            info.context.session, organization_id=organization.id
        )
        return [
            Population(summary=summary, default_currency=organization.currency)
            for summary in summaries
        ]

    @strawberry.field(
        description="The viewer's accounts without a match key; `noKeyReason` gives the reason."
    )
    def unmatched_accounts(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Account]:
        organization = info.context.principal.organization
        rows = unmatched_accounts(info.context.session, organization_id=organization.id)
        return paginate(
            rows,
            sort_key=lambda row: (row.external_id, row.id),
            first=first,
            after=after,
            to_node=lambda row: Account(
                row=row, default_currency=organization.currency
            ),
        )
