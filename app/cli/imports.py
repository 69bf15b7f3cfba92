"""`partnergraph import`: load CRM exports and CSV files of accounts."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from app.cli.common import migrated_session
from app.core.errors import InvalidInputError
from app.ingest import (
    ImportReport,
    import_csv_accounts,
    import_hubspot,
    import_salesforce,
)
from app.storage.queries import get_organization_by_slug_or_raise

app = typer.Typer(
    help="Import CRM exports and CSV files of accounts; each import is atomic.",
    no_args_is_help=True,
)

_ORG_HELP = "The organization's slug."
_SOURCE_HELP = "Data source to reconcile, created when missing."
_SEPARATOR_HELP = (
    "Decimal separator of amounts, . or , (needed only when amounts such as "
    "1,234 could be read either way)."
)


class _Progress:
    """Rows read so far, rewritten on one line of a terminal's standard error."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, file_name: str, rows: int, finished: bool) -> None:
        if not self.enabled:
            return
        print(f"\r{file_name}: {rows:,} rows read", end="", file=sys.stderr)
        self.shown = not finished
        if finished:
            print(file=sys.stderr)
        sys.stderr.flush()

    def finish(self) -> None:
        """End a progress line that an error interrupted."""
        if self.shown:
            print(file=sys.stderr)
            self.shown = False


@app.command("csv")
def csv_command(
    *,
    org: str = typer.Option(..., "--org", help=_ORG_HELP),
    accounts: Path = typer.Option(..., "--accounts", help="CSV file of accounts."),
    source: str | None = typer.Option(
        None, "--source", help=f"{_SOURCE_HELP} Default: the file's base name."
    ),
    id_column: str | None = typer.Option(
        None, "--id-column", help="Column with each account's unique id."
    ),
    name_column: str | None = typer.Option(
        None, "--name-column", help="Column with the account name."
    ),
    website_column: str | None = typer.Option(
        None, "--website-column", help="Column with the website or domain."
    ),
    type_column: str | None = typer.Option(
        None, "--type-column", help="Column with the account type, e.g. Customer."
    ),
    industry_column: str | None = typer.Option(
        None, "--industry-column", help="Column with the industry."
    ),
    country_column: str | None = typer.Option(
        None, "--country-column", help="Column with the country."
    ),
    employees_column: str | None = typer.Option(
        None, "--employees-column", help="Column with the number of employees."
    ),
    owner_column: str | None = typer.Option(
        None, "--owner-column", help="Column with the account owner."
    ),
    decimal_separator: str | None = typer.Option(
        None, "--decimal-separator", help=_SEPARATOR_HELP
    ),
) -> None:
    """Import a CSV of accounts into a file data source.

    Columns are recognized by name; the --<field>-column options name the
    column of a field when its header differs. Other columns become custom
    fields.
    """
    overrides = {
        "name": name_column,
        "website": website_column,
        "type": type_column,
        "industry": industry_column,
        "country": country_column,
        "employees": employees_column,
        "owner": owner_column,
    }
    progress = _Progress()
    try:
        with migrated_session() as session:
            organization = get_organization_by_slug_or_raise(session, slug=org)
            report = import_csv_accounts(
                session,
                organization_id=organization.id,
                path=accounts,
                source_name=source,
                id_column=id_column,
                column_overrides={k: v for k, v in overrides.items() if v is not None},
                decimal_separator=decimal_separator,
                progress=progress,
            )
    finally:
        progress.finish()
    _print_report(report)


@app.command("salesforce")
def salesforce_command(
    *,
    org: str = typer.Option(..., "--org", help=_ORG_HELP),
    accounts: Path | None = typer.Option(
        None, "--accounts", help="Account export (Account.csv)."
    ),
    opportunities: Path | None = typer.Option(
        None, "--opportunities", help="Opportunity export (Opportunity.csv)."
    ),
    source: str | None = typer.Option(
        None, "--source", help=f"{_SOURCE_HELP} Default: SALESFORCE."
    ),
    decimal_separator: str | None = typer.Option(
        None, "--decimal-separator", help=_SEPARATOR_HELP
    ),
) -> None:
    """Import a Salesforce export; only the object types given are reconciled."""
    if accounts is None and opportunities is None:
        raise InvalidInputError(
            "nothing to import: pass --accounts, --opportunities or both"
        )
    progress = _Progress()
    try:
        with migrated_session() as session:
            organization = get_organization_by_slug_or_raise(session, slug=org)
            report = import_salesforce(
                session,
                organization_id=organization.id,
                accounts_path=accounts,
                opportunities_path=opportunities,
                source_name=source,
                decimal_separator=decimal_separator,
                progress=progress,
            )
    finally:
        progress.finish()
    _print_report(report)


@app.command("hubspot")
def hubspot_command(
    *,
    org: str = typer.Option(..., "--org", help=_ORG_HELP),
    companies: Path | None = typer.Option(
        None, "--companies", help="Companies export."
    ),
    deals: Path | None = typer.Option(None, "--deals", help="Deals export."),
    source: str | None = typer.Option(
        None, "--source", help=f"{_SOURCE_HELP} Default: HUBSPOT."
    ),
    decimal_separator: str | None = typer.Option(
        None, "--decimal-separator", help=_SEPARATOR_HELP
    ),
) -> None:
    """Import a HubSpot export; only the object types given are reconciled."""
    if companies is None and deals is None:
        raise InvalidInputError("nothing to import: pass --companies, --deals or both")
    progress = _Progress()
    try:
        with migrated_session() as session:
            organization = get_organization_by_slug_or_raise(session, slug=org)
            report = import_hubspot(
                session,
                organization_id=organization.id,
                companies_path=companies,
                deals_path=deals,
                source_name=source,
                decimal_separator=decimal_separator,
                progress=progress,
            )
    finally:
        progress.finish()
    _print_report(report)


def _print_report(report: ImportReport) -> None:
    """Print the summary of a committed import on standard output."""
    typer.echo(
        f"imported into {report.data_source_kind} data source "
        f"{report.data_source_name!r} (id {report.data_source_id}) in "
        f"{report.duration_seconds:.2f} s"
    )
    for object_type, counts in report.counts.items():
        typer.echo(
            f"{object_type}: {counts.inserted} inserted, {counts.updated} updated, "
            f"{counts.deleted} deleted, {counts.unchanged} unchanged"
        )
    typer.echo(f"accounts without a match key: {report.accounts_without_key}")
    if not report.changed:
        typer.echo("nothing changed: the files match the stored data")
    if report.warnings:
        typer.echo(f"warnings ({len(report.warnings)}):")
        for warning in report.warnings:
            typer.echo(f"  - {warning}")
