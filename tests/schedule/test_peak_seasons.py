"""Go-lives stay out of peak seasons and their buffer; Iran's calendar is respected."""

from __future__ import annotations

import datetime as dt

from rollout.content.loader import Content
from rollout.domain.assessment import Assessment
from rollout.domain.plan import Blackout, BlackoutKind, Plan, PlanOptions, PlanTask, TaskKind
from rollout.schedule import build_plan
from tests.builders.plans import HALLOWEEN, NOWRUZ, assessment, day


def _first_go_live(plan: Plan) -> PlanTask:
    return plan.task(next(f"{w.id}.go_live" for w in plan.waves))


def test_a_go_live_two_weeks_before_halloween_moves_after_the_peak() -> None:
    programme = assessment(industry="confectionery", target="2026-10-17",
                           peak_seasons=["halloween"])
    plan = build_plan(programme, presets={"halloween": HALLOWEEN})
    go_live = _first_go_live(plan)
    assert go_live.start > day("2026-10-31")
    shift = next(n for n in plan.notes_with("blackout_shift") if n.task == go_live.id)
    assert shift.window == "Halloween"
    assert shift.from_date is not None and shift.from_date <= day("2026-10-19")
    assert shift.to_date == go_live.start
    assert plan.violations == []


def test_the_shipped_confectionery_preset_keeps_every_go_live_out_of_its_seasons(
    content: Content,
) -> None:
    programme = assessment(industry="confectionery", target="2026-10-17",
                           peak_seasons=["confectionery"])
    plan = build_plan(programme, presets=content.presets)
    halloween = next(b for b in plan.blackouts if "alloween" in b.name and b.start.year == 2026)
    assert _first_go_live(plan).start > halloween.end
    assert any(n.task == _first_go_live(plan).id for n in plan.notes_with("blackout_shift"))
    for wave in plan.waves:
        assert wave.go_live is not None
        assert not any(b.blocked_from <= wave.go_live <= b.end for b in plan.blackouts)


def test_the_buffer_before_a_peak_is_hypercare_plus_two_weeks_by_default() -> None:
    programme = assessment(target="2026-09-01", hypercare_weeks=3, peak_seasons=["halloween"])
    plan = build_plan(programme, presets={"halloween": HALLOWEEN})
    window = next(b for b in plan.blackouts if b.name == "Halloween")
    assert window.buffer_weeks == 5
    assert window.blocked_from == day("2026-10-01") - dt.timedelta(weeks=5)
    plan = build_plan(programme, options=PlanOptions(buffer_weeks=1),
                      presets={"halloween": HALLOWEEN})
    assert next(b for b in plan.blackouts if b.name == "Halloween").buffer_weeks == 1


def test_an_iranian_programme_avoids_nowruz_and_never_works_on_friday() -> None:
    units = [
        {"name": "Tehran stores", "users": 400, "region": "tehran", "legacy_platforms": ["POS"]},
        {"name": "Isfahan stores", "users": 150, "region": "isfahan", "legacy_platforms": ["POS"]},
        {"name": "Call centre", "users": 80, "region": "tehran", "legacy_platforms": ["Tickets"]},
    ]
    platforms = [{"name": "POS", "records": 800_000, "data_quality": 3},
                 {"name": "Tickets", "records": 90_000, "data_quality": 2}]
    programme = assessment(country="IR", start="2026-06-06", target="2027-03-10", units=units,
                           platforms=platforms, peak_seasons=["nowruz"], name="iran")
    plan = build_plan(programme, presets={"nowruz": NOWRUZ})
    nowruz = next(b for b in plan.blackouts if b.name == "Nowruz" and b.end.year == 2027)
    assert nowruz.end == day("2027-04-02")  # Farvardin 13, 1406
    for wave in plan.waves:
        assert wave.go_live is not None
        assert not nowruz.blocked_from <= wave.go_live <= nowruz.end
    first = _first_go_live(plan)
    assert first.start > nowruz.end
    assert any(n.task == first.id and n.window == "Nowruz"
               for n in plan.notes_with("blackout_shift"))
    for task in plan.tasks:
        assert task.start.weekday() != 4, task.id  # Friday
        assert task.end.weekday() != 4, task.id
    assert any(t.start.weekday() == 5 for t in plan.tasks)  # Saturday is a working day
    assert plan.violations == []


