"""Filters on date columns and on opportunity aggregates."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.ingest import import_csv_accounts
from app.populations.filters import custom_population_members
from app.storage.models import (
    Account,
    DataSource,
    ExchangeRate,
    Organization,
    Population,
)
from tests.helpers import make_organization
from tests.operations.builders import (
    add_account,
    add_data_source,
    add_opportunity,
)

DATED_ACCOUNTS = """\
id,name,website,founded,renewal
1,Alpha,alpha.com,1998-04-01,25/12/2024
2,Beta,beta.com,2004-11-30,03/01/2025
3,Gamma,gamma.com,,n/a
4,Delta,delta.com,2004-11-30T08:00:00,14/02/2025
5,Epsilon,epsilon.com,n/a,
"""


def _reference_dates() -> list[dict]:
    rows = list(csv.DictReader(DATED_ACCOUNTS.splitlines()))
    for row in rows:
        founded = row["founded"][:10]
        row["founded"] = date.fromisoformat(founded) if founded[:1].isdigit() else None
        renewal = row["renewal"]
        if renewal[:1].isdigit():
            day, month, year = (int(part) for part in renewal.split("/"))
            row["renewal"] = date(year, month, day)
        else:
            row["renewal"] = None
    return rows


DATE_CASES = {
    "before": (
        {"field": "custom.founded", "op": "lt", "value": "2004-11-30"},
        lambda row: row["founded"] is not None and row["founded"] < date(2004, 11, 30),
    ),
    "same day with time": (
        {"field": "custom.founded", "op": "eq", "value": "2004-11-30"},
        lambda row: row["founded"] == date(2004, 11, 30),
    ),
    "day-first column": (
        {"field": "custom.renewal", "op": "gte", "value": "2025-01-03"},
        lambda row: row["renewal"] is not None and row["renewal"] >= date(2025, 1, 3),
    ),
    "date in": (
        {"field": "custom.renewal", "op": "in", "value": ["2025-02-14", "2024-12-25"]},
        lambda row: row["renewal"] in (date(2025, 2, 14), date(2024, 12, 25)),
    ),
    "empty dates": (
        {"field": "custom.founded", "op": "is_empty"},
        lambda row: row["founded"] is None,
    ),
}


@pytest.fixture
def dated_org(session: Session, tmp_path: Path) -> Organization:
    organization = make_organization(session, "acme")
    path = tmp_path / "dated.csv"
    path.write_text(DATED_ACCOUNTS, encoding="utf-8")
    import_csv_accounts(session, organization_id=organization.id, path=path)
    session.commit()
    return organization


def test_dated_columns_are_dates(session: Session, dated_org: Organization) -> None:
    source = session.exec(select(DataSource)).one()

    assert source.custom_field_types == {"founded": "date", "renewal": "date"}


@pytest.mark.parametrize("case", sorted(DATE_CASES))
def test_date_filter(session: Session, dated_org: Organization, case: str) -> None:
    tree, reference = DATE_CASES[case]
    expected = {row["name"] for row in _reference_dates() if reference(row)}
    population = Population(organization_id=dated_org.id, name=case, filter=tree)

    members = custom_population_members(session, population)

    names = session.exec(select(Account.name).where(Account.id.in_(members))).all()
    assert set(names) == expected


@pytest.fixture
def pipeline(session: Session) -> dict[str, int]:
    """Accounts whose open amounts in USD were worked out by hand.

    EUR is worth 1.1 USD and GBP has no rate. a: 100.005 USD + 10 EUR (11 USD)
    + 5 GBP (skipped) = 111.005, rounded half to even to 111.00. b: an
    unmapped stage counts as open, 50 USD. c: only WON and LOST. d: nothing.
    """
    organization = make_organization(session, "acme")
    session.add(
        ExchangeRate(organization_id=organization.id, currency="EUR", rate="1.1")
    )
    source = add_data_source(session, organization)
    accounts = {
        key: add_account(session, source, key, website=f"{key}.com")
        for key in ("a", "b", "c", "d")
    }
    add_opportunity(session, accounts["a"], "a1", amount="100.005")
    add_opportunity(session, accounts["a"], "a2", amount="10", currency="EUR")
    add_opportunity(session, accounts["a"], "a3", amount="5", currency="GBP")
    add_opportunity(session, accounts["a"], "a4", amount=None)
    add_opportunity(
        session, accounts["b"], "b1", amount="50", stage="Odd", outcome=None
    )
    add_opportunity(session, accounts["c"], "c1", amount="900", outcome="WON")
    add_opportunity(session, accounts["c"], "c2", amount="900", outcome="LOST")
    session.commit()
    return {key: account.id for key, account in accounts.items()}


AGGREGATE_CASES = [
    ({"field": "open_amount", "op": "eq", "value": "111.00"}, {"a"}),
    ({"field": "open_amount", "op": "gt", "value": 111}, set()),
    ({"field": "open_amount", "op": "gte", "value": 50}, {"a", "b"}),
    ({"field": "open_amount", "op": "eq", "value": 0}, {"c", "d"}),
    ({"field": "open_opportunity_count", "op": "eq", "value": 4}, {"a"}),
    ({"field": "open_opportunity_count", "op": "gte", "value": 1}, {"a", "b"}),
    ({"field": "has_won", "op": "eq", "value": True}, {"c"}),
    ({"field": "has_won", "op": "neq", "value": True}, {"a", "b", "d"}),
]


@pytest.mark.parametrize(("tree", "expected"), AGGREGATE_CASES)
def test_aggregate_filter(
    session: Session, pipeline: dict[str, int], tree: dict, expected: set[str]
) -> None:
    organization_id = session.get(Account, pipeline["a"]).organization_id
    population = Population(organization_id=organization_id, name="p", filter=tree)

    members = custom_population_members(session, population)

    assert members == {pipeline[key] for key in expected}


def test_outdated_filter_selects_nothing(
    session: Session, dated_org: Organization, caplog: pytest.LogCaptureFixture
) -> None:
    tree = {"field": "custom.removed", "op": "is_empty"}
    population = Population(
        id=42, organization_id=dated_org.id, name="Old", filter=tree
    )

    members = custom_population_members(session, population)

    assert members == set()
    assert "population 42 ('Old')" in caplog.text
    assert "unknown field 'custom.removed'" in caplog.text
