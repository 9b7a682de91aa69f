"""Waves: the pilot, grouping by region and shared platforms, the share cap, custom waves."""

from __future__ import annotations

from typing import Any

import pytest

from rollout.domain.plan import PlanOptions, Scenario
from rollout.errors import PlanningError
from rollout.schedule import build_plan
from tests.builders.plans import assessment

REGIONS = ["north", "south", "east"]


def _units(n: int = 12) -> list[dict[str, Any]]:
    return [{"name": f"U{i:02d}", "users": 50 + 37 * (i % 5), "region": REGIONS[i % 3],
             "legacy_platforms": ["Core", f"R-{REGIONS[i % 3]}"]} for i in range(n)]


PLATFORMS = [{"name": "Core", "records": 500_000}] + [
    {"name": f"R-{r}", "records": 100_000} for r in REGIONS]


def test_no_wave_of_several_units_exceeds_the_share_cap() -> None:
    plan = build_plan(assessment(units=_units(), platforms=PLATFORMS), presets={})
    total = sum(w.users for w in plan.waves)
    for wave in plan.waves:
        if len(wave.units) > 1:
            assert wave.users <= 0.25 * total
    assert plan.violations == []


def test_units_of_a_region_go_live_together_where_the_cap_allows() -> None:
    plan = build_plan(assessment(units=_units(), platforms=PLATFORMS),
                      options=PlanOptions(max_wave_share_pct=40), presets={})
    for wave in plan.waves:
        if not wave.pilot:
            assert len(wave.regions) == 1


def test_the_pilot_is_a_small_unit_on_widely_shared_platforms() -> None:
    units = _units()
    plan = build_plan(assessment(units=units, platforms=PLATFORMS), presets={})
    pilot = plan.wave("pilot")
    sizes = sorted(u["users"] for u in units)
    assert pilot.users <= sizes[len(sizes) // 2]
    assert "Core" in pilot.platforms
    note = plan.notes_with("pilot_chosen")[0]
    assert note.data["unit"] == pilot.units[0]


def test_the_user_can_choose_the_pilot() -> None:
    plan = build_plan(assessment(units=_units(), platforms=PLATFORMS),
                      options=PlanOptions(pilot_unit="U07"), presets={})
    assert plan.wave("pilot").units == ["U07"]
    with pytest.raises(PlanningError, match="'Nowhere' is not a business unit"):
        build_plan(assessment(units=_units(), platforms=PLATFORMS),
                   options=PlanOptions(pilot_unit="Nowhere"), presets={})


def test_big_bang_has_one_wave_with_everyone() -> None:
    plan = build_plan(assessment(units=_units(), platforms=PLATFORMS),
                      options=PlanOptions(scenario=Scenario.BIG_BANG), presets={})
    assert len(plan.waves) == 1
    assert len(plan.waves[0].units) == 12
    assert plan.violations == []


def test_custom_waves_follow_the_users_lists() -> None:
    plan = build_plan(assessment(units=_units(4), platforms=PLATFORMS),
                      options=PlanOptions(scenario=Scenario.CUSTOM, pilot_unit="U00",
                                  waves=[["U03"], ["U01"]], max_wave_share_pct=100), presets={})
    assert [w.units for w in plan.waves] == [["U00"], ["U03"], ["U01"], ["U02"]]
    assert plan.notes_with("wave_added")[0].data["units"] == ["U02"]


def test_a_programme_without_units_plans_one_unit_of_everyone() -> None:
    plan = build_plan(assessment(units=[], platforms=PLATFORMS), presets={})
    assert plan.waves[0].units == ["All users"]
    assert plan.notes_with("no_units")


def test_a_platform_no_unit_names_is_cut_over_with_the_first_full_wave() -> None:
    platforms = [*PLATFORMS, {"name": "Archive", "records": 10_000}]
    plan = build_plan(assessment(units=_units(), platforms=platforms), presets={})
    note = plan.notes_with("platform_unassigned")[0]
    assert note.data["platforms"] == ["Archive"]
    assert any(t.platform == "Archive" and t.kind.value == "cutover" and t.wave == "wave-1"
               for t in plan.tasks)


def test_a_region_above_the_cap_is_split_with_a_note() -> None:
    units = [{"name": f"N{i}", "users": 100, "region": "north",
              "legacy_platforms": ["Core"]} for i in range(8)]
    plan = build_plan(assessment(units=units, platforms=PLATFORMS[:1]), presets={})
    assert plan.notes_with("wave_split")
    assert len([w for w in plan.waves if not w.pilot]) >= 4
