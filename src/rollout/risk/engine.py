"""The risk engine: readiness, risks with evidence, matched cases and a go/no-go verdict.

How a risk is scored (all of it visible in the report's evidence):

* likelihood: the answer deficit of the questions feeding the factor (weighted mean of
  1 - adequacy; unanswered counts as a full deficit), plus the ``add`` of every likelihood driver
  whose fact condition holds, capped at 1 and mapped to 1..5 as ``1 + round(4 x raw)``; a driver
  may also set a floor (``min_likelihood``);
* impact: the factor's base plus the ``add`` of every impact driver that holds (1..5), or a floor;
* score = likelihood x impact; band by score (low < 6 <= medium < 12 <= high < 20 <= critical).

The engine is deterministic: the same assessment and ``at`` date give the same report.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any, Literal, NamedTuple

from rollout import ENGINE_VERSION
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
from rollout.domain.assessment import Assessment
from rollout.domain.report import (
    Band,
    Blocker,
    CaseMatch,
    Decision,
    Evidence,
    MitigationAdvice,
    PeakSummary,
    Risk,
    RiskReport,
    Verdict,
    band_for,
    trusted,
)
from rollout.risk.answers import adequacy
from rollout.risk.conditions import (
    BitTest,
    Leaf,
    bits_hold,
    compile_bits,
    compile_leaf,
    referenced_facts,
)
from rollout.risk.facts import PeakTiming, compute_facts, peak_timing

# Verdict thresholds on overall readiness (0..100).
NO_GO_BELOW_READINESS = 40
GO_FROM_READINESS = 75
# A failure case resembles a risk when it matches at least this well and names it as a cause.
RESEMBLANCE_MIN_SIMILARITY = 0.4

# Report objects are built with ``trusted``: every value is computed here and valid by
# construction (likelihood and impact are clamped to 1..5, a similarity is a share of a positive
# weight), so validating them again would only cost time. Each set below names the fields the
# engine passes explicitly, as ``model_fields_set`` would after validation.
_EVIDENCE_FIELDS_ANSWER = frozenset({"kind", "question", "answer", "contribution"})
_EVIDENCE_FIELDS_UNANSWERED = frozenset({"kind", "question", "contribution", "note"})
_EVIDENCE_FIELDS_FACT = frozenset({"kind", "affects", "fact", "value", "contribution", "note"})
_RISK_FIELDS = frozenset({"factor", "name", "dimension", "likelihood", "impact", "score", "band",
                          "evidence", "mitigations"})
_RISK_FIELDS_RESEMBLING = _RISK_FIELDS | {"resembles"}
_CASE_MATCH_FIELDS = frozenset({"case", "organisation", "year", "outcome", "similarity",
                                "matched", "unmatched"})
_VERDICT_FIELDS = frozenset({"decision", "blockers", "reasons"})
_PEAK_FIELDS = frozenset({"buffer_weeks", "go_live", "in_window", "clashing_season",
                          "clashing_start", "clashing_end", "next_season", "next_start",
                          "weeks_to_next_peak"})
_REPORT_FIELDS = frozenset({"assessment", "organisation", "engine_version", "at", "readiness",
                            "dimensions", "verdict", "band", "risks", "matched_cases",
                            "unanswered", "peak", "facts"})
_UNANSWERED_NOTE = "not answered: counted as a full gap"
_BAND_OF_SCORE = tuple(band_for(score) for score in range(26))  # likelihood x impact: 1..25
_CONTRIBUTION = attrgetter("contribution")
# Fact values whose evidence objects may be shared between reports: equal values of one of these
# types are indistinguishable (floats except 0.0, -0.0 and NaN; see _Driver.evidence).
_INTERNABLE = frozenset({str, int, float, bool, type(None)})
_INTERN_LIMIT = 256  # evidence objects kept per driver


class _Driver:
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
            return self._make({n: _plain(facts.get(n)) for n in names})
        value = facts.get(names[0])
        kind = value.__class__
        if kind not in _INTERNABLE or (kind is float and (value == 0.0 or value != value)):
            return self._make(_plain(value))
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
        }, set(_EVIDENCE_FIELDS_FACT))


class _Factor(NamedTuple):
    factor: RiskFactor
    code: str
    name: str
    dimension: str
    # (bit of its condition, likelihood added, floor, driver)
    likelihood: tuple[tuple[int, float, int | None, _Driver], ...]
    impact_base: int
    # (bit of its condition, impact points added, floor, driver)
    impact: tuple[tuple[int, int, int | None, _Driver], ...]
    mitigations: tuple[MitigationAdvice, ...]


# A case's match for one pattern of its signature conditions (bit j: condition j holds):
# (similarity, ids of the conditions matched, ids of those unmatched).
_Outcome = tuple[float, tuple[str, ...], tuple[str, ...]]
_OUTCOME_TABLE_MAX = 12  # signature conditions up to which all outcomes are worked out at once


class _CaseRule(NamedTuple):
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
    outcomes: list[_Outcome | None] | None

    def match(self, bits: int) -> _Outcome:
        if self.shift >= 0:
            pattern = (bits >> self.shift) & self.width
        else:
            pattern = 0
            for j, bit in enumerate(self.bits):
                if bits & bit:
                    pattern |= 1 << j
        outcomes = self.outcomes
        if outcomes is None:
            return _outcome(self.signature, self.total_weight, pattern)
        found = outcomes[pattern]
        if found is None:
            found = outcomes[pattern] = _outcome(self.signature, self.total_weight, pattern)
        return found


def _outcome(signature: tuple[tuple[str, float], ...], total: float, pattern: int) -> _Outcome:
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


def _case_rule(case: Case, bits: list[int]) -> _CaseRule:
    signature = tuple((s.id, s.weight) for s in case.signature)
    total = sum(s.weight for s in case.signature)
    n = len(bits)
    shift = bits[0].bit_length() - 1 if bits else -1
    if any(bit != 1 << (shift + j) for j, bit in enumerate(bits)):
        shift = -1
    return _CaseRule(
        id=case.id, organisation=case.organisation, year=case.year,
        outcome=case.outcome.value, causes=frozenset(case.causes), signature=signature,
        bits=tuple(bits), total_weight=total, shift=shift, width=(1 << n) - 1,
        outcomes=[None] * (1 << n) if n <= _OUTCOME_TABLE_MAX else None,
    )


# What one answer adds to the factors its question feeds: (factor index, share of the factor's
# answer deficit, evidence or None). A share of 0 changes nothing and is left out; a negative
# share (an out-of-range answer built in code, e.g. a scale answered 7) has no evidence.
_Contributions = tuple[tuple[int, float, Evidence | None], ...]


class _Question(NamedTuple):
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
    tabled: Mapping[Any, tuple[float, _Contributions, int]]  # answer -> (weighted adequacy, ...)
    unanswered: tuple[_Contributions, int]
    feeds: tuple[tuple[int, float, float], ...]  # (factor index, weight, factor's total weight)
    comparisons: tuple[tuple[int, Leaf], ...]  # (bit, comparison) of those reading the answer


class RiskEngine:
    """The knowledge base compiled for fast, repeated scoring.

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
        self._presets = dict(content.presets)
        # Every comparison in a condition gets a bit, and so does every condition that is not a
        # single comparison (derived: set from its comparisons' bits once they are known).
        self._bit_count = 0
        self._comparisons: dict[int, Leaf] = {}  # bit position -> comparison
        self._bit_of: dict[int, int] = {}  # id(comparison) -> its bit position
        self._derived: list[tuple[int, BitTest]] = []  # (bit, test of comparison bits)
        self._conditions: list[Condition] = []  # keeps the comparisons (and their ids) alive

        # Cases first: each case's comparisons then get consecutive bits.
        self._cases = tuple(_case_rule(c, self._compile_all([s.when for s in c.signature]))
                            for c in content.cases.values())
        self._factors = tuple(self._compile_factor(f) for f in content.factors.values())
        self._gates = tuple(
            (self._compile(g.when),
             trusted(Blocker, {"gate": g.code, "message": text_in(g.message, language),
                               "how_to_fix": text_in(g.how_to_fix, language)},
                     {"gate", "message", "how_to_fix"}))
            for g in content.gates.values()
        )
        self._questions = self._compile_questions()
        # The factors as the scoring loop reads them, with the bits of all their drivers.
        self._scoring = tuple(
            (f.code, f.name, f.dimension, _any_bit(f.likelihood), f.likelihood, f.impact_base,
             _any_bit(f.impact), f.impact, f.mitigations)
            for f in self._factors
        )
        # Comparisons on facts, by fact: (fact name, ((bit, fast, fast types, test), ...)).
        by_fact: dict[str, list[tuple[int, Callable[[Any], bool], frozenset[type],
                                      Callable[[Any], bool]]]] = {}
        for k, leaf in self._comparisons.items():
            if leaf.reads_fact:
                by_fact.setdefault(leaf.key, []).append((1 << k, leaf.fast, leaf.fast_types,
                                                         leaf.test))
        self._fact_comparisons = tuple((name, tuple(items)) for name, items in by_fact.items())

        scored = [qid for qid, q in questions.items() if q.weight > 0]
        slot = {qid: k for k, qid in enumerate(scored)}
        self._slots = [0.0] * (len(scored) + 1)  # the last one is spare
        self._scan = tuple((q.id, q.value_type, q.tabled, q.unanswered,
                            q.slot if q.slot >= 0 else len(scored), q) for q in self._questions)
        # (dimension id, weight, reads its scored questions' weighted adequacies, their weight)
        self._dimensions = tuple(
            (c.id, c.weight, _reader([slot[q.id] for q in c.questions if q.weight > 0]),
             sum(q.weight for q in c.questions if q.weight > 0))
            for c in content.checklists
        )
        self._dimensions_weight = sum(w for _, w, _, _ in self._dimensions)
        # Scored questions that may not apply: (id, fed factors, dimension index, weight).
        dimension_index = {c.id: k for k, c in enumerate(content.checklists)}
        self._may_not_apply = tuple(
            (q.id, q.feeds, dimension_index[content.question_dimension[q.id]], q.weight)
            for q in self._questions if q.question.may_not_apply and q.weight > 0)

    def _compile(self, condition: Condition) -> int:
        """The bit that tells whether ``condition`` holds."""
        return self._compile_all([condition])[0]

    def _compile_all(self, conditions: list[Condition]) -> list[int]:
        """The bits of ``conditions``: consecutive, unless a comparison is shared."""
        self._conditions.extend(conditions)
        bits = [self._bit(c) if isinstance(c, Comparison) else self._reserve() for c in conditions]
        for bit, condition in zip(bits, conditions, strict=True):
            if not isinstance(condition, Comparison):
                self._derived.append((bit, compile_bits(condition, self._bit)))
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

    def _compile_factor(self, factor: RiskFactor) -> _Factor:
        lang = self.language
        return _Factor(
            factor=factor,
            code=factor.code,
            name=text_in(factor.name, lang),
            dimension=factor.dimension,
            likelihood=tuple(
                (self._compile(d.when), d.add, d.min_likelihood,
                 _Driver(tuple(referenced_facts(d.when)), d.add, text_in(d.because, lang),
                         "likelihood"))
                for d in factor.likelihood_drivers
            ),
            impact_base=factor.impact.base,
            impact=tuple(
                (self._compile(d.when), int(float(d.add)), d.min_impact,
                 _Driver(tuple(referenced_facts(d.when)), float(d.add),
                         text_in(d.because, lang), "impact"))
                for d in factor.impact.drivers
            ),
            mitigations=tuple(
                trusted(MitigationAdvice, {"id": m.id, "text": text_in(m.text, lang),
                                           "action": m.action}, {"id", "text", "action"})
                for m in factor.mitigations),
        )

    def _compile_questions(self) -> tuple[_Question, ...]:
        questions = self.content.questions
        index = {f.code: i for i, f in enumerate(self._factors)}
        # A factor's answer deficit: sum over its scored questions, in question order, of
        # weight x (1 - adequacy) / total weight.
        totals = {f.code: sum(q.weight for q in questions.values()
                              if f.code in q.factors and q.weight > 0) for f in self._factors}
        on_answer: dict[str, tuple[tuple[int, Leaf], ...]] = {}
        for k, leaf in self._comparisons.items():
            if not leaf.reads_fact:
                on_answer[leaf.key] = (*on_answer.get(leaf.key, ()), (1 << k, leaf))
        compiled = []
        slot = 0
        for qid, question in questions.items():
            weight = question.weight
            fed = [f.code for f in self._factors if f.code in question.factors] if weight else []
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
                tabled[value] = (a * weight, _contributions(qid, value, a, feeds),
                                 _holding(comparisons, value))
            if question.may_not_apply and value_type is str:
                tabled[NOT_APPLICABLE] = (0.0, (), _holding_not_applicable(comparisons))
            compiled.append(_Question(
                id=qid, question=question, weight=weight, slot=slot if weight > 0 else -1,
                value_type=value_type, tabled=tabled,
                unanswered=(_contributions(qid, None, 0.0, feeds), _holding(comparisons, None)),
                feeds=feeds, comparisons=comparisons,
            ))
            slot += weight > 0
        return tuple(compiled)

    def _exclude_not_applicable(
        self, get: Callable[[str], Any], deficits: list[float], evidences: list[list[Evidence]]
    ) -> dict[int, float]:
        """Leave the questions answered ``not_applicable`` out of the weight of the factors and
        dimensions they feed (never a gap); the weight excluded per dimension index."""
        by_dimension: dict[int, float] = {}
        by_factor: dict[int, list[float]] = {}  # factor index -> [weight excluded, total]
        for qid, feeds, dimension, weight in self._may_not_apply:
            if get(qid) != NOT_APPLICABLE:
                continue
            by_dimension[dimension] = by_dimension.get(dimension, 0.0) + weight
            for i, fed_weight, total in feeds:
                by_factor.setdefault(i, [0.0, total])[0] += fed_weight
        for i, (excluded, total) in by_factor.items():
            remaining = total - excluded
            scale = total / remaining if remaining > 1e-9 else 0.0
            deficits[i] *= scale
            evidences[i] = [_rescaled(ev, scale) for ev in evidences[i]]
        return by_dimension

    def assess(self, assessment: Assessment, at: dt.date | None = None) -> RiskReport:
        programme = assessment.programme
        at = at or programme.start_date
        timing = peak_timing(assessment, self._presets)
        facts = compute_facts(assessment, timing)
        facts["weeks_until_go_live"] = round((programme.target_go_live - at).days / 7, 1)
        answers = assessment.answers
        get = answers.get

        # One pass over the questions, in order: the unanswered ones, the weighted adequacy of
        # each scored one (unanswered: 0), per factor its answer deficit and evidence, and the
        # comparisons on answers that hold (bits).
        bits = 0
        unanswered: list[str] = []
        slots = self._slots.copy()
        deficits = [0.0] * len(self._factors)
        evidences: list[list[Evidence]] = [[] for _ in self._factors]
        for qid, value_type, tabled, when_unanswered, slot, q in self._scan:
            value = get(qid)
            if value is None:
                unanswered.append(qid)
                contributions, holding = when_unanswered
            else:
                hit = tabled.get(value) if value.__class__ is value_type else None
                if hit is not None:
                    weighted, contributions, holding = hit
                elif value == NOT_APPLICABLE and q.question.may_not_apply:
                    weighted, contributions = 0.0, ()
                    holding = _holding_not_applicable(q.comparisons)
                else:
                    a = adequacy(q.question, value)  # raises on an answer of the wrong kind
                    a = 0.0 if a is None else a
                    weighted = a * q.weight
                    contributions = _contributions(qid, value, a, q.feeds) if q.feeds else ()
                    holding = _holding(q.comparisons, value) if q.comparisons else 0
                slots[slot] = weighted  # unscored questions write to a spare slot
            bits |= holding
            for i, share, item in contributions:
                deficits[i] += share
                if item is not None:
                    evidences[i].append(item)

        excluded: dict[int, float] = {}  # dimension index -> weight of questions not applying
        if self._may_not_apply:
            excluded = self._exclude_not_applicable(get, deficits, evidences)

        # The comparisons on facts that hold.
        fget = facts.get
        for name, comparisons in self._fact_comparisons:
            value = fget(name)
            if value is None:
                continue  # a missing fact never matches
            kind = value.__class__
            for bit, fast, fast_types, test in comparisons:
                if fast(value) if kind in fast_types else test(value):
                    bits |= bit
        # Conditions that are not a single comparison, from their comparisons.
        for bit, derived in self._derived:
            if bits_hold(derived, bits):
                bits |= bit

        # Matched cases, best first (before the risks, which name the cases they resemble).
        ranked = []
        for rule in self._cases:
            similarity, matched, unmatched = rule.match(bits)
            ranked.append((-similarity, rule.id, rule, trusted(CaseMatch, {
                "case": rule.id, "organisation": rule.organisation, "year": rule.year,
                "outcome": rule.outcome, "similarity": similarity, "matched": list(matched),
                "unmatched": list(unmatched),
            }, set(_CASE_MATCH_FIELDS))))
        ranked.sort()  # by (-similarity, case id); case ids are unique
        matches = [m for _, _, _, m in ranked]

        resembled: dict[str, list[str]] = {}  # factor code -> cases resembling it, best first
        for neg_similarity, case_id, rule, _ in ranked:
            if rule.outcome == "failure" and -neg_similarity >= RESEMBLANCE_MIN_SIMILARITY:
                for cause in rule.causes:
                    resembled.setdefault(cause, []).append(case_id)

        scored = []
        floor_of = math.floor
        for (code, name, dimension, likelihood_bits, likelihood_drivers, impact_base, impact_bits,
             impact_drivers, mitigations), deficit, evidence in zip(
                self._scoring, deficits, evidences, strict=True):
            raw = deficit
            floor = 1
            if bits & likelihood_bits:  # any of the factor's likelihood drivers holds
                for bit, add, drv_floor, drv in likelihood_drivers:
                    if bits & bit:
                        raw += add
                        if drv_floor and drv_floor > floor:
                            floor = drv_floor
                        evidence.append(drv.evidence(facts))
            # max(floor, 1 + floor(4 x min(1, raw) + 0.5)); raw >= 0
            likelihood = 1 + floor_of(4 * (raw if raw < 1.0 else 1.0) + 0.5)
            if likelihood < floor:
                likelihood = floor
            if len(evidence) > 1:
                # Largest contribution first. The sort is stable (also with reverse=True), so
                # ties keep their order, as with key=-contribution.
                evidence.sort(key=_CONTRIBUTION, reverse=True)

            impact = impact_base
            impact_floor = 1
            impact_evidence = None
            if bits & impact_bits:  # any of the factor's impact drivers holds
                for bit, points, drv_floor, drv in impact_drivers:
                    if bits & bit:
                        impact += points
                        if drv_floor and drv_floor > impact_floor:
                            impact_floor = drv_floor
                        if impact_evidence is None:
                            impact_evidence = [drv.evidence(facts)]
                        else:
                            impact_evidence.append(drv.evidence(facts))
            # max(impact floor, min(5, impact))
            if impact > 5:
                impact = 5
            if impact < impact_floor:
                impact = impact_floor
            if impact_evidence is not None:
                if len(impact_evidence) > 1:
                    impact_evidence.sort(key=_CONTRIBUTION, reverse=True)
                evidence += impact_evidence  # after the likelihood evidence

            score = likelihood * impact
            resembles = resembled[code][:3] if code in resembled else []
            scored.append((-score, -likelihood, code, trusted(Risk, {
                "factor": code, "name": name, "dimension": dimension,
                "likelihood": likelihood, "impact": impact, "score": score,
                "band": _BAND_OF_SCORE[score], "evidence": evidence,
                "mitigations": list(mitigations), "resembles": resembles,
            }, set(_RISK_FIELDS_RESEMBLING if resembles else _RISK_FIELDS))))
        scored.sort()  # by (-score, -likelihood, factor code); codes are unique
        risks = [r for _, _, _, r in scored]

        if excluded:
            dimensions = {
                dim_id: _percent(sum(read(slots)), dim_weight - excluded.get(k, 0.0))
                for k, (dim_id, _, read, dim_weight) in enumerate(self._dimensions)
            }
        else:
            dimensions = {
                dim_id: round(100 * sum(read(slots)) / dim_weight) if dim_weight else 100
                for dim_id, _, read, dim_weight in self._dimensions
            }
        readiness = round(sum(dimensions[d] * w for d, w, _, _ in self._dimensions)
                          / self._dimensions_weight)

        blockers = [blocker for bit, blocker in self._gates if bits & bit]
        verdict = _verdict(readiness, blockers, risks)
        top_band = _BAND_OF_SCORE[risks[0].score] if risks else Band.LOW  # risks: by score

        return trusted(RiskReport, {
            "assessment": assessment.name,
            "organisation": assessment.organisation.name,
            "engine_version": ENGINE_VERSION,
            "at": at,
            "readiness": readiness,
            "dimensions": dimensions,
            "verdict": verdict,
            "band": top_band,
            "risks": risks,
            "matched_cases": matches,
            "unanswered": unanswered,
            "peak": _peak_summary(assessment, timing),
            "facts": facts,
        }, set(_REPORT_FIELDS))


