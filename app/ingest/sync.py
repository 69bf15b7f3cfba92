"""Applying a validated batch to its data source, and describing the result."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from app.core.enums import SyncedField
from app.ingest import sources
from app.ingest.accounts import StagedAccounts
from app.ingest.opportunities import StagedOpportunities
from app.ingest.problems import Warnings
from app.ingest.profile import ImportProfile
from app.ingest.reconcile import (
    reconcile_accounts,
    reconcile_opportunities,
    relink_opportunities,
)
from app.ingest.report import ACCOUNTS, OPPORTUNITIES, ImportReport
from app.ingest.stages import infer_stage_mapping
from app.ingest.staging import StagingBatch
from app.storage.models import Account, DataSource, Opportunity


def apply_batch(
    session: Session,
    *,
    batch: StagingBatch,
    profile: ImportProfile,
    source: DataSource,
    staged_accounts: StagedAccounts | None,
    staged_opportunities: StagedOpportunities | None,
    warnings: Warnings,
) -> ImportReport:
    """Reconcile the staged object types and update the source's description.

    Opportunities are relinked to the source's accounts whatever the files
    were. The report's `changed` is true when any row or the source changed.
    """
    ids = {"organization_id": source.organization_id, "data_source_id": source.id}
    counts = {}
    updates: dict[str, object] = {}
    if staged_accounts is not None:
        counts[ACCOUNTS] = reconcile_accounts(session, batch, **ids)
        updates["custom_field_types"] = staged_accounts.custom_types

    opportunity_fields = None
    if staged_opportunities is not None:
        result = infer_stage_mapping(
            source.stage_mapping,
            staged_opportunities.stages,
            profile.stage_defaults,
            file_name=staged_opportunities.file_name,
        )
        for warning in result.warnings:
            warnings.add(warning)
        counts[OPPORTUNITIES] = reconcile_opportunities(
            session, batch, stage_mapping=result.mapping, **ids
        )
        updates["stage_mapping"] = result.mapping
        # Opportunity data counts as synced only with both stage and amount,
        # because influence figures need both.
        opportunity_fields = set()
        if staged_opportunities.has_amount:
            opportunity_fields = {
                SyncedField.OPPORTUNITY_AMOUNT,
                SyncedField.OPPORTUNITY_STAGE,
            }

    relinked = relink_opportunities(session, data_source_id=source.id)
    _warn_unlinked(session, source, staged_opportunities, warnings)
    updates["unmapped_stages"] = sources.unmapped_stages(session, source)
    updates["synced_fields"] = sources.synced_fields(
        source,
        accounts_imported=staged_accounts is not None,
        opportunity_fields=opportunity_fields,
    )
    data_changed = bool(relinked) or any(item.changed for item in counts.values())
    changed = sources.update_source(source, changed=data_changed, **updates)
    session.flush()

    return ImportReport(
        data_source_id=source.id,
        data_source_name=source.name,
        data_source_kind=source.kind,
        counts=counts,
        accounts_without_key=_count_without_key(session, source),
        changed=changed,
        duration_seconds=0.0,
        warnings=warnings.render(),
    )


def _warn_unlinked(
    session: Session,
    source: DataSource,
    staged: StagedOpportunities | None,
    warnings: Warnings,
) -> None:
    """Warn about opportunities whose account is missing from the source."""
    if staged is None:
        unlinked = session.exec(
            select(func.count())
            .select_from(Opportunity)
            .where(
                Opportunity.data_source_id == source.id,
                Opportunity.account_external_id.is_not(None),
                Opportunity.account_id.is_(None),
            )
        ).one()
        if unlinked:
            warnings.add(
                f"{unlinked} opportunities of {source.name!r} name accounts that "
                "the source does not contain; they count in no metric until those "
                "accounts are imported"
            )
        return

    known = sources.account_external_ids(session, source)
    for row, account_id in staged.account_rows:
        if account_id is None:
            warnings.add_row(
                f"{staged.file_name}: opportunities without an account id count in "
                "no metric",
                row,
            )
        elif account_id not in known:
            warnings.add_row(
                f"{staged.file_name}: opportunities name an account that "
                f"{source.name!r} does not contain; they count in no metric until it "
                "is imported",
                row,
            )


def _count_without_key(session: Session, source: DataSource) -> int:
    return session.exec(
        select(func.count())
        .select_from(Account)
        .where(Account.data_source_id == source.id, Account.match_key.is_(None))
    ).one()
