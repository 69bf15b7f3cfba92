"""Entry point of the `partnergraph` command and its error handling."""

from __future__ import annotations

import logging
import sys

import typer

from app.cli import demo, imports, organizations, serve, tokens
from app.core.errors import PartnergraphError
from app.core.logging import configure_logging
from app.core.settings import get_settings

logger = logging.getLogger(__name__)

app = typer.Typer(
    name="partnergraph",
    help="Partner account mapping: imports, organizations, tokens and the API.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(organizations.app, name="org")
app.add_typer(tokens.app, name="token")
app.add_typer(imports.app, name="import")
app.command("serve")(serve.serve)
app.command("export-schema")(serve.export_schema)
app.command("demo")(demo.demo)


def main() -> None:
    """Run the CLI; expected and usage errors print one line and exit non-zero."""
    try:
        settings = get_settings()
    except ValueError as error:
        print(f"error: invalid settings: {error}".replace("\n", " "), file=sys.stderr)
        sys.exit(2)
    configure_logging(settings.log_level, settings.log_format)
    try:
        app(standalone_mode=False)
    except PartnergraphError as error:
        print(f"error: {error.message}".replace("\n", " "), file=sys.stderr)
        sys.exit(1)
    except typer.Abort:
        print("error: aborted", file=sys.stderr)
        sys.exit(1)
    except Exception as error:
        # Usage errors come from the click that typer bundles, so they are
        # recognised by their interface rather than by class.
        if hasattr(error, "format_message") and hasattr(error, "exit_code"):
            message = error.format_message().strip()
            if "\n" in message:
                # `partnergraph` without a command: the message is the help text.
                print(message, file=sys.stderr)
            else:
                print(f"error: {message}", file=sys.stderr)
            sys.exit(error.exit_code)
        logger.exception("command failed")
        print(
            f"error: {type(error).__name__}: {error}".splitlines()[0], file=sys.stderr
        )
        sys.exit(1)
