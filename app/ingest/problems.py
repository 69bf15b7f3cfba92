"""Problems that reject an import, and warnings that an import reports."""

from __future__ import annotations

from collections import defaultdict

# Row numbers listed per warning before the rest are only counted.
_ROWS_SHOWN = 10


class Problems:
    """Every problem found in one file, each naming its row, column and value."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.messages: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.messages)

    def add(self, message: str) -> None:
        self.messages.append(message)

    def add_value(
        self, row: int, column: str, value: str, expected: str, *, what: str = "value"
    ) -> None:
        """Record a cell whose value is invalid, with what the column expects."""
        self.messages.append(
            f"row {row}, column {column}: invalid {what} {value!r}: expected {expected}"
        )

    def labelled(self) -> list[str]:
        """Return the messages prefixed with the file name."""
        return [f"{self.file_name} {message}" for message in self.messages]


class Warnings:
    """Warnings grouped by message, each listing the rows it concerns."""

    def __init__(self) -> None:
        self._rows: dict[str, list[int]] = defaultdict(list)
        self._plain: list[str] = []

    def add_row(self, message: str, row: int) -> None:
        """Record that `message` applies to `row`; messages are listed once."""
        self._rows[message].append(row)

    def add(self, message: str) -> None:
        self._plain.append(message)

    def render(self) -> list[str]:
        """Return one line per warning, with the first row numbers it concerns."""
        lines = list(self._plain)
        for message, rows in self._rows.items():
            lines.append(f"{message} ({describe_rows(rows)})")
        return lines


def describe_rows(rows: list[int]) -> str:
    """Describe row numbers as `row 4` or `rows 4, 9 and 3 more`."""
    shown = ", ".join(str(row) for row in rows[:_ROWS_SHOWN])
    more = len(rows) - _ROWS_SHOWN
    if len(rows) == 1:
        return f"row {shown}"
    if more > 0:
        return f"rows {shown} and {more} more"
    return f"rows {shown}"
