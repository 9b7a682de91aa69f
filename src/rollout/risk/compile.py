"""The knowledge base compiled for scoring: conditions to bits, answers to tables.

Everything that depends on the content only is worked out here, once, by
:class:`CompiledContent`; :mod:`rollout.risk.score` then scores assessments against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from rollout.content.loader import Content
from rollout.content.schema import (
    NOT_APPLICABLE,
    YES_NO_VALUES,
    AnswerType,
    Case,
    Comparison,
    Condition,
    Question,
    RiskFactor,
    text_in,
)
from rollout.domain.report import (
    Blocker,
    Evidence,
    MitigationAdvice,
    trusted,
)
from rollout.risk.answers import adequacy
from rollout.risk.conditions import (
    BitTest,
    Leaf,
    compile_bits,
    compile_leaf,
    referenced_answers,
    referenced_facts,
)

# Report objects are built with ``trusted``: every value is computed by the engine and valid by
# construction, so validating them again would only cost time. Each set below names the fields
# passed explicitly, as ``model_fields_set`` would after validation (tests/risk check each).
EVIDENCE_FIELDS_ANSWER = frozenset({"kind", "question", "answer", "contribution"})
EVIDENCE_FIELDS_UNANSWERED = frozenset({"kind", "question", "contribution", "note"})
EVIDENCE_FIELDS_FACT = frozenset({"kind", "affects", "fact", "value", "contribution", "note"})
# An unanswered question counts as half a gap: not knowing is a risk, but a documented adverse
# answer ("no", "not planned") must weigh more than silence, or a programme that answers
# honestly ranks no worse than one that answers nothing (issue 11: on 25 public post-mortems,
# counting silence as a full gap left 485 of 500 likelihoods at the maximum). Rollout default.
UNANSWERED_DEFICIT = 0.5
UNANSWERED_NOTE = "not answered: counted as half a gap (unknown, not a documented gap)"
# Fact values whose evidence objects may be shared between reports: equal values of one of these
# types are indistinguishable (floats except 0.0, -0.0 and NaN; see Driver.evidence).
_INTERNABLE = frozenset({str, int, float, bool, type(None)})
_INTERN_LIMIT = 256  # evidence objects kept per driver


class Driver:
    """The evidence side of a likelihood or impact driver: the facts it reads and why."""

    __slots__ = ("_contribution", "_interned", "_label", "affects", "because", "facts")

    def __init__(self, facts: tuple[str, ...], add: float, because: str,
                 affects: Literal["likelihood", "impact"]) -> None:
        self.facts = facts
        self.because = because
        self.affects = affects
        self._label = ", ".join(facts)
        self._contribution = round(add, 3)
        self._interned: dict[Any, tuple[type, Evidence]] = {}

    def evidence(self, facts: Mapping[str, Any]) -> Evidence:
        """The evidence that this driver held, naming the facts it read and their values.

        Evidence is immutable, so when the driver reads a single fact with a plain value, the
        evidence object for that value is made once and shared (like MitigationAdvice objects).
        """
        names = self.facts
        if len(names) != 1:
            return self._make({n: plain_value(facts.get(n)) for n in names})
        value = facts.get(names[0])
        kind = value.__class__
        if kind not in _INTERNABLE or (kind is float and (value == 0.0 or value != value)):
            return self._make(plain_value(value))
        hit = self._interned.get(value)
        if hit is not None and hit[0] is kind:  # 1, 1.0 and True are equal keys
            return hit[1]
        made = self._make(value)
        if len(self._interned) >= _INTERN_LIMIT:
            self._interned.clear()
        self._interned[value] = (kind, made)
        return made

    def _make(self, value: Any) -> Evidence:
        return trusted(Evidence, {
            "kind": "fact", "affects": self.affects, "question": None, "answer": None,
            "fact": self._label, "value": value, "contribution": self._contribution,
            "note": self.because,
        }, set(EVIDENCE_FIELDS_FACT))


class FactorRule(NamedTuple):
    factor: RiskFactor
    code: str
    name: str
    dimension: str
    # (bit of its condition, likelihood added, floor, driver)
    likelihood: tuple[tuple[int, float, int | None, Driver], ...]
    impact_base: int
    # (bit of its condition, impact points added, floor, driver)
    impact: tuple[tuple[int, int, int | None, Driver], ...]
    mitigations: tuple[MitigationAdvice, ...]
    # (bit of its condition, likelihood floor, evidence reading the answers)
    floors: tuple[tuple[int, int, Driver], ...]


# A case's match for one pattern of its signature conditions (bit j: condition j holds):
# (similarity, ids of the conditions matched, ids of those unmatched).
MatchOutcome = tuple[float, tuple[str, ...], tuple[str, ...]]
_OUTCOME_TABLE_MAX = 12  # signature conditions up to which all outcomes are worked out at once


class CaseRule(NamedTuple):
    id: str
    organisation: str
    year: int | None
    outcome: str
    causes: frozenset[str]
    signature: tuple[tuple[str, float], ...]  # (condition id, weight)
    bits: tuple[int, ...]  # the bit of each signature condition
    total_weight: float
    # When the conditions' bits are consecutive, the first one's position (the pattern is then
    # (bits >> shift) & width); else -1.
    shift: int
    width: int
    # by pattern, worked out when first needed; None: too many conditions for a table
    outcomes: list[MatchOutcome | None] | None

    def match(self, bits: int) -> MatchOutcome:
        if self.shift >= 0:
            pattern = (bits >> self.shift) & self.width
        else:
            pattern = 0
            for j, bit in enumerate(self.bits):
                if bits & bit:
                    pattern |= 1 << j
        outcomes = self.outcomes
        if outcomes is None:
            return match_outcome(self.signature, self.total_weight, pattern)
        found = outcomes[pattern]
        if found is None:
            found = outcomes[pattern] = match_outcome(self.signature, self.total_weight, pattern)
        return found


def match_outcome(signature: tuple[tuple[str, float], ...], total: float, pattern: int) -> MatchOutcome:
    matched: list[str] = []
    unmatched: list[str] = []
    weight = 0.0
    for j, (sig_id, sig_weight) in enumerate(signature):
        if pattern >> j & 1:
            matched.append(sig_id)
            weight += sig_weight
        else:
            unmatched.append(sig_id)
    return round(weight / total, 3), tuple(matched), tuple(unmatched)


def case_rule(case: Case, bits: list[int]) -> CaseRule:
    signature = tuple((s.id, s.weight) for s in case.signature)
    total = sum(s.weight for s in case.signature)
    n = len(bits)
    shift = bits[0].bit_length() - 1 if bits else -1
    if any(bit != 1 << (shift + j) for j, bit in enumerate(bits)):
        shift = -1
    return CaseRule(
        id=case.id, organisation=case.organisation, year=case.year,
        outcome=case.outcome.value, causes=frozenset(case.causes), signature=signature,
        bits=tuple(bits), total_weight=total, shift=shift, width=(1 << n) - 1,
        outcomes=[None] * (1 << n) if n <= _OUTCOME_TABLE_MAX else None,
    )


# What one answer adds to the factors its question feeds: (factor index, share of the factor's
# answer deficit, evidence or None). A share of 0 changes nothing and is left out; a negative
# share (an out-of-range answer built in code, e.g. a scale answered 7) has no evidence.
Contributions = tuple[tuple[int, float, Evidence | None], ...]


class QuestionRule(NamedTuple):
    """A question compiled for scoring.

    Yes/no, scale and choice questions have few possible answers; for each of them the weighted
    adequacy, the contributions to every fed factor and the comparisons (on this question) that
    hold are worked out here, once. Any other answer (numbers, multiple choices, an answer of an
    unexpected type) goes through :func:`adequacy`, the same arithmetic and the comparisons at
    scoring time.
    """

    id: str
    question: Question
    weight: float
    slot: int  # index of the weighted adequacy among the scored questions; -1 if not scored
    value_type: type | None  # the type of the tabled answers
    tabled: Mapping[Any, tuple[float, Contributions, int]]  # answer -> (weighted adequacy, ...)
    unanswered: tuple[Contributions, int]
    feeds: tuple[tuple[int, float, float], ...]  # (factor index, weight, factor's total weight)
    comparisons: tuple[tuple[int, Leaf], ...]  # (bit, comparison) of those reading the answer


class ScanItem(NamedTuple):
    """A question as the answer pass reads it (unpacked positionally in the hot loop)."""

    id: str
    value_type: type | None
    tabled: Mapping[Any, tuple[float, Contributions, int]]
    unanswered: tuple[Contributions, int]
    slot: int  # where its weighted adequacy goes; unscored questions share a spare slot
    rule: QuestionRule


class FactorScoring(NamedTuple):
    """A factor as the scoring step reads it (unpacked positionally in the hot loop)."""

    code: str
    name: str
    dimension: str
    likelihood_bits: int  # the bits of all its likelihood drivers
    likelihood: tuple[tuple[int, float, int | None, Driver], ...]
    impact_base: int
    impact_bits: int  # the bits of all its impact drivers
    impact: tuple[tuple[int, int, int | None, Driver], ...]
    mitigations: tuple[MitigationAdvice, ...]
    floors_bits: int  # the bits of all its likelihood floors
    floors: tuple[tuple[int, int, Driver], ...]
    order: int  # its place in the catalogue: the last tie-break, never the name


class DimensionRule(NamedTuple):
    id: str
    weight: float
    read: Callable[[list[float]], tuple[float, ...]]  # its scored questions' weighted adequacies
    questions_weight: float


class CompiledContent:
    """The knowledge base compiled for fast, repeated scoring (see :mod:`rollout.risk.score`).

    Everything that depends on the content only is worked out here, once: per question the
    adequacy of each of its few possible answers (yes/no, scale, choice) and what each adds to
    the factors it feeds, and the report objects that do not depend on the assessment
    (mitigations, blockers, evidence of unanswered questions). Every comparison in a condition
    gets a bit; scoring evaluates each comparison once (those on a tabled answer for free) and
    conditions become bit tests.
    """

    def __init__(self, content: Content, language: str = "en") -> None:
        self.content = content
        self.language = language
        questions = content.questions
        self.presets = dict(content.presets)
        # Every comparison in a condition gets a bit, and so does every condition that is not a
        # single comparison (derived: set from its comparisons' bits once they are known).
        self._bit_count = 0
        self._comparisons: dict[int, Leaf] = {}  # bit position -> comparison
        self._bit_of: dict[int, int] = {}  # id(comparison) -> its bit position
        self.derived: list[tuple[int, BitTest]] = []  # (bit, test of comparison bits)
        self._conditions: list[Condition] = []  # keeps the comparisons (and their ids) alive

        # Cases first: each case's comparisons then get consecutive bits.
        self.cases = tuple(case_rule(c, self._compile_all([s.when for s in c.signature]))
                            for c in content.cases.values())
        self.factors = tuple(self._compile_factor(f) for f in content.factors.values())
        # (bit, its test of comparison bits when it is not a single comparison, blocker)
        gate_bits = [self._compile(g.when) for g in content.gates.values()]
        tests = dict(self.derived)
        self.gates = tuple(
            (bit, tests.get(bit),
             trusted(Blocker, {"gate": g.code, "message": text_in(g.message, language),
                               "how_to_fix": text_in(g.how_to_fix, language)},
                     {"gate", "message", "how_to_fix"}))
            for bit, g in zip(gate_bits, content.gates.values(), strict=True)
        )
        # Gate code -> the facts its condition reads (training gates name the wave behind).
        self.gate_facts = {g.code: tuple(referenced_facts(g.when))
                           for g in content.gates.values()}
        self.questions = self._compile_questions()
        # The factors as the scoring loop reads them, with the bits of all their drivers.
        self.scoring = tuple(
            FactorScoring(f.code, f.name, f.dimension, _any_bit(f.likelihood), f.likelihood,
                          f.impact_base, _any_bit(f.impact), f.impact, f.mitigations,
                          _any_bit(f.floors), f.floors, k)
            for k, f in enumerate(self.factors)
        )
        # Comparisons on facts, by fact: (fact name, ((bit, fast, fast types, test), ...)).
        by_fact: dict[str, list[tuple[int, Callable[[Any], bool], frozenset[type],
                                      Callable[[Any], bool]]]] = {}
        for k, leaf in self._comparisons.items():
            if leaf.reads_fact:
                by_fact.setdefault(leaf.key, []).append((1 << k, leaf.fast, leaf.fast_types,
                                                         leaf.test))
        self.fact_comparisons = tuple((name, tuple(items)) for name, items in by_fact.items())

        scored = [qid for qid, q in questions.items() if q.weight > 0]
        slot = {qid: k for k, qid in enumerate(scored)}
        self.slots = [0.0] * (len(scored) + 1)  # the last one is spare
        self.scan = tuple(ScanItem(q.id, q.value_type, q.tabled, q.unanswered,
                                   q.slot if q.slot >= 0 else len(scored), q)
                          for q in self.questions)
        # (dimension id, weight, reads its scored questions' weighted adequacies, their weight)
        self.dimensions = tuple(
            DimensionRule(c.id, c.weight,
                          slot_reader([slot[q.id] for q in c.questions if q.weight > 0]),
                          sum(q.weight for q in c.questions if q.weight > 0))
            for c in content.checklists
        )
        self.dimensions_weight = sum(d.weight for d in self.dimensions)
        # Scored questions: id -> (slot, weight, place in the question bank).
        self.scored = {qid: (slot[qid], questions[qid].weight, k)
                       for k, qid in enumerate(scored)}
        # Scored questions that may not apply: (id, fed factors, dimension index, weight).
        dimension_index = {c.id: k for k, c in enumerate(content.checklists)}
        self.may_not_apply = tuple(
            (q.id, q.feeds, dimension_index[content.question_dimension[q.id]], q.weight)
            for q in self.questions if q.question.may_not_apply and q.weight > 0)

    def _compile(self, condition: Condition) -> int:
        """The bit that tells whether ``condition`` holds."""
        return self._compile_all([condition])[0]

    def _compile_all(self, conditions: list[Condition]) -> list[int]:
        """The bits of ``conditions``: consecutive, unless a comparison is shared."""
        self._conditions.extend(conditions)
        bits = [self._bit(c) if isinstance(c, Comparison) else self._reserve() for c in conditions]
        for bit, condition in zip(bits, conditions, strict=True):
            if not isinstance(condition, Comparison):
                self.derived.append((bit, compile_bits(condition, self._bit)))
        return bits

    def _reserve(self) -> int:
        self._bit_count += 1
        return 1 << (self._bit_count - 1)

    def _bit(self, comparison: Comparison) -> int:
        k = self._bit_of.get(id(comparison))
        if k is None:
            k = self._bit_of[id(comparison)] = self._bit_count
            self._bit_count += 1
            self._comparisons[k] = compile_leaf(comparison, self.content.questions)
        return 1 << k

    def _compile_factor(self, factor: RiskFactor) -> FactorRule:
        lang = self.language
        return FactorRule(
            factor=factor,
            code=factor.code,
            name=text_in(factor.name, lang),
            dimension=factor.dimension,
            likelihood=tuple(
                (self._compile(d.when), d.add, d.min_likelihood,
                 Driver(tuple(referenced_facts(d.when)), d.add, text_in(d.because, lang),
                         "likelihood"))
                for d in factor.likelihood_drivers
            ),
            impact_base=factor.impact.base,
            impact=tuple(
                (self._compile(d.when), int(float(d.add)), d.min_impact,
                 Driver(tuple(referenced_facts(d.when)), float(d.add),
                         text_in(d.because, lang), "impact"))
                for d in factor.impact.drivers
            ),
            mitigations=tuple(
                trusted(MitigationAdvice, {"id": m.id, "text": text_in(m.text, lang),
                                           "action": m.action}, {"id", "text", "action"})
                for m in factor.mitigations),
            floors=tuple(
                (self._compile(f.when), f.min_likelihood,
                 Driver(tuple(referenced_answers(f.when)), 0.0, text_in(f.because, lang),
                        "likelihood"))
                for f in factor.likelihood_floors),
        )

    def _compile_questions(self) -> tuple[QuestionRule, ...]:
        questions = self.content.questions
        index = {f.code: i for i, f in enumerate(self.factors)}
        # A factor's answer deficit: sum over its scored questions, in question order, of
        # weight x (1 - adequacy) / total weight.
        totals = {f.code: sum(q.weight for q in questions.values()
                              if f.code in q.factors and q.weight > 0) for f in self.factors}
        on_answer: dict[str, tuple[tuple[int, Leaf], ...]] = {}
        for k, leaf in self._comparisons.items():
            if not leaf.reads_fact:
                on_answer[leaf.key] = (*on_answer.get(leaf.key, ()), (1 << k, leaf))
        compiled = []
        slot = 0
        for qid, question in questions.items():
            weight = question.weight
            fed = [f.code for f in self.factors if f.code in question.factors] if weight else []
            feeds = tuple((index[code], weight, totals[code]) for code in fed)
            comparisons = on_answer.get(qid, ())
            values: tuple[Any, ...] = ()
            value_type: type | None = None
            if question.type is AnswerType.YES_NO:
                values, value_type = YES_NO_VALUES, str
            elif question.type is AnswerType.CHOICE:
                values, value_type = tuple(o.value for o in question.options), str
            elif question.type is AnswerType.SCALE:
                values, value_type = (1, 2, 3, 4, 5), int
            tabled = {}
            for value in values:
                a = adequacy(question, value)
                a = 0.0 if a is None else a
                tabled[value] = (a * weight, contributions_of(qid, value, a, feeds),
                                 holding_bits(comparisons, value))
            if question.may_not_apply and value_type is str:
                tabled[NOT_APPLICABLE] = (0.0, (), not_applicable_bits(comparisons))
            compiled.append(QuestionRule(
                id=qid, question=question, weight=weight, slot=slot if weight > 0 else -1,
                value_type=value_type, tabled=tabled,
                unanswered=(contributions_of(qid, None, 0.0, feeds), holding_bits(comparisons, None)),
                feeds=feeds, comparisons=comparisons,
            ))
            slot += weight > 0
        return tuple(compiled)


def _any_bit(drivers: tuple[tuple[Any, ...], ...]) -> int:
    bits = 0
    for driver in drivers:
        bits |= driver[0]
    return bits


def not_applicable_bits(comparisons: tuple[tuple[int, Leaf], ...]) -> int:
    """The bits of the comparisons that hold for the answer ``not_applicable``."""
    bits = 0
    for bit, leaf in comparisons:
        if leaf.holds_not_applicable():
            bits |= bit
    return bits


def holding_bits(comparisons: tuple[tuple[int, Leaf], ...], value: Any) -> int:
    """The bits of the comparisons that hold for ``value`` (None: unanswered)."""
    bits = 0
    for bit, leaf in comparisons:
        if leaf.holds(value):
            bits |= bit
    return bits


def contributions_of(
    qid: str, value: Any, a: float, feeds: tuple[tuple[int, float, float], ...]
) -> Contributions:
    """What answering ``value`` (None: unanswered) adds to each factor the question feeds."""
    out: list[tuple[int, float, Evidence | None]] = []
    for i, weight, total in feeds:
        if value is None:
            share = weight * UNANSWERED_DEFICIT / total
            out.append((i, share, trusted(Evidence, {
                "kind": "unanswered", "affects": "likelihood", "question": qid, "answer": None,
                "fact": None, "value": None, "contribution": round(share, 3),
                "note": UNANSWERED_NOTE,
            }, set(EVIDENCE_FIELDS_UNANSWERED))))
            continue
        share = weight * (1.0 - a) / total
        if share > 0:
            out.append((i, share, answer_evidence(qid, value, share)))
        elif share != 0:
            out.append((i, share, None))
    return tuple(out)


def slot_reader(slots: list[int]) -> Callable[[list[float]], tuple[float, ...]]:
    """Reads the values at ``slots``, in order, as a tuple (a C call for two or more)."""
    if len(slots) >= 2:
        return itemgetter(*slots)
    return lambda values: tuple(values[k] for k in slots)


def answer_evidence(question: str, value: Any, share: float) -> Evidence:
    return trusted(Evidence, {
        "kind": "answer", "affects": "likelihood", "question": question, "answer": plain_value(value),
        "fact": None, "value": None, "contribution": round(share, 3), "note": "",
    }, set(EVIDENCE_FIELDS_ANSWER))


def plain_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
