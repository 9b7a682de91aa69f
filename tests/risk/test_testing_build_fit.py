"""The testing, customisation and product-fit factors and the untested go-live gate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rollout.content.loader import Content
from rollout.domain.assessment import Assessment
from rollout.domain.report import Decision
from rollout.risk.engine import assess

WELL_TESTED = {
    "test.end_to_end_status": "completed_signed_off", "test.performance_at_peak_volume": "yes",
    "test.user_acceptance": "yes", "test.open_severity1_defects": 0,
    "test.open_severity2_defects": 0, "test.independent_qa": "warnings_acted_on",
    "test.cutover_dress_rehearsal": "yes",
}
STANDARD_BUILD = {"build.configuration_share": 90, "build.process_adaptation": "adopt_standard",
                  "build.custom_objects": 3, "build.upgrade_safe": "yes"}
PROVEN_VENDOR = {"vendor.reference_customers": "yes", "vendor.proven_with_own_volumes": "yes",
                 "vendor.integrator_track_record": 5, "vendor.support_contract": "yes"}


def _assessment(answers: dict[str, Any], **programme: Any) -> Assessment:
    base: dict[str, Any] = {"start_date": dt.date(2026, 1, 5), "target_go_live": dt.date(2026, 6, 1),
                            "approach": "pilot_then_waves", "users_total": 300}
    base.update(programme)
    return Assessment.model_validate({
        "name": "unit", "organisation": {"name": "Unit Co", "industry": "utilities",
                                         "country": "GB"},
        "programme": base, "answers": answers})


def _likelihood(content: Content, factor: str, answers: dict[str, Any], **programme: Any) -> int:
    risk = assess(_assessment(answers, **programme), content).risk(factor)
    assert risk is not None
    return risk.likelihood


@pytest.mark.parametrize(("factor", "good"), [
    ("insufficient_testing", WELL_TESTED),
    ("complexity_customisation", STANDARD_BUILD),
])
def test_new_factor_passes_when_its_questions_are_answered_well(
    content: Content, factor: str, good: dict[str, Any],
) -> None:
    assert _likelihood(content, factor, good) == 1


def test_vendor_misfit_is_answerable_by_proven_fit(content: Content) -> None:
    unproven = {qid: ("no" if isinstance(v, str) else 1) for qid, v in PROVEN_VENDOR.items()}
    assert _likelihood(content, "vendor_misfit", PROVEN_VENDOR) < _likelihood(
        content, "vendor_misfit", unproven)


def test_testing_not_done_fails_with_a_floor(content: Content) -> None:
    answers = {**WELL_TESTED, "test.end_to_end_status": "planned_with_owner"}
    assert _likelihood(content, "insufficient_testing", answers) >= 4


def test_product_bent_to_old_processes_fails(content: Content) -> None:
    answers = {"build.configuration_share": 30, "build.process_adaptation": "product_bent",
               "build.custom_objects": 400, "build.upgrade_safe": "no"}
    assert _likelihood(content, "complexity_customisation", answers) == 5


@pytest.mark.parametrize("adverse", [{"test.open_severity1_defects": 2},
                                     {"test.performance_at_peak_volume": "no"}])
def test_untested_go_live_gate_blocks(content: Content, adverse: dict[str, Any]) -> None:
    report = assess(_assessment({**WELL_TESTED, **adverse}), content)
    assert "untested_go_live" in [b.gate for b in report.verdict.blockers]
    assert report.verdict.decision is Decision.NO_GO
    risk = report.risk("insufficient_testing")
    assert risk is not None and risk.likelihood == 5


def test_untested_go_live_gate_passes_a_tested_programme(content: Content) -> None:
    report = assess(_assessment(WELL_TESTED), content)
    assert "untested_go_live" not in [b.gate for b in report.verdict.blockers]
    assert "untested_go_live" not in " ".join(report.verdict.reasons)


def test_critical_interfaces_and_volume_raise_testing_risk(content: Content) -> None:
    quiet = assess(_assessment({}), content)
    busy = assess(_assessment({}, critical_external_interfaces=2,
                              peak_transactions_per_day=250_000), content)
    before, after = quiet.risk("insufficient_testing"), busy.risk("insufficient_testing")
    assert before is not None and after is not None
    assert (after.likelihood_raw or 0) > (before.likelihood_raw or 0)
    assert after.impact > before.impact
    assert busy.facts["critical_interfaces_count"] == 2
    assert (busy.exposure_index or 0) > (quiet.exposure_index or 0)


def test_no_unanswered_question_type_dominates_a_factor(content: Content) -> None:
    # With nothing answered and no hazardous fact, every factor sits at the same half gap.
    report = assess(_assessment({}), content)
    plain = [r for r in report.risks
             if not any(e.kind == "fact" and e.affects == "likelihood" for e in r.evidence)]
    assert len(plain) >= len(report.risks) - 3
    assert {r.likelihood_raw for r in plain} == {0.5}
