"""Partnerships: invitations by domain, acceptance, decline and end.

An invitation always creates the same kind of row, PENDING, whether or not an
organization uses the invited domain, so the inviter cannot learn who uses the
service. While no organization has the domain, `invitee_id` is null, and the
row is attached when that organization is created. Ending or declining is
final: partnering again creates a new row, whose overrides and tags start from
the defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from app.core.enums import PartnershipStatus
from app.core.errors import InvalidInputError
from app.matching import compute_key
from app.operations.lookups import get_partnership_for, get_partnership_for_or_raise
from app.operations.permissions import require_admin
from app.storage.models import Organization, Partnership, User
from app.storage.queries import get_organization_by_key
from app.storage.types import utc_now
from app.storage.versions import bump_partnership

logger = logging.getLogger(__name__)

OPEN_STATUSES = (PartnershipStatus.PENDING, PartnershipStatus.ACTIVE)

__all__ = [
    "accept_partnership",
    "decline_partnership",
    "end_partnership",
    "get_partnership_for",
    "invite_partner",
    "partnerships_of",
]


def invite_partner(session: Session, actor: User, domain: str) -> Partnership:
    """Invite the organization behind a web domain to partner.

    Returns the new PENDING partnership. When that organization has already
    invited the actor's organization (crossing invitations), its invitation
    becomes ACTIVE instead and is returned, so the two organizations share one
    partnership row.
    """
    require_admin(actor, "inviting a partner")
    organization = session.get(Organization, actor.organization_id)
    key = _domain_key(domain)
    if key == organization.domain_key:
        raise InvalidInputError(
            f"domain {domain!r} is your own organization's domain ({key}); "
            "invite a partner's domain",
            field="domain",
        )
    partner = get_organization_by_key(session, key=key)
    partner_id = partner.id if partner is not None else None
    if _has_open_partnership(session, organization.id, key, partner_id):
        raise InvalidInputError(
            f"{key} is already invited or a partner; find it in your partner list",
            field="domain",
        )

    crossing = _crossing_invitation(session, organization.id, partner_id)
    if crossing is not None:
        _activate(session, crossing)
        logger.info("crossing invitations made partnership %s active", crossing.id)
        return crossing

    partnership = Partnership(
        inviter_id=organization.id,
        invitee_id=partner_id,
        invited_domain=key,
        status=PartnershipStatus.PENDING,
    )
    session.add(partnership)
    session.flush()
    logger.info("organization %s invited %s", organization.id, key)
    return partnership


def accept_partnership(
    session: Session, actor: User, partnership_id: int
) -> Partnership:
    """Accept a PENDING invitation that the actor's organization received."""
    require_admin(actor, "accepting a partnership")
    partnership = get_partnership_for_or_raise(
        session, actor.organization_id, partnership_id
    )
    if partnership.invitee_id != actor.organization_id:
        raise InvalidInputError(
            "your organization sent this invitation, so only the partner can "
            "accept it; end it to withdraw the invitation",
            field="partnership_id",
        )
    _require_status(partnership, "accept", {PartnershipStatus.PENDING})
    _activate(session, partnership)
    logger.info("partnership %s accepted", partnership.id)
    return partnership


def decline_partnership(
    session: Session, actor: User, partnership_id: int
) -> Partnership:
    """Decline a PENDING invitation that the actor's organization received."""
    require_admin(actor, "declining a partnership")
    partnership = get_partnership_for_or_raise(
        session, actor.organization_id, partnership_id
    )
    if partnership.invitee_id != actor.organization_id:
        raise InvalidInputError(
            "your organization sent this invitation, so only the partner can "
            "decline it; end it to withdraw the invitation",
            field="partnership_id",
        )
    _require_status(partnership, "decline", {PartnershipStatus.PENDING})
    partnership.status = PartnershipStatus.DECLINED
    partnership.declined_at = utc_now()
    _save(session, partnership)
    logger.info("partnership %s declined", partnership.id)
    return partnership


def end_partnership(session: Session, actor: User, partnership_id: int) -> Partnership:
    """End an ACTIVE partnership or withdraw a PENDING invitation (either side)."""
    require_admin(actor, "ending a partnership")
    partnership = get_partnership_for_or_raise(
        session, actor.organization_id, partnership_id
    )
    _require_status(partnership, "end", set(OPEN_STATUSES))
    partnership.status = PartnershipStatus.ENDED
    partnership.ended_at = utc_now()
    _save(session, partnership)
    logger.info("partnership %s ended", partnership.id)
    return partnership


def partnerships_of(
    session: Session,
    organization_id: int,
    statuses: Collection[PartnershipStatus | str] | None = None,
) -> list[Partnership]:
    """Return the organization's partnerships in the given statuses, oldest first."""
    query = select(Partnership).where(
        or_(
            Partnership.inviter_id == organization_id,
            Partnership.invitee_id == organization_id,
        )
    )
    if statuses is not None:
        query = query.where(Partnership.status.in_([str(s) for s in statuses]))
    return list(session.exec(query.order_by(Partnership.id)).all())


def _domain_key(domain: str) -> str:
    result = compute_key(domain if isinstance(domain, str) else None)
    if result.key is None:
        raise InvalidInputError(
            f"invalid domain {domain!r}: it gives no match key ({result.reason}); "
            "pass the partner's web domain, such as example.com",
            field="domain",
        )
    return result.key


def _has_open_partnership(
    session: Session, organization_id: int, key: str, partner_id: int | None
) -> bool:
    """Return whether a PENDING or ACTIVE link already joins the two sides.

    A PENDING invitation from the partner is not one: it is a crossing
    invitation.
    """
    sent = and_(
        Partnership.inviter_id == organization_id,
        Partnership.invited_domain == key,
        Partnership.status.in_(OPEN_STATUSES),
    )
    condition = sent
    if partner_id is not None:
        received = and_(
            Partnership.inviter_id == partner_id,
            Partnership.invitee_id == organization_id,
            Partnership.status == PartnershipStatus.ACTIVE,
        )
        condition = or_(sent, received)
    return session.exec(select(Partnership.id).where(condition)).first() is not None


def _crossing_invitation(
    session: Session, organization_id: int, partner_id: int | None
) -> Partnership | None:
    if partner_id is None:
        return None
    return session.exec(
        select(Partnership).where(
            Partnership.inviter_id == partner_id,
            Partnership.invitee_id == organization_id,
            Partnership.status == PartnershipStatus.PENDING,
        )
    ).first()


def _require_status(
    partnership: Partnership, action: str, allowed: set[PartnershipStatus]
) -> None:
    if partnership.status not in allowed:
        expected = " or ".join(sorted(allowed, reverse=True))
        raise InvalidInputError(
            f"cannot {action} a partnership that is {partnership.status}; "
            f"it must be {expected}",
            field="partnership_id",
        )


def _activate(session: Session, partnership: Partnership) -> None:
    partnership.status = PartnershipStatus.ACTIVE
    partnership.partnered_at = utc_now()
    partnership.was_active = True
    _save(session, partnership)


def _save(session: Session, partnership: Partnership) -> None:
    session.add(partnership)
    session.flush()
    bump_partnership(session, partnership.id)
    session.refresh(partnership)
