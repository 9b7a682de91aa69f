"""The engine scores risk from answers and facts, explains it, and never rewards silence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rollout.content.loader import Content
from rollout.domain.assessment import Assessment
from rollout.domain.report import Band, Decision
from rollout.risk.engine import assess


def _assessment(answers: dict[str, Any] | None = None, **programme: Any) -> Assessment:
    base: dict[str, Any] = {
        "start_date": dt.date(2026, 1, 5),
        "target_go_live": dt.date(2026, 6, 1),
        "approach": "pilot_then_waves",
        "users_total": 200,
    }
    base.update(programme)
    return Assessment.model_validate({
        "name": "unit",
        "organisation": {"name": "Unit Co", "industry": "confectionery", "country": "US"},
        "programme": base,
        "answers": answers or {},
    })


def test_unanswered_questions_count_as_half_a_gap_and_are_listed(minimal_content: Content) -> None:
    report = assess(_assessment(), minimal_content)
    assert report.unanswered == ["own.owner", "own.training_hours", "own.theme"]
    risk = report.risk("no_owner")
    assert risk is not None
    assert risk.likelihood == 3 and risk.likelihood_raw == 0.5
    assert risk.confidence == 0.0 and report.confidence == 0.0
    assert {e.kind for e in risk.evidence} == {"unanswered"}
    assert report.dimensions == {"ownership": 0}
    assert report.known_gaps == []


def test_a_documented_no_weighs_more_than_silence(minimal_content: Content) -> None:
    silent = assess(_assessment(), minimal_content).risk("no_owner")
    answers = {"own.owner": "no", "own.training_hours": 0, "own.theme": "none"}
    documented = assess(_assessment(answers), minimal_content)
    risk = documented.risk("no_owner")
    assert silent is not None and risk is not None
    assert risk.likelihood == 5 > silent.likelihood
    assert risk.confidence == 1.0
    assert documented.known_gaps == ["own.owner", "own.training_hours", "own.theme"]


def test_good_answers_give_low_likelihood_and_full_readiness(minimal_content: Content) -> None:
    answers = {"own.owner": "yes", "own.training_hours": 10, "own.theme": "intimacy"}
    report = assess(_assessment(answers), minimal_content)
    risk = report.risk("no_owner")
    assert risk is not None and risk.likelihood == 1
    assert risk.band is Band.LOW
    assert report.readiness == 100
    assert report.verdict.decision is Decision.GO
    assert report.unanswered == []


def test_evidence_shares_add_up_to_the_answer_deficit(minimal_content: Content) -> None:
    answers = {"own.owner": "partial", "own.training_hours": 4, "own.theme": "none"}
    report = assess(_assessment(answers), minimal_content)
    risk = report.risk("no_owner")
    assert risk is not None
    # weights 3, 2, 1; adequacies 0.5, 0.5, 0 -> deficit (1.5 + 1 + 1) / 6
    assert sum(e.contribution for e in risk.evidence) == pytest.approx(3.5 / 6, abs=0.01)
    assert risk.likelihood == 1 + round(4 * 3.5 / 6)


def test_a_fact_driver_adds_likelihood_and_impact_with_evidence(minimal_content: Content) -> None:
    answers = {"own.owner": "yes", "own.training_hours": 10, "own.theme": "intimacy"}
    report = assess(_assessment(answers, approach="big_bang", users_total=5000), minimal_content)
    risk = report.risk("no_owner")
    assert risk is not None
    assert risk.likelihood == 2  # 1 + round(4 * 0.2)
    assert risk.impact == 4
    facts = {(e.fact, e.affects) for e in risk.evidence if e.kind == "fact"}
    assert facts == {("approach", "likelihood"), ("users_total", "impact")}


def test_no_named_owner_is_a_blocker(minimal_content: Content) -> None:
    report = assess(_assessment({"own.owner": "no"}), minimal_content)
    assert report.verdict.decision is Decision.NO_GO
    assert [b.gate for b in report.verdict.blockers] == ["no_named_owner"]


def test_an_unanswered_owner_question_keeps_the_gate_uncleared_but_does_not_block(
    minimal_content: Content,
) -> None:
    report = assess(_assessment({"own.training_hours": 10, "own.theme": "intimacy"}),
                    minimal_content)
    assert report.verdict.blockers == []
    assert report.verdict.decision is Decision.CONDITIONAL
    assert any("not cleared" in r and "no_named_owner" in r for r in report.verdict.reasons)


def test_an_explicit_unknown_owner_blocks_like_a_no(minimal_content: Content) -> None:
    report = assess(_assessment({"own.owner": "unknown"}), minimal_content)
    assert [b.gate for b in report.verdict.blockers] == ["no_named_owner"]
    assert report.verdict.decision is Decision.NO_GO


def test_go_live_inside_peak_window_is_flagged(minimal_content: Content) -> None:
    programme: dict[str, Any] = {"target_go_live": dt.date(2026, 9, 20), "peak_seasons": ["halloween"],
                 "hypercare_weeks": 4}
    report = assess(_assessment(**programme), minimal_content)
    assert report.peak.in_window
    assert report.peak.clashing_start == dt.date(2026, 10, 1)
    assert report.peak.buffer_weeks == 6
    assert report.facts["go_live_in_peak_window"] is True


def test_go_live_just_before_the_buffer_is_clear(minimal_content: Content) -> None:
    programme: dict[str, Any] = {"target_go_live": dt.date(2026, 8, 16), "peak_seasons": ["halloween"]}
    report = assess(_assessment(**programme), minimal_content)
    assert not report.peak.in_window
    assert report.peak.next_start == dt.date(2026, 10, 1)


def test_case_similarity_lists_matched_and_unmatched_conditions(minimal_content: Content) -> None:
    report = assess(_assessment({"own.owner": "no"}, approach="big_bang"), minimal_content)
    match = report.matched_cases[0]
    assert match.case == "sample-case"
    assert match.matched == ["no_owner", "big_bang"]
    assert match.unmatched == ["peak"]
    assert match.similarity == 0.75
    assert report.risk("no_owner").resembles == ["sample-case"]  # type: ignore[union-attr]


def test_report_json_contract_keeps_its_keys(minimal_content: Content) -> None:
    data = assess(_assessment({"own.owner": "no"}), minimal_content).to_contract()
    assert {"assessment", "readiness", "dimensions", "verdict", "risks", "matched_cases",
            "unanswered"} <= set(data)
    assert data["verdict"]["decision"] == "no-go"
    assert all(isinstance(b, str) for b in data["verdict"]["blockers"])
    risk = data["risks"][0]
    assert {"factor", "likelihood", "impact", "score", "band", "evidence", "mitigations"} <= set(risk)
    assert {"case", "similarity", "matched", "unmatched"} <= set(data["matched_cases"][0])
