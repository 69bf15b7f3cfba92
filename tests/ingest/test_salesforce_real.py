"""The real Salesforce Data Export through `partnergraph import salesforce`.

Expected numbers come from the raw files, read with the csv module: an
opportunity's outcome from IsClosed/IsWon, and an account's key from its
website without `www.` (every website in this export is `www.` plus the
registrable domain, or blank).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from app.storage.models import Account, DataSource, Opportunity, Organization
from tests.helpers import run_cli
from tests.ingest.support import dump_database, read_rows, standard_members

CUSTOMER_TYPES = {"customer", "customer - direct", "customer - channel"}


@pytest.fixture
def export(data_dir: Path) -> Path:
    return data_dir / "sfdc_devorg_export"


def _import(*files: str):
    return run_cli("import", "salesforce", "--org", "acme", *files)


def _key(website: str) -> str | None:
    website = website.strip().lower()
    return website.removeprefix("www.") or None


def _outcome(row: dict[str, str]) -> str:
    if row["IsClosed"] != "1":
        return "OPEN"
    return "WON" if row["IsWon"] == "1" else "LOST"


def _expected_customers(
    accounts: list[dict[str, str]], opportunities: list[dict[str, str]]
) -> tuple[set[str], set[str]]:
    """Return the customer accounts' ids and their keys, by the standard rule."""
    won_accounts = {row["AccountId"] for row in opportunities if _outcome(row) == "WON"}
    customer_keys = set()
    customer_ids = set()
    for row in accounts:
        if (
            row["Type"].strip().casefold() in CUSTOMER_TYPES
            or row["Id"] in won_accounts
        ):
            customer_ids.add(row["Id"])
            if _key(row["Website"]) is not None:
                customer_keys.add(_key(row["Website"]))
    for row in accounts:
        if _key(row["Website"]) in customer_keys:
            customer_ids.add(row["Id"])
    return customer_ids, customer_keys


def test_export_imports(session: Session, acme: Organization, export: Path):
    accounts = read_rows(export / "Account.csv")
    opportunities = read_rows(export / "Opportunity.csv")
    outcomes = [_outcome(row) for row in opportunities]
    customer_ids, customer_keys = _expected_customers(accounts, opportunities)

    result = _import(
        "--accounts",
        str(export / "Account.csv"),
        "--opportunities",
        str(export / "Opportunity.csv"),
    )

    assert result.returncode == 0, result.stderr
    assert f"accounts: {len(accounts)} inserted" in result.stdout
    assert f"opportunities: {len(opportunities)} inserted" in result.stdout
    stored = dict(
        session.exec(
            select(Opportunity.outcome, func.count()).group_by(Opportunity.outcome)
        ).all()
    )
    assert stored == {o: outcomes.count(o) for o in ("OPEN", "WON", "LOST")}
    members = standard_members(session, acme.id)
    assert members["CUSTOMERS"] == customer_ids
    keys = session.exec(
        select(Account.match_key).where(Account.external_id.in_(customer_ids))
    ).all()
    assert {key for key in keys if key is not None} == customer_keys


def test_export_links_every_opportunity(
    session: Session, acme: Organization, export: Path
):
    result = _import(
        "--accounts",
        str(export / "Account.csv"),
        "--opportunities",
        str(export / "Opportunity.csv"),
    )

    assert result.returncode == 0, result.stderr
    unlinked = session.exec(
        select(func.count()).where(Opportunity.account_id.is_(None))
    ).one()
    assert unlinked == 0
    source = session.exec(select(DataSource)).one()
    assert source.synced_fields == [
        "ACCOUNTS",
        "OPPORTUNITY_AMOUNT",
        "OPPORTUNITY_STAGE",
    ]
    assert source.unmapped_stages == []
    assert source.stage_mapping["Closed Won"] == "WON"
    assert source.stage_mapping["Prospecting"] == "OPEN"


def test_export_reimport_changes_nothing(
    engine: Engine, acme: Organization, export: Path
):
    files = (
        "--accounts",
        str(export / "Account.csv"),
        "--opportunities",
        str(export / "Opportunity.csv"),
    )
    _import(*files)
    before = dump_database(engine)

    result = _import(*files)

    assert result.returncode == 0, result.stderr
    assert dump_database(engine) == before


def test_opportunities_first_then_accounts(
    session: Session, acme: Organization, export: Path
):
    opportunities = read_rows(export / "Opportunity.csv")

    first = _import("--opportunities", str(export / "Opportunity.csv"))
    second = _import("--accounts", str(export / "Account.csv"))

    assert first.returncode == 0, first.stderr
    assert (
        "opportunities name an account that 'SALESFORCE' does not contain"
        in first.stdout
    )
    assert second.returncode == 0, second.stderr
    linked = session.exec(
        select(func.count()).where(Opportunity.account_id.is_not(None))
    ).one()
    assert linked == len(opportunities)


