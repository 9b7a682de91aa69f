"""A trainer's day in a real browser: sign in, import a roster through the import wizard (a file
upload), book a session, enrol the new people, mark them present and passed, and see their
wave's figures and forecast change on the training dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest

from rollout.content.loader import load_content
from rollout.permissions import Role
from rollout.persistence.schema import open_database
from rollout.services import training_overview
from rollout.services.accounts import authenticate
from rollout.services.organisations import list_organisations
from rollout.services.programmes import list_programmes
from tests.browser.conftest import AppServer
from tests.browser.test_end_to_end import (
    TIMEOUT_MS,
    assert_no_exception,
    choose,
    screenshot,
    settle,
)
from tests.browser.test_sessions import PASSWORD, _open, _seed, _sign_in

pytestmark = pytest.mark.browser

TRAINER = f"{Role.TRAINER.value}@example.test"
UNIT = "Trade marketing"  # a demo unit whose people need CRM-101 only (back-office users)
NEW_PEOPLE = [f"TM-NEW-{n}" for n in range(1, 4)]
ROSTER = ("employee_id,name,unit,job_role\n" + "".join(
    f"{e},New person {e[-1]},{UNIT},Back-office user\n" for e in NEW_PEOPLE)).encode()


def _wave_row(server: AppServer) -> tuple[str, str]:
    """(wave name, "trained/trainees") of the wave holding UNIT, as the services compute it."""
    db = open_database(server.database_url)
    try:
        trainer = authenticate(db, email=TRAINER, password=PASSWORD)
        [organisation] = list_organisations(db, actor=trainer)
        [programme] = list_programmes(db, actor=trainer, organisation_id=organisation.id)
        overview = training_overview(db, actor=trainer, organisation_id=organisation.id,
                                     programme_id=programme.id, content=load_content())
        deadline = next(d for d in overview.deadlines if UNIT in d.units)
        forecast = overview.figures.forecast(deadline.wave)
        assert forecast is not None
        return forecast.name, f"{forecast.trained}/{forecast.trainees}"
    finally:
        db.dispose()


def _waves_table(page: Any) -> Any:
    return page.locator('[data-testid="stDataFrame"]').first


def _choose_our_session(page: Any, which: int) -> None:
    """Choose the session booked here (by its trainer) in the page's ``which``-th Session box."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Session").nth(which)
    choose(page, box, lambda options: options.filter(has_text="Tina Trainer").first)
    settle(page)


def _pick(page: Any, label: str, typed: str) -> None:
    """Choose an option of a Streamlit multiselect by typing part of it."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).get_by_role(
        "combobox")
    box.click()
    box.fill(typed)
    option = page.get_by_role("option").filter(has_text=typed).first
    option.wait_for(timeout=TIMEOUT_MS)
    option.click()
    page.keyboard.press("Escape")
    settle(page)


def test_a_trainer_imports_books_enrols_completes_and_sees_the_forecast_change(
    app_server: AppServer, page: Any
) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page.set_default_timeout(TIMEOUT_MS)
    _seed(app_server)
    wave, before = _wave_row(app_server)
    page.goto(app_server.url)
    _sign_in(page, app_server, TRAINER)

    # --- the dashboard before: the wave's figures as stored ---------------------------------------
    _open(page, "Training")
    expect(page.get_by_role("heading", name="Each wave against its training gate")).to_be_visible()
    expect(_waves_table(page)).to_contain_text(wave)
    settle(page)
    table_before = _waves_table(page).text_content()
    assert before in (table_before or ""), table_before
    screenshot(page, app_server, "trainer-01-dashboard-before")

    # --- the import wizard: upload, check, import -------------------------------------------------
    _open(page, "Training import")
    expect(page.get_by_role("heading", name="Training import", exact=True)).to_be_visible()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER}])
    import_button = page.get_by_role("button", name=f"Import {len(NEW_PEOPLE)} rows")
    expect(import_button).to_be_visible()
    settle(page)
    screenshot(page, app_server, "trainer-02-import-preview")
    import_button.click()
    expect(page.get_by_text(f"Imported: {len(NEW_PEOPLE)} rows written")).to_be_visible()
    assert_no_exception(page, app_server, "import")

    # --- book a session (today, the first course: CRM-101) -----------------------------------------
    _open(page, "Training sessions")
    expect(page.get_by_role("heading", name="Book a session")).to_be_visible()
    settle(page)
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("Trainer", exact=True).fill("Tina Trainer")
    form.get_by_label("Room or online link", exact=True).fill("Room 4")
    form.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Session booked.")).to_be_visible()
    settle(page)

    # --- enrol the new people in it ---------------------------------------------------------------
    expect(page.get_by_role("heading", name="Enrol people")).to_be_visible()
    _choose_our_session(page, 0)
    for employee_id in NEW_PEOPLE:
        _pick(page, "People", employee_id)
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_text(f"{len(NEW_PEOPLE)} people enrolled.")).to_be_visible()
    settle(page)

    # --- mark them present and passed --------------------------------------------------------------
    expect(page.get_by_role("heading", name="Attendance and completion")).to_be_visible()
    _choose_our_session(page, 1)
    present = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Present")
    for employee_id in NEW_PEOPLE:
        expect(present).to_contain_text(employee_id)
    screenshot(page, app_server, "trainer-03-session")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text(f"Attendance saved for {len(NEW_PEOPLE)} people.")).to_be_visible()
    assert_no_exception(page, app_server, "attendance")

    # --- the dashboard after: the wave has three more people, all three trained ----------------------
    _, after = _wave_row(app_server)
    trained, trainees = (int(n) for n in before.split("/"))
    assert after == f"{trained + len(NEW_PEOPLE)}/{trainees + len(NEW_PEOPLE)}"
    _open(page, "Training")
    expect(page.get_by_role("heading", name="Each wave against its training gate")).to_be_visible()
    expect(_waves_table(page)).to_contain_text(re.compile(re.escape(after)))
    settle(page)
    assert _waves_table(page).text_content() != table_before
    screenshot(page, app_server, "trainer-04-dashboard-after")
    assert "Traceback" not in app_server.log_text(), app_server.log_text()
