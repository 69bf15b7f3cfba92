"""Manual domains that decide an account's match key."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.core.errors import ForbiddenError, InvalidInputError, NotFoundError
from app.operations.account_domains import set_account_domain
from app.populations import recompute_memberships
from app.storage.models import Account, Membership, Organization, Population, User
from tests.operations.builders import (
    add_account,
    add_data_source,
    add_opportunity,
    dump_database,
    read_stamps,
    stamp_changes,
)


@pytest.fixture
def accounts(session: Session, acme: Organization) -> dict[str, Account]:
    source = add_data_source(session, acme)
    with_site = add_account(session, source, "a", website="https://nissan-global.com")
    without_site = add_account(session, source, "b", website="n/a", type="Customer")
    add_opportunity(session, with_site, "o1", outcome="OPEN")
    recompute_memberships(session, acme.id)
    session.commit()
    return {"with_site": with_site, "without_site": without_site}


def _population_of(session: Session, account_id: int) -> set[str]:
    return set(
        session.exec(
            select(Population.name)
            .join(Membership, Membership.population_id == Population.id)
            .where(Membership.account_id == account_id)
        ).all()
    )


def test_set_domain_merges_by_key(
    session: Session, admin: User, accounts: dict[str, Account]
) -> None:
    account = accounts["without_site"]
    stamps = read_stamps(session)

    set_account_domain(session, admin, account.id, " www.Nissan-Global.com ")

    session.expire_all()
    assert account.domain_override == "www.Nissan-Global.com"
    assert account.match_key == "nissan-global.com"
    assert account.no_key_reason is None
    assert _population_of(session, accounts["with_site"].id) == {
        "Customers",
        "Open Opportunities",
    }
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1
    }


def test_clear_domain_restores_website_key(
    session: Session, admin: User, accounts: dict[str, Account]
) -> None:
    account = accounts["without_site"]
    set_account_domain(session, admin, account.id, "nissan-global.com")

    set_account_domain(session, admin, account.id, None)

    assert account.domain_override is None
    assert account.match_key is None
    assert account.no_key_reason == "placeholder"
    assert _population_of(session, accounts["with_site"].id) == {"Open Opportunities"}


def test_set_domain_rejects_no_key(
    session: Session, admin: User, accounts: dict[str, Account]
) -> None:
    before = dump_database(session)

    with pytest.raises(
        InvalidInputError, match=r"invalid domain 'gmail\.com'"
    ) as raised:
        set_account_domain(session, admin, accounts["with_site"].id, "gmail.com")

    assert raised.value.field == "domain"
    assert dump_database(session) == before


def test_set_domain_hides_foreign_account(
    session: Session, admin: User, globex: Organization
) -> None:
    foreign = add_account(session, add_data_source(session, globex), "g")

    with pytest.raises(NotFoundError) as raised:
        set_account_domain(session, admin, foreign.id, "globex.com")

    assert raised.value.message == (
        f"account {foreign.id} not found; search your accounts to find its id"
    )


def test_member_cannot_set_domain(
    session: Session, member: User, accounts: dict[str, Account]
) -> None:
    before = dump_database(session)

    with pytest.raises(ForbiddenError):
        set_account_domain(session, member, accounts["without_site"].id, "x.com")

    assert dump_database(session) == before
