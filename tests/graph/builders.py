"""Small builders that insert ecosystems straight into the storage tables.

Memberships are written as given (no recomputation), so a test decides
exactly which accounts each population holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, select

from app.core.money import to_units
from app.storage.models import (
    Account,
    DataSource,
    ExchangeRate,
    Membership,
    Opportunity,
    Organization,
    Partnership,
    Population,
    SharingOverride,
)
from app.storage.types import utc_now
from tests.helpers import make_organization

CRM_FIELDS = ["ACCOUNTS", "OPPORTUNITY_AMOUNT", "OPPORTUNITY_STAGE"]
SHARED_FIELDS = ["name", "website"]

_numbers = itertools.count(1)


def make_org(
    session: Session,
    slug: str,
    *,
    plan: str = "connector",
    currency: str = "USD",
    source_kind: str = "SALESFORCE",
    synced_fields: Iterable[str] = CRM_FIELDS,
    hide_standard: bool = True,
) -> Organization:
    """Create an organization with one data source.

    With `hide_standard`, the three standard populations default to HIDDEN,
    so they stay out of rows, columns and exclusions unless a test shares them.
    """
    organization = make_organization(session, slug, plan=plan, currency=currency)
    if hide_standard:
        session.execute(
            update(Population)
            .where(Population.organization_id == organization.id)
            .values(default_level="HIDDEN")
        )
    session.add(
        DataSource(
            organization_id=organization.id,
            kind=source_kind,
            name=source_kind.title(),
            synced_fields=list(synced_fields),
        )
    )
    session.commit()
    return organization


def source_of(session: Session, organization: Organization) -> DataSource:
    return session.exec(
        select(DataSource)
        .where(DataSource.organization_id == organization.id)
        .order_by(DataSource.id)
    ).first()


def add_source(
    session: Session, organization: Organization, kind: str, synced_fields=()
) -> DataSource:
    source = DataSource(
        organization_id=organization.id,
        kind=kind,
        name=f"{kind.title()} {next(_numbers)}",
        synced_fields=list(synced_fields),
    )
    session.add(source)
    session.flush()
    return source


def add_account(
    session: Session,
    organization: Organization,
    key: str | None,
    *,
    external_id: str | None = None,
    source: DataSource | None = None,
) -> Account:
    source = source or source_of(session, organization)
    account = Account(
        organization_id=organization.id,
        data_source_id=source.id,
        external_id=external_id or f"ACC-{next(_numbers):05d}",
        name=f"Company {key}",
        website=key,
        match_key=key,
        no_key_reason=None if key else "empty",
    )
    session.add(account)
    session.flush()
    return account


def add_opportunity(
    session: Session,
    account: Account | None,
    amount: str | None,
    *,
    organization: Organization | None = None,
    currency: str | None = None,
    outcome: str | None = "OPEN",
) -> Opportunity:
    """Add an opportunity; `outcome=None` is an unmapped stage."""
    if account is not None:
        organization_id = account.organization_id
        source_id = account.data_source_id
    else:
        organization_id = organization.id
        source_id = source_of(session, organization).id
    opportunity = Opportunity(
        organization_id=organization_id,
        data_source_id=source_id,
        external_id=f"OPP-{next(_numbers):05d}",
        account_id=account.id if account is not None else None,
        account_external_id=account.external_id if account is not None else "GONE",
        amount_units=None if amount is None else to_units(Decimal(amount)),
        currency=currency,
        stage="Stage" if outcome is None else outcome.title(),
        outcome=outcome,
    )
    session.add(opportunity)
    session.flush()
    return opportunity


def add_population(
    session: Session,
    organization: Organization,
    name: str,
    accounts: Iterable[Account] = (),
    *,
    level: str = "HIDDEN",
    fields: Iterable[str] | None = None,
) -> Population:
    """Add a custom population holding exactly `accounts`."""
    if fields is None:
        fields = SHARED_FIELDS if level in ("OVERLAPS", "ALL") else []
    population = Population(
        organization_id=organization.id,
        name=name,
        filter={"and": []},
        default_level=level,
        default_fields=list(fields),
    )
    session.add(population)
    session.flush()
    add_members(session, population, accounts)
    return population


def add_members(
    session: Session, population: Population, accounts: Iterable[Account]
) -> None:
    for account in accounts:
        session.add(Membership(population_id=population.id, account_id=account.id))
    session.flush()


def standard_population(
    session: Session, organization: Organization, standard_type: str
) -> Population:
    return session.exec(
        select(Population).where(
            Population.organization_id == organization.id,
            Population.standard_type == standard_type,
        )
    ).one()


def add_partnership(
    session: Session,
    inviter: Organization,
    invitee: Organization | None,
    *,
    status: str = "ACTIVE",
    was_active: bool | None = None,
) -> Partnership:
    now = utc_now()
    partnership = Partnership(
        inviter_id=inviter.id,
        invitee_id=invitee.id if invitee is not None else None,
        invited_domain=invitee.domain_key if invitee is not None else "nobody.com",
        status=status,
        was_active=status in ("ACTIVE", "ENDED") if was_active is None else was_active,
        partnered_at=now if status == "ACTIVE" else None,
    )
    session.add(partnership)
    session.flush()
    return partnership


def set_override(
    session: Session,
    partnership: Partnership,
    population: Population,
    level: str,
    fields: Iterable[str] | None = None,
) -> None:
    if fields is None:
        fields = SHARED_FIELDS if level in ("OVERLAPS", "ALL") else []
    session.merge(
        SharingOverride(
            partnership_id=partnership.id,
            population_id=population.id,
            level=level,
            fields=list(fields),
        )
    )
    session.flush()


def set_rate(
    session: Session, organization: Organization, currency: str, rate: str
) -> None:
    session.merge(
        ExchangeRate(
            organization_id=organization.id, currency=currency, rate=Decimal(rate)
        )
    )
    session.flush()


def save(session: Session) -> None:
    """Bump every stamp and commit, as each real write does for what it changed."""
    session.execute(
        update(Organization).values(data_version=Organization.data_version + 1)
    )
    session.execute(
        update(Partnership).values(policy_version=Partnership.policy_version + 1)
    )
    session.commit()


def view_for(engine, viewer: Organization, partnership: Partnership, min_size=1):
    """Return the fresh ecosystem and the viewer's view of a partnership."""
    from app.graph import get_ecosystem
    from app.policy import view_partnership

    ecosystem = get_ecosystem(engine)
    view = view_partnership(
        ecosystem, viewer.id, partnership.id, min_comparison_size=min_size
    )
    return ecosystem, view
