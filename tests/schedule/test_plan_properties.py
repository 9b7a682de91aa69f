"""Properties every generated plan has, whatever the programme (hypothesis).

Each property is checked here directly from the plan's dates, not through the planner's own
verify pass, and the verify pass must agree (no violations).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollout.domain.assessment import Assessment
from rollout.domain.plan import BlackoutKind, Plan, PlanOptions, Scenario, TaskKind
from rollout.schedule import build_plan
from rollout.schedule.calendar import CalendarSet
from tests.builders.programmes import large_programme

COUNTRIES = ["US", "GB", "DE", "IR"]


@st.composite
def programmes(draw: Any) -> tuple[Assessment, PlanOptions]:
    n_platforms = draw(st.integers(0, 4))
    platforms = [{"name": f"P{i}", "records": draw(st.integers(0, 4_000_000)),
                  "data_quality": draw(st.integers(1, 5)),
                  "integrations": draw(st.lists(st.sampled_from(["billing", "erp"]),
                                                max_size=2, unique=True))}
                 for i in range(n_platforms)]
    names = [p["name"] for p in platforms]
    n_units = draw(st.integers(1, 7))
    units = [{"name": f"U{i}", "users": draw(st.integers(1, 900)),
              "region": draw(st.sampled_from(["north", "south", "east"])),
              "country": draw(st.sampled_from([None, *COUNTRIES])),
              "legacy_platforms": draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
              if names else []}
             for i in range(n_units)]
    start = dt.date(2026, 1, 5) + dt.timedelta(days=draw(st.integers(0, 300)))
    target = start + dt.timedelta(days=draw(st.integers(60, 500)))
    seasons = []
    for i in range(draw(st.integers(0, 2))):
        month = draw(st.integers(1, 12))
        first = dt.date(2026, month, draw(st.integers(1, 28)))
        seasons.append({"name": f"Peak {i}", "start": first.isoformat(),
                        "end": (first + dt.timedelta(days=draw(st.integers(3, 45)))).isoformat(),
                        "recurring": True})
    concurrent = []
    if draw(st.booleans()):
        c_start = start + dt.timedelta(days=draw(st.integers(0, 400)))
        concurrent.append({"name": "ERP", "kind": "erp", "start": c_start.isoformat(),
                           "end": (c_start + dt.timedelta(days=draw(st.integers(5, 90)))
                                   ).isoformat()})
    assessment = Assessment.model_validate({
        "name": "generated",
        "organisation": {"name": "Org", "industry": "retail",
                         "country": draw(st.sampled_from(COUNTRIES))},
        "programme": {
            "start_date": start.isoformat(), "target_go_live": target.isoformat(),
            "users_total": sum(u["users"] for u in units),
            "hypercare_weeks": draw(st.integers(0, 6)), "business_units": units,
            "legacy_platforms": platforms, "peak_seasons": seasons,
            "concurrent_projects": concurrent,
        },
    })
    options = PlanOptions(
        scenario=draw(st.sampled_from([Scenario.BIG_BANG, Scenario.PHASED,
                                       Scenario.PILOT_WAVES])),
        trainer_seats_per_week=draw(st.sampled_from([None, 15, 60, 400])),
        migration_tracks=draw(st.integers(1, 4)),
        max_wave_share_pct=draw(st.sampled_from([25.0, 40.0, 60.0])),
        thursday_half_day=draw(st.booleans()),
    )
    return assessment, options


PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _plan(case: tuple[Assessment, PlanOptions]) -> Plan:
    return build_plan(case[0], options=case[1], presets={})


def _working_days(plan: Plan, calendars: CalendarSet, task: Any) -> list[dt.date]:
    cal = calendars.get(task.countries)
    first, last = cal.index(task.start), cal.index(task.end)
    return [cal.date(i) for i in range(first, last + 1) if cal.is_workday(i)]


@PROPERTY
@given(programmes())
def test_every_task_starts_after_its_dependencies(case: tuple[Assessment, PlanOptions]) -> None:
    plan = _plan(case)
    tasks = {t.id: t for t in plan.tasks}
    for task in plan.tasks:
        for dep in task.depends_on:
            pred = tasks[dep]
            if pred.is_milestone:
                assert task.start >= pred.end, (task.id, dep)
            else:
                assert task.start > pred.end, (task.id, dep)
    assert plan.violations == []


@PROPERTY
@given(programmes())
def test_no_go_live_or_cutover_inside_a_blackout_or_its_buffer(
    case: tuple[Assessment, PlanOptions],
) -> None:
    plan = _plan(case)
    for task in plan.tasks:
        if task.kind not in (TaskKind.GO_LIVE, TaskKind.CUTOVER):
            continue
        for window in plan.blackouts:
            assert task.end < window.blocked_from or task.start > window.end, (task.id, window)


@PROPERTY
@given(programmes())
def test_capacity_is_never_exceeded(case: tuple[Assessment, PlanOptions]) -> None:
    plan = _plan(case)
    calendars = CalendarSet(plan.start, thursday_half_day=plan.options.thursday_half_day)
    used: dict[tuple[str, dt.date], int] = defaultdict(int)
    for task in plan.tasks:
        if task.resource is None:
            continue
        for day in _working_days(plan, calendars, task):
            used[(task.resource.value, day)] += task.demand
    for (resource, _), amount in used.items():
        assert amount <= plan.capacities[resource]


@PROPERTY
@given(programmes())
def test_every_unit_is_in_exactly_one_wave(case: tuple[Assessment, PlanOptions]) -> None:
    plan = _plan(case)
    placed = [u for w in plan.waves for u in w.units]
    assert sorted(placed) == sorted(u.name for u in case[0].programme.business_units)
    pilots = [w for w in plan.waves if w.pilot]
    if plan.scenario is Scenario.PILOT_WAVES:
        assert len(pilots) == 1 and len(pilots[0].units) == 1
    else:
        assert not pilots


@PROPERTY
@given(programmes())
def test_every_platform_is_migrated_before_the_first_go_live_that_needs_it(
    case: tuple[Assessment, PlanOptions],
) -> None:
    plan = _plan(case)
    units = {u.name: u for u in case[0].programme.business_units}
    tasks = {t.id: t for t in plan.tasks}
    for wave in sorted(plan.waves, key=lambda w: w.go_live or dt.date.max):
        go_live = tasks[f"{wave.id}.go_live"]
        needed = {p for name in wave.units for p in units[name].legacy_platforms}
        for platform in needed:
            cutover = next(t for t in plan.tasks if t.wave == wave.id
                           and t.kind is TaskKind.CUTOVER and t.platform == platform)
            rehearsal = next(t for t in plan.tasks if t.id.startswith("build.rehearsal.")
                             and t.platform == platform)
            assert rehearsal.end < cutover.start <= cutover.end < go_live.start
        for task in plan.tasks:
            if task.wave == wave.id and task.kind is TaskKind.TRAINING:
                assert task.end < go_live.start


@PROPERTY
@given(programmes())
def test_the_first_go_live_is_never_before_the_target(case: tuple[Assessment, PlanOptions]
                                                      ) -> None:
    plan = _plan(case)
    assert min(plan.go_lives) >= case[0].programme.target_go_live
    assert any(t.critical for t in plan.tasks)
    assert plan.task("stabilise.done").critical


@PROPERTY
@given(programmes())
def test_no_migrated_data_waits_across_a_peak_before_its_go_live(
    case: tuple[Assessment, PlanOptions],
) -> None:
    # Walkthrough D6: a platform no unit names was cut over months before its wave went live.
    plan = _plan(case)
    go_lives = {w.id: w.go_live for w in plan.waves}
    peaks = [b for b in plan.blackouts if b.kind is BlackoutKind.PEAK_SEASON]
    for task in plan.tasks:
        if task.kind is not TaskKind.CUTOVER:
            continue
        assert task.wave is not None, task.id
        go_live = go_lives[task.wave]
        assert go_live is not None and task.end <= go_live, task.id
        crossed = [p.name for p in peaks if task.end < p.start and p.end < go_live]
        assert crossed == [], (task.id, task.end, go_live, crossed)


def test_the_large_benchmark_programme_plans_with_no_violation_and_out_of_its_peak() -> None:
    programme, options = large_programme()
    plan = build_plan(programme, options=options, presets={})
    assert len(plan.tasks) >= 1500
    assert plan.violations == []
    peaks = [b for b in plan.blackouts if b.kind is BlackoutKind.PEAK_SEASON]
    assert peaks
    inside = [(wave.id, wave.go_live) for wave in plan.waves for p in peaks
              if wave.go_live is not None and p.start <= wave.go_live <= p.end]
    assert inside == []
