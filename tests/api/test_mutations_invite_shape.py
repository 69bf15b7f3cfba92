"""invitePartner returns the same response whether or not the domain is in use.

Globex uses the service and has data, and nobody uses unknown-co.com. With the
new partner's id and domain masked, the two decoded responses are equal, for
any spelling of the domain.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session

from tests.api.builders import add_account, add_source, finish
from tests.api.conftest import GraphQL
from tests.helpers import make_organization, make_token

PARTNER = """
  id name domain status invitedByYou partneredAt endedAt declinedAt tags
  populationCount totalOverlaps
  potentialInfluence {
    available unavailableReasons amount { amount currency }
    opportunityCount excludedOpportunityCount unmappedStageCount
  }
  matrix { rows { name } columns { name } cells { overlapCount } }
  excludedPopulations { side name reason }
  sharedWithYou { name }
  yourSharing { level }
  previewAsPartner { columns { name } }
"""

INVITE = f"""mutation($domain: String!) {{
  invitePartner(domain: $domain) {{
    errors {{ code field message }}
    partner {{ {PARTNER} }}
  }}
}}"""

PENDING = f"""{{ partners(first: 2, filter: {{status: [PENDING]}}) {{
  totalCount nodes {{ {PARTNER} }}
}} }}"""

SPELLINGS = [
    "https://shop.{}.com/x",
    "HTTPS://WWW.{}.COM:443/path?q=1#top",
    "sales@{}.com",
    "http//{}.com",
    "{}.com.",
]


@pytest.fixture
def token(session: Session) -> str:
    make_organization(session, "acme")
    globex = make_organization(session, "globex")
    source = add_source(session, globex, kind="CSV")
    add_account(session, source, "g1", "k1.com")
    finish(session, globex)
    return make_token(session, "acme", "ann@acme.com").token


def _masked(partner: dict[str, Any]) -> dict[str, Any]:
    return {**partner, "id": "MASKED", "domain": "MASKED"}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_known_and_unknown_answers_match(
    graphql: GraphQL, token: str, spelling: str
) -> None:
    known = graphql(INVITE, token, domain=spelling.format("globex"))
    unknown = graphql(INVITE, token, domain=spelling.format("unknown-co"))

    assert "errors" not in known, known
    known_partner = known["data"]["invitePartner"]["partner"]
    unknown_partner = unknown["data"]["invitePartner"]["partner"]
    assert known_partner["domain"] == "globex.com"
    assert unknown_partner["domain"] == "unknown-co.com"
    assert known_partner["id"] != unknown_partner["id"]
    known["data"]["invitePartner"]["partner"] = _masked(known_partner)
    unknown["data"]["invitePartner"]["partner"] = _masked(unknown_partner)
    assert known == unknown


def test_answer_is_reduced_pending_form(graphql: GraphQL, token: str) -> None:
    body = graphql(INVITE, token, domain="https://shop.globex.com/x")

    partner = body["data"]["invitePartner"]["partner"]
    assert body["data"]["invitePartner"]["errors"] == []
    assert partner["status"] == "PENDING"
    assert partner["invitedByYou"] is True
    assert partner["name"] is None
    assert partner["totalOverlaps"] is None
    assert partner["matrix"] is None
    assert partner["yourSharing"] is None
    assert partner["potentialInfluence"]["unavailableReasons"] == [
        "PARTNERSHIP_NOT_ACTIVE"
    ]


def test_pending_list_entries_match(graphql: GraphQL, token: str) -> None:
    graphql(INVITE, token, domain="https://shop.globex.com/x")
    graphql(INVITE, token, domain="https://shop.unknown-co.com/x")

    body = graphql(PENDING, token)

    assert "errors" not in body, body
    nodes = body["data"]["partners"]["nodes"]
    assert sorted(node["domain"] for node in nodes) == ["globex.com", "unknown-co.com"]
    assert _masked(nodes[0]) == _masked(nodes[1])
