"""Connection settings: SQLite in WAL with foreign keys and a busy timeout; many writers at once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from rollout.errors import StorageError
from rollout.persistence.database import Database, create_database_engine
from rollout.persistence.tables import LoginAttemptRow, utc_now

WRITERS = 10
WRITES_PER_WRITER = 20


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(db: Database) -> None:
    if db.backend != "sqlite":
        pytest.skip("SQLite settings")
    with db.reading() as session:
        pragma = {name: session.execute(text(f"PRAGMA {name}")).scalar()
                  for name in ("journal_mode", "foreign_keys", "busy_timeout")}
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30_000}


def test_ten_concurrent_writers_never_see_database_is_locked(db: Database) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(WRITES_PER_WRITER):
                with db.transaction() as session:
                    # Read, then write: the pattern that fails at once under deferred transactions.
                    session.execute(text("SELECT count(*) FROM login_attempts")).scalar()
                    session.add(LoginAttemptRow(email=f"writer{n}-{i}@example.org",
                                                succeeded=True, at=utc_now()))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.reading() as session:
        assert session.execute(text("SELECT count(*) FROM login_attempts")).scalar() == (
            WRITERS * WRITES_PER_WRITER)


def test_an_unreachable_database_is_a_storage_error_with_advice() -> None:
    pytest.importorskip("psycopg", reason="the PostgreSQL driver comes with the 'postgres' extra")
    db = Database(create_database_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    with pytest.raises(StorageError, match="check ROLLOUT_DATABASE_URL"), db.reading() as session:
        session.execute(text("SELECT 1"))


def test_an_unsupported_database_url_is_refused_clearly() -> None:
    with pytest.raises(StorageError, match="SQLite and PostgreSQL"):
        create_database_engine("mysql://localhost/rollout")
    with pytest.raises(StorageError, match="not valid"):
        create_database_engine("not a url")
