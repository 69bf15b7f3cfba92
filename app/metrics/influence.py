"""Potential influence: V's open pipeline on companies the partner X also has."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from pyroaring import FrozenBitMap

from app.core.enums import SharingLevel
from app.graph import NO_KEY, AccountIndex, Ecosystem
from app.metrics.money import convert_totals, sum_open_amounts
from app.policy import PartnershipView, SharedPopulation, require_cell


class UnavailableReason(StrEnum):
    """Reason code of an unavailable influence figure, in listing order."""

    PARTNERSHIP_NOT_ACTIVE = "PARTNERSHIP_NOT_ACTIVE"
    NO_CRM_OPPORTUNITY_DATA = "NO_CRM_OPPORTUNITY_DATA"
    NOT_SHARING_WITH_PARTNER = "NOT_SHARING_WITH_PARTNER"
    PARTNER_NOT_SHARING = "PARTNER_NOT_SHARING"
    PARTNER_SHARES_COUNTS_ONLY = "PARTNER_SHARES_COUNTS_ONLY"
    PLAN_REQUIRED = "PLAN_REQUIRED"


@dataclass(frozen=True, slots=True)
class InfluenceMetric:
    """An influence figure, or the reasons it is unavailable.

    When `available` is false, `amount`, `currency` and the counts are None.
    `amount` is a decimal string with exactly the corporate currency's
    number of decimals.
    """

    available: bool
    unavailable_reasons: tuple[UnavailableReason, ...]
    amount: str | None
    currency: str | None
    opportunity_count: int | None
    excluded_opportunity_count: int | None
    unmapped_stage_count: int | None

    @classmethod
    def unavailable(cls, reasons: tuple[UnavailableReason, ...]) -> InfluenceMetric:
        return cls(
            available=False,
            unavailable_reasons=reasons,
            amount=None,
            currency=None,
            opportunity_count=None,
            excluded_opportunity_count=None,
            unmapped_stage_count=None,
        )


def influence_reasons(
    view: PartnershipView, column: SharedPopulation | None = None
) -> tuple[UnavailableReason, ...]:
    """Return the failed conditions of the partner-level figure, or of a cell.

    With `column`, the cell's own conditions are checked too: the column is
    shared at OVERLAPS or above, and V is on a paid plan. When the
    partnership is not ACTIVE, nothing else is evaluated.
    """
    if not view.is_active:
        return (UnavailableReason.PARTNERSHIP_NOT_ACTIVE,)
    reasons = []
    if not view.viewer.has_crm_opportunity_data:
        reasons.append(UnavailableReason.NO_CRM_OPPORTUNITY_DATA)
    if not view.rows:
        reasons.append(UnavailableReason.NOT_SHARING_WITH_PARTNER)
    if not view.overlap_columns:
        reasons.append(UnavailableReason.PARTNER_NOT_SHARING)
    if column is not None:
        if not column.allows(SharingLevel.OVERLAPS):
            reasons.append(UnavailableReason.PARTNER_SHARES_COUNTS_ONLY)
        if not view.viewer.is_paid:
            reasons.append(UnavailableReason.PLAN_REQUIRED)
    return tuple(reasons)


def potential_influence(ecosystem: Ecosystem, view: PartnershipView) -> InfluenceMetric:
    """Sum V's open amounts on accounts in some row whose key X shares at OVERLAPS+.

    Each of V's accounts, and so each opportunity, counts once even when it
    is in several rows or its key is in several columns, so the figure can
    be less than the sum of the cells. Shown on every plan.

    Example: V's account a (key k, 100 USD open) is in rows R1 and R2; X
    shares column C1 (OVERLAPS, contains k) and C2 (COUNTS, contains k).
    The cells (R1, C1) and (R2, C1) each show 100; the partner figure is 100,
    and C2 adds nothing because it is shared at COUNTS.
    """
    del ecosystem  # the view contains both organizations' records
    reasons = influence_reasons(view)
    if reasons:
        return InfluenceMetric.unavailable(reasons)

    members = _union(row.population.members for row in view.rows)
    keys = _union(column.population.keys for column in view.overlap_columns)
    return _metric(view, members, keys)


def cell_influence(
    ecosystem: Ecosystem,
    view: PartnershipView,
    population_id: int,
    partner_population_id: int,
) -> InfluenceMetric:
    """Sum V's open amounts on accounts in row P whose key is in column Q.

    Raises `NotFoundError` when (P, Q) is not a visible cell. Unavailable
    when Q is shared at COUNTS only or V is on the free plan.
    """
    del ecosystem  # the view contains both organizations' records
    row, column = require_cell(view, population_id, partner_population_id)
    reasons = influence_reasons(view, column)
    if reasons:
        return InfluenceMetric.unavailable(reasons)
    return _metric(view, row.population.members, column.population.keys)


def covered_positions(
    accounts: AccountIndex, members: FrozenBitMap, keys: FrozenBitMap
) -> Iterator[int]:
    """Yield the positions in `members` with opportunities and a key in `keys`."""
    key_ids = accounts.key_ids
    for position in members & accounts.with_opportunities:
        key_id = key_ids[position]
        if key_id != NO_KEY and key_id in keys:
            yield position


def _metric(
    view: PartnershipView, members: FrozenBitMap, keys: FrozenBitMap
) -> InfluenceMetric:
    accounts = view.viewer.accounts
    totals = sum_open_amounts(accounts, covered_positions(accounts, members, keys))
    converted = convert_totals(totals, view.viewer)
    return InfluenceMetric(
        available=True,
        unavailable_reasons=(),
        amount=converted.amount,
        currency=converted.currency,
        opportunity_count=converted.opportunity_count,
        excluded_opportunity_count=converted.excluded_opportunity_count,
        unmapped_stage_count=converted.unmapped_stage_count,
    )


def _union(bitmaps) -> FrozenBitMap:
    bitmaps = list(bitmaps)
    if not bitmaps:
        return FrozenBitMap()
    return FrozenBitMap.union(*bitmaps)
