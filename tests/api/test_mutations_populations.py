"""createPopulation, updatePopulation and deletePopulation over HTTP.

The ecosystem is the one in tests/api/test_mutations_support.py. The custom
population `Retail` (industry = Retail) contains a1 and a4, so its keys are
{k1, k4}, both in Globex's Prospects column.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    build_acme_and_globex,
    influence,
    matrix_cells,
    partner_id,
    partner_numbers,
    payload_errors,
    population_ids,
)

RETAIL = {"field": "industry", "op": "eq", "value": "Retail"}
POPULATION_FIELDS = (
    "id name standardType size accountCount filter defaultLevel defaultFields"
)

CREATE = f"""mutation($input: CreatePopulationInput!) {{
  createPopulation(input: $input) {{
    errors {{ code field message }} population {{ {POPULATION_FIELDS} }}
  }}
}}"""

UPDATE = f"""mutation($input: UpdatePopulationInput!) {{
  updatePopulation(input: $input) {{
    errors {{ code field message }} population {{ {POPULATION_FIELDS} }}
  }}
}}"""

DELETE = """mutation($id: ID!) {
  deletePopulation(id: $id) { errors { code field message } deletedId }
}"""

BEFORE_CELLS = {"Open Opportunities / Prospects": 2, "Prospects / Prospects": 1}


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


def _create(graphql: GraphQL, token: str, **fields: Any) -> dict[str, Any]:
    body = graphql(CREATE, token, input={"name": "Retail", "filter": RETAIL, **fields})
    assert payload_errors(body, "createPopulation") == []
    return body["data"]["createPopulation"]["population"]


def test_create_hidden_population(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)

    created = _create(graphql, tokens.admin)

    assert created["name"] == "Retail"
    assert created["standardType"] is None
    assert created["size"] == 2
    assert created["accountCount"] == 2
    assert created["filter"] == RETAIL
    assert created["defaultLevel"] == "HIDDEN"
    assert created["defaultFields"] == []
    assert matrix_cells(graphql, tokens.admin, partner) == BEFORE_CELLS


def test_create_counts_population_adds_row(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)

    _create(graphql, tokens.admin, defaultLevel="COUNTS")

    assert matrix_cells(graphql, tokens.admin, partner) == {
        **BEFORE_CELLS,
        "Retail / Prospects": 2,
    }
    # k1 and k4 are already in a row, and a1's opportunity counts once.
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": 3,
        "potentialInfluence": influence("100.00", 1, excluded=1),
    }
    assert matrix_cells(graphql, tokens.partner, partner)["Prospects / Retail"] == 2


def test_update_filter_and_name(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    created = _create(graphql, tokens.admin, defaultLevel="COUNTS")
    names = {"field": "name", "op": "in", "value": ["A1", "A2", "A4"]}

    body = graphql(
        UPDATE,
        tokens.admin,
        input={"id": created["id"], "name": "Key", "filter": names},
    )

    assert payload_errors(body, "updatePopulation") == []
    updated = body["data"]["updatePopulation"]["population"]
    assert updated["id"] == created["id"]
    assert updated["size"] == 3
    assert updated["defaultLevel"] == "COUNTS"
    assert matrix_cells(graphql, tokens.admin, partner) == {
        **BEFORE_CELLS,
        "Key / Prospects": 3,
    }


def test_update_level_keeps_filter(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    created = _create(graphql, tokens.admin)
    level = {"defaultLevel": "OVERLAPS", "defaultFields": ["name", "name"]}

    body = graphql(UPDATE, tokens.admin, input={"id": created["id"], **level})

    updated = body["data"]["updatePopulation"]["population"]
    assert updated["filter"] == RETAIL
    assert updated["size"] == 2
    assert updated["defaultLevel"] == "OVERLAPS"
    assert updated["defaultFields"] == ["name"]
    query = """query($id: ID!) { partner(id: $id) {
      sharedWithYou { name sharingLevel sharedFields } } }"""
    seen = graphql(query, tokens.partner, id=partner)["data"]["partner"]
    assert {"name": "Retail", "sharingLevel": "OVERLAPS", "sharedFields": ["name"]} in (
        seen["sharedWithYou"]
    )


def test_update_standard_level(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    prospects = population_ids(graphql, tokens.admin)["Prospects"]

    body = graphql(
        UPDATE, tokens.admin, input={"id": prospects, "defaultLevel": "HIDDEN"}
    )

    assert payload_errors(body, "updatePopulation") == []
    assert body["data"]["updatePopulation"]["population"]["defaultLevel"] == "HIDDEN"
    assert matrix_cells(graphql, tokens.admin, partner) == {
        "Open Opportunities / Prospects": 2
    }
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 2


def test_delete_population_removes_row(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    created = _create(graphql, tokens.admin, defaultLevel="COUNTS")

    body = graphql(DELETE, tokens.admin, id=created["id"])

    assert body["data"]["deletePopulation"] == {
        "errors": [],
        "deletedId": created["id"],
    }
    assert matrix_cells(graphql, tokens.admin, partner) == BEFORE_CELLS
    assert "Retail" not in population_ids(graphql, tokens.admin)
    again = graphql(UPDATE, tokens.admin, input={"id": created["id"], "name": "Back"})
    [error] = payload_errors(again, "updatePopulation")
    assert (error["code"], error["field"]) == ("NOT_FOUND", "id")


def test_deleted_id_is_not_reused(graphql: GraphQL, tokens: Tokens) -> None:
    first = _create(graphql, tokens.admin)
    graphql(DELETE, tokens.admin, id=first["id"])

    second = _create(graphql, tokens.admin)

    assert second["id"] != first["id"]


def test_delete_population_drops_overrides(
    graphql: GraphQL, tokens: Tokens, engine: Engine
) -> None:
    partner = partner_id(graphql, tokens.admin)
    created = _create(graphql, tokens.admin)
    override = """mutation($population: ID!, $partner: ID!) {
      setSharing(populationId: $population, partnerId: $partner, level: COUNTS) {
        errors { code } } }"""
    graphql(override, tokens.admin, population=created["id"], partner=partner)

    graphql(DELETE, tokens.admin, id=created["id"])

    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM sharing_override"))
        # Only Globex's override on its Prospects is left.
        assert count.scalar_one() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "prospects"}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"defaultLevel": "OVERLAPS"}, "defaultFields"),
        ({"defaultLevel": "COUNTS", "defaultFields": ["name"]}, "defaultFields"),
        ({"defaultLevel": "ALL", "defaultFields": ["salary"]}, "defaultFields"),
        ({"filter": {"field": "salary", "op": "eq", "value": 1}}, "filter"),
        ({"filter": {"field": "industry", "op": "like", "value": "R"}}, "filter"),
        ({"filter": "industry is Retail"}, "filter"),
        ({"filter": {"and": []}}, "filter"),
    ],
    ids=[
        "empty-name",
        "blank-name",
        "taken-name",
        "long-name",
        "overlaps-without-fields",
        "counts-with-fields",
        "unknown-field",
        "filter-field",
        "filter-operator",
        "filter-text",
        "filter-empty-and",
    ],
)
def test_create_rejects_bad_input(
    graphql: GraphQL, tokens: Tokens, fields: dict[str, Any], field: str
) -> None:
    body = graphql(
        CREATE, tokens.admin, input={"name": "Retail", "filter": RETAIL, **fields}
    )

    [error] = payload_errors(body, "createPopulation")
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == field
    assert body["data"]["createPopulation"]["population"] is None
    assert len(population_ids(graphql, tokens.admin)) == 3


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "Everyone"}, "name"),
        ({"filter": RETAIL}, "filter"),
        ({"defaultLevel": "OVERLAPS"}, "defaultFields"),
    ],
    ids=["rename", "filter", "overlaps-without-fields"],
)
def test_update_standard_rejects(
    graphql: GraphQL, tokens: Tokens, fields: dict[str, Any], field: str
) -> None:
    prospects = population_ids(graphql, tokens.admin)["Prospects"]

    body = graphql(UPDATE, tokens.admin, input={"id": prospects, **fields})

    [error] = payload_errors(body, "updatePopulation")
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == field
    assert "Prospects" in population_ids(graphql, tokens.admin)


def test_update_rejects_taken_name(graphql: GraphQL, tokens: Tokens) -> None:
    created = _create(graphql, tokens.admin)

    body = graphql(
        UPDATE, tokens.admin, input={"id": created["id"], "name": "CUSTOMERS"}
    )

    [error] = payload_errors(body, "updatePopulation")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "name")


def test_delete_standard_is_rejected(graphql: GraphQL, tokens: Tokens) -> None:
    prospects = population_ids(graphql, tokens.admin)["Prospects"]

    body = graphql(DELETE, tokens.admin, id=prospects)

    [error] = payload_errors(body, "deletePopulation")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "id")
    assert body["data"]["deletePopulation"]["deletedId"] is None


@pytest.mark.parametrize("mutation", ["updatePopulation", "deletePopulation"])
def test_partner_population_reads_as_unknown(
    graphql: GraphQL, tokens: Tokens, mutation: str
) -> None:
    foreign = population_ids(graphql, tokens.partner)["Prospects"]
    query = DELETE if mutation == "deletePopulation" else UPDATE
    variables = (
        {"id": foreign}
        if mutation == "deletePopulation"
        else {"input": {"id": foreign, "name": "Mine"}}
    )
    forged = (
        {"id": "bm90LWFuLWlk"}
        if mutation == "deletePopulation"
        else {"input": {"id": "bm90LWFuLWlk", "name": "Mine"}}
    )

    foreign_body = graphql(query, tokens.admin, **variables)
    forged_body = graphql(query, tokens.admin, **forged)

    assert foreign_body == forged_body
    [error] = payload_errors(foreign_body, mutation)
    assert (error["code"], error["field"]) == ("NOT_FOUND", "id")
    assert population_ids(graphql, tokens.partner)["Prospects"] == foreign
