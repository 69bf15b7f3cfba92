"""Cell values: whole numbers, dates, yes/no flags and custom column types.

Custom column types use the parsers of app.populations.values, which read
the stored cells when a filter compares them, so a column typed number or
date here is one those parsers read.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from app.populations.values import parse_date, split_number

_WHOLE_NUMBER = re.compile(r"\d{1,3}(?:([,. '\u00a0\u202f])\d{3})(?:\1\d{3})*|\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The numbers app.populations.values.parse_number accepts after split_number
# removed the sign, grouping marks and a percent sign. They have a dot as
# decimal separator with commas grouping thousands, or the reverse.
_NUMBER_FORMS = re.compile(
    r"(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?|(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d+)?"
)

_TRUE = frozenset({"1", "true", "yes", "y"})
_FALSE = frozenset({"", "0", "false", "no", "n"})

NUMBER = "number"
DATE = "date"
TEXT = "text"


def parse_whole_number(text: str) -> int | None:
    """Return the non-negative integer a cell spells, such as `2,200,000`, or None."""
    if text.isascii() and text.isdigit():
        return int(text)
    if _WHOLE_NUMBER.fullmatch(text) is None:
        return None
    return int(re.sub(r"\D", "", text))


def parse_iso_date(text: str) -> date | None:
    """Return the date of `YYYY-MM-DD`, optionally followed by a time, or None."""
    if _ISO_DATE.match(text) is None:
        return None
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def parse_flag(text: str) -> bool | None:
    """Return a yes/no cell (`1`/empty, `true`/`false`) as a bool, or None."""
    value = text.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def looks_like_number(text: str) -> bool:
    """Return whether a cell reads as a number with a dot or a comma as decimal.

    Equivalent to `parse_number(text, DOT)` or `parse_number(text, COMMA)`
    succeeding for a non-blank cell, without their placeholder check, which
    costs more than the rest on a file with many number columns.
    """
    split = split_number(text)
    return split is not None and _NUMBER_FORMS.fullmatch(split[1]) is not None


def looks_like_date(text: str) -> bool:
    """Return whether a cell reads as a date, day first or month first."""
    # Every date form that parse_date reads starts with a digit, and ISO dates
    # are read the same way here, without parse_date's placeholder check.
    if not text[:1].isdigit():
        return False
    if _ISO_DATE.match(text):
        return parse_iso_date(text) is not None
    return (
        parse_date(text, day_first=False) is not None
        or parse_date(text, day_first=True) is not None
    )


class ColumnTypes:
    """Inference of number, date or text for custom columns from non-blank cells.

    A column is a number or a date when every non-blank cell parses as one; a
    column without any non-blank cell is text.
    """

    def __init__(self, names: list[str]) -> None:
        self._candidates: dict[str, set[str]] = {name: {NUMBER, DATE} for name in names}
        self._seen: set[str] = set()

    def observe(self, name: str, text: str) -> None:
        """Narrow a column's possible types with one non-blank cell."""
        candidates = self._candidates[name]
        if not candidates:
            return
        self._seen.add(name)
        if NUMBER in candidates and not looks_like_number(text):
            candidates.discard(NUMBER)
        if DATE in candidates and not looks_like_date(text):
            candidates.discard(DATE)

    def result(self) -> dict[str, str]:
        """Return each column's type, in column order."""
        types: dict[str, str] = {}
        for name, candidates in self._candidates.items():
            if name not in self._seen or not candidates:
                types[name] = TEXT
            elif NUMBER in candidates:
                types[name] = NUMBER
            else:
                types[name] = DATE
        return types