def _percent(earned: float, weight: float) -> int:
    """A dimension's readiness: the weighted adequacy earned out of the weight that applies."""
    return round(100 * earned / weight) if weight > 1e-9 else 100


def _rescaled(evidence: Evidence, scale: float) -> Evidence:
    values = dict(evidence.__dict__)
    values["contribution"] = round(evidence.contribution * scale, 3)
    return trusted(Evidence, values, set(evidence.model_fields_set))


def _any_bit(drivers: tuple[tuple[Any, ...], ...]) -> int:
    bits = 0
    for driver in drivers:
        bits |= driver[0]
    return bits


def _holding_not_applicable(comparisons: tuple[tuple[int, Leaf], ...]) -> int:
    """The bits of the comparisons that hold for the answer ``not_applicable``."""
    bits = 0
    for bit, leaf in comparisons:
        if leaf.holds_not_applicable():
            bits |= bit
    return bits


def _holding(comparisons: tuple[tuple[int, Leaf], ...], value: Any) -> int:
    """The bits of the comparisons that hold for ``value`` (None: unanswered)."""
    bits = 0
    for bit, leaf in comparisons:
        if leaf.holds(value):
            bits |= bit
    return bits


def _contributions(
    qid: str, value: Any, a: float, feeds: tuple[tuple[int, float, float], ...]
) -> _Contributions:
    """What answering ``value`` (None: unanswered) adds to each factor the question feeds."""
    out: list[tuple[int, float, Evidence | None]] = []
    for i, weight, total in feeds:
        share = weight * (1.0 - a) / total
        if value is None:
            out.append((i, share, trusted(Evidence, {
                "kind": "unanswered", "affects": "likelihood", "question": qid, "answer": None,
                "fact": None, "value": None, "contribution": round(share, 3),
                "note": _UNANSWERED_NOTE,
            }, set(_EVIDENCE_FIELDS_UNANSWERED))))
        elif share > 0:
            out.append((i, share, _answer_evidence(qid, value, share)))
        elif share != 0:
            out.append((i, share, None))
    return tuple(out)


