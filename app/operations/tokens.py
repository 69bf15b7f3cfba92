"""Users and API tokens: creation, revocation and authentication.

A token reads `pgt_<public id>_<secret>`. Only a SHA-256 hash of the secret
is stored; the public id finds the row and the hash is compared in constant
time.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from app.core.enums import Role
from app.core.errors import InvalidInputError, NotFoundError, UnauthenticatedError
from app.storage.models import ApiToken, Organization, User
from app.storage.queries import get_organization_by_slug_or_raise, get_user_by_email
from app.storage.types import utc_now

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "pgt"  # noqa: S105  (a fixed prefix, not a secret)
LAST_USE_RESOLUTION = timedelta(minutes=1)
_TOKEN_SHAPE = re.compile(r"^pgt_([a-z0-9]{16})_([A-Za-z0-9_-]{20,100})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class IssuedToken:
    token: str
    public_id: str
    user: User
    created_user: bool


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().upper())
    except ValueError:
        raise InvalidInputError(
            f"invalid role {value!r}: expected admin or member", field="role"
        ) from None


def create_token(
    session: Session, *, slug: str, email: str, role: str | None = None
) -> IssuedToken:
    """Create the user if needed and issue a new token for it.

    The first user of an organization is always an admin; later users are
    members unless `role` requests another role.
    """
    organization = get_organization_by_slug_or_raise(session, slug=slug)
    normalized_email = email.strip().lower()
    if not _EMAIL.match(normalized_email):
        raise InvalidInputError(
            f"invalid e-mail address {email!r}: expected name@example.com",
            field="email",
        )
    requested_role = parse_role(role) if role else None

    user = get_user_by_email(
        session, organization_id=organization.id, email=normalized_email
    )
    created_user = user is None
    if user is None:
        has_users = session.exec(
            select(User.id).where(User.organization_id == organization.id)
        ).first()
        user_role = Role.ADMIN if has_users is None else (requested_role or Role.MEMBER)
        user = User(
            organization_id=organization.id, email=normalized_email, role=user_role
        )
        session.add(user)
        session.flush()
    elif requested_role is not None and requested_role != user.role:
        user.role = requested_role
        session.add(user)

    public_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    session.add(
        ApiToken(public_id=public_id, user_id=user.id, secret_hash=_hash_secret(secret))
    )
    session.flush()
    logger.info("issued token %s for %s in %s", public_id, normalized_email, slug)
    return IssuedToken(
        token=f"{TOKEN_PREFIX}_{public_id}_{secret}",
        public_id=public_id,
        user=user,
        created_user=created_user,
    )


def revoke_token(session: Session, *, public_id: str) -> ApiToken:
    """Revoke a token by its public id; revoking twice is harmless."""
    token = session.exec(
        select(ApiToken).where(ApiToken.public_id == public_id)
    ).first()
    if token is None:
        raise NotFoundError(
            f"token {public_id!r} not found; pass the id printed by "
            "`partnergraph token create`"
        )
    if token.revoked_at is None:
        token.revoked_at = utc_now()
        session.add(token)
        session.flush()
        logger.info("revoked token %s", public_id)
    return token


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user of the viewer organization."""

    user: User
    organization: Organization
    token_id: int
    token_last_used_at: datetime | None


def authenticate(session: Session, *, token: str) -> Principal:
    """Return the user behind a bearer token, or raise UnauthenticatedError.

    The message never repeats the token.
    """
    match = _TOKEN_SHAPE.match(token.strip())
    if match is None:
        raise UnauthenticatedError(
            "malformed API token; send Authorization: Bearer <token>"
        )
    public_id, secret = match.groups()
    row = session.exec(select(ApiToken).where(ApiToken.public_id == public_id)).first()
    expected = row.secret_hash if row is not None else _hash_secret("")
    valid = hmac.compare_digest(expected, _hash_secret(secret))
    if row is None or not valid:
        raise UnauthenticatedError(
            "invalid API token; create one with `partnergraph token create`"
        )
    if row.revoked_at is not None:
        raise UnauthenticatedError("this API token was revoked; create a new one")
    user = session.get(User, row.user_id)
    organization = session.get(Organization, user.organization_id)
    return Principal(
        user=user,
        organization=organization,
        token_id=row.id,
        token_last_used_at=row.last_used_at,
    )


def record_token_use(session: Session, *, token_id: int, now: datetime) -> bool:
    """Write a token's last use, at most once a minute; return whether it wrote.

    Callers run it in its own short transaction, not inside a request's;
    the API context does so.
    """
    threshold = now - LAST_USE_RESOLUTION
    result = session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= threshold),
        )
        .values(last_used_at=now)
    )
    return result.rowcount > 0
