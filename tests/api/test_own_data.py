"""The viewer's own populations and unmatched accounts over HTTP."""

from __future__ import annotations

from sqlmodel import Session

from app.populations import recompute_memberships
from app.storage.models import Account, DataSource
from tests.api.conftest import GraphQL
from tests.helpers import make_organization, make_token


def _add_accounts(
    session: Session, organization_id: int, websites: list[str | None]
) -> None:
    from app.matching import compute_key

    source = DataSource(organization_id=organization_id, kind="CSV", name="accounts")
    session.add(source)
    session.flush()
    for number, website in enumerate(websites):
        result = compute_key(website)
        session.add(
            Account(
                organization_id=organization_id,
                data_source_id=source.id,
                external_id=f"a{number:02d}",
                name=f"Company {number}",
                website=website,
                match_key=result.key,
                no_key_reason=result.reason,
            )
        )
    session.flush()
    recompute_memberships(session, organization_id)
    session.commit()


def test_populations_report_sizes_in_keys(graphql: GraphQL, session: Session) -> None:
    acme = make_organization(session, "acme")
    _add_accounts(session, acme.id, ["a.com", "www.a.com", "b.com", None, "n/a"])
    token = make_token(session, "acme", "ann@acme.com").token

    body = graphql("{ populations { name standardType size accountCount } }", token)

    assert body["data"]["populations"] == [
        {
            "name": "Customers",
            "standardType": "CUSTOMERS",
            "size": 0,
            "accountCount": 0,
        },
        {
            "name": "Open Opportunities",
            "standardType": "OPEN_OPPORTUNITIES",
            "size": 0,
            "accountCount": 0,
        },
        {
            "name": "Prospects",
            "standardType": "PROSPECTS",
            "size": 2,
            "accountCount": 5,
        },
    ]


def test_unmatched_accounts_pages_by_cursor(graphql: GraphQL, session: Session) -> None:
    acme = make_organization(session, "acme")
    _add_accounts(session, acme.id, [None, "n/a", "gmail.com", "a.com", "-"])
    token = make_token(session, "acme", "ann@acme.com").token
    query = """query($after: String) {
      unmatchedAccounts(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { externalId noKeyReason } }
      }
    }"""

    first = graphql(query, token)["data"]["unmatchedAccounts"]
    second = graphql(query, token, after=first["pageInfo"]["endCursor"])["data"][
        "unmatchedAccounts"
    ]

    assert first["totalCount"] == 4
    assert [edge["node"] for edge in first["edges"]] == [
        {"externalId": "a00", "noKeyReason": "empty"},
        {"externalId": "a01", "noKeyReason": "placeholder"},
    ]
    assert first["pageInfo"]["hasNextPage"] is True
    assert [edge["node"] for edge in second["edges"]] == [
        {"externalId": "a02", "noKeyReason": "blocklisted"},
        {"externalId": "a04", "noKeyReason": "placeholder"},
    ]
    assert second["pageInfo"]["hasNextPage"] is False


def test_population_of_other_org_is_invisible(
    graphql: GraphQL, session: Session
) -> None:
    make_organization(session, "acme")
    make_organization(session, "globex")
    acme_token = make_token(session, "acme", "ann@acme.com").token
    globex_token = make_token(session, "globex", "gus@globex.com").token

    acme_names = graphql("{ populations { id } }", acme_token)["data"]["populations"]
    globex_names = graphql("{ populations { id } }", globex_token)["data"][
        "populations"
    ]

    assert len(acme_names) == 3
    assert not {item["id"] for item in acme_names} & {
        item["id"] for item in globex_names
    }
