"""Load the demo ecosystem once: from the real data files, or generated.

With a data folder, the demo contains four organizations built from public files
(`app.demo.real`). Without one, made-up organizations are generated with a
fixed seed (`app.demo.generated`). Either way every organization is marked
`is_demo`, and a database that already contains demo organizations is left
unchanged.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, func, or_
from sqlmodel import Session, select

from app.core.enums import Role
from app.demo.generated import GENERATED_SEED, load_generated_demo
from app.demo.real import load_real_demo
from app.demo.tour import TourStop, influence_tour, snapshot_ecosystem
from app.operations.tokens import create_token
from app.storage.db import session_scope
from app.storage.models import (
    Account,
    DataSource,
    Opportunity,
    Organization,
    Partnership,
    User,
)

logger = logging.getLogger(__name__)


class DatabaseState(StrEnum):
    EMPTY = "EMPTY"
    DEMO = "DEMO"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class DemoOrganizationSummary:
    """One demo organization with its record counts."""

    slug: str
    name: str
    plan: str
    currency: str
    data_sources: tuple[str, ...]
    account_count: int
    opportunity_count: int

    def label(self) -> str:
        """Return `slug (name, PLAN)`, as the server prints it beside a token."""
        return f"{self.slug} ({self.name}, {self.plan})"


@dataclass(frozen=True)
class DemoSummary:
    """Contents of the demo, and whether this call wrote them.

    `tokens` maps each organization slug to the admin token issued while
    loading; it is empty when the demo was already there. `tour` gives, for
    each reason an influence figure can be unavailable, a place that shows it.
    """

    loaded: bool
    origin: str
    organizations: tuple[DemoOrganizationSummary, ...]
    partnership_statuses: dict[str, int]
    tour: tuple[TourStop, ...]
    tokens: dict[str, str] = field(default_factory=dict)
    duration_seconds: float = 0.0


def load_demo(target: Engine | Session, data_dir: Path | None) -> DemoSummary:
    """Load the demo unless demo organizations exist; return its contents.

    `data_dir` is the folder with the real data files; None generates the
    organizations. Given an engine, the load commits; given a session, the
    caller commits.
    """
    if isinstance(target, Session):
        return _load(target, data_dir)
    with session_scope(target) as session:
        return _load(session, data_dir)


def database_state(session: Session) -> DatabaseState:
    """Return whether the database is empty, contains only the demo, or more."""
    counts = dict(
        session.exec(
            select(Organization.is_demo, func.count()).group_by(Organization.is_demo)
        ).all()
    )
    if not counts:
        return DatabaseState.EMPTY
    if counts.get(False, 0) == 0:
        return DatabaseState.DEMO
    return DatabaseState.OTHER


def issue_demo_tokens(session: Session) -> list[tuple[DemoOrganizationSummary, str]]:
    """Issue a new token for the first admin of every demo organization."""
    issued = []
    for summary, organization in zip(
        _describe_organizations(session), _demo_organizations(session), strict=True
    ):
        admin = session.exec(
            select(User)
            .where(User.organization_id == organization.id, User.role == Role.ADMIN)
            .order_by(User.id)
        ).first()
        email = admin.email if admin is not None else f"admin@{organization.domain}"
        token = create_token(session, slug=organization.slug, email=email)
        issued.append((summary, token.token))
    return issued


def _load(session: Session, data_dir: Path | None) -> DemoSummary:
    started = time.perf_counter()
    if session.exec(select(Organization.id).where(Organization.is_demo)).first():
        logger.info("demo organizations exist already; nothing loaded")
        return _summary(session, loaded=False, origin="already in the database")

    if data_dir is not None:
        tokens = load_real_demo(session, Path(data_dir))
        origin = f"real data files in {data_dir}"
    else:
        tokens = load_generated_demo(session)
        origin = f"generated organizations (seed {GENERATED_SEED})"
    duration = time.perf_counter() - started
    logger.info("demo loaded from %s in %.2f s", origin, duration)
    return _summary(
        session, loaded=True, origin=origin, tokens=tokens, duration=duration
    )


def _summary(
    session: Session,
    *,
    loaded: bool,
    origin: str,
    tokens: dict[str, str] | None = None,
    duration: float = 0.0,
) -> DemoSummary:
    organization_ids = [
        organization.id for organization in _demo_organizations(session)
    ]
    statuses = session.exec(
        select(Partnership.status).where(
            or_(
                Partnership.inviter_id.in_(organization_ids),
                Partnership.invitee_id.in_(organization_ids),
            )
        )
    ).all()
    return DemoSummary(
        loaded=loaded,
        origin=origin,
        organizations=tuple(_describe_organizations(session)),
        partnership_statuses=dict(sorted(Counter(statuses).items())),
        tour=influence_tour(snapshot_ecosystem(session), organization_ids),
        tokens=tokens or {},
        duration_seconds=duration,
    )


def _demo_organizations(session: Session) -> list[Organization]:
    return list(
        session.exec(
            select(Organization).where(Organization.is_demo).order_by(Organization.id)
        ).all()
    )


def _describe_organizations(session: Session) -> list[DemoOrganizationSummary]:
    accounts = _counts_by_organization(session, Account.organization_id)
    opportunities = _counts_by_organization(session, Opportunity.organization_id)
    summaries = []
    for organization in _demo_organizations(session):
        sources = session.exec(
            select(DataSource.name)
            .where(DataSource.organization_id == organization.id)
            .order_by(DataSource.id)
        ).all()
        summaries.append(
            DemoOrganizationSummary(
                slug=organization.slug,
                name=organization.name,
                plan=organization.plan,
                currency=organization.currency,
                data_sources=tuple(sources),
                account_count=accounts.get(organization.id, 0),
                opportunity_count=opportunities.get(organization.id, 0),
            )
        )
    return summaries


def _counts_by_organization(session: Session, column) -> dict[int, int]:
    return dict(session.exec(select(column, func.count()).group_by(column)).all())
