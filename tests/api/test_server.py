"""The served app: health, authentication, error masking and limits."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from app.api.schema import build_schema
from app.core.settings import get_settings
from app.server import create_app
from tests.api.conftest import GraphQL
from tests.helpers import make_organization, make_token

VIEWER = "{ viewer { user { email role } organization { name plan currency domain } } }"


def test_healthz_reports_ok(client: TestClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_graphiql_served_on_get(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_viewer_returns_user_and_org(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme", plan="connector")
    token = make_token(session, "acme", "ann@acme.com").token

    body = graphql(VIEWER, token)

    assert body == {
        "data": {
            "viewer": {
                "user": {"email": "ann@acme.com", "role": "ADMIN"},
                "organization": {
                    "name": "Acme",
                    "plan": "CONNECTOR",
                    "currency": "USD",
                    "domain": "acme.com",
                },
            }
        },
        "extensions": {"cost": 9},
    }


def test_missing_token_is_unauthenticated(graphql: GraphQL) -> None:
    body = graphql(VIEWER, None)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_revoked_token_is_unauthenticated(
    graphql: GraphQL, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    make_organization(session, "acme")
    issued = make_token(session, "acme", "ann@acme.com")
    from app.operations.tokens import revoke_token

    revoke_token(session, public_id=issued.public_id)
    session.commit()

    with caplog.at_level(logging.DEBUG):
        body = graphql(VIEWER, issued.token)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "revoked" in body["errors"][0]["message"]
    assert issued.token not in caplog.text


def test_unexpected_error_is_masked(
    graphql: GraphQL,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("app.api.viewer.queries.list_data_sources", explode)
    with caplog.at_level(logging.ERROR):
        body = graphql("{ viewer { dataSources { name } } }", token)

    error = body["errors"][0]
    assert "secret internal detail" not in str(body)
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["extensions"]["requestId"] in caplog.text
    assert "secret internal detail" in caplog.text


def test_page_size_above_cap_is_bad_input(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token

    body = graphql("{ unmatchedAccounts(first: 101) { totalCount } }", token)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "maximum page size of 100" in body["errors"][0]["message"]


def test_query_cost_limit_rejects(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token
    query = (
        "{ populations { accounts(first: 100) { edges { node { "
        "externalId name website opportunities { name stage } } } } } }"
    )

    body = graphql(query, token)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "exceeds the maximum of 50000" in body["errors"][0]["message"]


def test_query_depth_limit_rejects(
    database_url: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERGRAPH_MAX_QUERY_DEPTH", "3")
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token
    build_schema.cache_clear()
    get_settings.cache_clear()

    with TestClient(create_app()) as client:
        shallow = client.post(
            "/graphql",
            json={"query": "{ viewer { user { email } } }"},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        deep = client.post(
            "/graphql",
            json={"query": "{ populations { accounts { edges { node { name } } } } }"},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    build_schema.cache_clear()

    assert "errors" not in shallow
    assert deep["data"] is None
    assert "exceeds maximum operation depth of 3" in deep["errors"][0]["message"]
    assert deep["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_alias_limit_is_limit_exceeded(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token
    aliases = " ".join(
        f"a{number}: viewer {{ user {{ email }} }}" for number in range(31)
    )

    body = graphql(f"{{ {aliases} }}", token)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "31 aliases found. Allowed: 30" in body["errors"][0]["message"]


def test_token_limit_is_limit_exceeded(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token
    fields = " ".join("__typename" for _ in range(2_100))

    body = graphql(f"{{ {fields} }}", token)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_bad_variable_is_bad_user_input(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token

    body = graphql(
        "query($f: Int) { partners(first: $f) { totalCount } }", token, f="abc"
    )

    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "Variable '$f' has invalid value" in body["errors"][0]["message"]
