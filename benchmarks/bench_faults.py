"""Faults: kill -9 during saves, snapshot submissions and organisation imports, 50 times on
SQLite (and on PostgreSQL when ROLLOUT_TEST_POSTGRES_URL is set: a fresh database on that server).
The harness and its checks are tests/faults/harness.py; ROLLOUT_BENCH_FAULT_KILLS changes the
number of kills."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the harness lives with the tests

from tests.faults.harness import kill_runs, prepared_sqlite  # noqa: E402


def run() -> list[tuple[str, str, str, str]]:
    """benchmarks/run.py: 50 kills on SQLite (and PostgreSQL when ROLLOUT_TEST_POSTGRES_URL is
    set: a fresh database on that server)."""
    kills = int(os.environ.get("ROLLOUT_BENCH_FAULT_KILLS", "50"))
    rows = []
    for backend in ("sqlite", "postgres"):
        with tempfile.TemporaryDirectory(prefix="rollout-faults-") as tmp:
            url = _database_for(backend, Path(tmp))
            if url is None:
                rows.append(("faults (postgres)", "kill -9 during writes", "skipped: "
                             "ROLLOUT_TEST_POSTGRES_URL unset", "0 problems"))
                continue
            started = time.monotonic()
            result = kill_runs(url, Path(tmp), kills=kills, seed=16)
            elapsed_s = time.monotonic() - started
            during = ", ".join(f"{k} {v}" for k, v in sorted(result.during.items()))
            rows.append((f"faults ({backend})", f"kill -9 during writes ({kills} runs, "
                         f"{elapsed_s:.0f} s)",
                         f"{len(result.problems)} problems; killed during: {during}; "
                         f"{result.check.drafts_versions} draft versions, "
                         f"{result.check.snapshots} snapshots, {result.check.imports} imports "
                         f"checked", "0 problems"))
            for problem in result.problems[:10]:
                print(problem, file=sys.stderr)
    return rows


def _database_for(backend: str, work_dir: Path) -> str | None:
    if backend == "sqlite":
        return prepared_sqlite(work_dir)
    base = os.environ.get("ROLLOUT_TEST_POSTGRES_URL")
    if not base:
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from rollout.persistence.schema import upgrade_database

    name = f"rollout_faults_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(base).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade_database(url)
    return url



if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
