"""GraphQL types of influence figures and the reasons they are unavailable."""

from __future__ import annotations

import strawberry

from app.api.accounts.types import Money
from app.metrics import InfluenceMetric as InfluenceRecord
from app.metrics import UnavailableReason as UnavailableReasonValue

UnavailableReason = strawberry.enum(
    UnavailableReasonValue,
    name="UnavailableReason",
    description="A condition an influence figure needs that does not hold.",
)


@strawberry.type(
    description=(
        "Open pipeline a partner could influence. When `available` is false, "
        "`amount` and the counts are null and `unavailableReasons` says why."
    )
)
class InfluenceMetric:
    record: strawberry.Private[InfluenceRecord]

    @strawberry.field
    def available(self) -> bool:
        return self.record.available

    @strawberry.field(description="The failed conditions, in a fixed order.")
    def unavailable_reasons(self) -> list[UnavailableReason]:
        return [UnavailableReason(reason) for reason in self.record.unavailable_reasons]

    @strawberry.field(description="In the viewer's corporate currency, rounded once.")
    def amount(self) -> Money | None:
        if self.record.amount is None or self.record.currency is None:
            return None
        return Money(amount=self.record.amount, currency=self.record.currency)

    @strawberry.field(description="OPEN opportunities with an amount and a rate.")
    def opportunity_count(self) -> int | None:
        return self.record.opportunity_count

    @strawberry.field(description="OPEN opportunities left out for want of a rate.")
    def excluded_opportunity_count(self) -> int | None:
        return self.record.excluded_opportunity_count

    @strawberry.field(description="Covered opportunities whose stage is unmapped.")
    def unmapped_stage_count(self) -> int | None:
        return self.record.unmapped_stage_count
