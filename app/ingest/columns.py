"""Header recognition: the columns of each field, and the custom columns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from app.ingest.problems import Problems
from app.matching.placeholders import PLACEHOLDER_VALUES
from app.populations.values import is_null_text

_NON_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def normalize_header(name: str) -> str:
    """Return a header name in lower case with punctuation runs turned into spaces.

    `Account Name`, `account_name` and ` ACCOUNT-NAME ` all give `account name`,
    and `num. of employees` gives `num of employees`.
    """
    return " ".join(_NON_ALPHANUMERIC.sub(" ", name.casefold()).split())


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A field that an importer reads, with the header names it may have.

    `aliases` are normalized header names in order of preference. With
    `combine`, every matching column is read and the first non-blank value in
    alias order wins. Otherwise only the first matching column is read, and
    any other matching column stays a custom column.
    """

    name: str
    aliases: tuple[str, ...]
    label: str
    required: bool = False
    combine: bool = False
    option: str | None = None


@dataclass(slots=True)
class ColumnMap:
    """Column positions of each field in the records of one file."""

    header: list[str]
    fields: dict[str, list[int]] = field(default_factory=dict)
    custom: list[tuple[str, int]] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return bool(self.fields.get(name))

    def column_name(self, name: str) -> str:
        """Return the header of the first column read for a field."""
        return self.header[self.fields[name][0]]

    def value(self, values: list[str], name: str) -> str | None:
        """Return the first non-blank stripped value of a field, or None.

        `values` must have a field for every column of the header.
        """
        for index in self.fields.get(name, ()):
            text = values[index].strip()
            if not is_missing(text):
                return text
        return None

    def raw(self, values: list[str], name: str) -> tuple[str, str | None]:
        """Return the column and the first non-blank stripped value of a field.

        The value is None when every column of the field is blank or a
        placeholder in this record.
        """
        indexes = self.fields.get(name, [])
        for index in indexes:
            text = values[index].strip() if index < len(values) else ""
            if not is_missing(text):
                return self.header[index], text
        column = self.header[indexes[0]] if indexes else name
        return column, None


def is_missing(text: str) -> bool:
    """Return whether a stripped cell is blank or a placeholder such as `n/a` or `-`.

    The rule is the one custom population filters apply when they read the
    stored cells, so a value stored here is never null to a filter.
    """
    if not text:
        return True
    # A cell that starts with a letter or digit is a placeholder only when it
    # is one of the listed words, so its first character rules most cells out
    # before the full check.
    first = text[0]
    if first.isalnum() and first.lower() not in _PLACEHOLDER_INITIALS:
        return False
    return _is_null_text_cached(text)


_PLACEHOLDER_INITIALS = frozenset(value[0] for value in PLACEHOLDER_VALUES)

# Columns such as type, industry or country repeat a few values on every row.
_is_null_text_cached = functools.lru_cache(maxsize=16_384)(is_null_text)


def map_columns(
    header: list[str],
    specs: tuple[FieldSpec, ...],
    problems: Problems,
    *,
    overrides: dict[str, str] | None = None,
    delimiter_name: str = "comma",
) -> ColumnMap:
    """Map each field to its columns; every other named column becomes custom.

    `overrides` maps a field name to the header of the column that contains it.
    A missing required column, an unknown override and a repeated custom
    column name are added to `problems`, as row 1 of the file.
    """
    overrides = overrides or {}
    columns = ColumnMap(header=header)
    by_name: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        by_name.setdefault(normalize_header(name), []).append(index)
    claimed: set[int] = set()

    # Overridden fields claim their columns before aliases are looked up.
    ordered = sorted(specs, key=lambda spec: spec.name not in overrides)
    for spec in ordered:
        indexes = _find_columns(spec, overrides.get(spec.name), by_name, claimed)
        if indexes is None:
            problems.add(_unknown_override(spec, overrides[spec.name], header))
            continue
        if not indexes:
            if spec.required:
                problems.add(_missing_column(spec, header, delimiter_name))
            continue
        columns.fields[spec.name] = indexes
        claimed.update(indexes)

    _collect_custom(columns, claimed, problems)
    return columns


def _find_columns(
    spec: FieldSpec,
    override: str | None,
    by_name: dict[str, list[int]],
    claimed: set[int],
) -> list[int] | None:
    """Return the columns of a field, or None when its override names no column."""
    if override is not None:
        matches = [
            i for i in by_name.get(normalize_header(override), []) if i not in claimed
        ]
        return matches[:1] or None

    found: list[int] = []
    for alias in spec.aliases:
        found.extend(i for i in by_name.get(alias, []) if i not in claimed)
        if found and not spec.combine:
            return found[:1]
    return found


def _collect_custom(columns: ColumnMap, claimed: set[int], problems: Problems) -> None:
    first_index: dict[str, int] = {}
    for index, name in enumerate(columns.header):
        if index in claimed:
            continue
        if not name:
            columns.ignored.append(index)
            continue
        key = name.casefold()
        if key in first_index:
            problems.add(
                f"row 1, column {index + 1}: column name {name!r} repeats column "
                f"{first_index[key] + 1}; give each column its own name"
            )
            continue
        first_index[key] = index
        columns.custom.append((name, index))


def _missing_column(spec: FieldSpec, header: list[str], delimiter_name: str) -> str:
    if len(spec.aliases) == 1 and normalize_header(spec.label) == spec.aliases[0]:
        names = f"{spec.label!r} (in any case)"
    else:
        names = " or ".join(repr(alias) for alias in spec.aliases)
    fix = f", or pass {spec.option}" if spec.option else ""
    message = (
        f"row 1: missing {spec.label} column: expected a column named {names}{fix}"
    )
    if len(header) == 1:
        message += (
            f"; the header reads as one column {header[0]!r} when split on "
            f"{delimiter_name}s, so check that the file uses comma, semicolon or "
            "tab as its delimiter"
        )
    return message


def _unknown_override(spec: FieldSpec, override: str, header: list[str]) -> str:
    available = ", ".join(repr(name) for name in header)
    option = spec.option or spec.name
    return (
        f"row 1: column {override!r} given for {option} not found or already "
        "read for another field; "
        f"the columns are {available}"
    )