def test_iranian_public_holidays_hold_no_go_live() -> None:
    # Without any peak season, a target on Nowruz day itself still moves to a working day.
    programme = assessment(country="IR", start="2026-06-06", target="2027-03-21",
                           units=[{"name": "Tehran", "users": 100, "region": "tehran"}],
                           platforms=[], approach="big_bang")
    plan = build_plan(programme, presets={})
    assert plan.waves[0].go_live is not None
    assert plan.waves[0].go_live > day("2027-03-24")  # Nowruz holidays 1-4 Farvardin


def test_a_concurrent_project_and_a_freeze_block_go_lives() -> None:
    programme = assessment(target="2026-09-14", concurrent=[
        {"name": "ERP upgrade", "kind": "erp", "start": "2026-09-01", "end": "2026-09-30"}])
    freeze = Blackout(name="Year-end freeze", kind=BlackoutKind.FREEZE, start=day("2026-12-01"),
                      end=day("2027-01-10"), reason="finance close")
    plan = build_plan(programme, options=PlanOptions(blackouts=[freeze]), presets={})
    first = _first_go_live(plan)
    assert first.start > day("2026-09-30")
    assert {b.kind for b in plan.blackouts} >= {BlackoutKind.CONCURRENT_PROJECT,
                                                 BlackoutKind.FREEZE}
    for task in plan.tasks:
        if task.kind in (TaskKind.GO_LIVE, TaskKind.CUTOVER):
            assert not (task.start <= freeze.end and task.end >= freeze.start), task.id
    assert plan.violations == []


def test_a_holiday_closure_stops_all_work() -> None:
    closure = Blackout(name="Summer shutdown", kind=BlackoutKind.HOLIDAY,
                       start=day("2026-08-03"), end=day("2026-08-14"), reason="plant closed")
    plan = build_plan(assessment(), options=PlanOptions(blackouts=[closure]), presets={})
    for task in plan.tasks:
        assert not (closure.start <= task.start <= closure.end), task.id


def test_a_cutover_waits_for_a_short_peak_its_go_live_must_wait_for() -> None:
    # Found by the property test_no_migrated_data_waits_across_a_peak_before_its_go_live: a
    # four-day peak left room for a wave's cutover before it, while the wave's go-live had to
    # wait past it; the migrated data would have aged across the peak.
    units = [{"name": "U0", "users": 1, "region": "north", "legacy_platforms": []},
             {"name": "U1", "users": 221, "region": "north", "legacy_platforms": ["P0", "P1"]},
             *({"name": f"U{i}", "users": 1, "region": "north", "legacy_platforms": []}
               for i in range(2, 5))]
    programme = Assessment.model_validate({
        "name": "generated",
        "organisation": {"name": "Org", "industry": "retail", "country": "IR"},
        "programme": {
            "start_date": "2026-10-08", "target_go_live": "2026-12-07",
            "approach": "pilot_then_waves", "users_total": 225, "hypercare_weeks": 3,
            "business_units": units,
            "legacy_platforms": [{"name": f"P{i}", "kind": "other", "records": 0,
                                  "data_quality": 1} for i in range(3)],
            "peak_seasons": [{"name": "Peak 0", "start": "2026-09-09", "end": "2026-09-12",
                              "recurring": True}],
        },
    })
    plan = build_plan(programme, options=PlanOptions(migration_tracks=1, thursday_half_day=True),
                      presets={})
    go_lives = {w.id: w.go_live for w in plan.waves}
    peaks = [b for b in plan.blackouts if b.kind is BlackoutKind.PEAK_SEASON]
    cutovers = [t for t in plan.tasks if t.kind is TaskKind.CUTOVER]
    held = [t for t in cutovers if any(n.task == t.id and n.window == "Peak 0"
                                       for n in plan.notes_with("blackout_shift"))]
    assert held, "the cutover that found room before the peak is held until after it"
    for task in cutovers:
        go_live = go_lives[task.wave or ""]
        assert go_live is not None and task.end <= go_live
        assert not [p for p in peaks if task.end < p.start and p.end < go_live], task.id
    assert plan.violations == []
