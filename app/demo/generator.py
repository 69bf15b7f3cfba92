"""A reproducible demo ecosystem: organizations, CRM data, populations, partners.

Everything random comes from `random.Random` instances seeded from `seed`, so
the same arguments give the same rows, except API tokens (whose secrets are
always random) and creation timestamps. The caller commits.

>>> ecosystem = generate_ecosystem(session, seed=7)  # doctest: +SKIP
>>> [organization.slug for organization in ecosystem.organizations]  # doctest: +SKIP
['northwind-analytics', 'bluepeak-software', 'harborline-payments', 'cobalt-crm']
"""

from __future__ import annotations

import logging
import random
import re
import time
from dataclasses import dataclass, field

from sqlmodel import Session

from app.core.enums import DataSourceKind, Plan
from app.core.errors import InvalidInputError
from app.demo.companies import Company, make_companies
from app.demo.records import write_crm_source, write_csv_source, write_exchange_rates
from app.demo.relationships import (
    DemoOrganization,
    write_partnerships,
    write_populations,
)
from app.demo.words import ORGANIZATION_NAMES
from app.operations.organizations import create_organization
from app.operations.tokens import create_token
from app.populations import recompute_memberships
from app.storage.versions import bump_organization

logger = logging.getLogger(__name__)

_PLANS = (Plan.ENTERPRISE, Plan.SUPERNODE, Plan.CONNECTOR, Plan.FREE)
_CRM_KINDS = (DataSourceKind.SALESFORCE, DataSourceKind.HUBSPOT)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class GeneratedOrganization:
    id: int
    slug: str
    name: str
    domain: str
    plan: str
    currency: str
    admin_token: str | None
    member_token: str | None


@dataclass
class GeneratedEcosystem:
    """Summary of the rows `generate_ecosystem` wrote, with tokens to query them."""

    organizations: list[GeneratedOrganization] = field(default_factory=list)
    account_count: int = 0
    opportunity_count: int = 0
    population_count: int = 0
    partnership_statuses: dict[str, int] = field(default_factory=dict)


def generate_ecosystem(
    session: Session,
    *,
    seed: int,
    organizations: int = 4,
    accounts_per_org: int = 200,
    overlap_rate: float = 0.3,
    custom_populations_per_org: int = 3,
    slug_prefix: str = "",
    issue_tokens: bool = True,
) -> GeneratedEcosystem:
    """Write a demo ecosystem of `organizations` organizations and their partners.

    Each organization's CRM contains `accounts_per_org` companies (a few twice),
    of which about `overlap_rate` come from a market that all organizations
    share and the rest are its own, so two organizations have about
    `overlap_rate / 2` of their companies in common. Organizations with an odd
    index also get a CSV list of target accounts. `slug_prefix` goes in front
    of every organization's slug and domain, so several demos can share a
    database. Raises InvalidInputError when an organization with the same
    slug or domain already exists.
    """
    _check_arguments(organizations, accounts_per_org, overlap_rate)
    started = time.perf_counter()
    shared_count = round(accounts_per_org * overlap_rate)
    own_count = accounts_per_org - shared_count
    market_size = 2 * shared_count + own_count * organizations
    market = make_companies(random.Random(f"{seed}:market"), market_size)
    shared_market = market[: 2 * shared_count]

    result = GeneratedEcosystem()
    demo_organizations = []
    population_ids: dict[int, list[int]] = {}
    for index, (name, domain) in enumerate(_organization_names(seed, organizations)):
        rng = random.Random(f"{seed}:organization:{index}")
        own = market[2 * shared_count + index * own_count :][:own_count]
        companies = rng.sample(shared_market, k=shared_count) + own
        rng.shuffle(companies)
        generated, key = _write_organization(
            session,
            index=index,
            name=name,
            domain=domain,
            slug_prefix=slug_prefix,
            issue_tokens=issue_tokens,
        )
        _write_records(
            session, rng, generated, index=index, companies=companies, result=result
        )
        ids = write_populations(session, rng, generated.id, custom_populations_per_org)
        population_ids[generated.id] = ids
        result.population_count += len(ids)
        result.organizations.append(generated)
        demo_organizations.append(DemoOrganization(id=generated.id, domain_key=key))

    partnerships = write_partnerships(
        session,
        random.Random(f"{seed}:partnerships"),
        demo_organizations,
        population_ids,
    )
    for partnership in partnerships:
        status = str(partnership.status)
        result.partnership_statuses[status] = (
            result.partnership_statuses.get(status, 0) + 1
        )
    for organization in result.organizations:
        recompute_memberships(session, organization.id)
        bump_organization(session, organization.id)
    session.flush()
    logger.info(
        "generated %d organizations, %d accounts and %d opportunities in %.2fs "
        "(seed %s)",
        len(result.organizations),
        result.account_count,
        result.opportunity_count,
        time.perf_counter() - started,
        seed,
    )
    return result


