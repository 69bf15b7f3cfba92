"""HubSpot exports: companies and deals with the column labels of the export."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from app.core.enums import DataSourceKind
from app.ingest.accounts import ProgressCallback
from app.ingest.columns import FieldSpec
from app.ingest.pipeline import run_import
from app.ingest.profile import ImportProfile
from app.ingest.report import ImportReport
from app.ingest.stages import HUBSPOT_STAGE_DEFAULTS

COMPANY_FIELDS = (
    FieldSpec("external_id", ("record id",), "Record ID", required=True),
    FieldSpec("name", ("company name", "name"), "Company name", required=True),
    # The domain wins over the URL when a row has both.
    FieldSpec(
        "website",
        ("company domain name", "website url"),
        "Company Domain Name or Website URL",
        required=True,
        combine=True,
    ),
    FieldSpec("type", ("type", "company type"), "Type"),
    FieldSpec("industry", ("industry",), "Industry"),
    FieldSpec("country", ("country region", "country"), "Country/Region"),
    FieldSpec("employees", ("number of employees",), "Number of Employees"),
    FieldSpec("owner", ("company owner",), "Company owner"),
)

DEAL_FIELDS = (
    FieldSpec("external_id", ("record id",), "Record ID", required=True),
    FieldSpec(
        "account_external_id",
        ("associated company ids", "associated company ids primary"),
        "Associated Company IDs",
        required=True,
    ),
    FieldSpec("name", ("deal name",), "Deal Name"),
    FieldSpec("stage", ("deal stage",), "Deal Stage", required=True),
    FieldSpec("amount", ("amount",), "Amount"),
    FieldSpec("close_date", ("close date",), "Close Date"),
    FieldSpec("currency", ("currency", "deal currency code"), "Currency"),
)

HUBSPOT_PROFILE = ImportProfile(
    kind=DataSourceKind.HUBSPOT,
    account_specs=COMPANY_FIELDS,
    opportunity_specs=DEAL_FIELDS,
    stage_defaults=HUBSPOT_STAGE_DEFAULTS,
)


def import_hubspot(
    session: Session,
    *,
    organization_id: int,
    companies_path: Path | str | None = None,
    deals_path: Path | str | None = None,
    source_name: str | None = None,
    decimal_separator: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a HubSpot export into a HUBSPOT data source, atomically.

    Deal stages of the default pipeline, as internal ids or labels, are
    mapped; other pipelines' stages stay unmapped until an admin maps them.
    The source is named `source_name`, by default HUBSPOT. The caller commits.
    """
    return run_import(
        session,
        HUBSPOT_PROFILE,
        organization_id=organization_id,
        source_name=source_name or str(DataSourceKind.HUBSPOT),
        accounts_path=None if companies_path is None else Path(companies_path),
        opportunities_path=None if deals_path is None else Path(deals_path),
        decimal_separator=decimal_separator,
        progress=progress,
    )
