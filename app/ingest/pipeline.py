"""The atomic import: validate and stage every file, then reconcile in SQL.

Everything runs in the caller's transaction, and the caller commits. Files are
read and staged first. When any of them has a problem, the staged rows are
deleted and ImportRejectedError lists every problem, so nothing changes.
Otherwise the data source is found or created and reconciled. Unless the
files matched the stored data exactly, memberships are then recomputed and
the organization's version stamp moves.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sqlmodel import Session

from app.core.errors import ImportRejectedError, InvalidInputError, NotFoundError
from app.ingest import sources
from app.ingest.accounts import ProgressCallback, stage_accounts
from app.ingest.opportunities import stage_opportunities
from app.ingest.problems import Problems, Warnings
from app.ingest.profile import ImportProfile, parse_decimal_separator
from app.ingest.reader import MalformedFileError
from app.ingest.report import ImportReport
from app.ingest.staging import StagingBatch
from app.ingest.sync import apply_batch
from app.populations.membership import recompute_memberships
from app.storage.versions import bump_organization

logger = logging.getLogger(__name__)


def run_import(
    session: Session,
    profile: ImportProfile,
    *,
    organization_id: int,
    source_name: str,
    accounts_path: Path | None = None,
    opportunities_path: Path | None = None,
    column_overrides: dict[str, str] | None = None,
    decimal_separator: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import the given files into one data source of an organization, atomically."""
    with _cyclic_collection_paused():
        return _run_import(
            session,
            profile,
            organization_id=organization_id,
            source_name=source_name,
            accounts_path=accounts_path,
            opportunities_path=opportunities_path,
            column_overrides=column_overrides,
            decimal_separator=decimal_separator,
            progress=progress,
        )


@contextmanager
def _cyclic_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of an import.

    An import allocates millions of short-lived objects without reference
    cycles, which reference counting frees, while caches such as the match
    keys' grow. Each full collection then walks those caches again, and on a
    100,000-row file the collections took about a third of the import's CPU
    time (measured with scripts/bench_import.py on 2 vCPUs). The previous
    state returns afterwards, so an import never leaves the collector off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_import(
    session: Session,
    profile: ImportProfile,
    *,
    organization_id: int,
    source_name: str,
    accounts_path: Path | None,
    opportunities_path: Path | None,
    column_overrides: dict[str, str] | None,
    decimal_separator: str | None,
    progress: ProgressCallback | None,
) -> ImportReport:
    started = time.perf_counter()
    _check_files(accounts_path, opportunities_path)
    organization = sources.get_organization_or_raise(session, organization_id)
    name = sources.check_source_name(source_name)
    separator = parse_decimal_separator(decimal_separator)
    source = sources.find_data_source(
        session, organization_id=organization_id, name=name, kind=profile.kind
    )

    batch = StagingBatch(session)
    warnings = Warnings()
    all_problems: list[Problems] = []
    staged_accounts = staged_opportunities = None
    if accounts_path is not None:
        problems = Problems(accounts_path.name)
        all_problems.append(problems)
        with _malformed_file_as_problem(problems):
            staged_accounts = stage_accounts(
                accounts_path,
                batch,
                problems,
                warnings,
                specs=profile.account_specs,
                domain_overrides=sources.domain_overrides(session, source),
                column_overrides=column_overrides,
                progress=progress,
            )
    if opportunities_path is not None:
        problems = Problems(opportunities_path.name)
        all_problems.append(problems)
        with _malformed_file_as_problem(problems):
            staged_opportunities = stage_opportunities(
                opportunities_path,
                batch,
                problems,
                warnings,
                specs=profile.opportunity_specs,
                decimal_separator=separator,
                progress=progress,
            )
    if staged_accounts is not None and not staged_accounts.external_ids:
        existing = sources.account_count(session, source)
        if existing:
            all_problems[0].add(
                f"the file has no data rows, so importing it would delete all "
                f"{existing} accounts of data source {name!r}; check the file, or "
                "delete the data source to remove its accounts"
            )
    _reject_if_any(batch, all_problems)
    batch.analyze()

    if source is None:
        source = sources.create_data_source(
            session, organization_id=organization_id, name=name, kind=profile.kind
        )
    report = apply_batch(
        session,
        batch=batch,
        profile=profile,
        source=source,
        staged_accounts=staged_accounts,
        staged_opportunities=staged_opportunities,
        warnings=warnings,
    )
    batch.discard()
    if report.changed:
        recompute_memberships(session, organization_id)
        bump_organization(session, organization_id)
        session.expire(organization, ["data_version"])

    report = _finish(report, started)
    logger.info(
        "import into %s source %r of organization %d took %.2f s: %s",
        report.data_source_kind,
        report.data_source_name,
        organization_id,
        report.duration_seconds,
        report.summary(),
    )
    return report


def _check_files(*paths: Path | None) -> None:
    given = [path for path in paths if path is not None]
    if not given:
        raise InvalidInputError("no file to import: pass at least one file")
    for path in given:
        if not path.is_file():
            raise NotFoundError(f"file {str(path)!r} not found; check the path")


@contextmanager
def _malformed_file_as_problem(problems: Problems) -> Iterator[None]:
    """Record a file that cannot be read any further as one more problem."""
    try:
        yield
    except MalformedFileError as error:
        problems.add(str(error))


def _reject_if_any(batch: StagingBatch, all_problems: list[Problems]) -> None:
    if not any(all_problems):
        return
    batch.discard()
    labelled = len(all_problems) > 1
    messages = [
        message
        for problems in all_problems
        for message in (problems.labelled() if labelled else problems.messages)
    ]
    names = " and ".join(problems.file_name for problems in all_problems)
    raise ImportRejectedError(messages, source=names)


def _finish(report: ImportReport, started: float) -> ImportReport:
    return replace(report, duration_seconds=time.perf_counter() - started)
