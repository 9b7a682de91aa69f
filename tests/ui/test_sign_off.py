"""D2: a sign-off that means something (no pre-selected decision; an override of the engine needs
a written justification and an explicit confirmation, both audited and shown; no duplicates)."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from rollout.domain.report import Decision
from rollout.services.audit import list_audit_events
from rollout.services.gates import list_gate_decisions
from tests.ui.conftest import Seeded, all_text, app_as

JUSTIFICATION = "Board accepts the peak-season risk: extra support staff are booked for December"


def _dashboard(seeded: Seeded) -> AppTest:
    owner = app_as(seeded.users["project_owner"], organisation_id=seeded.org_a,
                   page="assessment.py")
    owner.button(key="assessment_submit").click().run()
    at = app_as(seeded.users["executive"], organisation_id=seeded.org_a, page="dashboard.py")
    assert not at.exception, at.exception
    return at


def _sign(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Sign decision").click().run()
    assert not at.exception, at.exception


def _decisions(seeded: Seeded) -> list[Any]:
    return list_gate_decisions(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a)


def test_d2_no_decision_is_pre_selected_and_signing_nothing_is_refused(seeded: Seeded) -> None:
    at = _dashboard(seeded)
    assert at.radio(key="gate_decision_value").value is None
    _sign(at)
    assert any("Choose a decision" in e.value for e in at.error)
    assert _decisions(seeded) == []


def test_d2_a_go_against_an_engine_no_go_with_a_failed_gate_needs_justification_and_confirmation(
    seeded: Seeded,
) -> None:
    at = _dashboard(seeded)
    # The failed hard gate is shown next to the form.
    assert any("Failed hard gate (go_live_in_peak_season)" in e.value for e in at.error)
    at.radio(key="gate_decision_value").set_value(Decision.GO)
    _sign(at)
    assert any("justification" in e.value for e in at.error)
    assert _decisions(seeded) == []
    at.text_area(key="gate_decision_justification").input(JUSTIFICATION)
    _sign(at)
    assert any("confirm that you sign go" in e.value for e in at.error)
    assert _decisions(seeded) == []
    at.checkbox(key="gate_decision_confirm").check()
    _sign(at)
    [decision] = _decisions(seeded)
    assert decision.decision is Decision.GO
    assert decision.overrides_engine and decision.justification == JUSTIFICATION
    event = next(e for e in list_audit_events(seeded.db, actor=seeded.admin,
                                              organisation_id=seeded.org_a)
                 if e.action == "gate_decision.record")
    assert event.after is not None
    assert event.after["justification"] == JUSTIFICATION
    assert event.after["confirm_override"] is True and event.after["overrides_engine"] is True
    assert event.after["engine_verdict"] == Decision.NO_GO.value
    again = app_as(seeded.users["executive"], organisation_id=seeded.org_a, page="dashboard.py")
    assert any("against the engine's verdict" in w.value and "extra support staff" in w.value
               for w in again.warning)
    assert "against the engine" in all_text(again)


def test_d2_a_decision_that_agrees_with_the_engine_needs_no_justification(seeded: Seeded) -> None:
    at = _dashboard(seeded)
    at.radio(key="gate_decision_value").set_value(Decision.NO_GO)
    _sign(at)
    [decision] = _decisions(seeded)
    assert decision.decision is Decision.NO_GO and not decision.overrides_engine


def test_d2_the_same_decision_signed_twice_is_refused(seeded: Seeded) -> None:
    at = _dashboard(seeded)
    at.radio(key="gate_decision_value").set_value(Decision.NO_GO)
    _sign(at)
    at.radio(key="gate_decision_value").set_value(Decision.NO_GO)
    _sign(at)
    assert any("already recorded" in e.value for e in at.error)
    assert len(_decisions(seeded)) == 1
