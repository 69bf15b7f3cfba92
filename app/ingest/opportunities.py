"""Reading an opportunities file into staging rows, with every problem it has."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.money import normalize_currency
from app.ingest.accounts import (
    ProgressCallback,
    ProgressReporter,
    check_external_id,
    check_width,
)
from app.ingest.amounts import SeparatorEvidence, parse_amount_units
from app.ingest.columns import ColumnMap, FieldSpec, map_columns
from app.ingest.problems import Problems, Warnings, describe_rows
from app.ingest.reader import DelimitedFile, Record
from app.ingest.stages import StageEvidence, outcome_from_flags
from app.ingest.staging import OPPORTUNITY, StagingBatch
from app.ingest.values import parse_flag, parse_iso_date


@dataclass(slots=True)
class StagedOpportunities:
    """Results of staging an opportunities file, for reconciling and warnings."""

    file_name: str
    has_amount: bool = False
    stages: StageEvidence = field(default_factory=lambda: StageEvidence(False))
    external_ids: dict[str, int] = field(default_factory=dict)
    account_rows: list[tuple[int, str | None]] = field(default_factory=list)


def stage_opportunities(
    path: Path,
    batch: StagingBatch,
    problems: Problems,
    warnings: Warnings,
    *,
    specs: tuple[FieldSpec, ...],
    decimal_separator: str | None,
    progress: ProgressCallback | None = None,
) -> StagedOpportunities:
    """Validate an opportunities file and stage its rows while it has no problem.

    Without `decimal_separator`, a first pass over the amount column decides
    it. The account id column may list several ids separated by `;`: the first
    one is kept and the row is reported as a warning.
    """
    staged = StagedOpportunities(file_name=path.name)
    with DelimitedFile(path) as file:
        columns = map_columns(
            file.header, specs, problems, delimiter_name=file.delimiter_name
        )
        if problems:
            return staged
        staged.has_amount = columns.has("amount")
        staged.stages = StageEvidence(
            has_flags=columns.has("is_closed") and columns.has("is_won")
        )

    separator = decimal_separator
    if staged.has_amount and separator is None:
        separator = _find_decimal_separator(path, columns, problems)

    with DelimitedFile(path) as file:
        reader = _OpportunityRows(columns, problems, warnings, file.name, separator)
        reporter = ProgressReporter(progress, file.name)
        for record in file.records():
            row = reader.read(record, staged)
            if row is not None and not problems:
                batch.add(OPPORTUNITY, record.row_number, row[0], row[1])
            reporter.row(record.row_number)
        batch.flush()
        reporter.finish()
    return staged


def _find_decimal_separator(
    path: Path, columns: ColumnMap, problems: Problems
) -> str | None:
    """Read the amount column once to decide its decimal separator."""
    evidence = SeparatorEvidence()
    with DelimitedFile(path) as file:
        width = len(file.header)
        for record in file.records():
            # Rows of the wrong width are reported by the second pass.
            if len(record.fields) < width:
                continue
            text = columns.value(record.fields, "amount")
            if text is not None:
                evidence.observe(record.row_number, text)

    separator = evidence.resolve()
    if separator is not None:
        return separator
    column = columns.column_name("amount")
    if evidence.dot_rows and evidence.comma_rows:
        problems.add(
            f"column {column}: amounts use a dot as decimal separator in "
            f"{describe_rows(evidence.dot_rows)} and a comma in "
            f"{describe_rows(evidence.comma_rows)}; write them one way, or pass "
            "--decimal-separator to say which one the column uses"
        )
    else:
        samples = describe_rows(evidence.ambiguous_rows)
        problems.add(
            f"column {column}: amounts such as those in {samples} read as thousands "
            "or as decimals, and no other amount tells which; pass "
            "--decimal-separator . or --decimal-separator , to say which one the "
            "column uses"
        )
    return None


class _OpportunityRows:
    """Reader of one opportunities file's records, which builds their payloads."""

    def __init__(
        self,
        columns: ColumnMap,
        problems: Problems,
        warnings: Warnings,
        file_name: str,
        decimal_separator: str | None,
    ) -> None:
        self.columns = columns
        self.problems = problems
        self.warnings = warnings
        self.file_name = file_name
        self.decimal_separator = decimal_separator
        self.width = len(columns.header)

    def read(
        self, record: Record, staged: StagedOpportunities
    ) -> tuple[str, dict] | None:
        """Return a record's external id and payload, or None if it is invalid."""
        if not check_width(record, self.width, self.problems):
            return None
        row, values = record.row_number, record.fields
        problems_before = len(self.problems.messages)

        column, value = self.columns.raw(values, "external_id")
        external_id = check_external_id(row, column, value, self.problems)
        if external_id is not None:
            first = staged.external_ids.setdefault(external_id, row)
            if first != row:
                self.problems.add(
                    f"rows {first} and {row}, column {column}: duplicate id "
                    f"{external_id!r}: expected each id once"
                )

        account_external_id = self._account_id(row, values)
        stage = self._stage(row, values, staged)
        amount_units, currency = self._amount_and_currency(row, values)
        close_date = self._close_date(row, values)
        if external_id is None or len(self.problems.messages) > problems_before:
            return None

        staged.account_rows.append((row, account_external_id))
        payload = {
            "account_external_id": account_external_id,
            "name": self.columns.value(values, "name"),
            "amount_units": amount_units,
            "currency": currency,
            "stage": stage,
            "close_date": close_date,
        }
        return external_id, payload

    def _account_id(self, row: int, values: list[str]) -> str | None:
        column, text = self.columns.raw(values, "account_external_id")
        if text is None:
            return None
        ids = [part.strip() for part in text.split(";") if part.strip()]
        if len(ids) > 1:
            self.warnings.add_row(
                f"{self.file_name}: column {column} lists several companies; the "
                "first one is used",
                row,
            )
        return ids[0] if ids else None

    def _stage(self, row: int, values: list[str], staged: StagedOpportunities) -> str:
        column, stage = self.columns.raw(values, "stage")
        if stage is None:
            self.problems.add(f"row {row}, column {column}: missing stage")
            return ""
        outcome = None
        if staged.stages.has_flags:
            is_closed = self._flag(row, values, "is_closed")
            is_won = self._flag(row, values, "is_won")
            if is_closed is None or is_won is None:
                return stage
            outcome = outcome_from_flags(is_closed, is_won)
        staged.stages.observe(stage, row, outcome)
        return stage

    def _flag(self, row: int, values: list[str], name: str) -> bool | None:
        column, text = self.columns.raw(values, name)
        flag = parse_flag(text or "")
        if flag is None:
            self.problems.add_value(
                row, column, text or "", "1 or empty, true or false", what="flag"
            )
        return flag

    def _amount_and_currency(
        self, row: int, values: list[str]
    ) -> tuple[int | None, str | None]:
        currency_column, currency_text = self.columns.raw(values, "currency")
        currency = None
        if currency_text is not None:
            try:
                currency = normalize_currency(currency_text)
            except ValueError:
                self.problems.add_value(
                    row,
                    currency_column,
                    currency_text,
                    "a three-letter ISO 4217 code such as USD",
                    what="currency",
                )

        column, text = self.columns.raw(values, "amount")
        if text is None or self.decimal_separator is None:
            return None, currency
        try:
            units, code = parse_amount_units(text, self.decimal_separator)
        except ValueError as error:
            self.problems.add_value(row, column, text, str(error), what="amount")
            return None, currency
        if code is not None and currency is not None and code != currency:
            self.problems.add(
                f"row {row}, column {column}: amount {text!r} is in {code}, but "
                f"column {currency_column} says {currency}"
            )
        return units, currency or code

    def _close_date(self, row: int, values: list[str]) -> str | None:
        column, text = self.columns.raw(values, "close_date")
        if text is None:
            return None
        parsed = parse_iso_date(text)
        if parsed is None:
            self.problems.add_value(
                row, column, text, "a date written YYYY-MM-DD", what="date"
            )
            return None
        return parsed.isoformat()
