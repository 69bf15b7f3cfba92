"""CSV files of accounts: a file data source without opportunities."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from app.core.enums import CANONICAL_ACCOUNT_FIELDS, DataSourceKind
from app.core.errors import InvalidInputError
from app.ingest.accounts import ProgressCallback
from app.ingest.columns import FieldSpec
from app.ingest.pipeline import run_import
from app.ingest.profile import ImportProfile
from app.ingest.report import ImportReport

ACCOUNT_FIELDS = (
    FieldSpec("external_id", ("id", "external id"), "id", option="--id-column"),
    FieldSpec(
        "name",
        ("name", "company", "account name", "company name"),
        "name",
        required=True,
        option="--name-column",
    ),
    FieldSpec(
        "website",
        ("website", "domain", "web", "url"),
        "website",
        required=True,
        option="--website-column",
    ),
    FieldSpec("type", ("type", "account type"), "type", option="--type-column"),
    FieldSpec(
        "industry", ("industry", "sector"), "industry", option="--industry-column"
    ),
    FieldSpec("country", ("country",), "country", option="--country-column"),
    FieldSpec(
        "employees",
        (
            "employees",
            "number of employees",
            "num of employees",
            "no of employees",
            "employee count",
        ),
        "employees",
        option="--employees-column",
    ),
    FieldSpec("owner", ("owner", "account owner"), "owner", option="--owner-column"),
)

CSV_PROFILE = ImportProfile(kind=DataSourceKind.CSV, account_specs=ACCOUNT_FIELDS)


def import_csv_accounts(
    session: Session,
    *,
    organization_id: int,
    path: Path | str,
    source_name: str | None = None,
    id_column: str | None = None,
    column_overrides: dict[str, str] | None = None,
    decimal_separator: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a CSV of accounts into a file data source, atomically.

    The source is named `source_name`, by default the file's base name without
    its extension. `column_overrides` maps a canonical field (name, website,
    type, industry, country, employees, owner) to the column that contains it.
    Accounts files have no amounts, so `decimal_separator` is only checked.
    The caller commits.
    """
    path = Path(path)
    overrides = _check_overrides(column_overrides or {})
    if id_column is not None:
        overrides["external_id"] = id_column
    return run_import(
        session,
        CSV_PROFILE,
        organization_id=organization_id,
        source_name=source_name if source_name is not None else path.stem,
        accounts_path=path,
        column_overrides=overrides,
        decimal_separator=decimal_separator,
        progress=progress,
    )


def _check_overrides(overrides: dict[str, str]) -> dict[str, str]:
    checked: dict[str, str] = {}
    for name, column in overrides.items():
        if name not in CANONICAL_ACCOUNT_FIELDS:
            expected = ", ".join(CANONICAL_ACCOUNT_FIELDS)
            raise InvalidInputError(
                f"invalid column override {name!r}: expected one of {expected}",
                field="column_overrides",
            )
        if column is not None:
            checked[name] = column
    return checked
