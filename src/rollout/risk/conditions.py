"""Conditions compiled for scoring (checked at load by :mod:`rollout.content.checks`).

A condition reads an answer (by question id) or a fact (by name). For yes/no questions an
unanswered question reads as ``unknown``, so "owner in [no, unknown]" also fires when nobody
answered; every other unanswered question reads as missing and only ``unanswered`` matches it.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from rollout.content.schema import (
    AllOf,
    AnswerType,
    AnyOf,
    Comparison,
    Condition,
    Not,
    Op,
    Question,
)


class Leaf(NamedTuple):
    """One comparison, compiled: what it reads, and whether it holds for the value found there.

    ``holds(value)`` is the comparison's result for the answer or fact read (None when missing).
    The engine calls the parts directly: a present value whose type is in ``fast_types`` is
    tested with ``fast`` (a C call that cannot raise), any other with the guarded ``test``.
    """

    reads_fact: bool
    key: str  # the question id or the fact name
    when_missing: bool
    fast: Callable[[Any], bool]
    fast_types: frozenset[type]
    test: Callable[[Any], bool]

    def holds(self, value: Any) -> bool:
        if value is None:
            return self.when_missing
        return self.fast(value) if value.__class__ in self.fast_types else self.test(value)

    def holds_not_applicable(self) -> bool:
        """Whether the comparison holds for the answer ``not_applicable``: only ``answered``
        does (a question that does not apply is neither good, bad nor unknown)."""
        return not self.reads_fact and self.test is _always


def compile_leaf(c: Comparison, questions: Mapping[str, Question]) -> Leaf:
    """Compile one (already checked) comparison.

    A missing fact never matches. An unanswered yes/no question reads as ``unknown``; any other
    unanswered question matches only ``unanswered``. A ``TypeError`` (e.g. comparing a date with
    a number) means "no match".
    """
    if c.fact is not None:
        test = _guarded(_test(c.op, c.value))
        fast, fast_types = _fast_test(c.op, c.value)
        return Leaf(True, c.fact, False, fast, fast_types, test)
    qid = c.answer
    assert qid is not None
    if c.op is Op.ANSWERED:
        return Leaf(False, qid, False, _never, _NEVER, _always)
    if c.op is Op.UNANSWERED:
        return Leaf(False, qid, True, _never, _NEVER, _not_ever)
    test = _guarded(_test(c.op, c.value))
    fast, fast_types = _fast_test(c.op, c.value)
    when_missing = test("unknown") if questions[qid].type is AnswerType.YES_NO else False
    return Leaf(False, qid, when_missing, fast, fast_types, test)


# A condition over the comparisons' results packed as bits of an int (bit k: comparison k
# holds): (mask, None) holds when every bit of mask is set; (0, function) when function(bits).
BitTest = tuple[int, Callable[[int], bool] | None]


def compile_bits(condition: Condition, bit_of: Callable[[Comparison], int]) -> BitTest:
    """Compile a condition to a test of comparison bits; ``bit_of`` gives a comparison's bit.

    Comparisons have no side effects, so evaluating every one of them once and combining the
    bits gives what evaluating the condition (with short-circuits) gives.
    """
    if isinstance(condition, Comparison):
        return bit_of(condition), None
    if isinstance(condition, AllOf):
        parts = [compile_bits(c, bit_of) for c in condition.all]
        if all(fn is None for _, fn in parts):
            mask = 0
            for part_mask, _ in parts:
                mask |= part_mask
            return mask, None
        return 0, lambda bits: all(bits_hold(p, bits) for p in parts)
    if isinstance(condition, AnyOf):
        parts = [compile_bits(c, bit_of) for c in condition.any]
        if len(parts) == 1:
            return parts[0]
        return 0, lambda bits: any(bits_hold(p, bits) for p in parts)
    inner = compile_bits(condition.not_, bit_of)
    return 0, lambda bits: not bits_hold(inner, bits)


def bits_hold(test: BitTest, bits: int) -> bool:
    mask, fn = test
    return (bits & mask) == mask if fn is None else fn(bits)


def _guarded(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def guarded(value: Any) -> bool:
        try:
            return test(value)
        except TypeError:
            return False  # e.g. comparing a date with a number: not a match

    return guarded


_SCALARS = frozenset({str, int, float, bool})
_NUMBERS = frozenset({int, float})
_DATES = frozenset({dt.date})
_NEVER: frozenset[type] = frozenset()
# ``value < target`` is ``target > value`` for numbers and dates: the operators are reversed so
# that a partial application can bind the target first.
_REVERSED: dict[Op, Callable[[Any, Any], Any]] = {
    Op.EQ: operator.eq, Op.NE: operator.ne,
    Op.LT: operator.gt, Op.LE: operator.ge, Op.GT: operator.lt, Op.GE: operator.le,
}


def _fast_test(op: Op, target: Any) -> tuple[Callable[[Any], bool], frozenset[type]]:
    """A test equal to ``_test(op, target)`` for values whose type is in the returned set.

    For those types the test is a C call that cannot raise: equality and membership between
    plain scalars (str, int, float, bool) and any YAML value never raise, and neither do order
    comparisons between numbers or between dates.
    """
    if op is Op.IN:
        return list(target).__contains__, _SCALARS
    if op in (Op.EQ, Op.NE):
        return functools.partial(_REVERSED[op], target), _SCALARS
    if op in (Op.LT, Op.LE, Op.GT, Op.GE):
        if target.__class__ in _NUMBERS:
            return functools.partial(_REVERSED[op], target), _NUMBERS
        if target.__class__ is dt.date:
            return functools.partial(_REVERSED[op], target), _DATES
    return _never, _NEVER


def _never(value: Any) -> bool:  # never called: no type is in _NEVER
    raise AssertionError(value)


def _always(value: Any) -> bool:  # noqa: ARG001 (the signature of every compiled test)
    return True


def _not_ever(value: Any) -> bool:  # noqa: ARG001 (the signature of every compiled test)
    return False


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
    """Question ids a condition reads, in order of appearance."""
    if isinstance(condition, AllOf):
        return [q for c in condition.all for q in referenced_answers(c)]
    if isinstance(condition, AnyOf):
        return [q for c in condition.any for q in referenced_answers(c)]
    if isinstance(condition, Not):
        return referenced_answers(condition.not_)
    return [condition.answer] if condition.answer else []