def _rewrite(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _raw(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _set_cell(rows: list[list[str]], row_number: int, column: str, value: str):
    rows[row_number - 1][rows[0].index(column)] = value
    return rows


def _drop_column(rows: list[list[str]], column: str) -> list[list[str]]:
    index = rows[0].index(column)
    return [row[:index] + row[index + 1 :] for row in rows]


@pytest.fixture
def imported(engine: Engine, acme: Organization, export: Path) -> dict:
    _import(
        "--accounts",
        str(export / "Account.csv"),
        "--opportunities",
        str(export / "Opportunity.csv"),
    )
    return dump_database(engine)


def _import_opportunities(path: Path):
    return _import("--opportunities", str(path))


def test_non_numeric_amount_rejected(
    engine: Engine, imported: dict, export: Path, tmp_path: Path
):
    rows = _set_cell(_raw(export / "Opportunity.csv"), 40, "Amount", "twelve")
    broken = tmp_path / "Opportunity.csv"
    _rewrite(broken, rows)

    result = _import_opportunities(broken)

    assert result.returncode == 1
    assert "row 40, column Amount: invalid amount 'twelve': expected an amount" in (
        result.stderr
    )
    assert dump_database(engine) == imported


def test_missing_stage_column_rejected(
    engine: Engine, imported: dict, export: Path, tmp_path: Path
):
    broken = tmp_path / "Opportunity.csv"
    _rewrite(broken, _drop_column(_raw(export / "Opportunity.csv"), "StageName"))

    result = _import_opportunities(broken)

    assert result.returncode == 1
    assert "row 1: missing StageName column: expected a column named 'StageName'" in (
        result.stderr
    )
    assert dump_database(engine) == imported


def test_truncated_export_rejected(
    engine: Engine, imported: dict, export: Path, tmp_path: Path
):
    text = (export / "Account.csv").read_text(encoding="utf-8-sig")
    cut = text.index("Data imported from ZoomInfo")
    broken = tmp_path / "Account.csv"
    broken.write_text(text[:cut], encoding="utf-8")
    rows_before_cut = len(list(csv.reader(io.StringIO(text[:cut] + '"', newline=""))))

    result = _import("--accounts", str(broken))

    assert result.returncode == 1
    assert f"row {rows_before_cut}: a quoted field starting on line" in result.stderr
    assert dump_database(engine) == imported


def test_unknown_stage_without_flags_is_warning(
    session: Session, imported: dict, export: Path, tmp_path: Path
):
    rows = _raw(export / "Opportunity.csv")
    rows = _set_cell(rows, 25, "StageName", "Mystery Stage")
    rows = _drop_column(_drop_column(rows, "IsClosed"), "IsWon")
    changed = tmp_path / "Opportunity.csv"
    _rewrite(changed, rows)

    result = _import_opportunities(changed)

    assert result.returncode == 0, result.stderr
    assert (
        "Opportunity.csv: stage 'Mystery Stage' has no outcome mapping, so its "
        "opportunities count as OPEN until an admin maps it (row 25)"
    ) in result.stdout
    session.expire_all()
    source = session.exec(select(DataSource)).one()
    assert source.unmapped_stages == ["Mystery Stage"]
    mystery = session.exec(
        select(Opportunity).where(Opportunity.stage == "Mystery Stage")
    ).one()
    assert mystery.outcome is None


def test_disagreeing_flags_leave_stage_unmapped(
    session: Session, acme: Organization, export: Path, tmp_path: Path
):
    rows = _raw(export / "Opportunity.csv")
    prospecting = [
        i + 1
        for i, row in enumerate(rows)
        if row[rows[0].index("StageName")] == "Prospecting"
    ]
    rows = _set_cell(rows, prospecting[0], "IsClosed", "1")
    changed = tmp_path / "Opportunity.csv"
    _rewrite(changed, rows)

    result = _import(
        "--accounts", str(export / "Account.csv"), "--opportunities", str(changed)
    )

    assert result.returncode == 0, result.stderr
    assert (
        "stage 'Prospecting' stays unmapped because its rows disagree: "
        f"LOST in row {prospecting[0]}, OPEN in rows" in result.stdout
    )
    source = session.exec(select(DataSource)).one()
    assert "Prospecting" not in source.stage_mapping
    assert source.unmapped_stages == ["Prospecting"]
