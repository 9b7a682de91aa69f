"""Scenarios side by side: duration, go-lives, peak users at once, and the re-scored risks."""

from __future__ import annotations

from rollout.content.loader import Content, example_assessment
from rollout.domain.plan import Scenario
from rollout.schedule import compare_scenarios


def test_big_bang_switches_everyone_at_once_and_raises_the_scope_risk(content: Content) -> None:
    vodafone = example_assessment(content, "vodafone-2016")
    comparison = compare_scenarios(vodafone, content)
    big_bang = comparison.result(Scenario.BIG_BANG)
    pilot = comparison.result(Scenario.PILOT_WAVES)
    total = sum(u.users for u in vodafone.programme.business_units)
    assert big_bang.peak_users_at_once == total
    assert pilot.peak_users_at_once < total
    assert big_bang.waves == 1 and pilot.waves > 2
    assert big_bang.total_score_after >= pilot.total_score_after
    assert any(c.factor == "big_bang_scope" and c.score_after > c.score_before
               for c in big_bang.risk_changes)
    assert big_bang.last_go_live <= pilot.last_go_live
    rows = comparison.table()
    assert [r["scenario"] for r in rows] == ["big-bang", "phased", "pilot-waves"]


def test_a_plan_that_moves_go_live_out_of_the_peak_lowers_the_timing_risk(content: Content
                                                                         ) -> None:
    hershey = example_assessment(content, "hershey-1999")
    comparison = compare_scenarios(hershey, content, scenarios=[Scenario.PILOT_WAVES])
    result = comparison.results[0]
    assert result.verdict_before == "no-go"
    timing = next(c for c in result.risk_changes if c.factor == "peak_season_timing")
    assert timing.score_after < timing.score_before
    assert result.total_score_after < result.total_score_before
