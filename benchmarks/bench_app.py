"""Streamlit app benchmarks.

1. Server-side time of each page as a ratio to its floor (goal <= 1.5x): the same elements
   rendered by Streamlit from a record of the page's output (benchmarks/page_floor.py), timed the
   same way in the same run; the sign-in and welcome pages against a bare Streamlit page
   (``st.title`` and ``st.write``). The plan page's two interactions ("why is this date here",
   the override form) are timed too (goal <= 100 ms). Every page runs through app.py with
   ``streamlit.testing.v1.AppTest``, signed in as the administrator the way
   tests/ui/conftest.py's ``app_as`` does; the figure is the median of ``RUNS`` reruns in one
   session after a first, warming view (the bare page is timed the same way). Each organisation
   lives in its own SQLite database:

   - the demo organisation (``rollout.services.demo.load_demo``), its assessment submitted once
     so the dashboard has a snapshot to show;
   - a large generated one (tests.builders.programmes): the planner benchmark's programme (60
     business units, 40 legacy platforms, 20,000 staff), every question answered, 60
     mitigation actions, 10 courses, the 20,000 staff's roster and 200,000 completions imported
     through the training imports, and 20 submitted snapshots.

   The sign-in page (signed out) and the welcome page (an administrator without any organisation)
   are timed on the demo's database before the demo is loaded.
2. Time from starting the server (``python -m streamlit run app.py`` in a subprocess) to
   /_stcore/health answering 200, and to the sign-in page's script having run for a first visitor:
   a websocket client asks for the page as a browser does and waits for ``script_finished``
   (goal <= 1.5x the bare page's, measured the same way in the same run). Measured on a fresh
   database (the first start creates the schema) and on an existing one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from streamlit.testing.v1 import AppTest

from rollout.content.loader import Content, load_default_content
from rollout.content.schema import AnswerType
from rollout.domain.assessment import AnswerValue
from rollout.permissions import Role
from rollout.persistence.database import Database
from rollout.persistence.records import ActionStatus, MitigationActionInput
from rollout.persistence.schema import open_database
from rollout.services.access import Actor
from rollout.services.accounts import create_first_admin
from rollout.services.assessments import (
    create_assessment,
    get_assessment,
    list_assessments,
    save_draft_answers,
    submit_assessment,
)
from rollout.services.demo import load_demo
from rollout.services.mitigation import add_mitigation_action
from rollout.services.organisations import create_organisation
from rollout.services.programmes import create_programme
from rollout.services.training import add_course, course_from, import_training_file
from rollout.training.imports import ImportKind
from rollout.ui import navigation, state

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP = str(ROOT / "app.py")
RUNS = 5  # timed reruns per page (after one warming view)
START_RUNS = 3  # server starts per database state
PAGE_TIMEOUT_S = 300
START_TIMEOUT_S = 60
PASSWORD = "correct horse battery staple"
BARE_TITLE = "A bare page"
BARE_PAGE = f"""
import streamlit as st

