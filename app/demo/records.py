"""Demo CRM records of one organization, written with bulk inserts.

Each organization gets a CRM source with accounts and opportunities and, for
some, a CSV list of target accounts. Amounts follow a log-normal
distribution, exact to the cent (whole yen for JPY), in the corporate
currency and a few others, one of which has no exchange rate. Stages mix
open, won, lost and one stage that is not mapped yet.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from app.core.enums import DataSourceKind, Outcome, SyncedField
from app.core.money import UNITS_PER_CURRENCY_UNIT, minor_unit
from app.demo.companies import Company, account_name, account_website, pick_weighted
from app.demo.words import ACCOUNT_TYPES, COUNTRIES, INDUSTRIES, OWNERS, SEGMENTS
from app.matching import compute_key
from app.populations import DEFAULT_CUSTOMER_TYPES
from app.storage.models import Account, DataSource, ExchangeRate, Opportunity

BASE_DATE = date(2025, 1, 6)
UNMAPPED_STAGE = "Legal Review"
STAGES = (
    (("Prospecting", Outcome.OPEN), 18),
    (("Qualification", Outcome.OPEN), 12),
    (("Negotiation", Outcome.OPEN), 10),
    (("Closed Won", Outcome.WON), 25),
    (("Closed Lost", Outcome.LOST), 25),
    ((UNMAPPED_STAGE, None), 10),
)
OPPORTUNITIES_PER_ACCOUNT = ((0, 35), (1, 30), (2, 18), (3, 10), (4, 5), (6, 2))

# Value of one unit of each currency in US dollars. CHF has no exchange rate
# in the demo on purpose, so its opportunities are left out of sums.
USD_VALUE = {
    "USD": Decimal(1),
    "EUR": Decimal("1.0842"),
    "GBP": Decimal("1.2675"),
    "JPY": Decimal("0.006712"),
}
CURRENCY_WITHOUT_RATE = "CHF"
FOREIGN_CURRENCY_WEIGHTS = (("EUR", 8), ("GBP", 5), ("JPY", 3), ("CHF", 4))

CRM_CUSTOM_FIELD_TYPES = {"segment": "text", "arr": "number", "renewal_date": "date"}
CSV_CUSTOM_FIELD_TYPES = {"tier": "text", "intent_score": "number"}

_INSERT_CHUNK = 5_000
_ID_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class WrittenRecords:
    accounts: int
    opportunities: int


def write_exchange_rates(
    session: Session, organization_id: int, corporate: str
) -> None:
    """Write a rate for every demo currency except the corporate one and CHF."""
    corporate_value = USD_VALUE.get(corporate, Decimal(1))
    for currency, value in USD_VALUE.items():
        if currency == corporate:
            continue
        rate = (value / corporate_value).quantize(Decimal("0.000001"))
        session.add(
            ExchangeRate(organization_id=organization_id, currency=currency, rate=rate)
        )
    session.flush()


def write_crm_source(
    session: Session,
    rng: random.Random,
    *,
    organization_id: int,
    kind: DataSourceKind,
    corporate: str,
    companies: Sequence[Company],
    duplicate_rate: float = 0.03,
) -> WrittenRecords:
    """Write a CRM source with one account per company (a few twice) and deals."""
    source = DataSource(
        organization_id=organization_id,
        kind=kind,
        name=kind.value.title().replace("Hubspot", "HubSpot"),
        synced_fields=[field.value for field in SyncedField],
        stage_mapping={
            stage: outcome for (stage, outcome), _ in STAGES if outcome is not None
        },
        unmapped_stages=[UNMAPPED_STAGE],
        customer_types=list(DEFAULT_CUSTOMER_TYPES),
        custom_field_types=dict(CRM_CUSTOM_FIELD_TYPES),
    )
    session.add(source)
    session.flush()

    ids = _ExternalIds(rng, kind)
    rows: list[dict[str, Any]] = []
    for company in companies:
        rows.append(_crm_account(rng, source, company, ids.account(), suffix=""))
        if rng.random() < duplicate_rate:
            rows.append(
                _crm_account(rng, source, company, ids.account(), suffix=" (EMEA)")
            )
    _bulk_insert(session, Account, rows)

    account_ids = dict(
        session.exec(
            select(Account.external_id, Account.id).where(
                Account.data_source_id == source.id
            )
        ).all()
    )
    opportunities = _opportunities(
        rng,
        source,
        ids=ids,
        corporate=corporate,
        accounts=rows,
        account_ids=account_ids,
    )
    _bulk_insert(session, Opportunity, opportunities)
    return WrittenRecords(accounts=len(rows), opportunities=len(opportunities))


def write_csv_source(
    session: Session,
    rng: random.Random,
    *,
    organization_id: int,
    companies: Sequence[Company],
) -> WrittenRecords:
    """Write a CSV source of target accounts with two custom columns."""
    source = DataSource(
        organization_id=organization_id,
        kind=DataSourceKind.CSV,
        name="target_accounts",
        synced_fields=[SyncedField.ACCOUNTS.value],
        customer_types=list(DEFAULT_CUSTOMER_TYPES),
        custom_field_types=dict(CSV_CUSTOM_FIELD_TYPES),
    )
    session.add(source)
    session.flush()
    rows = []
    for index, company in enumerate(companies, start=1):
        custom = {"tier": rng.choice(("Tier 1", "Tier 2", "Tier 3"))}
        if rng.random() < 0.85:
            custom["intent_score"] = str(rng.randint(1, 100))
        rows.append(
            _account_row(
                source,
                external_id=f"T-{index:05d}",
                name=account_name(rng, company),
                website=account_website(rng, company),
                type="Prospect",
                industry=rng.choice(INDUSTRIES),
                country=pick_weighted(rng, COUNTRIES),
                employees=None,
                owner=rng.choice(OWNERS),
                custom=custom,
            )
        )
    _bulk_insert(session, Account, rows)
    return WrittenRecords(accounts=len(rows), opportunities=0)


def _crm_account(
    rng: random.Random,
    source: DataSource,
    company: Company,
    external_id: str,
    suffix: str,
) -> dict[str, Any]:
    custom = {"segment": pick_weighted(rng, SEGMENTS)}
    if rng.random() < 0.7:
        custom["arr"] = f"{rng.randint(5, 900) * 1000}.00"
    if rng.random() < 0.6:
        renewal = BASE_DATE + timedelta(days=rng.randint(-180, 540))
        custom["renewal_date"] = renewal.isoformat()
    employees = None
    if rng.random() < 0.9:
        employees = max(1, int(rng.lognormvariate(5.5, 1.8)))
    return _account_row(
        source,
        external_id=external_id,
        name=account_name(rng, company) + suffix,
        website=account_website(rng, company),
        type=pick_weighted(rng, ACCOUNT_TYPES) or None,
        industry=rng.choice(INDUSTRIES),
        country=pick_weighted(rng, COUNTRIES),
        employees=employees,
        owner=rng.choice(OWNERS),
        custom=custom,
    )


def _account_row(
    source: DataSource, *, external_id: str, website: str | None, **fields: Any
) -> dict[str, Any]:
    result = compute_key(website)
    return {
        "organization_id": source.organization_id,
        "data_source_id": source.id,
        "external_id": external_id,
        "website": website,
        "match_key": result.key,
        "no_key_reason": None if result.reason is None else str(result.reason),
        "domain_override": None,
        **fields,
    }


def _opportunities(
    rng: random.Random,
    source: DataSource,
    *,
    ids: _ExternalIds,
    corporate: str,
    accounts: list[dict[str, Any]],
    account_ids: dict[str, int],
) -> list[dict[str, Any]]:
    rows = []
    for account in accounts:
        for _ in range(pick_weighted(rng, OPPORTUNITIES_PER_ACCOUNT)):
            account_external_id = account["external_id"]
            if rng.random() < 0.01:
                # An opportunity whose account is missing from the export.
                account_external_id = ids.account()
            stage, outcome = pick_weighted(rng, STAGES)
            currency = corporate
            if rng.random() < 0.2:
                currency = pick_weighted(rng, FOREIGN_CURRENCY_WEIGHTS)
            rows.append(
                {
                    "organization_id": source.organization_id,
                    "data_source_id": source.id,
                    "external_id": ids.opportunity(),
                    "account_external_id": account_external_id,
                    "account_id": account_ids.get(account_external_id),
                    "name": f"{account['name']} - {rng.choice(_DEAL_KINDS)}",
                    "amount_units": amount_units(rng, currency),
                    "currency": None if currency == corporate else currency,
                    "stage": stage,
                    "outcome": None if outcome is None else outcome.value,
                    "close_date": BASE_DATE + timedelta(days=rng.randint(-420, 300)),
                }
            )
    return rows


_DEAL_KINDS = ("New Business", "Renewal", "Upsell", "Expansion", "Pilot")


def amount_units(rng: random.Random, currency: str) -> int | None:
    """Return a log-normal amount (median near 30,000 USD) in 1/10,000 units."""
    if rng.random() < 0.04:
        return None
    usd = rng.lognormvariate(10.3, 1.1)
    local = usd / float(USD_VALUE.get(currency, Decimal(1)))
    decimals = minor_unit(currency)
    minor_units = max(1, int(local * 10**decimals))
    return minor_units * (UNITS_PER_CURRENCY_UNIT // 10**decimals)


class _ExternalIds:
    """Unique record ids shaped like the CRM's: `001…`/`006…` or HubSpot numbers."""

    def __init__(self, rng: random.Random, kind: DataSourceKind) -> None:
        self._rng = rng
        self._kind = kind
        self._next_number = rng.randint(5 * 10**9, 6 * 10**9)

    def account(self) -> str:
        return self._make("001")

    def opportunity(self) -> str:
        return self._make("006")

    def _make(self, prefix: str) -> str:
        if self._kind is DataSourceKind.HUBSPOT:
            self._next_number += self._rng.randint(1, 40)
            return str(self._next_number)
        # 15 random characters of 62 make a repeat practically impossible.
        return prefix + "".join(self._rng.choices(_ID_ALPHABET, k=15))


def _bulk_insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert rows with one executemany per chunk, bypassing the ORM's unit of work."""
    connection = session.connection()
    statement = insert(model.__table__)
    for start in range(0, len(rows), _INSERT_CHUNK):
        connection.execute(statement, rows[start : start + _INSERT_CHUNK])
