"""tagPartner over HTTP: private tags that change no number.

The ecosystem is the one in tests/api/test_mutations_support.py.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_partners import TAG
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    build_acme_and_globex,
    influence,
    partner_id,
    partner_numbers,
    payload_errors,
)


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


def test_tags_are_private_and_change_no_number(
    graphql: GraphQL, tokens: Tokens
) -> None:
    partner = partner_id(graphql, tokens.admin)
    before = partner_numbers(graphql, tokens.admin)

    body = graphql(TAG, tokens.admin, id=partner, tags=[" retail ", "Q3", "RETAIL"])

    assert payload_errors(body, "tagPartner") == []
    assert body["data"]["tagPartner"]["partner"]["tags"] == ["Q3", "retail"]
    assert partner_numbers(graphql, tokens.admin) == before
    assert before["totalOverlaps"] == 3
    assert before["potentialInfluence"] == influence("100.00", 1, excluded=1)
    seen = graphql("{ partners { nodes { tags } } }", tokens.partner)
    assert seen["data"]["partners"]["nodes"] == [{"tags": []}]


def test_member_may_tag(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.member)

    body = graphql(TAG, tokens.member, id=partner, tags=["renewal"])

    assert payload_errors(body, "tagPartner") == []
    seen = graphql("{ partners { nodes { tags } } }", tokens.admin)
    assert seen["data"]["partners"]["nodes"] == [{"tags": ["renewal"]}]


def test_empty_tag_list_clears_tags(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    graphql(TAG, tokens.admin, id=partner, tags=["renewal"])

    body = graphql(TAG, tokens.admin, id=partner, tags=[])

    assert body["data"]["tagPartner"]["partner"]["tags"] == []


@pytest.mark.parametrize(
    "tags",
    [[""], ["   "], ["x" * 65], [f"tag {number}" for number in range(21)]],
    ids=["empty", "blank", "too-long", "too-many"],
)
def test_tag_rejects_bad_tags(
    graphql: GraphQL, tokens: Tokens, tags: list[str]
) -> None:
    partner = partner_id(graphql, tokens.admin)
    graphql(TAG, tokens.admin, id=partner, tags=["kept"])

    body = graphql(TAG, tokens.admin, id=partner, tags=tags)

    [error] = payload_errors(body, "tagPartner")
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == "tags"
    seen = graphql("{ partners { nodes { tags } } }", tokens.admin)
    assert seen["data"]["partners"]["nodes"] == [{"tags": ["kept"]}]
