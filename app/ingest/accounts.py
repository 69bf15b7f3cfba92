"""Reading an accounts file into staging rows, with every problem it has."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.ingest.columns import ColumnMap, FieldSpec, is_missing, map_columns
from app.ingest.problems import Problems, Warnings
from app.ingest.reader import DelimitedFile, Record
from app.ingest.staging import ACCOUNT, StagingBatch
from app.ingest.values import ColumnTypes, parse_flag, parse_whole_number
from app.matching import compute_key

# Called with the file name, the data rows read so far, and whether the file
# is finished.
ProgressCallback = Callable[[str, int, bool], None]

# Rows between two progress reports.
PROGRESS_EVERY = 10_000

_MAX_EXTERNAL_ID = 255


@dataclass(slots=True)
class StagedAccounts:
    """Results of staging an accounts file: row numbers by id, custom column types."""

    file_name: str
    external_ids: dict[str, int] = field(default_factory=dict)
    custom_types: dict[str, str] = field(default_factory=dict)


def stage_accounts(
    path: Path,
    batch: StagingBatch,
    problems: Problems,
    warnings: Warnings,
    *,
    specs: tuple[FieldSpec, ...],
    domain_overrides: dict[str, str],
    column_overrides: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
) -> StagedAccounts:
    """Validate an accounts file and stage its rows while it has no problem.

    Without an `external_id` column, an account's id is a hash of its name and
    website. `domain_overrides` maps the external ids of existing accounts to
    the domain an admin set, which gives their match key instead of the
    website.
    """
    staged = StagedAccounts(file_name=path.name)
    with DelimitedFile(path) as file:
        columns = map_columns(
            file.header,
            specs,
            problems,
            overrides=column_overrides,
            delimiter_name=file.delimiter_name,
        )
        if problems:
            return staged
        _warn_ignored_columns(columns, warnings, file.name)

        types = ColumnTypes([name for name, _ in columns.custom])
        reader = _AccountRows(columns, problems, warnings, file.name, domain_overrides)
        reporter = ProgressReporter(progress, file.name)
        for record in file.records():
            row = reader.read(record, types, staged)
            if row is not None and not problems:
                batch.add(ACCOUNT, record.row_number, row[0], row[1])
            reporter.row(record.row_number)
        batch.flush()
        reporter.finish()

    staged.custom_types = types.result()
    return staged


class ProgressReporter:
    """Calls a progress callback every PROGRESS_EVERY rows and at the end."""

    def __init__(self, callback: ProgressCallback | None, file_name: str) -> None:
        self.callback = callback
        self.file_name = file_name
        self.last_row = 1

    def row(self, row_number: int) -> None:
        self.last_row = row_number
        if self.callback is not None and row_number % PROGRESS_EVERY == 0:
            self.callback(self.file_name, row_number - 1, False)

    def finish(self) -> None:
        if self.callback is not None:
            self.callback(self.file_name, self.last_row - 1, True)


def check_width(record: Record, width: int, problems: Problems) -> bool:
    """Add a problem and return False when a record has the wrong number of fields.

    Extra fields that are all blank, as trailing delimiters leave them, are
    accepted.
    """
    count = len(record.fields)
    if count == width or (
        count > width and not any(value.strip() for value in record.fields[width:])
    ):
        return True
    problems.add(
        f"row {record.row_number} (line {record.line_number}): {count} fields, but "
        f"the header has {width} columns; check the delimiter and the quoting"
    )
    return False


def check_external_id(
    row: int, column: str, value: str | None, problems: Problems
) -> str | None:
    """Return a valid external id, or add a problem and return None."""
    if value is None:
        problems.add(f"row {row}, column {column}: missing id; every row needs an id")
        return None
    if len(value) > _MAX_EXTERNAL_ID:
        problems.add(
            f"row {row}, column {column}: invalid id {value[:40]!r}...: expected at "
            f"most {_MAX_EXTERNAL_ID} characters"
        )
        return None
    return value


class _AccountRows:
    """Reader of one accounts file's records, which builds their staging payloads."""

    def __init__(
        self,
        columns: ColumnMap,
        problems: Problems,
        warnings: Warnings,
        file_name: str,
        domain_overrides: dict[str, str],
    ) -> None:
        self.columns = columns
        self.problems = problems
        self.warnings = warnings
        self.file_name = file_name
        self.domain_overrides = domain_overrides
        self.width = len(columns.header)
        self.hashed_ids = not columns.has("external_id")

    def read(
        self, record: Record, types: ColumnTypes, staged: StagedAccounts
    ) -> tuple[str, dict] | None:
        """Return a record's external id and payload, or None if it is invalid."""
        if not check_width(record, self.width, self.problems):
            return None
        row, values = record.row_number, record.fields
        if self._is_deleted(values):
            self.warnings.add_row(
                f"{self.file_name}: records marked IsDeleted were skipped", row
            )
            return None

        value = self.columns.value
        name = value(values, "name")
        website = value(values, "website")
        if name is not None and "&" in name:
            name = html.unescape(name)
        if name is None and website is None:
            self.problems.add(
                f"row {row}: the account has neither a name nor a website"
            )
            return None

        external_id = self._external_id(row, values, name, website, staged)
        if external_id is None:
            return None

        override = self.domain_overrides.get(external_id)
        key = compute_key(override if override is not None else website)

        payload = {
            "name": name,
            "website": website,
            "type": value(values, "type"),
            "industry": value(values, "industry"),
            "country": value(values, "country"),
            "employees": self._employees(row, values),
            "owner": value(values, "owner"),
            "custom": json.dumps(self._custom(values, types)),
            "match_key": key.key,
            "no_key_reason": None if key.reason is None else str(key.reason),
        }
        return external_id, payload

    def _is_deleted(self, values: list[str]) -> bool:
        flag = self.columns.value(values, "is_deleted")
        return flag is not None and parse_flag(flag) is True

    def _external_id(
        self,
        row: int,
        values: list[str],
        name: str | None,
        website: str | None,
        staged: StagedAccounts,
    ) -> str | None:
        if self.hashed_ids:
            identity = f"{name or ''}\x1f{website or ''}".encode()
            external_id = hashlib.sha256(identity).hexdigest()[:32]
        else:
            column, value = self.columns.raw(values, "external_id")
            external_id = check_external_id(row, column, value, self.problems)
            if external_id is None:
                return None

        first = staged.external_ids.setdefault(external_id, row)
        if first != row:
            self.problems.add(self._duplicate_message(first, row, external_id))
            return None
        return external_id

    def _duplicate_message(self, first: int, row: int, external_id: str) -> str:
        if self.hashed_ids:
            return (
                f"rows {first} and {row} have the same name and website, which "
                "identify an account when the file has no id column; remove the "
                "duplicate, or add an id column and pass --id-column"
            )
        column = self.columns.column_name("external_id")
        return (
            f"rows {first} and {row}, column {column}: duplicate id "
            f"{external_id!r}: expected each id once"
        )

    def _employees(self, row: int, values: list[str]) -> int | None:
        text = self.columns.value(values, "employees")
        if text is None:
            return None
        number = parse_whole_number(text)
        if number is None:
            column = self.columns.column_name("employees")
            self.warnings.add_row(
                f"{self.file_name}: column {column} contains values that are not whole "
                "numbers; they were left empty",
                row,
            )
        return number

    def _custom(self, values: list[str], types: ColumnTypes) -> dict[str, str]:
        custom: dict[str, str] = {}
        for name, index in self.columns.custom:
            text = values[index].strip()
            if not is_missing(text):
                custom[name] = text
                types.observe(name, text)
        return custom


def _warn_ignored_columns(
    columns: ColumnMap, warnings: Warnings, file_name: str
) -> None:
    for index in columns.ignored:
        warnings.add(f"{file_name}: column {index + 1} has no name and was ignored")
