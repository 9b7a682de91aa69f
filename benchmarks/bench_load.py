"""Load: concurrent browser sessions against one `rollout serve`.

Each session is a Playwright context of one Debian Chromium (all driven from one event loop, so
the harness takes as little of the machine as it can), signed in as its own project owner of
the demo organisation (all sessions edit the same draft, the worst case for conflicts), and loops
until the time is up: answer a question on the Assessment page, read the Risk dashboard, read the
Rollout plan. Meanwhile `rollout org import` runs in a separate process every few seconds against
the same database. Reported: interactions, errors (an exception box, a timeout), conflicts shown
("Not saved: ..." after a colleague saved first), lost updates (answers are only added or changed,
never removed, so every question a user was shown as answered by their save must be answered in
the database at the end, and the audit log must hold at least one ``assessment.save_draft`` per
such save), p50/p95 interaction latency (click to the page settled), and the server's peak RSS.

    python benchmarks/bench_load.py [--sessions 20] [--seconds 300] [--postgres] [--json FILE]

ROLLOUT_BENCH_LOAD_SCREENSHOTS=DIR saves a screenshot of each session's page when an interaction
fails. Results and what is still wrong: docs/performance.md, "Load (item 6)".

``make bench`` runs it with ROLLOUT_BENCH_LOAD_SECONDS (default 60) and ROLLOUT_BENCH_LOAD_SESSIONS
(default 20), on SQLite, and on PostgreSQL when ROLLOUT_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 120_000
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
RSS_GOAL_MB = 400
Row = tuple[str, str, str, str]


@dataclass
class Tally:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saves_shown_done: int = 0
    conflicts_shown: int = 0
    answered_labels: set[str] = field(default_factory=set)
    by_action_s: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed(database_url: str, sessions: int) -> tuple[str, list[str], Path]:
    """An administrator, the demo organisation with one project owner per session, and an
    organisation export for the background imports."""
    from rollout.content.loader import load_default_content
    from rollout.permissions import Role
    from rollout.persistence.schema import open_database
    from rollout.services import export_organisation
    from rollout.services.accounts import create_first_admin, create_user
    from rollout.services.demo import load_demo
    from rollout.services.organisations import add_member

    db = open_database(database_url)
    try:
        admin = create_first_admin(db, email="admin@example.test", password=PASSWORD)
        demo, _ = load_demo(db, actor=admin, content=load_default_content())
        emails = []
        for number in range(sessions):
            email = f"owner{number}@example.test"
            create_user(db, actor=admin, email=email, password=PASSWORD)
            add_member(db, actor=admin, organisation_id=demo.id, email=email,
                       role=Role.PROJECT_OWNER)
            emails.append(email)
        document = export_organisation(db, actor=admin, organisation_id=demo.id)
    finally:
        db.dispose()
    export = Path(tempfile.mkdtemp(prefix="rollout-load-export-")) / "demo.json"
    export.write_text(json.dumps(document))
    return demo.id, emails, export


def _importer(database_url: str, export: Path, stop: threading.Event, tally: Tally,
              done: list[int]) -> None:
    """`rollout org import` of a renamed copy, one after another until stopped."""
    rollout = Path(sys.executable).parent / "rollout"
    work = export.parent
    document = json.loads(export.read_text())
    while not stop.is_set():
        text = json.dumps(document)
        # Every row the file creates keeps its id on import, so each copy needs new ones: the
        # organisation's, its content's and its training's (courses, trainees, sessions, ...).
        ids = {document["organisation"]["id"], *(p["id"] for p in document["programmes"]),
               *(a["id"] for a in document["assessments"]),
               *(s["id"] for a in document["assessments"] for s in a.get("snapshots", [])),
               *(m["id"] for m in document.get("mitigation_actions", [])),
               *(g["id"] for g in document.get("gate_decisions", [])),
               *(row["id"] for rows in document.get("training", {}).values()
                 if isinstance(rows, list) for row in rows
                 if isinstance(row, dict) and "id" in row)}
        for old in ids:
            text = text.replace(json.dumps(old), json.dumps(uuid.uuid4().hex))
        copy = json.loads(text)
        copy["organisation"]["profile"]["name"] = f"Imported {uuid.uuid4().hex[:8]}"
        path = work / f"import-{uuid.uuid4().hex[:8]}.json"
        path.write_text(json.dumps(copy))
        result = subprocess.run([str(rollout), "org", "import", str(path)], capture_output=True,
                                text=True, env={**os.environ, "ROLLOUT_DATABASE_URL": database_url},
                                timeout=600)
        if result.returncode != 0:
            with tally.lock:
                tally.errors.append(f"org import: {result.stderr.strip()[-300:]}")
        else:
            done.append(1)
        stop.wait(5)


async def _settle(page: Any) -> None:
    await page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"] button')
               && !document.querySelector('[data-stale="true"]')
               && !document.querySelector('[data-testid="stSpinner"]')""", timeout=TIMEOUT_MS)


