"""GraphQL types of the viewer, its organization and its data sources."""

from __future__ import annotations

import strawberry

from app.api.enums import DataSourceKind, Outcome, Plan, Role
from app.api.ids import IdType, encode_id
from app.api.node import Node
from app.storage.models import DataSource as DataSourceRow
from app.storage.models import Organization as OrganizationRow
from app.storage.models import User as UserRow


@strawberry.type(description="A person of the viewer's organization.")
class User(Node):
    row: strawberry.Private[UserRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.USER, self.row.id))

    @strawberry.field
    def email(self) -> str:
        return self.row.email

    @strawberry.field
    def role(self) -> Role:
        return Role(self.row.role)


@strawberry.type(description="The viewer's own organization.")
class Organization(Node):
    row: strawberry.Private[OrganizationRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.ORGANIZATION, self.row.id))

    @strawberry.field
    def name(self) -> str:
        return self.row.name

    @strawberry.field
    def slug(self) -> str:
        return self.row.slug

    @strawberry.field(description="The organization's web domain, as its match key.")
    def domain(self) -> str:
        return self.row.domain_key

    @strawberry.field
    def plan(self) -> Plan:
        return Plan(self.row.plan)

    @strawberry.field(description="Corporate currency, an ISO 4217 code.")
    def currency(self) -> str:
        return self.row.currency


@strawberry.type(description="How one stage of a data source counts.")
class StageMapping:
    stage: str
    outcome: Outcome


@strawberry.type(description="A custom field and the type its values compare as.")
class CustomFieldType:
    field: str = strawberry.field(description="`custom.<column>`.")
    type: str = strawberry.field(description="number, date or text.")


@strawberry.type(description="Where the viewer's records come from.")
class DataSource(Node):
    row: strawberry.Private[DataSourceRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.DATA_SOURCE, self.row.id))

    @strawberry.field
    def kind(self) -> DataSourceKind:
        return DataSourceKind(self.row.kind)

    @strawberry.field
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="What the source keeps in sync.")
    def synced_fields(self) -> list[str]:
        return list(self.row.synced_fields)

    @strawberry.field(description="Each mapped stage and the outcome it counts as.")
    def stage_mapping(self) -> list[StageMapping]:
        return [
            StageMapping(stage=stage, outcome=Outcome(outcome))
            for stage, outcome in sorted(self.row.stage_mapping.items())
        ]

    @strawberry.field(description="Stages seen in opportunities with no mapping yet.")
    def unmapped_stages(self) -> list[str]:
        return sorted(self.row.unmapped_stages)

    @strawberry.field(description="Account types that make a company a customer.")
    def customer_types(self) -> list[str]:
        return list(self.row.customer_types)

    @strawberry.field(description="Each custom field of its accounts and its type.")
    def custom_fields(self) -> list[CustomFieldType]:
        return [
            CustomFieldType(field=f"custom.{name}", type=kind)
            for name, kind in sorted(self.row.custom_field_types.items())
        ]


@strawberry.type(description="The authenticated caller.")
class Viewer:
    user: User
    organization: Organization
    data_sources: list[DataSource]
