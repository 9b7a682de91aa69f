"""Kill -9 during writes: a worker process saves drafts, submits snapshots and imports
organisations in a loop; it is killed at a random moment, restarted, killed again, and after
every kill the database is checked.

After each kill:

* the database is sound: ``PRAGMA integrity_check`` says ``ok`` and ``PRAGMA foreign_key_check``
  finds nothing (SQLite); it answers a query (PostgreSQL);
* no partial save: each draft is whole at its version (name, answers and version all written by
  the same save: the worker derives them from the version number, so the checker can too), each
  snapshot holds the answers of the draft version it scored, each imported organisation holds all
  it should (the counts its import audit recorded);
* an audit event exists if and only if its change does: one ``assessment.save_draft`` per draft
  version after the first, one ``assessment.submit`` per snapshot (naming it), one
  ``organisation.import`` per imported organisation.

The worker is the service layer in its own process (the same calls the pages and ``rollout org
import`` make); killing it is a server killed mid-request as far as the database can tell.
Randomness is seeded; nothing asserts on timing (a loaded machine only moves where the kills land).

    python -m tests.faults.harness --kills 50 [--database URL] [--seed N]   (from the checkout)

``benchmarks/bench_faults.py`` runs it for ``make bench``; tests/faults runs 10 kills in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ASSESSMENTS = 3
IMPORTED_PREFIX = "Imported copy "
READY = "ready"
BEGIN = "begin "
# Questions the worker changes with every save, with the name: three fields of one save.
COUNTED_QUESTION = "data.trial_migrations"
HOURS_QUESTION = "training.hours_per_user"
# A killed worker's successor must be ready within this; generous for a loaded 2-core machine.
READY_TIMEOUT_S = 180.0


def expected_draft(base: dict[str, Any], version: int) -> tuple[str, dict[str, Any]]:
    """The name and answers the worker writes at ``version`` (version 1: as created)."""
    answers = dict(base)
    answers[COUNTED_QUESTION] = version % 10
    answers[HOURS_QUESTION] = version % 30 + 1
    return f"Draft v{version}", answers


# --- the worker (the process that is killed) ----------------------------------------------------


def _setup(db: Any, state_file: Path) -> dict[str, Any]:
    from rollout.content.loader import example_assessment, load_default_content
    from rollout.persistence.mapping import decode_answers, encode_answers
    from rollout.services import (
        create_assessment,
        create_organisation,
        export_organisation,
    )
    from rollout.services.access import Actor
    from rollout.services.programmes import create_programme

    content = load_default_content()
    operator = Actor.command_line()
    example = example_assessment(content, "hershey-1999")
    organisation = create_organisation(db, actor=operator, profile=example.organisation.model_copy(
        update={"name": "Fault test"}))
    programme = create_programme(db, actor=operator, organisation_id=organisation.id,
                                 name="CRM rollout", programme=example.programme)
    base = encode_answers(example.answers)  # as stored: JSON (dates as text)
    ids = []
    for _ in range(ASSESSMENTS):
        name, answers = expected_draft(base, 1)
        ids.append(create_assessment(db, actor=operator, organisation_id=organisation.id,
                                     programme_id=programme.id, name=name, content=content,
                                     answers=decode_answers(answers)).id)
    document = export_organisation(db, actor=operator, organisation_id=organisation.id)
    state = {"organisation_id": organisation.id, "assessment_ids": ids,
             "base_answers": base, "document": document}
    state_file.write_text(json.dumps(state))
    return state


def _fresh_copy(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The exported organisation with new ids everywhere and a new name (imports refuse
    existing ones)."""
    text = json.dumps(document)
    ids: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "id" and isinstance(value, str):
                    ids.add(value)
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document)
    for old in sorted(ids, key=len, reverse=True):
        text = text.replace(json.dumps(old), json.dumps(uuid.UUID(int=rng.getrandbits(128)).hex))
    copy: dict[str, Any] = json.loads(text)
    suffix = uuid.UUID(int=rng.getrandbits(128)).hex[:12]
    copy["organisation"]["profile"]["name"] = f"{IMPORTED_PREFIX}{suffix}"
    return copy


def _say(line: str) -> None:
    """One line to the harness, at once (it reads what the worker had begun when killed)."""
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


