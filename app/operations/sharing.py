"""Sharing levels and fields: population defaults and per-partnership overrides.

OVERLAPS and ALL need a non-empty list of shared fields; HIDDEN and COUNTS take
none. A shared field is a canonical account field or a `custom.<column>` that
one of the organization's data sources has. An override replaces the default
for one partnership only; removing it brings the default back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session

from app.core.enums import CANONICAL_ACCOUNT_FIELDS, PartnershipStatus, SharingLevel
from app.core.errors import InvalidInputError
from app.operations.lookups import get_partnership_for_or_raise, get_population_or_raise
from app.operations.permissions import require_admin
from app.populations.fields import shareable_fields
from app.storage.models import Population, SharingOverride, User
from app.storage.versions import bump_organization, bump_partnership

logger = logging.getLogger(__name__)

_LEVEL_CHOICES = "HIDDEN, COUNTS, OVERLAPS or ALL"
_LEVELS_WITH_FIELDS = (SharingLevel.OVERLAPS, SharingLevel.ALL)


@dataclass(frozen=True)
class SharingSetting:
    """The level and fields one population has toward one partnership or all."""

    population_id: int
    partnership_id: int | None
    level: SharingLevel
    fields: tuple[str, ...]
    is_override: bool


def parse_level(value: str | SharingLevel, *, population_name: str) -> SharingLevel:
    """Return the sharing level named by value (any case), or raise naming it."""
    try:
        return SharingLevel(str(value).strip().upper())
    except ValueError:
        raise InvalidInputError(
            f"invalid level {value!r} for population {population_name!r}: "
            f"expected {_LEVEL_CHOICES}",
            field="level",
        ) from None


def validate_fields(
    session: Session,
    *,
    organization_id: int,
    population_name: str,
    level: SharingLevel,
    fields: Iterable[str],
) -> tuple[str, ...]:
    """Return the shared fields without repeats, or raise naming the bad one."""
    items = [fields] if isinstance(fields, str) else list(fields)
    for item in items:
        if not isinstance(item, str):
            raise InvalidInputError(
                f"invalid field {item!r} for population {population_name!r}: "
                "expected a field name such as name or custom.<column>",
                field="fields",
            )
    unique = tuple(dict.fromkeys(items))
    if level not in _LEVELS_WITH_FIELDS:
        if unique:
            raise InvalidInputError(
                f"level {level} for population {population_name!r} shares no fields, "
                f"but got {list(unique)}; pass an empty list or choose OVERLAPS or ALL",
                field="fields",
            )
        return unique
    if not unique:
        raise InvalidInputError(
            f"level {level} for population {population_name!r} needs at least one "
            f"shared field, such as {', '.join(CANONICAL_ACCOUNT_FIELDS[:2])}",
            field="fields",
        )
    known = shareable_fields(session, organization_id)
    for name in unique:
        if name not in known:
            custom = sorted(item for item in known if item.startswith("custom."))
            choices = ", ".join([*CANONICAL_ACCOUNT_FIELDS, *custom[:20]])
            raise InvalidInputError(
                f"unknown field {name!r} for population {population_name!r}: "
                f"expected one of {choices}",
                field="fields",
            )
    return unique


def set_sharing(
    session: Session,
    actor: User,
    *,
    population_id: int,
    partnership_id: int | None = None,
    level: str | SharingLevel | None,
    fields: Iterable[str] = (),
) -> SharingSetting:
    """Set a population's default sharing, or its override for one partnership.

    With `partnership_id` and `level=None`, the override is removed and the
    default applies again. Returns the setting now in force.
    """
    require_admin(actor, "changing sharing levels")
    organization_id = actor.organization_id
    population = get_population_or_raise(
        session, organization_id=organization_id, population_id=population_id
    )
    if partnership_id is None:
        return _set_default(session, population, level, fields)
    return _set_override(session, population, partnership_id, level, fields)


def _set_default(
    session: Session,
    population: Population,
    level: str | SharingLevel | None,
    fields: Iterable[str],
) -> SharingSetting:
    if level is None:
        raise InvalidInputError(
            f"a default level is required for population {population.name!r}: "
            f"expected {_LEVEL_CHOICES}",
            field="level",
        )
    parsed = parse_level(level, population_name=population.name)
    shared = validate_fields(
        session,
        organization_id=population.organization_id,
        population_name=population.name,
        level=parsed,
        fields=fields,
    )
    population.default_level = parsed
    population.default_fields = list(shared)
    session.add(population)
    session.flush()
    bump_organization(session, population.organization_id)
    logger.info("population %s now shares %s by default", population.id, parsed)
    return SharingSetting(population.id, None, parsed, shared, is_override=False)


def _set_override(
    session: Session,
    population: Population,
    partnership_id: int,
    level: str | SharingLevel | None,
    fields: Iterable[str],
) -> SharingSetting:
    partnership = get_partnership_for_or_raise(
        session, population.organization_id, partnership_id
    )
    if partnership.status not in (PartnershipStatus.PENDING, PartnershipStatus.ACTIVE):
        raise InvalidInputError(
            f"cannot change sharing with a partnership that is {partnership.status}; "
            "invite the partner again to start a new partnership",
            field="partnership_id",
        )
    if level is None:
        session.execute(
            delete(SharingOverride).where(
                SharingOverride.partnership_id == partnership.id,
                SharingOverride.population_id == population.id,
            )
        )
        bump_partnership(session, partnership.id)
        default_level = SharingLevel(population.default_level)
        default_fields = tuple(population.default_fields)
        return SharingSetting(
            population.id, partnership.id, default_level, default_fields, False
        )

    parsed = parse_level(level, population_name=population.name)
    shared = validate_fields(
        session,
        organization_id=population.organization_id,
        population_name=population.name,
        level=parsed,
        fields=fields,
    )
    override = session.get(SharingOverride, (partnership.id, population.id))
    if override is None:
        override = SharingOverride(
            partnership_id=partnership.id, population_id=population.id, level=parsed
        )
    override.level = parsed
    override.fields = list(shared)
    session.add(override)
    session.flush()
    bump_partnership(session, partnership.id)
    return SharingSetting(population.id, partnership.id, parsed, shared, True)
