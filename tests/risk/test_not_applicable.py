"""A question that does not apply is left out of readiness and likelihood: never a gap."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from rollout.content.checks import check_answers
from rollout.content.loader import Content
from rollout.content.schema import NOT_APPLICABLE, Question
from rollout.domain.assessment import Assessment
from rollout.risk.engine import assess


def _assessment(answers: dict[str, Any]) -> Assessment:
    return Assessment.model_validate({
        "name": "unit",
        "organisation": {"name": "Unit Co", "industry": "confectionery", "country": "US"},
        "programme": {"start_date": dt.date(2026, 1, 5), "target_go_live": dt.date(2026, 6, 1),
                      "approach": "pilot_then_waves", "users_total": 200},
        "answers": answers,
    })


def test_not_applicable_choice_is_left_out_of_readiness_and_likelihood(
    minimal_content: Content,
) -> None:
    report = assess(_assessment({"own.owner": "yes", "own.training_hours": 10,
                                 "own.theme": NOT_APPLICABLE}), minimal_content)
    risk = report.risk("no_owner")
    assert risk is not None and risk.likelihood == 1
    assert report.readiness == 100
    assert report.unanswered == []
    assert all(e.question != "own.theme" for e in risk.evidence)


def test_not_applicable_shares_the_deficit_among_the_questions_that_apply(
    minimal_content: Content,
) -> None:
    # weights 3 (owner, partial: 0.5) and 2 (hours 4: 0.5); theme (weight 1) does not apply
    report = assess(_assessment({"own.owner": "partial", "own.training_hours": 4,
                                 "own.theme": NOT_APPLICABLE}), minimal_content)
    risk = report.risk("no_owner")
    assert risk is not None
    assert sum(e.contribution for e in risk.evidence) == pytest.approx(2.5 / 5, abs=0.01)
    assert risk.likelihood == 1 + round(4 * 2.5 / 5)
    assert report.dimensions == {"ownership": 50}


def test_not_applicable_never_adds_a_gap_compared_with_the_best_answer(
    minimal_content: Content,
) -> None:
    best = assess(_assessment({"own.owner": "no", "own.training_hours": 10,
                               "own.theme": "intimacy"}), minimal_content)
    not_applying = assess(_assessment({"own.owner": "no", "own.training_hours": NOT_APPLICABLE,
                                       "own.theme": "intimacy"}), minimal_content)
    before, after = best.risk("no_owner"), not_applying.risk("no_owner")
    assert before is not None and after is not None
    assert len([e for e in after.evidence if e.kind == "unanswered"]) == 0
    assert not_applying.unanswered == []
    # the one gap left (owner: no) now weighs 3 of 4 instead of 3 of 6
    assert sum(e.contribution for e in after.evidence) == pytest.approx(3 / 4, abs=0.01)
    assert after.likelihood >= before.likelihood


def test_not_applicable_is_refused_where_the_question_always_applies(
    minimal_content: Content,
) -> None:
    problems = check_answers({"own.owner": NOT_APPLICABLE, "own.theme": NOT_APPLICABLE},
                             minimal_content.questions)
    assert [loc for loc, _ in problems] == ["answers.own.owner"]
    assert "applies to every organisation" in problems[0][1]


def test_not_applicable_is_a_flag_of_the_question_not_an_option() -> None:
    with pytest.raises(ValidationError, match="reserved"):
        Question.model_validate({
            "id": "a.b", "text": {"en": "t"}, "help": {"en": "h"}, "type": "choice",
            "factors": ["f"], "options": [
                {"value": NOT_APPLICABLE, "label": {"en": "n/a"}, "adequacy": 1},
                {"value": "x", "label": {"en": "x"}, "adequacy": 0}]})
    with pytest.raises(ValidationError, match="not date questions"):
        Question.model_validate({"id": "a.b", "text": {"en": "t"}, "help": {"en": "h"},
                                 "type": "date", "weight": 0, "may_not_apply": True})
