"""Every documented case's own example is recognised by the engine.

One parametrised test per case: the example ranks its own case first, the case's causes are among
its top five risks, and the recoveries score low with a go or conditional verdict.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.content.loader import Content, example_assessment, load_default_content
from rollout.domain.report import Band, Decision
from rollout.risk.engine import assess

CASES = sorted(load_default_content().cases)
TOP_N = 5


@pytest.mark.parametrize("case_id", CASES)
def test_example_ranks_its_own_case_first(content: Content, case_id: str) -> None:
    report = assess(example_assessment(content, case_id), content)
    ranking = [(m.case, m.similarity) for m in report.matched_cases]
    assert ranking[0][0] == case_id, ranking[:3]
    assert ranking[0][1] > ranking[1][1], "the own case must rank strictly first"


@pytest.mark.parametrize("case_id", CASES)
def test_example_has_the_case_causes_among_its_top_risks(content: Content, case_id: str) -> None:
    case = content.cases[case_id]
    report = assess(example_assessment(content, case_id), content)
    top = [r.factor for r in report.risks[:TOP_N]]
    if case.outcome.value == "failure":
        assert set(case.causes) <= set(top), (case.causes, top)


@pytest.mark.parametrize("case_id", [c for c in CASES
                                     if load_default_content().cases[c].outcome.value != "failure"])
def test_recoveries_score_low_and_may_go(content: Content, case_id: str) -> None:
    report = assess(example_assessment(content, case_id), content)
    assert report.band is Band.LOW, [(r.factor, r.score) for r in report.risks[:3]]
    assert report.verdict.decision in (Decision.GO, Decision.CONDITIONAL)
    assert report.verdict.blockers == []


def test_there_are_ten_failures_and_two_recoveries(content: Content) -> None:
    outcomes = [c.outcome.value for c in content.cases.values()]
    assert outcomes.count("failure") >= 10
    assert outcomes.count("recovered") >= 2


def test_hershey_example_goes_live_inside_the_halloween_window(content: Content) -> None:
    report = assess(example_assessment(content, "hershey-1999"), content, at=dt.date(1999, 1, 4))
    assert report.peak.in_window
    assert "go_live_in_peak_season" in [b.gate for b in report.verdict.blockers]
    assert report.verdict.decision is Decision.NO_GO
