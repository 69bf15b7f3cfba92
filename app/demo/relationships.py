"""Demo populations, sharing levels, partnerships, overrides and tags.

Rows are written directly. The filters go through the same validation as the
API, so the demo contains no filter that the product would reject.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from app.core.enums import PartnershipStatus, SharingLevel
from app.demo.companies import pick_weighted
from app.demo.words import PARTNER_TAGS, UNKNOWN_PARTNER_DOMAINS
from app.populations.fields import organization_field_types
from app.populations.filters import validate_filter
from app.storage.models import (
    Partnership,
    PartnerTag,
    Population,
    SharingOverride,
)

BASE_TIME = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

CUSTOM_POPULATIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Enterprise accounts", {"field": "employees", "op": "gte", "value": 1000}),
    (
        "Strategic segment",
        {"field": "custom.segment", "op": "eq", "value": "Enterprise"},
    ),
    ("Big open pipeline", {"field": "open_amount", "op": "gte", "value": 50000}),
    (
        "EMEA",
        {
            "field": "country",
            "op": "in",
            "value": ["United Kingdom", "Germany", "France", "Netherlands"],
        },
    ),
    (
        "Renewals in 2025",
        {
            "and": [
                {"field": "custom.renewal_date", "op": "gte", "value": "2025-01-01"},
                {"field": "custom.renewal_date", "op": "lt", "value": "2026-01-01"},
            ]
        },
    ),
    (
        "Won without open deals",
        {
            "and": [
                {"field": "has_won", "op": "eq", "value": True},
                {"field": "open_opportunity_count", "op": "eq", "value": 0},
            ]
        },
    ),
)

SHAREABLE_FIELDS = ("name", "website", "industry", "country", "owner", "custom.segment")
STANDARD_LEVELS = (
    (SharingLevel.COUNTS, 35),
    (SharingLevel.OVERLAPS, 40),
    (SharingLevel.ALL, 15),
    (SharingLevel.HIDDEN, 10),
)
CUSTOM_LEVELS = (
    (SharingLevel.HIDDEN, 30),
    (SharingLevel.COUNTS, 30),
    (SharingLevel.OVERLAPS, 30),
    (SharingLevel.ALL, 10),
)
OTHER_STATUSES = (
    (PartnershipStatus.ACTIVE, 70),
    (PartnershipStatus.PENDING, 12),
    (PartnershipStatus.ENDED, 12),
    (PartnershipStatus.DECLINED, 6),
)


@dataclass(frozen=True)
class DemoOrganization:
    id: int
    domain_key: str


def write_populations(
    session: Session, rng: random.Random, organization_id: int, count: int
) -> list[int]:
    """Set default sharing of the standard populations and add custom ones."""
    standard = session.exec(
        select(Population)
        .where(Population.organization_id == organization_id)
        .order_by(Population.id)
    ).all()
    for population in standard:
        _set_default(rng, population, pick_weighted(rng, STANDARD_LEVELS))

    field_types = organization_field_types(session, organization_id)
    chosen = rng.sample(CUSTOM_POPULATIONS, k=min(count, len(CUSTOM_POPULATIONS)))
    for name, filter_tree in chosen:
        validate_filter(filter_tree, field_types)
        population = Population(
            organization_id=organization_id,
            name=name,
            filter=copy.deepcopy(filter_tree),
        )
        _set_default(rng, population, pick_weighted(rng, CUSTOM_LEVELS))
        session.add(population)
    session.flush()
    return list(
        session.exec(
            select(Population.id)
            .where(Population.organization_id == organization_id)
            .order_by(Population.id)
        ).all()
    )


def write_partnerships(
    session: Session,
    rng: random.Random,
    organizations: Sequence[DemoOrganization],
    population_ids: dict[int, list[int]],
) -> list[Partnership]:
    """Link every pair of organizations, plus one invitation to an unknown domain.

    The first three pairs are ACTIVE, PENDING and ENDED, so every demo with
    three or more pairs shows each status. The other pairs are drawn at
    random, mostly ACTIVE.
    """
    pairs = [
        (first, second)
        for index, first in enumerate(organizations)
        for second in organizations[index + 1 :]
    ]
    rng.shuffle(pairs)
    fixed = [PartnershipStatus.ACTIVE, PartnershipStatus.PENDING]
    fixed.append(PartnershipStatus.ENDED)
    partnerships = []
    for index, (first, second) in enumerate(pairs):
        status = (
            fixed[index] if index < len(fixed) else pick_weighted(rng, OTHER_STATUSES)
        )
        inviter, invitee = (first, second) if rng.random() < 0.5 else (second, first)
        partnerships.append(_partnership(rng, inviter, invitee, status))
    if organizations:
        unknown = rng.choice(UNKNOWN_PARTNER_DOMAINS)
        partnerships.append(
            _partnership(
                rng, organizations[0], None, PartnershipStatus.PENDING, unknown
            )
        )
    session.add_all(partnerships)
    session.flush()

    for partnership in partnerships:
        if partnership.status == PartnershipStatus.ACTIVE:
            for side in (partnership.inviter_id, partnership.invitee_id):
                _write_side_policy(session, rng, partnership.id, side, population_ids)
    session.flush()
    return partnerships


def _set_default(
    rng: random.Random, population: Population, level: SharingLevel
) -> None:
    population.default_level = level
    population.default_fields = _fields_for(rng, level)


def _fields_for(rng: random.Random, level: SharingLevel) -> list[str]:
    if level not in (SharingLevel.OVERLAPS, SharingLevel.ALL):
        return []
    count = rng.randint(1, len(SHAREABLE_FIELDS))
    chosen = set(rng.sample(SHAREABLE_FIELDS, k=count))
    return [field for field in SHAREABLE_FIELDS if field in chosen]


def _partnership(
    rng: random.Random,
    inviter: DemoOrganization,
    invitee: DemoOrganization | None,
    status: PartnershipStatus,
    unknown_domain: str | None = None,
) -> Partnership:
    invited_at = BASE_TIME - timedelta(
        days=rng.randint(30, 400), hours=rng.randint(0, 23)
    )
    partnership = Partnership(
        inviter_id=inviter.id,
        invitee_id=None if invitee is None else invitee.id,
        invited_domain=unknown_domain if invitee is None else invitee.domain_key,
        status=status,
        invited_at=invited_at,
    )
    answered_at = invited_at + timedelta(days=rng.randint(1, 20))
    if status in (PartnershipStatus.ACTIVE, PartnershipStatus.ENDED):
        partnership.was_active = True
        partnership.partnered_at = answered_at
    if status == PartnershipStatus.ENDED:
        partnership.ended_at = answered_at + timedelta(days=rng.randint(10, 200))
    if status == PartnershipStatus.DECLINED:
        partnership.declined_at = answered_at
    return partnership


def _write_side_policy(
    session: Session,
    rng: random.Random,
    partnership_id: int,
    organization_id: int,
    population_ids: dict[int, list[int]],
) -> None:
    """Give one side of an ACTIVE partnership an override and tags, sometimes."""
    if rng.random() < 0.4:
        population_id = rng.choice(population_ids[organization_id])
        level = pick_weighted(rng, CUSTOM_LEVELS)
        session.add(
            SharingOverride(
                partnership_id=partnership_id,
                population_id=population_id,
                level=level,
                fields=_fields_for(rng, level),
            )
        )
    if rng.random() < 0.5:
        for tag in rng.sample(PARTNER_TAGS, k=rng.randint(1, 2)):
            session.add(
                PartnerTag(
                    partnership_id=partnership_id,
                    organization_id=organization_id,
                    tag=tag,
                )
            )
