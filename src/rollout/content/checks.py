"""Checks of answers and conditions against the question bank and the fact vocabulary.

The loader runs them on the knowledge base (gates, drivers, case signatures and examples); the
services and the assessment-file reader run the answer checks on what users submit. They live
next to the schemas they check, so that content never needs the risk engine to validate itself.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from rollout.content.facts import FACTS
from rollout.content.schema import (
    NOT_APPLICABLE,
    YES_NO_VALUES,
    AllOf,
    AnswerType,
    AnyOf,
    Checklist,
    Comparison,
    Condition,
    Not,
    Op,
    Question,
    RetiredQuestion,
    text_in,
)


class Problem(NamedTuple):
    """A problem found in a condition: where in it, what is wrong, and of which kind.

    ``broken_reference`` marks a reference to a question that does not exist (the loader reports
    it as a BrokenReferenceError); any other problem is a schema problem.
    """

    location: str
    message: str
    broken_reference: bool = False


_ORDERED = {Op.LT, Op.LE, Op.GT, Op.GE, Op.BETWEEN}
_OPS_BY_TYPE: dict[AnswerType, set[Op]] = {
    AnswerType.YES_NO: {Op.EQ, Op.NE, Op.IN, Op.NOT_IN},
    AnswerType.SCALE: {Op.EQ, Op.NE, Op.IN, Op.NOT_IN, *_ORDERED},
    AnswerType.NUMBER: {Op.EQ, Op.NE, *_ORDERED},
    AnswerType.DATE: {Op.EQ, Op.NE, *_ORDERED},
    AnswerType.CHOICE: {Op.EQ, Op.NE, Op.IN, Op.NOT_IN},
    AnswerType.MULTI_CHOICE: {Op.CONTAINS},
}


def condition_problems(
    condition: Condition, questions: Mapping[str, Question], *, facts_only: bool = False
) -> list[Problem]:
    """Problems with a condition, located within the condition."""
    if isinstance(condition, AllOf | AnyOf):
        items = condition.all if isinstance(condition, AllOf) else condition.any
        key = "all" if isinstance(condition, AllOf) else "any"
        return [
            p._replace(location=f"{key}[{i}]" + (f".{p.location}" if p.location else ""))
            for i, sub in enumerate(items)
            for p in condition_problems(sub, questions, facts_only=facts_only)
        ]
    if isinstance(condition, Not):
        return [
            p._replace(location="not" + (f".{p.location}" if p.location else ""))
            for p in condition_problems(condition.not_, questions, facts_only=facts_only)
        ]
    return _comparison_problems(condition, questions, facts_only)


def _comparison_problems(
    c: Comparison, questions: Mapping[str, Question], facts_only: bool
) -> list[Problem]:
    if c.fact is not None:
        if c.fact not in FACTS:
            known = ", ".join(sorted(FACTS))
            return [Problem("fact", f"unknown fact {c.fact!r}; known facts: {known}")]
        return []
    assert c.answer is not None
    if facts_only:
        return [Problem("answer",
                        "this condition may use programme facts only (`fact:`), not answers")]
    question = questions.get(c.answer)
    if question is None:
        return [Problem("answer", f"unknown question id {c.answer!r}", broken_reference=True)]
    if c.op in (Op.ANSWERED, Op.UNANSWERED):
        return []
    allowed = _OPS_BY_TYPE[question.type]
    if c.op not in allowed:
        names = ", ".join(sorted(o.value for o in allowed))
        return [Problem("op", f"operator {c.op.value!r} does not apply to a "
                              f"{question.type.value} question; use one of {names}, answered, "
                              "unanswered")]
    values = c.value if isinstance(c.value, list) else [c.value]
    problem = _value_problem(question, values)
    return [Problem("value", problem)] if problem else []


def _value_problem(question: Question, values: list[Any]) -> str | None:
    """Why a value compared with ``question``'s answer can never be its answer, if it cannot."""
    kind = question.type
    if kind is AnswerType.YES_NO:
        bad = [v for v in values if v not in YES_NO_VALUES]
        return f"{bad[0]!r} is not one of {', '.join(YES_NO_VALUES)}" if bad else None
    if kind in (AnswerType.CHOICE, AnswerType.MULTI_CHOICE):
        options = {o.value for o in question.options}
        bad = [v for v in values if v not in options]
        return f"{bad[0]!r} is not an option of {question.id}" if bad else None
    if kind in (AnswerType.SCALE, AnswerType.NUMBER):
        bad = [v for v in values if isinstance(v, bool) or not isinstance(v, int | float)]
        return f"{bad[0]!r} is not a number" if bad else None
    bad = [v for v in values if not isinstance(v, dt.date)]
    return f"{bad[0]!r} is not a date (YYYY-MM-DD)" if bad else None


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
    return _PROBLEM_BY_TYPE[question.type](question, value)


