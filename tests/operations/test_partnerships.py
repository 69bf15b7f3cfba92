"""Partnership life: invitations by domain, acceptance, decline and end."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.core.errors import ForbiddenError, InvalidInputError, NotFoundError
from app.operations.partnerships import (
    accept_partnership,
    decline_partnership,
    end_partnership,
    get_partnership_for,
    invite_partner,
    partnerships_of,
)
from app.operations.sharing import set_sharing
from app.operations.tags import tag_partner, tags_of
from app.storage.models import (
    Organization,
    Partnership,
    Population,
    SharingOverride,
    User,
)
from tests.helpers import make_organization, make_token
from tests.operations.builders import dump_database, read_stamps, stamp_changes


def test_invite_unknown_domain_is_pending(session: Session, admin: User) -> None:
    partnership = invite_partner(session, admin, "https://www.Initech.co.uk/about")

    assert partnership.status == "PENDING"
    assert partnership.invited_domain == "initech.co.uk"
    assert partnership.invitee_id is None
    assert partnership.inviter_id == admin.organization_id


def test_invite_known_domain_has_same_shape(
    session: Session, admin: User, globex: Organization
) -> None:
    partnership = invite_partner(session, admin, "globex.com")

    assert partnership.status == "PENDING"
    assert partnership.invited_domain == "globex.com"
    assert partnership.invitee_id == globex.id
    assert partnership.partnered_at is None


def test_invite_rejects_invalid_domain(session: Session, admin: User) -> None:
    with pytest.raises(InvalidInputError, match="invalid domain 'n/a'") as raised:
        invite_partner(session, admin, "n/a")

    assert raised.value.field == "domain"


def test_invite_rejects_own_domain(session: Session, admin: User) -> None:
    before = dump_database(session)

    with pytest.raises(InvalidInputError, match="your own organization's domain"):
        invite_partner(session, admin, "https://shop.acme.com")

    assert dump_database(session) == before


@pytest.mark.parametrize("domain", ["globex.com", "initech.com"])
def test_invite_rejects_second_invitation(
    session: Session, admin: User, globex: Organization, domain: str
) -> None:
    invite_partner(session, admin, domain)
    before = dump_database(session)

    with pytest.raises(InvalidInputError, match="already invited or a partner"):
        invite_partner(session, admin, f"www.{domain}")

    assert dump_database(session) == before


def test_invite_rejects_existing_active_partner(
    session: Session, admin: User, globex_admin: User
) -> None:
    partnership = invite_partner(session, globex_admin, "acme.com")
    accept_partnership(session, admin, partnership.id)

    with pytest.raises(InvalidInputError, match="already invited or a partner"):
        invite_partner(session, admin, "globex.com")


def test_crossing_invitations_activate(
    session: Session, admin: User, globex_admin: User
) -> None:
    received = invite_partner(session, globex_admin, "acme.com")
    stamps = read_stamps(session)

    result = invite_partner(session, admin, "globex.com")

    assert result.id == received.id
    assert result.status == "ACTIVE"
    assert result.was_active is True
    assert result.partnered_at is not None
    assert len(session.exec(select(Partnership)).all()) == 1
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("partnership", received.id): 1
    }


def test_member_cannot_invite(session: Session, member: User) -> None:
    before = dump_database(session)

    with pytest.raises(ForbiddenError, match="needs the ADMIN role"):
        invite_partner(session, member, "globex.com")

    assert dump_database(session) == before


def test_accept_by_invitee(session: Session, admin: User, globex_admin: User) -> None:
    partnership = invite_partner(session, admin, "globex.com")
    stamps = read_stamps(session)

    accepted = accept_partnership(session, globex_admin, partnership.id)

    assert accepted.status == "ACTIVE"
    assert accepted.was_active is True
    assert accepted.partnered_at is not None
    assert stamp_changes(stamps, read_stamps(session)) == {
        ("partnership", partnership.id): 1
    }


def test_accept_rejects_inviter(
    session: Session, admin: User, globex_admin: User
) -> None:
    partnership = invite_partner(session, admin, "globex.com")
    before = dump_database(session)

    with pytest.raises(InvalidInputError, match="only the partner can accept"):
        accept_partnership(session, admin, partnership.id)

    assert dump_database(session) == before


def test_accept_rejects_active(
    session: Session, admin: User, globex_admin: User
) -> None:
    partnership = invite_partner(session, admin, "globex.com")
    accept_partnership(session, globex_admin, partnership.id)

    with pytest.raises(
        InvalidInputError, match="cannot accept a partnership that is ACTIVE"
    ):
        accept_partnership(session, globex_admin, partnership.id)


def test_accept_hides_other_partnerships(
    session: Session, admin: User, globex_admin: User
) -> None:
    make_organization(session, "initech")
    outsider = make_token(session, "initech", "ian@initech.com").user
    partnership = invite_partner(session, admin, "globex.com")

    with pytest.raises(NotFoundError) as foreign:
        accept_partnership(session, outsider, partnership.id)
    with pytest.raises(NotFoundError) as missing:
        accept_partnership(session, outsider, partnership.id + 1000)

    assert foreign.value.message == missing.value.message
    assert (
        foreign.value.message == "partner not found; list your partners to find its id"
    )


def test_decline_by_invitee(session: Session, admin: User, globex_admin: User) -> None:
    partnership = invite_partner(session, admin, "globex.com")

    declined = decline_partnership(session, globex_admin, partnership.id)

    assert declined.status == "DECLINED"
    assert declined.declined_at is not None
    assert declined.was_active is False


def test_decline_rejects_inviter(
    session: Session, admin: User, globex_admin: User
) -> None:
    partnership = invite_partner(session, admin, "globex.com")

    with pytest.raises(InvalidInputError, match="only the partner can decline"):
        decline_partnership(session, admin, partnership.id)


@pytest.mark.parametrize("side", ["inviter", "invitee"])
def test_end_by_either_side(
    session: Session, admin: User, globex_admin: User, side: str
) -> None:
    partnership = invite_partner(session, admin, "globex.com")
    accept_partnership(session, globex_admin, partnership.id)
    actor = admin if side == "inviter" else globex_admin

    ended = end_partnership(session, actor, partnership.id)

    assert ended.status == "ENDED"
    assert ended.ended_at is not None
    assert ended.was_active is True


def test_end_withdraws_pending_invitation(session: Session, admin: User) -> None:
    partnership = invite_partner(session, admin, "initech.com")

    ended = end_partnership(session, admin, partnership.id)

    assert ended.status == "ENDED"
    assert ended.was_active is False


def test_end_rejects_ended(session: Session, admin: User) -> None:
    partnership = invite_partner(session, admin, "initech.com")
    end_partnership(session, admin, partnership.id)
    before = dump_database(session)

    with pytest.raises(
        InvalidInputError,
        match="cannot end a partnership that is ENDED; it must be PENDING or ACTIVE",
    ):
        end_partnership(session, admin, partnership.id)

    assert dump_database(session) == before


def test_member_cannot_accept(
    session: Session, admin: User, globex: Organization
) -> None:
    partnership = invite_partner(session, admin, "globex.com")
    make_token(session, "globex", "gil@globex.com")
    globex_member = make_token(session, "globex", "gus@globex.com").user
    before = dump_database(session)

    with pytest.raises(ForbiddenError):
        accept_partnership(session, globex_member, partnership.id)

    assert dump_database(session) == before


def test_partnerships_of_filters_status(
    session: Session, admin: User, globex_admin: User
) -> None:
    active = invite_partner(session, globex_admin, "acme.com")
    accept_partnership(session, admin, active.id)
    pending = invite_partner(session, admin, "initech.com")

    everything = partnerships_of(session, admin.organization_id)
    only_pending = partnerships_of(session, admin.organization_id, ["PENDING"])

    assert [item.id for item in everything] == [active.id, pending.id]
    assert [item.id for item in only_pending] == [pending.id]


def test_get_partnership_for_other_org_is_none(
    session: Session, admin: User, globex_admin: User
) -> None:
    partnership = invite_partner(session, admin, "initech.com")

    found = get_partnership_for(session, admin.organization_id, partnership.id)
    hidden = get_partnership_for(session, globex_admin.organization_id, partnership.id)

    assert found is not None
    assert hidden is None


def test_partnership_life_starts_over(session: Session, admin: User) -> None:
    invitation = invite_partner(session, admin, "initech.com")
    session.commit()
    initech = make_organization(session, "initech")
    initech_admin = make_token(session, "initech", "ian@initech.com").user

    pending = partnerships_of(session, initech.id, ["PENDING"])
    accept_partnership(session, initech_admin, invitation.id)
    set_sharing(
        session,
        admin,
        population_id=_population_id(session, admin, "Customers"),
        partnership_id=invitation.id,
        level="OVERLAPS",
        fields=["name"],
    )
    tag_partner(session, admin, invitation.id, ["strategic"])
    end_partnership(session, initech_admin, invitation.id)
    again = invite_partner(session, admin, "initech.com")
    accept_partnership(session, initech_admin, again.id)

    assert [item.id for item in pending] == [invitation.id]
    assert again.id != invitation.id
    assert again.status == "ACTIVE"
    assert (
        session.exec(
            select(SharingOverride).where(SharingOverride.partnership_id == again.id)
        ).all()
        == []
    )
    assert tags_of(session, admin.organization_id, again.id) == []
    assert tags_of(session, admin.organization_id, invitation.id) == ["strategic"]


def _population_id(session: Session, actor: User, name: str) -> int:
    return session.exec(
        select(Population.id).where(
            Population.organization_id == actor.organization_id,
            Population.name == name,
        )
    ).one()


def test_crossing_invitation_sent_before_signup(
    session: Session, globex_admin: User
) -> None:
    invitation = invite_partner(session, globex_admin, "acme.com")
    session.commit()
    make_organization(session, "acme")
    acme_admin = make_token(session, "acme", "ann@acme.com").user

    result = invite_partner(session, acme_admin, "globex.com")

    assert result.id == invitation.id
    assert result.status == "ACTIVE"
    assert result.invitee_id == acme_admin.organization_id


@pytest.mark.parametrize("operation", ["decline", "end"])
def test_answer_bumps_only_partnership(
    session: Session, admin: User, globex_admin: User, operation: str
) -> None:
    partnership = invite_partner(session, admin, "globex.com")
    stamps = read_stamps(session)

    if operation == "decline":
        decline_partnership(session, globex_admin, partnership.id)
    else:
        end_partnership(session, admin, partnership.id)

    assert stamp_changes(stamps, read_stamps(session)) == {
        ("partnership", partnership.id): 1
    }
