"""Sharing defaults and per-partnership overrides."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.core.errors import ForbiddenError, InvalidInputError, NotFoundError
from app.operations.partnerships import end_partnership, invite_partner
from app.operations.sharing import set_sharing
from app.storage.models import Organization, Population, SharingOverride, User
from tests.operations.builders import (
    add_data_source,
    dump_database,
    read_stamps,
    stamp_changes,
)


@pytest.fixture
def customers(session: Session, acme: Organization) -> Population:
    add_data_source(session, acme, custom_field_types={"Segment": "text"})
    session.commit()
    return session.exec(
        select(Population).where(
            Population.organization_id == acme.id, Population.name == "Customers"
        )
    ).one()


@pytest.fixture
def partnership_id(session: Session, admin: User, globex: Organization) -> int:
    return invite_partner(session, admin, "globex.com").id


def test_set_default_level(
    session: Session, admin: User, customers: Population, partnership_id: int
) -> None:
    stamps = read_stamps(session)

    setting = set_sharing(
        session,
        admin,
        population_id=customers.id,
        level="ALL",
        fields=["name", "custom.Segment"],
    )

    session.expire_all()
    assert (setting.level, setting.fields, setting.is_override) == (
        "ALL",
        ("name", "custom.Segment"),
        False,
    )
    assert customers.default_level == "ALL"
    assert customers.default_fields == ["name", "custom.Segment"]
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("organization", admin.organization_id): 1
    }


def test_set_override(
    session: Session, admin: User, customers: Population, partnership_id: int
) -> None:
    stamps = read_stamps(session)

    setting = set_sharing(
        session,
        admin,
        population_id=customers.id,
        partnership_id=partnership_id,
        level="OVERLAPS",
        fields=["website"],
    )

    override = session.get(SharingOverride, (partnership_id, customers.id))
    assert (override.level, override.fields) == ("OVERLAPS", ["website"])
    assert setting.is_override is True
    assert customers.default_level == "COUNTS"
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("partnership", partnership_id): 1
    }


def test_replace_override(
    session: Session, admin: User, customers: Population, partnership_id: int
) -> None:
    set_sharing(
        session,
        admin,
        population_id=customers.id,
        partnership_id=partnership_id,
        level="OVERLAPS",
        fields=["website"],
    )

    set_sharing(
        session,
        admin,
        population_id=customers.id,
        partnership_id=partnership_id,
        level="HIDDEN",
    )

    override = session.get(SharingOverride, (partnership_id, customers.id))
    assert (override.level, override.fields) == ("HIDDEN", [])


def test_remove_override_restores_default(
    session: Session, admin: User, customers: Population, partnership_id: int
) -> None:
    set_sharing(
        session,
        admin,
        population_id=customers.id,
        partnership_id=partnership_id,
        level="HIDDEN",
    )
    stamps = read_stamps(session)

    setting = set_sharing(
        session,
        admin,
        population_id=customers.id,
        partnership_id=partnership_id,
        level=None,
    )

    assert session.exec(select(SharingOverride)).all() == []
    assert (setting.level, setting.is_override) == ("COUNTS", False)
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("partnership", partnership_id): 1
    }


REJECTED = [
    (
        {"level": "everything"},
        "invalid level 'everything' for population 'Customers': expected HIDDEN, "
        "COUNTS, OVERLAPS or ALL",
        "level",
    ),
    (
        {"level": None},
        "a default level is required for population 'Customers'",
        "level",
    ),
    (
        {"level": "OVERLAPS", "fields": []},
        "level OVERLAPS for population 'Customers' needs at least one shared field",
        "fields",
    ),
    (
        {"level": "HIDDEN", "fields": ["name"]},
        "level HIDDEN for population 'Customers' shares no fields, but got ['name']",
        "fields",
    ),
    (
        {"level": "ALL", "fields": ["name", "custom.segment"]},
        "unknown field 'custom.segment' for population 'Customers'",
        "fields",
    ),
    (
        {"level": "ALL", "fields": ["open_amount"]},
        "unknown field 'open_amount' for population 'Customers'",
        "fields",
    ),
]


@pytest.mark.parametrize("case", REJECTED)
def test_set_sharing_rejects(
    session: Session, admin: User, customers: Population, case: tuple
) -> None:
    arguments, message, field = case
    before = dump_database(session)

    with pytest.raises(InvalidInputError) as raised:
        set_sharing(session, admin, population_id=customers.id, **arguments)

    assert raised.value.message.startswith(message)
    assert raised.value.field == field
    assert dump_database(session) == before


def test_override_rejects_ended_partnership(
    session: Session, admin: User, customers: Population, partnership_id: int
) -> None:
    end_partnership(session, admin, partnership_id)
    before = dump_database(session)

    with pytest.raises(
        InvalidInputError,
        match="cannot change sharing with a partnership that is ENDED",
    ):
        set_sharing(
            session,
            admin,
            population_id=customers.id,
            partnership_id=partnership_id,
            level="COUNTS",
        )

    assert dump_database(session) == before


def test_override_rejects_foreign_population(
    session: Session, admin: User, globex_admin: User, partnership_id: int
) -> None:
    foreign = session.exec(
        select(Population).where(
            Population.organization_id == globex_admin.organization_id
        )
    ).first()

    with pytest.raises(NotFoundError, match=f"population {foreign.id} not found"):
        set_sharing(
            session,
            admin,
            population_id=foreign.id,
            partnership_id=partnership_id,
            level="COUNTS",
        )


def test_override_rejects_foreign_partnership(
    session: Session, admin: User, customers: Population, globex_admin: User
) -> None:
    foreign = invite_partner(session, globex_admin, "initech.com")

    with pytest.raises(NotFoundError, match="partner not found"):
        set_sharing(
            session,
            admin,
            population_id=customers.id,
            partnership_id=foreign.id,
            level="COUNTS",
        )


@pytest.mark.parametrize("with_partnership", [False, True])
def test_member_cannot_set_sharing(
    session: Session,
    member: User,
    customers: Population,
    partnership_id: int,
    with_partnership: bool,
) -> None:
    before = dump_database(session)

    with pytest.raises(ForbiddenError, match="changing sharing levels needs the ADMIN"):
        set_sharing(
            session,
            member,
            population_id=customers.id,
            partnership_id=partnership_id if with_partnership else None,
            level="HIDDEN",
        )

    assert dump_database(session) == before
