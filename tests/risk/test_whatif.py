"""What-if re-scoring: the varied copy changes risk; the original assessment is untouched."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.content.loader import Content, example_assessment
from rollout.domain.assessment import RolloutApproach
from rollout.errors import InputError
from rollout.risk.whatif import compare_what_if, vary_assessment


def test_moving_hersheys_go_live_after_the_peak_lowers_peak_season_risk(content: Content) -> None:
    original = example_assessment(content, "hershey-1999")
    result = compare_what_if(original, content, go_live=dt.date(2000, 5, 8))
    before = result.before.risk("peak_season_timing")
    after = result.after.risk("peak_season_timing")
    assert before is not None and after is not None
    assert after.score < before.score
    assert "go_live_in_peak_season" not in [b.gate for b in result.after.verdict.blockers]
    assert any(c.factor == "peak_season_timing" and c.delta < 0 for c in result.changes)


def test_what_if_leaves_the_original_assessment_unchanged(content: Content) -> None:
    original = example_assessment(content, "hershey-1999")
    snapshot = original.model_dump()
    compare_what_if(original, content, go_live=dt.date(2000, 5, 8),
                    approach=RolloutApproach.PHASED, add_pilot=True)
    assert original.model_dump() == snapshot


def test_adding_a_pilot_to_a_big_bang_never_raises_total_risk(content: Content) -> None:
    original = example_assessment(content, "hershey-1999")
    result = compare_what_if(original, content, add_pilot=True)
    assert result.after.total_score <= result.before.total_score
    after, before = result.after.risk("big_bang_scope"), result.before.risk("big_bang_scope")
    assert after is not None and before is not None
    assert after.score <= before.score


def test_pilot_sets_the_approach_and_the_pilot_answer(content: Content) -> None:
    varied = vary_assessment(example_assessment(content, "hershey-1999"), content, add_pilot=True)
    assert varied.programme.approach is RolloutApproach.PILOT_THEN_WAVES
    assert varied.answers["phasing.pilot_planned"] == "yes"


def test_go_live_before_the_programme_start_is_refused_with_the_field_named(
    content: Content,
) -> None:
    original = example_assessment(content, "hershey-1999")
    with pytest.raises(InputError) as err:
        vary_assessment(original, content, go_live=original.programme.start_date)
    assert err.value.problems[0][0] == "go_live"
