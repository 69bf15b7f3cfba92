"""The `Partner` type: one of the viewer's partnerships and all it shows."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.api.enums import PartnershipStatus
from app.api.ids import IdType, decode_id_of, encode_id
from app.api.node import Node
from app.api.pagination import Connection, paginate
from app.api.partners.matrix import AccountMappingMatrix
from app.api.partners.metrics import InfluenceMetric
from app.api.partners.populations import PartnerAccount, PartnerPopulation
from app.api.partners.preview import PartnerPreview
from app.api.partners.sharing import ExcludedPopulation, PopulationSharing
from app.graph import Ecosystem
from app.metrics import greenfield_account_ids
from app.operations.partner_reads import (
    PartnerRecord,
    preview_view,
    visible_partner_accounts,
)
from app.policy import sharing_toward


@strawberry.type(
    description=(
        "One of your partnerships. Unless it is ACTIVE, only id, status, dates, "
        "tags, domain and (once it has been active) name are set."
    )
)
class Partner(Node):
    record: strawberry.Private[PartnerRecord]
    ecosystem: strawberry.Private[Ecosystem]

    @property
    def _active(self) -> bool:
        return self.record.view.is_active

    @strawberry.field(description="The partnership's id, which partner mutations take.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.PARTNER, self.record.view.id))

    @strawberry.field(description="Null until the partnership has been ACTIVE.")
    def name(self) -> str | None:
        return self.record.view.partner_name

    @strawberry.field(
        description=(
            "The partner's domain: the invited domain when you invited, else the "
            "inviter's domain."
        )
    )
    def domain(self) -> str:
        view = self.record.view
        partnership = view.partnership
        if partnership.inviter_id == view.viewer.id:
            return partnership.invited_domain
        inviter = self.ecosystem.organization(partnership.inviter_id)
        return inviter.domain_key if inviter else partnership.invited_domain

    @strawberry.field
    def status(self) -> PartnershipStatus:
        return PartnershipStatus(self.record.view.status)

    @strawberry.field(description="True when you sent the invitation.")
    def invited_by_you(self) -> bool:
        view = self.record.view
        return view.partnership.inviter_id == view.viewer.id

    @strawberry.field
    def invited_at(self) -> datetime:
        return self.record.view.partnership.invited_at

    @strawberry.field(description="When the partnership became ACTIVE.")
    def partnered_at(self) -> datetime | None:
        return self.record.view.partnership.partnered_at

    @strawberry.field
    def ended_at(self) -> datetime | None:
        return self.record.view.partnership.ended_at

    @strawberry.field
    def declined_at(self) -> datetime | None:
        return self.record.view.partnership.declined_at

    @strawberry.field(description="Your own tags; the partner never sees them.")
    def tags(self) -> list[str]:
        return list(self.record.tags)

    @strawberry.field(description="The partner's populations you can see.")
    def population_count(self) -> int | None:
        return self.record.summary.population_count if self._active else None

    @strawberry.field(
        description="Distinct companies in some row and some column; null below the rules."
    )
    def total_overlaps(self) -> int | None:
        return self.record.summary.total_overlaps

    @strawberry.field(description="Your OPEN pipeline this partner could influence.")
    def potential_influence(self) -> InfluenceMetric:
        return InfluenceMetric(record=self.record.summary.potential_influence)

    @strawberry.field
    def matrix(self) -> AccountMappingMatrix | None:
        if not self._active:
            return None
        return AccountMappingMatrix(ecosystem=self.ecosystem, view=self.record.view)

    @strawberry.field(description="Populations the minimum comparison size leaves out.")
    def excluded_populations(self) -> list[ExcludedPopulation] | None:
        if not self._active:
            return None
        return [
            ExcludedPopulation(record=item)
            for item in self.record.view.excluded_populations
        ]

    @strawberry.field(description="The partner's populations you can see, with levels.")
    def shared_with_you(self) -> list[PartnerPopulation] | None:
        if not self._active:
            return None
        return [PartnerPopulation(shared=column) for column in self.record.view.columns]

    @strawberry.field(
        description="Each of your populations with its effective sharing."
    )
    def your_sharing(self) -> list[PopulationSharing] | None:
        if not self._active:
            return None
        view = self.record.view
        return [
            PopulationSharing(shared=shared)
            for shared in sharing_toward(self.ecosystem, view.viewer.id, view.id)
        ]

    @strawberry.field(
        description=(
            "The partner's accounts in a column shared at ALL whose company is in "
            "none of your rows."
        )
    )
    def greenfield(
        self,
        info: strawberry.Info,
        partner_population_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PartnerAccount] | None:
        if not self._active:
            return None
        view = self.record.view
        account_ids = greenfield_account_ids(
            self.ecosystem,
            view,
            decode_id_of(partner_population_id, IdType.PARTNER_POPULATION),
        )
        encoded = sorted(
            (encode_id(IdType.PARTNER_ACCOUNT, account_id), account_id)
            for account_id in account_ids
        )
        page = paginate(
            encoded,
            sort_key=lambda item: [item[0]],
            first=first,
            after=after,
            to_node=lambda item: item[1],
        )
        visible = {
            item.projected.account_id: item
            for item in visible_partner_accounts(
                info.context.session, view, [edge.node for edge in page.edges]
            )
        }
        for edge in page.edges:
            item = visible[edge.node]
            edge.node = PartnerAccount(
                projected=item.projected, visible_columns=item.columns
            )
        return page

    @strawberry.field(description="What the partner sees of you; nothing of its side.")
    def preview_as_partner(self, info: strawberry.Info) -> PartnerPreview | None:
        if not self._active:
            return None
        view = self.record.view
        partner_view = preview_view(
            self.ecosystem,
            viewer_id=info.context.principal.organization.id,
            partnership_id=view.id,
        )
        return PartnerPreview(ecosystem=self.ecosystem, partner_view=partner_view)