def _reader(slots: list[int]) -> Callable[[list[float]], tuple[float, ...]]:
    """Reads the values at ``slots``, in order, as a tuple (a C call for two or more)."""
    if len(slots) >= 2:
        return itemgetter(*slots)
    return lambda values: tuple(values[k] for k in slots)


def _answer_evidence(question: str, value: Any, share: float) -> Evidence:
    return trusted(Evidence, {
        "kind": "answer", "affects": "likelihood", "question": question, "answer": _plain(value),
        "fact": None, "value": None, "contribution": round(share, 3), "note": "",
    }, set(_EVIDENCE_FIELDS_ANSWER))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value



def _verdict(readiness: int, blockers: list[Blocker], risks: list[Risk]) -> Verdict:
    reasons: list[str] = []
    if blockers:
        reasons.append(f"{len(blockers)} hard gate(s) failed")
    if readiness < NO_GO_BELOW_READINESS:
        reasons.append(f"readiness {readiness} is below {NO_GO_BELOW_READINESS}")
    if reasons:
        return _make_verdict(Decision.NO_GO, blockers, reasons)
    severe = [r.factor for r in risks if r.band in (Band.HIGH, Band.CRITICAL)]
    if severe:
        reasons.append("high or critical risks need mitigation first: " + ", ".join(severe))
    if readiness < GO_FROM_READINESS:
        reasons.append(f"readiness {readiness} is below {GO_FROM_READINESS}")
    decision = Decision.CONDITIONAL if reasons else Decision.GO
    return _make_verdict(decision, [], reasons)


