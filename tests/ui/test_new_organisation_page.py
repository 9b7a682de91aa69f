"""New organisation page: inline validation; creates the organisation, programme and draft."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from rollout.domain.assessment import RolloutApproach
from rollout.permissions import Role
from rollout.services.assessments import list_assessments
from rollout.services.organisations import list_organisations
from rollout.services.programmes import list_programmes
from rollout.ui import state
from rollout.ui.navigation import visible_specs
from tests.ui.conftest import Seeded, app_as

NAME = "Gamma Retail Test"
START = dt.date(2027, 1, 4)


def _fill(at: AppTest, *, country: str, go_live: dt.date | None) -> None:
    at.text_input(key="new_org_name").input(NAME)
    at.text_input(key="new_org_industry").input("Retail")
    at.text_input(key="new_org_country").input(country)
    at.multiselect(key="new_org_segments").set_value(["b2c"])
    at.number_input(key="new_org_customers").set_value(250_000)
    at.text_input(key="new_prog_name").input("Stores CRM")
    at.selectbox(key="new_prog_approach").set_value(RolloutApproach.PHASED)
    at.date_input(key="new_prog_start").set_value(START)
    at.date_input(key="new_prog_go_live").set_value(go_live)
    at.number_input(key="new_prog_users").set_value(900)


def test_problems_are_shown_inline_and_nothing_is_created(seeded: Seeded) -> None:
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="new_organisation.py")
    assert not at.exception, at.exception
    at.button(key="new_org_create").click().run()
    errors = [e.value for e in at.error]
    assert errors.count("required") >= 4  # name, industry, country, go-live, users
    assert any("Nothing was created" in e for e in errors)
    _fill(at, country="G1", go_live=START - dt.timedelta(days=1))
    at.button(key="new_org_create").click().run()
    errors = [e.value for e in at.error]
    assert any("ISO 3166" in e for e in errors)
    assert any("must be after start_date" in e for e in errors)
    assert NAME not in {o.name for o in list_organisations(seeded.db, actor=seeded.admin)}


def test_creating_an_organisation_opens_its_programme_setup_and_persists(seeded: Seeded) -> None:
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="new_organisation.py")
    _fill(at, country="gb", go_live=dt.date(2027, 9, 1))
    at.button(key="new_org_create").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Programme setup", [e.value for e in at.error]
    assert any(NAME in s.value for s in at.success)
    created = next(o for o in list_organisations(seeded.db, actor=seeded.admin) if o.name == NAME)
    assert (created.profile.country, created.profile.industry) == ("GB", "retail")
    assert created.profile.customers == 250_000
    assert at.session_state[state.ORGANISATION_ID] == created.id
    [programme] = list_programmes(seeded.db, actor=seeded.admin, organisation_id=created.id)
    assert programme.name == "Stores CRM"
    assert programme.programme.approach is RolloutApproach.PHASED
    assert (programme.programme.start_date, programme.programme.users_total) == (START, 900)
    [draft] = list_assessments(seeded.db, actor=seeded.admin, organisation_id=created.id)
    assert draft.programme_id == programme.id and draft.answers == {}
    at.run()  # the sidebar switcher shows the new organisation instead of switching back
    assert at.session_state[state.ORGANISATION_ID] == created.id
    assert at.sidebar.selectbox(key="switcher_organisation").value == created.id
    # A new session (another browser) finds it too.
    again = app_as(seeded.admin, organisation_id=created.id, page="portfolio.py")
    assert NAME in set(again.dataframe[0].value["organisation"])


def test_the_page_is_in_navigation_for_admins_only() -> None:
    for role in Role:
        files = [s.file for s in visible_specs(role=role, is_admin=role is Role.ADMIN,
                                               organisations_count=1,
                                               is_consultant_anywhere=role is Role.CONSULTANT)]
        assert ("new_organisation.py" in files) is (role is Role.ADMIN), role