async def _open(page: Any, title: str) -> None:
    await page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name=title, exact=True).click()
    await page.get_by_role("heading", name=title, exact=True).or_(
        page.locator('[data-testid="stException"]')).first.wait_for(timeout=TIMEOUT_MS)
    await _settle(page)


async def _answer(page: Any, rng: random.Random) -> tuple[str, str]:
    """Answer one unanswered question on the Assessment page (a changed answer when none is
    left): ("done", its label) when the page then shows it answered, ("conflict", label) when it
    says "Not saved" (a colleague saved first), ("changed" | "none", "") otherwise."""
    main = page.locator('[data-testid="stMain"]')
    unanswered = main.locator('[data-testid="stSelectbox"]').filter(has_text="unanswered")
    if not await unanswered.count():
        await page.get_by_role("button", name="Next unanswered").click()
        await _settle(page)
    fresh = await unanswered.count() > 0
    boxes = unanswered if fresh else main.locator('[data-testid="stSelectbox"]')
    count = await boxes.count()
    if count < (1 if fresh else 2):
        return "none", ""
    box = boxes.nth(rng.randrange(count)) if fresh else boxes.nth(
        rng.randrange(1, count))  # 0: the dimension picker
    label = (await box.locator('[data-testid="stWidgetLabel"]').inner_text()).split("●")[0]
    label = label.strip()
    combo = box.get_by_role("combobox")
    await combo.focus()
    await combo.press("ArrowDown")
    listbox = page.get_by_role("listbox")
    await listbox.wait_for(timeout=TIMEOUT_MS)
    options = listbox.get_by_role("option").filter(has_not_text="not answered")
    choices = await options.count()
    if not choices:
        await combo.press("Escape")
        return "none", ""
    await options.nth(rng.randrange(choices)).click()
    await _settle(page)
    if await page.get_by_text("Not saved:").count():
        return "conflict", label
    if not fresh:
        return "changed", label
    same = main.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    shown = await same.count() and "unanswered" not in await same.first.inner_text()
    return ("done", label) if shown else ("none", label)


