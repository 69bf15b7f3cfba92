"""Exact sums of open opportunity amounts, converted to the corporate currency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Context, Decimal, Inexact, localcontext

from app.core.money import round_to_minor_unit
from app.graph import AccountIndex, OrganizationData

# Enough digits that sums and products of stored amounts and rates stay
# exact; Inexact is trapped so a loss of precision raises instead of rounding.
_EXACT = Context(prec=1000, traps=[Inexact])
_WIDE = Context(prec=1000)


@dataclass(slots=True)
class OpenTotals:
    """Open amounts of a set of accounts, summed exactly per currency."""

    units: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unmapped_stage_count: int = 0


@dataclass(frozen=True, slots=True)
class ConvertedTotal:
    """Open totals in the corporate currency, rounded once at the end."""

    amount: str
    currency: str
    opportunity_count: int
    excluded_opportunity_count: int
    unmapped_stage_count: int


def sum_open_amounts(accounts: AccountIndex, positions: Iterable[int]) -> OpenTotals:
    """Sum the OPEN and unmapped-stage amounts of the accounts at `positions`.

    Each position must appear once, so each opportunity counts once.
    """
    totals = OpenTotals()
    open_amounts = accounts.open_amounts
    unmapped_counts = accounts.unmapped_counts
    for position in positions:
        for entry in open_amounts.get(position, ()):
            totals.units[entry.currency] += entry.units
            totals.counts[entry.currency] += entry.count
        totals.unmapped_stage_count += unmapped_counts.get(position, 0)
    return totals


def convert_totals(
    totals: OpenTotals, organization: OrganizationData
) -> ConvertedTotal:
    """Convert per-currency sums to the organization's corporate currency.

    Each currency's exact sum is multiplied by its exact rate. The products
    are added exactly and rounded once, half to even, to the corporate
    currency's minor unit. Opportunities in a currency without a rate are
    left out and counted as excluded.

    >>> from types import SimpleNamespace
    >>> usd = SimpleNamespace(
    ...     currency="USD", rate={"USD": Decimal(1), "EUR": Decimal("1.25")}.get
    ... )
    >>> totals = OpenTotals()
    >>> totals.units.update({"USD": 1_000_050, "EUR": 40, "GBP": 70_000})
    >>> totals.counts.update({"USD": 2, "EUR": 1, "GBP": 1})
    >>> result = convert_totals(totals, usd)
    >>> result.amount, result.opportunity_count, result.excluded_opportunity_count
    ('100.01', 3, 1)

    Here 100.005 USD + 0.004 EUR x 1.25 = 100.010 USD, so 100.01; rounding
    each currency first would give 100.00 + 0.00 = 100.00.
    """
    total = Decimal(0)
    opportunity_count = 0
    excluded_count = 0
    with localcontext(_EXACT):
        for currency, units in totals.units.items():
            rate = organization.rate(currency)
            if rate is None:
                excluded_count += totals.counts[currency]
                continue
            total += Decimal(units) * rate
            opportunity_count += totals.counts[currency]
        total = total.scaleb(-4)
    with localcontext(_WIDE):
        rounded = round_to_minor_unit(total, organization.currency)
    if rounded.is_zero():
        rounded = abs(rounded)  # a tiny negative total reads "0.00", not "-0.00"
    return ConvertedTotal(
        amount=f"{rounded:f}",
        currency=organization.currency,
        opportunity_count=opportunity_count,
        excluded_opportunity_count=excluded_count,
        unmapped_stage_count=totals.unmapped_stage_count,
    )
