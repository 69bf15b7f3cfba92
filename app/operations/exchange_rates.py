"""Exchange rates into the corporate currency, which itself is fixed at 1."""

from __future__ import annotations

import logging
from decimal import Decimal

from sqlalchemy import delete
from sqlmodel import Session, select

from app.core.errors import InvalidInputError, NotFoundError
from app.core.money import normalize_currency, parse_rate
from app.operations.lookups import population_ids_of
from app.operations.permissions import require_admin
from app.populations import recompute_memberships
from app.storage.models import ExchangeRate, Organization, User
from app.storage.types import utc_now
from app.storage.versions import bump_organization

logger = logging.getLogger(__name__)

# The rate column stores the exact decimal text in at most 64 characters.
_MAX_RATE_TEXT_LENGTH = 64


def set_exchange_rate(
    session: Session, actor: User, currency: str, rate: str | Decimal
) -> ExchangeRate:
    """Set how many corporate-currency units one unit of `currency` is worth."""
    require_admin(actor, "setting exchange rates")
    organization = session.get(Organization, actor.organization_id)
    code = _currency(currency)
    if code == organization.currency:
        raise InvalidInputError(
            f"{code} is your corporate currency, whose rate is always 1; "
            "set rates for other currencies",
            field="currency",
        )
    try:
        parsed = parse_rate(rate)
    except ValueError as error:
        raise InvalidInputError(str(error), field="rate") from None
    if len(format(parsed, "f")) > _MAX_RATE_TEXT_LENGTH:
        raise InvalidInputError(
            f"exchange rate {rate!r} has more than {_MAX_RATE_TEXT_LENGTH} digits; "
            "round it",
            field="rate",
        )

    row = session.get(ExchangeRate, (organization.id, code))
    if row is None:
        row = ExchangeRate(organization_id=organization.id, currency=code, rate=parsed)
    row.rate = parsed
    row.updated_at = utc_now()
    session.add(row)
    session.flush()
    _rates_changed(session, organization.id)
    logger.info(
        "organization %s: 1 %s = %s %s",
        organization.id,
        code,
        parsed,
        organization.currency,
    )
    return row


def delete_exchange_rate(session: Session, actor: User, currency: str) -> None:
    """Remove a currency's rate, so its opportunities count in no amount."""
    require_admin(actor, "deleting exchange rates")
    organization_id = actor.organization_id
    code = _currency(currency)
    removed = session.execute(
        delete(ExchangeRate).where(
            ExchangeRate.organization_id == organization_id,
            ExchangeRate.currency == code,
        )
    ).rowcount
    if not removed:
        raise NotFoundError(
            f"no exchange rate for {code}; list your rates to see which are set",
            field="currency",
        )
    _rates_changed(session, organization_id)


def exchange_rates_of(session: Session, organization_id: int) -> dict[str, Decimal]:
    """Return every rate of the organization, its corporate currency at 1."""
    organization = session.get(Organization, organization_id)
    rates = dict(
        session.exec(
            select(ExchangeRate.currency, ExchangeRate.rate).where(
                ExchangeRate.organization_id == organization_id
            )
        ).all()
    )
    rates[organization.currency] = Decimal(1)
    return rates


def _currency(currency: str) -> str:
    try:
        return normalize_currency(currency)
    except (ValueError, AttributeError):
        raise InvalidInputError(
            f"invalid currency {currency!r}: expected a three-letter ISO 4217 code "
            "such as EUR",
            field="currency",
        ) from None


def _rates_changed(session: Session, organization_id: int) -> None:
    """Recompute the custom populations, whose open_amount depends on rates."""
    recompute_memberships(
        session,
        organization_id,
        population_ids=population_ids_of(session, organization_id, standard=False),
    )
    bump_organization(session, organization_id)
