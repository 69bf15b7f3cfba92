from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.graph import clear_ecosystem_cache


@pytest.fixture(autouse=True)
def _fresh_ecosystem_cache() -> Iterator[None]:
    """Start each test without snapshots of an earlier test's database.

    PostgreSQL test databases are truncated and refilled under the same URL,
    so ids and stamps repeat between tests.
    """
    clear_ecosystem_cache()
    yield
    clear_ecosystem_cache()
