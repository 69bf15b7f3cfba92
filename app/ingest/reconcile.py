"""Set-based reconciliation of one data source with a staged batch.

Each object type takes three statements: UPDATE the rows whose external id is
staged and whose values differ, INSERT the staged rows that are new, DELETE
the rows that are no longer in the batch. Values are read from the staged
JSON payloads in SQL, so no row passes through Python on the way. The
statements run on the session's connection as Core statements, which report
exact row counts on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    Text,
    case,
    cast,
    delete,
    insert,
    literal,
    null,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import JSON
from sqlmodel import Session

from app.ingest.staging import ACCOUNT, OPPORTUNITY, StagingBatch
from app.storage.models import Account, ImportStaging, Opportunity

_ACCOUNT_TEXT_FIELDS = (
    "name",
    "website",
    "type",
    "industry",
    "country",
    "owner",
    "match_key",
    "no_key_reason",
)
_OPPORTUNITY_TEXT_FIELDS = ("account_external_id", "name", "currency", "stage")


@dataclass(frozen=True, slots=True)
class ObjectCounts:
    """Row counts of one object type of a data source after an import."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)


def reconcile_accounts(
    session: Session, batch: StagingBatch, *, organization_id: int, data_source_id: int
) -> ObjectCounts:
    """Make the data source's accounts equal to the staged ones.

    `domain_override` is never written, so an admin's domain survives.
    """
    dialect = session.get_bind().dialect.name
    values: dict[str, ColumnElement] = {
        name: _text(name) for name in _ACCOUNT_TEXT_FIELDS
    }
    values["employees"] = _integer("employees")
    values["custom"] = _json(dialect, "custom")
    differs = [
        getattr(Account, name).is_distinct_from(values[name])
        for name in (*_ACCOUNT_TEXT_FIELDS, "employees")
    ]
    differs.append(
        _json_text(dialect, Account.custom).is_distinct_from(_text("custom"))
    )

    return _reconcile(
        session,
        batch,
        model=Account,
        object_type=ACCOUNT,
        values=values,
        differs=differs,
        organization_id=organization_id,
        data_source_id=data_source_id,
    )


def reconcile_opportunities(
    session: Session,
    batch: StagingBatch,
    *,
    organization_id: int,
    data_source_id: int,
    stage_mapping: dict[str, str],
) -> ObjectCounts:
    """Make the data source's opportunities equal to the staged ones.

    Each opportunity's outcome is its stage's mapping, or NULL when unmapped.
    New opportunities are linked to their account; `relink_opportunities`
    brings existing ones up to date.
    """
    dialect = session.get_bind().dialect.name
    values: dict[str, ColumnElement] = {
        name: _text(name) for name in _OPPORTUNITY_TEXT_FIELDS
    }
    values["amount_units"] = _integer("amount_units")
    values["close_date"] = _date(dialect, "close_date")
    values["outcome"] = _outcome(stage_mapping)
    differs = [
        getattr(Opportunity, name).is_distinct_from(expression)
        for name, expression in values.items()
    ]
    values["account_id"] = (
        select(Account.id)
        .where(
            Account.data_source_id == data_source_id,
            Account.external_id == _text("account_external_id"),
        )
        .scalar_subquery()
    )

    return _reconcile(
        session,
        batch,
        model=Opportunity,
        object_type=OPPORTUNITY,
        values=values,
        differs=differs,
        organization_id=organization_id,
        data_source_id=data_source_id,
        update_excludes=("account_id",),
    )


def relink_opportunities(session: Session, *, data_source_id: int) -> int:
    """Point each opportunity of a source at its account; return the rows changed.

    An opportunity whose account id names no account of the same source gets
    no account.
    """
    target = (
        select(Account.id)
        .where(
            Account.data_source_id == data_source_id,
            Account.external_id == Opportunity.account_external_id,
        )
        .scalar_subquery()
    )
    return _execute(
        session,
        update(Opportunity)
        .where(
            Opportunity.data_source_id == data_source_id,
            Opportunity.account_id.is_distinct_from(target),
        )
        .values(account_id=target),
    )


def _reconcile(
    session: Session,
    batch: StagingBatch,
    *,
    model: type[Account] | type[Opportunity],
    object_type: str,
    values: dict[str, ColumnElement],
    differs: list[ColumnElement],
    organization_id: int,
    data_source_id: int,
    update_excludes: tuple[str, ...] = (),
) -> ObjectCounts:
    in_batch = (
        ImportStaging.batch_id == batch.batch_id,
        ImportStaging.object_type == object_type,
    )
    same_row = (
        model.data_source_id == data_source_id,
        model.external_id == ImportStaging.external_id,
    )

    changed = {
        name: value for name, value in values.items() if name not in update_excludes
    }
    updated = _execute(
        session,
        update(model).where(*in_batch, *same_row, or_(*differs)).values(changed),
    )

    existing = select(model.id).where(*same_row).exists()
    new_rows = select(
        literal(organization_id, Integer),
        literal(data_source_id, Integer),
        ImportStaging.external_id,
        *values.values(),
    ).where(*in_batch, ~existing)
    columns = ["organization_id", "data_source_id", "external_id", *values]
    inserted = _execute(session, insert(model).from_select(columns, new_rows))

    staged = (
        select(ImportStaging.row_number)
        .where(*in_batch, ImportStaging.external_id == model.external_id)
        .exists()
    )
    deleted = _execute(
        session, delete(model).where(model.data_source_id == data_source_id, ~staged)
    )

    total = batch.row_counts.get(object_type, 0)
    return ObjectCounts(
        inserted=inserted,
        updated=updated,
        deleted=deleted,
        unchanged=total - inserted - updated,
    )


def _text(key: str) -> ColumnElement:
    return ImportStaging.payload[key].as_string()


def _integer(key: str) -> ColumnElement:
    return cast(ImportStaging.payload[key].as_string(), BigInteger)


def _date(dialect: str, key: str) -> ColumnElement:
    # SQLite stores dates as ISO text, and a CAST there would keep only the year.
    if dialect == "sqlite":
        return type_coerce(_text(key), Date)
    return cast(_text(key), Date)


def _json(dialect: str, key: str) -> ColumnElement:
    """Read a payload entry that contains serialized JSON as a JSON value."""
    if dialect == "sqlite":
        return type_coerce(_text(key), JSON)
    return cast(_text(key), JSON)


def _json_text(dialect: str, column: ColumnElement) -> ColumnElement:
    # PostgreSQL's json type keeps the exact text it was given.
    if dialect == "sqlite":
        return type_coerce(column, Text)
    return cast(column, Text)


def _outcome(stage_mapping: dict[str, str]) -> ColumnElement:
    if not stage_mapping:
        return null()
    return case(stage_mapping, value=_text("stage"), else_=null())


def _execute(session: Session, statement: Executable) -> int:
    """Run a statement on the session's connection and return its row count."""
    session.flush()
    # Without preserve_rowcount, psycopg's cursor is closed before SQLAlchemy
    # reads the row count of an INSERT ... SELECT, which then reads -1.
    result = session.connection().execute(
        statement, execution_options={"preserve_rowcount": True}
    )
    return result.rowcount
