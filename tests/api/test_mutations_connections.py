"""Every request returns its database connections to the pool when it ends.

A connection left checked out keeps its transaction open. On PostgreSQL that
transaction keeps its locks until the garbage collector frees the session. The
collector is paused during the requests, so the check counts only what the
request itself released.
"""

from __future__ import annotations

import gc

import pytest
from sqlmodel import Session

from app.core.settings import get_settings
from app.storage.db import get_engine
from tests.api.conftest import GraphQL
from tests.helpers import make_organization, make_token

INVITE = """mutation { invitePartner(domain: "initech.com") {
  errors { code } partner { id status tags }
} }"""


@pytest.mark.parametrize(
    "query", [INVITE, "{ partners { totalCount } }"], ids=["mutation", "query"]
)
def test_request_returns_connections(
    graphql: GraphQL, session: Session, query: str
) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token
    engine = get_engine(get_settings().database_url)

    gc.disable()
    try:
        body = graphql(query, token)
        checked_out = engine.pool.checkedout()
    finally:
        gc.enable()
        gc.collect()

    assert "errors" not in body, body
    assert checked_out == 0
