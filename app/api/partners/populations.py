"""GraphQL types of what a partner shares: its populations and accounts."""

from __future__ import annotations

import strawberry

from app.api.enums import DataSourceKind, SharingLevel, StandardPopulationType
from app.api.ids import IdType, encode_id
from app.api.node import Node
from app.policy import SharedPopulation
from app.policy.projection import ProjectedAccount


@strawberry.type(
    description="A population a partner shares with you at COUNTS or above."
)
class PartnerPopulation(Node):
    shared: strawberry.Private[SharedPopulation]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.PARTNER_POPULATION, self.shared.id))

    @strawberry.field
    def name(self) -> str:
        return self.shared.name

    @strawberry.field(description="Null for a custom population.")
    def standard_type(self) -> StandardPopulationType | None:
        standard = self.shared.population.standard_type
        return StandardPopulationType(standard) if standard else None

    @strawberry.field(description="Distinct companies in the population.")
    def size(self) -> int:
        return self.shared.size

    @strawberry.field(description="Kinds of the data sources its accounts come from.")
    def source_kinds(self) -> list[DataSourceKind]:
        return [DataSourceKind(kind) for kind in self.shared.population.source_kinds]

    @strawberry.field(description="The level the partner shares it at with you.")
    def sharing_level(self) -> SharingLevel:
        return SharingLevel(self.shared.level)

    @strawberry.field(description="The fields you may read at OVERLAPS and ALL.")
    def shared_fields(self) -> list[str]:
        return list(self.shared.fields)


@strawberry.type(description="One field of a partner account that the partner shares.")
class SharedField:
    field: str = strawberry.field(description="A canonical field or `custom.<column>`.")
    value: str | None


@strawberry.type(
    description=(
        "A partner's account, reduced to the fields the partner shares with you "
        "for it. Unshared fields are null."
    )
)
class PartnerAccount(Node):
    projected: strawberry.Private[ProjectedAccount]
    visible_columns: strawberry.Private[tuple[SharedPopulation, ...]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(
            encode_id(IdType.PARTNER_ACCOUNT, self.projected.account_id)
        )

    @strawberry.field(description="Every shared field with its value.")
    def fields(self) -> list[SharedField]:
        return [
            SharedField(field=name, value=value)
            for name, value in self.projected.fields
        ]

    @strawberry.field(description="Null unless shared.")
    def name(self) -> str | None:
        return self.projected.value("name")

    @strawberry.field(description="Null unless shared.")
    def website(self) -> str | None:
        return self.projected.value("website")

    @strawberry.field(description="Null unless shared.")
    def industry(self) -> str | None:
        return self.projected.value("industry")

    @strawberry.field(description="Null unless shared.")
    def country(self) -> str | None:
        return self.projected.value("country")

    @strawberry.field(
        description="The company's match key; null unless website is shared."
    )
    def match_key(self) -> str | None:
        return self.projected.match_key

    @strawberry.field(
        description="The partner's populations through which you see this account."
    )
    def populations(self) -> list[PartnerPopulation]:
        return [PartnerPopulation(shared=column) for column in self.visible_columns]