def work(database_url: str, state_file: Path, seed: int) -> None:
    """Save, submit and import in a seeded random order until killed."""
    from rollout.content.loader import load_default_content
    from rollout.errors import ConflictError
    from rollout.persistence.mapping import decode_answers
    from rollout.persistence.schema import open_database
    from rollout.services import (
        get_assessment,
        import_organisation,
        save_draft_answers,
        submit_assessment,
    )
    from rollout.services.access import Actor

    db = open_database(database_url)
    content = load_default_content()
    operator = Actor.command_line()
    state = json.loads(state_file.read_text())
    rng = random.Random(seed)
    _say(READY)
    while True:
        operation = rng.choices(["save", "submit", "import"], weights=[5, 3, 2])[0]
        assessment_id = rng.choice(state["assessment_ids"])
        _say(f"{BEGIN}{operation}")
        try:
            if operation == "save":
                current = get_assessment(db, actor=operator, organisation_id=state["organisation_id"],
                                         assessment_id=assessment_id)
                name, answers = expected_draft(state["base_answers"], current.version + 1)
                save_draft_answers(db, actor=operator, organisation_id=state["organisation_id"],
                                   assessment_id=assessment_id, answers=decode_answers(answers),
                                   expected_version=current.version, content=content, name=name)
            elif operation == "submit":
                submit_assessment(db, actor=operator, organisation_id=state["organisation_id"],
                                  assessment_id=assessment_id, content=content)
            else:
                import_organisation(db, actor=operator, data=_fresh_copy(state["document"], rng),
                                    content=content, source="fault-test.json")
        except ConflictError:
            pass  # an unchanged draft submitted twice: refused, as it should be


# --- the checker --------------------------------------------------------------------------------


@dataclass
class Check:
    problems: list[str] = field(default_factory=list)
    drafts_versions: int = 0
    snapshots: int = 0
    imports: int = 0


def check_database(database_url: str, state_file: Path) -> Check:
    """Every invariant of the module docstring, on the database as the kill left it."""
    from sqlalchemy import create_engine, text
    from sqlmodel import Session, select

    from rollout.persistence.tables import (
        AssessmentRow,
        AssessmentSnapshotRow,
        AuditEventRow,
        OrganisationRow,
        ProgrammeRow,
    )

    result = Check()
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.url.get_backend_name() == "sqlite":
                integrity = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check")]
                if integrity != ["ok"]:
                    result.problems.append(f"integrity_check: {integrity[:3]}")
                broken = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
                if broken:
                    result.problems.append(f"foreign_key_check: {broken[:3]}")
            else:
                connection.execute(text("SELECT 1"))
        state = json.loads(state_file.read_text())
        with Session(engine) as session:
            audits = list(session.exec(select(AuditEventRow).where(
                AuditEventRow.imported == False)))  # noqa: E712 (SQL, not Python)
            by_action: dict[str, list[AuditEventRow]] = {}
            for event in audits:
                by_action.setdefault(event.action, []).append(event)
            _check_drafts(session, state, by_action, result, AssessmentRow)
            _check_snapshots(session, state, by_action, result, AssessmentSnapshotRow)
            _check_imports(session, by_action, result, OrganisationRow, ProgrammeRow,
                           AssessmentRow, AssessmentSnapshotRow)
    finally:
        engine.dispose()
    return result


def _check_drafts(session: Any, state: dict[str, Any], by_action: dict[str, list[Any]],
                  result: Check, assessment_row: Any) -> None:
    saves = Counter(e.object_id for e in by_action.get("assessment.save_draft", []))
    latest: dict[str, int] = {}
    for event in by_action.get("assessment.save_draft", []):
        latest[event.object_id] = max(latest.get(event.object_id, 0), event.after["version"])
    for assessment_id in state["assessment_ids"]:
        row = session.get(assessment_row, assessment_id)
        name, answers = expected_draft(state["base_answers"], row.version)
        if row.name != name or row.answers != answers:
            result.problems.append(f"draft {assessment_id} at version {row.version} is partial: "
                                   f"name {row.name!r}")
        if saves[assessment_id] != row.version - 1 or latest.get(assessment_id, 1) != row.version:
            result.problems.append(f"draft {assessment_id} at version {row.version} has "
                                   f"{saves[assessment_id]} save audits (latest version "
                                   f"{latest.get(assessment_id)})")
        result.drafts_versions += row.version


def _check_snapshots(session: Any, state: dict[str, Any], by_action: dict[str, list[Any]],
                     result: Check, snapshot_row: Any) -> None:
    from sqlmodel import select

    audited = {e.after["snapshot_id"]: e.after["draft_version"]
               for e in by_action.get("assessment.submit", [])
               if e.object_id in state["assessment_ids"]}
    snapshots = list(session.exec(select(snapshot_row).where(
        snapshot_row.assessment_id.in_(state["assessment_ids"]))))
    if {s.id for s in snapshots} != set(audited):
        result.problems.append(f"{len(snapshots)} snapshots but {len(audited)} submit audits")
    for snapshot in snapshots:
        version = audited.get(snapshot.id)
        if version is None:
            continue
        _, answers = expected_draft(state["base_answers"], version)
        scored = snapshot.assessment.get("answers", {})
        if scored.get(COUNTED_QUESTION) != answers[COUNTED_QUESTION] or scored.get(
                HOURS_QUESTION) != answers[HOURS_QUESTION] or snapshot.report is None:
            result.problems.append(f"snapshot {snapshot.id} is not draft version {version} whole")
    result.snapshots += len(snapshots)


