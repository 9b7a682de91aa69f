"""The assessment, programme setup and dashboard pages: render, save, submit, sign."""

from __future__ import annotations

import datetime as dt
from typing import Any

from streamlit.testing.v1 import AppTest

from rollout.content.loader import Content
from rollout.domain.report import Decision
from rollout.services.assessments import get_assessment, list_snapshots
from rollout.services.gates import list_gate_decisions
from rollout.services.programmes import get_programme
from rollout.ui.answer_widgets import widget_key
from tests.ui.conftest import Seeded, app_as


def _page(name: str, seeded: Seeded, role: str = "project_owner") -> AppTest:
    at = app_as(seeded.users[role], organisation_id=seeded.org_a, page=name)
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def test_changing_an_answer_saves_it_to_the_draft_at_once(seeded: Seeded) -> None:
    at = _page("assessment.py", seeded)
    key = widget_key(seeded.assessment_a, "ownership.system_owner")
    at.selectbox(key="assessment_dimension").set_value("ownership_leadership").run()
    at.selectbox(key=key).set_value("partial").run()
    assert not at.exception, at.exception
    draft = get_assessment(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                           assessment_id=seeded.assessment_a)
    assert draft.answers["ownership.system_owner"] == "partial"
    # A new session (another browser) shows the stored answer.
    again = _page("assessment.py", seeded)
    again.selectbox(key="assessment_dimension").set_value("ownership_leadership").run()
    assert again.selectbox(key=key).value == "partial"


def test_clearing_an_answer_makes_it_unanswered(seeded: Seeded) -> None:
    at = _page("assessment.py", seeded)
    at.selectbox(key="assessment_dimension").set_value("ownership_leadership").run()
    key = widget_key(seeded.assessment_a, "ownership.system_owner")
    at.selectbox(key=key).set_value(None).run()
    draft = get_assessment(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                           assessment_id=seeded.assessment_a)
    assert "ownership.system_owner" not in draft.answers


def test_submitting_creates_a_snapshot_that_the_dashboard_shows(seeded: Seeded) -> None:
    at = _page("assessment.py", seeded)
    at.button(key="assessment_submit").click().run()
    assert not at.exception, at.exception
    snapshots = list_snapshots(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                               assessment_id=seeded.assessment_a)
    assert len(snapshots) == 1
    dash = _page("dashboard.py", seeded, "executive")
    metrics = {m.label: m.value for m in dash.metric}
    assert metrics["Verdict"] == "NO-GO"  # the seeded programme is Hershey's
    assert any("go_live_in_peak_season" in e.value for e in dash.error)


def test_an_executive_signs_a_conditional_decision_with_conditions(seeded: Seeded) -> None:
    _page("assessment.py", seeded).button(key="assessment_submit").click().run()
    dash = _page("dashboard.py", seeded, "executive")
    dash.radio(key="gate_decision_value").set_value(Decision.CONDITIONAL)
    dash.text_area(key="gate_decision_conditions").input("Move go-live after Halloween")
    # The engine says no-go: a conditional decision overrides it (see tests/ui/test_sign_off.py).
    dash.text_area(key="gate_decision_justification").input(
        "Go-live moves after Halloween, which lifts the only blocker")
    dash.checkbox(key="gate_decision_confirm").check()
    _button(dash, "Sign decision").click().run()
    assert not dash.exception, dash.exception
    decisions = list_gate_decisions(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a)
    assert [d.decision.value for d in decisions] == ["conditional"]
    assert decisions[0].conditions == ("Move go-live after Halloween",)


def test_a_project_owner_cannot_sign_gates(seeded: Seeded) -> None:
    _page("assessment.py", seeded).button(key="assessment_submit").click().run()
    dash = _page("dashboard.py", seeded, "project_owner")
    assert "gate_decision_value" not in [r.key for r in dash.radio]


def test_what_if_moving_go_live_out_of_the_peak_lifts_the_blocker(seeded: Seeded) -> None:
    _page("assessment.py", seeded).button(key="assessment_submit").click().run()
    dash = _page("dashboard.py", seeded, "executive")
    dash.date_input(key="whatif_go_live").set_value(dt.date(2000, 5, 8))
    _button(dash, "Re-score").click().run()
    assert not dash.exception, dash.exception
    assert "Total risk score" in [m.label for m in dash.metric]  # the what-if ran
    assert not any("Still blocked (go_live_in_peak_season)" in e.value for e in dash.error)


def test_saving_the_programme_stores_it_as_a_new_version(
    seeded: Seeded, content: Content,
) -> None:
    at = _page("programme_setup.py", seeded)
    before = get_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                           programme_id=seeded.programme_a)
    at.number_input(key="prog_users").set_value(before.programme.users_total + 1)
    _button(at, "Save programme").click().run()
    assert not at.exception, at.exception
    after = get_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                          programme_id=seeded.programme_a)
    assert after.programme.users_total == before.programme.users_total + 1
    assert after.version == before.version + 1
