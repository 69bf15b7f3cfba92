"""setSharing over HTTP: defaults, overrides and removing an override.

The ecosystem is the one in tests/api/test_mutations_support.py: Acme's rows
Open Opportunities {k1, k2} and Prospects {k4, k5}, Globex's column Prospects
{k1, k2, k4, k9}, shared with Acme at OVERLAPS through an override.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    build_acme_and_globex,
    dump_tables,
    influence,
    matrix_cells,
    partner_id,
    partner_numbers,
    payload_errors,
    population_ids,
    unavailable,
)

SET_SHARING = """mutation(
  $population: ID!, $level: SharingLevel, $partner: ID, $fields: [String!]
) {
  setSharing(
    populationId: $population, level: $level, partnerId: $partner, fields: $fields
  ) {
    errors { code field message }
    population { name defaultLevel defaultFields }
    level fields fromOverride
  }
}"""

YOUR_SHARING = """query($id: ID!) { partner(id: $id) {
  yourSharing { population { name } level fields fromOverride }
} }"""

UNKNOWN_ID = "bm90LWFuLWlk"


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


def _set(graphql: GraphQL, token: str, **variables: Any) -> dict[str, Any]:
    body = graphql(SET_SHARING, token, **variables)
    assert payload_errors(body, "setSharing") == []
    return body["data"]["setSharing"]


def _your_sharing(graphql: GraphQL, token: str, partner: str) -> dict[str, Any]:
    body = graphql(YOUR_SHARING, token, id=partner)
    return {
        item["population"]["name"]: {
            "level": item["level"],
            "fields": item["fields"],
            "fromOverride": item["fromOverride"],
        }
        for item in body["data"]["partner"]["yourSharing"]
    }


def test_default_hidden_removes_row(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    prospects = population_ids(graphql, tokens.admin)["Prospects"]

    payload = _set(graphql, tokens.admin, population=prospects, level="HIDDEN")

    assert payload == {
        "errors": [],
        "population": {
            "name": "Prospects",
            "defaultLevel": "HIDDEN",
            "defaultFields": [],
        },
        "level": "HIDDEN",
        "fields": [],
        "fromOverride": False,
    }
    assert matrix_cells(graphql, tokens.admin, partner) == {
        "Open Opportunities / Prospects": 2
    }
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": 2,
        "potentialInfluence": influence("100.00", 1, excluded=1),
    }
    assert matrix_cells(graphql, tokens.partner, partner) == {
        "Prospects / Open Opportunities": 2
    }


def test_override_beats_default(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    prospects = population_ids(graphql, tokens.admin)["Prospects"]
    _set(graphql, tokens.admin, population=prospects, level="HIDDEN")

    payload = _set(
        graphql, tokens.admin, population=prospects, partner=partner, level="COUNTS"
    )

    assert payload["level"] == "COUNTS"
    assert payload["fromOverride"] is True
    assert payload["population"]["defaultLevel"] == "HIDDEN"
    assert _your_sharing(graphql, tokens.admin, partner)["Prospects"] == {
        "level": "COUNTS",
        "fields": [],
        "fromOverride": True,
    }
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 3


def test_override_overlaps_lifts_partner_reason(
    graphql: GraphQL, tokens: Tokens
) -> None:
    partner = partner_id(graphql, tokens.admin)
    prospects = population_ids(graphql, tokens.admin)["Prospects"]
    fields = ["website", "name", "website"]

    payload = _set(
        graphql,
        tokens.admin,
        population=prospects,
        partner=partner,
        level="OVERLAPS",
        fields=fields,
    )

    assert payload["fields"] == ["website", "name"]
    # Globex syncs no opportunities, so only its own data is missing now.
    assert partner_numbers(graphql, tokens.partner) == {
        "totalOverlaps": 3,
        "potentialInfluence": unavailable("NO_CRM_OPPORTUNITY_DATA"),
    }


def test_remove_override_restores_default(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.partner)
    prospects = population_ids(graphql, tokens.partner)["Prospects"]

    payload = _set(graphql, tokens.partner, population=prospects, partner=partner)

    assert payload["level"] == "COUNTS"
    assert payload["fields"] == []
    assert payload["fromOverride"] is False
    assert _your_sharing(graphql, tokens.partner, partner)["Prospects"] == {
        "level": "COUNTS",
        "fields": [],
        "fromOverride": False,
    }
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": 3,
        "potentialInfluence": unavailable("PARTNER_NOT_SHARING"),
    }


def test_remove_missing_override_is_harmless(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    customers = population_ids(graphql, tokens.admin)["Customers"]

    payload = _set(graphql, tokens.admin, population=customers, partner=partner)

    assert (payload["level"], payload["fromOverride"]) == ("COUNTS", False)
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 3


def test_partner_override_to_counts_denies_overlaps(
    graphql: GraphQL, tokens: Tokens
) -> None:
    partner = partner_id(graphql, tokens.partner)
    prospects = population_ids(graphql, tokens.partner)["Prospects"]
    _set(graphql, tokens.partner, population=prospects, partner=partner, level="COUNTS")
    query = """query($id: ID!) { partner(id: $id) { matrix { cells {
      overlapCount partnerSharingLevel overlaps(first: 1) { totalCount } } } } }"""

    body = graphql(query, tokens.admin, id=partner)

    cells = body["data"]["partner"]["matrix"]["cells"]
    assert [cell["overlapCount"] for cell in cells] == [2, 1]
    assert [cell["partnerSharingLevel"] for cell in cells] == ["COUNTS", "COUNTS"]
    assert [cell["overlaps"] for cell in cells] == [None, None]
    codes = [error["extensions"]["code"] for error in body["errors"]]
    assert codes == ["SHARING_LEVEL_INSUFFICIENT"] * 2


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"level": None}, "level"),
        ({"level": "OVERLAPS"}, "fields"),
        ({"level": "ALL", "fields": []}, "fields"),
        ({"level": "COUNTS", "fields": ["name"]}, "fields"),
        ({"level": "HIDDEN", "fields": ["website"]}, "fields"),
        ({"level": "OVERLAPS", "fields": ["custom.secret"]}, "fields"),
        ({"level": "OVERLAPS", "fields": ["Name"]}, "fields"),
    ],
    ids=[
        "default-null",
        "overlaps-no-fields",
        "all-empty-fields",
        "counts-fields",
        "hidden-fields",
        "unknown-custom",
        "wrong-case",
    ],
)
def test_set_sharing_rejects(
    graphql: GraphQL,
    tokens: Tokens,
    engine: Engine,
    variables: dict[str, Any],
    field: str,
) -> None:
    prospects = population_ids(graphql, tokens.admin)["Prospects"]
    before = dump_tables(engine)

    body = graphql(SET_SHARING, tokens.admin, population=prospects, **variables)

    [error] = payload_errors(body, "setSharing")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", field)
    assert body["data"]["setSharing"]["level"] is None
    assert dump_tables(engine) == before


def test_override_on_ended_partnership_rejected(
    graphql: GraphQL, tokens: Tokens
) -> None:
    partner = partner_id(graphql, tokens.admin)
    prospects = population_ids(graphql, tokens.admin)["Prospects"]
    end = "mutation($id: ID!) { endPartnership(partnerId: $id) { errors { code } } }"
    graphql(end, tokens.partner, id=partner)

    body = graphql(
        SET_SHARING, tokens.admin, population=prospects, partner=partner, level="ALL"
    )

    [error] = payload_errors(body, "setSharing")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "partnerId")


@pytest.mark.parametrize("argument", ["population", "partner"])
def test_unknown_ids_are_not_found(
    graphql: GraphQL, tokens: Tokens, argument: str
) -> None:
    ids = {
        "population": population_ids(graphql, tokens.admin)["Prospects"],
        "partner": partner_id(graphql, tokens.admin),
        argument: UNKNOWN_ID,
    }

    body = graphql(SET_SHARING, tokens.admin, level="COUNTS", **ids)

    [error] = payload_errors(body, "setSharing")
    assert error["code"] == "NOT_FOUND"
    assert error["field"] == f"{argument}Id"


def test_partner_population_reads_as_unknown(graphql: GraphQL, tokens: Tokens) -> None:
    foreign = population_ids(graphql, tokens.partner)["Prospects"]

    foreign_body = graphql(SET_SHARING, tokens.admin, population=foreign, level="ALL")
    forged_body = graphql(SET_SHARING, tokens.admin, population=UNKNOWN_ID, level="ALL")

    assert foreign_body == forged_body
    [error] = payload_errors(foreign_body, "setSharing")
    assert (error["code"], error["field"]) == ("NOT_FOUND", "populationId")
