"""setStageMapping, setCustomerTypes and deleteDataSource over HTTP.

The ecosystem is the one in tests/api/test_mutations_support.py. Acme's
Salesforce source is named SALESFORCE and Globex's file source CSV.
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
    data_source_ids,
    dump_tables,
    influence,
    matrix_cells,
    partner_id,
    partner_numbers,
    payload_errors,
    unavailable,
)

SOURCE_FIELDS = "name stageMapping { stage outcome } unmappedStages customerTypes"

STAGE = f"""mutation($source: ID!, $stage: String!, $outcome: OpportunityOutcome) {{
  setStageMapping(dataSourceId: $source, stage: $stage, outcome: $outcome) {{
    errors {{ code field message }} dataSource {{ {SOURCE_FIELDS} }}
  }}
}}"""

TYPES = f"""mutation($source: ID!, $types: [String!]!) {{
  setCustomerTypes(dataSourceId: $source, types: $types) {{
    errors {{ code field message }} dataSource {{ {SOURCE_FIELDS} }}
  }}
}}"""

DELETE = """mutation($source: ID!) {
  deleteDataSource(dataSourceId: $source) { errors { code field message } deletedId }
}"""

UNKNOWN_ID = "bm90LWFuLWlk"


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


def _crm(graphql: GraphQL, tokens: Tokens) -> str:
    return data_source_ids(graphql, tokens.admin)["SALESFORCE"]


def _source(body: dict[str, Any], mutation: str) -> dict[str, Any]:
    assert payload_errors(body, mutation) == []
    return body["data"][mutation]["dataSource"]


def test_stage_won_turns_deals_into_customers(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)

    body = graphql(
        STAGE,
        tokens.admin,
        source=_crm(graphql, tokens),
        stage="Prospecting",
        outcome="WON",
    )

    assert {"stage": "Prospecting", "outcome": "WON"} in _source(
        body, "setStageMapping"
    )["stageMapping"]
    # Customers is now {k1, k2, k3}; Open Opportunities is empty.
    assert matrix_cells(graphql, tokens.admin, partner) == {
        "Customers / Prospects": 2,
        "Prospects / Prospects": 1,
    }
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": 3,
        "potentialInfluence": influence("0.00", 0),
    }


def test_stage_lost_leaves_prospects(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)

    graphql(
        STAGE,
        tokens.admin,
        source=_crm(graphql, tokens),
        stage="Prospecting",
        outcome="LOST",
    )

    # Prospects is now {k1, k2, k4, k5}; Customers {k3} stays too small.
    assert matrix_cells(graphql, tokens.admin, partner) == {"Prospects / Prospects": 3}
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 3


def test_unmapped_stage_still_counts_open(graphql: GraphQL, tokens: Tokens) -> None:
    source = _crm(graphql, tokens)

    body = graphql(
        STAGE, tokens.admin, source=source, stage="Prospecting", outcome=None
    )

    assert _source(body, "setStageMapping")["unmappedStages"] == ["Prospecting"]
    # Both covered deals are in the unmapped stage, and the EUR one has no rate.
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": 3,
        "potentialInfluence": influence("100.00", 1, excluded=1, unmapped=2),
    }


def test_mapping_again_clears_unmapped(graphql: GraphQL, tokens: Tokens) -> None:
    source = _crm(graphql, tokens)
    graphql(STAGE, tokens.admin, source=source, stage="Prospecting", outcome=None)

    body = graphql(
        STAGE, tokens.admin, source=source, stage="Prospecting", outcome="OPEN"
    )

    assert _source(body, "setStageMapping")["unmappedStages"] == []
    assert partner_numbers(graphql, tokens.admin)["potentialInfluence"] == influence(
        "100.00", 1, excluded=1
    )


@pytest.mark.parametrize("stage", ["", "   ", "x" * 256])
def test_stage_mapping_rejects_stage(
    graphql: GraphQL, tokens: Tokens, engine: Engine, stage: str
) -> None:
    source = _crm(graphql, tokens)
    before = dump_tables(engine)

    body = graphql(STAGE, tokens.admin, source=source, stage=stage, outcome="WON")

    [error] = payload_errors(body, "setStageMapping")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "stage")
    assert body["data"]["setStageMapping"]["dataSource"] is None
    assert dump_tables(engine) == before


def test_stage_mapping_rejects_file_source(graphql: GraphQL, tokens: Tokens) -> None:
    sheet = data_source_ids(graphql, tokens.partner)["CSV"]

    body = graphql(STAGE, tokens.partner, source=sheet, stage="Open", outcome="OPEN")

    [error] = payload_errors(body, "setStageMapping")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "dataSourceId")
    assert "CSV" in error["message"]


def test_customer_types_reclassify(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    types = ["partner", " Customer ", "PARTNER"]

    body = graphql(TYPES, tokens.admin, source=_crm(graphql, tokens), types=types)

    assert _source(body, "setCustomerTypes")["customerTypes"] == ["partner", "Customer"]
    # Customers is now {k3, k5}; Prospects {k4} is too small.
    assert matrix_cells(graphql, tokens.admin, partner) == {
        "Customers / Prospects": 0,
        "Open Opportunities / Prospects": 2,
    }
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": 2,
        "potentialInfluence": influence("100.00", 1, excluded=1),
    }


@pytest.mark.parametrize(
    "types",
    [[""], ["  "], ["x" * 256], [f"type {number}" for number in range(51)]],
    ids=["empty", "blank", "too-long", "too-many"],
)
def test_customer_types_rejects(
    graphql: GraphQL, tokens: Tokens, engine: Engine, types: list[str]
) -> None:
    source = _crm(graphql, tokens)
    before = dump_tables(engine)

    body = graphql(TYPES, tokens.admin, source=source, types=types)

    [error] = payload_errors(body, "setCustomerTypes")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "types")
    assert dump_tables(engine) == before


def test_delete_source_empties_organization(
    graphql: GraphQL, tokens: Tokens, engine: Engine
) -> None:
    source = _crm(graphql, tokens)

    body = graphql(DELETE, tokens.admin, source=source)

    assert body["data"]["deleteDataSource"] == {"errors": [], "deletedId": source}
    assert data_source_ids(graphql, tokens.admin) == {}
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": None,
        "potentialInfluence": unavailable(
            "NO_CRM_OPPORTUNITY_DATA", "NOT_SHARING_WITH_PARTNER"
        ),
    }
    with engine.connect() as connection:
        accounts = connection.execute(text("SELECT COUNT(*) FROM account")).scalar_one()
        deals = connection.execute(
            text("SELECT COUNT(*) FROM opportunity")
        ).scalar_one()
    assert (accounts, deals) == (4, 0)


@pytest.mark.parametrize(
    "mutation", ["setStageMapping", "setCustomerTypes", "deleteDataSource"]
)
def test_partner_source_reads_as_unknown(
    graphql: GraphQL, tokens: Tokens, engine: Engine, mutation: str
) -> None:
    foreign = data_source_ids(graphql, tokens.partner)["CSV"]
    query = {
        "setStageMapping": STAGE,
        "setCustomerTypes": TYPES,
        "deleteDataSource": DELETE,
    }
    variables = {"stage": "Open", "outcome": "OPEN", "types": ["Customer"]}
    _crm(graphql, tokens)  # records the admin token's use before the dump
    before = dump_tables(engine)

    foreign_body = graphql(query[mutation], tokens.admin, source=foreign, **variables)
    forged_body = graphql(query[mutation], tokens.admin, source=UNKNOWN_ID, **variables)

    assert foreign_body == forged_body
    [error] = payload_errors(foreign_body, mutation)
    assert (error["code"], error["field"]) == ("NOT_FOUND", "dataSourceId")
    assert dump_tables(engine) == before
