"""Alembic environment: runs Rollout's migrations on the connection or URL it is given.

``rollout.persistence.schema.upgrade_database`` passes an open connection in
``config.attributes["connection"]``; the ``alembic`` command line (configured in pyproject.toml's
``[tool.alembic]``) falls back to ROLLOUT_DATABASE_URL or the default SQLite file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

from rollout.persistence import tables  # noqa: F401  (registers the tables on the metadata)
from rollout.persistence.database import create_database_engine
from rollout.settings import load_settings

# Only one process migrates a PostgreSQL database at a time (the app and the CLI both upgrade on
# start); any constant works as long as every Rollout process uses the same one.
POSTGRES_MIGRATION_LOCK = 7_342_019_001


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,  # SQLite can only alter a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_MIGRATION_LOCK})")
        context.run_migrations()


def main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = config.attributes.get("url") or load_settings().resolved_database_url
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            run_migrations(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run `rollout db upgrade`")
main()
