"""The domain vocabularies as GraphQL enums."""

from __future__ import annotations

import strawberry

from app.core import enums

Plan = strawberry.enum(
    enums.Plan, description="FREE < CONNECTOR < SUPERNODE < ENTERPRISE."
)
Role = strawberry.enum(enums.Role, description="Members read and tag partners.")
DataSourceKind = strawberry.enum(enums.DataSourceKind)
Outcome = strawberry.enum(enums.Outcome, name="OpportunityOutcome")
SharingLevel = strawberry.enum(
    enums.SharingLevel,
    description="What one side shares: HIDDEN < COUNTS < OVERLAPS < ALL.",
)
PartnershipStatus = strawberry.enum(enums.PartnershipStatus)
StandardPopulationType = strawberry.enum(
    enums.StandardPopulation, name="StandardPopulationType"
)
