"""GraphQL types of sharing: your settings toward a partner and excluded populations."""

from __future__ import annotations

from enum import Enum

import strawberry

from app.api.enums import SharingLevel
from app.api.populations.lookup import own_population
from app.api.populations.types import Population
from app.policy import ExcludedPopulation as ExcludedRecord
from app.policy import SharedPopulation


@strawberry.enum(description="Whose population a matrix entry is.")
class MatrixSide(Enum):
    VIEWER = "VIEWER"
    PARTNER = "PARTNER"


@strawberry.enum
class ExclusionReason(Enum):
    POPULATION_TOO_SMALL = "POPULATION_TOO_SMALL"


@strawberry.type(
    description="A population shared at COUNTS or above that the matrix leaves out."
)
class ExcludedPopulation:
    record: strawberry.Private[ExcludedRecord]

    @strawberry.field
    def side(self) -> MatrixSide:
        return MatrixSide(str(self.record.side))

    @strawberry.field
    def name(self) -> str:
        return self.record.name

    @strawberry.field
    def reason(self) -> ExclusionReason:
        return ExclusionReason(str(self.record.reason))


@strawberry.type(description="How you share one of your populations with the partner.")
class PopulationSharing:
    shared: strawberry.Private[SharedPopulation]

    @strawberry.field
    def population(self, info: strawberry.Info) -> Population:
        return own_population(info.context, self.shared.id)

    @strawberry.field(description="The effective level toward this partner.")
    def level(self) -> SharingLevel:
        return SharingLevel(self.shared.level)

    @strawberry.field(description="The effective shared fields toward this partner.")
    def fields(self) -> list[str]:
        return list(self.shared.fields)

    @strawberry.field(description="True when an override replaces the default.")
    def from_override(self) -> bool:
        return self.shared.from_override
