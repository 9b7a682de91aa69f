"""The assessment wizard keeps its place (walkthrough D1), moves on with "next" buttons, and
shows progress per dimension."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from rollout.content.loader import Content
from rollout.content.schema import text_in
from rollout.domain.assessment import AnswerValue
from rollout.services import get_assessment, save_draft_answers
from rollout.ui.answer_widgets import widget_key
from tests.ui.conftest import Seeded, app_as

DIMENSION = "assessment_dimension"


def _page(seeded: Seeded) -> AppTest:
    at = app_as(seeded.users["project_owner"], organisation_id=seeded.org_a, page="assessment.py")
    assert not at.exception, at.exception
    return at


def _answers(seeded: Seeded) -> dict[str, AnswerValue]:
    return dict(get_assessment(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                               assessment_id=seeded.assessment_a).answers)


def _clear(seeded: Seeded, content: Content, dimension: str) -> None:
    draft = get_assessment(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                           assessment_id=seeded.assessment_a)
    cleared = {q.id for q in content.dimension(dimension).questions}
    save_draft_answers(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                       assessment_id=seeded.assessment_a, expected_version=draft.version,
                       answers={k: v for k, v in draft.answers.items() if k not in cleared},
                       content=content)


def _answer_every_question_of(at: AppTest, seeded: Seeded, content: Content,
                              dimension: str) -> int:
    """Answer each unanswered selectbox question of the dimension in turn; return how many."""
    count = 0
    for question in content.dimension(dimension).questions:
        key = widget_key(seeded.assessment_a, question.id)
        box = next((s for s in at.selectbox if s.key == key), None)
        if box is None or box.value is not None:  # answered, or not a selectbox
            continue
        choice = next(o for o in box.options if o != "— not answered —")
        box.select(choice).run()
        assert not at.exception, at.exception
        count += 1
        # D1: the picker stayed on the chosen dimension after every answer.
        assert at.selectbox(key=DIMENSION).value == dimension, f"reset after {count} answers"
    return count


def test_d1_the_chosen_dimension_survives_every_answer(
    seeded: Seeded, content: Content, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A dimension far from the first, as in the walkthrough, with its questions unanswered.
    dimension = content.checklists[-1].id
    _clear(seeded, content, dimension)
    at = _page(seeded)
    at.selectbox(key=DIMENSION).set_value(dimension).run()
    # Like the browser, send back the label the picker showed when the user chose (a selectbox's
    # state is its label): when the labels change with each answer, the stale label matched
    # no option any more and the picker fell back to the first dimension.
    picker = at.selectbox(key=DIMENSION)
    assert picker.index is not None
    shown = picker.options[picker.index]
    fresh = Selectbox._widget_state

    def as_the_browser_sends(self: Selectbox[Any]) -> WidgetState:
        state: WidgetState = fresh.fget(self)  # type: ignore[attr-defined]
        if self.key == DIMENSION:
            state.string_value = shown
        return state

    monkeypatch.setattr(Selectbox, "_widget_state", property(as_the_browser_sends))
    answered = _answer_every_question_of(at, seeded, content, dimension)
    assert answered >= 2
    assert sum(1 for q in content.dimension(dimension).questions
               if q.id in _answers(seeded)) == answered


def test_next_dimension_and_next_unanswered_move_the_picker(
    seeded: Seeded, content: Content,
) -> None:
    _clear(seeded, content, content.checklists[-1].id)
    at = _page(seeded)
    order = [c.id for c in content.checklists]
    assert at.selectbox(key=DIMENSION).value == order[0]
    at.button(key="assessment_next_dimension").click().run()
    assert at.selectbox(key=DIMENSION).value == order[1]
    answers = _answers(seeded)
    expected = next(c.id for c in content.checklists[2:] + content.checklists[:2]
                    if any(answers.get(q.id) is None for q in c.questions))
    at.button(key="assessment_next_unanswered").click().run()
    assert at.selectbox(key=DIMENSION).value == expected


def test_progress_is_shown_per_dimension(seeded: Seeded, content: Content) -> None:
    at = _page(seeded)
    answers = _answers(seeded)
    table = next(df.value for df in at.dataframe if "dimension" in df.value.columns)
    assert table["dimension"].tolist() == [f"{c.order}. {text_in(c.title)}"
                                           for c in content.checklists]
    assert table["answered"].tolist() == [
        sum(1 for q in c.questions if answers.get(q.id) is not None) for c in content.checklists]
    assert table["questions"].tolist() == [len(c.questions) for c in content.checklists]
