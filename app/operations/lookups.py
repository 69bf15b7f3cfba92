"""Lookups scoped to the acting organization.

An id that belongs to another organization raises the same NotFoundError as
an id that does not exist, so ids reveal nothing about other organizations.
Partnership messages leave the id out because clients see partners under
an opaque id of their own.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from app.core.errors import NotFoundError
from app.storage.models import Account, DataSource, Partnership, Population


def get_population_or_raise(
    session: Session, *, organization_id: int, population_id: int
) -> Population:
    population = session.get(Population, population_id)
    if population is None or population.organization_id != organization_id:
        raise NotFoundError(
            f"population {population_id} not found; list your populations to "
            "find its id",
            field="population_id",
        )
    return population


def get_data_source_or_raise(
    session: Session, *, organization_id: int, data_source_id: int
) -> DataSource:
    data_source = session.get(DataSource, data_source_id)
    if data_source is None or data_source.organization_id != organization_id:
        raise NotFoundError(
            f"data source {data_source_id} not found; list your data sources to "
            "find its id",
            field="data_source_id",
        )
    return data_source


def get_account_or_raise(
    session: Session, *, organization_id: int, account_id: int
) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.organization_id != organization_id:
        raise NotFoundError(
            f"account {account_id} not found; search your accounts to find its id",
            field="account_id",
        )
    return account


def get_partnership_for(
    session: Session, organization_id: int, partnership_id: int
) -> Partnership | None:
    """Return a partnership the organization is part of, or None."""
    return session.exec(
        select(Partnership).where(
            Partnership.id == partnership_id,
            or_(
                Partnership.inviter_id == organization_id,
                Partnership.invitee_id == organization_id,
            ),
        )
    ).first()


def get_partnership_for_or_raise(
    session: Session, organization_id: int, partnership_id: int
) -> Partnership:
    partnership = get_partnership_for(session, organization_id, partnership_id)
    if partnership is None:
        raise NotFoundError(
            "partner not found; list your partners to find its id",
            field="partnership_id",
        )
    return partnership


def population_ids_of(
    session: Session, organization_id: int, *, standard: bool
) -> list[int]:
    """Return the ids of the organization's standard or custom populations."""
    kind = (
        Population.standard_type.is_not(None)
        if standard
        else Population.standard_type.is_(None)
    )
    return list(
        session.exec(
            select(Population.id)
            .where(Population.organization_id == organization_id, kind)
            .order_by(Population.id)
        ).all()
    )
