"""HubSpot imports on small exports written for these tests.

hubspot_companies.csv: 101 has both a domain and a URL (the domain wins), 102
only a URL, 103 only a domain, 104 neither. hubspot_deals.csv has stages as
default-pipeline ids (closedwon, contractsent, appointmentscheduled,
qualifiedtobuy), as a label (Closed Lost) and as another pipeline's numeric
id. Deal 204 names two companies, and deal 205 a company not in the export.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from app.ingest import import_hubspot
from app.storage.models import DataSource, Organization
from tests.helpers import run_cli
from tests.ingest.support import (
    accounts_by_id,
    dump_database,
    opportunities_by_id,
    standard_members,
)


def _import(session: Session, acme: Organization, fixtures_dir: Path):
    report = import_hubspot(
        session,
        organization_id=acme.id,
        companies_path=fixtures_dir / "hubspot_companies.csv",
        deals_path=fixtures_dir / "hubspot_deals.csv",
    )
    session.commit()
    return report


def test_companies_domain_wins_over_url(
    session: Session, acme: Organization, fixtures_dir: Path
):
    report = _import(session, acme, fixtures_dir)

    companies = accounts_by_id(session, report.data_source_id)
    assert {key: c.website for key, c in companies.items()} == {
        "101": "acme.com",
        "102": "https://globex.co.uk/contact",
        "103": "initech.io",
        "104": None,
    }
    assert {key: c.match_key for key, c in companies.items()} == {
        "101": "acme.com",
        "102": "globex.co.uk",
        "103": "initech.io",
        "104": None,
    }
    assert companies["101"].employees == 250
    assert companies["101"].owner == "Jane Roe"
    assert companies["102"].country == "United Kingdom"
    assert companies["103"].employees is None
    assert companies["101"].custom == {"Lifecycle Stage": "customer"}


def test_deal_stages_mapped(session: Session, acme: Organization, fixtures_dir: Path):
    report = _import(session, acme, fixtures_dir)

    deals = opportunities_by_id(session, report.data_source_id)
    assert {key: d.outcome for key, d in deals.items()} == {
        "201": "WON",
        "202": "OPEN",
        "203": "LOST",
        "204": "OPEN",
        "205": "OPEN",
        "206": None,
    }
    source = session.get(DataSource, report.data_source_id)
    assert source.name == "HUBSPOT"
    assert source.kind == "HUBSPOT"
    assert source.unmapped_stages == ["12345678"]


def test_deal_values(session: Session, acme: Organization, fixtures_dir: Path):
    report = _import(session, acme, fixtures_dir)

    deals = opportunities_by_id(session, report.data_source_id)
    accounts = accounts_by_id(session, report.data_source_id)
    assert deals["202"].amount_units == 55_005_000
    assert deals["204"].amount_units is None
    assert str(deals["202"].close_date) == "2024-06-30"
    assert deals["204"].account_external_id == "103"
    assert deals["204"].account_id == accounts["103"].id
    assert deals["205"].account_id is None


def test_deal_warnings(session: Session, acme: Organization, fixtures_dir: Path):
    report = _import(session, acme, fixtures_dir)

    assert report.warnings == [
        "hubspot_deals.csv: stage '12345678' has no outcome mapping, so its "
        "opportunities count as OPEN until an admin maps it (row 7)",
        "hubspot_deals.csv: column Associated Company IDs lists several companies; "
        "the first one is used (row 5)",
        "hubspot_deals.csv: opportunities name an account that 'HUBSPOT' does not "
        "contain; they count in no metric until it is imported (row 6)",
    ]


def test_hubspot_standard_populations(
    session: Session, acme: Organization, fixtures_dir: Path
):
    _import(session, acme, fixtures_dir)

    members = standard_members(session, acme.id)

    # 101: Customer with a won and an open deal; 102: lost deal and an
    # unmapped one, which counts as open; 103: open deal; 104: nothing.
    assert members == {
        "CUSTOMERS": {"101"},
        "OPEN_OPPORTUNITIES": {"101", "102", "103"},
        "PROSPECTS": {"104"},
    }


def test_hubspot_cli_reimport_changes_nothing(
    engine: Engine, acme: Organization, fixtures_dir: Path
):
    files = (
        "--companies",
        str(fixtures_dir / "hubspot_companies.csv"),
        "--deals",
        str(fixtures_dir / "hubspot_deals.csv"),
    )
    first = run_cli("import", "hubspot", "--org", "acme", *files)
    before = dump_database(engine)

    second = run_cli("import", "hubspot", "--org", "acme", *files)

    assert first.returncode == 0, first.stderr
    assert "opportunities: 6 inserted" in first.stdout
    assert "warnings (3):" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout
    assert dump_database(engine) == before
