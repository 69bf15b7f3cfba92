"""Partner mutations over HTTP: invite, accept, decline, end and tag."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    build_acme_and_globex,
    partner_id,
    payload_errors,
    unavailable,
)
from tests.helpers import make_organization, make_token

PARTNER_FIELDS = "id name domain status tags totalOverlaps"

INVITE = f"""mutation($domain: String!) {{
  invitePartner(domain: $domain) {{
    errors {{ code field message }} partner {{ {PARTNER_FIELDS} }}
  }}
}}"""


def answer(mutation: str) -> str:
    """Return the text of a mutation that takes only a partner id."""
    return f"""mutation($id: ID!) {{
      {mutation}(partnerId: $id) {{
        errors {{ code field message }} partner {{ {PARTNER_FIELDS} }}
      }}
    }}"""


TAG = f"""mutation($id: ID!, $tags: [String!]!) {{
  tagPartner(partnerId: $id, tags: $tags) {{
    errors {{ code field message }} partner {{ {PARTNER_FIELDS} }}
  }}
}}"""

PENDING = """{ partners(filter: {status: [PENDING]}) { edges { node {
  id name status invitedByYou
} } } }"""


@pytest.fixture
def pair(session: Session) -> dict[str, str]:
    """Return admin tokens of Acme and Initech, two organizations without data."""
    make_organization(session, "acme")
    make_organization(session, "initech")
    return {
        "acme": make_token(session, "acme", "ann@acme.com").token,
        "initech": make_token(session, "initech", "ida@initech.com").token,
    }


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


def _invite(graphql: GraphQL, token: str, domain: str) -> dict:
    body = graphql(INVITE, token, domain=domain)
    assert body["data"]["invitePartner"]["errors"] == [], body
    return body["data"]["invitePartner"]["partner"]


def test_invitee_lists_and_accepts(graphql: GraphQL, pair: dict[str, str]) -> None:
    sent = _invite(graphql, pair["acme"], "https://www.initech.com/")
    [edge] = graphql(PENDING, pair["initech"])["data"]["partners"]["edges"]

    body = graphql(answer("acceptPartnership"), pair["initech"], id=edge["node"]["id"])

    assert edge["node"] == {
        "id": sent["id"],
        "name": None,
        "status": "PENDING",
        "invitedByYou": False,
    }
    assert payload_errors(body, "acceptPartnership") == []
    accepted = body["data"]["acceptPartnership"]["partner"]
    assert accepted["status"] == "ACTIVE"
    assert accepted["name"] == "Acme"
    assert accepted["id"] == sent["id"]


def test_invitee_sees_inviter_domain(graphql: GraphQL, pair: dict[str, str]) -> None:
    _invite(graphql, pair["acme"], "initech.com")

    body = graphql(
        "{ partners(filter: {status: [PENDING]}) { nodes { domain } } }",
        pair["initech"],
    )

    assert body["data"]["partners"]["nodes"] == [{"domain": "acme.com"}]


def test_accepted_partner_is_active_for_inviter(
    graphql: GraphQL, pair: dict[str, str]
) -> None:
    sent = _invite(graphql, pair["acme"], "initech.com")

    graphql(answer("acceptPartnership"), pair["initech"], id=sent["id"])

    body = graphql("{ partners { edges { node { id name status } } } }", pair["acme"])
    assert body["data"]["partners"]["edges"] == [
        {"node": {"id": sent["id"], "name": "Initech", "status": "ACTIVE"}}
    ]


def test_decline_keeps_name_hidden(graphql: GraphQL, pair: dict[str, str]) -> None:
    sent = _invite(graphql, pair["acme"], "initech.com")

    body = graphql(answer("declinePartnership"), pair["initech"], id=sent["id"])

    assert payload_errors(body, "declinePartnership") == []
    assert body["data"]["declinePartnership"]["partner"]["status"] == "DECLINED"
    seen = graphql(
        "{ partners(filter: {status: [DECLINED]}) { nodes { name domain status } } }",
        pair["acme"],
    )
    assert seen["data"]["partners"]["nodes"] == [
        {"name": None, "domain": "initech.com", "status": "DECLINED"}
    ]


def test_crossing_invitations_make_active(
    graphql: GraphQL, pair: dict[str, str]
) -> None:
    sent = _invite(graphql, pair["acme"], "initech.com")

    crossing = _invite(graphql, pair["initech"], "acme.com")

    assert crossing["id"] == sent["id"]
    assert crossing["status"] == "ACTIVE"
    assert crossing["name"] == "Acme"


def test_inviter_withdraws_invitation(graphql: GraphQL, pair: dict[str, str]) -> None:
    sent = _invite(graphql, pair["acme"], "initech.com")

    body = graphql(answer("endPartnership"), pair["acme"], id=sent["id"])

    assert payload_errors(body, "endPartnership") == []
    assert body["data"]["endPartnership"]["partner"]["status"] == "ENDED"
    assert graphql(PENDING, pair["initech"])["data"]["partners"]["edges"] == []


def test_end_active_shows_reduced_form(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)

    body = graphql(answer("endPartnership"), tokens.admin, id=partner)

    assert body["data"]["endPartnership"] == {
        "errors": [],
        "partner": {
            "id": partner,
            "name": "Globex",
            "domain": "globex.com",
            "status": "ENDED",
            "tags": [],
            "totalOverlaps": None,
        },
    }
    for token in (tokens.admin, tokens.partner):
        listed = graphql("{ partners { totalCount } }", token)
        assert listed["data"]["partners"]["totalCount"] == 0


def test_ended_partner_influence_unavailable(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    graphql(answer("endPartnership"), tokens.admin, id=partner)

    query = """query($id: ID!) { partner(id: $id) {
      matrix { cells { overlapCount } }
      potentialInfluence { available unavailableReasons amount { amount }
        opportunityCount excludedOpportunityCount unmappedStageCount }
    } }"""
    body = graphql(query, tokens.admin, id=partner)

    assert "errors" not in body, body
    assert body["data"]["partner"] == {
        "matrix": None,
        "potentialInfluence": unavailable("PARTNERSHIP_NOT_ACTIVE"),
    }


@pytest.mark.parametrize(
    "domain",
    ["n/a", "gmail.com", "192.168.1.10", "co.uk", "acme.com", "www.acme.com/about"],
)
def test_invite_rejects_domain(
    graphql: GraphQL, pair: dict[str, str], domain: str
) -> None:
    body = graphql(INVITE, pair["acme"], domain=domain)

    [error] = payload_errors(body, "invitePartner")
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == "domain"
    assert body["data"]["invitePartner"]["partner"] is None


def test_invite_twice_is_rejected(graphql: GraphQL, pair: dict[str, str]) -> None:
    _invite(graphql, pair["acme"], "initech.com")

    body = graphql(INVITE, pair["acme"], domain="https://shop.initech.com/")

    [error] = payload_errors(body, "invitePartner")
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == "domain"
    assert "initech.com" in error["message"]


def test_invite_active_partner_is_rejected(graphql: GraphQL, tokens: Tokens) -> None:
    for token, domain in ((tokens.admin, "globex.com"), (tokens.partner, "acme.com")):
        body = graphql(INVITE, token, domain=domain)

        [error] = payload_errors(body, "invitePartner")
        assert error["code"] == "BAD_USER_INPUT"
        assert error["field"] == "domain"


@pytest.mark.parametrize(
    "mutation", ["acceptPartnership", "declinePartnership", "endPartnership"]
)
def test_answer_unknown_id_is_not_found(
    graphql: GraphQL, pair: dict[str, str], mutation: str
) -> None:
    body = graphql(answer(mutation), pair["acme"], id="bm90LWFuLWlk")

    [error] = payload_errors(body, mutation)
    assert error["code"] == "NOT_FOUND"
    assert error["field"] == "partnerId"
    assert body["data"][mutation]["partner"] is None


@pytest.mark.parametrize(
    "mutation",
    ["acceptPartnership", "declinePartnership", "endPartnership", "tagPartner"],
)
def test_other_organizations_partner_reads_as_unknown(
    graphql: GraphQL, pair: dict[str, str], session: Session, mutation: str
) -> None:
    make_organization(session, "globex")
    sent = _invite(graphql, pair["initech"], "globex.com")
    query = TAG if mutation == "tagPartner" else answer(mutation)

    foreign = graphql(query, pair["acme"], id=sent["id"], tags=["x"])
    forged = graphql(query, pair["acme"], id="bm90LWFuLWlk", tags=["x"])

    assert foreign == forged
    [error] = payload_errors(foreign, mutation)
    assert (error["code"], error["field"]) == ("NOT_FOUND", "partnerId")


@pytest.mark.parametrize("mutation", ["acceptPartnership", "declinePartnership"])
def test_inviter_cannot_answer_own_invitation(
    graphql: GraphQL, pair: dict[str, str], mutation: str
) -> None:
    sent = _invite(graphql, pair["acme"], "initech.com")

    body = graphql(answer(mutation), pair["acme"], id=sent["id"])

    [error] = payload_errors(body, mutation)
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == "partnerId"


@pytest.mark.parametrize(
    "mutation", ["acceptPartnership", "declinePartnership", "endPartnership"]
)
def test_answer_ended_partnership_is_rejected(
    graphql: GraphQL, tokens: Tokens, mutation: str
) -> None:
    partner = partner_id(graphql, tokens.admin)
    graphql(answer("endPartnership"), tokens.admin, id=partner)

    body = graphql(answer(mutation), tokens.partner, id=partner)

    [error] = payload_errors(body, mutation)
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == "partnerId"
    assert "ENDED" in error["message"]
