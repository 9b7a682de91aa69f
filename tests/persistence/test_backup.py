"""SQLite backups are consistent copies made while the database is in use."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from rollout.errors import StorageError
from rollout.persistence.backup import backup_sqlite, pg_dump_advice
from rollout.persistence.database import Database, create_database_engine
from rollout.persistence.schema import upgrade_database
from rollout.persistence.tables import LoginAttemptRow, utc_now


def test_a_backup_taken_during_writes_is_a_complete_consistent_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade_database(url)
    db = Database(create_database_engine(url))
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            with db.transaction() as session:
                session.add(LoginAttemptRow(email="w@example.org", succeeded=True, at=utc_now()))

    writer = threading.Thread(target=write)
    writer.start()
    try:
        size = backup_sqlite(url, tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join()
        db.dispose()
    assert size > 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    assert not list(tmp_path.glob(".copy.db.partial"))


def test_a_backup_never_overwrites_and_explains_what_is_wrong(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade_database(url)
    (tmp_path / "taken.db").write_text("precious", encoding="utf-8")
    with pytest.raises(StorageError, match="already exists"):
        backup_sqlite(url, tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_text(encoding="utf-8") == "precious"
    with pytest.raises(StorageError, match="no database at"):
        backup_sqlite(f"sqlite:///{tmp_path / 'absent.db'}", tmp_path / "x.db")
    with pytest.raises(StorageError, match="does not exist"):
        backup_sqlite(url, tmp_path / "no-such-dir" / "x.db")


def test_postgresql_backups_point_to_pg_dump_without_showing_the_password() -> None:
    advice = pg_dump_advice("postgresql+psycopg://rollout:s3cret@db.example.org:5432/rollout")
    assert "pg_dump --format=custom" in advice
    assert "s3cret" not in advice
    assert "postgresql://rollout@db.example.org:5432/rollout" in advice
    with pytest.raises(StorageError, match="pg_dump"):
        backup_sqlite("postgresql+psycopg://rollout@db/rollout", Path("x.dump"))


def test_a_backup_over_the_databases_own_wal_file_is_refused_even_when_replacing(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade_database(url)
    for name in ("live.db", "live.db-wal", "live.db-shm", "live.db-journal"):
        with pytest.raises(StorageError, match="database's own file"):
            backup_sqlite(url, tmp_path / name, replace=True)
    with sqlite3.connect(tmp_path / "live.db") as live:
        assert live.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_backup_replaces_an_old_backup_only_when_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade_database(url)
    (tmp_path / "old.db").write_text("old", encoding="utf-8")
    backup_sqlite(url, tmp_path / "old.db", replace=True)
    with sqlite3.connect(tmp_path / "old.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_mysql_url_is_called_unsupported_not_postgresql() -> None:
    with pytest.raises(StorageError) as caught:
        backup_sqlite("mysql://rollout@db/rollout", Path("x.db"))
    assert "PostgreSQL" not in str(caught.value).split(";")[1]
    assert "'mysql'" in str(caught.value) and "does not support" in str(caught.value)
