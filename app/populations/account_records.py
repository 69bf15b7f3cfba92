"""Typed per-account records for filter evaluation, read with set-based queries.

Only the fields a filter reads are loaded: canonical columns, the `custom`
JSON when a `custom.` field is named, and opportunity aggregates when one is
named. Aggregates count OPEN and unmapped-stage opportunities as open.
`open_amount` is in the corporate currency: each currency is summed exactly,
converted with its exchange rate, and the total rounded once, half to even,
to the corporate currency's minor unit. Opportunities in a currency without a
rate are skipped, and an account without open opportunities has 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.core.enums import Outcome
from app.core.money import from_units, round_to_minor_unit
from app.populations.fields import (
    AGGREGATE_FIELD_TYPES,
    CANONICAL_FIELD_TYPES,
    FieldType,
    custom_column,
)
from app.populations.values import Parser, date_parser, number_parser, parse_text
from app.storage.models import Account, ExchangeRate, Opportunity, Organization


@dataclass
class _OpportunityTotals:
    open_count: int = 0
    open_units_by_currency: dict[str, int] = field(default_factory=dict)
    has_won: bool = False


def load_account_records(
    session: Session,
    organization_id: int,
    fields: Collection[str],
    field_types: Mapping[str, FieldType],
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield each account id of an organization with the typed values of `fields`.

    Null values (blank, placeholder or unparsable for the column's type) are
    None.
    """
    canonical = [name for name in CANONICAL_FIELD_TYPES if name in fields]
    custom = [name for name in fields if name.startswith("custom.")]
    aggregates = [name for name in AGGREGATE_FIELD_TYPES if name in fields]

    columns: list[Any] = [Account.id, *(getattr(Account, name) for name in canonical)]
    if custom:
        columns.append(Account.custom)
    totals = _opportunity_totals(session, organization_id) if aggregates else {}
    to_corporate = (
        _open_amount_converter(session, organization_id) if aggregates else None
    )

    rows = session.execute(
        select(*columns)
        .where(Account.organization_id == organization_id)
        .order_by(Account.id)
    ).all()
    parsers = {name: _custom_parser(name, field_types[name], rows) for name in custom}
    for row in rows:
        record: dict[str, Any] = {}
        for index, name in enumerate(canonical, start=1):
            record[name] = _canonical_value(row[index])
        if custom:
            stored = row[-1] or {}
            for name in custom:
                record[name] = parsers[name](stored.get(custom_column(name)))
        if aggregates:
            account_totals = totals.get(row[0]) or _OpportunityTotals()
            record["open_opportunity_count"] = Decimal(account_totals.open_count)
            record["open_amount"] = to_corporate(account_totals.open_units_by_currency)
            record["has_won"] = account_totals.has_won
        yield row[0], record


def _custom_parser(name: str, field_type: FieldType, rows: list[Any]) -> Parser:
    """Return the parser of one custom column, tuned to the column's values."""
    if field_type not in (FieldType.NUMBER, FieldType.DATE):
        return parse_text
    column = custom_column(name)
    texts = [(row[-1] or {}).get(column) for row in rows]
    if field_type is FieldType.NUMBER:
        return number_parser(texts)
    return date_parser(texts)


def _canonical_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    return parse_text(value)


def _opportunity_totals(
    session: Session, organization_id: int
) -> dict[int, _OpportunityTotals]:
    """Return open counts, open amounts per currency and WON flags per account."""
    corporate = session.get(Organization, organization_id).currency
    rows = session.exec(
        select(
            Opportunity.account_id,
            Opportunity.outcome,
            Opportunity.currency,
            func.count(),
            func.sum(Opportunity.amount_units),
        )
        .where(
            Opportunity.organization_id == organization_id,
            Opportunity.account_id.is_not(None),
        )
        .group_by(Opportunity.account_id, Opportunity.outcome, Opportunity.currency)
    ).all()

    totals: dict[int, _OpportunityTotals] = defaultdict(_OpportunityTotals)
    for account_id, outcome, currency, count, units in rows:
        account_totals = totals[account_id]
        if outcome == Outcome.WON:
            account_totals.has_won = True
        if outcome not in (None, Outcome.OPEN):
            continue
        account_totals.open_count += count
        if units is not None:
            code = (currency or corporate).upper()
            by_currency = account_totals.open_units_by_currency
            by_currency[code] = by_currency.get(code, 0) + int(units)
    return totals


def _open_amount_converter(
    session: Session, organization_id: int
) -> Callable[[Mapping[str, int]], Decimal]:
    """Return a function from units per currency to the rounded corporate amount."""
    corporate = session.get(Organization, organization_id).currency
    rates: dict[str, Decimal] = {
        currency.upper(): rate
        for currency, rate in session.exec(
            select(ExchangeRate.currency, ExchangeRate.rate).where(
                ExchangeRate.organization_id == organization_id
            )
        ).all()
    }
    rates[corporate] = Decimal(1)

    def convert(units_by_currency: Mapping[str, int]) -> Decimal:
        # Enough digits that no product or sum of stored amounts and rates rounds.
        with localcontext(prec=200):
            total = Decimal(0)
            for currency, units in units_by_currency.items():
                rate = rates.get(currency)
                if rate is not None:
                    total += from_units(units) * rate
            return round_to_minor_unit(total, corporate)

    return convert
