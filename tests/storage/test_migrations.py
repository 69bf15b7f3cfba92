"""The schema comes only from migrations, and it matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import app.storage.models  # noqa: F401  (registers the tables)
from app.storage.db import upgrade_database


def test_migrated_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, SQLModel.metadata)

    assert differences == []


def test_migrated_schema_has_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())

    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrade_twice_changes_nothing(database_url: str, engine: Engine) -> None:
    before = sorted(inspect(engine).get_table_names())

    upgrade_database(database_url)

    assert sorted(inspect(engine).get_table_names()) == before


def test_lookup_indexes_exist(engine: Engine) -> None:
    inspector = inspect(engine)
    account_indexes = {
        tuple(index["column_names"]) for index in inspector.get_indexes("account")
    }
    opportunity_indexes = {
        tuple(index["column_names"]) for index in inspector.get_indexes("opportunity")
    }
    membership_key = inspector.get_pk_constraint("membership")["constrained_columns"]

    assert ("organization_id", "match_key") in account_indexes
    assert ("account_id",) in opportunity_indexes
    assert membership_key[0] == "population_id"
