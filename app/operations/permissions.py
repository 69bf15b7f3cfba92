"""Role checks shared by every domain operation."""

from __future__ import annotations

from app.core.enums import Role
from app.core.errors import ForbiddenError
from app.storage.models import User


def require_admin(actor: User, action: str) -> None:
    """Raise ForbiddenError unless the acting user is an admin."""
    if actor.role != Role.ADMIN:
        raise ForbiddenError(
            f"{action} needs the ADMIN role; user {actor.email} is a "
            f"{actor.role.lower()}. Ask an admin of your organization."
        )
