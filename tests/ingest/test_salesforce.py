"""Salesforce imports on hand-made exports: money, stages, links and problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.errors import ImportRejectedError
from app.ingest import import_salesforce
from app.storage.models import DataSource, Organization
from tests.ingest.support import dump_database, opportunities_by_id, write_csv

OPPORTUNITY_HEADER = ["Id", "AccountId", "Name", "StageName", "Amount", "CloseDate"]


def _import(session: Session, organization: Organization, **files):
    report = import_salesforce(session, organization_id=organization.id, **files)
    session.commit()
    return report


@pytest.fixture
def accounts(fixtures_dir: Path) -> Path:
    return fixtures_dir / "salesforce_accounts.csv"


def test_mixed_currencies(
    session: Session, acme: Organization, accounts: Path, fixtures_dir: Path
):
    report = _import(
        session,
        acme,
        accounts_path=accounts,
        opportunities_path=fixtures_dir / "salesforce_mixed_currency.csv",
    )

    stored = opportunities_by_id(session, report.data_source_id)
    assert {key: (o.amount_units, o.currency) for key, o in stored.items()} == {
        "M1": (12_345_000, "USD"),
        "M2": (10_002_500, "EUR"),
        "M3": (1_500_000_000, "JPY"),
        "M4": (100_000, None),
    }
    assert stored["M3"].outcome == "WON"
    assert stored["M1"].outcome == "OPEN"


def _amounts(session, acme, accounts, tmp_path, amounts, **options):
    rows = [
        [f"O{i}", "A1", f"Deal {i}", "Prospecting", amount, "2024-01-01"]
        for i, amount in enumerate(amounts)
    ]
    path = write_csv(tmp_path / "Opportunity.csv", OPPORTUNITY_HEADER, rows)
    report = _import(
        session, acme, accounts_path=accounts, opportunities_path=path, **options
    )
    stored = opportunities_by_id(session, report.data_source_id)
    return [stored[f"O{i}"].amount_units for i in range(len(amounts))]


def test_ambiguous_amount_resolved_by_dot_elsewhere(
    session: Session, acme: Organization, accounts: Path, tmp_path: Path
):
    units = _amounts(session, acme, accounts, tmp_path, ["1,234", "99.5", ""])

    assert units == [12_340_000, 995_000, None]


def test_ambiguous_amount_resolved_by_comma_elsewhere(
    session: Session, acme: Organization, accounts: Path, tmp_path: Path
):
    units = _amounts(session, acme, accounts, tmp_path, ["1,234", "10,5"])

    assert units == [12_340, 105_000]


def test_ambiguous_amount_uses_given_separator(
    session: Session, acme: Organization, accounts: Path, tmp_path: Path
):
    units = _amounts(
        session, acme, accounts, tmp_path, ["1,234", "2,500"], decimal_separator=","
    )

    assert units == [12_340, 25_000]


def test_ambiguous_amount_column_rejected(
    session: Session, engine: Engine, acme: Organization, accounts: Path, tmp_path: Path
):
    before = dump_database(engine)

    with pytest.raises(ImportRejectedError) as caught:
        _amounts(session, acme, accounts, tmp_path, ["1,234", "2,500", "700"])
    session.rollback()

    assert caught.value.problems == [
        "Opportunity.csv column Amount: amounts such as those in rows 2, 3 read as "
        "thousands or as decimals, and no other amount tells which; pass "
        "--decimal-separator . or --decimal-separator , to say which one the "
        "column uses"
    ]
    assert dump_database(engine) == before


def test_mixed_separators_rejected(
    session: Session, acme: Organization, accounts: Path, tmp_path: Path
):
    with pytest.raises(ImportRejectedError) as caught:
        _amounts(session, acme, accounts, tmp_path, ["1.5", "2,5"])

    assert (
        "a dot as decimal separator in row 2 and a comma in row 3"
        in (caught.value.problems[0])
    )


def test_every_opportunity_problem_listed(
    session: Session, acme: Organization, tmp_path: Path
):
    header = [*OPPORTUNITY_HEADER, "IsClosed", "IsWon", "CurrencyIsoCode"]
    rows = [
        ["O1", "A1", "Ok", "Prospecting", "10", "2024-01-01", "", "", "USD"],
        ["O2", "A1", "Bad date", "Prospecting", "10", "01/02/2024", "", "", ""],
        ["O3", "A1", "Bad flag", "Prospecting", "10", "", "maybe", "", ""],
        ["O4", "A1", "Bad currency", "Prospecting", "10", "", "", "", "dollars"],
        ["O5", "A1", "No stage", "", "10", "", "", "", ""],
        ["O1", "A1", "Duplicate", "Prospecting", "10", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "Opportunity.csv", header, rows)

    with pytest.raises(ImportRejectedError) as caught:
        import_salesforce(session, organization_id=acme.id, opportunities_path=path)

    assert caught.value.problems == [
        "row 3, column CloseDate: invalid date '01/02/2024': expected a date "
        "written YYYY-MM-DD",
        "row 4, column IsClosed: invalid flag 'maybe': expected 1 or empty, true "
        "or false",
        "row 5, column CurrencyIsoCode: invalid currency 'dollars': expected a "
        "three-letter ISO 4217 code such as USD",
        "row 6, column StageName: missing stage",
        "rows 2 and 7, column Id: duplicate id 'O1': expected each id once",
    ]


def test_admin_mapping_wins(
    session: Session, acme: Organization, accounts: Path, fixtures_dir: Path
):
    opportunities = fixtures_dir / "salesforce_opportunities.csv"
    first = _import(
        session, acme, accounts_path=accounts, opportunities_path=opportunities
    )
    source = session.get(DataSource, first.data_source_id)
    source.stage_mapping = {**source.stage_mapping, "Prospecting": "LOST"}
    session.commit()

    report = _import(session, acme, opportunities_path=opportunities)

    stored = opportunities_by_id(session, report.data_source_id)
    assert stored["O1"].outcome == "LOST"
    assert report.counts["opportunities"].updated == 1


def test_default_stages_without_flags(
    session: Session, acme: Organization, accounts: Path, tmp_path: Path
):
    rows = [
        ["O1", "A1", "Won", "Closed Won", "1", ""],
        ["O2", "A1", "Lost", "closed lost", "1", ""],
        ["O3", "A1", "Open", "Discovery", "1", ""],
        ["O4", "A3", "Open too", "Discovery", "1", ""],
    ]
    path = write_csv(tmp_path / "Opportunity.csv", OPPORTUNITY_HEADER, rows)

    report = _import(session, acme, accounts_path=accounts, opportunities_path=path)

    stored = opportunities_by_id(session, report.data_source_id)
    assert [stored[f"O{i}"].outcome for i in range(1, 5)] == ["WON", "LOST", None, None]
    assert report.warnings == [
        "Opportunity.csv: stage 'Discovery' has no outcome mapping, so its "
        "opportunities count as OPEN until an admin maps it (rows 4, 5)"
    ]
    source = session.get(DataSource, report.data_source_id)
    assert source.unmapped_stages == ["Discovery"]


def test_unknown_account_is_warning(
    session: Session, acme: Organization, accounts: Path, tmp_path: Path
):
    rows = [
        ["O1", "A1", "Known", "Closed Won", "1", ""],
        ["O2", "ZZ", "Unknown", "Closed Won", "1", ""],
        ["O3", "", "No account", "Closed Won", "1", ""],
    ]
    path = write_csv(tmp_path / "Opportunity.csv", OPPORTUNITY_HEADER, rows)

    report = _import(session, acme, accounts_path=accounts, opportunities_path=path)

    stored = opportunities_by_id(session, report.data_source_id)
    assert stored["O1"].account_id is not None
    assert stored["O2"].account_id is None
    assert stored["O2"].account_external_id == "ZZ"
    assert report.warnings == [
        "Opportunity.csv: opportunities name an account that 'SALESFORCE' does not "
        "contain; they count in no metric until it is imported (row 3)",
        "Opportunity.csv: opportunities without an account id count in no metric "
        "(row 4)",
    ]


def test_accounts_only_import_relinks(
    session: Session, acme: Organization, accounts: Path, fixtures_dir: Path, tmp_path
):
    opportunities = fixtures_dir / "salesforce_opportunities.csv"
    _import(session, acme, accounts_path=accounts, opportunities_path=opportunities)
    lines = accounts.read_text().splitlines()
    fewer = tmp_path / "Account.csv"
    fewer.write_text("\n".join(line for line in lines if not line.startswith("A3,")))

    report = _import(session, acme, accounts_path=fewer)

    stored = opportunities_by_id(session, report.data_source_id)
    assert stored["O1"].account_id is None
    assert stored["O1"].account_external_id == "A3"
    assert list(report.counts) == ["accounts"]
    assert report.warnings == [
        "1 opportunities of 'SALESFORCE' name accounts that the source does not "
        "contain; they count in no metric until those accounts are imported"
    ]

    _import(session, acme, accounts_path=accounts)

    assert opportunities_by_id(session, report.data_source_id)["O1"].account_id


def test_opportunity_file_without_amount(
    session: Session, acme: Organization, accounts: Path, tmp_path: Path
):
    path = write_csv(
        tmp_path / "Opportunity.csv",
        ["Id", "AccountId", "StageName"],
        [["O1", "A1", "Closed Won"]],
    )

    report = _import(session, acme, accounts_path=accounts, opportunities_path=path)

    source = session.get(DataSource, report.data_source_id)
    assert source.synced_fields == ["ACCOUNTS"]
    assert opportunities_by_id(session, source.id)["O1"].amount_units is None


def test_removed_opportunity_deleted(
    session: Session, acme: Organization, accounts: Path, fixtures_dir: Path, tmp_path
):
    opportunities = fixtures_dir / "salesforce_opportunities.csv"
    _import(session, acme, accounts_path=accounts, opportunities_path=opportunities)
    lines = opportunities.read_text().splitlines()
    fewer = tmp_path / "Opportunity.csv"
    fewer.write_text("\n".join(line for line in lines if not line.startswith("O4,")))

    report = _import(session, acme, opportunities_path=fewer)

    counts = report.counts["opportunities"]
    assert (counts.inserted, counts.updated, counts.deleted, counts.unchanged) == (
        0,
        0,
        1,
        3,
    )
    assert sorted(opportunities_by_id(session, report.data_source_id)) == [
        "O1",
        "O2",
        "O3",
    ]


def test_deleted_records_skipped(session: Session, acme: Organization, tmp_path: Path):
    path = write_csv(
        tmp_path / "Account.csv",
        ["Id", "IsDeleted", "Name", "Website"],
        [["A1", "0", "Kept", "kept.com"], ["A2", "1", "Gone", "gone.com"]],
    )

    report = _import(session, acme, accounts_path=path)

    assert report.counts["accounts"].inserted == 1
    assert report.warnings == [
        "Account.csv: records marked IsDeleted were skipped (row 3)"
    ]


def test_both_files_problems_named_by_file(
    session: Session, acme: Organization, tmp_path: Path
):
    accounts = write_csv(tmp_path / "Account.csv", ["Id", "Website"], [["A1", "a.com"]])
    opportunities = write_csv(
        tmp_path / "Opportunity.csv", ["Id", "AccountId"], [["O1", "A1"]]
    )

    with pytest.raises(ImportRejectedError) as caught:
        import_salesforce(
            session,
            organization_id=acme.id,
            accounts_path=accounts,
            opportunities_path=opportunities,
        )

    assert caught.value.problems == [
        "Account.csv row 1: missing Name column: expected a column named 'Name' "
        "(in any case)",
        "Opportunity.csv row 1: missing StageName column: expected a column named "
        "'StageName' (in any case)",
    ]
    assert "import of Account.csv and Opportunity.csv rejected" in caught.value.message
