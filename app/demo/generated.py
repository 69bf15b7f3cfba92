"""The demo without data files: generated organizations and a target list.

`generate_ecosystem` writes four CRM organizations (one on each plan) with
random partnerships, sharing and tags. None of them lacks a CRM, and none
shares nothing at all, so a fifth organization is added. It is a CSV list of
target accounts taken from the generated companies. It is ACTIVE with the
first organization, and with the free one, which shares nothing with it.
With the seed below, every reason an influence figure can be unavailable
shows somewhere.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from sqlmodel import Session, select

from app.core.enums import Plan, Role, SharingLevel
from app.demo.generator import GeneratedOrganization, generate_ecosystem
from app.ingest import import_csv_accounts
from app.operations.organizations import create_organization
from app.operations.partnerships import accept_partnership, invite_partner
from app.operations.sharing import set_sharing
from app.operations.tags import tag_partner
from app.operations.tokens import create_token
from app.storage.models import Account, Partnership, Population, User

# Chosen because its random partnerships include an ACTIVE one of the free
# organization and one where a side shares nothing at OVERLAPS or above.
GENERATED_SEED = 8
LIST_SLUG = "target-list"
LIST_DOMAIN = "target-list-demo.com"
LIST_SOURCE = "target_accounts (generated)"
LIST_STEP = 5
SHARED_FIELDS = ("name", "website")


def load_generated_demo(session: Session) -> dict[str, str]:
    """Write the generated organizations and the target list; return admin tokens.

    The caller commits.
    """
    ecosystem = generate_ecosystem(session, seed=GENERATED_SEED)
    generated = ecosystem.organizations
    tokens = {organization.slug: organization.admin_token for organization in generated}

    organization = create_organization(
        session,
        slug=LIST_SLUG,
        name="Target account list (generated CSV)",
        domain=LIST_DOMAIN,
        plan=Plan.CONNECTOR.value,
        is_demo=True,
    )
    issued = create_token(session, slug=LIST_SLUG, email=f"admin@{LIST_DOMAIN}")
    tokens[LIST_SLUG] = issued.token
    with tempfile.TemporaryDirectory(prefix="partnergraph-demo-") as folder:
        path = _write_target_list(session, Path(folder), generated)
        import_csv_accounts(
            session, organization_id=organization.id, path=path, source_name=LIST_SOURCE
        )
    _share_list_by_default(session, issued.user)

    first = generated[0]
    free = next(item for item in generated if item.plan == Plan.FREE)
    with_first = _partner(session, issued.user, first)
    tag_partner(session, issued.user, with_first.id, ["pilot"])
    with_free = _partner(session, issued.user, free)
    _hide_everything(session, _admin(session, free.id), with_free)
    return tokens


def _write_target_list(
    session: Session, folder: Path, organizations: list[GeneratedOrganization]
) -> Path:
    """Write every fifth company of the generated CRMs as a CSV of accounts."""
    rows = session.exec(
        select(
            Account.match_key,
            Account.name,
            Account.website,
            Account.industry,
            Account.country,
        )
        .where(
            Account.organization_id.in_([item.id for item in organizations]),
            Account.match_key.is_not(None),
        )
        .order_by(Account.id)
    ).all()
    by_key = {}
    for key, *fields in rows[::LIST_STEP]:
        by_key.setdefault(key, fields)
    path = folder / "target_accounts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "website", "industry", "country"])
        for number, fields in enumerate(by_key.values(), start=1):
            writer.writerow([f"T{number:05d}", *fields])
    return path


def _share_list_by_default(session: Session, admin: User) -> None:
    """Share Prospects at OVERLAPS and hide the two populations a list leaves empty."""
    for population in _populations(session, admin.organization_id):
        if population.name == "Prospects":
            level, fields = SharingLevel.OVERLAPS, SHARED_FIELDS
        else:
            level, fields = SharingLevel.HIDDEN, ()
        set_sharing(
            session, admin, population_id=population.id, level=level, fields=fields
        )


def _partner(
    session: Session, admin: User, organization: GeneratedOrganization
) -> Partnership:
    invitation = invite_partner(session, admin, organization.domain)
    return accept_partnership(session, _admin(session, organization.id), invitation.id)


def _hide_everything(session: Session, admin: User, partnership: Partnership) -> None:
    for population in _populations(session, admin.organization_id):
        set_sharing(
            session,
            admin,
            population_id=population.id,
            partnership_id=partnership.id,
            level=SharingLevel.HIDDEN,
        )


def _admin(session: Session, organization_id: int) -> User:
    return session.exec(
        select(User)
        .where(User.organization_id == organization_id, User.role == Role.ADMIN)
        .order_by(User.id)
    ).first()


def _populations(session: Session, organization_id: int) -> list[Population]:
    return list(
        session.exec(
            select(Population)
            .where(Population.organization_id == organization_id)
            .order_by(Population.id)
        ).all()
    )
