"""Ordering inputs of the partner feature."""

from __future__ import annotations

from enum import Enum

import strawberry

from app.api.enums import Outcome, PartnershipStatus
from app.operations.partner_reads import (
    OpportunityOrderField as OpportunityOrderValue,
)
from app.operations.partner_reads import OverlapOrderField as OverlapOrderValue
from app.operations.partner_reads import PartnerOrderField as PartnerOrderValue

PartnerOrderField = strawberry.enum(PartnerOrderValue, name="PartnerOrderField")
OverlapOrderField = strawberry.enum(OverlapOrderValue, name="OverlapOrderField")
OpportunityOrderField = strawberry.enum(
    OpportunityOrderValue, name="OpportunityOrderField"
)


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="How to order the partners page; nulls come last.")
class PartnerOrder:
    field: PartnerOrderField = PartnerOrderValue.POTENTIAL_INFLUENCE
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input(description="Which partnerships to list.")
class PartnerFilter:
    status: list[PartnershipStatus] | None = strawberry.field(
        default=None, description="ACTIVE when omitted."
    )


@strawberry.input(description="How to order a cell's overlaps.")
class OverlapOrder:
    field: OverlapOrderField = OverlapOrderValue.MATCH_KEY
    partner_field: str | None = strawberry.field(
        default=None, description="With PARTNER_FIELD: a field the partner shares."
    )
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input(description="How to order opportunities; nulls come last.")
class OpportunityOrder:
    field: OpportunityOrderField = OpportunityOrderValue.AMOUNT
    direction: OrderDirection = OrderDirection.DESC


__all__ = [
    "OpportunityOrder",
    "OrderDirection",
    "Outcome",
    "OverlapOrder",
    "PartnerFilter",
    "PartnerOrder",
]