def _check_imports(session: Any, by_action: dict[str, list[Any]], result: Check,
                   organisation_row: Any, programme_row: Any, assessment_row: Any,
                   snapshot_row: Any) -> None:
    from sqlalchemy import func
    from sqlmodel import select

    audited = {e.object_id: e.after for e in by_action.get("organisation.import", [])}
    imported = {o.id for o in session.exec(select(organisation_row)) if o.name.startswith(
        IMPORTED_PREFIX)}
    if imported != set(audited):
        result.problems.append(f"{len(imported)} imported organisations but {len(audited)} "
                               f"import audits")
    for organisation_id in imported & set(audited):
        for table, key in ((programme_row, "programmes"), (assessment_row, "assessments"),
                           (snapshot_row, "snapshots")):
            count = session.exec(select(func.count()).select_from(table).where(
                table.organisation_id == organisation_id)).one()
            if count != audited[organisation_id][key]:
                result.problems.append(f"imported organisation {organisation_id} has {count} "
                                       f"{key}, its import recorded {audited[organisation_id][key]}")
    result.imports += len(imported)


# --- the harness --------------------------------------------------------------------------------


@dataclass
class Run:
    kills: int = 0
    during: Counter[str] = field(default_factory=Counter)
    check: Check = field(default_factory=Check)
    problems: list[str] = field(default_factory=list)


def kill_runs(database_url: str, work_dir: Path, *, kills: int, seed: int,
              min_delay_s: float = 0.05, max_delay_s: float = 1.5) -> Run:
    """Start the worker, kill -9 it after a seeded random delay, check; ``kills`` times, each
    worker continuing on what the last one left."""
    rng = random.Random(seed)
    state_file = work_dir / "fault-state.json"
    run = Run()
    if not state_file.exists():  # set up unkilled, so a kill never leaves half a setup behind
        from rollout.persistence.schema import open_database

        db = open_database(database_url)
        try:
            _setup(db, state_file)
        finally:
            db.dispose()
    env = {**os.environ, "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for number in range(kills):
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.harness", "work", "--database", database_url,
             "--state", str(state_file), "--seed", str(rng.getrandbits(32))],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True)
        try:
            assert worker.stdout is not None
            _wait_for_ready(worker, number)
            time.sleep(rng.uniform(min_delay_s, max_delay_s))
            worker.send_signal(signal.SIGKILL)
            last, lines = _last_begin(worker)
            run.during[last] += 1
            if "Traceback" in (stderr := worker.stderr.read() if worker.stderr else ""):
                run.problems.append(f"kill {number + 1}: the worker failed before the kill:\n"
                                    f"{stderr[-2000:]}")
            if lines == 0:
                run.problems.append(f"kill {number + 1}: the worker did nothing before the kill")
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=30)
        run.kills += 1
        check = check_database(database_url, state_file)
        run.problems += [f"kill {number + 1}: {p}" for p in check.problems]
        run.check = check
    return run


def _wait_for_ready(worker: subprocess.Popen[str], number: int) -> None:
    assert worker.stdout is not None
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        line = worker.stdout.readline()
        if line.strip() == READY:
            return
        if not line and worker.poll() is not None:
            stderr = worker.stderr.read() if worker.stderr else ""
            raise RuntimeError(f"worker {number + 1} exited with {worker.returncode} before it "
                               f"was ready:\n{stderr[-3000:]}")
    raise RuntimeError(f"worker {number + 1} was not ready within {READY_TIMEOUT_S:.0f} s")


def _last_begin(worker: subprocess.Popen[str]) -> tuple[str, int]:
    """The operation the worker had begun when it died, and how many it had begun."""
    assert worker.stdout is not None
    worker.wait(timeout=30)
    lines = [line.strip() for line in worker.stdout.read().splitlines()
             if line.startswith(BEGIN)]
    return (lines[-1].removeprefix(BEGIN) if lines else "start-up"), len(lines)


def prepared_sqlite(work_dir: Path) -> str:
    from rollout.persistence.schema import upgrade_database

    url = f"sqlite:///{work_dir / 'faults.db'}"
    upgrade_database(url)
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command")
    worker = sub.add_parser("work", help="the worker (killed by the harness)")
    worker.add_argument("--database", required=True)
    worker.add_argument("--state", type=Path, required=True)
    worker.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--database", help="default: a new SQLite file")
    parser.add_argument("--seed", type=int, default=16)
    arguments = parser.parse_args()
    if arguments.command == "work":
        work(arguments.database, arguments.state, arguments.seed)
        return 0
    with tempfile.TemporaryDirectory(prefix="rollout-faults-") as tmp:
        url = arguments.database or prepared_sqlite(Path(tmp))
        result = kill_runs(url, Path(tmp), kills=arguments.kills, seed=arguments.seed)
    sys.stderr.write(f"{result.kills} kills; killed during: {dict(result.during)}; "
                     f"{len(result.problems)} problems\n")
    sys.stderr.writelines(f"{problem}\n" for problem in result.problems)
    return 1 if result.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
