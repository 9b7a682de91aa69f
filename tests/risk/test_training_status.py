"""The engine reads the trainer's figures: waves behind their gate threshold close to go-live,
late forecasts and low adoption after go-live raise risk, with evidence naming the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rollout.content.loader import Content, example_assessment, load_default_content
from rollout.domain.assessment import Assessment, TrainingStatus
from rollout.domain.report import Decision, RiskReport
from rollout.risk.engine import assess
from rollout.risk.training import workdays_until

CONTENT = load_default_content()
BASE = example_assessment(CONTENT, "hershey-1999")
GO_LIVE = dt.date(2026, 12, 10)  # a Thursday
GATE = "wave_training_below_threshold"


def _with(training: dict[str, Any] | None, base: Assessment = BASE) -> Assessment:
    status = None if training is None else TrainingStatus.model_validate(training)
    return base.model_copy(update={"training": status})


def _wave(trained: int, *, required: int = 300, go_live: dt.date = GO_LIVE,
          forecast: dt.date | None = None, threshold: float = 90) -> dict[str, Any]:
    return {"wave": "Wave 2", "go_live": go_live, "people_required": required,
            "people_trained": trained, "threshold_pct": threshold, "forecast": forecast}


def _risk(report: RiskReport, factor: str) -> Any:
    return next(r for r in report.risks if r.factor == factor)


def _fact_notes(report: RiskReport, factor: str) -> dict[str, str]:
    return {e.fact: e.note for e in _risk(report, factor).evidence
            if e.kind == "fact" and e.fact}


def _at(workdays_before: int) -> dt.date:
    """The report date ``workdays_before`` US working days before GO_LIVE."""
    day = GO_LIVE
    while workdays_until("US", day, GO_LIVE) < workdays_before:
        day -= dt.timedelta(days=1)
    return day


def test_a_wave_below_threshold_near_go_live_raises_likelihood_and_blocks_the_gate(
        content: Content) -> None:
    at = _at(4)
    without = assess(_with(None), content, at=at)
    behind = assess(_with({"waves": [_wave(123)]}), content, at=at)
    assert _risk(behind, "insufficient_training").likelihood_raw > \
        _risk(without, "insufficient_training").likelihood_raw
    assert _risk(behind, "insufficient_training").likelihood >= 4
    gates = {b.gate: b for b in behind.verdict.blockers}
    assert GATE in gates and GATE not in {b.gate for b in without.verdict.blockers}
    assert behind.verdict.decision is Decision.NO_GO
    assert "Wave 2: 41 % trained of 300, threshold 90 %, go-live in 4 working days" in \
        gates[GATE].message
    assert behind.facts["training_behind_workdays_to_go_live"] == 4


def test_a_wave_below_threshold_within_four_weeks_raises_likelihood_without_blocking(
        content: Content) -> None:
    report = assess(_with({"waves": [_wave(123)]}), content, at=_at(8))
    assert GATE not in {b.gate for b in report.verdict.blockers}
    notes = _fact_notes(report, "insufficient_training")
    assert notes["training_behind_workdays_to_go_live"].endswith(
        "Wave 2: 41 % trained of 300, threshold 90 %, go-live in 8 working days")


def test_a_wave_behind_far_from_go_live_neither_raises_likelihood_nor_blocks(
        content: Content) -> None:
    at = _at(40)
    without = assess(_with(None), content, at=at)
    far = assess(_with({"waves": [_wave(30, forecast=GO_LIVE - dt.timedelta(days=20))]}),
                 content, at=at)
    assert _risk(far, "insufficient_training").likelihood_raw == \
        _risk(without, "insufficient_training").likelihood_raw
    assert GATE not in {b.gate for b in far.verdict.blockers}
    assert far.failure_index == without.failure_index


def test_a_wave_at_its_threshold_close_to_go_live_is_not_a_finding(content: Content) -> None:
    at = _at(3)
    without = assess(_with(None), content, at=at)
    met = assess(_with({"waves": [_wave(270)]}), content, at=at)  # 90 % of 300
    assert met.failure_index == without.failure_index
    assert GATE not in {b.gate for b in met.verdict.blockers}


def test_a_forecast_after_go_live_raises_likelihood_and_names_the_dates(content: Content) -> None:
    at = _at(40)
    late = assess(_with({"waves": [_wave(30, forecast=GO_LIVE + dt.timedelta(days=30))]}),
                  content, at=at)
    notes = _fact_notes(late, "insufficient_training")
    assert "Wave 2: forecast to reach 90 % on 9 January 2027, after its go-live on " \
           "10 December 2026" in notes["training_waves_forecast_late"]
    none = assess(_with({"waves": [_wave(30)]}), content, at=at)
    assert "no forecast reaches 90 %" in _fact_notes(none, "insufficient_training")[
        "training_waves_forecast_late"]


def test_evidence_names_the_wave_and_figures_in_persian(content: Content) -> None:
    report = assess(_with({"waves": [_wave(123)]}), content, at=_at(8), language="fa")
    note = _fact_notes(report, "insufficient_training")["training_behind_workdays_to_go_live"]
    assert "Wave 2: ۴۱ درصد از ۳۰۰ نفر آموزش دیده‌اند، آستانه ۹۰ درصد، راه‌اندازی ۸ روز کاری " \
           "دیگر" in note
    assert "trained" not in note
    blocked = assess(_with({"waves": [_wave(123)]}), content, at=_at(2), language="fa")
    message = next(b.message for b in blocked.verdict.blockers if b.gate == GATE)
    assert "۲ روز کاری" in message and "پنج روز کاری" in message


def test_low_adoption_is_a_risk_resembling_bmc_fed_to_post_go_live_operations(
        content: Content) -> None:
    training = {"units": [{"unit": "North", "wave": "Pilot", "adoption_pct": 38},
                          {"unit": "South", "adoption_pct": 85}]}
    without = assess(_with(None), content)
    low = assess(_with(training), content)
    resistance = _risk(low, "change_resistance")
    assert resistance.likelihood >= 4
    assert resistance.likelihood_raw > _risk(without, "change_resistance").likelihood_raw
    notes = _fact_notes(low, "change_resistance")
    assert notes["adoption_lowest_pct"].endswith("North (Pilot): 38 % active users, target 80 %")
    assert "BMC" in notes["adoption_lowest_pct"]
    ops = _risk(low, "no_post_go_live_ops")
    assert ops.likelihood_raw > _risk(without, "no_post_go_live_ops").likelihood_raw
    assert "North (Pilot): 38 % active users, target 80 %" in _fact_notes(
        low, "no_post_go_live_ops")["adoption_units_below_target"]
    assert {m.action for m in ops.mitigations} >= {"add_hypercare", "post_implementation_review"}
    fa = assess(_with(training), content, language="fa")
    assert "North (Pilot): ۳۸ درصد کاربران فعال، هدف ۸۰ درصد" in _fact_notes(
        fa, "change_resistance")["adoption_lowest_pct"]


def test_the_bmc_example_resembles_bmc_through_its_measured_adoption(content: Content) -> None:
    report = assess(example_assessment(content, "bmc"), content)
    bmc = next(m for m in report.matched_cases if m.case == "bmc")
    assert "adoption_below_half" in bmc.matched
    assert "bmc" in (_risk(report, "change_resistance").resembles or [])


def test_adoption_at_target_is_not_a_finding(content: Content) -> None:
    without = assess(_with(None), content)
    fine = assess(_with({"units": [{"unit": "North", "adoption_pct": 80}]}), content)
    assert fine.failure_index == without.failure_index
    assert fine.facts["adoption_units_below_target"] == 0


@pytest.mark.parametrize("bad", [
    {"waves": [{**_wave(301)}]},  # more trained than required
    {"waves": [_wave(10), _wave(20)]},  # the same wave twice
    {"units": [{"unit": "North", "adoption_pct": 120}]},
    {"waves": [{**_wave(10), "threshold_pct": 0}]},
    {"units": [{"unit": "North", "adoption_pct": 50, "colour": "red"}]},
])
def test_an_invalid_training_status_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        TrainingStatus.model_validate(bad)


# --- a better figure never raises risk ------------------------------------------------------


@st.composite
def _status_and_better(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    waves, better_waves = [], []
    for i in range(draw(st.integers(0, 3))):
        required = draw(st.integers(0, 400))
        trained = draw(st.integers(0, required))
        more = draw(st.integers(trained, required))
        go_live = GO_LIVE + dt.timedelta(days=draw(st.integers(-10, 60)))
        forecast = draw(st.none() | st.dates(dt.date(2026, 10, 1), dt.date(2027, 3, 1)))
        earlier = None if forecast is None else forecast - dt.timedelta(
            days=draw(st.integers(0, 30)))
        threshold = draw(st.sampled_from([80.0, 90.0, 100.0]))
        waves.append({**_wave(trained, required=required, go_live=go_live, forecast=forecast,
                              threshold=threshold), "wave": f"W{i}"})
        better_waves.append({**waves[-1], "people_trained": more,
                             "forecast": earlier if forecast is not None else
                             draw(st.none() | st.just(go_live))})
    units, better_units = [], []
    for i in range(draw(st.integers(0, 3))):
        pct = draw(st.floats(0, 100))
        units.append({"unit": f"U{i}", "adoption_pct": pct})
        better_units.append({"unit": f"U{i}", "adoption_pct": draw(st.floats(pct, 100))})
    return {"waves": waves, "units": units}, {"waves": better_waves, "units": better_units}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_status_and_better(), st.integers(0, 50))
def test_better_completion_or_adoption_never_raises_risk(
        pair: tuple[dict[str, Any], dict[str, Any]], days_before: int) -> None:
    worse, better = pair
    at = GO_LIVE - dt.timedelta(days=days_before)
    a = assess(_with(worse), CONTENT, at=at)
    b = assess(_with(better), CONTENT, at=at)
    raw_a = {r.factor: r.likelihood_raw for r in a.risks}
    for risk in b.risks:
        assert (risk.likelihood_raw or 0) <= (raw_a[risk.factor] or 0) + 1e-9, risk.factor
    assert (b.failure_index or 0) <= (a.failure_index or 0)
    assert {x.gate for x in b.verdict.blockers} <= {x.gate for x in a.verdict.blockers}


def test_an_assessment_file_may_carry_a_training_status(content: Content) -> None:
    from rollout.assessment_file import assessment_from_data

    data = BASE.model_dump(mode="json", exclude_none=True)
    data["training"] = {"waves": [{"wave": "موج ۲", "go_live": "2026-12-10",
                                   "people_required": "۳۰۰", "people_trained": 123}],
                        "units": [{"unit": "North", "adoption_pct": "۳۸"}]}
    assessment = assessment_from_data(data, content, source="t.yaml")
    assert assessment.training is not None
    assert assessment.training.waves[0].people_required == 300
    assert assessment.training.units[0].adoption_pct == 38.0
    data["training"]["units"][0]["adoption_pct"] = 130
    with pytest.raises(Exception, match="adoption_pct"):
        assessment_from_data(data, content, source="t.yaml")
