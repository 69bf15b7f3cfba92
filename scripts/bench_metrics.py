"""Benchmark the ecosystem index and the metrics on a large generated database.

Writes `--accounts` accounts over `--organizations` organizations straight
into a temporary SQLite file with bulk inserts, and every organization
partners with every other one. Then times the index build from storage, a
refresh after one organization changes, an unchanged read, one viewer's
partners page and full matrices. Prints one row per operation with its wall
time and the peak resident memory of the process so far.

    .venv/bin/python scripts/bench_metrics.py --accounts 1000000 --organizations 20
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

from app.core.enums import StandardPopulation
from app.graph import get_ecosystem
from app.metrics import matrix_cells, partner_summary
from app.operations.organizations import create_organization
from app.policy import partner_views
from app.storage.db import create_db_engine, upgrade_database
from app.storage.models import (
    DataSource,
    ExchangeRate,
    Partnership,
    Population,
)
from app.storage.versions import bump_organization

CRM_FIELDS = ["ACCOUNTS", "OPPORTUNITY_AMOUNT", "OPPORTUNITY_STAGE"]
SHARED_FIELDS = ["name", "website", "industry"]


def peak_rss_mib() -> float:
    """Return the peak resident set size of this process in MiB (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def create_organizations(session: Session, count: int, seed: int) -> list[dict]:
    """Create organizations with a CRM source, a custom population and rates."""
    rng = random.Random(seed)
    created = []
    for number in range(count):
        organization = create_organization(
            session,
            slug=f"bench-{number}",
            name=f"Bench {number}",
            domain=f"bench-{number}.com",
            plan="free" if number % 5 == 4 else "enterprise",
        )
        source = DataSource(
            organization_id=organization.id,
            kind="SALESFORCE",
            name="SALESFORCE",
            synced_fields=CRM_FIELDS,
        )
        custom = Population(
            organization_id=organization.id,
            name="Strategic",
            filter={"and": []},
            default_level="OVERLAPS",
            default_fields=SHARED_FIELDS,
        )
        session.add_all([source, custom])
        session.add(
            ExchangeRate(organization_id=organization.id, currency="EUR", rate="1.08")
        )
        session.flush()
        standard = {
            population.standard_type: population.id
            for population in session.exec(
                select(Population).where(
                    Population.organization_id == organization.id,
                    Population.standard_type.is_not(None),
                )
            )
        }
        if rng.random() < 0.5:
            customers = session.get(Population, standard[StandardPopulation.CUSTOMERS])
            customers.default_level = "OVERLAPS"
            customers.default_fields = SHARED_FIELDS
        created.append(
            {
                "id": organization.id,
                "source_id": source.id,
                "custom_id": custom.id,
                "standard": standard,
            }
        )
    for first in range(count):
        for second in range(first + 1, count):
            session.add(
                Partnership(
                    inviter_id=created[first]["id"],
                    invitee_id=created[second]["id"],
                    invited_domain=f"bench-{second}.com",
                    status="ACTIVE",
                    was_active=True,
                )
            )
    session.commit()
    return created


def write_accounts(engine, organizations: list[dict], accounts: int, seed: int):
    """Bulk-insert accounts, opportunities and memberships with raw executemany.

    Company keys follow a Pareto distribution over `accounts // 3` companies,
    so popular companies appear in many organizations. Each account goes to
    a standard population by its own opportunities, and one in ten also to
    the custom population.
    """
    rng = random.Random(seed)
    connection = engine.raw_connection()
    cursor = connection.cursor()
    counters = {"account": 0, "opportunity": 0}
    for organization in organizations:
        rows = generate_rows(
            rng, organization, accounts // len(organizations), accounts, counters
        )
        insert_rows(cursor, *rows)
    connection.commit()
    connection.close()
    return counters["account"], counters["opportunity"]


def generate_rows(rng, organization, count, accounts, counters):
    """Return the account, opportunity and membership rows of one organization."""
    companies = max(accounts // 3, 1)
    standard = organization["standard"]
    account_rows, opportunity_rows, member_rows = [], [], []
    for _ in range(count):
        counters["account"] += 1
        account_id = counters["account"]
        company = int(rng.paretovariate(1.2) * 7) % companies
        key = None if rng.random() < 0.05 else f"company{company}.com"
        account_rows.append(
            (account_id, organization["id"], organization["source_id"],
             f"A{account_id}", f"Company {company}", key, key, "{}")
        )  # fmt: skip

        outcomes = [
            rng.choice(["OPEN", "OPEN", "WON", "LOST", None])
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2]))
        ]
        for outcome in outcomes:
            counters["opportunity"] += 1
            number = counters["opportunity"]
            opportunity_rows.append(
                (number, organization["id"], organization["source_id"],
                 f"O{number}", f"A{account_id}", account_id,
                 rng.randrange(1, 10**9) * 100,
                 "EUR" if rng.random() < 0.1 else None, outcome)
            )  # fmt: skip

        is_open = "OPEN" in outcomes or None in outcomes
        if "WON" in outcomes:
            member_rows.append((standard[StandardPopulation.CUSTOMERS], account_id))
        if is_open:
            member_rows.append(
                (standard[StandardPopulation.OPEN_OPPORTUNITIES], account_id)
            )
        if "WON" not in outcomes and not is_open:
            member_rows.append((standard[StandardPopulation.PROSPECTS], account_id))
        if rng.random() < 0.1:
            member_rows.append((organization["custom_id"], account_id))
    return account_rows, opportunity_rows, member_rows


