"""Custom populations: creation, update, deletion and their memberships."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.core.errors import (
    ForbiddenError,
    InvalidInputError,
    LimitExceededError,
    NotFoundError,
)
from app.operations.partnerships import invite_partner
from app.operations.populations import (
    create_population,
    delete_population,
    update_population,
)
from app.operations.sharing import set_sharing
from app.storage.models import (
    Membership,
    Organization,
    Population,
    SharingOverride,
    User,
)
from tests.operations.builders import (
    add_account,
    add_data_source,
    dump_database,
    read_stamps,
    stamp_changes,
)

RETAIL = {"field": "industry", "op": "eq", "value": "retailing"}


@pytest.fixture
def accounts(session: Session, acme: Organization) -> dict[str, int]:
    source = add_data_source(
        session, acme, custom_field_types={"tier": "text", "seats": "number"}
    )
    rows = {
        "walmart": ("Retailing", {"tier": "gold", "seats": "120"}),
        "target": ("retailing ", {"tier": "silver", "seats": "n/a"}),
        "exxon": ("Energy", {"tier": "gold", "seats": "40"}),
    }
    ids = {}
    for external_id, (industry, custom) in rows.items():
        account = add_account(
            session,
            source,
            external_id,
            website=f"{external_id}.com",
            industry=industry,
            custom=custom,
        )
        ids[external_id] = account.id
    session.commit()
    return ids


def _members(session: Session, population_id: int) -> set[int]:
    return set(
        session.exec(
            select(Membership.account_id).where(
                Membership.population_id == population_id
            )
        ).all()
    )


def _standard(session: Session, organization_id: int, name: str) -> Population:
    return session.exec(
        select(Population).where(
            Population.organization_id == organization_id, Population.name == name
        )
    ).one()


def test_create_population_computes_members(
    session: Session, admin: User, accounts: dict[str, int]
) -> None:
    stamps = read_stamps(session)

    population = create_population(
        session, admin, name=" Retail  stores ", filter=RETAIL
    )

    assert population.name == "Retail stores"
    assert population.default_level == "HIDDEN"
    assert population.default_fields == []
    assert population.filter == RETAIL
    assert _members(session, population.id) == {accounts["walmart"], accounts["target"]}
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1
    }


def test_create_population_with_shared_default(
    session: Session, admin: User, accounts: dict[str, int]
) -> None:
    population = create_population(
        session,
        admin,
        name="Gold",
        filter={"field": "custom.tier", "op": "eq", "value": "GOLD"},
        default_level="overlaps",
        default_fields=["name", "custom.tier", "name"],
    )

    assert population.default_level == "OVERLAPS"
    assert population.default_fields == ["name", "custom.tier"]
    assert _members(session, population.id) == {accounts["walmart"], accounts["exxon"]}


REJECTED_CREATIONS = [
    ({"name": "  "}, "invalid population name '  '", "name"),
    (
        {"name": "customers"},
        "a population named 'customers' already exists",
        "name",
    ),
    (
        {"default_level": "SOME"},
        "invalid level 'SOME' for population 'New'",
        "level",
    ),
    (
        {"default_level": "ALL"},
        "level ALL for population 'New' needs at least one shared field",
        "fields",
    ),
    (
        {"default_level": "COUNTS", "default_fields": ["name"]},
        "level COUNTS for population 'New' shares no fields",
        "fields",
    ),
    (
        {"default_level": "ALL", "default_fields": ["custom.revenue"]},
        "unknown field 'custom.revenue' for population 'New'",
        "fields",
    ),
    (
        {"filter": {"field": "custom.revenue", "op": "gt", "value": 1}},
        "invalid filter: unknown field 'custom.revenue'",
        "filter",
    ),
    (
        {"filter": {"field": "custom.seats", "op": "contains", "value": "1"}},
        "invalid filter: invalid operator 'contains' for number field 'custom.seats'",
        "filter",
    ),
]


@pytest.mark.parametrize("case", REJECTED_CREATIONS)
def test_create_population_rejects(
    session: Session, admin: User, accounts: dict[str, int], case: tuple
) -> None:
    arguments, message, field = case
    values = {"name": "New", "filter": RETAIL} | arguments
    before = dump_database(session)

    with pytest.raises(InvalidInputError) as raised:
        create_population(session, admin, **values)

    assert raised.value.message.startswith(message)
    assert raised.value.field == field
    assert dump_database(session) == before


def test_create_population_limit(session: Session, admin: User) -> None:
    for index in range(97):
        create_population(session, admin, name=f"P{index}", filter=RETAIL)
    before = dump_database(session)

    with pytest.raises(LimitExceededError, match="maximum is 100") as raised:
        create_population(session, admin, name="One too many", filter=RETAIL)

    assert raised.value.message.startswith("your organization has 100 populations")
    assert dump_database(session) == before


def test_member_cannot_create_population(
    session: Session, member: User, accounts: dict[str, int]
) -> None:
    before = dump_database(session)

    with pytest.raises(ForbiddenError):
        create_population(session, member, name="Retail", filter=RETAIL)

    assert dump_database(session) == before


def test_update_population_filter(
    session: Session, admin: User, accounts: dict[str, int]
) -> None:
    population = create_population(session, admin, name="Retail", filter=RETAIL)
    stamps = read_stamps(session)

    update_population(
        session,
        admin,
        population.id,
        name="Big accounts",
        filter={"field": "custom.seats", "op": "gte", "value": "100"},
    )

    assert population.name == "Big accounts"
    assert _members(session, population.id) == {accounts["walmart"]}
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1
    }


def test_update_population_level_drops_fields(
    session: Session, admin: User, accounts: dict[str, int]
) -> None:
    population = create_population(
        session,
        admin,
        name="Retail",
        filter=RETAIL,
        default_level="ALL",
        default_fields=["name"],
    )

    update_population(session, admin, population.id, default_level="COUNTS")

    assert population.default_level == "COUNTS"
    assert population.default_fields == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": "Clients"}, "standard population 'Customers' cannot be renamed"),
        ({"filter": RETAIL}, "standard population 'Customers' takes no filter"),
    ],
)
def test_update_standard_population_rejects(
    session: Session, admin: User, arguments: dict, message: str
) -> None:
    customers = _standard(session, admin.organization_id, "Customers")
    before = dump_database(session)

    with pytest.raises(InvalidInputError, match=message):
        update_population(session, admin, customers.id, **arguments)

    assert dump_database(session) == before


def test_update_standard_population_level(session: Session, admin: User) -> None:
    customers = _standard(session, admin.organization_id, "Customers")

    update_population(
        session, admin, customers.id, default_level="OVERLAPS", default_fields=["name"]
    )

    assert customers.default_level == "OVERLAPS"
    assert customers.default_fields == ["name"]


def test_update_rejects_other_org_population(
    session: Session, admin: User, globex_admin: User
) -> None:
    foreign = _standard(session, globex_admin.organization_id, "Customers")

    with pytest.raises(NotFoundError) as raised:
        update_population(session, admin, foreign.id, default_level="HIDDEN")
    with pytest.raises(NotFoundError) as missing:
        update_population(session, admin, 9_999, default_level="HIDDEN")

    assert (
        raised.value.message
        == f"population {foreign.id} not found; list your populations to find its id"
    )
    assert (
        missing.value.message
        == "population 9999 not found; list your populations to find its id"
    )


def test_delete_population_removes_rows(
    session: Session, admin: User, accounts: dict[str, int], globex: Organization
) -> None:
    population = create_population(session, admin, name="Retail", filter=RETAIL)
    partnership = invite_partner(session, admin, "globex.com")
    set_sharing(
        session,
        admin,
        population_id=population.id,
        partnership_id=partnership.id,
        level="COUNTS",
    )
    stamps = read_stamps(session)

    delete_population(session, admin, population.id)

    assert session.get(Population, population.id) is None
    assert _members(session, population.id) == set()
    assert session.exec(select(SharingOverride)).all() == []
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1,
        ("partnership", partnership.id): 1,
    }


def test_deleted_population_id_not_reused(
    session: Session, admin: User, accounts: dict[str, int]
) -> None:
    first = create_population(session, admin, name="Retail", filter=RETAIL)
    first_id = first.id
    delete_population(session, admin, first_id)
    session.commit()

    second = create_population(session, admin, name="Retail", filter=RETAIL)

    assert second.id > first_id
    with pytest.raises(NotFoundError, match=f"population {first_id} not found"):
        delete_population(session, admin, first_id)


def test_delete_standard_population_rejects(session: Session, admin: User) -> None:
    prospects = _standard(session, admin.organization_id, "Prospects")
    before = dump_database(session)

    with pytest.raises(InvalidInputError, match="'Prospects' cannot be deleted"):
        delete_population(session, admin, prospects.id)

    assert dump_database(session) == before


def test_member_cannot_delete_population(
    session: Session, admin: User, member: User, accounts: dict[str, int]
) -> None:
    population = create_population(session, admin, name="Retail", filter=RETAIL)
    before = dump_database(session)

    with pytest.raises(ForbiddenError):
        delete_population(session, member, population.id)

    assert dump_database(session) == before