def _check_arguments(
    organizations: int, accounts_per_org: int, overlap_rate: float
) -> None:
    if organizations < 1:
        raise InvalidInputError(
            f"invalid organization count {organizations}: pass 1 or more",
            field="organizations",
        )
    if accounts_per_org < 0:
        raise InvalidInputError(
            f"invalid account count {accounts_per_org}: pass 0 or more",
            field="accounts_per_org",
        )
    if not 0 <= overlap_rate <= 1:
        raise InvalidInputError(
            f"invalid overlap rate {overlap_rate}: pass a share between 0 and 1",
            field="overlap_rate",
        )


def _organization_names(seed: int, count: int) -> list[tuple[str, str]]:
    """Return the name and domain of each organization, the fixed ones first."""
    names = list(ORGANIZATION_NAMES[:count])
    used = {domain for _, domain in names}
    extra: list[Company] = []
    if count > len(names):
        extra = make_companies(random.Random(f"{seed}:organizations"), 2 * count)
    for company in extra:
        if len(names) == count:
            break
        if company.domain not in used:
            used.add(company.domain)
            names.append((company.name, company.domain))
    return names


def _write_organization(
    session: Session,
    *,
    index: int,
    name: str,
    domain: str,
    slug_prefix: str,
    issue_tokens: bool,
) -> tuple[GeneratedOrganization, str]:
    if slug_prefix:
        # A prefix makes a second demo in the same database use other domains.
        domain = _NOT_SLUG.sub("-", slug_prefix.lower()).strip("-") + "-" + domain
    plan = _PLANS[index % len(_PLANS)]
    currency = {2: "EUR", 5: "GBP"}.get(index, "USD")
    slug = _NOT_SLUG.sub("-", f"{slug_prefix}{name}".lower()).strip("-")[:64]
    organization = create_organization(
        session,
        slug=slug.rstrip("-"),
        name=name,
        domain=domain,
        plan=plan.value,
        currency=currency,
        is_demo=True,
    )
    admin_token = member_token = None
    if issue_tokens:
        admin_token = create_token(
            session, slug=organization.slug, email=f"admin@{domain}"
        )
        member_token = create_token(
            session, slug=organization.slug, email=f"member@{domain}", role="member"
        )
    write_exchange_rates(session, organization.id, currency)
    generated = GeneratedOrganization(
        id=organization.id,
        slug=organization.slug,
        name=name,
        domain=domain,
        plan=plan.value,
        currency=currency,
        admin_token=None if admin_token is None else admin_token.token,
        member_token=None if member_token is None else member_token.token,
    )
    return generated, organization.domain_key


def _write_records(
    session: Session,
    rng: random.Random,
    organization: GeneratedOrganization,
    *,
    index: int,
    companies: list[Company],
    result: GeneratedEcosystem,
) -> None:
    written = write_crm_source(
        session,
        rng,
        organization_id=organization.id,
        kind=_CRM_KINDS[index % len(_CRM_KINDS)],
        corporate=organization.currency,
        companies=companies,
    )
    result.account_count += written.accounts
    result.opportunity_count += written.opportunities
    if index % 2 == 1:
        targets = rng.sample(companies, k=len(companies) // 4)
        written = write_csv_source(
            session, rng, organization_id=organization.id, companies=targets
        )
        result.account_count += written.accounts
