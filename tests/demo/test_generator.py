"""The demo ecosystem generator: reproducible, varied and consistent."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.core.errors import InvalidInputError
from app.demo import generate_ecosystem
from app.demo.files import write_crm_files
from app.ingest import import_salesforce
from app.operations.tokens import authenticate
from app.storage.db import create_db_engine, upgrade_database
from app.storage.models import (
    Account,
    ApiToken,
    DataSource,
    ExchangeRate,
    Membership,
    Opportunity,
    Partnership,
    Population,
)
from tests.helpers import make_organization
from tests.operations.builders import dump_database


def _comparable(session: Session) -> dict[str, list[tuple]]:
    """Return the dump without timestamps and without the random token secrets."""
    dump = dump_database(session, include_timestamps=False)
    dump["api_token"] = session.exec(
        select(ApiToken.id, ApiToken.user_id).order_by(ApiToken.id)
    ).all()
    return dump


def test_same_seed_gives_same_rows(session: Session, tmp_path: Path) -> None:
    second_url = f"sqlite:///{tmp_path / 'second.db'}"
    upgrade_database(second_url)
    second_engine = create_db_engine(second_url)

    generate_ecosystem(session, seed=11, organizations=3, accounts_per_org=60)
    session.commit()
    with Session(second_engine) as second:
        generate_ecosystem(second, seed=11, organizations=3, accounts_per_org=60)
        second.commit()
        second_dump = _comparable(second)
    second_engine.dispose()

    first_dump = _comparable(session)
    assert first_dump == second_dump
    assert len(first_dump["account"]) > 180


def test_other_seed_gives_other_accounts(session: Session) -> None:
    generate_ecosystem(session, seed=1, organizations=1, accounts_per_org=40)
    first = session.exec(select(Account.name).order_by(Account.id)).all()

    generate_ecosystem(
        session, seed=2, organizations=1, accounts_per_org=40, slug_prefix="other-"
    )

    names = session.exec(select(Account.name).order_by(Account.id)).all()
    assert names[: len(first)] == first
    assert names[len(first) :] != first


@pytest.fixture
def ecosystem(session: Session):
    result = generate_ecosystem(session, seed=5, organizations=4, accounts_per_org=200)
    session.commit()
    return result


def test_ecosystem_counts_match_rows(session: Session, ecosystem) -> None:
    accounts = session.exec(select(Account)).all()
    opportunities = session.exec(select(Opportunity)).all()

    assert ecosystem.account_count == len(accounts)
    assert ecosystem.opportunity_count == len(opportunities)
    assert ecosystem.population_count == len(session.exec(select(Population)).all())
    assert len(ecosystem.organizations) == 4


def test_ecosystem_partnership_mix(session: Session, ecosystem) -> None:
    statuses = Counter(session.exec(select(Partnership.status)).all())
    unknown = session.exec(
        select(Partnership).where(Partnership.invitee_id.is_(None))
    ).all()

    assert statuses == Counter(ecosystem.partnership_statuses)
    assert {"ACTIVE", "PENDING", "ENDED"} <= set(statuses)
    assert sum(statuses.values()) == 6 + 1
    assert [item.status for item in unknown] == ["PENDING"]


def test_ecosystem_organizations_overlap(session: Session, ecosystem) -> None:
    keys_by_org: dict[int, set[str]] = {}
    for organization_id, key in session.exec(
        select(Account.organization_id, Account.match_key).where(
            Account.match_key.is_not(None)
        )
    ).all():
        keys_by_org.setdefault(organization_id, set()).add(key)
    first, second, *_ = sorted(keys_by_org)

    shared = keys_by_org[first] & keys_by_org[second]

    assert 10 <= len(shared) <= 60


def test_ecosystem_record_variety(session: Session, ecosystem) -> None:
    without_key = session.exec(
        select(Account.id).where(Account.match_key.is_(None))
    ).all()
    keys = session.exec(
        select(Account.data_source_id, Account.match_key).where(
            Account.match_key.is_not(None)
        )
    ).all()
    outcomes = Counter(session.exec(select(Opportunity.outcome)).all())
    currencies = set(session.exec(select(Opportunity.currency)).all())
    rated = set(session.exec(select(ExchangeRate.currency)).all())

    assert len(without_key) > 0
    assert len(keys) > len(set(keys))
    assert set(outcomes) == {"OPEN", "WON", "LOST", None}
    assert "CHF" in currencies
    assert "CHF" not in rated
    assert {"EUR", "GBP", "JPY"} <= rated


def test_ecosystem_amounts_are_whole_cents(session: Session, ecosystem) -> None:
    rows = session.exec(
        select(Opportunity.amount_units, Opportunity.currency).where(
            Opportunity.amount_units.is_not(None)
        )
    ).all()

    for units, currency in rows:
        step = 10_000 if currency == "JPY" else 100
        assert units % step == 0
        assert units > 0


def test_ecosystem_memberships_computed(session: Session, ecosystem) -> None:
    populations = session.exec(select(Population)).all()
    member_counts = Counter(session.exec(select(Membership.population_id)).all())

    custom = [item for item in populations if item.standard_type is None]
    assert all(member_counts[item.id] > 0 for item in custom)
    assert len(custom) == 4 * 3
    assert {item.default_level for item in populations} == {
        "HIDDEN",
        "COUNTS",
        "OVERLAPS",
        "ALL",
    }


def test_ecosystem_tokens_authenticate(session: Session, ecosystem) -> None:
    organization = ecosystem.organizations[0]

    admin = authenticate(session, token=organization.admin_token)
    member = authenticate(session, token=organization.member_token)

    assert (admin.user.role, member.user.role) == ("ADMIN", "MEMBER")
    assert admin.organization.slug == organization.slug


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"organizations": 0}, "organizations"),
        ({"accounts_per_org": -1}, "accounts_per_org"),
        ({"overlap_rate": 1.5}, "overlap_rate"),
    ],
)
def test_generator_rejects_arguments(
    session: Session, arguments: dict, field: str
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        generate_ecosystem(session, seed=1, **arguments)

    assert raised.value.field == field


def test_crm_files_are_reproducible(tmp_path: Path) -> None:
    first = write_crm_files(tmp_path / "a", seed=4, accounts=30)
    second = write_crm_files(tmp_path / "b", seed=4, accounts=30)

    assert [path.read_bytes() for path in first] == [
        path.read_bytes() for path in second
    ]
    assert [path.name for path in first] == ["Account.csv", "Opportunity.csv"]


def test_crm_files_import(session: Session, tmp_path: Path) -> None:
    accounts_path, opportunities_path = write_crm_files(tmp_path, seed=4, accounts=30)
    with opportunities_path.open(encoding="utf-8", newline="") as handle:
        opportunity_rows = len(list(csv.DictReader(handle)))
    organization = make_organization(session, "acme")

    report = import_salesforce(
        session,
        organization_id=organization.id,
        accounts_path=accounts_path,
        opportunities_path=opportunities_path,
    )

    source = session.exec(select(DataSource)).one()
    assert report.counts["accounts"].inserted == 30
    assert report.counts["opportunities"].inserted == opportunity_rows
    assert source.custom_field_types == {"Segment__c": "text"}
