"""Fault fixtures: a private PostgreSQL cluster a test may stop and restart.

The suite's shared cluster (ROLLOUT_TEST_POSTGRES_URL) serves every other test, possibly in
parallel, so taking it down would fail them: these tests start their own with the same script
(`.ci/postgres.sh` with its own TMPDIR), and only when PostgreSQL is configured.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.persistence.databases import POSTGRES_ENV, SKIP_POSTGRES

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "postgres.sh"


@dataclass
class PrivateCluster:
    """A throwaway PostgreSQL server of this test alone."""

    url: str
    env: dict[str, str]

    def control(self, verb: str) -> None:
        """``down``, ``up`` or ``restart`` the server (its data stays)."""
        subprocess.run(["bash", str(SCRIPT), verb], env=self.env, check=True,
                       capture_output=True, timeout=120)


@pytest.fixture()
def private_postgres() -> Iterator[PrivateCluster]:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(SKIP_POSTGRES)
    # Not under pytest's tmp_path: the server runs as `postgres` under root and must be able to
    # walk to its directory (pytest's is private to the user).
    state = Path(tempfile.mkdtemp(prefix="rollout-faults-"))
    state.chmod(0o755)
    env = {key: value for key, value in os.environ.items()
           if key not in (POSTGRES_ENV, "ROLLOUT_TEST_POSTGRES_DIR")}
    env["TMPDIR"] = str(state)
    started = subprocess.run(["bash", str(SCRIPT), "start"], env=env, check=True,
                             capture_output=True, text=True, timeout=180)
    exports = dict(line.removeprefix("export ").split("=", 1)
                   for line in started.stdout.splitlines() if line.startswith("export "))
    env["ROLLOUT_TEST_POSTGRES_DIR"] = exports["ROLLOUT_TEST_POSTGRES_DIR"]
    cluster = PrivateCluster(url=exports[POSTGRES_ENV], env=env)
    try:
        yield cluster
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(state, ignore_errors=True)
