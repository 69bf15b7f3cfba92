"""A tiny ecosystem, id lookups and table dumps shared by the mutation tests.

This module contains no tests. Acme (CONNECTOR, USD) has one Salesforce source:

| account | website  | facts                              |
| ------- | -------- | ---------------------------------- |
| a1      | k1.com   | OPEN 100 USD, industry Retail      |
| a2      | k2.com   | OPEN 50 EUR (no EUR rate yet)      |
| a3      | k3.com   | WON 999 USD                        |
| a4      | k4.com   | industry Retail                    |
| a5      | k5.com   | type Partner                       |
| a6      | none     | no match key                       |

Every OPEN opportunity is in stage `Prospecting`. Globex (FREE) has a CSV
source with k1, k2, k4 and k9, all prospects, and shares its Prospects with
Acme at OVERLAPS (name, website) through an override. The minimum comparison
size is 2, so Acme's rows are Open Opportunities {k1, k2} and Prospects
{k4, k5}; Customers {k3} is too small. Globex's one column is Prospects
{k1, k2, k4, k9}. Acme sees 3 overlaps (k1, k2, k4), cells of 2 and 1, and an
influence of 100.00 USD from one opportunity, with the EUR one excluded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, select

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

MIN_COMPARISON_SIZE = "2"


@dataclass(frozen=True)
class Tokens:
    admin: str
    member: str
    partner: str


def build_acme_and_globex(session: Session) -> Tokens:
    """Write the ecosystem described above and return its tokens."""
    acme = make_organization(session, "acme", plan="connector")
    globex = make_organization(session, "globex", plan="free")
    tokens = Tokens(
        admin=make_token(session, "acme", "ann@acme.com").token,
        member=make_token(session, "acme", "max@acme.com", "member").token,
        partner=make_token(session, "globex", "gus@globex.com").token,
    )

    crm = add_source(session, acme)
    k1 = add_account(session, crm, "a1", "k1.com", industry="Retail")
    k2 = add_account(session, crm, "a2", "https://www.k2.com/about")
    k3 = add_account(session, crm, "a3", "k3.com")
    add_account(session, crm, "a4", "k4.com", industry="Retail")
    k5 = add_account(session, crm, "a5", "k5.com")
    add_account(session, crm, "a6", None)
    k5.type = "Partner"
    add_opportunity(session, k1, "100")
    add_opportunity(session, k2, "50", currency="EUR")
    add_opportunity(session, k3, "999", outcome="WON", stage="Closed Won")
    finish(session, acme)

    sheet = add_source(session, globex, kind="CSV")
    for number, website in enumerate(["k1.com", "k2.com", "k4.com", "k9.com"]):
        add_account(session, sheet, f"g{number}", website)
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
    return tokens


def partner_id(graphql: GraphQL, token: str) -> str:
    """Return the id of the viewer's only ACTIVE partner."""
    body = graphql("{ partners { edges { node { id } } } }", token)
    [edge] = body["data"]["partners"]["edges"]
    return edge["node"]["id"]


def population_ids(graphql: GraphQL, token: str) -> dict[str, str]:
    """Return the viewer's population ids by name."""
    body = graphql("{ populations { id name } }", token)
    return {item["name"]: item["id"] for item in body["data"]["populations"]}


def data_source_ids(graphql: GraphQL, token: str) -> dict[str, str]:
    """Return the viewer's data source ids by name."""
    body = graphql("{ viewer { dataSources { id name } } }", token)
    return {item["name"]: item["id"] for item in body["data"]["viewer"]["dataSources"]}


def account_ids(graphql: GraphQL, token: str) -> dict[str, str]:
    """Return the ids of the viewer's accounts by external id, from every population."""
    query = "{ populations { accounts(first: 100) { nodes { id externalId } } } }"
    body = graphql(query, token)
    return {
        node["externalId"]: node["id"]
        for population in body["data"]["populations"]
        for node in population["accounts"]["nodes"]
    }


PARTNER_NUMBERS = """{
  partners {
    edges { node {
      totalOverlaps
      potentialInfluence {
        available unavailableReasons amount { amount }
        opportunityCount excludedOpportunityCount unmappedStageCount
      }
    } }
  }
}"""

MATRIX_CELLS = """query($id: ID!) {
  partner(id: $id) { matrix { cells {
    population { name } partnerPopulation { name } overlapCount
  } } }
}"""


def partner_numbers(graphql: GraphQL, token: str) -> dict[str, Any]:
    """Return totalOverlaps and potentialInfluence of the only ACTIVE partner."""
    body = graphql(PARTNER_NUMBERS, token)
    assert "errors" not in body, body
    [edge] = body["data"]["partners"]["edges"]
    return edge["node"]


def matrix_cells(graphql: GraphQL, token: str, partner: str) -> dict[str, int]:
    """Return each cell's overlap count, keyed `row / column`."""
    body = graphql(MATRIX_CELLS, token, id=partner)
    assert "errors" not in body, body
    return {
        f"{cell['population']['name']} / {cell['partnerPopulation']['name']}": cell[
            "overlapCount"
        ]
        for cell in body["data"]["partner"]["matrix"]["cells"]
    }


def influence(
    amount: str, count: int, excluded: int = 0, unmapped: int = 0
) -> dict[str, Any]:
    """Return an available InfluenceMetric as the partners query shows it."""
    return {
        "available": True,
        "unavailableReasons": [],
        "amount": {"amount": amount},
        "opportunityCount": count,
        "excludedOpportunityCount": excluded,
        "unmappedStageCount": unmapped,
    }


def unavailable(*reasons: str) -> dict[str, Any]:
    """Return an unavailable InfluenceMetric with the given reasons."""
    return {
        "available": False,
        "unavailableReasons": list(reasons),
        "amount": None,
        "opportunityCount": None,
        "excludedOpportunityCount": None,
        "unmappedStageCount": None,
    }


def dump_tables(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    """Return every row of every table, as sorted tuples of reprs.

    A token's first request of the minute records its last use, so a test
    uses each token once before it takes the first dump.
    """
    dump: dict[str, list[tuple[str, ...]]] = {}
    with engine.connect() as connection:
        for table in sorted(inspect(engine).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{table}"'))
            dump[table] = sorted(tuple(repr(value) for value in row) for row in rows)
    return dump


def payload_errors(body: dict[str, Any], mutation: str) -> list[dict[str, Any]]:
    """Return a mutation's payload errors, checking there is no top-level error."""
    assert "errors" not in body, body
    return body["data"][mutation]["errors"]
