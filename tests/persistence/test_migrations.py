"""Alembic builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from rollout.errors import StorageError
from rollout.persistence.database import create_database_engine
from rollout.persistence.schema import current_revision, head_revision, upgrade_database


def test_upgrading_an_empty_database_to_head_matches_the_models(empty_database_url: str) -> None:
    assert upgrade_database(empty_database_url) is True
    engine = create_database_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
            assert current_revision(connection) == head_revision()
            names = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= names


def test_upgrading_a_database_at_head_does_nothing(database_url: str) -> None:
    assert upgrade_database(database_url) is False


def test_a_database_from_a_newer_rollout_is_refused_with_advice(database_url: str) -> None:
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    with pytest.raises(StorageError, match="upgrade Rollout"):
        upgrade_database(database_url)


def test_every_table_with_organisation_data_has_an_organisation_id() -> None:
    global_tables = {"organisations", "users", "login_attempts", "audit_events", "alembic_version"}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in global_tables:
            continue
        column = table.columns.get("organisation_id")
        assert column is not None and not column.nullable, table.name
