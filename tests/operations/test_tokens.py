"""Authentication by bearer token and its last-use stamp."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.core.errors import UnauthenticatedError
from app.operations.tokens import authenticate, record_token_use, revoke_token
from app.storage.models import ApiToken
from app.storage.types import utc_now
from tests.helpers import make_organization, make_token


def test_authenticate_returns_user_and_org(session: Session) -> None:
    make_organization(session, "acme")
    issued = make_token(session, "acme", "ann@acme.com")

    principal = authenticate(session, token=issued.token)

    assert principal.user.email == "ann@acme.com"
    assert principal.organization.slug == "acme"


def test_authenticate_rejects_wrong_secret(session: Session) -> None:
    make_organization(session, "acme")
    issued = make_token(session, "acme", "ann@acme.com")
    forged = issued.token[:-4] + (
        "AAAA" if not issued.token.endswith("AAAA") else "BBBB"
    )

    with pytest.raises(UnauthenticatedError, match="invalid API token") as raised:
        authenticate(session, token=forged)

    assert forged not in raised.value.message


def test_authenticate_rejects_revoked(session: Session) -> None:
    make_organization(session, "acme")
    issued = make_token(session, "acme", "ann@acme.com")
    revoke_token(session, public_id=issued.public_id)
    session.commit()

    with pytest.raises(UnauthenticatedError, match="revoked"):
        authenticate(session, token=issued.token)


@pytest.mark.parametrize("token", ["", "Bearer", "pgt_x_y", "not-a-token" * 5])
def test_authenticate_rejects_malformed(session: Session, token: str) -> None:
    with pytest.raises(UnauthenticatedError, match="malformed API token"):
        authenticate(session, token=token)


def test_last_use_written_once_a_minute(session: Session) -> None:
    make_organization(session, "acme")
    issued = make_token(session, "acme", "ann@acme.com")
    token_id = session.exec(select(ApiToken.id)).one()
    start = utc_now()

    first = record_token_use(session, token_id=token_id, now=start)
    again = record_token_use(
        session, token_id=token_id, now=start + timedelta(seconds=30)
    )
    later = record_token_use(
        session, token_id=token_id, now=start + timedelta(seconds=61)
    )
    session.commit()

    assert (first, again, later) == (True, False, True)
    assert issued.public_id
