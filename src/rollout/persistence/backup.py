"""Backing up the database: SQLite's online backup API; PostgreSQL is pg_dump's job."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL

from rollout.errors import StorageError
from rollout.persistence.database import parse_url


def pg_dump_advice(url: str) -> str:
    """What to run instead of `rollout backup` on PostgreSQL (the password is not shown)."""
    parsed = parse_url(url)
    # pg_dump takes libpq URLs; the password belongs in ~/.pgpass or PGPASSWORD, not on screen.
    target = URL.create("postgresql", username=parsed.username, host=parsed.host,
                        port=parsed.port, database=parsed.database).render_as_string()
    return (
        "`rollout backup` copies SQLite databases only; this one is PostgreSQL. Back it up with "
        f"pg_dump, for example:\n  pg_dump --format=custom --file rollout.dump '{target}'\n"
        "and restore with pg_restore (see docs/deployment.md)")


def backup_sqlite(url: str, out: Path) -> int:
    """Copy the SQLite database at ``url`` to ``out`` while it may be in use; return its size.

    The copy is consistent (SQLite's online backup API) and appears at ``out`` only when
    complete; an existing file is never overwritten.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise StorageError(pg_dump_advice(url))
    source_path = parsed.database
    if not source_path or source_path == ":memory:":
        raise StorageError("an in-memory database cannot be backed up")
    source_file = Path(source_path)
    if not source_file.is_file():
        raise StorageError(f"there is no database at {source_file}; nothing to back up")
    out = Path(out)
    if out.exists():
        raise StorageError(f"{out} already exists; choose a new file name (backups are never "
                           f"overwritten)")
    if not out.parent.is_dir():
        raise StorageError(f"the directory {out.parent} does not exist")
    partial = out.with_name(f".{out.name}.partial")
    try:
        source = sqlite3.connect(source_file)
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
                # A self-contained file: no -wal/-shm companions needed to open it.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        os.replace(partial, out)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"the backup to {out} failed: {exc}") from None
    return out.stat().st_size
