"""The gates the knowledge review asked for: a CRM needs a purpose, and a sponsor named on paper
but absent blocks go like no sponsor at all."""

from __future__ import annotations

from typing import Any

from rollout.content.loader import Content, example_assessment
from rollout.risk.engine import assess


def _blockers(content: Content, case_id: str, **answers: Any) -> list[str]:
    assessment = example_assessment(content, case_id)
    merged = {**assessment.answers, **answers}
    report = assess(assessment.model_copy(update={"answers": merged}), content)
    return [b.gate for b in report.verdict.blockers]


def test_no_written_goals_and_no_theme_blocks_go(content: Content) -> None:
    blockers = _blockers(content, "dow-recovery", **{"strategy.goals_defined": "no",
                                                     "strategy.theme": "none"})
    assert "no_crm_purpose" in blockers


def test_written_goals_or_a_chosen_theme_is_enough_for_the_purpose_gate(content: Content) -> None:
    assert "no_crm_purpose" not in _blockers(content, "dow-recovery",
                                             **{"strategy.goals_defined": "no"})
    assert "no_crm_purpose" not in _blockers(content, "dow-recovery",
                                             **{"strategy.theme": "none"})


def test_a_named_but_absent_sponsor_blocks_go(content: Content) -> None:
    blockers = _blockers(content, "bmc-recovery", **{"ownership.sponsor_appointed": "yes",
                                                     "ownership.sponsor_engagement": 2})
    assert "no_engaged_sponsor" in blockers


def test_an_appointed_engaged_sponsor_passes_the_sponsor_gate(content: Content) -> None:
    blockers = _blockers(content, "bmc-recovery", **{"ownership.sponsor_appointed": "yes",
                                                     "ownership.sponsor_engagement": 3})
    assert "no_engaged_sponsor" not in blockers


def test_bmc_first_attempts_trip_the_sponsor_gate_for_the_absent_sponsor(content: Content) -> None:
    assert "no_engaged_sponsor" in _blockers(content, "bmc")


def test_every_new_thesis_question_is_answered_in_every_seed_example(content: Content) -> None:
    new = {"strategy.value_proposition", "strategy.offer_competitive", "strategy.crm_principles",
           "strategy.feedback_to_products", "training.customer_first_culture",
           "cx.interaction_roadmap", "cx.customer_habits_studied", "cx.moments_of_truth",
           "cx.regulatory_duties_checked", "ownership.crm_expectations",
           "ownership.marketing_sales_shared", "ops.complaint_handling_ready"}
    assert new <= set(content.questions)
    for case in content.cases.values():
        if case.from_seeds:
            assert new <= set(case.example["answers"]), case.id
