"""Stage mappings, customer types and deleting a data source."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.core.errors import ForbiddenError, InvalidInputError, NotFoundError
from app.operations.data_sources import (
    delete_data_source,
    set_customer_types,
    set_stage_mapping,
)
from app.populations import recompute_memberships
from app.storage.models import (
    Account,
    DataSource,
    Membership,
    Opportunity,
    Organization,
    Population,
    User,
)
from tests.operations.builders import (
    add_account,
    add_data_source,
    add_opportunity,
    dump_database,
    read_stamps,
    stamp_changes,
)


@pytest.fixture
def crm(session: Session, acme: Organization) -> DataSource:
    source = add_data_source(
        session, acme, stage_mapping={"Closed Won": "WON", "Negotiation": "OPEN"}
    )
    source.unmapped_stages = ["Signed"]
    walmart = add_account(session, source, "w", website="walmart.com", type="Prospect")
    target = add_account(session, source, "t", website="target.com", type="Partner")
    add_opportunity(session, walmart, "o1", stage="Signed", outcome=None)
    add_opportunity(session, target, "o2", stage="Negotiation", outcome="OPEN")
    add_opportunity(session, target, "o3", stage="Signed", outcome=None)
    session.commit()
    return source


def _members_by_name(session: Session, organization_id: int) -> dict[str, set[str]]:
    rows = session.exec(
        select(Population.name, Account.external_id)
        .join(Membership, Membership.population_id == Population.id)
        .join(Account, Account.id == Membership.account_id)
        .where(Population.organization_id == organization_id)
    ).all()
    members: dict[str, set[str]] = {}
    for name, external_id in rows:
        members.setdefault(name, set()).add(external_id)
    return members


def _outcomes(session: Session) -> dict[str, str | None]:
    return dict(
        session.exec(select(Opportunity.external_id, Opportunity.outcome)).all()
    )


def test_map_stage_updates_opportunities(
    session: Session, admin: User, crm: DataSource
) -> None:
    stamps = read_stamps(session)

    set_stage_mapping(session, admin, crm.id, "Signed", "won")

    session.expire_all()
    assert crm.stage_mapping == {
        "Closed Won": "WON",
        "Negotiation": "OPEN",
        "Signed": "WON",
    }
    assert crm.unmapped_stages == []
    assert _outcomes(session) == {"o1": "WON", "o2": "OPEN", "o3": "WON"}
    assert _members_by_name(session, admin.organization_id) == {
        "Customers": {"w", "t"},
        "Open Opportunities": {"t"},
    }
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1
    }


def test_unmap_stage_lists_it_unmapped(
    session: Session, admin: User, crm: DataSource
) -> None:
    set_stage_mapping(session, admin, crm.id, "Negotiation", None)

    session.expire_all()
    assert crm.stage_mapping == {"Closed Won": "WON"}
    assert crm.unmapped_stages == ["Negotiation", "Signed"]
    assert _outcomes(session) == {"o1": None, "o2": None, "o3": None}


@pytest.mark.parametrize(
    "case",
    [
        ("Signed", "CLOSED", "invalid outcome 'CLOSED' for stage 'Signed'", "outcome"),
        ("  ", "WON", "invalid stage '  '", "stage"),
    ],
)
def test_map_stage_rejects(
    session: Session, admin: User, crm: DataSource, case: tuple
) -> None:
    stage, outcome, message, field = case
    before = dump_database(session)

    with pytest.raises(InvalidInputError) as raised:
        set_stage_mapping(session, admin, crm.id, stage, outcome)

    assert raised.value.message.startswith(message)
    assert raised.value.field == field
    assert dump_database(session) == before


def test_map_stage_rejects_file_source(
    session: Session, admin: User, acme: Organization
) -> None:
    csv_source = add_data_source(session, acme, name="accounts", kind="CSV")

    with pytest.raises(InvalidInputError, match="'accounts' is a CSV file"):
        set_stage_mapping(session, admin, csv_source.id, "Won", "WON")


def test_map_stage_hides_foreign_source(
    session: Session, admin: User, globex: Organization
) -> None:
    foreign = add_data_source(session, globex)

    with pytest.raises(NotFoundError) as raised:
        set_stage_mapping(session, admin, foreign.id, "Won", "WON")

    assert raised.value.message == (
        f"data source {foreign.id} not found; list your data sources to find its id"
    )


def test_customer_types_recompute(
    session: Session, admin: User, crm: DataSource
) -> None:
    stamps = read_stamps(session)

    set_customer_types(session, admin, crm.id, [" partner", "PARTNER", "Reseller"])

    session.expire_all()
    assert crm.customer_types == ["partner", "Reseller"]
    assert _members_by_name(session, admin.organization_id) == {
        "Customers": {"t"},
        "Open Opportunities": {"w", "t"},
    }
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1
    }


def test_customer_types_reject_blank(
    session: Session, admin: User, crm: DataSource
) -> None:
    before = dump_database(session)

    with pytest.raises(InvalidInputError, match="invalid customer type ''") as raised:
        set_customer_types(session, admin, crm.id, ["Customer", ""])

    assert raised.value.field == "types"
    assert dump_database(session) == before


def test_delete_data_source_removes_records(
    session: Session, admin: User, acme: Organization, crm: DataSource
) -> None:
    other = add_data_source(session, acme, name="HubSpot", kind="HUBSPOT")
    other_account = add_account(session, other, "k", website="kept.com")
    recompute_memberships(session, acme.id)
    stamps = read_stamps(session)

    delete_data_source(session, admin, crm.id)

    assert session.get(DataSource, crm.id) is None
    assert session.exec(select(Account.id)).all() == [other_account.id]
    assert session.exec(select(Opportunity)).all() == []
    assert _members_by_name(session, acme.id) == {"Prospects": {"k"}}
    assert stamp_changes(stamps, read_stamps(session)) == {("organization", acme.id): 1}


MEMBER_ATTEMPTS = {
    "map": lambda session, actor, source_id: set_stage_mapping(
        session, actor, source_id, "Signed", "WON"
    ),
    "types": lambda session, actor, source_id: set_customer_types(
        session, actor, source_id, ["Partner"]
    ),
    "delete": delete_data_source,
}


@pytest.mark.parametrize("operation", sorted(MEMBER_ATTEMPTS))
def test_member_cannot_change_source(
    session: Session, member: User, crm: DataSource, operation: str
) -> None:
    attempt = MEMBER_ATTEMPTS[operation]
    before = dump_database(session)

    with pytest.raises(ForbiddenError):
        attempt(session, member, crm.id)

    assert dump_database(session) == before
