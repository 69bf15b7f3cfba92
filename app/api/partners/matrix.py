"""GraphQL types of the Account Mapping Matrix, its cells and their overlaps."""

from __future__ import annotations

import strawberry

from app.api.accounts.types import Account, Opportunity
from app.api.enums import Outcome, SharingLevel
from app.api.ids import IdType, decode_id_of
from app.api.limits import MAX_MATRIX_CELLS
from app.api.ordering import order_items, sort_key
from app.api.pagination import Connection, paginate
from app.api.partners.inputs import OpportunityOrder, OrderDirection, OverlapOrder
from app.api.partners.metrics import InfluenceMetric
from app.api.partners.populations import PartnerAccount, PartnerPopulation
from app.api.populations.lookup import own_population
from app.api.populations.types import Population
from app.core.errors import LimitExceededError
from app.graph import Ecosystem
from app.metrics import cell_influence, cell_overlap_count, cell_overlap_keys
from app.operations.partner_reads import (
    OpportunityOrderField,
    OverlapOrderField,
    OverlapRecord,
    cell_opportunities,
    cell_overlap_records,
    opportunity_value,
)
from app.policy import (
    PartnershipView,
    SharedPopulation,
    require_cell,
    require_paid_plan,
)


def check_cell_count(count: int) -> None:
    """Reject a matrix with more cells than the query cost assumes."""
    if count > MAX_MATRIX_CELLS:
        raise LimitExceededError(
            f"the matrix has {count} cells, more than the {MAX_MATRIX_CELLS} that "
            "`cells` returns; ask for single cells with `cell(populationId, "
            "partnerPopulationId)`"
        )


def _partner_account(visible) -> PartnerAccount:
    return PartnerAccount(projected=visible.projected, visible_columns=visible.columns)


@strawberry.type(description="A company in both a row and a column of the matrix.")
class Overlap:
    record: strawberry.Private[OverlapRecord]
    default_currency: strawberry.Private[str]
    view: strawberry.Private[PartnershipView]

    @strawberry.field(description="The company's registrable domain.")
    def match_key(self) -> str:
        return self.record.match_key

    @strawberry.field(description="Your first account with this key, by external id.")
    def account(self) -> Account | None:
        accounts = self.accounts()
        return accounts[0] if accounts else None

    @strawberry.field(description="Your accounts in the row with this key.")
    def accounts(self) -> list[Account]:
        return [
            Account(row=row, default_currency=self.default_currency)
            for row in self.record.accounts
        ]

    @strawberry.field(description="The partner's first account with this key.")
    def partner_account(self) -> PartnerAccount | None:
        partners = self.record.partner_accounts
        return _partner_account(partners[0]) if partners else None

    @strawberry.field(description="The partner's accounts in the column with this key.")
    def partner_accounts(self) -> list[PartnerAccount]:
        return [_partner_account(item) for item in self.record.partner_accounts]

    @strawberry.field(
        description="Your opportunities on `accounts`; needs a paid plan, like cells."
    )
    async def opportunities(
        self, info: strawberry.Info, outcome: Outcome | None = None
    ) -> list[Opportunity] | None:
        require_paid_plan(self.view)
        found = []
        for account in self.accounts():
            for opportunity in await account.opportunities(info):
                if outcome is None or (opportunity.row.outcome or "OPEN") == outcome:
                    found.append(opportunity)
        return found


