"""Custom filters over the typed columns of the real Fortune 1000 file.

Each expected set is computed from the CSV with the csv module and Decimal
alone: a cell that is blank or `-` is null. Company names are compared with
their HTML entities decoded, as the import stores them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from app.operations.populations import create_population
from app.populations.fields import organization_field_types
from app.populations.filters import custom_population_members, validate_filter
from app.storage.models import Account, Membership, Organization, Population
from tests.helpers import make_token

Row = dict[str, str]


def _number(row: Row, column: str) -> Decimal | None:
    text = row[column].strip()
    return None if text in ("", "-") else Decimal(text)


def _greater(column: str, bound: str) -> Callable[[Row], bool]:
    def check(row: Row) -> bool:
        value = _number(row, column)
        return value is not None and value > Decimal(bound)

    return check


CASES: dict[str, tuple[dict, Callable[[Row], bool]]] = {
    "text eq ignores case": (
        {"field": "industry", "op": "eq", "value": "retailing"},
        lambda row: row["sector"] == "Retailing",
    ),
    "number gt skips blanks and dashes": (
        {"field": "custom.Market Cap", "op": "gt", "value": 100000},
        _greater("Market Cap", "100000"),
    ),
    "grouped text operand": (
        {"field": "custom.Market Cap", "op": "gte", "value": "1,000,000"},
        lambda row: (_number(row, "Market Cap") or 0) >= 1_000_000,
    ),
    "is_empty matches blank and dash": (
        {"field": "custom.Market Cap", "op": "is_empty"},
        lambda row: _number(row, "Market Cap") is None,
    ),
    "is_empty false": (
        {"field": "custom.Market Cap", "op": "is_empty", "value": False},
        lambda row: _number(row, "Market Cap") is not None,
    ),
    "negative numbers": (
        {"field": "custom.profit", "op": "lt", "value": 0},
        lambda row: (_number(row, "profit") or 0) < 0,
    ),
    "neq fails on null": (
        {"field": "custom.profit", "op": "neq", "value": 0},
        lambda row: _number(row, "profit") not in (None, Decimal(0)),
    ),
    "float operand is exact": (
        {"field": "custom.revenue", "op": "eq", "value": 10007.4},
        lambda row: Decimal(row["revenue"]) == Decimal("10007.4"),
    ),
    "number in": (
        {"field": "custom.rank_change", "op": "in", "value": [-1, "1", 0]},
        lambda row: int(row["rank_change"]) in (-1, 0, 1),
    ),
    "blank number column cells": (
        {"field": "custom.prev_rank", "op": "is_empty"},
        lambda row: row["prev_rank"].strip() == "",
    ),
    "canonical employees": (
        {"field": "employees", "op": "gte", "value": 300000},
        lambda row: int(row["num. of employees"]) >= 300_000,
    ),
    "text in ignores case": (
        {"field": "custom.state", "op": "in", "value": ["ca", "NY"]},
        lambda row: row["state"] in ("CA", "NY"),
    ),
    "text contains ignores case": (
        {"field": "name", "op": "contains", "value": "BANK"},
        lambda row: "bank" in row["company"].lower(),
    ),
    "text neq": (
        {"field": "custom.city", "op": "neq", "value": "new york"},
        lambda row: row["city"] != "New York",
    ),
    "no is a value": (
        {"field": "custom.newcomer", "op": "eq", "value": "no"},
        lambda row: row["newcomer"] == "no",
    ),
    "empty text column cells": (
        {"field": "custom.Ticker", "op": "is_empty"},
        lambda row: row["Ticker"] == "",
    ),
    "and of three": (
        {
            "and": [
                {"field": "industry", "op": "eq", "value": "Financials"},
                {"field": "custom.state", "op": "eq", "value": "NY"},
                {"field": "custom.rank", "op": "lte", "value": 200},
            ]
        },
        lambda row: (
            row["sector"] == "Financials"
            and row["state"] == "NY"
            and int(row["rank"]) <= 200
        ),
    ),
    "or with not": (
        {
            "or": [
                {"field": "custom.revenue", "op": "gte", "value": 200000},
                {
                    "not": {
                        "or": [
                            {"field": "custom.Market Cap", "op": "is_empty"},
                            {"field": "custom.Market Cap", "op": "gt", "value": 500},
                        ]
                    }
                },
            ]
        },
        lambda row: (
            Decimal(row["revenue"]) >= 200_000
            or (_number(row, "Market Cap") or Decimal(10**9)) <= 500
        ),
    ),
}


def _names(session: Session, account_ids: set[int]) -> set[str]:
    names = session.exec(select(Account.name).where(Account.id.in_(account_ids)))
    return set(names.all())


@pytest.mark.parametrize("case", sorted(CASES))
def test_fortune_filter(
    session: Session,
    fortune_org: Organization,
    fortune_rows: list[Row],
    case: str,
) -> None:
    filter_tree, reference = CASES[case]
    expected = {html.unescape(row["company"]) for row in fortune_rows if reference(row)}
    types = organization_field_types(session, fortune_org.id)
    validate_filter(filter_tree, types)
    population = Population(
        organization_id=fortune_org.id, name=case, filter=filter_tree
    )

    members = custom_population_members(session, population)

    assert _names(session, members) == expected
    assert 0 < len(expected) < len(fortune_rows)


def test_fortune_population_memberships(
    session: Session, fortune_org: Organization, fortune_rows: list[Row]
) -> None:
    admin = make_token(session, "acme", "ann@acme.com").user
    large = _greater("Market Cap", "100000")
    expected = {html.unescape(row["company"]) for row in fortune_rows if large(row)}

    population = create_population(
        session,
        admin,
        name="Large caps",
        filter={"field": "custom.Market Cap", "op": "gt", "value": "100000"},
    )

    member_ids = set(
        session.exec(
            select(Membership.account_id).where(
                Membership.population_id == population.id
            )
        ).all()
    )
    assert _names(session, member_ids) == expected
    assert len(expected) == 66
