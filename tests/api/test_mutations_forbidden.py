"""A member attempting any admin mutation: FORBIDDEN, and no row changes.

Each case is a request that an admin's token makes succeed right after, so
the denial comes from the role and from nothing else. Tagging is open to
members and is tested with the partner mutations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    account_ids,
    build_acme_and_globex,
    data_source_ids,
    dump_tables,
    partner_id,
    population_ids,
)
from tests.api.test_mutations_upload import LEADS, upload
from tests.helpers import make_organization, make_token

ERRORS = "errors { code field message }"


def _mutation(name: str, arguments: str, call: str) -> str:
    """Return a mutation that declares `arguments` and selects only the errors."""
    declared = f"({arguments})" if arguments else ""
    return f"mutation{declared} {{ {name}({call}) {{ {ERRORS} }} }}"


CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "invitePartner": (
        _mutation("invitePartner", "$d: String!", "domain: $d"),
        {"d": "hooli.com"},
    ),
    "acceptPartnership": (
        _mutation("acceptPartnership", "$id: ID!", "partnerId: $id"),
        {"id": "invitation"},
    ),
    "declinePartnership": (
        _mutation("declinePartnership", "$id: ID!", "partnerId: $id"),
        {"id": "invitation"},
    ),
    "endPartnership": (
        _mutation("endPartnership", "$id: ID!", "partnerId: $id"),
        {"id": "partner"},
    ),
    "createPopulation": (
        _mutation("createPopulation", "$i: CreatePopulationInput!", "input: $i"),
        {"i": {"name": "Retail", "filter": {"field": "industry", "op": "is_empty"}}},
    ),
    "updatePopulation": (
        _mutation("updatePopulation", "$i: UpdatePopulationInput!", "input: $i"),
        {"i": {"id": "custom", "name": "Renamed"}},
    ),
    "deletePopulation": (
        _mutation("deletePopulation", "$id: ID!", "id: $id"),
        {"id": "custom"},
    ),
    "setSharing default": (
        _mutation("setSharing", "$p: ID!", "populationId: $p, level: HIDDEN"),
        {"p": "prospects"},
    ),
    "setSharing override": (
        _mutation(
            "setSharing",
            "$p: ID!, $x: ID!",
            'populationId: $p, partnerId: $x, level: ALL, fields: ["name"]',
        ),
        {"p": "prospects", "x": "partner"},
    ),
    "setSharing remove override": (
        _mutation(
            "setSharing",
            "$p: ID!, $x: ID!",
            "populationId: $p, partnerId: $x, level: null",
        ),
        {"p": "customers", "x": "partner"},
    ),
    "setStageMapping": (
        _mutation(
            "setStageMapping",
            "$s: ID!",
            'dataSourceId: $s, stage: "Prospecting", outcome: WON',
        ),
        {"s": "crm"},
    ),
    "setCustomerTypes": (
        _mutation(
            "setCustomerTypes", "$s: ID!", 'dataSourceId: $s, types: ["Partner"]'
        ),
        {"s": "crm"},
    ),
    "deleteDataSource": (
        _mutation("deleteDataSource", "$s: ID!", "dataSourceId: $s"),
        {"s": "crm"},
    ),
    "setExchangeRate": (
        _mutation("setExchangeRate", "", 'currency: "EUR", rate: "2"'),
        {},
    ),
    "setAccountDomain": (
        _mutation("setAccountDomain", "$a: ID!", 'accountId: $a, domain: "k9.com"'),
        {"a": "a6"},
    ),
}


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


INITECH_INVITES_ACME = (
    'mutation { invitePartner(domain: "acme.com") { errors { code } } }'
)
CREATE_CUSTOM = """mutation { createPopulation(
  input: {name: "Custom", filter: {field: "name", op: "is_empty"}}
) { errors { code } } }"""
OVERRIDE_COUNTS = """mutation($p: ID!, $x: ID!) {
  setSharing(populationId: $p, partnerId: $x, level: COUNTS) { errors { code } }
}"""


@pytest.fixture
def ids(graphql: GraphQL, tokens: Tokens, session: Session) -> dict[str, str]:
    """Arrange an invitation, a custom population and an override; return ids."""
    make_organization(session, "initech")
    initech = make_token(session, "initech", "ida@initech.com").token
    invited = graphql(INITECH_INVITES_ACME, initech)
    created = graphql(CREATE_CUSTOM, tokens.admin)
    partner = partner_id(graphql, tokens.admin)
    populations = population_ids(graphql, tokens.admin)
    overridden = graphql(
        OVERRIDE_COUNTS, tokens.admin, p=populations["Customers"], x=partner
    )
    pending = "{ partners(filter: {status: [PENDING]}) { nodes { id } } }"
    [invitation] = graphql(pending, tokens.admin)["data"]["partners"]["nodes"]

    assert invited["data"]["invitePartner"]["errors"] == []
    assert created["data"]["createPopulation"]["errors"] == []
    assert overridden["data"]["setSharing"]["errors"] == []
    return {
        "invitation": invitation["id"],
        "partner": partner,
        "custom": populations["Custom"],
        "prospects": populations["Prospects"],
        "customers": populations["Customers"],
        "crm": data_source_ids(graphql, tokens.admin)["SALESFORCE"],
        "a6": account_ids(graphql, tokens.admin)["a6"],
    }


def _resolve(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _resolve(item, ids) for key, item in value.items()}
    return ids.get(value, value) if isinstance(value, str) else value


def _assert_forbidden(body: dict[str, Any], mutation: str) -> None:
    assert body["data"] == {mutation: None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["path"] == [mutation]
    assert "ADMIN" in error["message"]


@pytest.mark.parametrize("case", list(CASES))
def test_member_is_forbidden(
    graphql: GraphQL,
    tokens: Tokens,
    ids: dict[str, str],
    engine: Engine,
    case: str,
) -> None:
    query, variables = CASES[case]
    mutation = case.split(maxsplit=1)[0]
    variables = _resolve(variables, ids)
    partner_id(graphql, tokens.member)  # records the token's use before the dump
    before = dump_tables(engine)

    body = graphql(query, tokens.member, **variables)

    _assert_forbidden(body, mutation)
    assert dump_tables(engine) == before
    as_admin = graphql(query, tokens.admin, **variables)
    assert as_admin["data"][mutation] == {"errors": []}


def test_member_upload_is_forbidden(
    client: TestClient, graphql: GraphQL, tokens: Tokens, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    partner_id(graphql, tokens.member)  # records the token's use before the dump
    before = dump_tables(engine)

    body = upload(client, tokens.member, path)

    _assert_forbidden(body, "importAccountsCsv")
    assert dump_tables(engine) == before
    as_admin = upload(client, tokens.admin, path)
    assert as_admin["data"]["importAccountsCsv"]["errors"] == []
