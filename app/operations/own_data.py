"""Reads of the viewer's own rows: data sources, populations and accounts.

Every function takes the viewer organization's id and returns only its rows,
so another organization's id reads as missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.storage.models import Account, DataSource, Membership, Opportunity, Population


@dataclass(frozen=True)
class PopulationSummary:
    population: Population
    size: int
    account_count: int


def list_data_sources(
    session: Session, *, organization_id: int
) -> Sequence[DataSource]:
    return session.exec(
        select(DataSource)
        .where(DataSource.organization_id == organization_id)
        .order_by(DataSource.id)
    ).all()


def get_data_source(
    session: Session, *, organization_id: int, data_source_id: int
) -> DataSource | None:
    source = session.get(DataSource, data_source_id)
    if source is None or source.organization_id != organization_id:
        return None
    return source


def list_populations(
    session: Session, *, organization_id: int
) -> list[PopulationSummary]:
    """Return the organization's populations with their size in distinct keys."""
    populations = session.exec(
        select(Population)
        .where(Population.organization_id == organization_id)
        .order_by(Population.id)
    ).all()
    sizes = dict(
        session.exec(
            select(
                Membership.population_id, func.count(func.distinct(Account.match_key))
            )
            .join(Account, Account.id == Membership.account_id)
            .where(Account.organization_id == organization_id)
            .group_by(Membership.population_id)
        ).all()
    )
    counts = dict(
        session.exec(
            select(Membership.population_id, func.count())
            .join(Account, Account.id == Membership.account_id)
            .where(Account.organization_id == organization_id)
            .group_by(Membership.population_id)
        ).all()
    )
    return [
        PopulationSummary(
            population=population,
            size=sizes.get(population.id, 0),
            account_count=counts.get(population.id, 0),
        )
        for population in populations
    ]


def population_accounts(
    session: Session, *, organization_id: int, population_id: int
) -> Sequence[Account]:
    """Return a population's accounts ordered by external id, then id."""
    return session.exec(
        select(Account)
        .join(Membership, Membership.account_id == Account.id)
        .where(
            Membership.population_id == population_id,
            Account.organization_id == organization_id,
        )
        .order_by(Account.external_id, Account.id)
    ).all()


def unmatched_accounts(session: Session, *, organization_id: int) -> Sequence[Account]:
    """Return the accounts without a match key, ordered by external id, then id."""
    return session.exec(
        select(Account)
        .where(Account.organization_id == organization_id, Account.match_key.is_(None))
        .order_by(Account.external_id, Account.id)
    ).all()


def get_account(
    session: Session, *, organization_id: int, account_id: int
) -> Account | None:
    account = session.get(Account, account_id)
    if account is None or account.organization_id != organization_id:
        return None
    return account


def get_opportunity(
    session: Session, *, organization_id: int, opportunity_id: int
) -> Opportunity | None:
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.organization_id != organization_id:
        return None
    return opportunity


def account_opportunities(
    session: Session, *, organization_id: int, account_ids: Sequence[int]
) -> dict[int, list[Opportunity]]:
    """Return each account's opportunities, ordered by close date, then id."""
    result: dict[int, list[Opportunity]] = {
        account_id: [] for account_id in account_ids
    }
    if not account_ids:
        return result
    rows = session.exec(
        select(Opportunity)
        .where(
            Opportunity.organization_id == organization_id,
            Opportunity.account_id.in_(list(account_ids)),
        )
        .order_by(Opportunity.close_date, Opportunity.id)
    ).all()
    for opportunity in rows:
        result[opportunity.account_id].append(opportunity)
    return result


def get_accounts(
    session: Session, *, organization_id: int, account_ids: Sequence[int]
) -> dict[int, Account]:
    """Return the organization's accounts among `account_ids`, by id."""
    if not account_ids:
        return {}
    rows = session.exec(
        select(Account).where(
            Account.organization_id == organization_id,
            Account.id.in_(list(account_ids)),
        )
    ).all()
    return {row.id: row for row in rows}


def opportunities_of_accounts(
    session: Session, *, organization_id: int, account_ids: Sequence[int]
) -> list[Opportunity]:
    """Return every opportunity of the given accounts, by id."""
    found: list[Opportunity] = []
    ids = list(account_ids)
    for start in range(0, len(ids), 5_000):
        found.extend(
            session.exec(
                select(Opportunity).where(
                    Opportunity.organization_id == organization_id,
                    Opportunity.account_id.in_(ids[start : start + 5_000]),
                )
            ).all()
        )
    found.sort(key=lambda opportunity: opportunity.id)
    return found
