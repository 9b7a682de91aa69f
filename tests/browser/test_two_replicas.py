"""Two app servers (`rollout serve` on two ports) on one PostgreSQL database, as behind a reverse
proxy with sticky sessions (docs/deployment.md): a change made through one replica's page is seen
through the other at its next rerun, and a session signed in on one replica goes on on the other
(a fail-over, or a proxy that lost its stickiness). Nothing of a user's lives only in one process's
memory."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rollout.content.loader import load_content
from rollout.permissions import Role
from rollout.persistence.schema import open_database
from rollout.services.accounts import create_first_admin, create_user
from rollout.services.demo import load_demo
from rollout.services.organisations import add_member
from tests.browser.conftest import (
    CHROMIUM_ARGS,
    ROOT,
    SERVER_START_TIMEOUT_S,
    VIEWPORT,
    AppServer,
    _free_port,
    server_command,
    wait_until_healthy,
)
from tests.browser.test_end_to_end import (
    PROGRESS,
    TIMEOUT_MS,
    answered,
    assert_no_exception,
    choose,
    open_page,
    settle,
)
from tests.persistence.databases import ModuleDatabases

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

PASSWORD = "correct horse battery staple"
OWNER = "owner@example.test"
CONSULTANT = "consultant@example.test"


@pytest.fixture()
def shared_database(postgres_module_databases: ModuleDatabases | None) -> str:
    if postgres_module_databases is None:
        from tests.persistence.databases import SKIP_POSTGRES

        pytest.skip(SKIP_POSTGRES)
    url = postgres_module_databases.fresh("replicas")
    db = open_database(url)
    try:
        admin = create_first_admin(db, email="admin@example.test", password=PASSWORD)
        demo, _ = load_demo(db, actor=admin, content=load_content())
        for email, role in ((OWNER, Role.PROJECT_OWNER), (CONSULTANT, Role.CONSULTANT)):
            create_user(db, actor=admin, email=email, password=PASSWORD)
            add_member(db, actor=admin, organisation_id=demo.id, email=email, role=role)
    finally:
        db.dispose()
    return url


@pytest.fixture()
def replicas(chromium_path: str, shared_database: str,
             tmp_path: Path) -> Iterator[tuple[AppServer, AppServer]]:
    env = {**os.environ, "ROLLOUT_DATABASE_URL": shared_database, "PYTHONUNBUFFERED": "1"}
    processes: list[subprocess.Popen[bytes]] = []
    servers = []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = tmp_path / f"replica-{name}.log"
            with log.open("wb") as out:
                processes.append(subprocess.Popen(server_command(port), cwd=ROOT, env=env,
                                                  stdout=out, stderr=subprocess.STDOUT))
            servers.append(AppServer(url=f"http://127.0.0.1:{port}", log=log,
                                     database_url=shared_database))
        for server, process in zip(servers, processes, strict=True):
            wait_until_healthy(server.url, process, SERVER_START_TIMEOUT_S, server.log)
        yield servers[0], servers[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _sign_in(page: Any, server: AppServer, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(server.url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    for _ in range(50):  # the HttpOnly cookie arrives in the background
        if any(c["name"] == "rollout_session" for c in page.context.cookies()):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no session cookie after signing in")


def test_a_change_through_one_replica_is_seen_through_the_other_at_its_next_rerun(
        replicas: tuple[AppServer, AppServer], chromium_path: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    replica_a, replica_b = replicas
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            owner = browser.new_context(viewport=VIEWPORT, locale="en-GB").new_page()  # type: ignore[arg-type]
            reader = browser.new_context(viewport=VIEWPORT, locale="en-GB").new_page()  # type: ignore[arg-type]
            for page in (owner, reader):
                page.set_default_timeout(TIMEOUT_MS)
            _sign_in(owner, replica_a, OWNER)
            _sign_in(reader, replica_b, CONSULTANT)
            open_page(reader, replica_b, "Assessment")
            expect(reader.get_by_text(PROGRESS).first).to_be_visible()
            settle(reader)
            before, total = answered(reader)

            # The project owner answers one more question through replica A.
            open_page(owner, replica_a, "Assessment")
            expect(owner.get_by_text(PROGRESS).first).to_be_visible()
            settle(owner)
            assert answered(owner) == (before, total)
            unanswered = owner.locator('[data-testid="stSelectbox"]').filter(has_text="unanswered")
            if not unanswered.count():
                owner.get_by_role("button", name="Next unanswered").click()
                settle(owner)
            choose(owner, unanswered.first,
                   lambda options: options.filter(has_not_text="not answered").first)
            expect(owner.get_by_text(f"{before + 1} of {total} questions answered")).to_be_visible()
            settle(owner)
            assert_no_exception(owner, replica_a, "answer through replica A")

            # The consultant's next rerun on replica B (here: opening the page again) shows it.
            open_page(reader, replica_b, "Risk dashboard")
            open_page(reader, replica_b, "Assessment")
            expect(reader.get_by_text(f"{before + 1} of {total} questions answered")).to_be_visible()
            assert_no_exception(reader, replica_b, "read through replica B")

            # The owner's session, signed in on replica A, goes on on replica B (its cookie and
            # its session live in the database, not in replica A's memory).
            owner.goto(f"{replica_b.url}/assessment")
            expect(owner.get_by_text(f"Signed in as {OWNER}")).to_be_visible()
            expect(owner.get_by_text(re.compile(
                rf"{before + 1} of {total} questions answered")).first).to_be_visible()
            assert_no_exception(owner, replica_b, "owner's session on replica B")
        finally:
            browser.close()
