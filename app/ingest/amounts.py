"""Money amounts as exports write them: `1234.5`, `1,234.50`, `1.234,50`, `$1,234`.

The decimal separator is a dot or a comma. The other one, spaces and
apostrophes group thousands. A value with one separator followed by exactly
three digits, such as `1,234`, reads either way, so the rest of the column
decides. When nothing in the column does, the caller must say which it is.
Numbers are read with the rules of app.populations.values, which custom
number columns use as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.money import to_units
from app.populations.values import COMMA, DOT, parse_number, separator_clue

SEPARATOR_NAMES = {DOT: "dot", COMMA: "comma"}

_ISO_CODE_PREFIX = re.compile(r"([A-Za-z]{3})(?=[\s\d$\u20ac\u00a3\u00a5.,+-])\s*")
_ISO_CODE_SUFFIX = re.compile(r"\s*([A-Za-z]{3})")
_SYMBOLS = (
    "$\u20ac\u00a3\u00a5\u20b9\u20a9\u20bd\u20ba\u20aa\u0e3f\u20ab\u20b4\u20a6\u20b1"
)
_GROUPING_MARKS = re.compile(r"[ '\u00a0\u202f\u2009]")
_DIGITS_AND_SEPARATORS = re.compile(r"\d[\d.,]*")

__all__ = ["COMMA", "DOT", "SeparatorEvidence", "parse_amount_units", "split_amount"]


@dataclass(frozen=True, slots=True)
class AmountText:
    """An amount cell split into its sign, its digits and separators, and a code."""

    negative: bool
    number: str
    currency: str | None


def split_amount(text: str) -> AmountText | None:
    """Split a cell into sign, number and ISO code, or return None if it is no amount.

    A leading minus or surrounding parentheses make it negative. Currency
    symbols are dropped, and a three-letter code before or after the number
    is returned upper-case.
    """
    value = text.strip()
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1].strip()

    currency = None
    prefix = _ISO_CODE_PREFIX.match(value)
    if prefix is not None:
        currency, value = prefix.group(1).upper(), value[prefix.end() :]
    value = value.strip(_SYMBOLS + " ")
    if value[:1] in "-\u2212":
        negative, value = True, value[1:].strip(_SYMBOLS + " ")
    elif value[:1] == "+":
        value = value[1:].strip(_SYMBOLS + " ")
    suffix = _ISO_CODE_SUFFIX.search(value)
    if currency is None and suffix is not None and suffix.end() == len(value):
        currency, value = suffix.group(1).upper(), value[: suffix.start()]
    value = _GROUPING_MARKS.sub("", value.strip(_SYMBOLS + " "))

    if _DIGITS_AND_SEPARATORS.fullmatch(value) is None or value[-1] in ".,":
        return None
    return AmountText(negative=negative, number=value, currency=currency)


def parse_amount_units(text: str, decimal_separator: str) -> tuple[int, str | None]:
    """Return an amount cell in units of 1/10,000 and its ISO code, if any.

    Raises ValueError with the expected form when the cell is no amount, or
    when it has more than four decimals.
    """
    parts = split_amount(text)
    value = parse_number(parts.number, decimal_separator) if parts else None
    if parts is None or value is None:
        name = SEPARATOR_NAMES[decimal_separator]
        raise ValueError(
            f"an amount with a {name} as decimal separator, such as "
            f"{_example(decimal_separator)}"
        )
    if parts.negative:
        value = -value
    try:
        units = to_units(value)
    except ValueError:
        raise ValueError("an amount with at most 4 decimals") from None
    return units, parts.currency


def _example(decimal_separator: str) -> str:
    return "1234.50 or 1,234.50" if decimal_separator == DOT else "1234,50 or 1.234,50"


@dataclass(slots=True)
class SeparatorEvidence:
    """Row numbers of an amount column, by the decimal separator they show."""

    dot_rows: list[int] = field(default_factory=list)
    comma_rows: list[int] = field(default_factory=list)
    ambiguous_rows: list[int] = field(default_factory=list)

    def observe(self, row: int, text: str) -> None:
        parts = split_amount(text)
        if parts is None:
            return
        clue = separator_clue(parts.number)
        if clue == DOT:
            self.dot_rows.append(row)
        elif clue == COMMA:
            self.comma_rows.append(row)
        elif clue == "?":
            self.ambiguous_rows.append(row)

    def resolve(self) -> str | None:
        """Return the column's decimal separator, or None when the column is unclear.

        Unclear means the column shows both separators, or has ambiguous values
        and no other separator clue.
        """
        if self.dot_rows and self.comma_rows:
            return None
        if self.dot_rows:
            return DOT
        if self.comma_rows:
            return COMMA
        if self.ambiguous_rows:
            return None
        return DOT
