"""Retired question ids: never reused, and an answer to one is refused with what asks instead."""

from __future__ import annotations

import pytest

from rollout.assessment_file import assessment_from_data
from rollout.content.loader import Content, example_assessment
from rollout.errors import InputError


def test_retired_question_ids_are_not_reused_and_point_to_live_questions(
        content: Content) -> None:
    retired = {r.id: r for c in content.checklists for r in c.retired}
    assert retired, "the bank records its retired ids"
    assert not set(retired) & set(content.questions)
    for r in retired.values():
        assert set(r.replaced_by) <= set(content.questions), r.id


def test_an_answer_to_a_retired_question_is_refused_with_what_asks_instead(
        content: Content) -> None:
    data = example_assessment(content, "bmc").model_dump(mode="json")
    data["answers"]["ownership.sponsor_named"] = "partial"
    with pytest.raises(InputError) as caught:
        assessment_from_data(data, content, source="old.yaml", default_name="old")
    text = str(caught.value)
    assert "ownership.sponsor_named" in text and "retired" in text
    assert "ownership.sponsor_appointed" in text and "ownership.sponsor_engagement" in text
