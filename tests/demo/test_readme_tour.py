"""Every query of the README's tour runs against the demo and gives its numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.demo.loader import issue_demo_tokens, load_demo
from tests.api.conftest import GraphQL

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_queries() -> dict[str, str]:
    blocks = re.findall(
        r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S
    )
    return {re.search(r"query (\w+)", block).group(1): block for block in blocks}


@pytest.fixture
def tokens(engine: Engine, data_dir: Path) -> dict[str, str]:
    load_demo(engine, data_dir)
    with Session(engine) as session:
        issued = issue_demo_tokens(session)
        session.commit()
    return {summary.slug: token for summary, token in issued}


def test_readme_has_the_tour_queries() -> None:
    assert list(_readme_queries()) == [
        "PartnersPage",
        "PartnerMatrix",
        "CellDrillDown",
        "InvitationsAndReasons",
    ]


def test_readme_tour_numbers(graphql: GraphQL, tokens: dict[str, str]) -> None:
    queries = _readme_queries()
    devorg = tokens["devorg"]

    page = graphql(queries["PartnersPage"], devorg)
    partners = [edge["node"] for edge in page["data"]["partners"]["edges"]]
    fortune = partners[0]
    matrix = graphql(queries["PartnerMatrix"], devorg, partnerId=fortune["id"])
    found = matrix["data"]["partner"]["matrix"]
    row = next(item for item in found["rows"] if item["name"] == "Customers")
    column = next(item for item in found["columns"] if item["name"] == "Prospects")
    drill = graphql(
        queries["CellDrillDown"],
        devorg,
        partnerId=fortune["id"],
        populationId=row["id"],
        partnerPopulationId=column["id"],
    )
    cell = drill["data"]["partner"]["matrix"]["cell"]

    assert "errors" not in page
    assert fortune["name"] == "Fortune 1000 list of 2021"
    assert fortune["totalOverlaps"] == 24
    assert fortune["potentialInfluence"]["amount"] == {
        "amount": "679538.00",
        "currency": "USD",
    }
    assert fortune["potentialInfluence"]["opportunityCount"] == 31
    wikipedia = next(item for item in partners if item["name"].startswith("Wikipedia"))
    assert wikipedia["potentialInfluence"]["unavailableReasons"] == [
        "PARTNER_NOT_SHARING"
    ]
    assert "errors" not in matrix
    counts_only = [
        item
        for item in found["cells"]
        if item["partnerPopulation"]["name"] == "Fortune 100"
    ]
    assert counts_only
    assert {
        tuple(item["potentialInfluence"]["unavailableReasons"]) for item in counts_only
    } == {("PARTNER_SHARES_COUNTS_ONLY",)}
    assert "errors" not in drill
    assert cell["overlapCount"] == 24
    assert cell["overlaps"]["totalCount"] == 24
    assert len(cell["overlaps"]["edges"]) == 3
    keys = [edge["node"]["matchKey"] for edge in cell["overlaps"]["edges"]]
    assert keys == sorted(keys)
    amounts = [
        float(edge["node"]["amount"]["amount"])
        for edge in cell["opportunities"]["edges"]
    ]
    assert amounts == sorted(amounts, reverse=True)


def test_readme_reasons_table(graphql: GraphQL, tokens: dict[str, str]) -> None:
    query = _readme_queries()["InvitationsAndReasons"]

    seen = {}
    for slug, token in tokens.items():
        body = graphql(query, token)
        assert "errors" not in body
        for edge in body["data"]["partners"]["edges"]:
            node = edge["node"]
            for reason in node["potentialInfluence"]["unavailableReasons"]:
                seen.setdefault(reason, set()).add(
                    (slug, node["name"] or node["domain"])
                )

    assert ("devorg", "pending-partner-demo.com") in seen["PARTNERSHIP_NOT_ACTIVE"]
    assert ("fortune1000", "Salesforce developer org export") in seen[
        "NO_CRM_OPPORTUNITY_DATA"
    ]
    assert ("generated-crm", "Wikipedia companies (CC BY 3.0)") in seen[
        "NOT_SHARING_WITH_PARTNER"
    ]
    assert ("devorg", "Wikipedia companies (CC BY 3.0)") in seen["PARTNER_NOT_SHARING"]
