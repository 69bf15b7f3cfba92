"""Money is exact on every database: no binary float ever touches it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from app.core.money import (
    format_amount,
    from_units,
    parse_rate,
    round_to_minor_unit,
    to_units,
)
from app.storage.models import DataSource, ExchangeRate, Opportunity, Organization


def _organization_with_source(session: Session) -> tuple[Organization, DataSource]:
    organization = Organization(
        slug="acme", name="Acme", domain="acme.com", domain_key="acme.com"
    )
    session.add(organization)
    session.flush()
    source = DataSource(
        organization_id=organization.id, kind="SALESFORCE", name="SALESFORCE"
    )
    session.add(source)
    session.flush()
    return organization, source


def test_database_sum_of_dimes_is_exact(session: Session) -> None:
    organization, source = _organization_with_source(session)
    amounts = [Decimal("0.10"), Decimal("0.20")] * 5_000
    for number, amount in enumerate(amounts):
        session.add(
            Opportunity(
                organization_id=organization.id,
                data_source_id=source.id,
                external_id=f"opp-{number}",
                amount_units=to_units(amount),
            )
        )
    session.commit()

    total_units = session.exec(select(func.sum(Opportunity.amount_units))).one()

    assert from_units(total_units) == Decimal("1500.00")


def test_exchange_rate_round_trips_exactly(session: Session) -> None:
    organization, _ = _organization_with_source(session)
    rate = Decimal("1.0812345678901234567")
    session.add(
        ExchangeRate(organization_id=organization.id, currency="EUR", rate=rate)
    )
    session.commit()
    session.expire_all()

    stored = session.exec(select(ExchangeRate)).one()

    assert stored.rate == rate


def test_large_amount_fits_in_units(session: Session) -> None:
    organization, source = _organization_with_source(session)
    amount = Decimal("922337203685.4775")
    session.add(
        Opportunity(
            organization_id=organization.id,
            data_source_id=source.id,
            external_id="big",
            amount_units=to_units(amount),
        )
    )
    session.commit()
    session.expire_all()

    stored = session.exec(select(Opportunity)).one()

    assert from_units(stored.amount_units) == amount


def test_to_units_rejects_fifth_decimal() -> None:
    with pytest.raises(ValueError, match="more than 4 decimals"):
        to_units(Decimal("0.00001"))


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.125", "USD", "0.12"),
        ("0.135", "USD", "0.14"),
        ("679538", "USD", "679538.00"),
        ("1234.5", "JPY", "1234"),
        ("1235.5", "JPY", "1236"),
        ("1.2345", "KWD", "1.234"),
    ],
)
def test_rounding_is_half_to_even(amount: str, currency: str, expected: str) -> None:
    assert format_amount(Decimal(amount), currency) == expected


def test_round_keeps_exact_decimal_type() -> None:
    assert round_to_minor_unit(Decimal("2.675"), "USD") == Decimal("2.68")


@pytest.mark.parametrize("text", ["0", "-1", "abc", "NaN", "Infinity"])
def test_parse_rate_rejects_invalid(text: str) -> None:
    with pytest.raises(ValueError, match="invalid exchange rate"):
        parse_rate(text)
