"""Shared fixtures: real databases, the real data folder and hypothesis profiles.

Tests run on a temporary SQLite file by default. When
`PARTNERGRAPH_TEST_POSTGRES_URL` names a PostgreSQL server, every test runs
on a throwaway database created on that server instead, and dropped at the
end of the run. With `CI=true`, an unreachable server or a missing data
folder fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session
from starlette.testclient import TestClient

from app.api.schema import build_schema
from app.core.settings import get_settings
from app.graph import clear_ecosystem_cache
from app.server import create_app
from app.storage.db import create_db_engine, get_engine, upgrade_database

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("PARTNERGRAPH_TEST_POSTGRES_URL")

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if IN_CI else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _skip_or_fail(message: str) -> None:
    if IN_CI:
        pytest.fail(f"{message} (CI=true turns this skip into a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The folder with the real data sets, named by PARTNERGRAPH_DATA_DIR."""
    value = os.environ.get("PARTNERGRAPH_DATA_DIR")
    if not value or not Path(value).is_dir():
        _skip_or_fail(
            "real data sets not found: set PARTNERGRAPH_DATA_DIR to the folder "
            "with sfdc_devorg_export/, fortune1000_2021/ and wikipedia_companies/"
        )
    return Path(value)


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _postgres_admin_engine() -> Engine:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any connection failure means unreachable
        engine.dispose()
        _skip_or_fail(f"PostgreSQL at {make_url(POSTGRES_URL)!r} unreachable: {error}")
    return engine


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated once per run: a SQLite file or a PostgreSQL database."""
    if POSTGRES_URL:
        admin = _postgres_admin_engine()
        name = f"partnergraph_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = (
            make_url(POSTGRES_URL)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
        upgrade_database(url)
        yield url
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        url = f"sqlite:///{path}"
        upgrade_database(url)
        yield url


@pytest.fixture
def database_url(
    _migrated_template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A migrated, empty database for one test; DATABASE_URL points at it."""
    if POSTGRES_URL:
        url = _migrated_template
        engine = create_db_engine(url)
        with engine.begin() as connection:
            tables = connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            ).scalars()
            names = ", ".join(f'"{table}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        template = make_url(_migrated_template).database
        target = tmp_path / "partnergraph.db"
        shutil.copyfile(template, target)
        url = f"sqlite:///{target}"
    # Truncated PostgreSQL databases reuse ids and stamps, so a cached
    # ecosystem from an earlier test could look current.
    clear_ecosystem_cache()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    build_schema.cache_clear()
    get_engine.cache_clear()
    with TestClient(create_app()) as test_client:
        yield test_client
    get_engine.cache_clear()


GraphQL = Callable[..., dict[str, Any]]


@pytest.fixture
def graphql(client: TestClient) -> GraphQL:
    """Post a query with a bearer token and return the decoded JSON body."""

    def post(query: str, token: str | None, **variables: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    return post
