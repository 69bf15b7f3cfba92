"""An organization to import into, and the folder of hand-made export files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from app.storage.models import Organization
from tests.helpers import make_organization

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def acme(session: Session) -> Organization:
    return make_organization(session, "acme")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
