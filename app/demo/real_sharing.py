"""Populations, partnerships, sharing, tags and rates of the demo on real files.

The plan is fixed so that every reason an influence figure can be
unavailable shows somewhere (`app.demo.tour` finds where):
- NO_CRM_OPPORTUNITY_DATA: fortune1000 and wikipedia only have CSV sources.
- PARTNER_SHARES_COUNTS_ONLY: devorg's cells against fortune1000's
  "Fortune 100" column, which fortune1000 shares at COUNTS.
- PLAN_REQUIRED: generated-crm is on the free plan, so its cells against
  devorg's OVERLAPS columns have no influence figure.
- PARTNERSHIP_NOT_ACTIVE: devorg's invitation to a domain without an
  organization.
- PARTNER_NOT_SHARING: wikipedia shares only COUNTS with devorg.
- NOT_SHARING_WITH_PARTNER: generated-crm hides everything from wikipedia
  except a population below the minimum comparison size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from app.core.enums import SharingLevel
from app.operations.exchange_rates import set_exchange_rate
from app.operations.partnerships import accept_partnership, invite_partner
from app.operations.populations import create_population
from app.operations.sharing import set_sharing
from app.operations.tags import tag_partner
from app.storage.models import Organization, Partnership, Population, User

HIDDEN = SharingLevel.HIDDEN
COUNTS = SharingLevel.COUNTS
OVERLAPS = SharingLevel.OVERLAPS
ALL = SharingLevel.ALL

PENDING_INVITATION_DOMAIN = "pending-partner-demo.com"
EXCHANGE_RATES = {"generated-crm": {"EUR": Decimal("1.0842")}}

# Standard populations that the files leave empty are hidden, so that no
# matrix lists them as too small. A CSV without a type column puts every
# account in Prospects. Every account of the Salesforce export is a customer
# or has an open opportunity, so its Prospects population is empty.
EMPTY_STANDARD_POPULATIONS = {
    "devorg": ("Prospects",),
    "fortune1000": ("Customers", "Open Opportunities"),
    "wikipedia": ("Customers", "Open Opportunities"),
}


@dataclass(frozen=True, slots=True)
class PopulationPlan:
    name: str
    filter: dict[str, Any]
    default_level: SharingLevel = HIDDEN


def _condition(field: str, op: str, value: Any) -> dict[str, Any]:
    return {"field": field, "op": op, "value": value}


POPULATIONS: dict[str, tuple[PopulationPlan, ...]] = {
    "devorg": (
        PopulationPlan(
            "US accounts",
            _condition("country", "in", ["United States", "USA", "US"]),
            COUNTS,
        ),
        PopulationPlan("Japan accounts", _condition("country", "eq", "Japan")),
        PopulationPlan("Software companies", _condition("industry", "eq", "Software")),
        PopulationPlan("Canada accounts", _condition("country", "eq", "Canada")),
        PopulationPlan("Former customers", _condition("type", "eq", "Old Customer")),
    ),
    "fortune1000": (
        PopulationPlan("Technology sector", _condition("industry", "eq", "Technology")),
        PopulationPlan("Retailing sector", _condition("industry", "eq", "Retailing")),
        PopulationPlan("Fortune 100", _condition("custom.rank", "lte", 100)),
    ),
    "wikipedia": (
        PopulationPlan("Europe", _condition("custom.continent", "eq", "Europe")),
        PopulationPlan("Asia", _condition("custom.continent", "eq", "Asia")),
        PopulationPlan("Germany", _condition("country", "eq", "Germany")),
    ),
    "generated-crm": (
        PopulationPlan("Big open pipeline", _condition("open_amount", "gte", 200000)),
        PopulationPlan(
            "Over 500,000 employees", _condition("employees", "gte", 500000)
        ),
    ),
}

# Inviter first; the invitee accepts, so every pair is ACTIVE.
PARTNERSHIPS = (
    ("devorg", "fortune1000"),
    ("devorg", "wikipedia"),
    ("fortune1000", "wikipedia"),
    ("generated-crm", "devorg"),
    ("generated-crm", "wikipedia"),
)

NAME_AND_WEBSITE = ("name", "website")
WITH_INDUSTRY = (*NAME_AND_WEBSITE, "industry")
WITH_COUNTRY = (*NAME_AND_WEBSITE, "country")
WITH_INDUSTRY_AND_COUNTRY = (*WITH_INDUSTRY, "country")

# A sharing override: population name, level and shared fields.
Override = tuple[str, SharingLevel, tuple[str, ...]]

# (owner, partner): the owner's overrides toward that partner. Populations not
# listed keep their default level: COUNTS for standard populations, and the
# level in POPULATIONS (HIDDEN unless given) for custom ones.
SHARING: dict[tuple[str, str], tuple[Override, ...]] = {
    ("devorg", "fortune1000"): (
        ("Customers", OVERLAPS, WITH_INDUSTRY),
        ("Open Opportunities", OVERLAPS, WITH_INDUSTRY),
        ("Software companies", ALL, WITH_INDUSTRY_AND_COUNTRY),
        ("Canada accounts", COUNTS, ()),
    ),
    ("fortune1000", "devorg"): (
        ("Prospects", OVERLAPS, WITH_INDUSTRY),
        ("Technology sector", ALL, (*WITH_INDUSTRY, "custom.rank")),
        ("Fortune 100", COUNTS, ()),
    ),
    ("devorg", "wikipedia"): (
        ("Customers", ALL, WITH_INDUSTRY_AND_COUNTRY),
        ("Japan accounts", OVERLAPS, NAME_AND_WEBSITE),
    ),
    ("wikipedia", "devorg"): (
        ("Europe", COUNTS, ()),
        ("Asia", COUNTS, ()),
    ),
    ("fortune1000", "wikipedia"): (
        ("Prospects", ALL, WITH_INDUSTRY),
        ("Retailing sector", OVERLAPS, NAME_AND_WEBSITE),
    ),
    ("wikipedia", "fortune1000"): (
        ("Prospects", OVERLAPS, WITH_INDUSTRY_AND_COUNTRY),
        ("Europe", ALL, WITH_COUNTRY),
        ("Asia", OVERLAPS, WITH_COUNTRY),
    ),
    ("generated-crm", "devorg"): (("Big open pipeline", OVERLAPS, NAME_AND_WEBSITE),),
    ("devorg", "generated-crm"): (
        ("Customers", OVERLAPS, NAME_AND_WEBSITE),
        ("Open Opportunities", OVERLAPS, WITH_INDUSTRY),
    ),
    ("generated-crm", "wikipedia"): (
        ("Customers", HIDDEN, ()),
        ("Open Opportunities", HIDDEN, ()),
        ("Prospects", HIDDEN, ()),
        ("Over 500,000 employees", COUNTS, ()),
    ),
    ("wikipedia", "generated-crm"): (("Prospects", OVERLAPS, WITH_COUNTRY),),
}

# (owner, partner, tags): each side's private tags on a partner.
TAGS = (
    ("devorg", "fortune1000", ("strategic", "co-sell")),
    ("fortune1000", "devorg", ("data partner",)),
    ("devorg", "generated-crm", ("free plan",)),
    ("wikipedia", "fortune1000", ("open data",)),
)


def write_relationships(
    session: Session,
    organizations: Mapping[str, Organization],
    admins: Mapping[str, User],
) -> None:
    """Write the populations, partnerships, sharing, tags and rates of the plan."""
    _write_populations(session, organizations, admins)
    partnerships = _write_partnerships(session, organizations, admins)
    for (owner, partner), overrides in SHARING.items():
        partnership = partnerships[frozenset((owner, partner))]
        for name, level, fields in overrides:
            population = _population(session, organizations[owner], name)
            set_sharing(
                session,
                admins[owner],
                population_id=population.id,
                partnership_id=partnership.id,
                level=level,
                fields=fields,
            )
    for owner, partner, tags in TAGS:
        partnership = partnerships[frozenset((owner, partner))]
        tag_partner(session, admins[owner], partnership.id, tags)
    for slug, rates in EXCHANGE_RATES.items():
        for currency, rate in rates.items():
            set_exchange_rate(session, admins[slug], currency, rate)


def _write_populations(
    session: Session,
    organizations: Mapping[str, Organization],
    admins: Mapping[str, User],
) -> None:
    for slug, plans in POPULATIONS.items():
        for plan in plans:
            create_population(
                session,
                admins[slug],
                name=plan.name,
                filter=plan.filter,
                default_level=plan.default_level,
            )
    for slug, names in EMPTY_STANDARD_POPULATIONS.items():
        for name in names:
            population = _population(session, organizations[slug], name)
            set_sharing(
                session, admins[slug], population_id=population.id, level=HIDDEN
            )


def _write_partnerships(
    session: Session,
    organizations: Mapping[str, Organization],
    admins: Mapping[str, User],
) -> dict[frozenset[str], Partnership]:
    partnerships = {}
    for inviter, invitee in PARTNERSHIPS:
        invitation = invite_partner(
            session, admins[inviter], organizations[invitee].domain
        )
        partnerships[frozenset((inviter, invitee))] = accept_partnership(
            session, admins[invitee], invitation.id
        )
    invite_partner(session, admins["devorg"], PENDING_INVITATION_DOMAIN)
    return partnerships


def _population(session: Session, organization: Organization, name: str) -> Population:
    return session.exec(
        select(Population).where(
            Population.organization_id == organization.id, Population.name == name
        )
    ).one()
