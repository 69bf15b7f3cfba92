"""Recompute which accounts belong to which population, with set-based writes.

Standard populations are decided per match key over all of an organization's
accounts. A key is a customer when some account with it has a customer type of
its data source or a WON opportunity. A key has open opportunities when some
account with it has an OPEN or unmapped-stage opportunity. Every other key is a
prospect, and an account without a key is classified on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from app.core.enums import Outcome, StandardPopulation
from app.storage.models import Account, DataSource, Membership, Opportunity, Population

DEFAULT_CUSTOMER_TYPES = ("Customer", "Customer - Direct", "Customer - Channel")

_CHUNK = 5_000


def standard_population_members(
    session: Session, organization_id: int
) -> dict[StandardPopulation, set[int]]:
    """Return the account ids of each standard population of an organization."""
    customer_types = {
        source_id: {value.casefold() for value in types}
        for source_id, types in session.exec(
            select(DataSource.id, DataSource.customer_types).where(
                DataSource.organization_id == organization_id
            )
        ).all()
    }
    accounts = session.exec(
        select(
            Account.id, Account.match_key, Account.type, Account.data_source_id
        ).where(Account.organization_id == organization_id)
    ).all()
    outcomes_by_account: dict[int, set[str | None]] = defaultdict(set)
    for account_id, outcome in session.exec(
        select(Opportunity.account_id, Opportunity.outcome).where(
            Opportunity.organization_id == organization_id,
            Opportunity.account_id.is_not(None),
        )
    ).all():
        outcomes_by_account[account_id].add(outcome)

    # A group is a match key, or a single account when it has no key.
    groups: dict[object, list[int]] = defaultdict(list)
    customer_groups: set[object] = set()
    open_groups: set[object] = set()
    for account_id, key, account_type, source_id in accounts:
        group = key if key is not None else ("account", account_id)
        groups[group].append(account_id)
        outcomes = outcomes_by_account.get(account_id, set())
        types = customer_types.get(source_id, set())
        if Outcome.WON in outcomes or (
            account_type is not None and account_type.strip().casefold() in types
        ):
            customer_groups.add(group)
        if Outcome.OPEN in outcomes or None in outcomes:
            open_groups.add(group)

    members: dict[StandardPopulation, set[int]] = {
        population: set() for population in StandardPopulation
    }
    for group, account_ids in groups.items():
        if group in customer_groups:
            members[StandardPopulation.CUSTOMERS].update(account_ids)
        if group in open_groups:
            members[StandardPopulation.OPEN_OPPORTUNITIES].update(account_ids)
        if group not in customer_groups and group not in open_groups:
            members[StandardPopulation.PROSPECTS].update(account_ids)
    return members


def recompute_memberships(
    session: Session,
    organization_id: int,
    *,
    population_ids: Iterable[int] | None = None,
) -> dict[int, int]:
    """Bring memberships up to date and return each population's member count.

    With `population_ids`, only those populations are recomputed. Writes only
    the difference, so recomputing unchanged data writes nothing.
    """
    from app.populations.filters import custom_population_members

    query = select(Population).where(Population.organization_id == organization_id)
    if population_ids is not None:
        query = query.where(Population.id.in_(list(population_ids)))
    populations = session.exec(query).all()

    standard = None
    counts: dict[int, int] = {}
    for population in populations:
        if population.standard_type is not None:
            if standard is None:
                standard = standard_population_members(session, organization_id)
            members = standard[StandardPopulation(population.standard_type)]
        else:
            members = custom_population_members(session, population)
        write_membership(session, population.id, members)
        counts[population.id] = len(members)
    return counts


def write_membership(session: Session, population_id: int, members: set[int]) -> None:
    """Replace a population's members with `members`, writing only the difference."""
    current = set(
        session.exec(
            select(Membership.account_id).where(
                Membership.population_id == population_id
            )
        ).all()
    )
    removed = sorted(current - members)
    added = sorted(members - current)
    for start in range(0, len(removed), _CHUNK):
        chunk = removed[start : start + _CHUNK]
        session.execute(
            delete(Membership).where(
                Membership.population_id == population_id,
                Membership.account_id.in_(chunk),
            )
        )
    for start in range(0, len(added), _CHUNK):
        chunk = added[start : start + _CHUNK]
        session.execute(
            insert(Membership),
            [{"population_id": population_id, "account_id": item} for item in chunk],
        )
