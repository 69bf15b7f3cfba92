"""Admin changes to a data source: stage mapping, customer types and deletion."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import delete, update
from sqlmodel import Session, select

from app.core.enums import DataSourceKind, Outcome
from app.core.errors import InvalidInputError
from app.operations.lookups import get_data_source_or_raise
from app.operations.permissions import require_admin
from app.populations import recompute_memberships
from app.storage.models import Account, DataSource, Membership, Opportunity, User
from app.storage.versions import bump_organization

logger = logging.getLogger(__name__)

MAX_CUSTOMER_TYPES = 50
MAX_VALUE_LENGTH = 255


def set_stage_mapping(
    session: Session,
    actor: User,
    data_source_id: int,
    stage: str,
    outcome: str | Outcome | None,
) -> DataSource:
    """Map a stage of a CRM source to OPEN, WON or LOST, or unmap it with None.

    Every opportunity of the source in that stage takes the new outcome, and
    an unmapped stage that opportunities use is listed as unmapped again.
    """
    require_admin(actor, "changing stage mappings")
    data_source = get_data_source_or_raise(
        session, organization_id=actor.organization_id, data_source_id=data_source_id
    )
    if not DataSourceKind(data_source.kind).is_crm:
        raise InvalidInputError(
            f"data source {data_source.name!r} is a {data_source.kind} file without "
            "opportunities, so it has no stages; map stages of a CRM source",
            field="data_source_id",
        )
    if not isinstance(stage, str) or not stage.strip() or len(stage) > MAX_VALUE_LENGTH:
        raise InvalidInputError(
            f"invalid stage {stage!r}: pass the stage name as the CRM exports it",
            field="stage",
        )
    parsed = _outcome(outcome, stage)

    mapping = dict(data_source.stage_mapping)
    unmapped = [item for item in data_source.unmapped_stages if item != stage]
    if parsed is None:
        mapping.pop(stage, None)
        if _stage_in_use(session, data_source.id, stage):
            unmapped.append(stage)
    else:
        mapping[stage] = parsed
    data_source.stage_mapping = mapping
    data_source.unmapped_stages = sorted(unmapped)
    session.add(data_source)
    changed = session.execute(
        update(Opportunity)
        .where(Opportunity.data_source_id == data_source.id, Opportunity.stage == stage)
        .values(outcome=parsed)
    ).rowcount
    _data_changed(session, actor.organization_id)
    logger.info(
        "data source %s: stage %r mapped to %s, %d opportunities updated",
        data_source.id,
        stage,
        parsed,
        changed,
    )
    return data_source


def set_customer_types(
    session: Session, actor: User, data_source_id: int, types: Iterable[str]
) -> DataSource:
    """Replace the account types that make an account of this source a customer.

    Types compare case-insensitively, so a type repeated in another case is
    kept once, in its first spelling.
    """
    require_admin(actor, "changing customer types")
    data_source = get_data_source_or_raise(
        session, organization_id=actor.organization_id, data_source_id=data_source_id
    )
    clean = _customer_types(types)
    data_source.customer_types = clean
    session.add(data_source)
    _data_changed(session, actor.organization_id)
    return data_source


def delete_data_source(session: Session, actor: User, data_source_id: int) -> None:
    """Delete a data source with its accounts, opportunities and memberships."""
    require_admin(actor, "deleting a data source")
    organization_id = actor.organization_id
    data_source = get_data_source_or_raise(
        session, organization_id=organization_id, data_source_id=data_source_id
    )
    account_ids = select(Account.id).where(Account.data_source_id == data_source.id)

    session.execute(delete(Membership).where(Membership.account_id.in_(account_ids)))
    session.execute(
        update(Opportunity)
        .where(Opportunity.account_id.in_(account_ids))
        .values(account_id=None)
    )
    session.execute(
        delete(Opportunity).where(Opportunity.data_source_id == data_source.id)
    )
    removed = session.execute(
        delete(Account).where(Account.data_source_id == data_source.id)
    ).rowcount
    session.delete(data_source)
    _data_changed(session, organization_id)
    logger.info(
        "deleted data source %s of organization %s with %d accounts",
        data_source_id,
        organization_id,
        removed,
    )


def _outcome(outcome: str | Outcome | None, stage: str) -> Outcome | None:
    if outcome is None:
        return None
    try:
        return Outcome(str(outcome).strip().upper())
    except ValueError:
        raise InvalidInputError(
            f"invalid outcome {outcome!r} for stage {stage!r}: expected OPEN, WON "
            "or LOST, or none to unmap the stage",
            field="outcome",
        ) from None


def _customer_types(types: Iterable[str]) -> list[str]:
    items = [types] if isinstance(types, str) else list(types)
    clean: dict[str, str] = {}
    for item in items:
        if (
            not isinstance(item, str)
            or not item.strip()
            or len(item) > MAX_VALUE_LENGTH
        ):
            raise InvalidInputError(
                f"invalid customer type {item!r}: pass an account type as the "
                "source writes it, such as Customer",
                field="types",
            )
        clean.setdefault(item.strip().casefold(), item.strip())
    if len(clean) > MAX_CUSTOMER_TYPES:
        raise InvalidInputError(
            f"{len(clean)} customer types given; a data source takes at most "
            f"{MAX_CUSTOMER_TYPES}",
            field="types",
        )
    return list(clean.values())


def _stage_in_use(session: Session, data_source_id: int, stage: str) -> bool:
    return (
        session.exec(
            select(Opportunity.id).where(
                Opportunity.data_source_id == data_source_id, Opportunity.stage == stage
            )
        ).first()
        is not None
    )


def _data_changed(session: Session, organization_id: int) -> None:
    session.flush()
    recompute_memberships(session, organization_id)
    bump_organization(session, organization_id)
