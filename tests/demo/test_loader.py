"""The demo loader: real files and generated data, loaded once.

Expected account counts and overlaps come from the raw files, read with the
csv module. A website's registrable domain comes from tldextract with its
bundled suffix list, except for the five hosts below, which give no key.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import tldextract
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from app.core.errors import NotFoundError
from app.demo.fortune_crm import write_fortune_crm
from app.demo.loader import load_demo
from app.demo.tour import snapshot_ecosystem
from app.metrics import UnavailableReason, partner_summary
from app.policy import partner_views
from app.storage.models import Account, Opportunity, Organization
from tests.helpers import run_cli
from tests.ingest.support import dump_database

NO_KEY_HOSTS = ("orange.fr", "sina.com", "163.com", "corporate-ir.net", "vak")
EXTRACT = tldextract.TLDExtract(
    suffix_list_urls=(), include_psl_private_domains=True, cache_dir=None
)
REAL_SLUGS = ["devorg", "fortune1000", "wikipedia", "generated-crm"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _domain(website: str) -> str | None:
    text = website.strip().lower()
    if text in ("", "-"):
        return None
    host = text.split("://", 1)[-1].split("/", 1)[0]
    domain = EXTRACT(host).top_domain_under_public_suffix
    return None if not domain or domain in NO_KEY_HOSTS else domain


def _domains(rows: list[dict[str, str]], column: str) -> set[str]:
    return {_domain(row[column]) for row in rows} - {None}


@pytest.fixture
def files(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    return {
        "accounts": _rows(data_dir / "sfdc_devorg_export" / "Account.csv"),
        "opportunities": _rows(data_dir / "sfdc_devorg_export" / "Opportunity.csv"),
        "fortune": _rows(data_dir / "fortune1000_2021" / "Fortune_1000.csv"),
        "wikipedia": _rows(data_dir / "wikipedia_companies" / "companies.csv"),
    }


def _counts(session: Session, model: type[Account | Opportunity]) -> dict[str, int]:
    rows = session.exec(
        select(Organization.slug, func.count(model.id))
        .join(model, model.organization_id == Organization.id, isouter=True)
        .group_by(Organization.slug)
    ).all()
    return dict(rows)


def test_real_demo_account_counts(session: Session, data_dir: Path, files) -> None:
    expected = {
        "devorg": len(files["accounts"]),
        "fortune1000": len(files["fortune"]),
        "wikipedia": len(files["wikipedia"]),
        "generated-crm": len(files["fortune"][::3]),
    }

    summary = load_demo(session, data_dir)
    session.commit()

    assert _counts(session, Account) == expected
    assert {item.slug: item.account_count for item in summary.organizations} == (
        expected
    )
    assert expected == {
        "devorg": 83,
        "fortune1000": 1000,
        "wikipedia": 1555,
        "generated-crm": 334,
    }


def test_real_demo_opportunity_counts(session: Session, data_dir: Path, files):
    summary = load_demo(session, data_dir)
    session.commit()

    counts = _counts(session, Opportunity)
    assert counts["devorg"] == len(files["opportunities"]) == 774
    assert counts["fortune1000"] == 0
    assert counts["wikipedia"] == 0
    assert counts["generated-crm"] > 0
    assert [item.slug for item in summary.organizations] == REAL_SLUGS


def test_real_demo_organizations(session: Session, data_dir: Path) -> None:
    summary = load_demo(session, data_dir)
    session.commit()

    rows = session.exec(
        select(Organization.slug, Organization.plan, Organization.is_demo).order_by(
            Organization.id
        )
    ).all()
    assert rows == [
        ("devorg", "CONNECTOR", True),
        ("fortune1000", "SUPERNODE", True),
        ("wikipedia", "ENTERPRISE", True),
        ("generated-crm", "FREE", True),
    ]
    assert summary.loaded is True
    assert summary.partnership_statuses == {"ACTIVE": 5, "PENDING": 1}
    assert sorted(summary.tokens) == sorted(REAL_SLUGS)


def test_real_demo_credits_wikipedia(session: Session, data_dir: Path) -> None:
    summary = load_demo(session, data_dir)

    wikipedia = summary.organizations[2]
    assert wikipedia.name == "Wikipedia companies (CC BY 3.0)"
    assert wikipedia.data_sources == (
        "companies (Wikipedia, CC BY 3.0, boberle/random-items)",
    )


def test_real_demo_overlaps_match_files(
    session: Session, data_dir: Path, files
) -> None:
    salesforce = _domains(files["accounts"], "Website")
    fortune = _domains(files["fortune"], "Website")
    wikipedia = _domains(files["wikipedia"], "web")

    load_demo(session, data_dir)
    ecosystem = snapshot_ecosystem(session)

    ids = dict(session.exec(select(Organization.slug, Organization.id)).all())
    totals = {
        (view.partner_name, partner_summary(ecosystem, view).total_overlaps)
        for slug in ("devorg", "fortune1000")
        for view in partner_views(ecosystem, ids[slug])
    }
    assert ("Fortune 1000 list of 2021", len(salesforce & fortune)) in totals
    assert ("Wikipedia companies (CC BY 3.0)", len(salesforce & wikipedia)) in totals
    assert ("Wikipedia companies (CC BY 3.0)", len(fortune & wikipedia)) in totals
    assert (len(salesforce & fortune), len(salesforce & wikipedia)) == (24, 18)
    assert len(fortune & wikipedia) == 167


def test_real_demo_tour(session: Session, data_dir: Path) -> None:
    summary = load_demo(session, data_dir)

    stops = {
        stop.reason: (stop.viewer_slug, stop.partner, stop.row, stop.column)
        for stop in summary.tour
    }
    devorg = "Salesforce developer org export"
    wikipedia = "Wikipedia companies (CC BY 3.0)"
    assert stops == {
        "PARTNERSHIP_NOT_ACTIVE": ("devorg", "pending-partner-demo.com", None, None),
        "NO_CRM_OPPORTUNITY_DATA": ("fortune1000", devorg, None, None),
        "NOT_SHARING_WITH_PARTNER": ("generated-crm", wikipedia, None, None),
        "PARTNER_NOT_SHARING": ("devorg", wikipedia, None, None),
        "PARTNER_SHARES_COUNTS_ONLY": (
            "devorg",
            "Fortune 1000 list of 2021",
            "Customers",
            "Fortune 100",
        ),
        "PLAN_REQUIRED": ("generated-crm", devorg, "Customers", "Customers"),
    }
    assert all(stop.reasons == (stop.reason,) for stop in summary.tour)


def test_real_demo_loads_twice_unchanged(engine: Engine, data_dir: Path) -> None:
    load_demo(engine, data_dir)
    before = dump_database(engine)

    summary = load_demo(engine, data_dir)

    assert dump_database(engine) == before
    assert summary.loaded is False
    assert summary.tokens == {}
    assert [item.slug for item in summary.organizations] == REAL_SLUGS


def test_missing_data_file_rejected(engine: Engine, tmp_path: Path) -> None:
    before = dump_database(engine)

    with pytest.raises(
        NotFoundError, match=re.escape("sfdc_devorg_export/Account.csv")
    ):
        load_demo(engine, tmp_path)

    assert dump_database(engine) == before


def test_generated_demo_loads(session: Session) -> None:
    summary = load_demo(session, None)
    session.commit()

    flags = session.exec(select(Organization.is_demo)).all()
    assert flags == [True] * 5
    assert summary.organizations[-1].slug == "target-list"
    assert summary.organizations[-1].opportunity_count == 0
    assert {stop.reason for stop in summary.tour} == set(UnavailableReason)
    assert summary.partnership_statuses["ACTIVE"] >= 3


def test_generated_demo_loads_twice_unchanged(engine: Engine) -> None:
    load_demo(engine, None)
    before = dump_database(engine)

    summary = load_demo(engine, None)

    assert dump_database(engine) == before
    assert summary.loaded is False


def test_fortune_crm_files_repeat(data_dir: Path, tmp_path: Path) -> None:
    fortune = data_dir / "fortune1000_2021" / "Fortune_1000.csv"
    websites = [row["Website"] for row in _rows(fortune)][::3]

    first = write_fortune_crm(fortune, tmp_path / "first")
    second = write_fortune_crm(fortune, tmp_path / "second")

    accounts = _rows(first.accounts_path)
    opportunities = _rows(first.opportunities_path)
    assert first.accounts_path.read_bytes() == second.accounts_path.read_bytes()
    assert (
        first.opportunities_path.read_bytes() == second.opportunities_path.read_bytes()
    )
    assert [row["Website"] for row in accounts] == websites
    assert len(opportunities) == first.opportunity_count
    assert {row["CurrencyIsoCode"] for row in opportunities} == {"EUR", "USD"}
    assert {row["AccountId"] for row in opportunities} <= {
        row["Id"] for row in accounts
    }


def test_demo_command_reads_data_dir_setting(
    database_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERGRAPH_DATA_DIR", str(data_dir))

    first = run_cli("demo")
    second = run_cli("demo")

    assert first.returncode == 0, first.stderr
    assert f"loaded the demo from real data files in {data_dir}" in first.stdout
    assert "  devorg (Salesforce developer org export, CONNECTOR): 83 accounts" in (
        first.stdout
    )
    assert first.stdout.count(": pgt_") == 4
    assert second.returncode == 0, second.stderr
    assert "the demo is already in the database" in second.stdout
    assert "pgt_" not in second.stdout


def test_demo_command_generates_without_data(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARTNERGRAPH_DATA_DIR", raising=False)

    result = run_cli("demo")

    assert result.returncode == 0, result.stderr
    assert "loaded the demo from generated organizations (seed 8)" in result.stdout
    assert "  target-list (Target account list (generated CSV), CONNECTOR)" in (
        result.stdout
    )
