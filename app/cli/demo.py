"""`partnergraph demo`, and the demo set-up behind `partnergraph serve --demo`."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import typer

from app.core.errors import InvalidInputError
from app.core.settings import Settings, get_settings
from app.demo.loader import (
    DatabaseState,
    DemoSummary,
    database_state,
    issue_demo_tokens,
    load_demo,
)
from app.storage.db import get_engine, session_scope, upgrade_database

logger = logging.getLogger(__name__)

DATA_DIR_HELP = (
    "Folder with the real data files (sfdc_devorg_export/, fortune1000_2021/, "
    "wikipedia_companies/); default PARTNERGRAPH_DATA_DIR, else generated data."
)


def demo(
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
) -> None:
    """Load the demo ecosystem, unless the database contains it already."""
    settings = get_settings()
    upgrade_database(settings.database_url)
    summary = load_demo(
        get_engine(settings.database_url), data_dir or settings.data_dir
    )
    print_summary(summary)


def prepare_demo(settings: Settings, data_dir: Path | None, address: str) -> None:
    """Load the demo into an empty database and print a new token per organization.

    A database that holds only demo organizations is used as it is. Raises
    InvalidInputError when the database contains other organizations, so that
    demo organizations are never written next to real ones.
    """
    engine = get_engine(settings.database_url)
    with session_scope(engine) as session:
        state = database_state(session)
        if state is DatabaseState.OTHER:
            raise InvalidInputError(
                "the database contains organizations that are not part of the demo; "
                "point DATABASE_URL at an empty database to run the demo"
            )
        # NOTE: two servers started at once on an empty database both load the
        # demo. The later commit fails on the unique organization slug, and
        # that server exits with the error.
        summary = load_demo(session, data_dir or settings.data_dir)
        print_summary(summary, show_tokens=False)
        issued = issue_demo_tokens(session)

    typer.echo(f"GraphiQL: {address}/graphql")
    typer.echo("Paste one line's JSON into GraphiQL's headers pane:")
    for organization, token in issued:
        header = json.dumps({"Authorization": f"Bearer {token}"})
        typer.echo(f"{organization.label()}: {header}")


def print_summary(summary: DemoSummary, *, show_tokens: bool = True) -> None:
    """Print the organizations, partnerships and reason tour of the demo."""
    if summary.loaded:
        typer.echo(
            f"loaded the demo from {summary.origin} in {summary.duration_seconds:.1f} s"
        )
    else:
        typer.echo("the demo is already in the database; nothing was loaded")
    typer.echo("organizations:")
    for organization in summary.organizations:
        sources = "; ".join(organization.data_sources)
        typer.echo(
            f"  {organization.label()}: {organization.account_count} accounts, "
            f"{organization.opportunity_count} opportunities from {sources}"
        )
    statuses = ", ".join(
        f"{count} {status}" for status, count in summary.partnership_statuses.items()
    )
    typer.echo(f"partnerships: {statuses}")
    typer.echo("where each reason for an unavailable potential influence shows:")
    for stop in summary.tour:
        typer.echo(f"  {stop.describe()}")
    if show_tokens and summary.tokens:
        typer.echo("admin tokens (send as Authorization: Bearer <token>):")
        for slug, token in summary.tokens.items():
            typer.echo(f"  {slug}: {token}")