@strawberry.type(description="One row population against one partner population.")
class MatrixCell:
    ecosystem: strawberry.Private[Ecosystem]
    view: strawberry.Private[PartnershipView]
    row: strawberry.Private[SharedPopulation]
    column: strawberry.Private[SharedPopulation]

    @strawberry.field(description="Your population (the row).")
    def population(self, info: strawberry.Info) -> Population:
        return own_population(info.context, self.row.id)

    @strawberry.field(description="The partner's population (the column).")
    def partner_population(self) -> PartnerPopulation:
        return PartnerPopulation(shared=self.column)

    @strawberry.field(description="The level the partner shares the column at.")
    def partner_sharing_level(self) -> SharingLevel:
        return SharingLevel(self.column.level)

    @strawberry.field(description="Distinct companies in both populations.")
    def overlap_count(self) -> int:
        return cell_overlap_count(
            self.ecosystem, self.view, self.row.id, self.column.id
        )

    @strawberry.field(
        description="Your OPEN pipeline on the row's accounts whose company is in the column."
    )
    def potential_influence(self) -> InfluenceMetric:
        return InfluenceMetric(
            record=cell_influence(
                self.ecosystem, self.view, self.row.id, self.column.id
            )
        )

    @strawberry.field(
        description=(
            "The companies in both populations, by match key unless ordered "
            "otherwise. Needs the column at OVERLAPS or above."
        )
    )
    def overlaps(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        order_by: OverlapOrder | None = None,
    ) -> Connection[Overlap] | None:
        order = order_by or OverlapOrder()
        currency = self.view.viewer.currency
        descending = order.direction is OrderDirection.DESC
        if order.field is OverlapOrderField.MATCH_KEY:
            keys = cell_overlap_keys(
                self.ecosystem, self.view, self.row.id, self.column.id
            )
            ordered, rank = order_items(
                keys, sort_key, descending=descending, numeric=False
            )
            page = paginate(
                ordered,
                sort_key=sort_key,
                first=first,
                after=after,
                to_node=lambda key: key,
                order=rank,
            )
            records = cell_overlap_records(
                info.context.session,
                self.ecosystem,
                self.view,
                population_id=self.row.id,
                partner_population_id=self.column.id,
                match_keys=[edge.node for edge in page.edges],
            )
            for edge, record in zip(page.edges, records, strict=True):
                edge.node = Overlap(
                    record=record, default_currency=currency, view=self.view
                )
            return page
        records = cell_overlap_records(
            info.context.session,
            self.ecosystem,
            self.view,
            population_id=self.row.id,
            partner_population_id=self.column.id,
            order=OverlapOrderField(order.field),
            partner_field=order.partner_field,
        )

        def key(record: OverlapRecord) -> list:
            return sort_key(record.sort_value, record.match_key)

        ordered, rank = order_items(records, key, descending=descending, numeric=False)
        return paginate(
            ordered,
            sort_key=key,
            first=first,
            after=after,
            to_node=lambda record: Overlap(
                record=record, default_currency=currency, view=self.view
            ),
            order=rank,
        )

    @strawberry.field(
        description=(
            "Your opportunities on the row's accounts whose company is in the "
            "column. Needs the column at OVERLAPS or above and a paid plan."
        )
    )
    def opportunities(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        outcome: Outcome | None = None,
        order_by: OpportunityOrder | None = None,
    ) -> Connection[Opportunity] | None:
        order = order_by or OpportunityOrder()
        field = OpportunityOrderField(order.field)
        rows = cell_opportunities(
            info.context.session,
            self.ecosystem,
            self.view,
            population_id=self.row.id,
            partner_population_id=self.column.id,
            outcome=outcome,
        )

        def key(row) -> list:
            return sort_key(opportunity_value(row, self.view, field), row.id)

        ordered, rank = order_items(
            rows,
            key,
            descending=order.direction is OrderDirection.DESC,
            numeric=field is OpportunityOrderField.AMOUNT,
        )
        currency = self.view.viewer.currency
        return paginate(
            ordered,
            sort_key=key,
            first=first,
            after=after,
            to_node=lambda row: Opportunity(row=row, default_currency=currency),
            order=rank,
        )


@strawberry.type(description="Your populations against the partner's, cell by cell.")
class AccountMappingMatrix:
    ecosystem: strawberry.Private[Ecosystem]
    view: strawberry.Private[PartnershipView]

    @strawberry.field(description="Your populations shared with the partner.")
    def rows(self, info: strawberry.Info) -> list[Population]:
        return [own_population(info.context, row.id) for row in self.view.rows]

    @strawberry.field(description="The partner's populations shared with you.")
    def columns(self) -> list[PartnerPopulation]:
        return [PartnerPopulation(shared=column) for column in self.view.columns]

    @strawberry.field(description="Every cell, row by row; at most 1,000.")
    def cells(self) -> list[MatrixCell]:
        check_cell_count(len(self.view.rows) * len(self.view.columns))
        return [
            MatrixCell(ecosystem=self.ecosystem, view=self.view, row=row, column=column)
            for row in self.view.rows
            for column in self.view.columns
        ]

    @strawberry.field(description="One cell, by your population and the partner's.")
    def cell(
        self, population_id: strawberry.ID, partner_population_id: strawberry.ID
    ) -> MatrixCell | None:
        row, column = require_cell(
            self.view,
            decode_id_of(population_id, IdType.POPULATION),
            decode_id_of(partner_population_id, IdType.PARTNER_POPULATION),
        )
        return MatrixCell(
            ecosystem=self.ecosystem, view=self.view, row=row, column=column
        )
