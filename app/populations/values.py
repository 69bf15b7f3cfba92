"""Typed values of custom columns, which are stored as the text of the file.

A column typed `number` may spell its numbers `1234.5`, `1,234.50`,
`1.234,50`, `1 234,5` or `45%` (read as 45). A lone separator followed by
exactly three digits (`1,234`) reads either way, so the column's other values
decide which separator is the decimal one, and a dot when none does. A column
typed `date` contains ISO dates (`2021-03-14`, with or without a time) or
day/month/year forms; whether `03/04/2021` is day-first is decided per column
the same way. Blank and placeholder values (`n/a`, `-`, `unknown`) are null,
except the website placeholders that are ordinary values in other columns,
such as `no` and `www`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.matching import is_placeholder

DOT = "."
COMMA = ","

# Placeholders that only mean "no website" and are real values elsewhere, such
# as "no" in yes/no columns or the ticker WWW.
_WEBSITE_ONLY_PLACEHOLDERS = frozenset(
    {
        "http://",
        "http://www.",
        "https://",
        "https://www.",
        "mailto:",
        "no",
        "no site",
        "no web site",
        "no website",
        "www",
        "www.",
    }
)

_GROUPING_MARKS = re.compile(r"[ '\u00a0\u202f\u2009]")
_DIGITS_AND_SEPARATORS = re.compile(r"\d[\d.,]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLASHED_ISO_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})")

Parser = Callable[[str | None], object]


def is_null_text(text: str | None) -> bool:
    """Return whether a stored value counts as null: blank or a placeholder."""
    if text is None:
        return True
    if not is_placeholder(text):
        return False
    return " ".join(text.split()).casefold() not in _WEBSITE_ONLY_PLACEHOLDERS


def parse_text(text: str | None) -> str | None:
    """Return the trimmed text, or None when it is null."""
    return None if is_null_text(text) else text.strip()


def split_number(text: str) -> tuple[bool, str] | None:
    """Return the sign and the digits with separators of a number, or None."""
    value = _GROUPING_MARKS.sub("", text.strip()).removesuffix("%")
    negative = value[:1] in "-\u2212"
    if value[:1] in "+-\u2212":
        value = value[1:]
    if _DIGITS_AND_SEPARATORS.fullmatch(value) is None or value[-1] in ".,":
        return None
    return negative, value


def separator_clue(number: str) -> str | None:
    """Return the decimal separator a number reveals, `?` if ambiguous, or None."""
    dots, commas = number.count(DOT), number.count(COMMA)
    if dots and commas:
        return DOT if number.rfind(DOT) > number.rfind(COMMA) else COMMA
    if not dots and not commas:
        return None
    mark = DOT if dots else COMMA
    if number.count(mark) > 1:
        return COMMA if mark == DOT else DOT
    whole, _, fraction = number.partition(mark)
    could_group = len(fraction) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0"
    return "?" if could_group else mark


def decimal_separator_of(texts: Iterable[str | None]) -> str:
    """Return the decimal separator most values of a column reveal (a dot if none)."""
    votes: Counter[str] = Counter()
    for text in texts:
        if is_null_text(text):
            continue
        split = split_number(text)
        clue = separator_clue(split[1]) if split is not None else None
        if clue in (DOT, COMMA):
            votes[clue] += 1
    return COMMA if votes[COMMA] > votes[DOT] else DOT


def parse_number(text: str | None, decimal_separator: str = DOT) -> Decimal | None:
    """Return the exact value of a number cell, or None when it is null or invalid."""
    if is_null_text(text):
        return None
    split = split_number(text)
    if split is None:
        return None
    negative, number = split
    grouping = COMMA if decimal_separator == DOT else DOT
    whole, _, fraction = number.partition(decimal_separator)
    if decimal_separator in fraction or grouping in fraction:
        return None
    if grouping in whole:
        groups = whole.split(grouping)
        if not 1 <= len(groups[0]) <= 3 or any(len(part) != 3 for part in groups[1:]):
            return None
        whole = "".join(groups)
    try:
        value = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole)
    except InvalidOperation:
        return None
    return -value if negative else value


def day_first_of(texts: Iterable[str | None]) -> bool:
    """Return whether a column's day/month/year dates put the day first.

    A first part above 12 means day-first and a second part above 12
    month-first; without such a value, dots mean day-first and slashes
    month-first.
    """
    separators: Counter[str] = Counter()
    for text in texts:
        if is_null_text(text):
            continue
        match = _DAY_MONTH_YEAR.fullmatch(text.strip())
        if match is None:
            continue
        first, separator, second = int(match[1]), match[2], int(match[3])
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
        separators[separator] += 1
    return separators["."] > separators["/"]


def parse_date(text: str | None, *, day_first: bool = False) -> date | None:
    """Return the date of a cell, or None when it is null or no valid date."""
    if is_null_text(text):
        return None
    value = text.strip()
    try:
        if _ISO_DATE.match(value):
            if len(value) == 10:
                return date.fromisoformat(value)
            return datetime.fromisoformat(value).date()
        if match := _SLASHED_ISO_DATE.fullmatch(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_MONTH_YEAR.fullmatch(value):
            first, second, year = int(match[1]), int(match[3]), int(match[4])
            day, month = (first, second) if day_first else (second, first)
            return date(year, month, day)
    except ValueError:
        return None
    return None


def number_parser(texts: Iterable[str | None]) -> Parser:
    """Return a parser for the cells of one number column."""
    separator = decimal_separator_of(texts)
    return lambda text: parse_number(text, separator)


def date_parser(texts: Iterable[str | None]) -> Parser:
    """Return a parser for the cells of one date column."""
    day_first = day_first_of(texts)
    return lambda text: parse_date(text, day_first=day_first)
