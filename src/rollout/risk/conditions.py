"""Conditions: checked against the question bank and fact registry at load, compiled to closures.

A condition reads an answer (by question id) or a fact (by name). For yes/no questions an
unanswered question reads as ``unknown``, so "owner in [no, unknown]" also fires when nobody
answered; every other unanswered question reads as missing and only ``unanswered`` matches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from rollout.content.schema import (
    YES_NO_VALUES,
    AllOf,
    AnswerType,
    AnyOf,
    Comparison,
    Condition,
    Not,
    Op,
    Question,
)
from rollout.risk.facts import FACTS

Env = tuple[Mapping[str, Any], Mapping[str, Any]]  # (answers, facts)
Predicate = Callable[[Env], bool]

_MISSING = object()

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
) -> list[tuple[str, str]]:
    """Problems with a condition as (location within the condition, message) pairs."""
    if isinstance(condition, AllOf | AnyOf):
        items = condition.all if isinstance(condition, AllOf) else condition.any
        key = "all" if isinstance(condition, AllOf) else "any"
        return [
            (f"{key}[{i}]" + (f".{loc}" if loc else ""), msg)
            for i, sub in enumerate(items)
            for loc, msg in condition_problems(sub, questions, facts_only=facts_only)
        ]
    if isinstance(condition, Not):
        return [
            ("not" + (f".{loc}" if loc else ""), msg)
            for loc, msg in condition_problems(condition.not_, questions, facts_only=facts_only)
        ]
    return _comparison_problems(condition, questions, facts_only)


def _comparison_problems(
    c: Comparison, questions: Mapping[str, Question], facts_only: bool
) -> list[tuple[str, str]]:
    if c.fact is not None:
        if c.fact not in FACTS:
            return [("fact", f"unknown fact {c.fact!r}; known facts: {', '.join(sorted(FACTS))}")]
        return []
    assert c.answer is not None
    if facts_only:
        return [("answer", "this condition may use programme facts only (`fact:`), not answers")]
    question = questions.get(c.answer)
    if question is None:
        return [("answer", f"unknown question id {c.answer!r}")]
    if c.op in (Op.ANSWERED, Op.UNANSWERED):
        return []
    allowed = _OPS_BY_TYPE[question.type]
    if c.op not in allowed:
        names = ", ".join(sorted(o.value for o in allowed))
        return [("op", f"operator {c.op.value!r} does not apply to a {question.type.value} "
                       f"question; use one of {names}, answered, unanswered")]
    values = c.value if isinstance(c.value, list) else [c.value]
    if question.type is AnswerType.YES_NO:
        bad = [v for v in values if v not in YES_NO_VALUES]
        if bad:
            return [("value", f"{bad[0]!r} is not one of {', '.join(YES_NO_VALUES)}")]
    if question.type in (AnswerType.CHOICE, AnswerType.MULTI_CHOICE):
        options = {o.value for o in question.options}
        bad = [v for v in values if v not in options]
        if bad:
            return [("value", f"{bad[0]!r} is not an option of {c.answer}")]
    if question.type in (AnswerType.SCALE, AnswerType.NUMBER):
        bad = [v for v in values if isinstance(v, bool) or not isinstance(v, int | float)]
        if bad:
            return [("value", f"{bad[0]!r} is not a number")]
    if question.type is AnswerType.DATE:
        bad = [v for v in values if not isinstance(v, dt.date)]
        if bad:
            return [("value", f"{bad[0]!r} is not a date (YYYY-MM-DD)")]
    return []


def compile_condition(condition: Condition, questions: Mapping[str, Question]) -> Predicate:
    """A closure evaluating the (already checked) condition against (answers, facts)."""
    if isinstance(condition, AllOf):
        parts = [compile_condition(c, questions) for c in condition.all]
        return lambda env: all(p(env) for p in parts)
    if isinstance(condition, AnyOf):
        parts = [compile_condition(c, questions) for c in condition.any]
        return lambda env: any(p(env) for p in parts)
    if isinstance(condition, Not):
        inner = compile_condition(condition.not_, questions)
        return lambda env: not inner(env)
    return _compile_comparison(condition, questions)


def _compile_comparison(c: Comparison, questions: Mapping[str, Question]) -> Predicate:
    if c.fact is not None:
        name = c.fact

        def read(env: Env) -> Any:
            return env[1].get(name, _MISSING)
    else:
        qid = c.answer
        assert qid is not None
        yes_no = questions[qid].type is AnswerType.YES_NO
        if c.op is Op.ANSWERED:
            return lambda env: env[0].get(qid) is not None
        if c.op is Op.UNANSWERED:
            return lambda env: env[0].get(qid) is None

        def read(env: Env) -> Any:
            value = env[0].get(qid)
            if value is None:
                return "unknown" if yes_no else _MISSING
            return value

    test = _test(c.op, c.value)

    def predicate(env: Env) -> bool:
        value = read(env)
        if value is _MISSING or value is None:
            return False
        try:
            return test(value)
        except TypeError:
            return False  # e.g. comparing a date with a number: not a match

    return predicate


def _test(op: Op, target: Any) -> Callable[[Any], bool]:
    if op is Op.EQ:
        return lambda v: bool(v == target)
    if op is Op.NE:
        return lambda v: bool(v != target)
    if op is Op.LT:
        return lambda v: bool(v < target)
    if op is Op.LE:
        return lambda v: bool(v <= target)
    if op is Op.GT:
        return lambda v: bool(v > target)
    if op is Op.GE:
        return lambda v: bool(v >= target)
    if op is Op.IN:
        members = list(target)
        return lambda v: v in members
    if op is Op.NOT_IN:
        members = list(target)
        return lambda v: v not in members
    if op is Op.CONTAINS:
        return lambda v: isinstance(v, list | tuple | set) and target in v
    if op is Op.BETWEEN:
        low, high = target
        return lambda v: bool(low <= v <= high)
    raise AssertionError(op)  # ANSWERED/UNANSWERED are handled by the caller


def referenced_facts(condition: Condition) -> list[str]:
    """Fact names a condition reads, in order of appearance."""
    if isinstance(condition, AllOf):
        return [f for c in condition.all for f in referenced_facts(c)]
    if isinstance(condition, AnyOf):
        return [f for c in condition.any for f in referenced_facts(c)]
    if isinstance(condition, Not):
        return referenced_facts(condition.not_)
    return [condition.fact] if condition.fact else []


def referenced_answers(condition: Condition) -> list[str]:
    if isinstance(condition, AllOf):
        return [q for c in condition.all for q in referenced_answers(c)]
    if isinstance(condition, AnyOf):
        return [q for c in condition.any for q in referenced_answers(c)]
    if isinstance(condition, Not):
        return referenced_answers(condition.not_)
    return [condition.answer] if condition.answer else []
