"""Amount cells: separators, currency marks and the column's decimal separator."""

from __future__ import annotations

import pytest

from app.ingest.amounts import SeparatorEvidence, parse_amount_units


@pytest.mark.parametrize(
    ("text", "separator", "units", "currency"),
    [
        ("1234.5", ".", 12_345_000, None),
        ("1,234.50", ".", 12_345_000, None),
        ("1.234,50", ",", 12_345_000, None),
        ("$1,234.50", ".", 12_345_000, None),
        ("\u20ac1.234,50", ",", 12_345_000, None),
        ("EUR 1.234,50", ",", 12_345_000, "EUR"),
        ("1234.50 usd", ".", 12_345_000, "USD"),
        ("-1,000", ".", -10_000_000, None),
        ("(250.00)", ".", -2_500_000, None),
        ("1 234 567,8", ",", 12_345_678_000, None),
        ("0.0001", ".", 1, None),
        ("22000", ",", 220_000_000, None),
    ],
)
def test_amount_parses(text: str, separator: str, units: int, currency: str | None):
    assert parse_amount_units(text, separator) == (units, currency)


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("abc", "."),
        ("12,5", "."),
        ("1,23,456.00", "."),
        ("1.234,50", "."),
        ("1.5.0", ","),
        ("0.00001", "."),
        ("=1+2", "."),
    ],
)
def test_amount_rejects(text: str, separator: str) -> None:
    with pytest.raises(ValueError, match=r"^an amount with "):
        parse_amount_units(text, separator)


def _resolve(*texts: str) -> str | None:
    evidence = SeparatorEvidence()
    for row, text in enumerate(texts, start=2):
        evidence.observe(row, text)
    return evidence.resolve()


def test_separator_comes_from_other_rows() -> None:
    assert _resolve("1,234", "99.5") == "."
    assert _resolve("1,234", "10,5") == ","
    assert _resolve("1.234", "1.234.567") == ","
    assert _resolve("1,234", "1,234,567") == "."


def test_separator_unclear_without_clue() -> None:
    assert _resolve("1,234", "2,500", "300") is None


def test_separator_unclear_when_mixed() -> None:
    assert _resolve("1.5", "2,5") is None


def test_separator_defaults_to_dot_without_separators() -> None:
    assert _resolve("100", "2500") == "."


def test_separator_evidence_lists_rows() -> None:
    evidence = SeparatorEvidence()

    for row, text in [(2, "1,234"), (3, "10.5"), (4, "7")]:
        evidence.observe(row, text)

    assert evidence.ambiguous_rows == [2]
    assert evidence.dot_rows == [3]
    assert evidence.comma_rows == []
