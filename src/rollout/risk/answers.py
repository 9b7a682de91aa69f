"""Answers: checking them against their questions and turning them into adequacy (0..1).

Adequacy is how well an answer supports a successful rollout: 1 is the good answer, 0 the worst.
``unknown`` and an unanswered question are both 0: not knowing is a risk, never a comfort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rollout.content.schema import NOT_APPLICABLE, YES_NO_VALUES, AnswerType, Question

_YES_NO_ADEQUACY = {"yes": 1.0, "partial": 0.5, "no": 0.0, "unknown": 0.0}


def normalise_answer(question: Question, value: Any) -> Any:
    """The canonical form of a valid answer (booleans from JSON become yes/no)."""
    if question.type is AnswerType.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    if question.type is AnswerType.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def answer_problem(question: Question, value: Any) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None if it is."""
    if value is None:
        return None  # explicitly unanswered
    if value == NOT_APPLICABLE:
        if question.may_not_apply:
            return None
        return (f"this question applies to every organisation; {NOT_APPLICABLE!r} is not an "
                "answer to it (leave it unanswered if you do not know)")
    kind = question.type
    if kind is AnswerType.YES_NO:
        if isinstance(value, bool) or value in YES_NO_VALUES:
            return None
        return f"answer {value!r} is not one of yes, partial, no, unknown"
    if kind is AnswerType.SCALE:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return None
        return f"answer {value!r} is not a whole number from 1 to 5"
    if kind is AnswerType.NUMBER:
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return None
        unit = f" ({question.unit})" if question.unit else ""
        return f"answer {value!r} is not a number of zero or more{unit}"
    if kind is AnswerType.DATE:
        if isinstance(value, dt.date):
            return None
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return f"answer {value!r} is not a date; write it as YYYY-MM-DD"
    allowed = [o.value for o in question.options]
    if kind is AnswerType.CHOICE:
        if value in allowed:
            return None
        return f"answer {value!r} is not one of {', '.join(allowed)}"
    if kind is AnswerType.MULTI_CHOICE:
        if isinstance(value, list) and all(v in allowed for v in value):
            if len(set(value)) != len(value):
                return "the list names an option twice"
            return None
        return f"answer {value!r} is not a list drawn from {', '.join(allowed)}"
    raise AssertionError(kind)


def check_answers(
    answers: Mapping[str, Any], questions: Mapping[str, Question]
) -> list[tuple[str, str]]:
    """Every problem with ``answers`` as (location, message) pairs."""
    problems: list[tuple[str, str]] = []
    for qid, value in answers.items():
        question = questions.get(qid)
        if question is None:
            hint = _closest(qid, questions)
            more = f"; did you mean {hint!r}?" if hint else "; `rollout validate` lists none like it"
            problems.append((f"answers.{qid}", f"unknown question id{more}"))
            continue
        problem = answer_problem(question, value)
        if problem:
            problems.append((f"answers.{qid}", f"{problem} (question type {question.type.value})"))
    return problems


def adequacy(question: Question, value: Any) -> float | None:
    """Adequacy of a valid, normalised answer; None when unanswered, not applicable or not
    scored (dates)."""
    if value is None or question.type is AnswerType.DATE or value == NOT_APPLICABLE:
        return None
    kind = question.type
    if kind is AnswerType.YES_NO:
        score = _YES_NO_ADEQUACY[value]
        if question.good == "no" and value in ("yes", "no"):
            score = 1.0 - score
        return score
    if kind is AnswerType.SCALE:
        return (float(value) - 1.0) / 4.0
    if kind is AnswerType.NUMBER:
        earned = 0.0
        for threshold in question.thresholds:
            if value >= threshold.min:
                earned = threshold.adequacy
        return earned
    by_value = {o.value: o.adequacy for o in question.options}
    if kind is AnswerType.CHOICE:
        return by_value[value]
    return min(1.0, sum(by_value[v] for v in value))


def _closest(qid: str, questions: Mapping[str, Question]) -> str | None:
    import difflib

    found = difflib.get_close_matches(qid, list(questions), n=1, cutoff=0.6)
    return found[0] if found else None
