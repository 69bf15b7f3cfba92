"""Exchange rates into the corporate currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from app.core.errors import ForbiddenError, InvalidInputError, NotFoundError
from app.operations.exchange_rates import (
    delete_exchange_rate,
    exchange_rates_of,
    set_exchange_rate,
)
from app.operations.populations import create_population
from app.storage.models import Membership, Organization, User
from tests.operations.builders import (
    add_account,
    add_data_source,
    add_opportunity,
    dump_database,
    read_stamps,
    stamp_changes,
)


def test_set_rate_stores_exact_decimal(session: Session, admin: User) -> None:
    stamps = read_stamps(session)

    set_exchange_rate(session, admin, " eur ", "1.0832")
    session.commit()

    assert exchange_rates_of(session, admin.organization_id) == {
        "EUR": Decimal("1.0832"),
        "USD": Decimal(1),
    }
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1
    }


def test_set_rate_replaces_rate(session: Session, admin: User) -> None:
    set_exchange_rate(session, admin, "GBP", "1.25")

    set_exchange_rate(session, admin, "GBP", Decimal("1.2731"))

    assert exchange_rates_of(session, admin.organization_id)["GBP"] == Decimal("1.2731")


@pytest.mark.parametrize(
    "case",
    [
        (
            "USD",
            "1",
            "USD is your corporate currency, whose rate is always 1",
            "currency",
        ),
        ("EURO", "1.1", "invalid currency 'EURO'", "currency"),
        ("EUR", "0", "invalid exchange rate '0': expected a positive decimal", "rate"),
        ("EUR", "abc", "invalid exchange rate 'abc'", "rate"),
        ("EUR", "1e70", "exchange rate '1e70' has more than 64 digits", "rate"),
    ],
)
def test_set_rate_rejects(session: Session, admin: User, case: tuple) -> None:
    currency, rate, message, field = case
    before = dump_database(session)

    with pytest.raises(InvalidInputError) as raised:
        set_exchange_rate(session, admin, currency, rate)

    assert raised.value.message.startswith(message)
    assert raised.value.field == field
    assert dump_database(session) == before


def test_member_cannot_set_rate(session: Session, member: User) -> None:
    before = dump_database(session)

    with pytest.raises(ForbiddenError):
        set_exchange_rate(session, member, "EUR", "1.1")

    assert dump_database(session) == before


def test_rate_change_recomputes_amount_filters(
    session: Session, admin: User, acme: Organization
) -> None:
    source = add_data_source(session, acme)
    account = add_account(session, source, "a1", website="a1.com")
    add_opportunity(session, account, "o1", amount="1000", currency="EUR")
    population = create_population(
        session,
        admin,
        name="Big pipeline",
        filter={"field": "open_amount", "op": "gte", "value": 1000},
    )
    members_without_rate = _members(session, population.id)

    set_exchange_rate(session, admin, "EUR", "1.08")

    assert members_without_rate == set()
    assert _members(session, population.id) == {account.id}


def test_delete_rate(session: Session, admin: User) -> None:
    set_exchange_rate(session, admin, "EUR", "1.08")

    delete_exchange_rate(session, admin, "eur")

    assert exchange_rates_of(session, admin.organization_id) == {"USD": Decimal(1)}
    with pytest.raises(NotFoundError, match="no exchange rate for EUR"):
        delete_exchange_rate(session, admin, "EUR")


def _members(session: Session, population_id: int) -> set[int]:
    return set(
        session.exec(
            select(Membership.account_id).where(
                Membership.population_id == population_id
            )
        ).all()
    )
