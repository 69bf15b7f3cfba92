"""Nothing above the sharing level leaks, for every level, viewer and path.

Globex plants a marker in every field it does not share, its CRM ids, its
opportunities, a HIDDEN population, a population filter and its own tag.
Acme, Globex's partner, then reads every path at each level Globex shares
its Prospects at; a third organization with no partnership reads too. No
response, data or error, may contain a marker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from app.api.ids import IdType, encode_id
from app.operations.partnerships import accept_partnership, invite_partner
from app.operations.populations import create_population
from app.operations.sharing import set_sharing
from app.operations.tags import tag_partner
from app.storage.models import Account, Population
from tests.api.builders import (
    add_account,
    add_opportunity,
    add_source,
    admin_of,
    finish,
)
from tests.api.conftest import GraphQL
from tests.helpers import make_organization, make_token

MARKER = "MARKER"


@dataclass
class World:
    tokens: dict[str, str]
    partner_ids: dict[str, str]
    hidden_population_id: str
    partner_account_ids: list[str]


def _build(session: Session, level: str) -> World:
    acme = make_organization(session, "acme", plan="connector")
    globex = make_organization(session, "globex", plan="connector")
    make_organization(session, "initech", plan="enterprise")
    tokens = {
        "acme-admin": make_token(session, "acme", "ann@acme.com").token,
        "acme-member": make_token(session, "acme", "max@acme.com", "member").token,
        "initech": make_token(session, "initech", "ian@initech.com").token,
        "globex-admin": make_token(session, "globex", "gus@globex.com").token,
    }

    crm = add_source(session, acme)
    for number in range(1, 11):
        account = add_account(session, crm, f"v{number}", f"c{number}.com")
        if number <= 5:
            add_opportunity(session, account, f"{number}00")
    finish(session, acme)

    theirs = add_source(session, globex)
    theirs.custom_field_types = {"secret": "text"}
    websites = ["c1", "c2", "c3", "c6", "c7", "g1", "g2", "g3"]
    for number, site in enumerate(websites):
        account = add_account(
            session,
            theirs,
            f"{MARKER}-CRMID-{number}",
            f"https://{site}.com/{MARKER}-PATH",
            name=f"Globex {site}",
            industry=f"{MARKER}-INDUSTRY",
            custom={"secret": f"{MARKER}-CUSTOM"},
        )
        account.country = f"{MARKER}-COUNTRY"
        account.owner = f"{MARKER}-OWNER"
        session.add(account)
        if number == 0:
            add_opportunity(session, account, "777", stage=f"{MARKER}-STAGE")
    finish(session, globex)
    hidden = create_population(
        session,
        admin_of(session, globex),
        name=f"{MARKER}-HIDDEN-POP",
        filter={"field": "custom.secret", "op": "eq", "value": f"{MARKER}-CUSTOM"},
    )
    session.commit()

    partnership = invite_partner(session, admin_of(session, acme), "globex.com")
    session.commit()
    accept_partnership(session, admin_of(session, globex), partnership.id)
    tag_partner(session, admin_of(session, globex), partnership.id, [f"{MARKER}-TAG"])
    prospects = session.exec(
        select(Population).where(
            Population.organization_id == globex.id,
            Population.standard_type == "PROSPECTS",
        )
    ).one()
    set_sharing(
        session,
        admin_of(session, globex),
        population_id=prospects.id,
        partnership_id=partnership.id,
        level=level,
        fields=["name"] if level in {"OVERLAPS", "ALL"} else [],
    )
    session.commit()
    account_ids = session.exec(
        select(Account.id)
        .where(Account.organization_id == globex.id)
        .order_by(Account.id)
    ).all()
    return World(
        tokens=tokens,
        partner_ids={"acme": encode_id(IdType.PARTNER, partnership.id)},
        hidden_population_id=encode_id(IdType.PARTNER_POPULATION, hidden.id),
        partner_account_ids=[
            encode_id(IdType.PARTNER_ACCOUNT, account_id) for account_id in account_ids
        ],
    )


PARTNER_PAGE = """
  id name domain status tags populationCount totalOverlaps
  potentialInfluence { available unavailableReasons amount { amount } }
"""

# One partner's details, split so that each query stays under the cost limit.
PARTNER_DETAILS = [
    """excludedPopulations { side name reason }
    sharedWithYou { id name size sharingLevel sharedFields sourceKinds }
    yourSharing { population { name } level fields fromOverride }""",
    """previewAsPartner {
      columns { name size sharingLevel sharedFields }
      cells { partnerPopulationId partnerPopulationName populationId overlapCount }
      accounts { edges { node { account { externalId } fields { field value } } } }
    }""",
    """matrix {
      rows { id name }
      columns { id name sharingLevel sharedFields }
      cells { overlapCount partnerSharingLevel potentialInfluence { available } }
    }""",
]

CELL_FIELDS = """
  overlapCount
  overlaps(first: 20) { totalCount edges { node {
    matchKey accounts { externalId }
    partnerAccounts { id name website industry country matchKey fields { field value }
      populations { name sharedFields } }
  } } }
  opportunities(first: 20) { edges { node { name externalId stage } } }
