"""`partnergraph token`: issue and revoke API tokens."""

from __future__ import annotations

import typer

from app.cli.common import migrated_session
from app.operations.tokens import create_token, revoke_token

app = typer.Typer(help="Issue and revoke API tokens.", no_args_is_help=True)


@app.command("create")
def create(
    org: str = typer.Option(..., "--org", help="The organization's slug."),
    email: str = typer.Option(..., "--email", help="The user's e-mail address."),
    role: str | None = typer.Option(
        None,
        "--role",
        help="admin or member; the first user of an organization is always an admin.",
    ),
) -> None:
    """Create the user if needed and print a new token (shown only once)."""
    with migrated_session() as session:
        issued = create_token(session, slug=org, email=email, role=role)
        typer.echo(
            f"token id {issued.public_id} for {issued.user.email} "
            f"({issued.user.role.lower()})",
            err=True,
        )
        typer.echo(issued.token)


@app.command("revoke")
def revoke(
    token_id: str = typer.Argument(..., help="The token id printed at creation."),
) -> None:
    """Revoke a token; requests that use it are rejected from then on."""
    with migrated_session() as session:
        token = revoke_token(session, public_id=token_id)
        typer.echo(f"token {token.public_id} revoked")
