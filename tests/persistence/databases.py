"""Fresh databases for tests, on SQLite always and on PostgreSQL when it is configured.

Each test starts from an empty database at the newest schema:

* SQLite: a copy of a file migrated once per session (a file copy per test, ~1 ms).
* PostgreSQL: a uniquely named database per test module (``CREATE DATABASE ... TEMPLATE`` of one
  migrated once per session; ~200 ms, hence not per test), dropped after the module, and emptied
  before each test with DELETEs under ``session_replication_role = replica`` (so neither foreign
  keys nor the append-only triggers get in the way; ~10 ms).

PostgreSQL parameters skip with one reason when ROLLOUT_TEST_POSTGRES_URL is unset, and fail when
it is set but the server cannot be reached.

Import the fixtures into a conftest.py: ``from tests.persistence.databases import *``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, Integer, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from rollout.persistence.database import Database, create_database_engine
from rollout.persistence.schema import head_revision, upgrade_database

POSTGRES_ENV = "ROLLOUT_TEST_POSTGRES_URL"
SKIP_POSTGRES = f"PostgreSQL tests skipped: {POSTGRES_ENV} is not set (bash .ci/postgres.sh start)"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class PostgresServer:
    """A PostgreSQL server where tests may create and drop databases."""

    admin: Engine  # AUTOCOMMIT connection to the database named in the URL
    base_url: str

    def url_for(self, name: str) -> str:
        return make_url(self.base_url).set(database=name).render_as_string(hide_password=False)

    def create(self, *, template: str | None = None) -> str:
        name = f"rollout_test_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}{clause}"))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        yield None
        return
    admin = create_engine(make_url(url).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT", pool_size=1)
    problem = None
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        problem = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if problem is not None:
        admin.dispose()
        safe = make_url(url).render_as_string(hide_password=True)
        pytest.fail(f"{POSTGRES_ENV} is set ({safe}) but PostgreSQL is unreachable: {problem}",
                    pytrace=False)
    server = PostgresServer(admin=admin, base_url=url)
    yield server
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "rollout.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer | None) -> Iterator[str | None]:
    if postgres_server is None:
        yield None
        return
    name = postgres_server.create()
    upgrade_database(postgres_server.url_for(name))
    yield name
    postgres_server.drop(name)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """"sqlite" or "postgres" (skipped with a reason when PostgreSQL is not configured)."""
    if request.param == "postgres" and request.getfixturevalue("postgres_server") is None:
        pytest.skip(SKIP_POSTGRES)
    return str(request.param)


@dataclass
class ModuleDatabases:
    """This module's PostgreSQL databases, created on first use and emptied for each test."""

    server: PostgresServer
    template: str
    names: dict[str, str]
    engines: dict[str, Engine]

    def fresh(self, slot: str) -> str:
        if slot not in self.names:
            name = self.server.create(template=self.template)
            self.names[slot] = name
            self.engines[slot] = create_engine(
                make_url(self.server.url_for(name)).set(drivername="postgresql+psycopg"),
                poolclass=NullPool)
        else:
            _empty(self.engines[slot])
        return self.server.url_for(self.names[slot])

    def drop_all(self) -> None:
        for engine in self.engines.values():
            engine.dispose()
        for name in self.names.values():
            self.server.drop(name)


def _empty(engine: Engine) -> None:
    """Delete every row and put the schema revision back, as in a freshly migrated database."""
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
            if "id" in table.columns and isinstance(table.columns["id"].type, Integer):
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)"))
        connection.execute(text("DELETE FROM alembic_version"))
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
                           {"head": head_revision()})


@pytest.fixture(scope="module")
def postgres_module_databases(
    postgres_server: PostgresServer | None, postgres_template: str | None
) -> Iterator[ModuleDatabases | None]:
    if postgres_server is None or postgres_template is None:
        yield None
        return
    databases = ModuleDatabases(postgres_server, postgres_template, {}, {})
    yield databases
    databases.drop_all()


def _fresh_database(
    backend: str, request: pytest.FixtureRequest, path: Path, slot: str
) -> str:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    databases: ModuleDatabases = request.getfixturevalue("postgres_module_databases")
    return databases.fresh(slot)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database at the newest schema, for this test only."""
    return _fresh_database(backend, request, tmp_path / "rollout.db", "first")


@pytest.fixture
def second_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> str:
    """Another empty database on the same backend (for export/import between databases)."""
    return _fresh_database(backend, request, tmp_path / "second.db", "second")


@pytest.fixture
def empty_database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh database without any tables."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    try:
        yield server.url_for(name)
    finally:
        server.drop(name)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(create_database_engine(database_url))
    yield database
    database.dispose()


__all__ = [
    "backend",
    "database_url",
    "db",
    "empty_database_url",
    "postgres_module_databases",
    "postgres_server",
    "postgres_template",
    "second_database_url",
    "skip_postgres_when_unconfigured",
    "sqlite_template",
]


def skip_postgres_when_unconfigured(items: list[pytest.Item]) -> None:
    """Mark PostgreSQL parameters as skipped up front when no server is configured.

    A skip marker (rather than pytest.skip in the fixture) lets pytest fold the reasons into one
    line per file in the summary.
    """
    if os.environ.get(POSTGRES_ENV):
        return
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgres" and (
                item.get_closest_marker("skip") is None):
            item.add_marker(pytest.mark.skip(reason=SKIP_POSTGRES))
