"""The life of a partnership, over HTTP, with organizations made by the CLI.

Acme uploads six companies k1..k6 and Initech six companies k4..k9, all
prospects. The minimum comparison size is the default 5, so each side's
Prospects (size 6) is the only row or column, and they overlap in
{k4, k5, k6}.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import payload_errors, population_ids
from tests.api.test_mutations_upload import upload
from tests.helpers import run_cli

INVITE = """mutation($domain: String!) {
  invitePartner(domain: $domain) { errors { code field message } partner { id } }
}"""

ACCEPT = """mutation($id: ID!) {
  acceptPartnership(partnerId: $id) {
    errors { code field message } partner { id name status }
  }
}"""

END = """mutation($id: ID!) {
  endPartnership(partnerId: $id) { errors { code field message } }
}"""

TAG = """mutation($id: ID!, $tags: [String!]!) {
  tagPartner(partnerId: $id, tags: $tags) { errors { code field message } }
}"""

OVERRIDE = """mutation($p: ID!, $x: ID!, $level: SharingLevel, $fields: [String!]) {
  setSharing(populationId: $p, partnerId: $x, level: $level, fields: $fields) {
    errors { code field message }
  }
}"""

PENDING = """{ partners(filter: {status: [PENDING]}) { nodes {
  id name status invitedByYou
} } }"""

PARTNER = """query($id: ID!) { partner(id: $id) {
  id name status tags totalOverlaps populationCount
  matrix {
    columns { name sharingLevel sharedFields }
    cells { overlapCount population { id } partnerPopulation { id } }
  }
  yourSharing { population { name } fromOverride }
} }"""


CELL = """query($id: ID!, $row: ID!, $column: ID!) { partner(id: $id) { matrix {
  cell(populationId: $row, partnerPopulationId: $column) {
    overlapCount overlaps(first: 10) { totalCount nodes { matchKey } }
  }
} } }"""


def create_organization(slug: str, domain: str) -> str:
    """Create an organization and its first user with the CLI; return the token."""
    created = run_cli("org", "create", slug, "--name", slug.title(), "--domain", domain)
    assert created.returncode == 0, created.stderr
    issued = run_cli("token", "create", "--org", slug, "--email", f"admin@{domain}")
    assert issued.returncode == 0, issued.stderr
    return issued.stdout.strip().splitlines()[-1]


def upload_companies(
    client: TestClient, token: str, tmp_path: Path, numbers: range
) -> None:
    """Upload a CSV of companies k<n>.com as the token's organization."""
    rows = [f"c{number},Company {number},k{number}.com" for number in numbers]
    path = tmp_path / f"companies-{token[:6]}.csv"
    path.write_text("id,name,website\n" + "\n".join(rows) + "\n", encoding="utf-8")
    body = upload(client, token, path)
    assert body["data"]["importAccountsCsv"]["errors"] == [], body


def mutate(graphql: GraphQL, query: str, token: str, **variables: Any) -> dict:
    """Run a mutation and return its payload, failing on any error."""
    body = graphql(query, token, **variables)
    [name] = body["data"]
    assert payload_errors(body, name) == []
    return body["data"][name]


@pytest.fixture
def acme(client: TestClient, tmp_path: Path, database_url: str) -> str:
    token = create_organization("acme", "acme.com")
    upload_companies(client, token, tmp_path, range(1, 7))
    return token


@pytest.fixture
def partnership(
    graphql: GraphQL, client: TestClient, tmp_path: Path, acme: str
) -> dict[str, str]:
    """Partner Acme and Initech; return both tokens and the partner id."""
    invited = mutate(graphql, INVITE, acme, domain="initech.com")
    initech = create_organization("initech", "initech.com")
    upload_companies(client, initech, tmp_path, range(4, 10))
    partner = invited["partner"]["id"]
    mutate(graphql, ACCEPT, initech, id=partner)
    return {"acme": acme, "initech": initech, "id": partner}


def share(
    graphql: GraphQL, sides: dict[str, str], level: str, fields: list[str] | None = None
) -> None:
    """Set Initech's override on its Prospects toward Acme."""
    prospects = population_ids(graphql, sides["initech"])["Prospects"]
    mutate(
        graphql,
        OVERRIDE,
        sides["initech"],
        p=prospects,
        x=sides["id"],
        level=level,
        fields=fields,
    )


def only_cell(graphql: GraphQL, sides: dict[str, str]) -> dict[str, Any]:
    """Return Acme's response for its only matrix cell, with overlaps."""
    body = graphql(PARTNER, sides["acme"], id=sides["id"])
    [cell] = body["data"]["partner"]["matrix"]["cells"]
    return graphql(
        CELL,
        sides["acme"],
        id=sides["id"],
        row=cell["population"]["id"],
        column=cell["partnerPopulation"]["id"],
    )