def _yes_no_problem(question: Question, value: Any) -> str | None:  # noqa: ARG001 (one signature for every entry of _PROBLEM_BY_TYPE)
    if isinstance(value, bool) or value in YES_NO_VALUES:
        return None
    return f"answer {value!r} is not one of yes, partial, no, unknown"


def _scale_problem(question: Question, value: Any) -> str | None:  # noqa: ARG001 (one signature for every entry of _PROBLEM_BY_TYPE)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return None
    return f"answer {value!r} is not a whole number from 1 to 5"


def _number_problem(question: Question, value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return None
    unit = f" ({text_in(question.unit)})" if question.unit else ""
    return f"answer {value!r} is not a number of zero or more{unit}"


def _date_problem(question: Question, value: Any) -> str | None:  # noqa: ARG001 (one signature for every entry of _PROBLEM_BY_TYPE)
    if isinstance(value, dt.date):
        return None
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"answer {value!r} is not a date; write it as YYYY-MM-DD"


def _choice_problem(question: Question, value: Any) -> str | None:
    allowed = [o.value for o in question.options]
    if value in allowed:
        return None
    return f"answer {value!r} is not one of {', '.join(allowed)}"


def _multi_choice_problem(question: Question, value: Any) -> str | None:
    allowed = [o.value for o in question.options]
    if isinstance(value, list) and all(v in allowed for v in value):
        if len(set(value)) != len(value):
            return "the list names an option twice"
        return None
    return f"answer {value!r} is not a list drawn from {', '.join(allowed)}"


_PROBLEM_BY_TYPE: dict[AnswerType, Callable[[Question, Any], str | None]] = {
    AnswerType.YES_NO: _yes_no_problem,
    AnswerType.SCALE: _scale_problem,
    AnswerType.NUMBER: _number_problem,
    AnswerType.DATE: _date_problem,
    AnswerType.CHOICE: _choice_problem,
    AnswerType.MULTI_CHOICE: _multi_choice_problem,
}


def retired_questions(checklists: Iterable[Checklist]) -> dict[str, RetiredQuestion]:
    """Every retired question id of the knowledge base, with what asks instead."""
    return {r.id: r for checklist in checklists for r in checklist.retired}


def check_answers(
    answers: Mapping[str, Any], questions: Mapping[str, Question],
    retired: Mapping[str, RetiredQuestion] | None = None,
) -> list[tuple[str, str]]:
    """Every problem with ``answers`` as (location, message) pairs. An answer to a ``retired``
    question id is refused with the questions that ask instead."""
    problems: list[tuple[str, str]] = []
    for qid, value in answers.items():
        question = questions.get(qid)
        gone = (retired or {}).get(qid)
        if question is None and gone is not None:
            instead = (f"answer {', '.join(gone.replaced_by)} instead" if gone.replaced_by
                       else "Rollout now computes it from the programme; remove the answer")
            why = gone.reason["en"].rstrip(".")
            problems.append((f"answers.{qid}", f"this question was retired: {why} ({instead})"))
            continue
        if question is None:
            hint = _closest(qid, questions)
            more = f"; did you mean {hint!r}?" if hint else "; `rollout validate` lists none like it"
            problems.append((f"answers.{qid}", f"unknown question id{more}"))
            continue
        problem = answer_problem(question, value)
        if problem:
            problems.append((f"answers.{qid}", f"{problem} (question type {question.type.value})"))
    return problems


def _closest(qid: str, questions: Mapping[str, Question]) -> str | None:
    found = difflib.get_close_matches(qid, list(questions), n=1, cutoff=0.6)
    return found[0] if found else None
