"""Standard populations after an import, on a small export worked out by hand.

salesforce_accounts.csv and salesforce_opportunities.csv contain:
- A1 (Customer) and A2 (Prospect) share the key acme.com, so both are
  customers and neither is a prospect.
- A3 has an open opportunity: open opportunities only.
- A4 is a `customer - channel` with an open upsell: customer and open.
- A5 is a Customer without a website: a customer on its own.
- A6 lost its only deal and is a Partner: a prospect.
- A7's website is `n/a`: no key, a prospect on its own.
- A8 is a Prospect with a won deal: a customer.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from app.ingest import import_salesforce
from app.storage.models import Organization
from tests.ingest.support import accounts_by_id, standard_members


def _import(session: Session, acme: Organization, fixtures_dir: Path):
    report = import_salesforce(
        session,
        organization_id=acme.id,
        accounts_path=fixtures_dir / "salesforce_accounts.csv",
        opportunities_path=fixtures_dir / "salesforce_opportunities.csv",
    )
    session.commit()
    return report


def test_standard_populations_by_hand(
    session: Session, acme: Organization, fixtures_dir: Path
):
    _import(session, acme, fixtures_dir)

    members = standard_members(session, acme.id)

    assert members["CUSTOMERS"] == {"A1", "A2", "A4", "A5", "A8"}
    assert members["OPEN_OPPORTUNITIES"] == {"A3", "A4"}
    assert members["PROSPECTS"] == {"A6", "A7"}


def test_standard_population_sizes_in_keys(
    session: Session, acme: Organization, fixtures_dir: Path
):
    report = _import(session, acme, fixtures_dir)
    accounts = accounts_by_id(session, report.data_source_id)

    members = standard_members(session, acme.id)

    sizes = {
        name: len({accounts[i].match_key for i in ids} - {None})
        for name, ids in members.items()
    }
    assert sizes == {"CUSTOMERS": 3, "OPEN_OPPORTUNITIES": 2, "PROSPECTS": 1}


def test_customer_type_removed_updates_populations(
    session: Session, acme: Organization, fixtures_dir: Path, tmp_path: Path
):
    _import(session, acme, fixtures_dir)
    text = (fixtures_dir / "salesforce_accounts.csv").read_text()
    edited = tmp_path / "Account.csv"
    edited.write_text(
        text.replace(
            "A1,Acme Inc,https://www.acme.com,Customer",
            "A1,Acme Inc,https://www.acme.com,Prospect",
        )
    )

    import_salesforce(session, organization_id=acme.id, accounts_path=edited)
    session.commit()

    members = standard_members(session, acme.id)
    assert members["CUSTOMERS"] == {"A4", "A5", "A8"}
    assert members["PROSPECTS"] == {"A1", "A2", "A6", "A7"}