def test_invitation_waits_for_new_organization(graphql: GraphQL, acme: str) -> None:
    sent = mutate(graphql, INVITE, acme, domain="https://www.initech.com/")

    initech = create_organization("initech", "initech.com")

    [pending] = graphql(PENDING, initech)["data"]["partners"]["nodes"]
    assert pending == {
        "id": sent["partner"]["id"],
        "name": None,
        "status": "PENDING",
        "invitedByYou": False,
    }
    accepted = mutate(graphql, ACCEPT, initech, id=pending["id"])
    assert accepted["partner"]["status"] == "ACTIVE"
    assert accepted["partner"]["name"] == "Acme"


def test_sharing_levels_shape_matrix(
    graphql: GraphQL, partnership: dict[str, str]
) -> None:
    share(graphql, partnership, "OVERLAPS", ["name", "website"])
    shared = graphql(PARTNER, partnership["acme"], id=partnership["id"])
    overlaps = only_cell(graphql, partnership)

    share(graphql, partnership, "COUNTS")
    counts = only_cell(graphql, partnership)

    share(graphql, partnership, "HIDDEN")
    hidden = graphql(PARTNER, partnership["acme"], id=partnership["id"])

    assert shared["data"]["partner"]["totalOverlaps"] == 3
    assert shared["data"]["partner"]["matrix"]["columns"] == [
        {
            "name": "Prospects",
            "sharingLevel": "OVERLAPS",
            "sharedFields": ["name", "website"],
        }
    ]
    cell = overlaps["data"]["partner"]["matrix"]["cell"]
    assert cell["overlapCount"] == 3
    assert cell["overlaps"]["totalCount"] == 3
    assert [node["matchKey"] for node in cell["overlaps"]["nodes"]] == [
        "k4.com",
        "k5.com",
        "k6.com",
    ]

    assert counts["data"]["partner"]["matrix"]["cell"] == {
        "overlapCount": 3,
        "overlaps": None,
    }
    [error] = counts["errors"]
    assert error["path"] == ["partner", "matrix", "cell", "overlaps"]
    assert error["extensions"]["code"] == "SHARING_LEVEL_INSUFFICIENT"
    assert error["extensions"]["requiredLevel"] == "OVERLAPS"
    assert error["extensions"]["actualLevel"] == "COUNTS"

    assert "errors" not in hidden, hidden
    partner = hidden["data"]["partner"]
    assert partner["matrix"]["columns"] == []
    assert partner["matrix"]["cells"] == []
    assert partner["populationCount"] == 0
    assert partner["totalOverlaps"] is None


def test_ended_partnership_reduced_form(
    graphql: GraphQL, partnership: dict[str, str]
) -> None:
    mutate(graphql, TAG, partnership["acme"], id=partnership["id"], tags=["pilot"])

    mutate(graphql, END, partnership["acme"], id=partnership["id"])

    for side, name, tags in (("acme", "Initech", ["pilot"]), ("initech", "Acme", [])):
        body = graphql(PARTNER, partnership[side], id=partnership["id"])
        assert "errors" not in body, body
        assert body["data"]["partner"] == {
            "id": partnership["id"],
            "name": name,
            "status": "ENDED",
            "tags": tags,
            "totalOverlaps": None,
            "populationCount": None,
            "matrix": None,
            "yourSharing": None,
        }


def test_partnering_again_starts_from_defaults(
    graphql: GraphQL, partnership: dict[str, str]
) -> None:
    share(graphql, partnership, "HIDDEN")
    mutate(graphql, TAG, partnership["acme"], id=partnership["id"], tags=["pilot"])
    mutate(graphql, END, partnership["initech"], id=partnership["id"])

    again = mutate(graphql, INVITE, partnership["acme"], domain="initech.com")
    mutate(graphql, ACCEPT, partnership["initech"], id=again["partner"]["id"])

    assert again["partner"]["id"] != partnership["id"]
    for side in ("acme", "initech"):
        body = graphql(PARTNER, partnership[side], id=again["partner"]["id"])
        partner = body["data"]["partner"]
        assert partner["status"] == "ACTIVE"
        assert partner["tags"] == []
        assert [item["fromOverride"] for item in partner["yourSharing"]] == [
            False,
            False,
            False,
        ]
        assert partner["matrix"]["columns"][0]["sharingLevel"] == "COUNTS"
        assert partner["totalOverlaps"] == 3