async def _session(browser: Any, url: str, email: str, seed: int, seconds: float,
                   tally: Tally) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        await page.goto(url)
        await page.get_by_label("E-mail", exact=True).fill(email)
        await page.get_by_label("Password", exact=True).fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_text(f"Signed in as {email}").wait_for(timeout=TIMEOUT_MS)
        await _settle(page)
        deadline = time.monotonic() + seconds  # measured from the session's sign-in
        while time.monotonic() < deadline:
            action = rng.choices(["answer", "dashboard", "plan"], weights=[3, 2, 1])[0]
            started = time.monotonic()
            outcome, label = "none", ""
            try:
                if action == "answer":
                    await _open(page, "Assessment")
                    outcome, label = await _answer(page, rng)
                else:
                    await _open(page, "Risk dashboard" if action == "dashboard"
                                else "Rollout plan")
            except Exception as exc:  # a benchmark counts every failure as an error
                tally.errors.append(f"{email} {action}: {type(exc).__name__}: "
                                    f"{str(exc).splitlines()[0][:200]}")
                shots = os.environ.get("ROLLOUT_BENCH_LOAD_SCREENSHOTS")
                if shots:  # what the user was looking at when it failed
                    await page.screenshot(path=str(Path(shots) / f"{email}-{len(tally.errors)}.png"))
                await page.goto(url)  # start again from the first page, as a user would reload
                await _settle(page)
                continue
            elapsed_s = time.monotonic() - started
            exception = page.locator('[data-testid="stException"]')
            tally.latencies_s.append(elapsed_s)
            tally.by_action_s.setdefault(action, []).append(elapsed_s)
            if await exception.count():
                tally.errors.append(f"{email} {action}: "
                                    f"{(await exception.first.inner_text())[:300]}")
            if outcome == "done":
                tally.answered_labels.add(label)
            tally.saves_shown_done += outcome == "done"
            tally.conflicts_shown += outcome == "conflict"
    except Exception as exc:
        tally.errors.append(f"{email}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
    finally:
        await context.close()


async def _sessions(url: str, emails: list[str], seed: int, seconds: float,
                    tally: Tally) -> None:
    """Every session as a context of one Chromium, driven from one event loop: one browser and
    one Playwright driver rather than one of each per session, so that the harness takes as
    little as it can of the cores the server needs."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=os.environ.get("ROLLOUT_TEST_BROWSER", "/usr/bin/chromium"),
            headless=True, args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(_session(browser, url, email, seed + number, seconds, tally)
                                   for number, email in enumerate(emails)))
        finally:
            await browser.close()


def _rss_mb(pid: int) -> float:
    """Resident memory of the server and its children, in MB."""
    total_kb = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


def _cpu_s(pid: int) -> float:
    """CPU time (user + system) the process has used so far, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _answered(database_url: str, organisation_id: str) -> int:
    """How many questions the organisation's draft has answered."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            answers = connection.execute(text(
                "SELECT answers FROM assessments WHERE organisation_id = :org"),
                {"org": organisation_id}).scalar_one()
    finally:
        engine.dispose()
    return len(json.loads(answers) if isinstance(answers, str) else answers)


def _saved_versions(database_url: str, organisation_id: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(
                "SELECT count(*) FROM audit_events WHERE action = 'assessment.save_draft' "
                "AND organisation_id = :org"), {"org": organisation_id}).scalar_one())
    finally:
        engine.dispose()


def run_load(database_url: str, *, sessions: int, seconds: float, seed: int = 6,
             keep_log: Path | None = None) -> dict[str, Any]:
    from rollout.persistence.schema import upgrade_database

    upgrade_database(database_url)
    organisation_id, emails, export = _seed(database_url, sessions)
    answered_before = _answered(database_url, organisation_id)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = export.parent / "server.log"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "rollout"), "serve", "--port", str(port)], cwd=ROOT,
        env={**os.environ, "ROLLOUT_DATABASE_URL": database_url,
             "ROLLOUT_DATABASE_POOL_SIZE": str(max(20, sessions))},
        stdout=log.open("wb"), stderr=subprocess.STDOUT)
    tally = Tally()
    rss_peak_mb = 0.0
    load_1min: list[float] = []
    rss_every_30_s_mb: list[int] = []
    server_cpu_s = server_busy = float("nan")
    imports: list[int] = []
    stop = threading.Event()
    try:
        _wait_healthy(url, server)
        importer = threading.Thread(target=_importer, args=(database_url, export, stop, tally,
                                                            imports), daemon=True)
        sessions_done = threading.Thread(target=asyncio.run,
                                         args=(_sessions(url, emails, seed, seconds, tally),))
        importer.start()
        sessions_done.start()
        cpu_start_s, wall_start_s = _cpu_s(server.pid), time.monotonic()
        while sessions_done.is_alive():
            rss_mb = _rss_mb(server.pid)
            rss_peak_mb = max(rss_peak_mb, rss_mb)
            if len(load_1min) % 30 == 0:
                rss_every_30_s_mb.append(round(rss_mb))
            load_1min.append(os.getloadavg()[0])
            time.sleep(1)
        # Server CPU over wall time: near 1.0, the server (one process, one GIL) was busy all the
        # time, and waits were queueing for it rather than for a machine others share.
        server_cpu_s = _cpu_s(server.pid) - cpu_start_s
        server_busy = server_cpu_s / (time.monotonic() - wall_start_s)
        stop.set()
        importer.join(timeout=600)
    finally:
        stop.set()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    saved = _saved_versions(database_url, organisation_id)
    # Answers are only ever added or changed, never removed: every question a user was shown as
    # answered by their save must still be answered, and nothing else was.
    newly_answered = _answered(database_url, organisation_id) - answered_before
    # Whatever the server logged as an error or a trace: the place to start looking for a cause.
    server_log = log.read_text(errors="replace").splitlines()
    server_errors = [line[:300] for line in server_log
                     if any(word in line for word in ("Traceback", "Error", "ERROR", "WARNING"))]
    if keep_log is not None:
        shutil.copyfile(log, keep_log)
    shutil.rmtree(export.parent, ignore_errors=True)
    latencies = sorted(tally.latencies_s)
    return {
        "sessions": sessions, "seconds": seconds, "interactions": len(latencies),
        "errors": tally.errors, "server_log_errors": server_errors,
        "conflicts_shown": tally.conflicts_shown,
        "saves_shown_done": tally.saves_shown_done, "saves_in_audit": saved,
        "answered_shown": len(tally.answered_labels), "newly_answered": newly_answered,
        "lost_updates": max(0, len(tally.answered_labels) - newly_answered)
        + max(0, tally.saves_shown_done - saved), "imports": len(imports),
        "p50_s": statistics.median(latencies) if latencies else float("nan"),
        "p95_s": _p95(latencies),
        "rss_peak_mb": rss_peak_mb, "rss_every_30_s_mb": rss_every_30_s_mb,
        "server_cpu_s": server_cpu_s, "server_cpu_per_wall_s": server_busy,
        "p95_by_action_s": {action: _p95(sorted(values))
                            for action, values in sorted(tally.by_action_s.items())},
        "load_1min_mean": statistics.fmean(load_1min) if load_1min else float("nan"),
        "load_1min_max": max(load_1min, default=float("nan")),
    }


def _p95(sorted_values: list[float]) -> float:
    return sorted_values[int(0.95 * (len(sorted_values) - 1))] if sorted_values else float("nan")


def _wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"rollout serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError("rollout serve did not answer within 120 s")


def _postgres_database() -> str | None:
    base = os.environ.get("ROLLOUT_TEST_POSTGRES_URL")
    if not base:
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"rollout_load_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(base).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def _row(backend: str, result: dict[str, Any]) -> Row:
    return (f"load ({backend})",
            f"{result['sessions']} sessions x {result['seconds']:.0f} s, "
            f"{result['interactions']} interactions, {result['imports']} org imports",
            f"{len(result['errors'])} errors, {result['lost_updates']} lost updates "
            f"({result['saves_shown_done']} saves shown done, {result['saves_in_audit']} in the "
            f"audit log; {result['answered_shown']} questions shown answered, "
            f"{result['newly_answered']} answered in the database; "
            f"{result['conflicts_shown']} conflicts shown); p50 "
            f"{result['p50_s']:.2f} s, p95 {result['p95_s']:.2f} s; server RSS peak "
            f"{result['rss_peak_mb']:.0f} MB; server CPU {result['server_cpu_s']:.0f} s "
            f"({result['server_cpu_per_wall_s']:.2f} s per second); p95 by action "
            + ", ".join(f"{action} {value:.2f} s"
                        for action, value in result["p95_by_action_s"].items())
            + f"; load average (1 min) mean {result['load_1min_mean']:.1f}, max "
            f"{result['load_1min_max']:.1f} on {os.cpu_count()} cores",
            f"0 errors, 0 lost, RSS <= {RSS_GOAL_MB} MB")


def run() -> list[Row]:
    """benchmarks/run.py: ROLLOUT_BENCH_LOAD_SESSIONS (20) sessions for
    ROLLOUT_BENCH_LOAD_SECONDS (60; the issue's figure is 300) on SQLite and PostgreSQL."""
    sessions = int(os.environ.get("ROLLOUT_BENCH_LOAD_SESSIONS", "20"))
    seconds = float(os.environ.get("ROLLOUT_BENCH_LOAD_SECONDS", "60"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="rollout-load-") as tmp:
        result = run_load(f"sqlite:///{Path(tmp) / 'load.db'}", sessions=sessions,
                          seconds=seconds)
        _print_errors(result)
        rows.append(_row("sqlite", result))
    postgres = _postgres_database()
    if postgres is None:
        rows.append(("load (postgres)", "skipped", "ROLLOUT_TEST_POSTGRES_URL unset", ""))
    else:
        result = run_load(postgres, sessions=sessions, seconds=seconds)
        _print_errors(result)
        rows.append(_row("postgres", result))
    return rows


def _print_errors(result: dict[str, Any]) -> None:
    for error in result["errors"][:20]:
        print(f"load error: {error}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description="concurrent browser sessions against one server")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--postgres", action="store_true",
                        help="a new database on ROLLOUT_TEST_POSTGRES_URL's server")
    parser.add_argument("--json", type=Path,
                        help="also write every figure and error here (the server's log beside it)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rollout-load-") as tmp:
        url = _postgres_database() if arguments.postgres else f"sqlite:///{Path(tmp) / 'load.db'}"
        if url is None:
            print("ROLLOUT_TEST_POSTGRES_URL is not set", file=sys.stderr)
            return 1
        result = run_load(url, sessions=arguments.sessions, seconds=arguments.seconds,
                          keep_log=arguments.json.with_suffix(".log") if arguments.json else None)
    _print_errors(result)
    if arguments.json:
        arguments.json.write_text(json.dumps(result, indent=2))
    print(" | ".join(_row("postgres" if arguments.postgres else "sqlite", result)))
    return 1 if result["errors"] or result["lost_updates"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