def insert_rows(cursor, account_rows, opportunity_rows, member_rows) -> None:
    cursor.executemany(
        "INSERT INTO account (id, organization_id, data_source_id, external_id, "
        "name, website, match_key, custom) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        account_rows,
    )
    cursor.executemany(
        "INSERT INTO opportunity (id, organization_id, data_source_id, "
        "external_id, account_external_id, account_id, amount_units, currency, "
        "outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        opportunity_rows,
    )
    cursor.executemany(
        "INSERT INTO membership (population_id, account_id) VALUES (?, ?)",
        member_rows,
    )


def timed(label: str, results: list, action: Callable[[], object]) -> object:
    started = time.perf_counter()
    value = action()
    results.append((label, time.perf_counter() - started, peak_rss_mib()))
    return value


def partners_page(engine, viewer_id: int) -> int:
    """Compute every partner's column count, total overlaps and influence."""
    ecosystem = get_ecosystem(engine)
    views = partner_views(ecosystem, viewer_id)
    for view in views:
        partner_summary(ecosystem, view)
    return len(views)


def full_matrices(engine, viewer_id: int, limit: int | None) -> int:
    """Compute every cell (overlap count and influence) of `limit` partners."""
    ecosystem = get_ecosystem(engine)
    cells = 0
    for view in partner_views(ecosystem, viewer_id)[:limit]:
        cells += len(matrix_cells(ecosystem, view))
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--organizations", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade_database(url)
        engine = create_db_engine(url)
        results: list[tuple[str, float, float]] = []
        with Session(engine) as session:
            organizations = timed(
                "create organizations and partnerships",
                results,
                lambda: create_organizations(
                    session, arguments.organizations, arguments.seed
                ),
            )
        accounts, opportunities = timed(
            "bulk insert accounts, opportunities, memberships",
            results,
            lambda: write_accounts(
                engine, organizations, arguments.accounts, arguments.seed
            ),
        )
        viewer_id = organizations[0]["id"]
        timed("index build from storage (cold)", results, lambda: get_ecosystem(engine))
        timed("read with unchanged stamps", results, lambda: get_ecosystem(engine))
        with Session(engine) as session:
            bump_organization(session, organizations[-1]["id"])
            session.commit()
        timed("refresh after one organization", results, lambda: get_ecosystem(engine))
        partners = timed(
            "partners page, one viewer",
            results,
            lambda: partners_page(engine, viewer_id),
        )
        cells = timed(
            "full matrix, one partner",
            results,
            lambda: full_matrices(engine, viewer_id, 1),
        )
        all_cells = timed(
            "full matrices, every partner",
            results,
            lambda: full_matrices(engine, viewer_id, None),
        )
        engine.dispose()

    print(
        f"{accounts:,} accounts, {opportunities:,} opportunities, "
        f"{arguments.organizations} organizations, {partners} partners per viewer, "
        f"{cells} cells in one matrix, {all_cells} in all"
    )
    print(f"{'operation':<50} {'seconds':>9} {'peak RSS MiB':>13}")
    for label, seconds, rss in results:
        print(f"{label:<50} {seconds:>9.3f} {rss:>13.0f}")


if __name__ == "__main__":
    main()
