"""Fixtures of the API tests live in tests/conftest.py; this names their type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

GraphQL = Callable[..., dict[str, Any]]
