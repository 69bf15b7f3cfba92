"""`partnergraph import`: summaries, warnings, logs and one-line errors."""

from __future__ import annotations

from pathlib import Path

from app.storage.models import Organization
from tests.helpers import run_cli
from tests.ingest.support import write_csv


def test_csv_summary_and_warnings(acme: Organization, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "leads.csv",
        ["name", "website", "employees"],
        [["Acme", "acme.com", "12"], ["Beta", "-", "a few"]],
    )

    result = run_cli("import", "csv", "--org", "acme", "--accounts", str(path))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("imported into CSV data source 'leads' (id 1) in ")
    assert lines[1:] == [
        "accounts: 2 inserted, 0 updated, 0 deleted, 0 unchanged",
        "accounts without a match key: 1",
        "warnings (1):",
        "  - leads.csv: column employees contains values that are not whole numbers; "
        "they were left empty (row 3)",
    ]


def test_csv_logs_counts_without_progress(acme: Organization, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "leads.csv", ["name", "website"], [["Acme", "acme.com"]]
    )

    result = run_cli("import", "csv", "--org", "acme", "--accounts", str(path))

    assert "import into CSV source 'leads' of organization 1 took" in result.stderr
    assert "1 inserted" in result.stderr
    assert "rows read" not in result.stderr


def test_csv_column_options(acme: Organization, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "leads.csv", ["Ref", "Firm", "Home"], [["R1", "Acme", "acme.com"]]
    )

    result = run_cli(
        "import", "csv", "--org", "acme", "--accounts", str(path),
        "--id-column", "Ref", "--name-column", "Firm", "--website-column", "Home",
        "--source", "Leads 2024",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "data source 'Leads 2024'" in result.stdout
    assert "accounts without a match key: 0" in result.stdout


def test_unknown_organization_one_line(tmp_path: Path, database_url: str) -> None:
    path = write_csv(
        tmp_path / "leads.csv", ["name", "website"], [["Acme", "acme.com"]]
    )

    result = run_cli("import", "csv", "--org", "nobody", "--accounts", str(path))

    assert result.returncode == 1
    assert result.stderr.startswith("error: organization 'nobody' not found")
    assert result.stderr.count("\n") == 1


def test_missing_file_one_line(acme: Organization, tmp_path: Path) -> None:
    result = run_cli(
        "import", "csv", "--org", "acme", "--accounts", str(tmp_path / "none.csv")
    )

    assert result.returncode == 1
    assert (
        result.stderr
        == f"error: file {str(tmp_path / 'none.csv')!r} not found; check the path\n"
    )


def test_crm_import_needs_a_file(acme: Organization) -> None:
    result = run_cli("import", "salesforce", "--org", "acme")

    assert result.returncode == 1
    assert result.stderr == (
        "error: nothing to import: pass --accounts, --opportunities or both\n"
    )


def test_rejected_ambiguous_amounts_name_option(
    acme: Organization, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "Opportunity.csv",
        ["Id", "AccountId", "StageName", "Amount"],
        [["O1", "A1", "Closed Won", "1,500"]],
    )

    result = run_cli(
        "import", "salesforce", "--org", "acme", "--opportunities", str(path)
    )
    with_option = run_cli(
        "import", "salesforce", "--org", "acme", "--opportunities", str(path),
        "--decimal-separator", ".",
    )  # fmt: skip

    assert result.returncode == 1
    assert "pass --decimal-separator . or --decimal-separator ," in result.stderr
    assert with_option.returncode == 0, with_option.stderr
