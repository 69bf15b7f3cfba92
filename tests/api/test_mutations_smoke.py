"""invitePartner returns the same response for known and unknown domains."""

from __future__ import annotations

from sqlmodel import Session

from tests.api.conftest import GraphQL
from tests.helpers import make_organization, make_token

INVITE = """mutation($domain: String!) {
  invitePartner(domain: $domain) {
    errors { code field message }
    partner { id name domain status tags populationCount totalOverlaps
      potentialInfluence { available unavailableReasons } matrix { cells { overlapCount } } }
  }
}"""


def _mask_id(body: dict) -> dict:
    body["data"]["invitePartner"]["partner"]["id"] = "MASKED"
    body["data"]["invitePartner"]["partner"]["domain"] = "MASKED"
    return body


def test_invite_known_and_unknown_look_alike(
    graphql: GraphQL, session: Session
) -> None:
    make_organization(session, "acme")
    make_organization(session, "globex")
    token = make_token(session, "acme", "ann@acme.com").token

    known = graphql(INVITE, token, domain="https://www.globex.com/")
    unknown = graphql(INVITE, token, domain="nobody-uses-this.example.org")

    assert _mask_id(known) == _mask_id(unknown)
    assert known["data"]["invitePartner"]["partner"]["status"] == "PENDING"
    assert known["data"]["invitePartner"]["partner"]["name"] is None


def test_member_invite_is_forbidden(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme")
    make_token(session, "acme", "ann@acme.com")
    member = make_token(session, "acme", "max@acme.com", "member").token

    body = graphql(INVITE, member, domain="globex.com")

    assert body["data"] == {"invitePartner": None}
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["path"] == ["invitePartner"]


def test_invite_own_domain_is_payload_error(graphql: GraphQL, session: Session) -> None:
    make_organization(session, "acme")
    token = make_token(session, "acme", "ann@acme.com").token

    body = graphql(INVITE, token, domain="acme.com")

    payload = body["data"]["invitePartner"]
    assert payload["partner"] is None
    assert payload["errors"][0]["code"] == "BAD_USER_INPUT"
    assert payload["errors"][0]["field"] == "domain"
