"""Two organizations, each with an admin, and a member of the first."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.storage.models import Organization, User
from tests.helpers import make_organization, make_token


@pytest.fixture
def acme(session: Session) -> Organization:
    return make_organization(session, "acme")


@pytest.fixture
def admin(session: Session, acme: Organization) -> User:
    return make_token(session, "acme", "ann@acme.com").user


@pytest.fixture
def member(session: Session, admin: User) -> User:
    return make_token(session, "acme", "bob@acme.com").user


@pytest.fixture
def globex(session: Session) -> Organization:
    return make_organization(session, "globex")


@pytest.fixture
def globex_admin(session: Session, globex: Organization) -> User:
    return make_token(session, "globex", "gil@globex.com").user
