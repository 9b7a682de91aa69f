"""Portfolio page: every accessible organisation with its figures; click through to one."""

from __future__ import annotations

import datetime as dt

from rollout.content.loader import Content
from rollout.permissions import Role
from rollout.persistence.records import MitigationActionInput
from rollout.services.accounts import authenticate, create_user
from rollout.services.assessments import submit_assessment
from rollout.services.mitigation import add_mitigation_action
from rollout.services.organisations import add_member
from rollout.ui import state
from rollout.ui.navigation import visible_specs
from tests.ui.conftest import ORG_A, ORG_B, PASSWORD, Seeded, all_text, app_as


def test_admins_see_every_organisation_with_its_readiness_verdict_and_actions(
        seeded: Seeded, content: Content) -> None:
    snapshot = submit_assessment(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                                 assessment_id=seeded.assessment_a, content=content)
    add_mitigation_action(
        seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
        assessment_id=seeded.assessment_a,
        action=MitigationActionInput(title="Late already", owner="CEO",
                                     due_date=dt.date.today() - dt.timedelta(days=1)))
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="portfolio.py")
    assert not at.exception, at.exception
    rows = {r["organisation"]: r for r in at.dataframe[0].value.to_dict("records")}
    assert set(rows) == {ORG_A, ORG_B}
    alpha, beta = rows[ORG_A], rows[ORG_B]
    report = snapshot.report
    assert alpha["readiness"] == report.readiness
    assert alpha["verdict"] == report.verdict.decision.value
    assert alpha["top risk"].startswith(report.risks[0].factor)
    assert (alpha["open actions"], alpha["overdue actions"]) == (1, 1)
    assert alpha["next gate"] == snapshot.assessment.programme.target_go_live
    assert beta["verdict"] == "not submitted" and beta["programme"] == "Beta billing CRM"
    assert alpha["training"] != alpha["training"] or alpha["training"] is None  # no roster
    assert set(at.selectbox(key="portfolio_organisation").options) == {ORG_A, ORG_B}


def test_clicking_through_opens_the_organisations_dashboard_and_stays_there(
        seeded: Seeded) -> None:
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="portfolio.py")
    at.selectbox(key="portfolio_organisation").set_value(seeded.org_b)
    at.button(key="portfolio_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Risk dashboard"
    assert at.session_state[state.ORGANISATION_ID] == seeded.org_b
    at.run()  # the sidebar switcher follows instead of switching back
    assert at.session_state[state.ORGANISATION_ID] == seeded.org_b
    assert at.sidebar.selectbox(key="switcher_organisation").value == seeded.org_b


def test_the_page_is_for_consultants_admins_and_people_in_several_organisations() -> None:
    def shown(role: Role | None, *, count: int = 1) -> bool:
        return "portfolio.py" in [s.file for s in visible_specs(
            role=role, is_admin=role is Role.ADMIN, organisations_count=count,
            is_consultant_anywhere=role is Role.CONSULTANT)]

    assert shown(Role.ADMIN) and shown(Role.CONSULTANT)
    for role in (Role.PROJECT_OWNER, Role.EXECUTIVE, Role.TRAINER):
        assert not shown(role), role
        assert shown(role, count=2), role


def test_a_consultant_of_another_organisation_never_sees_its_name(seeded: Seeded) -> None:
    create_user(seeded.db, actor=seeded.admin, email="consultant-b@example.test",
                password=PASSWORD)
    add_member(seeded.db, actor=seeded.admin, organisation_id=seeded.org_b,
               email="consultant-b@example.test", role=Role.CONSULTANT)
    consultant_b = authenticate(seeded.db, email="consultant-b@example.test", password=PASSWORD)
    at = app_as(consultant_b, organisation_id=seeded.org_b, page="portfolio.py")
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["organisation"]) == [ORG_B]
    assert ORG_A not in all_text(at)
