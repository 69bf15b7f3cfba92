"""Reproducible CRM export files for demos of the import commands.

`write_crm_files` writes a Salesforce export (Account.csv, Opportunity.csv
with Salesforce's API field names) or a HubSpot export (companies.csv,
deals.csv) of made-up companies, so the real importers can be shown end to
end without customer data.
"""

from __future__ import annotations

import csv
import random
from datetime import timedelta
from pathlib import Path

from app.core.money import format_amount, from_units
from app.demo.companies import (
    Company,
    account_name,
    account_website,
    make_companies,
    pick_weighted,
)
from app.demo.records import (
    BASE_DATE,
    OPPORTUNITIES_PER_ACCOUNT,
    STAGES,
    amount_units,
)
from app.demo.words import ACCOUNT_TYPES, COUNTRIES, INDUSTRIES, OWNERS, SEGMENTS

_HUBSPOT_STAGE_IDS = {
    "Prospecting": "appointmentscheduled",
    "Qualification": "qualifiedtobuy",
    "Negotiation": "contractsent",
    "Closed Won": "closedwon",
    "Closed Lost": "closedlost",
}


def write_crm_files(
    folder: Path | str,
    *,
    seed: int,
    accounts: int = 200,
    kind: str = "salesforce",
    currency: str = "USD",
) -> list[Path]:
    """Write a CRM export of `accounts` companies into `folder`; return the paths.

    `kind` is `salesforce` or `hubspot`. Amounts are in `currency`, written
    as plain decimals.
    """
    if kind not in ("salesforce", "hubspot"):
        raise ValueError(f"invalid CRM kind {kind!r}: expected salesforce or hubspot")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:files:{kind}")
    account_rows = []
    opportunity_rows: list[dict] = []
    for index, company in enumerate(make_companies(rng, accounts), start=1):
        account = _account(rng, company, _record_id(kind, "001", index))
        account_rows.append(account)
        for _ in range(pick_weighted(rng, OPPORTUNITIES_PER_ACCOUNT)):
            number = len(opportunity_rows) + 1
            opportunity_rows.append(
                _opportunity(rng, account, _record_id(kind, "006", number), currency)
            )
    if kind == "salesforce":
        return _write_salesforce(folder, account_rows, opportunity_rows, currency)
    return _write_hubspot(folder, account_rows, opportunity_rows)


def _account(rng: random.Random, company: Company, record_id: str) -> dict:
    return {
        "id": record_id,
        "name": account_name(rng, company),
        "website": account_website(rng, company) or "",
        "domain": company.domain,
        "type": pick_weighted(rng, ACCOUNT_TYPES),
        "industry": rng.choice(INDUSTRIES),
        "country": pick_weighted(rng, COUNTRIES),
        "employees": str(max(1, int(rng.lognormvariate(5.5, 1.8)))),
        "owner": rng.choice(OWNERS),
        "segment": pick_weighted(rng, SEGMENTS),
    }


def _opportunity(
    rng: random.Random, account: dict, record_id: str, currency: str
) -> dict:
    stage, outcome = pick_weighted(rng, STAGES)
    units = amount_units(rng, currency)
    close = BASE_DATE + timedelta(days=rng.randint(-420, 300))
    deal_kind = rng.choice(("Renewal", "Upsell", "New Business"))
    return {
        "id": record_id,
        "account_id": account["id"],
        "name": f"{account['name']} - {deal_kind}",
        "stage": stage,
        "outcome": None if outcome is None else str(outcome),
        "amount": "" if units is None else format_amount(from_units(units), currency),
        "close_date": close.isoformat(),
    }


def _record_id(kind: str, prefix: str, number: int) -> str:
    if kind == "hubspot":
        base = 9_000_000_000 if prefix == "001" else 7_000_000_000
        return str(base + number * 7)
    return f"{prefix}{number:015d}"


def _write_salesforce(
    folder: Path, accounts: list[dict], opportunities: list[dict], currency: str
) -> list[Path]:
    account_path = folder / "Account.csv"
    _write_csv(
        account_path,
        ["Id", "Name", "Website", "Type", "Industry", "BillingCountry",
         "NumberOfEmployees", "OwnerId", "Segment__c"],
        [
            [row["id"], row["name"], row["website"], row["type"], row["industry"],
             row["country"], row["employees"], row["owner"], row["segment"]]
            for row in accounts
        ],
    )  # fmt: skip
    opportunity_path = folder / "Opportunity.csv"
    _write_csv(
        opportunity_path,
        ["Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed",
         "IsWon", "CurrencyIsoCode"],
        [
            [row["id"], row["account_id"], row["name"], row["stage"], row["amount"],
             row["close_date"], "1" if row["outcome"] in ("WON", "LOST") else "",
             "1" if row["outcome"] == "WON" else "", currency]
            for row in opportunities
        ],
    )  # fmt: skip
    return [account_path, opportunity_path]


def _write_hubspot(
    folder: Path, accounts: list[dict], opportunities: list[dict]
) -> list[Path]:
    companies_path = folder / "companies.csv"
    _write_csv(
        companies_path,
        ["Record ID", "Company name", "Company Domain Name", "Website URL", "Industry"],
        [
            [row["id"], row["name"], row["domain"] if row["website"] else "",
             row["website"], row["industry"]]
            for row in accounts
        ],
    )  # fmt: skip
    deals_path = folder / "deals.csv"
    _write_csv(
        deals_path,
        ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Pipeline",
         "Associated Company IDs"],
        [
            [row["id"], row["name"], _HUBSPOT_STAGE_IDS.get(row["stage"], row["stage"]),
             row["amount"], row["close_date"], "default", row["account_id"]]
            for row in opportunities
        ],
    )  # fmt: skip
    return [companies_path, deals_path]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
