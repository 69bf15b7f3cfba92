"""A made-up Salesforce export built from the websites of the Fortune 1000 list.

The demo's free-plan organization needs a CRM whose companies overlap the
other demo organizations. Its accounts are every third company of the
Fortune list (name, website, sector, employees). Its opportunities are drawn
from a `random.Random` seeded with a constant, and nothing depends on the
clock, so the same list always gives the same files.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.demo.companies import pick_weighted

GENERATOR_SEED = "partnergraph-demo:fortune-crm"
ACCOUNT_STEP = 3
BASE_DATE = date(2025, 1, 6)

# (stage, IsClosed, IsWon) with the weight of each stage.
_STAGES = (
    (("Prospecting", "", ""), 25),
    (("Qualification", "", ""), 20),
    (("Negotiation/Review", "", ""), 15),
    (("Closed Won", "1", "1"), 25),
    (("Closed Lost", "1", ""), 15),
)
_OPPORTUNITIES_PER_ACCOUNT = ((0, 30), (1, 35), (2, 20), (3, 15))
_ACCOUNT_TYPES = (("Customer", 30), ("Prospect", 50), ("Partner", 10), ("", 10))
_EUR_SHARE = 0.25

_ACCOUNT_HEADER = [
    "Id", "Name", "Website", "Type", "Industry", "BillingCountry",
    "NumberOfEmployees",
]  # fmt: skip
_OPPORTUNITY_HEADER = [
    "Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed",
    "IsWon", "CurrencyIsoCode",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class CrmFiles:
    accounts_path: Path
    opportunities_path: Path
    account_count: int
    opportunity_count: int


def write_fortune_crm(fortune_csv: Path, folder: Path) -> CrmFiles:
    """Write Account.csv and Opportunity.csv for every third Fortune company."""
    with fortune_csv.open(encoding="utf-8-sig", newline="") as handle:
        companies = list(csv.DictReader(handle))[::ACCOUNT_STEP]

    rng = random.Random(GENERATOR_SEED)
    accounts = []
    opportunities: list[list[str]] = []
    for number, company in enumerate(companies, start=1):
        account_id = f"001DEMO{number:011d}"
        accounts.append(_account_row(rng, company, account_id))
        for _ in range(pick_weighted(rng, _OPPORTUNITIES_PER_ACCOUNT)):
            opportunity_id = f"006DEMO{len(opportunities) + 1:011d}"
            opportunities.append(
                _opportunity_row(rng, company, account_id, opportunity_id)
            )

    folder.mkdir(parents=True, exist_ok=True)
    accounts_path = folder / "Account.csv"
    opportunities_path = folder / "Opportunity.csv"
    _write(accounts_path, _ACCOUNT_HEADER, accounts)
    _write(opportunities_path, _OPPORTUNITY_HEADER, opportunities)
    return CrmFiles(
        accounts_path, opportunities_path, len(accounts), len(opportunities)
    )


def _account_row(rng: random.Random, company: dict[str, str], account_id: str):
    return [
        account_id,
        company["company"],
        company["Website"],
        pick_weighted(rng, _ACCOUNT_TYPES),
        company["sector"],
        "United States",
        company["num. of employees"],
    ]


def _opportunity_row(
    rng: random.Random, company: dict[str, str], account_id: str, opportunity_id: str
) -> list[str]:
    stage, is_closed, is_won = pick_weighted(rng, _STAGES)
    amount = rng.randrange(50, 2_500) * 100
    currency = "EUR" if rng.random() < _EUR_SHARE else "USD"
    close_date = BASE_DATE + timedelta(days=rng.randint(-300, 240))
    deal = rng.choice(("New Business", "Renewal", "Upsell"))
    return [
        opportunity_id,
        account_id,
        f"{company['company']} - {deal}",
        stage,
        str(amount),
        close_date.isoformat(),
        is_closed,
        is_won,
        currency,
    ]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
