"""Query helpers: `get_x` returns None when missing, `get_x_or_raise` raises."""

from __future__ import annotations

from sqlmodel import Session, select

from app.core.errors import NotFoundError
from app.storage.models import Organization, User


def get_organization_by_slug(session: Session, *, slug: str) -> Organization | None:
    return session.exec(select(Organization).where(Organization.slug == slug)).first()


def get_organization_by_slug_or_raise(session: Session, *, slug: str) -> Organization:
    organization = get_organization_by_slug(session, slug=slug)
    if organization is None:
        raise NotFoundError(
            f"organization {slug!r} not found; create it with "
            f"`partnergraph org create {slug} --name NAME --domain DOMAIN`"
        )
    return organization


def get_organization_by_key(session: Session, *, key: str) -> Organization | None:
    return session.exec(
        select(Organization).where(Organization.domain_key == key)
    ).first()


def get_user_by_email(
    session: Session, *, organization_id: int, email: str
) -> User | None:
    return session.exec(
        select(User).where(User.organization_id == organization_id, User.email == email)
    ).first()
