"""`partnergraph serve` and `partnergraph export-schema`."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from app.cli.demo import DATA_DIR_HELP, prepare_demo
from app.core.settings import get_settings
from app.storage.db import upgrade_database

logger = logging.getLogger(__name__)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="TCP port to listen on."),
    demo: bool = typer.Option(
        False,
        "--demo",
        help="Load the demo into an empty database, or reuse the demo already "
        "there, and print a new token per demo organization.",
    ),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
) -> None:
    """Apply migrations and start the GraphQL API (GraphiQL at /graphql)."""
    import uvicorn

    from app.server import create_app

    settings = get_settings()
    upgrade_database(settings.database_url)
    address = f"http://{host}:{port}"
    if demo:
        prepare_demo(settings, data_dir, address)
    else:
        typer.echo(f"GraphiQL: {address}/graphql")
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,
    )


def export_schema(
    output: Path = typer.Option(
        Path("schema.graphql"), "--output", help="File to write the SDL to."
    ),
) -> None:
    """Write the GraphQL schema in SDL."""
    from app.api.schema import export_sdl

    output.write_text(export_sdl(), encoding="utf-8")
    typer.echo(f"wrote {output}")
