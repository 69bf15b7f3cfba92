"""Header recognition, column overrides and custom column types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.ingest.columns import is_missing, map_columns
from app.ingest.csv_accounts import ACCOUNT_FIELDS
from app.ingest.problems import Problems
from app.ingest.values import ColumnTypes, looks_like_date, looks_like_number
from app.populations.values import COMMA, DOT, is_null_text, parse_date, parse_number


def _map(header: list[str], overrides: dict[str, str] | None = None):
    problems = Problems("accounts.csv")
    columns = map_columns(header, ACCOUNT_FIELDS, problems, overrides=overrides)
    return columns, problems.messages


def test_headers_match_case_insensitively() -> None:
    header = ["ACCOUNT NAME", "Web", "Sector", "num. of employees", "Notes"]

    columns, problems = _map(header)

    assert problems == []
    assert columns.fields == {
        "name": [0],
        "website": [1],
        "industry": [2],
        "employees": [3],
    }
    assert columns.custom == [("Notes", 4)]


def test_first_alias_wins_and_others_stay_custom() -> None:
    columns, _ = _map(["company", "domain", "website"])

    assert columns.fields["website"] == [2]
    assert columns.custom == [("domain", 1)]


def test_override_names_the_column() -> None:
    columns, problems = _map(
        ["Firm", "Homepage", "name"], {"name": "firm", "website": "Homepage"}
    )

    assert problems == []
    assert columns.fields["name"] == [0]
    assert columns.fields["website"] == [1]
    assert columns.custom == [("name", 2)]


def test_missing_column_names_aliases_and_option() -> None:
    _, problems = _map(["name", "country"])

    assert problems == [
        "row 1: missing website column: expected a column named 'website' or "
        "'domain' or 'web' or 'url', or pass --website-column"
    ]


def test_unknown_override_lists_columns() -> None:
    _, problems = _map(["name", "website"], {"owner": "Rep"})

    assert problems == [
        "row 1: column 'Rep' given for --owner-column not found or already read for "
        "another field; the columns are 'name', 'website'"
    ]


def test_repeated_custom_column_rejected() -> None:
    _, problems = _map(["name", "website", "Notes", "notes"])

    assert problems == [
        "row 1, column 4: column name 'notes' repeats column 3; give each column "
        "its own name"
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "2,5", "", "-", "1,234.50", "45%"], "number"),
        (["2021-03-14", "14/03/2021", "n/a"], "date"),
        (["2017-08-04T09:09:21.000+0000", "2018-01-01"], "date"),
        (["1", "two"], "text"),
        (["2021-03-14", "31/31/2021"], "text"),
        (["yes", "no"], "text"),
        ([], "text"),
    ],
)
def test_column_type_inference(values: list[str], expected: str) -> None:
    types = ColumnTypes(["column"])

    for value in values:
        if not is_missing(value):
            types.observe("column", value)

    assert types.result() == {"column": expected}


@given(st.text(alphabet="0123456789.,-+% '", min_size=1, max_size=12))
def test_number_check_matches_filter_parser(text: str) -> None:
    if is_null_text(text):
        return
    parsed = (
        parse_number(text, DOT) is not None or parse_number(text, COMMA) is not None
    )

    assert looks_like_number(text) == parsed


@given(st.text(max_size=20))
def test_missing_check_matches_filter_rule(text: str) -> None:
    stripped = text.strip()

    assert is_missing(stripped) == is_null_text(stripped)


@given(
    st.from_regex(
        r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{2}:\d{2}(:\d{2})?)?", fullmatch=True
    )
)
def test_date_check_matches_filter_parser(text: str) -> None:
    parsed = (
        parse_date(text, day_first=False) is not None
        or parse_date(text, day_first=True) is not None
    )

    assert looks_like_date(text) == parsed
