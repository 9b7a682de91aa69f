"""Mitigations in the risk report become plan tasks, each with a note naming its risks."""

from __future__ import annotations

import datetime as dt

from rollout.domain.plan import GateCriterion, PlanOptions, Scenario
from rollout.domain.report import (
    Band,
    Decision,
    MitigationAdvice,
    PeakSummary,
    Risk,
    RiskReport,
    Verdict,
    band_for,
)
from rollout.schedule import build_plan
from tests.builders.plans import assessment


def _report(actions: dict[str, int], *, critical: str | None = None) -> RiskReport:
    """A report whose risk ``<action>_risk`` has the given score and asks for ``<action>``."""
    risks = []
    for action, score in actions.items():
        likelihood = min(5, max(1, score // 5 or 1))
        impact = max(1, min(5, score // likelihood))
        risks.append(Risk(factor=f"{action}_risk", name=action, dimension="d",
                          likelihood=likelihood, impact=impact, score=likelihood * impact,
                          band=band_for(likelihood * impact), evidence=[],
                          mitigations=[MitigationAdvice(id=action, text=f"do {action}",
                                                        action=action)]))
    if critical:
        risks.append(Risk(factor=critical, name=critical, dimension="d", likelihood=5, impact=5,
                          score=25, band=Band.CRITICAL, evidence=[], mitigations=[]))
    return RiskReport(
        assessment="test", organisation="org", engine_version="1", at=dt.date(2026, 1, 12),
        readiness=50, dimensions={}, verdict=Verdict(decision=Decision.CONDITIONAL, blockers=[]),
        band=Band.HIGH, risks=risks, matched_cases=[], unanswered=[],
        peak=PeakSummary(buffer_weeks=6, go_live=dt.date(2026, 9, 14), in_window=False),
    )


HIGH = 16  # 4 x 4: band high


def test_each_requested_action_becomes_a_task_with_a_note() -> None:
    actions = ["integration_test", "customer_research", "crisis_communication_plan",
               "usability_test", "defer_concurrent_project", "appoint_owner",
               "performance_test", "post_implementation_review"]
    plan = build_plan(assessment(), _report(dict.fromkeys(actions, HIGH)), presets={})
    carried = {t.action: t.id for t in plan.tasks if t.action}
    assert set(actions) <= set(carried)
    noted = {n.data["action"]: n.task for n in plan.notes_with("mitigation_task")}
    for action in actions:
        assert noted[action] == carried[action]
        assert f"{action}_risk" in next(n for n in plan.notes_with("mitigation_task")
                                        if n.data["action"] == action).data["factors"]
    # Readiness work is done before the first go/no-go gate.
    gate = plan.task(f"{plan.waves[0].id}.gate")
    assert all(plan.task(carried[a]).end < gate.start for a in
               ("integration_test", "customer_research", "crisis_communication_plan"))
    assert plan.violations == []


def test_risks_below_the_band_ask_for_nothing() -> None:
    plan = build_plan(assessment(), _report({"integration_test": 4}), presets={})
    assert not any(t.action == "integration_test" for t in plan.tasks)
    plan = build_plan(assessment(), _report({"integration_test": 4}),
                      PlanOptions(mitigate_from_band=Band.LOW), presets={})
    assert any(t.action == "integration_test" for t in plan.tasks)


def test_extended_training_and_extra_rehearsals_lengthen_the_right_tasks() -> None:
    base = build_plan(assessment(), presets={})
    plan = build_plan(assessment(), _report({"extend_training": HIGH,
                                             "add_migration_rehearsal": HIGH,
                                             "add_hypercare": HIGH}), presets={})
    for task in base.tasks:
        if task.kind.value == "training":
            assert plan.task(task.id).duration_workdays > task.duration_workdays
        if task.kind.value == "hypercare":
            assert plan.task(task.id).duration_workdays == task.duration_workdays + 10
    base_trials = [t for t in base.tasks if ".trial-" in t.id]
    trials = [t for t in plan.tasks if ".trial-" in t.id]
    assert len(trials) == len(base_trials) + 2  # one more for each of the two platforms
    assert all("mitigation" in n.data["reasons"] for n in plan.notes_with("rehearsal_added"))


def test_split_waves_lowers_the_share_of_users_per_wave() -> None:
    base = build_plan(assessment(), presets={})
    plan = build_plan(assessment(), _report({"split_waves": HIGH}), presets={})
    assert plan.max_wave_share_pct < base.max_wave_share_pct
    assert len(plan.waves) >= len(base.waves)


def test_a_pilot_asked_for_in_a_phased_plan_is_noted_as_skipped() -> None:
    plan = build_plan(assessment(), _report({"add_pilot_wave": HIGH}),
                      PlanOptions(scenario=Scenario.PHASED), presets={})
    assert [n.data["action"] for n in plan.notes_with("mitigation_skipped")] == ["add_pilot_wave"]
    plan = build_plan(assessment(), _report({"add_pilot_wave": HIGH}), presets={})
    assert any(n.data["action"] == "add_pilot_wave" and n.task == "pilot.review"
               for n in plan.notes_with("mitigation_task"))


def test_gates_list_the_open_critical_risks_and_the_training_threshold() -> None:
    plan = build_plan(assessment(), _report({}, critical="data_migration"),
                      PlanOptions(training_completion_pct=95), presets={})
    for wave in plan.waves:
        gate = plan.task(f"{wave.id}.gate")
        criteria: dict[str, GateCriterion] = {c.code: c for c in gate.criteria}
        assert criteria["training_completion"].threshold_pct == 95
        assert criteria["no_open_critical_risks"].items == ["data_migration"]
        assert criteria["rehearsal_reconciled"].items == wave.platforms
        assert "owner_sign_off" in criteria
