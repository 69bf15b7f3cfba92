"""Manual domains: an admin's fix for an account whose website gives no key."""

from __future__ import annotations

import logging

from sqlmodel import Session

from app.core.errors import InvalidInputError
from app.matching import compute_key
from app.operations.lookups import get_account_or_raise, population_ids_of
from app.operations.permissions import require_admin
from app.populations import recompute_memberships
from app.storage.models import Account, User
from app.storage.versions import bump_organization

logger = logging.getLogger(__name__)


def set_account_domain(
    session: Session, actor: User, account_id: int, domain: str | None
) -> Account:
    """Set the domain that decides an account's match key; None clears it.

    The manual domain wins over the website and survives re-imports. Clearing
    it brings back the key of the website.
    """
    require_admin(actor, "setting an account's domain")
    account = get_account_or_raise(
        session, organization_id=actor.organization_id, account_id=account_id
    )
    if domain is None:
        override = None
        result = compute_key(account.website)
    else:
        override = domain.strip() if isinstance(domain, str) else ""
        result = compute_key(override)
        if result.key is None:
            raise InvalidInputError(
                f"invalid domain {domain!r} for account {account.name!r}: it gives "
                f"no match key ({result.reason}); pass the company's web domain, "
                "such as example.com",
                field="domain",
            )

    account.domain_override = override
    account.match_key = result.key
    account.no_key_reason = None if result.reason is None else str(result.reason)
    session.add(account)
    session.flush()
    recompute_memberships(
        session,
        actor.organization_id,
        population_ids=population_ids_of(session, actor.organization_id, standard=True),
    )
    bump_organization(session, actor.organization_id)
    logger.info("account %s now has match key %s", account.id, account.match_key)
    return account
