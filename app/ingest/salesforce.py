"""Salesforce exports: Account and Opportunity files with the API field names."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from app.core.enums import DataSourceKind
from app.ingest.accounts import ProgressCallback
from app.ingest.columns import FieldSpec
from app.ingest.pipeline import run_import
from app.ingest.profile import ImportProfile
from app.ingest.report import ImportReport
from app.ingest.stages import CLOSED_STAGE_DEFAULTS

# Aliases are normalized header names, so `Id` is `id`, `AccountId` is `accountid`.
ACCOUNT_FIELDS = (
    FieldSpec("external_id", ("id",), "Id", required=True),
    FieldSpec("name", ("name",), "Name", required=True),
    FieldSpec("website", ("website",), "Website", required=True),
    FieldSpec("type", ("type",), "Type"),
    FieldSpec("industry", ("industry",), "Industry"),
    FieldSpec("country", ("billingcountry",), "BillingCountry"),
    FieldSpec("employees", ("numberofemployees",), "NumberOfEmployees"),
    FieldSpec("owner", ("ownerid",), "OwnerId"),
    FieldSpec("is_deleted", ("isdeleted",), "IsDeleted"),
)

OPPORTUNITY_FIELDS = (
    FieldSpec("external_id", ("id",), "Id", required=True),
    FieldSpec("account_external_id", ("accountid",), "AccountId", required=True),
    FieldSpec("name", ("name",), "Name"),
    FieldSpec("stage", ("stagename",), "StageName", required=True),
    FieldSpec("amount", ("amount",), "Amount"),
    FieldSpec("close_date", ("closedate",), "CloseDate"),
    FieldSpec("is_closed", ("isclosed",), "IsClosed"),
    FieldSpec("is_won", ("iswon",), "IsWon"),
    FieldSpec("currency", ("currencyisocode",), "CurrencyIsoCode"),
)

SALESFORCE_PROFILE = ImportProfile(
    kind=DataSourceKind.SALESFORCE,
    account_specs=ACCOUNT_FIELDS,
    opportunity_specs=OPPORTUNITY_FIELDS,
    stage_defaults=CLOSED_STAGE_DEFAULTS,
)


def import_salesforce(
    session: Session,
    *,
    organization_id: int,
    accounts_path: Path | str | None = None,
    opportunities_path: Path | str | None = None,
    source_name: str | None = None,
    decimal_separator: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a Salesforce export into a SALESFORCE data source, atomically.

    Only the object types whose files are given are reconciled; opportunities
    are relinked to the source's accounts either way. The source is named
    `source_name`, by default SALESFORCE. The caller commits.
    """
    return run_import(
        session,
        SALESFORCE_PROFILE,
        organization_id=organization_id,
        source_name=source_name or str(DataSourceKind.SALESFORCE),
        accounts_path=None if accounts_path is None else Path(accounts_path),
        opportunities_path=None
        if opportunities_path is None
        else Path(opportunities_path),
        decimal_separator=decimal_separator,
        progress=progress,
    )
