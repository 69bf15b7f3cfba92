"""Tiny ecosystems for API tests, written straight into storage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from app.core.money import to_units
from app.matching import compute_key
from app.populations import recompute_memberships
from app.storage.models import Account, DataSource, Opportunity, Organization, User
from app.storage.versions import bump_organization


def add_source(
    session: Session, organization: Organization, kind: str = "SALESFORCE"
) -> DataSource:
    synced = ["ACCOUNTS"]
    if kind in {"SALESFORCE", "HUBSPOT"}:
        synced += ["OPPORTUNITY_AMOUNT", "OPPORTUNITY_STAGE"]
    source = DataSource(
        organization_id=organization.id,
        kind=kind,
        name=kind,
        synced_fields=synced,
        customer_types=["Customer"],
    )
    session.add(source)
    session.flush()
    return source


def add_account(
    session: Session,
    source: DataSource,
    external_id: str,
    website: str | None,
    *,
    name: str | None = None,
    industry: str | None = None,
    custom: dict[str, str] | None = None,
) -> Account:
    result = compute_key(website)
    account = Account(
        organization_id=source.organization_id,
        data_source_id=source.id,
        external_id=external_id,
        name=name or external_id.title(),
        website=website,
        industry=industry,
        custom=custom or {},
        match_key=result.key,
        no_key_reason=result.reason,
    )
    session.add(account)
    session.flush()
    return account


def add_opportunity(
    session: Session,
    account: Account,
    amount: str | None,
    *,
    outcome: str | None = "OPEN",
    currency: str | None = None,
    stage: str = "Prospecting",
    close_date: date | None = None,
) -> Opportunity:
    opportunity = Opportunity(
        organization_id=account.organization_id,
        data_source_id=account.data_source_id,
        external_id=f"{account.external_id}-opp-{amount}-{outcome}",
        account_external_id=account.external_id,
        account_id=account.id,
        name=f"{account.name} deal",
        amount_units=None if amount is None else to_units(Decimal(amount)),
        currency=currency,
        stage=stage,
        outcome=outcome,
        close_date=close_date,
    )
    session.add(opportunity)
    session.flush()
    return opportunity


def finish(session: Session, organization: Organization) -> None:
    """Recompute memberships, bump the stamp and commit."""
    recompute_memberships(session, organization.id)
    bump_organization(session, organization.id)
    session.commit()


def admin_of(session: Session, organization: Organization) -> User:
    return session.exec(
        select(User).where(
            User.organization_id == organization.id, User.role == "ADMIN"
        )
    ).first()
