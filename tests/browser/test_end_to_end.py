"""End to end in a real browser: first administrator → demo → assessment → dashboard → plan → out.

Each page visited is saved as a full-page screenshot in test-output/screenshots/<step>.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from rollout.services import MIN_PASSWORD_LENGTH
from tests.browser.conftest import SCREENSHOTS, VIEWPORT, AppServer

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "admin@example.test"
ADMIN_PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 60_000  # the first run of a page imports and plans; CI machines are slow
PROGRESS = re.compile(r"(\d+) of (\d+) questions answered")


def settle(page: Any) -> None:
    """Wait until Streamlit finished the current script run and no element is stale."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"] button')
               && !document.querySelector('[data-stale="true"]')
               && !document.querySelector('[data-testid="stSpinner"]')""",
        timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)  # a small settle for charts to draw


def assert_no_exception(page: Any, server: AppServer, step: str) -> None:
    boxes = page.locator('[data-testid="stException"]')
    if boxes.count():
        raise AssertionError(f"{step}: the page shows an exception:\n"
                             f"{boxes.first.inner_text()}\n--- server log ---\n"
                             f"{server.log_text()}")


def screenshot(page: Any, server: AppServer, step: str) -> None:
    """Check the page is free of exception boxes, then save all of it (not just the viewport).

    Streamlit scrolls inside its main container, so a plain full-page capture would stop at
    800 px: the viewport is stretched to the content's height for the capture, then restored.
    """
    settle(page)
    assert_no_exception(page, server, step)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
                               '[data-testid="stSidebarContent"]', 'body']
               .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], height)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / f"{step}.png"), full_page=True)
    page.set_viewport_size(VIEWPORT)
    page.wait_for_timeout(300)


def open_page(page: Any, server: AppServer, title: str) -> None:
    """Open a page from the sidebar; fail at once (with the server's log) if it raised."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    heading = page.get_by_role("heading", name=title, exact=True)
    heading.or_(page.locator('[data-testid="stException"]')).first.wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page, server, title)


def choose(page: Any, selectbox: Any, option: Any) -> None:
    """Pick an option of a Streamlit select box (a react-aria combo box) with the keyboard."""
    box = selectbox.get_by_role("combobox")
    box.focus()
    box.press("ArrowDown")
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    option(listbox.get_by_role("option")).click()
    listbox.wait_for(state="detached")


def answered(page: Any) -> tuple[int, int]:
    text = page.get_by_text(PROGRESS).first.inner_text()
    match = PROGRESS.search(text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


def test_first_run_to_plan_and_sign_out(app_server: AppServer, page: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page.set_default_timeout(TIMEOUT_MS)

    # --- first run: create the administrator ------------------------------------------------------
    page.goto(app_server.url)
    expect(page.get_by_text("Create the first administrator")).to_be_visible()
    screenshot(page, app_server, "01-first-administrator")
    page.get_by_label("E-mail", exact=True).fill(ADMIN_EMAIL)
    page.get_by_label("Display name", exact=True).fill("Ada Admin")
    password = f"Password (at least {MIN_PASSWORD_LENGTH} characters)"
    page.get_by_label(password, exact=True).fill(ADMIN_PASSWORD)
    page.get_by_label("Repeat the password", exact=True).fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Create administrator").click()

    # --- welcome: start with the demo organisation ------------------------------------------------
    expect(page.get_by_role("heading", name="Welcome to Rollout")).to_be_visible()
    expect(page.get_by_text(f"Signed in as {ADMIN_EMAIL}")).to_be_visible()
    screenshot(page, app_server, "02-welcome")
    page.get_by_role("button", name="Start with the demo organisation").click()
    expect(page.get_by_text("is ready. Its assessment is half answered")).to_be_visible()
    expect(page.get_by_text("Harbour Lane Confectionery (DEMO)").first).to_be_visible()
    screenshot(page, app_server, "03-demo-loaded")

    # --- assessment: answer one question, then submit ---------------------------------------------
    open_page(page, app_server, "Assessment")
    expect(page.get_by_text(PROGRESS).first).to_be_visible()
    settle(page)
    before, total = answered(page)
    assert before < total, "the demo assessment should be half answered"
    unanswered = page.locator('[data-testid="stSelectbox"]').filter(has_text="unanswered")
    if not unanswered.count():  # move on to the next dimension with questions left to answer
        page.get_by_role("button", name="Next unanswered").click()
        settle(page)
    question = unanswered.first
    question_text = question.locator('[data-testid="stWidgetLabel"]').inner_text().split("●")[0].strip()
    choose(page, question, lambda options: options.filter(has_not_text="not answered").first)
    expect(page.get_by_text(f"{before + 1} of {total} questions answered")).to_be_visible()
    settle(page)
    same_question = page.locator('[data-testid="stSelectbox"]').filter(has_text=question_text)
    expect(same_question).not_to_contain_text("unanswered")
    screenshot(page, app_server, "04-assessment-answered")

    page.get_by_role("button", name="Submit assessment").click()
    # The demo comes with snapshot #1 already submitted.
    expect(page.get_by_text(re.compile(r"Submitted as snapshot #2: readiness"))).to_be_visible()
    expect(page.get_by_text("Submitted snapshots (2)")).to_be_visible()
    screenshot(page, app_server, "05-assessment-submitted")

    # --- risk dashboard: a risk with the case it resembles -----------------------------------------
    open_page(page, app_server, "Risk dashboard")
    expect(page.get_by_role("heading", name="Top risks")).to_be_visible()
    risk_with_case = page.locator('[data-testid="stExpander"]').filter(has_text="Resembles")
    expect(risk_with_case.first).to_be_visible()
    expect(risk_with_case.first.get_by_role("link", name="Read the case")).to_be_visible()
    expect(page.get_by_role("heading", name="Documented cases this programme resembles")).to_be_visible()
    expect(page.get_by_text(re.compile(r"similarity \d+%")).first).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    screenshot(page, app_server, "06-risk-dashboard")

    # --- rollout plan: the Gantt chart --------------------------------------------------------------
    open_page(page, app_server, "Rollout plan")
    gantt = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="working days)")
    expect(gantt).to_have_count(1)
    expect(gantt.locator(".main-svg").first).to_be_visible()
    expect(gantt.locator(".barlayer .point").first).to_be_attached()  # the task bars are drawn
    expect(page.get_by_role("heading", name=re.compile(r"^Plan: "))).to_be_visible()
    screenshot(page, app_server, "07-rollout-plan")

    # --- sign out -----------------------------------------------------------------------------------
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text(f"Signed in as {ADMIN_EMAIL}")).to_have_count(0)
    screenshot(page, app_server, "08-signed-out")

    assert "Traceback" not in app_server.log_text(), app_server.log_text()
