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
    backend = parsed.get_backend_name()
    if backend != "postgresql":
        return (f"`rollout backup` copies SQLite databases only, and Rollout runs on SQLite or "
                f"PostgreSQL; this URL is for {backend!r}, which Rollout does not support. Set "
                f"ROLLOUT_DATABASE_URL to a sqlite:/// or postgresql+psycopg:// URL")
    # pg_dump takes libpq URLs; the password belongs in ~/.pgpass or PGPASSWORD, not on screen.
    target = URL.create("postgresql", username=parsed.username, host=parsed.host,
                        port=parsed.port, database=parsed.database).render_as_string()
    return (
        "`rollout backup` copies SQLite databases only; this one is PostgreSQL. Back it up with "
        f"pg_dump, for example:\n  pg_dump --format=custom --file rollout.dump '{target}'\n"
        "and restore with pg_restore (see docs/deployment.md)")


def check_backup_source(url: str) -> Path:
    """The SQLite file to back up; a StorageError if the URL is not SQLite or names no file.

    Called before anything opens the database, because opening a mistyped path would create
    (and migrate) an empty database, and its "backup" would look like a success.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise StorageError(pg_dump_advice(url))
    source_path = parsed.database
    if not source_path or source_path == ":memory:":
        raise StorageError("an in-memory database cannot be backed up")
    source_file = Path(source_path)
    if not source_file.is_file():
        raise StorageError(f"there is no database at {source_file}; nothing to back up (check "
                           f"ROLLOUT_DATABASE_URL or ROLLOUT_DATA_DIR)")
    return source_file


def backup_sqlite(url: str, out: Path, *, replace: bool = False) -> int:
    """Copy the SQLite database at ``url`` to ``out`` while it may be in use; return its size.

    The copy is consistent (SQLite's online backup API) and appears at ``out`` only when
    complete; an existing file is overwritten only if ``replace``, and never the database or
    its companion files.
    """
    from rollout.errors import InputError
    from rollout.output_files import check_output_path, sqlite_files

    source_file = check_backup_source(url)
    out = Path(out)
    try:
        check_output_path(out, force=replace, protected=sqlite_files(f"sqlite:///{source_file}"))
    except InputError as exc:
        raise StorageError(str(exc)) from None
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
        if replace:
            os.replace(partial, out)
        else:
            os.link(partial, out)  # fails if a file appeared meanwhile: never overwritten
            partial.unlink()
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"the backup to {out} failed: {exc}") from None
    return out.stat().st_size
