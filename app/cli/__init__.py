"""The `partnergraph` command."""

from __future__ import annotations

from app.cli.main import app, main

__all__ = ["app", "main"]
