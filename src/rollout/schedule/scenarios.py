"""Comparing scenarios: big-bang, phased, pilot-then-waves (and custom) side by side.

Each scenario is planned with the same options, then the assessment is re-scored by the risk
engine as if it had chosen that scenario: its approach becomes the scenario's and its target
go-live becomes the plan's first go-live. So the comparison shows both what a scenario costs in
time and what it does to the risks (a big bang raises the scope risk; a go-live the planner moved
out of a peak season lowers the timing risk).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rollout.content.loader import Content
from rollout.domain.assessment import Assessment, RolloutApproach
from rollout.domain.plan import (
    Plan,
    PlanOptions,
    RiskChange,
    Scenario,
    ScenarioComparison,
    ScenarioResult,
)
from rollout.domain.report import RiskReport
from rollout.errors import RolloutError
from rollout.risk.engine import assess
from rollout.schedule.planner import build_plan

STANDARD_SCENARIOS = Scenario.standard()


def peak_users_at_once(plan: Plan) -> int:
    by_day: dict[object, int] = defaultdict(int)
    for wave in plan.waves:
        if wave.go_live is not None:
            by_day[wave.go_live] += wave.users
    return max(by_day.values(), default=0)


def approach_of(plan: Plan) -> RolloutApproach:
    if plan.scenario.approach is not None:
        return plan.scenario.approach
    if len(plan.waves) == 1:
        return RolloutApproach.BIG_BANG
    pilot = any(w.pilot for w in plan.waves)
    return RolloutApproach.PILOT_THEN_WAVES if pilot else RolloutApproach.PHASED


def compare_scenarios(
    assessment: Assessment,
    content: Content,
    options: PlanOptions | None = None,
    report: RiskReport | None = None,
    scenarios: Sequence[Scenario] | None = None,
) -> ScenarioComparison:
    """Plan and re-score each scenario (default: the three standard ones, plus custom when the
    options define custom waves or a pilot unit)."""
    options = options or PlanOptions()
    if scenarios is None:
        scenarios = list(STANDARD_SCENARIOS)
        if options.scenario is Scenario.CUSTOM or options.waves is not None:
            scenarios.append(Scenario.CUSTOM)
    base = report or assess(assessment, content)
    results = []
    for scenario in scenarios:
        plan = build_plan(assessment, base, options.model_copy(update={"scenario": scenario}),
                          presets=content.presets)
        results.append(scenario_result(assessment, content, base, plan))
    return ScenarioComparison(results=results)


@dataclass(frozen=True)
class PlannedScenarios:
    """A programme's plan with its options, and every scenario compared with it."""

    plan: Plan
    results: list[ScenarioResult]
    # Scenarios the options cannot plan (an override can name a task only one scenario has,
    # such as a pilot's go-live), each with the reason.
    not_compared: list[tuple[Scenario, str]]


def plan_scenarios(
    assessment: Assessment,
    content: Content,
    options: PlanOptions,
    report: RiskReport,
    *,
    compare: bool = True,
) -> PlannedScenarios:
    """Plan with ``options`` (a RolloutError if it cannot be planned), then, with ``compare``,
    plan and re-score every other scenario, reusing that plan for its own scenario. What the
    plan page and ``rollout plan`` both do."""
    plan = build_plan(assessment, report, options, presets=content.presets)
    results: list[ScenarioResult] = []
    not_compared: list[tuple[Scenario, str]] = []
    if not compare:
        return PlannedScenarios(plan, results, not_compared)
    scenarios = list(STANDARD_SCENARIOS)
    if options.scenario is Scenario.CUSTOM or options.waves is not None:
        scenarios.append(Scenario.CUSTOM)
    for candidate in scenarios:
        if candidate is plan.scenario:
            results.append(scenario_result(assessment, content, report, plan))
            continue
        try:
            results += compare_scenarios(assessment, content, options, report,
                                         scenarios=[candidate]).results
        except RolloutError as exc:
            not_compared.append((candidate, str(exc)))
    return PlannedScenarios(plan, results, not_compared)


def scenario_result(
    assessment: Assessment, content: Content, base: RiskReport, plan: Plan
) -> ScenarioResult:
    """Summarise an already built plan and re-score the assessment as if it chose it."""
    go_lives = {w.id: w.go_live for w in plan.waves if w.go_live is not None}
    first, last = min(go_lives.values()), max(go_lives.values())
    programme = assessment.programme.model_copy(update={
        "approach": approach_of(plan), "target_go_live": first})
    rescored = assess(assessment.model_copy(update={"programme": programme}), content, at=base.at)
    changes = []
    for risk in base.risks:
        after = rescored.risk(risk.factor)
        if after is not None and after.score != risk.score:
            changes.append(RiskChange(factor=risk.factor, name=risk.name,
                                      score_before=risk.score, score_after=after.score,
                                      band_before=risk.band, band_after=after.band))
    changes.sort(key=lambda c: (-abs(c.score_after - c.score_before), c.factor))
    return ScenarioResult(
        scenario=plan.scenario, start=plan.start, end=plan.end,
        duration_workdays=plan.duration_workdays, waves=len(plan.waves), go_lives=go_lives,
        first_go_live=first, last_go_live=last, peak_users_at_once=peak_users_at_once(plan),
        violations=len(plan.violations), readiness=rescored.readiness,
        total_score_before=base.total_score, total_score_after=rescored.total_score,
        band_before=base.band, band_after=rescored.band,
        verdict_before=base.verdict.decision.value, verdict_after=rescored.verdict.decision.value,
        risk_changes=changes, plan=plan,
    )
