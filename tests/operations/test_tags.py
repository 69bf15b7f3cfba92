"""Partner tags, private to each side of a partnership."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.core.errors import InvalidInputError, NotFoundError
from app.operations.partnerships import accept_partnership, invite_partner
from app.operations.tags import tag_partner, tags_of
from app.storage.models import User
from tests.helpers import make_organization, make_token
from tests.operations.builders import dump_database, read_stamps, stamp_changes


@pytest.fixture
def partnership_id(session: Session, admin: User, globex_admin: User) -> int:
    partnership = invite_partner(session, admin, "globex.com")
    accept_partnership(session, globex_admin, partnership.id)
    return partnership.id


def test_member_tags_partner(
    session: Session, member: User, partnership_id: int
) -> None:
    stamps = read_stamps(session)

    stored = tag_partner(
        session, member, partnership_id, ["  Strategic ", "emea", "STRATEGIC"]
    )

    assert stored == ["emea", "Strategic"]
    assert tags_of(session, member.organization_id, partnership_id) == [
        "emea",
        "Strategic",
    ]
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("partnership", partnership_id): 1
    }


def test_tags_replace_and_stay_private(
    session: Session, admin: User, globex_admin: User, partnership_id: int
) -> None:
    tag_partner(session, admin, partnership_id, ["old"])
    tag_partner(session, globex_admin, partnership_id, ["theirs"])

    tag_partner(session, admin, partnership_id, ["new"])

    assert tags_of(session, admin.organization_id, partnership_id) == ["new"]
    assert tags_of(session, globex_admin.organization_id, partnership_id) == ["theirs"]


def test_empty_list_clears_tags(
    session: Session, admin: User, partnership_id: int
) -> None:
    tag_partner(session, admin, partnership_id, ["old"])

    stored = tag_partner(session, admin, partnership_id, [])

    assert stored == []
    assert tags_of(session, admin.organization_id, partnership_id) == []


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ([" "], "invalid tag ' ': pass non-empty text"),
        (["x" * 65], "tag 'xxxxxxxxxxxxxxxxxxxx'... is 65 characters long"),
        ([f"t{n}" for n in range(21)], "21 tags given; a partner takes at most 20"),
    ],
)
def test_tag_partner_rejects(
    session: Session, admin: User, partnership_id: int, tags: list, message: str
) -> None:
    tag_partner(session, admin, partnership_id, ["kept"])
    before = dump_database(session)

    with pytest.raises(InvalidInputError) as raised:
        tag_partner(session, admin, partnership_id, tags)

    assert raised.value.message.startswith(message)
    assert raised.value.field == "tags"
    assert dump_database(session) == before


def test_tag_partner_hides_foreign_partnership(
    session: Session, globex_admin: User
) -> None:
    foreign = invite_partner(session, globex_admin, "initech.com")
    make_organization(session, "hooli")
    outsider = make_token(session, "hooli", "hal@hooli.com").user

    with pytest.raises(NotFoundError, match="partner not found"):
        tag_partner(session, outsider, foreign.id, ["x"])
