"""setExchangeRate and setAccountDomain over HTTP.

The ecosystem is the one in tests/api/test_mutations_support.py: Acme's 50
EUR deal on k2 has no rate yet, and a6 has no website, so no match key.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    account_ids,
    build_acme_and_globex,
    dump_tables,
    influence,
    matrix_cells,
    partner_id,
    partner_numbers,
    payload_errors,
)

RATE = """mutation($currency: String!, $rate: String!) {
  setExchangeRate(currency: $currency, rate: $rate) {
    errors { code field message } currency rate
  }
}"""

DOMAIN = """mutation($account: ID!, $domain: String) {
  setAccountDomain(accountId: $account, domain: $domain) {
    errors { code field message }
    account { externalId website domainOverride matchKey noKeyReason }
  }
}"""

UNKNOWN_ID = "bm90LWFuLWlk"


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


def test_rate_brings_in_eur_deal(graphql: GraphQL, tokens: Tokens) -> None:
    body = graphql(RATE, tokens.admin, currency=" eur ", rate="1.5")

    assert body["data"]["setExchangeRate"] == {
        "errors": [],
        "currency": "EUR",
        "rate": "1.5",
    }
    # 100 USD + 50 EUR at 1.5 USD.
    assert partner_numbers(graphql, tokens.admin) == {
        "totalOverlaps": 3,
        "potentialInfluence": influence("175.00", 2),
    }


def test_rate_replaces_previous_rate(graphql: GraphQL, tokens: Tokens) -> None:
    graphql(RATE, tokens.admin, currency="EUR", rate="1.5")

    graphql(RATE, tokens.admin, currency="EUR", rate="0.123456")

    # 100 + 50 * 0.123456 = 106.1728, rounded once to cents.
    numbers = partner_numbers(graphql, tokens.admin)
    assert numbers["potentialInfluence"] == influence("106.17", 2)


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"currency": "EURO", "rate": "2"}, "currency"),
        ({"currency": "", "rate": "2"}, "currency"),
        ({"currency": "usd", "rate": "2"}, "currency"),
        ({"currency": "EUR", "rate": "abc"}, "rate"),
        ({"currency": "EUR", "rate": "-2"}, "rate"),
        ({"currency": "EUR", "rate": "0"}, "rate"),
        ({"currency": "EUR", "rate": "NaN"}, "rate"),
        ({"currency": "EUR", "rate": "1." + "1" * 70}, "rate"),
    ],
    ids=[
        "long-code",
        "empty-code",
        "corporate",
        "text",
        "negative",
        "zero",
        "nan",
        "too-many-digits",
    ],
)
def test_rate_rejects(
    graphql: GraphQL,
    tokens: Tokens,
    engine: Engine,
    variables: dict[str, str],
    field: str,
) -> None:
    partner_id(graphql, tokens.admin)  # records the token's use before the dump
    before = dump_tables(engine)

    body = graphql(RATE, tokens.admin, **variables)

    [error] = payload_errors(body, "setExchangeRate")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", field)
    assert body["data"]["setExchangeRate"]["rate"] is None
    assert dump_tables(engine) == before


def test_domain_gives_key_and_overlap(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    a6 = account_ids(graphql, tokens.admin)["a6"]

    body = graphql(DOMAIN, tokens.admin, account=a6, domain=" https://www.k9.com/x ")

    assert body["data"]["setAccountDomain"] == {
        "errors": [],
        "account": {
            "externalId": "a6",
            "website": None,
            "domainOverride": "https://www.k9.com/x",
            "matchKey": "k9.com",
            "noKeyReason": None,
        },
    }
    # Prospects is now {k4, k5, k9}, and Globex lists k9.
    assert matrix_cells(graphql, tokens.admin, partner) == {
        "Open Opportunities / Prospects": 2,
        "Prospects / Prospects": 2,
    }
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 4


def test_domain_override_wins_over_website(graphql: GraphQL, tokens: Tokens) -> None:
    a4 = account_ids(graphql, tokens.admin)["a4"]

    graphql(DOMAIN, tokens.admin, account=a4, domain="k8.com")

    # a4 leaves k4 for k8, which Globex does not list: only k1 and k2 remain.
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 2


def test_null_domain_restores_website_key(graphql: GraphQL, tokens: Tokens) -> None:
    a4 = account_ids(graphql, tokens.admin)["a4"]
    graphql(DOMAIN, tokens.admin, account=a4, domain="k8.com")

    body = graphql(DOMAIN, tokens.admin, account=a4, domain=None)

    account = body["data"]["setAccountDomain"]["account"]
    assert (account["domainOverride"], account["matchKey"]) == (None, "k4.com")
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 3


@pytest.mark.parametrize("domain", ["gmail.com", "n/a", "", "10.0.0.1", "github.io"])
def test_domain_rejects_keyless_value(
    graphql: GraphQL, tokens: Tokens, engine: Engine, domain: str
) -> None:
    a4 = account_ids(graphql, tokens.admin)["a4"]
    before = dump_tables(engine)

    body = graphql(DOMAIN, tokens.admin, account=a4, domain=domain)

    [error] = payload_errors(body, "setAccountDomain")
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "domain")
    assert body["data"]["setAccountDomain"]["account"] is None
    assert dump_tables(engine) == before


def test_partner_account_reads_as_unknown(graphql: GraphQL, tokens: Tokens) -> None:
    foreign = account_ids(graphql, tokens.partner)["g0"]

    foreign_body = graphql(DOMAIN, tokens.admin, account=foreign, domain="k9.com")
    forged_body = graphql(DOMAIN, tokens.admin, account=UNKNOWN_ID, domain="k9.com")

    assert foreign_body == forged_body
    [error] = payload_errors(foreign_body, "setAccountDomain")
    assert (error["code"], error["field"]) == ("NOT_FOUND", "accountId")
