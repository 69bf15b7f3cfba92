"""An organization whose only data source is the real Fortune 1000 file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlmodel import Session

from app.ingest import import_csv_accounts
from app.storage.models import Organization
from tests.helpers import make_organization


@pytest.fixture(scope="session")
def fortune_path(data_dir: Path) -> Path:
    return data_dir / "fortune1000_2021" / "Fortune_1000.csv"


@pytest.fixture(scope="session")
def fortune_rows(fortune_path: Path) -> list[dict[str, str]]:
    with fortune_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def fortune_org(session: Session, fortune_path: Path) -> Organization:
    organization = make_organization(session, "acme")
    import_csv_accounts(session, organization_id=organization.id, path=fortune_path)
    session.commit()
    return organization
