"""`partnergraph org`: create organizations and change their plan."""

from __future__ import annotations

import typer

from app.cli.common import migrated_session
from app.operations.organizations import create_organization, set_plan

app = typer.Typer(
    help="Create organizations and change their plan.", no_args_is_help=True
)


@app.command("create")
def create(
    slug: str = typer.Argument(..., help="Short unique name, e.g. acme."),
    name: str = typer.Option(..., "--name", help="Display name of the organization."),
    domain: str = typer.Option(
        ..., "--domain", help="Its own web domain, e.g. acme.com."
    ),
    plan: str = typer.Option(
        "free", "--plan", help="free, connector, supernode or enterprise."
    ),
    currency: str = typer.Option(
        "USD", "--currency", help="Corporate currency as an ISO 4217 code."
    ),
) -> None:
    """Create an organization with its standard populations."""
    with migrated_session() as session:
        organization = create_organization(
            session, slug=slug, name=name, domain=domain, plan=plan, currency=currency
        )
        typer.echo(
            f"created organization {organization.slug} ({organization.name}), "
            f"domain key {organization.domain_key}, plan {organization.plan.lower()}, "
            f"currency {organization.currency}"
        )


@app.command("set-plan")
def set_plan_command(
    slug: str = typer.Argument(..., help="The organization's slug."),
    plan: str = typer.Argument(..., help="free, connector, supernode or enterprise."),
) -> None:
    """Change an organization's plan."""
    with migrated_session() as session:
        organization = set_plan(session, slug=slug, plan=plan)
        typer.echo(
            f"organization {organization.slug} is on plan {organization.plan.lower()}"
        )
