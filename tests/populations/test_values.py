"""Parsing the stored text of custom number and date columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.populations.values import (
    day_first_of,
    decimal_separator_of,
    is_null_text,
    parse_date,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "separator", "expected"),
    [
        ("1234.5", ".", Decimal("1234.5")),
        ("-0.25", ".", Decimal("-0.25")),
        ("1,234.50", ".", Decimal("1234.50")),
        ("1.234,50", ",", Decimal("1234.50")),
        ("1 234,5", ",", Decimal("1234.5")),
        ("1,234", ".", Decimal(1234)),
        ("1,234", ",", Decimal("1.234")),
        ("45%", ".", Decimal(45)),
        ("+7", ".", Decimal(7)),
        ("12,34,567", ".", None),
        ("1.2.3", ".", None),
        ("abc", ".", None),
        ("-", ".", None),
        ("  ", ".", None),
    ],
)
def test_parse_number(text: str, separator: str, expected: Decimal | None) -> None:
    assert parse_number(text, separator) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["1,234", "12,5"], ","),
        (["1,234", "12.5"], "."),
        (["1.234.567", "8"], ","),
        (["1,234", "5,678"], "."),
        ([None, "", "n/a"], "."),
    ],
)
def test_decimal_separator_of_column(texts: list, expected: str) -> None:
    assert decimal_separator_of(texts) == expected


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2021-03-14", False, date(2021, 3, 14)),
        ("2021-03-14T10:30:00", False, date(2021, 3, 14)),
        ("2021/3/4", False, date(2021, 3, 4)),
        ("03/04/2021", False, date(2021, 3, 4)),
        ("03/04/2021", True, date(2021, 4, 3)),
        ("2021-02-30", False, None),
        ("13/13/2021", False, None),
        ("n/a", False, None),
    ],
)
def test_parse_date(text: str, day_first: bool, expected: date | None) -> None:
    assert parse_date(text, day_first=day_first) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["03/04/2021", "25/12/2020"], True),
        (["03/04/2021", "12/25/2020"], False),
        (["03.04.2021"], True),
        (["03/04/2021"], False),
    ],
)
def test_day_first_of_column(texts: list, expected: bool) -> None:
    assert day_first_of(texts) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, True), ("", True), (" n/A ", True), ("unknown", True), ("--", True),
     ("no", False), ("WWW", False), ("No website", False), ("0", False)],
)  # fmt: skip
def test_is_null_text(text: str | None, expected: bool) -> None:
    assert is_null_text(text) is expected
