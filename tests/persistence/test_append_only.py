"""Audit events, submitted snapshots and gate decisions can be inserted, never changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from rollout.errors import StorageError
from rollout.persistence.database import Database
from rollout.persistence.tables import APPEND_ONLY_TABLES, AuditEventRow

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "rollout"


def _insert_audit_event(db: Database) -> None:
    with db.transaction() as session:
        session.add(AuditEventRow(actor="cli:test", action="test.event", object_type="user"))


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'rewritten'",
    "DELETE FROM audit_events",
])
def test_the_database_refuses_to_change_or_delete_audit_events(
    db: Database, statement: str
) -> None:
    _insert_audit_event(db)
    with pytest.raises(StorageError, match="append-only"), db.transaction() as session:
        session.execute(text(statement))
    with db.reading() as session:
        rows = session.execute(text("SELECT action FROM audit_events")).scalars().all()
    assert rows == ["test.event"]


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_every_append_only_table_has_its_guard(db: Database, table: str) -> None:
    with db.reading() as session:
        if db.backend == "sqlite":
            names = session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                {"t": table}).scalars().all()
            assert sorted(names) == [f"{table}_no_delete", f"{table}_no_update"]
        else:
            names = session.execute(text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) "
                "AND NOT tgisinternal"), {"t": table}).scalars().all()
            assert sorted(names) == [f"{table}_append_only", f"{table}_no_truncate"]


def test_no_code_path_updates_or_deletes_audit_rows() -> None:
    offenders = []
    pattern = re.compile(
        r"(update|delete)\(\s*AuditEventRow|(UPDATE|DELETE\s+FROM)\s+audit_events"
        r"|session\.delete\(")
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue  # the migration creates the triggers quoted above
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []
