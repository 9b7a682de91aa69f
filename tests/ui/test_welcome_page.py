"""Welcome page: a signed-in user without an organisation loads the demo or creates one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rollout.persistence.database import Database
from rollout.persistence.schema import open_database
from rollout.services import demo
from rollout.services.access import Actor
from rollout.services.accounts import authenticate, create_first_admin, create_user
from rollout.services.organisations import list_organisations
from rollout.ui import state
from tests.ui.conftest import ORG_A, ORG_B, PASSWORD, Seeded, all_text, app_as, shown


@pytest.fixture()
def first_run(database_url: str) -> Iterator[tuple[Database, Actor]]:
    """A database with its first administrator and nothing else."""
    db = open_database(database_url)
    yield db, create_first_admin(db, email="admin@example.test", password=PASSWORD)
    db.dispose()


def test_an_admin_without_organisations_loads_the_demo(
        first_run: tuple[Database, Actor]) -> None:
    db, admin = first_run
    at = app_as(admin)
    assert not at.exception, at.exception
    assert at.title[0].value == "Welcome to Rollout"
    assert {b.key for b in at.button} >= {"welcome_demo", "welcome_new"}
    at.button(key="welcome_demo").click().run()
    assert not at.exception, at.exception
    [organisation] = list_organisations(db, actor=admin)
    assert organisation.name == demo.DEMO_NAME
    assert at.session_state[state.ORGANISATION_ID] == organisation.id
    assert at.title[0].value == "Risk dashboard"  # the first page of the organisation
    assert any(demo.DEMO_NAME in shown(s.value) for s in at.success)
    # A new session opens straight into the demo organisation.
    again = app_as(admin)
    assert again.title[0].value != "Welcome to Rollout"
    assert demo.DEMO_NAME in all_text(again)


def test_new_organisation_leads_to_its_form(first_run: tuple[Database, Actor]) -> None:
    _, admin = first_run
    at = app_as(admin)
    at.button(key="welcome_new").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "New organisation"


def test_a_user_without_organisations_is_told_to_ask_an_administrator(seeded: Seeded) -> None:
    create_user(seeded.db, actor=seeded.admin, email="newcomer@example.test", password=PASSWORD)
    newcomer = authenticate(seeded.db, email="newcomer@example.test", password=PASSWORD)
    at = app_as(newcomer)
    assert not at.exception, at.exception
    assert at.title[0].value == "Welcome to Rollout"
    assert any("ask an administrator" in i.value.lower() for i in at.info)
    assert not [b for b in at.button if b.key in ("welcome_demo", "welcome_new")]
    text = all_text(at)
    assert ORG_A not in text and ORG_B not in text


def test_first_run_the_demo_dashboard_shows_a_submitted_assessment_and_actions_can_be_added(
        first_run: tuple[Database, Actor]) -> None:
    db, admin = first_run
    at = app_as(admin)
    at.button(key="welcome_demo").click().run()
    assert not at.exception, at.exception
    # The dashboard is not empty: the demo comes with a submitted snapshot.
    metrics = {m.label: m.value for m in at.metric}
    assert "Readiness" in metrics and "Verdict" in metrics
    assert not any("No assessment has been submitted" in i.value for i in at.info)
    [organisation] = list_organisations(db, actor=admin)
    actions = app_as(admin, organisation_id=organisation.id, page="actions.py")
    assert not actions.exception, actions.exception
    # D20: actions are listed, and new ones can be added without submitting first.
    assert not any("submit the assessment first" in i.value for i in actions.info)
    assert any(b.label == "Add action" for b in actions.button)


def test_d11_the_first_admin_password_label_states_the_rule_the_service_applies(
        database_url: str) -> None:
    from rollout.services import MIN_PASSWORD_LENGTH

    open_database(database_url).dispose()
    at = app_as(None)
    assert not at.exception, at.exception
    label = at.text_input(key="first_admin_password").label
    assert label == f"Password (at least {MIN_PASSWORD_LENGTH} characters)"