"""


def _queries(world: World, graphql: GraphQL, token: str) -> list[dict]:
    """Run every path once and return the responses."""
    partner_id = world.partner_ids["acme"]
    responses = [
        graphql(f"{{ partners {{ edges {{ node {{ {PARTNER_PAGE} }} }} }} }}", token),
        *(
            graphql(
                f"query($id: ID!) {{ partner(id: $id) {{ {PARTNER_PAGE} {details} }} }}",
                token,
                id=partner_id,
            )
            for details in PARTNER_DETAILS
        ),
    ]
    matrix = responses[3]["data"] and responses[3]["data"]["partner"]
    cells = []
    if matrix and matrix.get("matrix"):
        for row in matrix["matrix"]["rows"]:
            for column in matrix["matrix"]["columns"]:
                cells.append((row["id"], column["id"]))
                responses.append(
                    graphql(
                        f"""query($id: ID!, $row: ID!, $column: ID!) {{
                          partner(id: $id) {{ matrix {{
                            cell(populationId: $row, partnerPopulationId: $column) {{
                              {CELL_FIELDS} }} }} }} }}""",
                        token,
                        id=partner_id,
                        row=row["id"],
                        column=column["id"],
                    )
                )
                responses.append(
                    graphql(
                        """query($id: ID!, $column: ID!) { partner(id: $id) {
                          greenfield(partnerPopulationId: $column) {
                            edges { node { id name website industry matchKey
                              fields { field value } } } } } }""",
                        token,
                        id=partner_id,
                        column=column["id"],
                    )
                )
                for field in ["industry", "custom.secret", "custom.nothing-here"]:
                    responses.append(
                        graphql(
                            """query($id: ID!, $row: ID!, $column: ID!, $field: String) {
                              partner(id: $id) { matrix {
                                cell(populationId: $row, partnerPopulationId: $column) {
                                  overlaps(orderBy: {field: PARTNER_FIELD,
                                                     partnerField: $field}) {
                                    totalCount } } } } }""",
                            token,
                            id=partner_id,
                            row=row["id"],
                            column=column["id"],
                            field=field,
                        )
                    )
    for node_id in [world.hidden_population_id, *world.partner_account_ids]:
        responses.append(
            graphql(
                """query($id: ID!) { node(id: $id) {
                  id
                  ... on PartnerAccount { accountName: name website industry country
                    matchKey fields { field value } }
                  ... on PartnerPopulation { populationName: name size sharedFields }
                } }""",
                token,
                id=node_id,
            )
        )
    return responses


LEVELS = ["HIDDEN", "COUNTS", "OVERLAPS", "ALL"]
# Codes that mean a query never ran, which would make a clean result worthless.
BROKEN_QUERY_CODES = {
    "LIMIT_EXCEEDED",
    "GRAPHQL_VALIDATION_FAILED",
    "INTERNAL_SERVER_ERROR",
}
VIEWERS = ["acme-admin", "acme-member", "initech"]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_no_marker_leaks(
    graphql: GraphQL, session: Session, level: str, viewer: str
) -> None:
    world = _build(session, level)

    responses = _queries(world, graphql, world.tokens[viewer])

    text = json.dumps(responses)
    assert MARKER not in text
    assert len(responses) >= 4 + len(world.partner_account_ids)
    assert not BROKEN_QUERY_CODES & {
        error["extensions"]["code"] for error in _errors(responses)
    }


def _errors(responses: list[dict]) -> list[dict]:
    return [error for response in responses for error in response.get("errors", [])]


@pytest.mark.parametrize("level", LEVELS)
def test_denials_carry_codes(graphql: GraphQL, session: Session, level: str) -> None:
    world = _build(session, level)

    responses = _queries(world, graphql, world.tokens["acme-admin"])

    codes = {error["extensions"]["code"] for error in _errors(responses)}
    levels = {
        (
            error["extensions"].get("requiredLevel"),
            error["extensions"].get("actualLevel"),
        )
        for error in _errors(responses)
        if error["extensions"]["code"] == "SHARING_LEVEL_INSUFFICIENT"
    }
    expected_levels = {
        "HIDDEN": set(),
        "COUNTS": {("OVERLAPS", "COUNTS"), ("ALL", "COUNTS")},
        "OVERLAPS": {("ALL", "OVERLAPS")},
        "ALL": set(),
    }[level]
    assert levels == expected_levels
    assert "NOT_FOUND" in codes
    assert "INTERNAL_SERVER_ERROR" not in codes


@pytest.mark.parametrize("level", ["OVERLAPS", "ALL"])
def test_unshared_sort_field_message_is_uniform(
    graphql: GraphQL, session: Session, level: str
) -> None:
    world = _build(session, level)

    responses = _queries(world, graphql, world.tokens["acme-admin"])

    bad_input = [
        error["message"]
        for error in _errors(responses)
        if error["extensions"]["code"] == "BAD_USER_INPUT"
    ]
    assert len(bad_input) == 6
    assert (
        len(
            {
                message.replace("custom.nothing-here", "F")
                .replace("custom.secret", "F")
                .replace("industry", "F")
                for message in bad_input
            }
        )
        == 1
    )


def test_hidden_and_missing_are_one_not_found(
    graphql: GraphQL, session: Session
) -> None:
    world = _build(session, "COUNTS")
    token = world.tokens["acme-admin"]
    query = "query($id: ID!) { node(id: $id) { id } }"
    other_org_account = encode_id(IdType.ACCOUNT, 15)
    missing = encode_id(IdType.PARTNER_POPULATION, 987_654)

    answers = [
        graphql(query, token, id=node_id)
        for node_id in [
            world.hidden_population_id,
            other_org_account,
            missing,
            "garbage",
        ]
    ]

    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert answers[0]["data"] == {"node": None}
    assert answers[0]["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
