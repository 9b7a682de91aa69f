"""Calibration maps documented facts to assessments without reading outcomes, and measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from rollout.content.loader import Content
from rollout.errors import InputError
from rollout.risk.calibration import (
    CalibrationCase,
    calibrate,
    case_assessment,
    load_cases,
    mapped_answers,
    naive_baseline,
    number_in,
    parse_cases,
    roc_auc,
)

FIXTURE = Path(__file__).parent / "fixtures" / "calibration-cases.yaml"


@pytest.mark.parametrize(("text", "number"), [
    ("about 1.3 billion customer records", 1_300_000_000),
    ("1,200 agents", 1200),
    ("2.5m accounts", 2_500_000),
    ("several existing billing systems", 3),
    ("seven billing platforms", 7),
    (None, None), (True, None), (40, 40),
])
def test_numbers_are_read_from_the_facts_text(text: object, number: int | None) -> None:
    assert number_in(text) == number


@pytest.mark.parametrize("mode", ["sparse", "neutral"])
def test_the_mapping_never_reads_outcome_or_documented_causes(content: Content, mode: str) -> None:
    cases = load_cases(FIXTURE)
    flipped = [c.model_copy(update={
        "outcome": "success" if c.outcome == "failure" else "failure",
        "documented_causes": ["vendor_misfit"] if not c.documented_causes else []})
        for c in cases]
    original = calibrate(cases, content, mode, leave_one_out=False)  # type: ignore[arg-type]
    changed = calibrate(flipped, content, mode, leave_one_out=False)  # type: ignore[arg-type]
    keep = ("id", "failure_index", "exposure_index", "readiness", "verdict", "top_factors",
            "naive_baseline", "confidence")
    assert [{k: r[k] for k in keep} for r in original["per_case"]] == [
        {k: r[k] for k in keep} for r in changed["per_case"]]


def test_sparse_mode_answers_only_what_facts_state(content: Content) -> None:
    case = load_cases(FIXTURE)[1]  # rushed_portal: testing, processes and support stated false
    assessment = case_assessment(case, content, "sparse")
    assert set(assessment.answers) == set(mapped_answers(case.facts))
    assert assessment.answers["phasing.processes_defined"] == "no"
    assert assessment.answers["test.end_to_end_status"] == "planned_with_owner"


def test_neutral_mode_fills_every_scored_question_with_a_middle_answer(content: Content) -> None:
    case = load_cases(FIXTURE)[3]
    assessment = case_assessment(case, content, "neutral")
    scored = {q for q, question in content.questions.items() if question.weight > 0}
    assert scored <= set(assessment.answers)
    report_unanswered = [q for q in scored if q not in assessment.answers]
    assert report_unanswered == []


def test_stated_facts_reach_the_programme(content: Content) -> None:
    assessment = case_assessment(load_cases(FIXTURE)[0], content, "sparse")
    programme = assessment.programme
    assert programme.approach.value == "big_bang"
    assert len(programme.legacy_platforms) == 3
    assert sum(p.records for p in programme.legacy_platforms) == pytest.approx(2_500_000, abs=3)
    assert programme.users_total == 1200
    assert programme.peak_seasons and programme.peak_seasons[0].name == "winter billing peak"


def test_the_naive_baseline_counts_adverse_minus_favourable_facts() -> None:
    cases = {c.id: c for c in load_cases(FIXTURE)}
    assert naive_baseline(cases["hasty_billing"].facts) == 6  # 5 adverse facts + big bang
    assert naive_baseline(cases["careful_crm"].facts) == -7


def test_roc_auc_counts_ties_as_half() -> None:
    assert roc_auc([3, 2], [1]) == 1.0
    assert roc_auc([1], [1]) == 0.5
    assert roc_auc([0], [1, 2]) == 0.0
    assert roc_auc([], [1]) is None


def test_calibration_reports_the_contract_and_unmapped_causes(content: Content) -> None:
    result = calibrate(load_cases(FIXTURE), content, "sparse")
    assert (result["cases"], result["failures"], result["successes"]) == (4, 2, 2)
    assert set(result["auc"]) == {"failure_index", "readiness", "naive_baseline"}
    assert set(result["recall"]) == {"3", "5", "10"} and "5" in result["chance_recall"]
    assert result["unmapped_causes"] == 1 and result["unmapped"] == ["unknown_cause_word"]
    rows = {r["id"]: r for r in result["per_case"]}
    assert rows["hasty_billing"]["failure_index"] > rows["careful_crm"]["failure_index"]
    assert rows["careful_crm"]["verdict"] != "no-go"
    assert "big_bang_scope" in rows["hasty_billing"]["hits_at_5"]
    assert "insufficient_testing" in rows["hasty_billing"]["top_factors"]


def test_scoring_without_the_cases_own_library_entry_keeps_its_failure_index(
    content: Content,
) -> None:
    own = next(cid for cid, case in content.cases.items() if not case.from_seeds)
    case = CalibrationCase(id=own.replace("-", "_"), outcome="failure",
                           facts={"testing_adequate": False})
    result = calibrate([case], content, "sparse")
    assert result["leave_one_out"] == {"checked": 1, "changed": []}


def test_a_bad_case_file_names_the_case_and_field() -> None:
    with pytest.raises(InputError, match=r"\[1\]\.outcome"):
        parse_cases([{"id": "a", "outcome": "failure"}, {"id": "b", "outcome": "won"}], "x.yaml")
    with pytest.raises(InputError, match="non-empty list"):
        parse_cases({"id": "a"}, "x.yaml")
    with pytest.raises(InputError, match="appears twice"):
        parse_cases([{"id": "a", "outcome": "failure"}] * 2, "x.yaml")
