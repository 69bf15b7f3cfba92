"""Sharing levels, sizes and plan entitlements: allow, or deny with a reason code."""

from app.policy.views import (
    ExcludedPopulation,
    ExclusionReason,
    PartnershipView,
    SharedPopulation,
    Side,
    partner_views,
    sharing_toward,
    view_partnership,
)
from app.policy.visibility import (
    column_level,
    not_found,
    overlapping_columns,
    partner_account_columns,
    partner_account_fields,
    require_cell,
    require_column,
    require_level,
    require_paid_plan,
    require_partner_account,
    require_row,
    require_view,
)

__all__ = [
    "ExcludedPopulation",
    "ExclusionReason",
    "PartnershipView",
    "SharedPopulation",
    "Side",
    "column_level",
    "not_found",
    "overlapping_columns",
    "partner_account_columns",
    "partner_account_fields",
    "partner_views",
    "require_cell",
    "require_column",
    "require_level",
    "require_paid_plan",
    "require_partner_account",
    "require_row",
    "require_view",
    "sharing_toward",
    "view_partnership",
]
