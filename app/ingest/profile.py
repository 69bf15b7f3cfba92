"""Differences between kinds of export: columns, stage defaults, options."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.enums import DataSourceKind, Outcome
from app.core.errors import InvalidInputError
from app.ingest.amounts import COMMA, DOT
from app.ingest.columns import FieldSpec

_SEPARATORS = {".": DOT, "dot": DOT, "period": DOT, ",": COMMA, "comma": COMMA}


@dataclass(frozen=True, slots=True)
class ImportProfile:
    """Shape of one kind of export: its columns and default stage mapping."""

    kind: DataSourceKind
    account_specs: tuple[FieldSpec, ...]
    opportunity_specs: tuple[FieldSpec, ...] = ()
    stage_defaults: dict[str, Outcome] = field(default_factory=dict)


def parse_decimal_separator(value: str | None) -> str | None:
    """Return `.` or `,` for a --decimal-separator value, or None when not given."""
    if value is None:
        return None
    separator = _SEPARATORS.get(value.strip().casefold())
    if separator is None:
        raise InvalidInputError(
            f"invalid decimal separator {value!r}: expected . or ,",
            field="decimal_separator",
        )
    return separator
