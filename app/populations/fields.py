"""Account fields that filters and sharing rules name, and their types.

A field is a canonical account field (`industry`), a column of a data source
(`custom.<column>`) or an aggregate over the account's opportunities
(`open_amount`). Data sources record each custom column's type, keyed by the
column name, and the column's cells are parsed by `app.populations.values`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

from app.core.enums import CANONICAL_ACCOUNT_FIELDS
from app.storage.models import DataSource

CUSTOM_PREFIX = "custom."


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"


CANONICAL_FIELD_TYPES: dict[str, FieldType] = {
    field: FieldType.NUMBER if field == "employees" else FieldType.TEXT
    for field in CANONICAL_ACCOUNT_FIELDS
}

AGGREGATE_FIELD_TYPES: dict[str, FieldType] = {
    "open_opportunity_count": FieldType.NUMBER,
    "open_amount": FieldType.NUMBER,
    "has_won": FieldType.BOOLEAN,
}


def custom_column(field: str) -> str:
    """Return the column name of a `custom.<column>` field."""
    return field.removeprefix(CUSTOM_PREFIX)


def custom_field_name(column: str) -> str:
    """Return the `custom.<column>` field of a column name."""
    return CUSTOM_PREFIX + column


def custom_field_types(session: Session, organization_id: int) -> dict[str, FieldType]:
    """Return the type of every `custom.` field over the organization's sources.

    A column typed differently by two sources is text, the type every value
    parses as.
    """
    merged: dict[str, FieldType] = {}
    rows = session.exec(
        select(DataSource.custom_field_types).where(
            DataSource.organization_id == organization_id
        )
    ).all()
    for types in rows:
        for column, type_name in (types or {}).items():
            field = custom_field_name(column)
            field_type = _parse_field_type(type_name)
            if merged.get(field, field_type) != field_type:
                field_type = FieldType.TEXT
            merged[field] = field_type
    return merged


def organization_field_types(
    session: Session, organization_id: int
) -> dict[str, FieldType]:
    """Return every field a filter of the organization may name, with its type."""
    return {
        **CANONICAL_FIELD_TYPES,
        **AGGREGATE_FIELD_TYPES,
        **custom_field_types(session, organization_id),
    }


def shareable_fields(session: Session, organization_id: int) -> set[str]:
    """Return the account fields the organization may share with a partner."""
    return set(CANONICAL_FIELD_TYPES) | set(
        custom_field_types(session, organization_id)
    )


def _parse_field_type(type_name: str) -> FieldType:
    try:
        return FieldType(str(type_name).lower())
    except ValueError:
        return FieldType.TEXT
