"""The partners page, a matrix and its drill-downs over HTTP, worked out by hand.

Acme (CONNECTOR, USD) has five companies: k1 (open 100 USD), k2 (open 50 EUR
at 2 USD), k3 (won), k4 and k5. Globex (FREE) lists k1, k2, k4 and k9 as
prospects and shares them at OVERLAPS with name and website. With a minimum
comparison size of 2, Acme's rows are Open Opportunities {k1, k2} and
Prospects {k4, k5}; Customers {k3} is too small. The column is Globex's
Prospects {k1, k2, k4, k9}.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.core.settings import get_settings
from app.operations.exchange_rates import set_exchange_rate
from app.operations.partnerships import accept_partnership, invite_partner
from app.operations.sharing import set_sharing
from app.storage.models import Population
from tests.api.builders import (
    add_account,
    add_opportunity,
    add_source,
    admin_of,
    finish,
)
from tests.api.conftest import GraphQL
from tests.helpers import make_organization, make_token


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", "2")
    get_settings.cache_clear()
    acme = make_organization(session, "acme", plan="connector")
    globex = make_organization(session, "globex", plan="free")
    acme_token = make_token(session, "acme", "ann@acme.com").token
    globex_token = make_token(session, "globex", "gus@globex.com").token

    crm = add_source(session, acme)
    k1 = add_account(session, crm, "a1", "k1.com")
    k2 = add_account(session, crm, "a2", "https://www.k2.com/about")
    k3 = add_account(session, crm, "a3", "k3.com")
    add_account(session, crm, "a4", "k4.com")
    add_account(session, crm, "a5", "k5.com")
    add_opportunity(session, k1, "100")
    add_opportunity(session, k2, "50", currency="EUR")
    add_opportunity(session, k3, "999", outcome="WON", stage="Closed Won")
    finish(session, acme)
    set_exchange_rate(session, admin_of(session, acme), "EUR", "2")
    session.commit()

    sheet = add_source(session, globex, kind="CSV")
    for number, website in enumerate(["k1.com", "k2.com", "k4.com", "k9.com"]):
        add_account(
            session,
            sheet,
            f"g{number}",
            website,
            name=f"Globex view of {website}",
            industry="SECRET-INDUSTRY",
        )
    finish(session, globex)

    partnership = invite_partner(session, admin_of(session, acme), "globex.com")
    session.commit()
    accept_partnership(session, admin_of(session, globex), partnership.id)
    session.commit()
    prospects = session.exec(
        select(Population).where(
            Population.organization_id == globex.id,
            Population.standard_type == "PROSPECTS",
        )
    ).one()
    set_sharing(
        session,
        admin_of(session, globex),
        population_id=prospects.id,
        partnership_id=partnership.id,
        level="OVERLAPS",
        fields=["name", "website"],
    )
    session.commit()
    return {"acme": acme_token, "globex": globex_token}


PARTNERS = """{
  partners {
    totalCount
    edges { node {
      name domain status populationCount totalOverlaps
      potentialInfluence {
        available unavailableReasons amount { amount currency }
        opportunityCount excludedOpportunityCount unmappedStageCount
      }
    } }
  }
}"""


def test_partners_page_numbers(graphql: GraphQL, tokens: dict[str, str]) -> None:
    body = graphql(PARTNERS, tokens["acme"])

    assert "errors" not in body
    assert body["data"]["partners"]["totalCount"] == 1
    assert body["data"]["partners"]["edges"][0]["node"] == {
        "name": "Globex",
        "domain": "globex.com",
        "status": "ACTIVE",
        "populationCount": 1,
        "totalOverlaps": 3,
        "potentialInfluence": {
            "available": True,
            "unavailableReasons": [],
            "amount": {"amount": "200.00", "currency": "USD"},
            "opportunityCount": 2,
            "excludedOpportunityCount": 0,
            "unmappedStageCount": 0,
        },
    }


def test_partner_side_influence_reasons(
    graphql: GraphQL, tokens: dict[str, str]
) -> None:
    body = graphql(PARTNERS, tokens["globex"])

    node = body["data"]["partners"]["edges"][0]["node"]
    assert node["totalOverlaps"] == 3
    assert node["potentialInfluence"] == {
        "available": False,
        "unavailableReasons": ["NO_CRM_OPPORTUNITY_DATA", "PARTNER_NOT_SHARING"],
        "amount": None,
        "opportunityCount": None,
        "excludedOpportunityCount": None,
        "unmappedStageCount": None,
    }


MATRIX = """query($id: ID!) {
  partner(id: $id) {
    excludedPopulations { side name reason }
    matrix {
      rows { name size }
      columns { name size sharingLevel sharedFields }
      cells {
        population { name } partnerPopulation { name } partnerSharingLevel
        overlapCount potentialInfluence { available amount { amount } opportunityCount }
      }
    }
  }
}"""


def _partner_id(graphql: GraphQL, token: str) -> str:
    body = graphql("{ partners { edges { node { id } } } }", token)
    return body["data"]["partners"]["edges"][0]["node"]["id"]


def _cell_ids(graphql: GraphQL, token: str, partner_id: str) -> list[dict[str, str]]:
    """Return the ids of every cell, row by row."""
    query = """query($id: ID!) { partner(id: $id) { matrix {
      cells { population { id } partnerPopulation { id } }
    } } }"""
    cells = graphql(query, token, id=partner_id)["data"]["partner"]["matrix"]["cells"]
    return [
        {"row": cell["population"]["id"], "column": cell["partnerPopulation"]["id"]}
        for cell in cells
    ]


def test_matrix_cells_by_hand(graphql: GraphQL, tokens: dict[str, str]) -> None:
    partner_id = _partner_id(graphql, tokens["acme"])

    body = graphql(MATRIX, tokens["acme"], id=partner_id)

    assert "errors" not in body, body
    partner = body["data"]["partner"]
    assert partner["matrix"]["rows"] == [
        {"name": "Open Opportunities", "size": 2},
        {"name": "Prospects", "size": 2},
    ]
    assert partner["matrix"]["columns"] == [
        {
            "name": "Prospects",
            "size": 4,
            "sharingLevel": "OVERLAPS",
            "sharedFields": ["name", "website"],
        }
    ]
    assert [cell["overlapCount"] for cell in partner["matrix"]["cells"]] == [2, 1]
    assert [
        cell["potentialInfluence"]["amount"]["amount"]
        for cell in partner["matrix"]["cells"]
    ] == ["200.00", "0.00"]
    assert {
        "side": "VIEWER",
        "name": "Customers",
        "reason": "POPULATION_TOO_SMALL",
    } in (partner["excludedPopulations"])


OVERLAPS = """query($id: ID!, $row: ID!, $column: ID!) {
  partner(id: $id) {
    matrix { cell(populationId: $row, partnerPopulationId: $column) {
      overlaps(first: 1) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node {
          matchKey account { externalId }
          partnerAccount { name website industry matchKey fields { field value } }
          opportunities { amount { amount currency } }
        } }
      }
    } }
  }
}"""


def test_overlaps_show_shared_fields_only(
    graphql: GraphQL, tokens: dict[str, str]
) -> None:
    partner_id = _partner_id(graphql, tokens["acme"])

    cell = _cell_ids(graphql, tokens["acme"], partner_id)[0]

    body = graphql(OVERLAPS, tokens["acme"], id=partner_id, **cell)

    assert "errors" not in body, body
    first_cell = body["data"]["partner"]["matrix"]["cell"]["overlaps"]
    assert first_cell["totalCount"] == 2
    assert first_cell["pageInfo"]["hasNextPage"] is True
    assert first_cell["edges"][0]["node"] == {
        "matchKey": "k1.com",
        "account": {"externalId": "a1"},
        "partnerAccount": {
            "name": "Globex view of k1.com",
            "website": "k1.com",
            "industry": None,
            "matchKey": "k1.com",
            "fields": [
                {"field": "name", "value": "Globex view of k1.com"},
                {"field": "website", "value": "k1.com"},
            ],
        },
        "opportunities": [{"amount": {"amount": "100.00", "currency": "USD"}}],
    }
    assert "SECRET-INDUSTRY" not in str(body)


def test_counts_column_denies_overlaps(
    graphql: GraphQL, tokens: dict[str, str]
) -> None:
    partner_id = _partner_id(graphql, tokens["globex"])
    cell = _cell_ids(graphql, tokens["globex"], partner_id)[0]
    query = """query($id: ID!, $row: ID!, $column: ID!) {
      partner(id: $id) { matrix { cell(populationId: $row, partnerPopulationId: $column) {
        overlapCount overlaps { totalCount }
      } } }
    }"""

    body = graphql(query, tokens["globex"], id=partner_id, **cell)

    found = body["data"]["partner"]["matrix"]["cell"]
    assert found == {"overlapCount": 2, "overlaps": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "SHARING_LEVEL_INSUFFICIENT"
    assert error["extensions"]["requiredLevel"] == "OVERLAPS"
    assert error["extensions"]["actualLevel"] == "COUNTS"
    assert error["path"] == ["partner", "matrix", "cell", "overlaps"]


def test_cell_opportunities_need_paid_plan(
    graphql: GraphQL, tokens: dict[str, str]
) -> None:
    partner_id = _partner_id(graphql, tokens["acme"])
    cell = _cell_ids(graphql, tokens["acme"], partner_id)[0]
    query = """query($id: ID!, $row: ID!, $column: ID!) {
      partner(id: $id) { matrix { cell(populationId: $row, partnerPopulationId: $column) {
        opportunities(orderBy: {field: AMOUNT, direction: DESC}) {
          edges { node { amount { amount currency } } }
        }
      } } }
    }"""

    body = graphql(query, tokens["acme"], id=partner_id, **cell)

    assert "errors" not in body, body
    edges = body["data"]["partner"]["matrix"]["cell"]["opportunities"]["edges"]
    # 50 EUR at 2 USD ties with 100 USD; the tie goes to the older opportunity.
    assert [edge["node"]["amount"] for edge in edges] == [
        {"amount": "100.00", "currency": "USD"},
        {"amount": "50.00", "currency": "EUR"},
    ]


def test_overlap_opportunities_need_paid_plan(
    graphql: GraphQL, tokens: dict[str, str], session: Session
) -> None:
    from app.operations.organizations import set_plan

    partner_id = _partner_id(graphql, tokens["acme"])
    cell = _cell_ids(graphql, tokens["acme"], partner_id)[0]
    set_plan(session, slug="acme", plan="free")
    session.commit()
    query = """query($id: ID!, $row: ID!, $column: ID!) {
      partner(id: $id) { matrix { cell(populationId: $row, partnerPopulationId: $column) {
        overlaps(first: 1) { edges { node { matchKey opportunities { name } } } }
      } } }
    }"""

    body = graphql(query, tokens["acme"], id=partner_id, **cell)

    edge = body["data"]["partner"]["matrix"]["cell"]["overlaps"]["edges"][0]
    assert edge["node"] == {"matchKey": "k1.com", "opportunities": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "PLAN_REQUIRED"
    assert error["path"][-1] == "opportunities"
