"""Small builders shared by tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from app.operations.organizations import create_organization
from app.operations.tokens import IssuedToken, create_token
from app.storage.models import Organization


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `partnergraph` command in a subprocess with this environment."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ),
        check=False,
        timeout=120,
    )


def make_organization(
    session: Session,
    slug: str,
    *,
    domain: str | None = None,
    plan: str = "connector",
    currency: str = "USD",
) -> Organization:
    organization = create_organization(
        session,
        slug=slug,
        name=slug.title(),
        domain=domain or f"{slug}.com",
        plan=plan,
        currency=currency,
    )
    session.commit()
    return organization


def make_token(
    session: Session, slug: str, email: str, role: str | None = None
) -> IssuedToken:
    issued = create_token(session, slug=slug, email=email, role=role)
    session.commit()
    return issued
