"""Creating organizations and changing their plan."""

from __future__ import annotations

import logging
import re

from sqlalchemy import update
from sqlmodel import Session

from app.core.enums import PartnershipStatus, Plan, SharingLevel, StandardPopulation
from app.core.errors import InvalidInputError
from app.core.money import normalize_currency
from app.matching import compute_key
from app.storage.models import Organization, Partnership, Population
from app.storage.queries import (
    get_organization_by_key,
    get_organization_by_slug,
    get_organization_by_slug_or_raise,
)
from app.storage.versions import bump_organization, bump_partnerships_of

logger = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")

STANDARD_POPULATION_NAMES = {
    StandardPopulation.CUSTOMERS: "Customers",
    StandardPopulation.OPEN_OPPORTUNITIES: "Open Opportunities",
    StandardPopulation.PROSPECTS: "Prospects",
}


def parse_plan(value: str) -> Plan:
    try:
        return Plan(value.strip().upper())
    except ValueError:
        choices = ", ".join(plan.lower() for plan in Plan)
        raise InvalidInputError(
            f"invalid plan {value!r}: expected one of {choices}", field="plan"
        ) from None


def create_organization(
    session: Session,
    *,
    slug: str,
    name: str,
    domain: str,
    plan: str = "free",
    currency: str = "USD",
    is_demo: bool = False,
) -> Organization:
    """Create an organization with its three standard populations.

    Invitations already sent to the organization's domain key are attached
    to it, so they appear as pending partnerships.
    """
    if not _SLUG.match(slug):
        raise InvalidInputError(
            f"invalid slug {slug!r}: use 1-64 lower-case letters, digits and "
            "hyphens, starting and ending with a letter or digit",
            field="slug",
        )
    if not name.strip():
        raise InvalidInputError("organization name is empty; pass --name", field="name")
    if get_organization_by_slug(session, slug=slug) is not None:
        raise InvalidInputError(
            f"organization slug {slug!r} is already taken; choose another slug",
            field="slug",
        )
    key_result = compute_key(domain)
    if key_result.key is None:
        raise InvalidInputError(
            f"invalid domain {domain!r}: it gives no match key "
            f"({key_result.reason}); pass the company's own web domain",
            field="domain",
        )
    if get_organization_by_key(session, key=key_result.key) is not None:
        raise InvalidInputError(
            f"domain {domain!r} has the match key {key_result.key!r}, which another "
            "organization already uses; two organizations cannot share a domain",
            field="domain",
        )
    try:
        currency_code = normalize_currency(currency)
    except ValueError as error:
        raise InvalidInputError(str(error), field="currency") from None

    organization = Organization(
        slug=slug,
        name=name.strip(),
        domain=domain.strip(),
        domain_key=key_result.key,
        plan=parse_plan(plan),
        currency=currency_code,
        is_demo=is_demo,
    )
    session.add(organization)
    session.flush()

    for standard_type, population_name in STANDARD_POPULATION_NAMES.items():
        session.add(
            Population(
                organization_id=organization.id,
                name=population_name,
                standard_type=standard_type,
                default_level=SharingLevel.COUNTS,
            )
        )
    attached = session.execute(
        update(Partnership)
        .where(
            Partnership.invitee_id.is_(None),
            Partnership.invited_domain == key_result.key,
            Partnership.status == PartnershipStatus.PENDING,
        )
        .values(
            invitee_id=organization.id, policy_version=Partnership.policy_version + 1
        )
    ).rowcount
    session.flush()
    logger.info(
        "created organization %s with key %s; %d pending invitations attached",
        slug,
        key_result.key,
        attached,
    )
    return organization


def set_plan(session: Session, *, slug: str, plan: str) -> Organization:
    """Change an organization's plan and invalidate what depends on it."""
    organization = get_organization_by_slug_or_raise(session, slug=slug)
    organization.plan = parse_plan(plan)
    session.add(organization)
    session.flush()
    bump_organization(session, organization.id)
    bump_partnerships_of(session, [organization.id])
    session.refresh(organization)
    logger.info("organization %s is now on plan %s", slug, organization.plan)
    return organization
