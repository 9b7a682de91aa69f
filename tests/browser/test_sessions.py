"""D5 in a real browser: the session survives reloads, new tabs and bookmarks; a deep link opens
its page after sign-in; sign-out and disabling a user end it. And, per role, a reload in the
middle of a task keeps the user signed in on the same page, able to go on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from rollout.content.loader import load_content
from rollout.permissions import Role
from rollout.persistence.schema import open_database
from rollout.services.accounts import create_first_admin, create_user, set_user_active
from rollout.services.demo import load_demo
from rollout.services.organisations import add_member, list_organisations
from tests.browser.conftest import AppServer
from tests.browser.test_end_to_end import TIMEOUT_MS, assert_no_exception, settle

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
ADMIN = "admin@example.test"
CASE = "hershey-1999"


@dataclass
class Accounts:
    user_ids: dict[str, str]  # e-mail -> user id


def _seed(server: AppServer) -> Accounts:
    db = open_database(server.database_url)
    try:
        admin = create_first_admin(db, email=ADMIN, password=PASSWORD)
        demo, _ = load_demo(db, actor=admin, content=load_content())
        ids = {ADMIN: admin.user_id or ""}
        for role in (Role.PROJECT_OWNER, Role.EXECUTIVE, Role.TRAINER, Role.CONSULTANT):
            email = f"{role.value}@example.test"
            ids[email] = create_user(db, actor=admin, email=email, password=PASSWORD).id
            add_member(db, actor=admin, organisation_id=demo.id, email=email, role=role)
        return Accounts(ids)
    finally:
        db.dispose()


def _expect_heading(page: Any, server: AppServer, title: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    assert_no_exception(page, server, title)


def _sign_in(page: Any, server: AppServer, email: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    # The browser trades the one-time code for the HttpOnly cookie in the background.
    for _ in range(50):
        if any(c["name"] == "rollout_session" for c in page.context.cookies()):
            break
        page.wait_for_timeout(100)


def _session_cookie(page: Any) -> dict[str, Any]:
    [cookie] = [c for c in page.context.cookies() if c["name"] == "rollout_session"]
    return dict(cookie)


def _open(page: Any, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()


def test_d5_reload_new_tab_and_bookmark_keep_the_session(app_server: AppServer,
                                                        page: Any) -> None:
    from playwright.sync_api import expect

    _seed(app_server)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_server.url)
    _sign_in(page, app_server, "project_owner@example.test")
    cookie = _session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("() => document.cookie").find("rollout_session") == -1  # not for scripts

    _open(page, "Programme setup")
    _expect_heading(page, app_server, "Programme setup")
    page.reload()
    _expect_heading(page, app_server, "Programme setup")
    expect(page.get_by_text("Signed in as project_owner@example.test")).to_be_visible()

    other = page.context.new_page()  # a new tab, e.g. the dashboard's "Read the case"
    other.goto(f"{app_server.url}/case_library?case={CASE}")
    _expect_heading(other, app_server, "Case library")
    expect(other.get_by_text("Page not found")).to_have_count(0)
    expect(other.locator('[data-testid="stExpander"] details[open]')).to_have_count(1)

    page.goto(f"{app_server.url}/plan")  # a bookmark typed in the address bar
    _expect_heading(page, app_server, "Rollout plan")


def test_d5_a_deep_link_opens_its_page_after_sign_in(app_server: AppServer, page: Any) -> None:
    from playwright.sync_api import expect

    _seed(app_server)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{app_server.url}/case_library?case={CASE}")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    _sign_in(page, app_server, "executive@example.test")
    _expect_heading(page, app_server, "Case library")
    expect(page.locator('[data-testid="stExpander"] details[open]')).to_have_count(1)


def test_d5_signing_out_ends_the_session_in_every_tab(app_server: AppServer, page: Any) -> None:
    from playwright.sync_api import expect

    _seed(app_server)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_server.url)
    _sign_in(page, app_server, "consultant@example.test")
    stolen = _session_cookie(page)
    other = page.context.new_page()
    other.goto(f"{app_server.url}/case_library")
    _expect_heading(other, app_server, "Case library")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    other.reload()
    expect(other.get_by_role("heading", name="Sign in")).to_be_visible()
    # A copy of the old cookie is worth nothing: the session is revoked on the server.
    fresh = page.context.browser.new_context()
    fresh.add_cookies([{k: stolen[k] for k in ("name", "value", "domain", "path")}])
    tab = fresh.new_page()
    tab.goto(app_server.url)
    expect(tab.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
    fresh.close()


def test_d5_disabling_a_user_ends_their_browser_session(app_server: AppServer, page: Any) -> None:
    from playwright.sync_api import expect

    accounts = _seed(app_server)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_server.url)
    _sign_in(page, app_server, "trainer@example.test")
    db = open_database(app_server.database_url)
    try:
        from rollout.services.accounts import authenticate

        admin = authenticate(db, email=ADMIN, password=PASSWORD)
        set_user_active(db, actor=admin, user_id=accounts.user_ids["trainer@example.test"],
                        active=False)
    finally:
        db.dispose()
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Signed in as trainer@example.test")).to_have_count(0)


# Each role: a page of its own work, and what shows the work is still possible after a reload.
ROLE_TASKS = {
    "project_owner@example.test": ("Assessment", "Submit assessment"),
    "executive@example.test": ("Rollout plan", None),
    "trainer@example.test": ("Mitigation actions", None),
    "consultant@example.test": ("Portfolio", None),
    ADMIN: ("Administration", None),
}


def test_d5_every_role_reloads_mid_task_and_keeps_working(app_server: AppServer,
                                                         page: Any) -> None:
    from playwright.sync_api import expect

    _seed(app_server)
    browser = page.context.browser
    for email, (title, button) in ROLE_TASKS.items():
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        tab.goto(app_server.url)
        _sign_in(tab, app_server, email)
        _open(tab, title)
        _expect_heading(tab, app_server, title)
        tab.reload()  # mid-task
        _expect_heading(tab, app_server, title)
        expect(tab.get_by_text(f"Signed in as {email}")).to_be_visible()
        if button is not None:
            expect(tab.get_by_role("button", name=button)).to_be_enabled()
        _open(tab, "Case library")  # and the app keeps answering
        _expect_heading(tab, app_server, "Case library")
        context.close()


def test_d7_table_downloads_follow_the_export_right_and_are_audited(app_server: AppServer,
                                                                   page: Any) -> None:
    from playwright.sync_api import expect

    _seed(app_server)
    browser = page.context.browser
    for email, may_export in (("trainer@example.test", False), ("executive@example.test", True)):
        context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      accept_downloads=True)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        tab.goto(app_server.url)
        _sign_in(tab, app_server, email)
        _open(tab, "Mitigation actions")
        _expect_heading(tab, app_server, "Mitigation actions")
        grid = tab.locator('[data-testid="stDataFrame"]').first
        grid.hover()
        tab.wait_for_timeout(500)
        expect(tab.get_by_role("button", name="Download as CSV")).to_have_count(0)
        button = tab.get_by_role("button", name="Download these actions (CSV)")
        if not may_export:
            expect(button).to_have_count(0)
        else:
            with tab.expect_download() as download:
                button.click()
            assert download.value.suggested_filename == "mitigation-actions.csv"
            settle(tab)
        context.close()
    db = open_database(app_server.database_url)
    try:
        from rollout.services.accounts import authenticate
        from rollout.services.audit import list_audit_events

        admin = authenticate(db, email=ADMIN, password=PASSWORD)
        events = [e for o in list_organisations(db, actor=admin)
                  for e in list_audit_events(db, actor=admin, organisation_id=o.id)]
    finally:
        db.dispose()
    exports = [e for e in events if e.action == "export.mitigation_action"]
    assert [e.actor for e in exports] == ["executive@example.test"]
