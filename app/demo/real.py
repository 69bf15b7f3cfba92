"""The demo on real public files: four organizations and their CRM data.

- devorg: a real Salesforce Data Export (accounts and opportunities).
- fortune1000: the Fortune 1000 list of 2021, as a CSV of accounts.
- wikipedia: companies extracted from Wikipedia (CC BY 3.0), as a CSV.
- generated-crm: a made-up Salesforce export on every third Fortune website
  (`app.demo.fortune_crm`), on the free plan.

Every organization's own domain is fictional and matches no company in the
files, so no organization overlaps itself through a partner.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from app.core.enums import Plan
from app.core.errors import NotFoundError
from app.demo.fortune_crm import write_fortune_crm
from app.demo.real_sharing import write_relationships
from app.ingest import import_csv_accounts, import_salesforce
from app.operations.organizations import create_organization
from app.operations.tokens import create_token
from app.storage.models import Organization, User

logger = logging.getLogger(__name__)

SALESFORCE_ACCOUNTS = Path("sfdc_devorg_export", "Account.csv")
SALESFORCE_OPPORTUNITIES = Path("sfdc_devorg_export", "Opportunity.csv")
FORTUNE_LIST = Path("fortune1000_2021", "Fortune_1000.csv")
WIKIPEDIA_LIST = Path("wikipedia_companies", "companies.csv")
REQUIRED_FILES = (
    SALESFORCE_ACCOUNTS,
    SALESFORCE_OPPORTUNITIES,
    FORTUNE_LIST,
    WIKIPEDIA_LIST,
)


@dataclass(frozen=True, slots=True)
class OrganizationPlan:
    slug: str
    name: str
    domain: str
    plan: Plan
    source_name: str


ORGANIZATIONS = (
    OrganizationPlan(
        "devorg",
        "Salesforce developer org export",
        "devorg-demo.com",
        Plan.CONNECTOR,
        "Salesforce export (stomita/salesforce-migration-app-pack)",
    ),
    OrganizationPlan(
        "fortune1000",
        "Fortune 1000 list of 2021",
        "fortune-list-demo.com",
        Plan.SUPERNODE,
        "Fortune_1000 (BrandonHardatt/fortune-1000)",
    ),
    OrganizationPlan(
        "wikipedia",
        "Wikipedia companies (CC BY 3.0)",
        "wikipedia-list-demo.com",
        Plan.ENTERPRISE,
        "companies (Wikipedia, CC BY 3.0, boberle/random-items)",
    ),
    OrganizationPlan(
        "generated-crm",
        "Generated CRM on Fortune 1000 websites",
        "generated-crm-demo.com",
        Plan.FREE,
        "Salesforce (generated from Fortune 1000 websites)",
    ),
)


def check_data_dir(data_dir: Path) -> None:
    """Raise NotFoundError naming the first file of the demo that is missing."""
    for relative in REQUIRED_FILES:
        if not (data_dir / relative).is_file():
            raise NotFoundError(
                f"demo data file {str(data_dir / relative)!r} not found; pass the "
                "folder that holds sfdc_devorg_export/, fortune1000_2021/ and "
                "wikipedia_companies/ as --data-dir or PARTNERGRAPH_DATA_DIR"
            )


def load_real_demo(session: Session, data_dir: Path) -> dict[str, str]:
    """Write the four organizations with their data and relationships.

    Returns a new admin token per organization slug. The caller commits.
    """
    check_data_dir(data_dir)
    organizations: dict[str, Organization] = {}
    admins: dict[str, User] = {}
    tokens: dict[str, str] = {}
    for plan in ORGANIZATIONS:
        organization = create_organization(
            session,
            slug=plan.slug,
            name=plan.name,
            domain=plan.domain,
            plan=plan.plan.value,
            is_demo=True,
        )
        issued = create_token(session, slug=plan.slug, email=f"admin@{plan.domain}")
        organizations[plan.slug] = organization
        admins[plan.slug] = issued.user
        tokens[plan.slug] = issued.token

    _import_files(session, data_dir, organizations)
    write_relationships(session, organizations, admins)
    session.flush()
    return tokens


def _import_files(
    session: Session, data_dir: Path, organizations: dict[str, Organization]
) -> None:
    sources = {plan.slug: plan.source_name for plan in ORGANIZATIONS}
    import_salesforce(
        session,
        organization_id=organizations["devorg"].id,
        accounts_path=data_dir / SALESFORCE_ACCOUNTS,
        opportunities_path=data_dir / SALESFORCE_OPPORTUNITIES,
        source_name=sources["devorg"],
    )
    for slug, relative in (
        ("fortune1000", FORTUNE_LIST),
        ("wikipedia", WIKIPEDIA_LIST),
    ):
        import_csv_accounts(
            session,
            organization_id=organizations[slug].id,
            path=data_dir / relative,
            source_name=sources[slug],
        )
    with tempfile.TemporaryDirectory(prefix="partnergraph-demo-") as folder:
        files = write_fortune_crm(data_dir / FORTUNE_LIST, Path(folder))
        import_salesforce(
            session,
            organization_id=organizations["generated-crm"].id,
            accounts_path=files.accounts_path,
            opportunities_path=files.opportunities_path,
            source_name=sources["generated-crm"],
        )
