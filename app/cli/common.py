"""Helpers shared by the CLI commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from app.storage.db import session_scope, upgrade_database


@contextmanager
def migrated_session() -> Iterator[Session]:
    """Bring the schema up to date, then open one transaction for the command."""
    upgrade_database()
    with session_scope() as session:
        yield session
