"""Builders that write data sources, accounts and opportunities directly."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.core.money import to_units
from app.matching import compute_key
from app.storage.models import (
    Account,
    DataSource,
    Opportunity,
    Organization,
    Partnership,
)
from app.storage.types import UtcDateTime

CUSTOMER_TYPES = ["Customer", "Customer - Direct", "Customer - Channel"]


def add_data_source(
    session: Session,
    organization: Organization,
    *,
    name: str = "Salesforce",
    kind: str = "SALESFORCE",
    custom_field_types: dict[str, str] | None = None,
    stage_mapping: dict[str, str] | None = None,
) -> DataSource:
    data_source = DataSource(
        organization_id=organization.id,
        kind=kind,
        name=name,
        customer_types=list(CUSTOMER_TYPES),
        custom_field_types=custom_field_types or {},
        stage_mapping=stage_mapping or {},
    )
    session.add(data_source)
    session.flush()
    return data_source


def add_account(
    session: Session,
    data_source: DataSource,
    external_id: str,
    *,
    name: str | None = None,
    website: str | None = None,
    type: str | None = None,
    industry: str | None = None,
    employees: int | None = None,
    custom: dict[str, str] | None = None,
) -> Account:
    result = compute_key(website)
    account = Account(
        organization_id=data_source.organization_id,
        data_source_id=data_source.id,
        external_id=external_id,
        name=name or external_id,
        website=website,
        type=type,
        industry=industry,
        employees=employees,
        custom=custom or {},
        match_key=result.key,
        no_key_reason=None if result.reason is None else str(result.reason),
    )
    session.add(account)
    session.flush()
    return account


def add_opportunity(
    session: Session,
    account: Account,
    external_id: str,
    *,
    amount: str | None = None,
    currency: str | None = None,
    stage: str = "Prospecting",
    outcome: str | None = "OPEN",
) -> Opportunity:
    opportunity = Opportunity(
        organization_id=account.organization_id,
        data_source_id=account.data_source_id,
        external_id=external_id,
        account_external_id=account.external_id,
        account_id=account.id,
        amount_units=None if amount is None else to_units(Decimal(amount)),
        currency=currency,
        stage=stage,
        outcome=outcome,
    )
    session.add(opportunity)
    session.flush()
    return opportunity


def dump_database(
    session: Session, *, include_timestamps: bool = True
) -> dict[str, list[tuple]]:
    """Return every row of every table, ordered by primary key."""
    session.flush()
    dump: dict[str, list[tuple]] = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = [
            column
            for column in table.columns
            if include_timestamps or not isinstance(column.type, UtcDateTime)
        ]
        rows = session.execute(
            select(*columns).order_by(*table.primary_key.columns)
        ).all()
        dump[table.name] = [tuple(row) for row in rows]
    return dump


def read_stamps(session: Session) -> dict[tuple[str, int], int]:
    """Return every organization's and partnership's version stamp."""
    session.flush()
    stamps = {
        ("organization", row[0]): row[1]
        for row in session.execute(select(Organization.id, Organization.data_version))
    }
    for row in session.execute(select(Partnership.id, Partnership.policy_version)):
        stamps["partnership", row[0]] = row[1]
    return stamps


def stamp_changes(
    before: dict[tuple[str, int], int], after: dict[tuple[str, int], int]
) -> dict[tuple[str, int], int]:
    """Return how much each stamp that existed before has grown."""
    return {
        key: after[key] - value
        for key, value in before.items()
        if after.get(key) != value
    }