def _make_verdict(decision: Decision, blockers: list[Blocker], reasons: list[str]) -> Verdict:
    return trusted(Verdict, {"decision": decision, "blockers": blockers, "reasons": reasons},
                   set(_VERDICT_FIELDS))


def _peak_summary(assessment: Assessment, timing: PeakTiming) -> PeakSummary:
    go_live = assessment.programme.target_go_live
    clash = timing.clashing
    nxt = timing.next_peak
    weeks = None if nxt is None else round(max((nxt.start - go_live).days, 0) / 7, 1)
    return trusted(PeakSummary, {
        "buffer_weeks": timing.buffer_weeks, "go_live": go_live, "in_window": clash is not None,
        "clashing_season": clash.name if clash else None,
        "clashing_start": clash.start if clash else None,
        "clashing_end": clash.end if clash else None,
        "next_season": nxt.name if nxt else None, "next_start": nxt.start if nxt else None,
        "weeks_to_next_peak": weeks,
    }, set(_PEAK_FIELDS))


@lru_cache(maxsize=8)
def engine_for(content: Content, language: str = "en") -> RiskEngine:
    return RiskEngine(content, language)


def assess(assessment: Assessment, content: Content, at: dt.date | None = None) -> RiskReport:
    """Score one assessment against the knowledge base."""
    return engine_for(content).assess(assessment, at)
