"""The phased rollout planner: calendars, blackouts, waves, capacity-aware scheduling, notes.

Pure core: imports only the standard library, pydantic, networkx, holidays, hijridate, jdatetime
and dateutil (tests/test_architecture.py enforces it). The UI-facing Gantt figure lives in
:mod:`rollout.ui.gantt`.

Public API::

    build_plan(assessment, report=None, options=None, *, presets) -> Plan
    apply_overrides(assessment, overrides, report=None, options=None, *, presets) -> Plan
    compare_scenarios(assessment, content, options=None, report=None, scenarios=None)
        -> ScenarioComparison
    verify_plan(plan, programme=None) -> list[Violation]
"""

from rollout.domain.plan import ScenarioComparison, ScenarioResult
from rollout.schedule.planner import apply_overrides, build_plan, resolve_scenario
from rollout.schedule.scenarios import compare_scenarios
from rollout.schedule.verification import verify_plan

__all__ = [
    "ScenarioComparison",
    "ScenarioResult",
    "apply_overrides",
    "build_plan",
    "compare_scenarios",
    "resolve_scenario",
    "verify_plan",
]
