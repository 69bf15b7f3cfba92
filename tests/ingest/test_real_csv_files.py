"""The real Fortune 1000 and Wikipedia files through `partnergraph import csv`.

Expected numbers come from the raw files read with the csv module and a small
rule of this test: a blank or `-` website gives no key. The Wikipedia file has
five non-blank websites without a key, listed below with the reason.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from app.ingest import import_csv_accounts
from app.storage.models import Account, DataSource, Organization
from tests.helpers import run_cli
from tests.ingest.support import dump_database, read_rows

# Hosts of companies.csv that give no key: free e-mail providers on the
# blocklist (orange.fr, sina.com, 163.com), investor-relations hosting
# (corporate-ir.net), and `www.Vak`, whose last label is no public suffix.
WIKIPEDIA_NO_KEY_DOMAINS = (
    "orange.fr",
    "sina.com",
    "163.com",
    "corporate-ir.net",
    "vak",
)


def _host(website: str) -> str:
    host = website.strip().lower().split("://", 1)[-1]
    return host.split("/", 1)[0]


def _wikipedia_has_no_key(website: str) -> bool:
    if not website.strip():
        return True
    host = _host(website)
    return any(host == d or host.endswith("." + d) for d in WIKIPEDIA_NO_KEY_DOMAINS)


def _fortune_has_no_key(website: str) -> bool:
    return website.strip() in ("", "-")


@pytest.fixture
def fortune(data_dir: Path) -> Path:
    return data_dir / "fortune1000_2021" / "Fortune_1000.csv"


@pytest.fixture
def wikipedia(data_dir: Path) -> Path:
    return data_dir / "wikipedia_companies" / "companies.csv"


def _import(path: Path, *options: str):
    return run_cli("import", "csv", "--org", "acme", "--accounts", str(path), *options)


def _source_counts(session: Session, name: str) -> tuple[int, int]:
    session.expire_all()
    source = session.exec(select(DataSource).where(DataSource.name == name)).one()
    total = session.exec(
        select(func.count()).where(Account.data_source_id == source.id)
    ).one()
    without_key = session.exec(
        select(func.count()).where(
            Account.data_source_id == source.id, Account.match_key.is_(None)
        )
    ).one()
    return total, without_key


def test_fortune_file_imports(session: Session, acme: Organization, fortune: Path):
    rows = read_rows(fortune)
    expected_without_key = sum(_fortune_has_no_key(row["Website"]) for row in rows)

    result = _import(fortune)

    assert result.returncode == 0, result.stderr
    assert f"accounts: {len(rows)} inserted, 0 updated" in result.stdout
    assert f"accounts without a match key: {expected_without_key}" in result.stdout
    assert _source_counts(session, "Fortune_1000") == (len(rows), expected_without_key)


def test_wikipedia_file_imports(session: Session, acme: Organization, wikipedia: Path):
    rows = read_rows(wikipedia)
    expected_without_key = sum(_wikipedia_has_no_key(row["web"]) for row in rows)

    result = _import(wikipedia, "--source", "Wikipedia")

    assert result.returncode == 0, result.stderr
    assert _source_counts(session, "Wikipedia") == (len(rows), expected_without_key)
    assert expected_without_key == 151


def test_fortune_reimport_changes_nothing(
    engine: Engine, acme: Organization, fortune: Path
):
    _import(fortune)
    before = dump_database(engine)

    result = _import(fortune)

    assert result.returncode == 0, result.stderr
    assert "nothing changed" in result.stdout
    assert dump_database(engine) == before


def _rows_as_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _raw_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _without_column(rows: list[list[str]], name: str) -> list[list[str]]:
    index = rows[0].index(name)
    return [row[:index] + row[index + 1 :] for row in rows]


def _with_ids(rows: list[list[str]], duplicate_of: int, at: int) -> list[list[str]]:
    """Add an id column; data row `at` repeats the id of data row `duplicate_of`."""
    ids = [str(number) for number in range(len(rows) - 1)]
    ids[at - 2] = ids[duplicate_of - 2]
    return [["id", *rows[0]]] + [[ids[i], *row] for i, row in enumerate(rows[1:])]


def _latin1_row(rows: list[list[str]], row_number: int) -> tuple[bytes, int]:
    """Encode the file as UTF-8 except one row's name written in Latin-1."""
    head = _rows_as_text(rows[: row_number - 1]).encode()
    bad_row = [f"Caf\u00e9 {rows[row_number - 1][0]}", *rows[row_number - 1][1:]]
    bad = _rows_as_text([bad_row]).encode("latin-1")
    tail = _rows_as_text(rows[row_number:]).encode()
    return head + bad + tail, len(head) + len("Caf")


BROKEN_COPIES = {
    "missing column": (
        lambda rows: _rows_as_text(_without_column(rows, "company")).encode(),
        "row 1: missing name column",
    ),
    "bad delimiter": (
        lambda rows: _rows_as_text(rows, delimiter="|").encode(),
        "the header reads as one column",
    ),
    "truncated quote": (
        lambda rows: (_rows_as_text(rows) + '"Unclosed Corp,1001,0\n').encode(),
        "row 1002: a quoted field starting on line 1002 is not closed",
    ),
    "duplicate id": (
        lambda rows: _rows_as_text(_with_ids(rows, duplicate_of=10, at=20)).encode(),
        "rows 10 and 20, column id: duplicate id '8'",
    ),
}


@pytest.fixture
def fortune_imported(session: Session, acme: Organization, fortune: Path) -> None:
    import_csv_accounts(session, organization_id=acme.id, path=fortune)
    session.commit()


@pytest.mark.parametrize("case", sorted(BROKEN_COPIES))
def test_broken_fortune_copy_rejected(
    engine: Engine, fortune_imported: None, fortune: Path, tmp_path: Path, case: str
):
    build, expected = BROKEN_COPIES[case]
    broken = tmp_path / "Fortune_1000.csv"
    broken.write_bytes(build(_raw_rows(fortune)))
    before = dump_database(engine)

    result = _import(broken)

    assert result.returncode == 1
    assert result.stderr.startswith("error: import of Fortune_1000.csv rejected")
    assert result.stderr.count("\n") == 1
    assert expected in result.stderr
    assert dump_database(engine) == before


def test_non_utf8_fortune_copy_rejected(
    engine: Engine, fortune_imported: None, fortune: Path, tmp_path: Path
):
    content, offset = _latin1_row(_raw_rows(fortune), row_number=300)
    broken = tmp_path / "Fortune_1000.csv"
    broken.write_bytes(content)
    before = dump_database(engine)

    result = _import(broken)

    assert result.returncode == 1
    assert (
        f"row 300 (line 300, byte offset {offset}): byte 0xE9 is not valid UTF-8"
        in result.stderr
    )
    assert dump_database(engine) == before
