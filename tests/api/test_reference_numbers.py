"""Numbers served over HTTP equal the brute-force reference on generated ecosystems."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.api.ids import IdType, decode_id_of
from app.demo.generator import generate_ecosystem
from tests.api.conftest import GraphQL
from tests.metrics.reference import expected_partner, read_world

PAGE = """{
  partners(first: 100, filter: {status: [ACTIVE, PENDING, ENDED, DECLINED]}) {
    edges { node {
      id totalOverlaps
      potentialInfluence {
        available unavailableReasons amount { amount currency }
        opportunityCount excludedOpportunityCount unmappedStageCount
      }
    } }
  }
}"""

CELLS = """query($id: ID!) { partner(id: $id) { matrix { cells {
  population { id } partnerPopulation { id } overlapCount
  potentialInfluence {
    available unavailableReasons amount { amount currency }
    opportunityCount excludedOpportunityCount unmappedStageCount
  }
} } } }"""


def served_metric(served: dict) -> tuple:
    amount = served["amount"]
    return (
        served["available"],
        tuple(served["unavailableReasons"]),
        amount["amount"] if amount else None,
        amount["currency"] if amount else None,
        served["opportunityCount"],
        served["excludedOpportunityCount"],
        served["unmappedStageCount"],
    )


@pytest.mark.parametrize("seed", [3, 11])
def test_served_numbers_match_reference(
    graphql: GraphQL, session: Session, engine: Engine, seed: int
) -> None:
    ecosystem = generate_ecosystem(
        session, seed=seed, organizations=4, accounts_per_org=60
    )
    session.commit()
    with engine.connect() as connection:
        world = read_world(connection)

    compared = 0
    for organization in ecosystem.organizations:
        page = graphql(PAGE, organization.admin_token)
        assert "errors" not in page, page
        for edge in page["data"]["partners"]["edges"]:
            node = edge["node"]
            partnership_id = decode_id_of(node["id"], IdType.PARTNER)
            expected = expected_partner(world, organization.id, partnership_id, 5)

            assert node["totalOverlaps"] == expected["total_overlaps"]
            assert served_metric(node["potentialInfluence"]) == expected["influence"]

            matrix = graphql(CELLS, organization.admin_token, id=node["id"])
            assert "errors" not in matrix, matrix
            served_cells = (matrix["data"]["partner"]["matrix"] or {}).get("cells", [])
            cells = {
                (
                    decode_id_of(cell["population"]["id"], IdType.POPULATION),
                    decode_id_of(
                        cell["partnerPopulation"]["id"], IdType.PARTNER_POPULATION
                    ),
                ): (cell["overlapCount"], served_metric(cell["potentialInfluence"]))
                for cell in served_cells
            }
            assert cells == expected["cells"]
            compared += 1

    assert compared >= 4
