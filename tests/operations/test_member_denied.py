"""Members may only tag partners: every other change raises and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session

from app.core.errors import ForbiddenError
from app.operations.account_domains import set_account_domain
from app.operations.data_sources import (
    delete_data_source,
    set_customer_types,
    set_stage_mapping,
)
from app.operations.exchange_rates import delete_exchange_rate, set_exchange_rate
from app.operations.partnerships import (
    accept_partnership,
    decline_partnership,
    end_partnership,
    invite_partner,
)
from app.operations.populations import (
    create_population,
    delete_population,
    update_population,
)
from app.operations.sharing import set_sharing
from app.operations.tags import tag_partner, tags_of
from app.storage.models import Organization, User
from tests.operations.builders import add_account, add_data_source, dump_database

RETAIL = {"field": "industry", "op": "eq", "value": "Retailing"}


@pytest.fixture
def world(
    session: Session, admin: User, member: User, globex_admin: User
) -> dict[str, int]:
    """One object of each kind in acme, and partnerships in both directions."""
    acme = session.get(Organization, admin.organization_id)
    source = add_data_source(session, acme)
    account = add_account(session, source, "a", website="walmart.com")
    population = create_population(session, admin, name="Retail", filter=RETAIL)
    set_exchange_rate(session, admin, "EUR", "1.1")
    received = invite_partner(session, globex_admin, "acme.com")
    sent = invite_partner(session, admin, "initech.com")
    session.commit()
    return {
        "source": source.id,
        "account": account.id,
        "population": population.id,
        "received": received.id,
        "sent": sent.id,
    }


ATTEMPTS: dict[str, Callable[[Session, User, dict[str, int]], object]] = {
    "invite": lambda s, u, _ids: invite_partner(s, u, "hooli.com"),
    "accept": lambda s, u, ids: accept_partnership(s, u, ids["received"]),
    "decline": lambda s, u, ids: decline_partnership(s, u, ids["received"]),
    "end": lambda s, u, ids: end_partnership(s, u, ids["sent"]),
    "create population": lambda s, u, _ids: create_population(
        s, u, name="Other", filter=RETAIL
    ),
    "update population": lambda s, u, ids: update_population(
        s, u, ids["population"], name="Renamed"
    ),
    "delete population": lambda s, u, ids: delete_population(s, u, ids["population"]),
    "default sharing": lambda s, u, ids: set_sharing(
        s, u, population_id=ids["population"], level="COUNTS"
    ),
    "override": lambda s, u, ids: set_sharing(
        s, u, population_id=ids["population"], partnership_id=ids["sent"], level=None
    ),
    "set rate": lambda s, u, _ids: set_exchange_rate(s, u, "GBP", "1.27"),
    "delete rate": lambda s, u, _ids: delete_exchange_rate(s, u, "EUR"),
    "map stage": lambda s, u, ids: set_stage_mapping(s, u, ids["source"], "Won", "WON"),
    "customer types": lambda s, u, ids: set_customer_types(
        s, u, ids["source"], ["Client"]
    ),
    "delete source": lambda s, u, ids: delete_data_source(s, u, ids["source"]),
    "account domain": lambda s, u, ids: set_account_domain(
        s, u, ids["account"], "walmart.com"
    ),
}


@pytest.mark.parametrize("action", sorted(ATTEMPTS))
def test_member_denied(
    session: Session, member: User, world: dict[str, int], action: str
) -> None:
    before = dump_database(session)

    with pytest.raises(ForbiddenError) as raised:
        ATTEMPTS[action](session, member, world)

    assert raised.value.message.endswith(
        "needs the ADMIN role; user bob@acme.com is a member. Ask an admin of "
        "your organization."
    )
    assert dump_database(session) == before


def test_member_may_tag(session: Session, member: User, world: dict[str, int]) -> None:
    stored = tag_partner(session, member, world["sent"], ["later"])

    assert stored == ["later"]
    assert tags_of(session, member.organization_id, world["sent"]) == ["later"]
