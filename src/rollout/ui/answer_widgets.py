"""One input widget per question type, bound to the draft stored in the database.

The database is the source of truth: before a widget is drawn its session value is set from the
stored answer, and a change is saved by the widget's callback before the page runs again. An
answer that did not save (for example because someone else saved first) springs back to the
stored value, with the reason shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from rollout.content.loader import Content
from rollout.content.schema import AnswerType, Question, text_in
from rollout.domain.assessment import AnswerValue

NOT_ANSWERED = "— not answered —"


def widget_key(assessment_id: str, question_id: str) -> str:
    return f"answer::{assessment_id}::{question_id}"


def stored_to_widget(question: Question, value: AnswerValue) -> Any:
    if question.type is AnswerType.MULTI_CHOICE:
        return list(value) if isinstance(value, list) else []
    if question.type is AnswerType.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def widget_to_answer(question: Question, value: Any) -> AnswerValue:
    """The answer a widget value stands for (None: unanswered)."""
    if value is None:
        return None
    if question.type is AnswerType.MULTI_CHOICE:
        return list(value) or None
    if question.type is AnswerType.NUMBER:
        number = float(value)
        return int(number) if number.is_integer() else number
    answer: AnswerValue = value  # a widget of the question's own type
    return answer


def help_text(question: Question, content: Content) -> str:
    lines = [text_in(question.help)]
    if question.cases:
        names = [f"{content.cases[c].organisation} {content.cases[c].year or ''}".strip()
                 for c in question.cases if c in content.cases]
        lines.append("Related cases: " + ", ".join(names) + ".")
    if question.scale_labels:
        lines.append(text_in(question.scale_labels))
    lines.append(f"Feeds: {', '.join(question.factors) or 'information only'} · id `{question.id}`")
    return "  \n".join(lines)


def answer_widget(question: Question, content: Content, *, key: str, answered: bool,
                  on_change: Callable[[], None], disabled: bool) -> None:
    label = text_in(question.text) + ("" if answered else "  :orange[● unanswered]")
    common: dict[str, Any] = {"key": key, "help": help_text(question, content),
                              "on_change": on_change, "disabled": disabled}
    kind = question.type
    if kind is AnswerType.YES_NO:
        st.selectbox(label, [None, "yes", "partial", "no", "unknown"],
                     format_func=lambda v: NOT_ANSWERED if v is None else v, **common)
    elif kind is AnswerType.SCALE:
        st.selectbox(label, [None, 1, 2, 3, 4, 5],
                     format_func=lambda v: NOT_ANSWERED if v is None else str(v), **common)
    elif kind is AnswerType.NUMBER:
        unit = f" ({text_in(question.unit)})" if question.unit else ""
        st.number_input(label + unit, min_value=0.0, step=1.0, **common)
    elif kind is AnswerType.DATE:
        st.date_input(label, min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31),
                      **common)
    elif kind is AnswerType.CHOICE:
        labels = {o.value: text_in(o.label) for o in question.options}
        st.selectbox(label, [None, *labels],
                     format_func=lambda v: NOT_ANSWERED if v is None else labels[v], **common)
    else:
        labels = {o.value: text_in(o.label) for o in question.options}
        st.multiselect(label, list(labels), format_func=labels.__getitem__, **common)
