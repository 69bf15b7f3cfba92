"""Builders for import tests: CSV writers and a dump of the whole database."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, SQLModel

import app.storage.models  # noqa: F401  (registers every table)
from app.storage.models import Account, Membership, Opportunity, Population


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], delimiter: str = ","
) -> Path:
    """Write a CSV file with the csv module and return its path."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read a CSV file, byte order mark included, into dictionaries."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def dump_database(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every table, sorted, to compare before and after."""
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(row) for row in connection.execute(select(table))), key=repr
            )
            for table in SQLModel.metadata.sorted_tables
        }


def accounts_by_id(session: Session, data_source_id: int) -> dict[str, Account]:
    session.expire_all()
    accounts = session.exec(
        select(Account).where(Account.data_source_id == data_source_id)
    ).scalars()
    return {account.external_id: account for account in accounts}


def opportunities_by_id(
    session: Session, data_source_id: int
) -> dict[str, Opportunity]:
    session.expire_all()
    opportunities = session.exec(
        select(Opportunity).where(Opportunity.data_source_id == data_source_id)
    ).scalars()
    return {opportunity.external_id: opportunity for opportunity in opportunities}


def standard_members(session: Session, organization_id: int) -> dict[str, set[str]]:
    """Return the external ids of each standard population's members."""
    session.expire_all()
    rows = session.exec(
        select(Population.standard_type, Account.external_id)
        .join(Membership, Membership.population_id == Population.id)
        .join(Account, Account.id == Membership.account_id)
        .where(
            Population.organization_id == organization_id,
            Population.standard_type.is_not(None),
        )
    ).all()
    members: dict[str, set[str]] = {
        "CUSTOMERS": set(),
        "OPEN_OPPORTUNITIES": set(),
        "PROSPECTS": set(),
    }
    for standard_type, external_id in rows:
        members[standard_type].add(external_id)
    return members
