"""Bringing a database's schema up to date with Alembic (the migrations ship in this package).

``upgrade_database(url)`` is what the app and every CLI command call on start; it is a quick no-op
when the database is already at the newest revision.
"""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from rollout.errors import StorageError
from rollout.persistence.database import (
    WRITE_OPTION,
    Database,
    create_database_engine,
    translate_errors,
)
from rollout.settings import load_settings

# Also in pyproject.toml's [tool.alembic], for developers running `alembic revision`.
SCRIPT_LOCATION = "rollout.persistence:migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


@cache
def _revisions() -> tuple[str, frozenset[str]]:
    """The newest revision and all known ones (the scripts ship with the code: read once)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    assert head is not None
    return head, frozenset(s.revision for s in scripts.walk_revisions())


def head_revision() -> str:
    return _revisions()[0]


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_engine(engine: Engine) -> bool:
    """Upgrade the database behind ``engine`` to the newest revision; True if anything ran."""
    head = head_revision()
    with translate_errors(), engine.connect() as connection:
        revision = current_revision(connection)
        connection.rollback()
        if revision == head:
            return False
        if revision is not None and revision not in _revisions()[1]:
            raise StorageError(
                f"the database is at schema revision {revision!r}, which this version of "
                f"Rollout does not know (newest: {head!r}); upgrade Rollout instead")
        sqlite = connection.dialect.name == "sqlite"
        # Two processes starting at once: the second waits for the first's write lock, then
        # finds the database at head (alembic reads the revision inside the transaction).
        connection.execution_options(**{WRITE_OPTION: True})
        if sqlite:
            # Batch migrations copy tables; foreign keys must be off meanwhile, and the PRAGMA
            # only works outside a transaction, hence on the driver's connection directly.
            _outside_transaction(connection, "PRAGMA foreign_keys=OFF")
        try:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                connection.rollback()
                if broken:
                    raise StorageError(f"the migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                connection.rollback()
                _outside_transaction(connection, "PRAGMA foreign_keys=ON")
    return True


def _outside_transaction(connection: Connection, sql: str) -> None:
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None
    driver_connection.execute(sql)


def upgrade_database(url: str | None = None) -> bool:
    """Upgrade the database at ``url`` (default: from settings) to the newest schema.

    Creates the SQLite file and its directory when missing. Returns True if a migration ran.
    """
    settings = load_settings()
    url = url or settings.resolved_database_url
    _ensure_sqlite_directory(url)
    engine = create_database_engine(url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
                                    pool_size=settings.database_pool_size)
    try:
        return upgrade_engine(engine)
    finally:
        engine.dispose()


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """The database from settings (or ``url``), upgraded to the newest schema first."""
    settings = load_settings()
    url = url or settings.resolved_database_url
    _ensure_sqlite_directory(url)
    engine = create_database_engine(url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
                                    pool_size=settings.database_pool_size)
    if upgrade:
        try:
            upgrade_engine(engine)
        except BaseException:
            engine.dispose()
            raise
    return Database(engine)


def _ensure_sqlite_directory(url: str) -> None:
    from pathlib import Path

    from rollout.persistence.database import parse_url

    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    directory = Path(parsed.database).expanduser().parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"cannot create the data directory {directory}: {exc.strerror}; set ROLLOUT_DATA_DIR "
            f"to a writable directory") from None
