"""`previewAsPartner`: what the partner sees of you, and nothing of its side."""

from __future__ import annotations

import strawberry

from app.api.accounts.types import Account
from app.api.enums import SharingLevel, StandardPopulationType
from app.api.ids import IdType, encode_id
from app.api.pagination import Connection, paginate
from app.api.partners.matrix import check_cell_count
from app.api.partners.populations import SharedField
from app.api.populations.lookup import own_population
from app.api.populations.types import Population
from app.graph import Ecosystem
from app.metrics import cell_overlap_count
from app.operations.own_data import get_accounts
from app.operations.partner_reads import preview_account_ids, visible_partner_accounts
from app.policy import PartnershipView, SharedPopulation


@strawberry.type(description="One of your populations as the partner sees it.")
class PreviewPopulation:
    shared: strawberry.Private[SharedPopulation]

    @strawberry.field
    def population(self, info: strawberry.Info) -> Population:
        return own_population(info.context, self.shared.id)

    @strawberry.field
    def name(self) -> str:
        return self.shared.name

    @strawberry.field
    def standard_type(self) -> StandardPopulationType | None:
        standard = self.shared.population.standard_type
        return StandardPopulationType(standard) if standard else None

    @strawberry.field
    def size(self) -> int:
        return self.shared.size

    @strawberry.field(description="The level you share it at with this partner.")
    def sharing_level(self) -> SharingLevel:
        return SharingLevel(self.shared.level)

    @strawberry.field(description="The field names the partner may read.")
    def shared_fields(self) -> list[str]:
        return list(self.shared.fields)


@strawberry.type(description="A cell as the partner sees it: its overlap count.")
class PreviewCell:
    partner_population_id: strawberry.ID
    partner_population_name: str
    population_id: strawberry.ID
    overlap_count: int


@strawberry.type(description="One of your accounts reduced to what the partner sees.")
class PreviewAccount:
    account: Account
    fields: list[SharedField]


@strawberry.type(description="What the partner sees of you in this partnership.")
class PartnerPreview:
    ecosystem: strawberry.Private[Ecosystem]
    partner_view: strawberry.Private[PartnershipView]

    @strawberry.field(description="Your populations as the partner's columns.")
    def columns(self) -> list[PreviewPopulation]:
        return [
            PreviewPopulation(shared=column) for column in self.partner_view.columns
        ]

    @strawberry.field(description="The overlap count of each cell the partner sees.")
    def cells(self) -> list[PreviewCell]:
        check_cell_count(len(self.partner_view.rows) * len(self.partner_view.columns))
        return [
            PreviewCell(
                partner_population_id=strawberry.ID(
                    encode_id(IdType.PARTNER_POPULATION, row.id)
                ),
                partner_population_name=row.name,
                population_id=strawberry.ID(encode_id(IdType.POPULATION, column.id)),
                overlap_count=cell_overlap_count(
                    self.ecosystem, self.partner_view, row.id, column.id
                ),
            )
            for row in self.partner_view.rows
            for column in self.partner_view.columns
        ]

    @strawberry.field(description="Your accounts the partner can see, by id.")
    def accounts(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[PreviewAccount]:
        view = self.partner_view
        session = info.context.session
        account_ids = preview_account_ids(view)

        def to_node(account_id: int) -> int:
            return account_id

        page = paginate(
            account_ids,
            sort_key=lambda account_id: [account_id],
            first=first,
            after=after,
            to_node=to_node,
        )
        ids = [edge.node for edge in page.edges]
        visible = {
            item.projected.account_id: item
            for item in visible_partner_accounts(session, view, ids)
        }
        rows = get_accounts(session, organization_id=view.partner.id, account_ids=ids)
        currency = view.partner.currency
        page.edges = [edge for edge in page.edges if edge.node in visible]
        for edge in page.edges:
            projected = visible[edge.node].projected
            edge.node = PreviewAccount(
                account=Account(row=rows[edge.node], default_currency=currency),
                fields=[
                    SharedField(field=name, value=value)
                    for name, value in projected.fields
                ],
            )
        return page