st.title("{BARE_TITLE}")
st.write("Nothing but a title and a line of text, for comparison.")
"""

SIGN_IN_HEADINGS = frozenset({"Sign in", "Create the first administrator"})

Row = tuple[str, ...]  # benchmarks/run.py's six cells: area, figure, value, baseline, ratio, goal


def _log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _database_at(path: Path) -> Iterator[tuple[str, Database]]:
    """ROLLOUT_DATABASE_URL pointing at a SQLite file, for this process and its AppTests."""
    url = f"sqlite:///{path}"
    before = os.environ.get("ROLLOUT_DATABASE_URL")
    os.environ["ROLLOUT_DATABASE_URL"] = url
    db = open_database(url)
    try:
        yield url, db
    finally:
        db.dispose()
        if before is None:
            os.environ.pop("ROLLOUT_DATABASE_URL", None)
        else:
            os.environ["ROLLOUT_DATABASE_URL"] = before


# --- 1. page times ---------------------------------------------------------------------------------

def _median_rerun_seconds(at: AppTest, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_page_seconds(runs: int = RUNS * 3) -> float:
    at = AppTest.from_string(BARE_PAGE, default_timeout=PAGE_TIMEOUT_S)
    at.run()
    at.run()
    assert not at.exception, at.exception
    return _median_rerun_seconds(at, runs)


def page_seconds(actor: Actor | None, *, organisation_id: str | None = None,
                 page: str | None = None, runs: int = RUNS) -> float:
    """Median server-side time of one page of app.py (None: the router's default page)."""
    return _page_run(actor, organisation_id=organisation_id, page=page, runs=runs)[0]


def page_and_floor_seconds(actor: Actor, *, organisation_id: str, page: str, work: Path,
                           runs: int = RUNS) -> tuple[float, float, int]:
    """A page's median rerun time, its floor's (the same elements rendered by Streamlit from
    precomputed data: benchmarks/page_floor.py) and the number of elements."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import page_floor

    seconds, at = _page_run(actor, organisation_id=organisation_id, page=page, runs=runs)
    elements = page_floor.record(at._tree)
    script, data = page_floor.write_floor(work, page.removesuffix(".py"), elements)
    os.environ["ROLLOUT_FLOOR_RECORD"] = str(data)
    try:
        floor = AppTest.from_file(str(script), default_timeout=PAGE_TIMEOUT_S)
        floor.run()
        if floor.exception:
            raise RuntimeError(f"{page}'s floor raised: {floor.exception[0].message}")
        floor_seconds = _median_rerun_seconds(floor, runs)
    finally:
        os.environ.pop("ROLLOUT_FLOOR_RECORD", None)
    return seconds, floor_seconds, page_floor.count(elements)


def _page_run(actor: Actor | None, *, organisation_id: str | None = None,
              page: str | None = None, runs: int = RUNS) -> tuple[float, AppTest]:
    at = AppTest.from_file(APP, default_timeout=PAGE_TIMEOUT_S)
    if actor is not None:
        at.session_state[state.ACTOR] = actor
    if organisation_id is not None:
        at.session_state[state.ORGANISATION_ID] = organisation_id
    at.run()
    if page is not None:
        at.switch_page(navigation.page_path(page))
        at.run()
    if at.exception:
        raise RuntimeError(f"{page or 'default page'} raised: {at.exception[0].message}\n"
                           + "\n".join(at.exception[0].stack_trace))
    seconds = _median_rerun_seconds(at, runs)
    _log(f"{page or 'default page'}: {at.title[0].value if at.title else '(no title)'}")
    return seconds, at


def plan_interaction_seconds(actor: Actor, organisation_id: str, runs: int = RUNS
                             ) -> dict[str, float]:
    """Median server time of the plan page's two interactions: choosing another task in "why
    is this date here", and submitting the override form without a reason (refused, nothing
    stored). In a browser each reruns only its fragment; AppTest reruns the whole script (a
    fragment-scoped rerun request was tried and is ignored by Streamlit 1.67's AppTest), so
    these are the whole page's times after the interaction: an upper bound."""
    at = AppTest.from_file(APP, default_timeout=PAGE_TIMEOUT_S)
    at.session_state[state.ACTOR] = actor
    at.session_state[state.ORGANISATION_ID] = organisation_id
    at.run()
    at.switch_page(navigation.page_path("plan.py"))
    at.run()
    if at.exception:
        raise RuntimeError(f"plan page raised: {at.exception[0].message}")
    times: dict[str, list[float]] = {"why": [], "override": []}
    for i in range(runs):
        at.selectbox(key="plan_task").select_index(i + 1)
        started = time.perf_counter()
        at.run()
        times["why"].append(time.perf_counter() - started)
        at.text_input(key="override_reason").input("")
        next(b for b in at.button if b.label == "Apply override").click()
        started = time.perf_counter()
        at.run()
        times["override"].append(time.perf_counter() - started)
        if not any("reason" in e.value for e in at.error):
            raise RuntimeError("the override form did not refuse an override without a reason")
    if at.exception:
        raise RuntimeError(f"plan page raised: {at.exception[0].message}")
    return {name: statistics.median(values) for name, values in times.items()}


def _plan_interaction_rows(area: str, admin: Actor, organisation_id: str, bare: float
                           ) -> list[Row]:
    try:
        seconds = plan_interaction_seconds(admin, organisation_id)
    except Exception as exc:  # report a broken page instead of losing the whole table
        _log(f"{area} · plan interactions: {exc}")
        return [(area, "Rollout plan: interactions", f"error: {str(exc).splitlines()[0][:60]}",
                 "", "", "<= 100 ms")]
    labels = {"why": "choosing a task in 'why is this date here'",
              "override": "override form submitted (refused: no reason)"}
    return [(area, f"Rollout plan: {labels[name]} (whole page in AppTest), median of {RUNS}",
             f"{value * 1000:.0f} ms", f"{bare * 1000:.0f} ms (bare page)",
             f"{value / bare:.1f}x", "<= 100 ms") for name, value in seconds.items()]


def _organisation_pages() -> list[navigation.PageSpec]:
    """Every page an administrator sees inside an organisation (the navigation's own rules)."""
    return navigation.visible_specs(role=Role.ADMIN, is_admin=True, organisations_count=1,
                                    is_consultant_anywhere=False)


def _ratio_row(area: str, title: str, measure: Callable[[], float], bare: float) -> Row:
    try:
        seconds = measure()
    except Exception as exc:  # report a broken page instead of losing the whole table
        _log(f"{area} · {title}: {exc}")
        return (area, title, f"error: {str(exc).splitlines()[0][:60]}", "", "", "<= 3x")
    _log(f"{area} · {title}: {seconds * 1000:.0f} ms ({seconds / bare:.1f}x)")
    return (area, f"{title}: rerun, median of {RUNS}", f"{seconds * 1000:.0f} ms",
            f"{bare * 1000:.0f} ms (bare page)", f"{seconds / bare:.1f}x", "<= 3x")


def _floor_row(area: str, spec: navigation.PageSpec, admin: Actor, organisation_id: str,
               work: Path) -> Row:
    try:
        seconds, floor, elements = page_and_floor_seconds(
            admin, organisation_id=organisation_id, page=spec.file, work=work)
    except Exception as exc:  # report a broken page instead of losing the whole table
        _log(f"{area} · {spec.title}: {exc}")
        return (area, spec.title, f"error: {str(exc).splitlines()[0][:60]}", "", "", "<= 1.5x")
    _log(f"{area} · {spec.title}: {seconds * 1000:.0f} ms, floor {floor * 1000:.0f} ms "
         f"({seconds / floor:.1f}x)")
    return (area, f"{spec.title}: rerun, median of {RUNS}", f"{seconds * 1000:.0f} ms",
            f"{floor * 1000:.0f} ms (floor: {elements} elements)", f"{seconds / floor:.1f}x",
            "<= 1.5x")


def _organisation_rows(area: str, admin: Actor, organisation_id: str, work: Path) -> list[Row]:
    return [_floor_row(area, spec, admin, organisation_id, work)
            for spec in _organisation_pages()]


def _submit_first_draft(db: Database, admin: Actor, organisation_id: str, content: Content) -> None:
    draft = list_assessments(db, actor=admin, organisation_id=organisation_id)[0]
    submit_assessment(db, actor=admin, organisation_id=organisation_id, assessment_id=draft.id,
                      content=content)


def _every_answer(content: Content, rng: random.Random) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for question in content.questions.values():
        kind = question.type
        if kind is AnswerType.YES_NO:
            answers[question.id] = rng.choice(["yes", "partial", "no"])
        elif kind is AnswerType.SCALE:
            answers[question.id] = rng.randint(1, 5)
        elif kind is AnswerType.NUMBER:
            answers[question.id] = rng.choice([t.min for t in question.thresholds])
        elif kind is AnswerType.DATE:
            answers[question.id] = "2026-03-02"
        elif kind is AnswerType.CHOICE:
            answers[question.id] = rng.choice(question.options).value
        else:
            values = [o.value for o in question.options]
            answers[question.id] = rng.sample(values, rng.randint(1, len(values)))
    return answers


def large_organisation(db: Database, admin: Actor, content: Content) -> str:
    """60 units, 40 platforms, 20,000 staff, every question answered, 60 actions, 10 courses,
    a roster of the 20,000 staff and their 200,000 completions (through the training imports),
    and 20 submitted snapshots (the answers changed between them)."""
    if str(HERE.parent) not in sys.path:
        sys.path.insert(0, str(HERE.parent))
    # the planner benchmark's instance, and its training
    from tests.builders.programmes import SNAPSHOTS, large_programme, large_training

    assessment, _ = large_programme()
    rng = random.Random(5)
    organisation = create_organisation(db, actor=admin, profile=assessment.organisation).id
    programme = create_programme(db, actor=admin, organisation_id=organisation,
                                 name="CRM rollout (large)", programme=assessment.programme).id
    draft = create_assessment(db, actor=admin, organisation_id=organisation, programme_id=programme,
                              name="Readiness review (large)", content=content,
                              answers=_every_answer(content, rng)).id
    factors = sorted(content.factors)
    statuses = list(ActionStatus)
    for i in range(60):
        add_mitigation_action(db, actor=admin, organisation_id=organisation, assessment_id=draft,
                              action=MitigationActionInput(
                                  title=f"Mitigation {i + 1:02d}", owner=f"Owner {i % 9 + 1}",
                                  due_date=dt.date(2026, 1, 5) + dt.timedelta(days=7 * i),
                                  status=statuses[i % len(statuses)],
                                  factor=factors[i % len(factors)]))
    courses, roster, completions = large_training()
    for course in courses:
        add_course(db, actor=admin, organisation_id=organisation, course=course_from(course))
    for kind, data in ((ImportKind.ROSTER, roster), (ImportKind.COMPLETIONS, completions)):
        result = import_training_file(db, actor=admin, organisation_id=organisation, data=data,
                                      kind=kind, dry_run=False)
        if result.written != data.count(b"\n") - 1:
            raise RuntimeError(f"the large organisation's {kind.value} import wrote "
                               f"{result.written} rows: {result.as_json()['errors'][:3]}")
    yes_no = sorted(q.id for q in content.questions.values() if q.type is AnswerType.YES_NO)
    for i in range(SNAPSHOTS):
        if i:  # every snapshot after the first answers one more yes/no question differently
            current = get_assessment(db, actor=admin, organisation_id=organisation,
                                     assessment_id=draft)
            answers = dict(current.answers)
            answers[yes_no[i % len(yes_no)]] = "no" if answers.get(
                yes_no[i % len(yes_no)]) != "no" else "yes"
            save_draft_answers(db, actor=admin, organisation_id=organisation,
                               assessment_id=draft, answers=answers,
                               expected_version=current.version, content=content)
        submit_assessment(db, actor=admin, organisation_id=organisation, assessment_id=draft,
                          content=content)
    return organisation


def page_rows(work: Path) -> list[Row]:
    content = load_default_content()
    bare = bare_page_seconds()
    _log(f"bare page: {bare * 1000:.1f} ms")
    rows: list[Row] = [("app pages", "bare page (st.title + st.write): rerun",
                        f"{bare * 1000:.0f} ms", "", "", "")]
    with _database_at(work / "demo.db") as (_, db):
        admin = create_first_admin(db, email="admin@example.test", password=PASSWORD)
        rows.append(_ratio_row("app: no organisation", "Sign in (signed out)",
                               lambda: page_seconds(None), bare))
        rows.append(_ratio_row("app: no organisation", "Welcome",
                               lambda: page_seconds(admin), bare))
        demo, _ = load_demo(db, actor=admin, content=content)
        _submit_first_draft(db, admin, demo.id, content)
        rows += _organisation_rows("app: demo organisation", admin, demo.id, work)
        rows += _plan_interaction_rows("app: demo organisation", admin, demo.id, bare)
    with _database_at(work / "large.db") as (_, db):
        admin = create_first_admin(db, email="admin@example.test", password=PASSWORD)
        started = time.perf_counter()
        large = large_organisation(db, admin, content)
        _log(f"large organisation generated in {time.perf_counter() - started:.1f} s")
        rows += _organisation_rows("app: large organisation", admin, large, work)
        rows += _plan_interaction_rows("app: large organisation", admin, large, bare)
    return rows


# --- 2. server start -------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _first_page_headings(port: int, deadline: float) -> list[str]:
    """Open a session as a browser does, run the default page, return its headings."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    headings: list[str] = []
    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
                 max_size=None, open_timeout=START_TIMEOUT_S) as ws:
        request = BackMsg()
        request.rerun_script.query_string = ""
        request.rerun_script.page_script_hash = ""
        ws.send(request.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "heading":
                    headings.append(element.heading.body)
                elif element.WhichOneof("type") == "exception":
                    raise RuntimeError(f"the first page raised: {element.exception.message}")
            elif kind == "script_finished":
                if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"the first page ended with status {message.script_finished}")
                return headings


def server_start_seconds(database: Path, script: str = "app.py",
                         expect: frozenset[str] = SIGN_IN_HEADINGS) -> tuple[float, float]:
    """Seconds from Popen to a healthy server, and to the first page's script having run."""
    port = _free_port()
    env = {**os.environ, "ROLLOUT_DATABASE_URL": f"sqlite:///{database}"}
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false"]
    started = time.perf_counter()
    deadline = time.monotonic() + START_TIMEOUT_S
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.01)
        healthy = time.perf_counter() - started
        headings = _first_page_headings(port, deadline)
        first_page = time.perf_counter() - started
        if not expect & set(headings):
            raise RuntimeError(f"the first page is not the expected one: {headings}")
        return healthy, first_page
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_rows(work: Path, runs: int = START_RUNS) -> list[Row]:
    bare = work / "bare_page.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    starts = [server_start_seconds(work / "bare.db", str(bare), frozenset({BARE_TITLE}))
              for _ in range(runs)]
    h, f = statistics.median(s[0] for s in starts), statistics.median(s[1] for s in starts)
    _log(f"server start, bare page: health {h:.2f} s, page {f:.2f} s")
    bare_health, bare_page = h, f
    rows: list[Row] = [
        ("app start", f"bare page: start -> /_stcore/health 200 (median of {runs})",
         f"{h:.2f} s", "", "", ""),
        ("app start", f"bare page: start -> page script run (median of {runs})",
         f"{f:.2f} s", "", "", ""),
    ]
    for label, fresh in (("fresh database", True), ("existing database", False)):
        healthy, first = [], []
        for i in range(runs):
            database = work / f"start-{label.split()[0]}-{i}.db"
            if not fresh:
                db = open_database(f"sqlite:///{database}")
                create_first_admin(db, email="admin@example.test", password=PASSWORD)
                db.dispose()
            h, f = server_start_seconds(database)
            healthy.append(h)
            first.append(f)
        h, f = statistics.median(healthy), statistics.median(first)
        _log(f"server start, {label}: health {h:.2f} s, sign-in page {f:.2f} s")
        rows.append(("app start", f"{label}: start -> /_stcore/health 200 (median of {runs})",
                     f"{h:.2f} s", f"{bare_health:.2f} s (bare)", f"{h / bare_health:.2f}x", ""))
        rows.append(("app start", f"{label}: start -> sign-in page script run (median of {runs})",
                     f"{f:.2f} s", f"{bare_page:.2f} s (bare)", f"{f / bare_page:.2f}x",
                     "<= 1.5x"))
    return rows


def run() -> list[Row]:
    # AppTest setup touches st.session_state outside a script run; the warning is only noise here
    # (a filter, because Streamlit resets its loggers' levels when it reads its configuration).
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())
    previous = Path.cwd()
    os.chdir(ROOT)  # app.py's page paths and .streamlit/config.toml are relative to it
    try:
        with tempfile.TemporaryDirectory(prefix="rollout-bench-app-") as tmp:
            work = Path(tmp)
            rows = page_rows(work)
            rows += start_rows(work)
    finally:
        os.chdir(previous)
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
