"""kill -9 of the process saving drafts, submitting snapshots and importing organisations, at
seeded random moments: after each kill the database is sound, nothing is half saved, and an audit
event exists exactly when its change does (tests/faults/harness.py; benchmarks/bench_faults.py runs 50)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from rollout.persistence.schema import open_database
from tests.faults.harness import _setup, check_database, kill_runs

KILLS = 10


def test_ten_kills_during_writes_leave_whole_changes_with_their_audit_events(
        database_url: str, tmp_path: Path) -> None:
    run = kill_runs(database_url, tmp_path, kills=KILLS, seed=2026)

    assert run.problems == []
    assert run.kills == KILLS
    # The workload did write: drafts were saved, and something was under way at each kill.
    assert run.check.drafts_versions > 3
    assert sum(run.during.values()) == KILLS


def test_the_check_finds_a_draft_changed_without_its_save(database_url: str, tmp_path: Path) -> None:
    """The checker can fail: a draft renamed behind the services' back (no audit, name out of
    step with its version) is reported."""
    db = open_database(database_url)
    state = _setup(db, tmp_path / "state.json")
    db.dispose()
    assert check_database(database_url, tmp_path / "state.json").problems == []
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE assessments SET name = 'half', version = 2 WHERE id = :id"),
                           {"id": state["assessment_ids"][0]})
    engine.dispose()

    problems = check_database(database_url, tmp_path / "state.json").problems

    assert len(problems) == 2
    assert "partial" in problems[0] and "save audits" in problems[1]

