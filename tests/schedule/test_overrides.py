"""Overrides: pins, unit moves, capacities and dependencies; the planner re-validates."""

from __future__ import annotations

import pytest

from rollout.domain.assessment import Assessment
from rollout.domain.plan import (
    AddDependency,
    MoveUnit,
    PinDate,
    PlanOptions,
    Resource,
    SetCapacity,
)
from rollout.errors import DependencyCycleError, PlanningError
from rollout.schedule import apply_overrides, build_plan
from tests.builders.plans import HALLOWEEN, assessment, day

PRESETS = {"halloween": HALLOWEEN}


def _programme() -> Assessment:
    return assessment(industry="confectionery", target="2026-06-15", peak_seasons=["halloween"])


def test_a_pinned_task_starts_on_its_date_and_is_noted() -> None:
    base = build_plan(_programme(), presets=PRESETS)
    pinned_day = day("2026-02-02")
    plan = apply_overrides(_programme(), [PinDate(task="mobilise.kpis", date=pinned_day,
                                                  reason="board meeting")],
                           options=base.options, presets=PRESETS)
    assert plan.task("mobilise.kpis").start == pinned_day
    note = next(n for n in plan.notes_with("override_applied") if n.task == "mobilise.kpis")
    assert note.data["reason"] == "board meeting"


def test_a_pin_before_its_predecessors_is_kept_and_reported_as_a_violation() -> None:
    plan = apply_overrides(_programme(), [PinDate(task="build.configuration",
                                                  date=day("2026-01-21"))], presets=PRESETS)
    assert plan.task("build.configuration").start == day("2026-01-21")
    assert any(v.code == "dependency" and v.task == "build.configuration"
               for v in plan.violations)


def test_a_go_live_pinned_into_a_peak_without_a_reason_is_refused() -> None:
    plan = apply_overrides(_programme(), [PinDate(task="pilot.go_live", date=day("2026-10-12"))],
                           presets=PRESETS)
    go_live = plan.task("pilot.go_live")
    assert go_live.start != day("2026-10-12")
    assert not day("2026-08-20") <= go_live.start <= day("2026-10-31")
    assert [n.task for n in plan.notes_with("override_conflict")] == ["pilot.go_live"]
    assert [v.code for v in plan.violations] == ["override_conflict"]


def test_a_go_live_pinned_into_a_peak_with_a_reason_is_accepted_and_recorded() -> None:
    reason = "regulator deadline; extra support staff booked"
    plan = apply_overrides(_programme(), [PinDate(task="pilot.go_live", date=day("2026-10-14"),
                                                  reason=reason, author="cio")],
                           presets=PRESETS)
    go_live = plan.task("pilot.go_live")
    assert go_live.start == day("2026-10-14")
    note = next(n for n in plan.notes_with("override_applied") if n.task == "pilot.go_live")
    assert note.window == "Halloween"
    assert note.data["reason"] == reason and note.data["author"] == "cio"
    cutovers = [t for t in plan.tasks if t.wave == "pilot" and t.kind.value == "cutover"]
    assert cutovers and all(t.end < go_live.start for t in cutovers)
    assert plan.violations == []


def test_moving_a_unit_changes_its_wave_and_is_revalidated() -> None:
    base = build_plan(_programme(), presets=PRESETS)
    unit = base.waves[-1].units[0]
    plan = apply_overrides(_programme(), [MoveUnit(unit=unit, wave="wave-1", reason="same team")],
                           options=base.options, presets=PRESETS)
    assert unit in plan.wave("wave-1").units
    units = [u for w in plan.waves for u in w.units]
    assert sorted(units) == sorted(u.name for u in _programme().programme.business_units)
    assert any(n.data.get("unit") == unit for n in plan.notes_with("override_applied"))
    if plan.wave("wave-1").users > plan.max_wave_share_pct / 100 * sum(w.users for w in plan.waves):
        assert any(v.code == "wave_over_cap" for v in plan.violations)


def test_moving_a_unit_to_a_new_wave_adds_one() -> None:
    base = build_plan(_programme(), presets=PRESETS)
    unit = base.waves[1].units[0]
    new_id = f"wave-{len(base.waves)}"  # the pilot is not numbered
    plan = apply_overrides(_programme(), [MoveUnit(unit=unit, wave=new_id)], presets=PRESETS)
    assert unit in plan.waves[-1].units
    assert len(plan.waves) == len(base.waves)  # its old wave, now empty, is gone


def test_unknown_units_waves_and_tasks_are_refused_with_a_clear_error() -> None:
    with pytest.raises(PlanningError, match="not a business unit"):
        apply_overrides(_programme(), [MoveUnit(unit="Atlantis", wave="wave-1")], presets=PRESETS)
    with pytest.raises(PlanningError, match="no wave 'wave-9'"):
        apply_overrides(_programme(), [MoveUnit(unit="Export", wave="wave-9")], presets=PRESETS)
    with pytest.raises(PlanningError, match="no task 'nope'"):
        apply_overrides(_programme(), [PinDate(task="nope", date=day("2026-03-02"))],
                        presets=PRESETS)


def test_more_migration_tracks_never_lengthen_the_plan() -> None:
    narrow = build_plan(_programme(), options=PlanOptions(migration_tracks=1), presets=PRESETS)
    wide = apply_overrides(_programme(), [SetCapacity(migration_tracks=6, reason="contractor")],
                           options=narrow.options, presets=PRESETS)
    assert wide.capacities[Resource.MIGRATION_TRACKS.value] == 6
    assert wide.end <= narrow.end
    assert any(n.data.get("override") == "capacity" for n in wide.notes_with("override_applied"))
    assert narrow.notes_with("capacity_wait")


def test_trainer_seats_bound_parallel_training() -> None:
    plan = build_plan(_programme(), options=PlanOptions(trainer_seats_per_week=50),
                      presets=PRESETS)
    training = [t for t in plan.tasks if t.resource is Resource.TRAINER_SEATS]
    assert training and all(t.demand <= 50 for t in training)
    for a in training:
        overlapping = [b for b in training if b.start <= a.start <= b.end]
        assert sum(b.demand for b in overlapping) <= 50


def test_a_dependency_cycle_is_a_planning_error_naming_the_loop() -> None:
    loop = [AddDependency(task="design.processes", after="build.configuration")]
    with pytest.raises(DependencyCycleError) as caught:
        apply_overrides(_programme(), loop, presets=PRESETS)
    assert "design.processes" in caught.value.loop
    assert "build.configuration" in caught.value.loop
    assert caught.value.loop[0] == caught.value.loop[-1]
    assert "dependency cycle" in str(caught.value)
    assert isinstance(caught.value, PlanningError)


def test_an_added_dependency_with_a_lag_is_honoured() -> None:
    plan = apply_overrides(_programme(), [AddDependency(task="mobilise.vendor_fit",
                                                        after="mobilise.kpis", lag_workdays=5)],
                           presets=PRESETS)
    kpis, vendor = plan.task("mobilise.kpis"), plan.task("mobilise.vendor_fit")
    assert (vendor.start - kpis.end).days >= 7
    assert vendor.lags_workdays == {"mobilise.kpis": 5}
    assert plan.violations == []
