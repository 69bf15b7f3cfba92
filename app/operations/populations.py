"""Custom populations: create, update and delete, with membership kept current.

Standard populations (CUSTOMERS, OPEN_OPPORTUNITIES, PROSPECTS) keep their
names and have no filter; only their default sharing changes. A deleted
population's id is never reused, because the table uses AUTOINCREMENT on
SQLite and a sequence on PostgreSQL.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, select

from app.core.enums import SharingLevel
from app.core.errors import InvalidInputError, LimitExceededError
from app.operations.lookups import get_population_or_raise
from app.operations.permissions import require_admin
from app.operations.sharing import parse_level, validate_fields
from app.populations import recompute_memberships
from app.populations.fields import organization_field_types
from app.populations.filters import validate_filter
from app.storage.models import Membership, Population, SharingOverride, User
from app.storage.versions import bump_organization, bump_partnership

logger = logging.getLogger(__name__)

MAX_POPULATIONS_PER_ORGANIZATION = 100
MAX_POPULATION_NAME_LENGTH = 200


def create_population(
    session: Session,
    actor: User,
    *,
    name: str,
    filter: Any,
    default_level: str | SharingLevel = SharingLevel.HIDDEN,
    default_fields: Iterable[str] = (),
) -> Population:
    """Create a custom population defined by a filter and compute its members."""
    require_admin(actor, "creating a population")
    organization_id = actor.organization_id
    clean_name = _validate_name(session, organization_id, name, population_id=None)
    level = parse_level(default_level, population_name=clean_name)
    fields = validate_fields(
        session,
        organization_id=organization_id,
        population_name=clean_name,
        level=level,
        fields=default_fields,
    )
    stored_filter = _validated_filter(session, organization_id, filter)
    _check_population_limit(session, organization_id)

    population = Population(
        organization_id=organization_id,
        name=clean_name,
        filter=stored_filter,
        default_level=level,
        default_fields=list(fields),
    )
    session.add(population)
    session.flush()
    counts = recompute_memberships(
        session, organization_id, population_ids=[population.id]
    )
    bump_organization(session, organization_id)
    logger.info(
        "created population %s in organization %s with %d accounts",
        population.id,
        organization_id,
        counts[population.id],
    )
    return population


def update_population(
    session: Session,
    actor: User,
    population_id: int,
    *,
    name: str | None = None,
    filter: Any = None,
    default_level: str | SharingLevel | None = None,
    default_fields: Iterable[str] | None = None,
) -> Population:
    """Change what the arguments name; arguments left as None stay unchanged.

    A new level without fields keeps the current fields when the level shares
    fields and drops them when it does not.
    """
    require_admin(actor, "changing a population")
    organization_id = actor.organization_id
    population = get_population_or_raise(
        session, organization_id=organization_id, population_id=population_id
    )
    is_standard = population.standard_type is not None
    if is_standard and name is not None and name != population.name:
        raise InvalidInputError(
            f"standard population {population.name!r} cannot be renamed; "
            "create a custom population with the name you want",
            field="name",
        )
    if is_standard and filter is not None:
        raise InvalidInputError(
            f"standard population {population.name!r} takes no filter; "
            "create a custom population with this filter",
            field="filter",
        )

    new_name = population.name
    if name is not None and name != population.name:
        new_name = _validate_name(session, organization_id, name, population.id)
    level, fields = _new_sharing(
        session, population, new_name, default_level, default_fields
    )
    new_filter = population.filter
    if filter is not None:
        new_filter = _validated_filter(session, organization_id, filter)

    population.name = new_name
    population.default_level = level
    population.default_fields = list(fields)
    population.filter = new_filter
    session.add(population)
    session.flush()
    if filter is not None:
        recompute_memberships(session, organization_id, population_ids=[population.id])
    bump_organization(session, organization_id)
    return population


def delete_population(session: Session, actor: User, population_id: int) -> None:
    """Delete a custom population with its memberships and sharing overrides."""
    require_admin(actor, "deleting a population")
    organization_id = actor.organization_id
    population = get_population_or_raise(
        session, organization_id=organization_id, population_id=population_id
    )
    if population.standard_type is not None:
        raise InvalidInputError(
            f"standard population {population.name!r} cannot be deleted; "
            "set its level to HIDDEN to stop sharing it",
            field="population_id",
        )

    partnership_ids = session.exec(
        select(SharingOverride.partnership_id).where(
            SharingOverride.population_id == population.id
        )
    ).all()
    session.execute(
        delete(SharingOverride).where(SharingOverride.population_id == population.id)
    )
    session.execute(delete(Membership).where(Membership.population_id == population.id))
    session.delete(population)
    session.flush()
    bump_organization(session, organization_id)
    for partnership_id in sorted(set(partnership_ids)):
        bump_partnership(session, partnership_id)
    logger.info(
        "deleted population %s of organization %s", population_id, organization_id
    )


def _validate_name(
    session: Session, organization_id: int, name: Any, population_id: int | None
) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError(
            f"invalid population name {name!r}: pass a non-empty name", field="name"
        )
    clean = " ".join(name.split())
    if len(clean) > MAX_POPULATION_NAME_LENGTH:
        raise InvalidInputError(
            f"population name {clean[:40]!r}... is {len(clean)} characters long; "
            f"use at most {MAX_POPULATION_NAME_LENGTH}",
            field="name",
        )
    query = select(Population.id).where(
        Population.organization_id == organization_id,
        func.lower(Population.name) == clean.lower(),
    )
    if population_id is not None:
        query = query.where(Population.id != population_id)
    if session.exec(query).first() is not None:
        raise InvalidInputError(
            f"a population named {clean!r} already exists; choose another name",
            field="name",
        )
    return clean


def _validated_filter(session: Session, organization_id: int, filter_tree: Any) -> Any:
    """Return the filter as plain JSON after checking it against the data's fields."""
    try:
        stored = json.loads(json.dumps(filter_tree, default=str))
    except (TypeError, ValueError) as error:
        raise InvalidInputError(
            f"invalid filter: it is not JSON ({error}); pass an object such as "
            '{"field": "industry", "op": "eq", "value": "Retailing"}',
            field="filter",
        ) from None
    validate_filter(stored, organization_field_types(session, organization_id))
    return stored


def _new_sharing(
    session: Session,
    population: Population,
    population_name: str,
    default_level: str | SharingLevel | None,
    default_fields: Iterable[str] | None,
) -> tuple[SharingLevel, tuple[str, ...]]:
    level = SharingLevel(population.default_level)
    if default_level is None and default_fields is None:
        return level, tuple(population.default_fields)
    if default_level is not None:
        level = parse_level(default_level, population_name=population_name)
    fields: Iterable[str] = population.default_fields
    if default_fields is not None:
        fields = default_fields
    elif level in (SharingLevel.HIDDEN, SharingLevel.COUNTS):
        fields = ()
    validated = validate_fields(
        session,
        organization_id=population.organization_id,
        population_name=population_name,
        level=level,
        fields=fields,
    )
    return level, validated


def _check_population_limit(session: Session, organization_id: int) -> None:
    count = session.exec(
        select(func.count())
        .select_from(Population)
        .where(Population.organization_id == organization_id)
    ).one()
    if count >= MAX_POPULATIONS_PER_ORGANIZATION:
        raise LimitExceededError(
            f"your organization has {count} populations, the maximum is "
            f"{MAX_POPULATIONS_PER_ORGANIZATION}; delete one before creating another",
            field="name",
        )
