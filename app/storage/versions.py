"""Version stamps that tell a cache exactly what is stale.

Every write that changes what an organization's data or a partnership's
policy looks like bumps the matching stamp in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, update
from sqlmodel import Session

from app.storage.models import Organization, Partnership


def bump_organization(session: Session, organization_id: int) -> None:
    """Mark an organization's data (accounts, populations, plan, rates) changed."""
    session.execute(
        update(Organization)
        .where(Organization.id == organization_id)
        .values(data_version=Organization.data_version + 1)
    )


def bump_partnership(session: Session, partnership_id: int) -> None:
    """Mark a partnership's policy (status, overrides, tags) changed."""
    session.execute(
        update(Partnership)
        .where(Partnership.id == partnership_id)
        .values(policy_version=Partnership.policy_version + 1)
    )


def bump_partnerships_of(session: Session, organization_ids: Iterable[int]) -> None:
    """Mark every partnership of the given organizations changed."""
    ids = list(organization_ids)
    if not ids:
        return
    session.execute(
        update(Partnership)
        .where(or_(Partnership.inviter_id.in_(ids), Partnership.invitee_id.in_(ids)))
        .values(policy_version=Partnership.policy_version + 1)
    )
