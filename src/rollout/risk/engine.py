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
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from rollout import ENGINE_VERSION
from rollout.content.loader import Content
from rollout.content.schema import Question, RiskFactor, text_in
from rollout.domain.assessment import Assessment
from rollout.domain.report import (
    BAND_ORDER,
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
)
from rollout.risk.answers import adequacy
from rollout.risk.conditions import Predicate, compile_condition, referenced_facts
from rollout.risk.facts import compute_facts, peak_timing

# Verdict thresholds on overall readiness (0..100).
NO_GO_BELOW_READINESS = 40
GO_FROM_READINESS = 75
# A failure case resembles a risk when it matches at least this well and names it as a cause.
RESEMBLANCE_MIN_SIMILARITY = 0.4


@dataclass(frozen=True)
class _Driver:
    predicate: Predicate
    facts: tuple[str, ...]
    add: float
    floor: int | None
    because: str


@dataclass(frozen=True)
class _Factor:
    factor: RiskFactor
    feeds: tuple[tuple[str, float], ...]  # (question id, weight)
    total_weight: float
    likelihood: tuple[_Driver, ...]
    impact: tuple[_Driver, ...]
    mitigations: tuple[MitigationAdvice, ...]


@dataclass(frozen=True)
class _Signature:
    id: str
    predicate: Predicate
    weight: float


@dataclass(frozen=True)
class _CaseRule:
    id: str
    organisation: str
    year: int | None
    outcome: str
    causes: frozenset[str]
    signature: tuple[_Signature, ...]
    total_weight: float


class RiskEngine:
    """The knowledge base compiled for fast, repeated scoring."""

    def __init__(self, content: Content, language: str = "en") -> None:
        self.content = content
        self.language = language
        questions = content.questions
        self._scored: tuple[tuple[str, Question], ...] = tuple(
            (qid, q) for qid, q in questions.items() if q.weight > 0
        )
        self._factors = tuple(self._compile_factor(f) for f in content.factors.values())
        self._gates = tuple(
            (g.code, compile_condition(g.when, questions), text_in(g.message, language),
             text_in(g.how_to_fix, language))
            for g in content.gates.values()
        )
        self._cases = tuple(
            _CaseRule(
                id=c.id, organisation=c.organisation, year=c.year, outcome=c.outcome.value,
                causes=frozenset(c.causes),
                signature=tuple(_Signature(s.id, compile_condition(s.when, questions), s.weight)
                                for s in c.signature),
                total_weight=sum(s.weight for s in c.signature),
            )
            for c in content.cases.values()
        )
        self._dimensions = tuple(
            (c.id, c.weight, tuple(q.id for q in c.questions if q.weight > 0))
            for c in content.checklists
        )

    def _compile_factor(self, factor: RiskFactor) -> _Factor:
        questions = self.content.questions
        feeds = tuple((qid, q.weight) for qid, q in questions.items()
                      if factor.code in q.factors and q.weight > 0)
        lang = self.language
        return _Factor(
            factor=factor,
            feeds=feeds,
            total_weight=sum(w for _, w in feeds),
            likelihood=tuple(
                _Driver(compile_condition(d.when, questions), tuple(referenced_facts(d.when)),
                        d.add, d.min_likelihood, text_in(d.because, lang))
                for d in factor.likelihood_drivers
            ),
            impact=tuple(
                _Driver(compile_condition(d.when, questions), tuple(referenced_facts(d.when)),
                        float(d.add), d.min_impact, text_in(d.because, lang))
                for d in factor.impact.drivers
            ),
            mitigations=tuple(MitigationAdvice(id=m.id, text=text_in(m.text, lang),
                                               action=m.action)
                              for m in factor.mitigations),
        )

    def assess(self, assessment: Assessment, at: dt.date | None = None) -> RiskReport:
        content = self.content
        at = at or assessment.programme.start_date
        timing = peak_timing(assessment, dict(content.presets))
        facts = compute_facts(assessment, timing)
        facts["weeks_until_go_live"] = round((assessment.programme.target_go_live - at).days / 7, 1)
        answers = assessment.answers
        env = (answers, facts)

        adequacies: dict[str, float] = {}
        unanswered: list[str] = []
        for qid, question in content.questions.items():
            value = answers.get(qid)
            a = adequacy(question, value)
            if value is None:
                unanswered.append(qid)
            if question.weight > 0:
                adequacies[qid] = 0.0 if a is None else a

        risks = [self._score_factor(f, answers, adequacies, env) for f in self._factors]
        risks.sort(key=lambda r: (-r.score, -r.likelihood, r.factor))

        matches = [self._match_case(c, env) for c in self._cases]
        matches.sort(key=lambda m: (-m.similarity, m.case))
        risks = [self._with_resemblance(r, matches) for r in risks]

        dimensions = {
            dim_id: _percent(sum(adequacies[q] * self.content.questions[q].weight for q in qids),
                             sum(self.content.questions[q].weight for q in qids))
            for dim_id, _, qids in self._dimensions
        }
        total_weight = sum(w for _, w, _ in self._dimensions)
        readiness = round(sum(dimensions[d] * w for d, w, _ in self._dimensions) / total_weight)

        blockers = [Blocker(gate=code, message=msg, how_to_fix=fix)
                    for code, pred, msg, fix in self._gates if pred(env)]
        verdict = _verdict(readiness, blockers, risks)
        top_band = max((r.band for r in risks), key=BAND_ORDER.__getitem__, default=Band.LOW)

        return RiskReport(
            assessment=assessment.name,
            organisation=assessment.organisation.name,
            engine_version=ENGINE_VERSION,
            at=at,
            readiness=readiness,
            dimensions=dimensions,
            verdict=verdict,
            band=top_band,
            risks=risks,
            matched_cases=matches,
            unanswered=unanswered,
            peak=_peak_summary(assessment, timing),
            facts=facts,
        )

    def _score_factor(
        self, f: _Factor, answers: Mapping[str, Any], adequacies: Mapping[str, float],
        env: tuple[Mapping[str, Any], Mapping[str, Any]],
    ) -> Risk:
        evidence: list[Evidence] = []
        deficit = 0.0
        if f.total_weight:
            for qid, weight in f.feeds:
                share = weight * (1.0 - adequacies[qid]) / f.total_weight
                deficit += share
                value = answers.get(qid)
                if value is None:
                    evidence.append(Evidence(kind="unanswered", question=qid,
                                             contribution=round(share, 3),
                                             note="not answered: counted as a full gap"))
                elif share > 0:
                    evidence.append(Evidence(kind="answer", question=qid, answer=_plain(value),
                                             contribution=round(share, 3)))
        raw = deficit
        floor = 1
        facts = env[1]
        for drv in f.likelihood:
            if drv.predicate(env):
                raw += drv.add
                if drv.floor:
                    floor = max(floor, drv.floor)
                evidence.append(_fact_evidence(drv, facts, "likelihood"))
        likelihood = max(floor, 1 + math.floor(4 * min(1.0, raw) + 0.5))

        impact = f.factor.impact.base
        impact_floor = 1
        for drv in f.impact:
            if drv.predicate(env):
                impact += int(drv.add)
                if drv.floor:
                    impact_floor = max(impact_floor, drv.floor)
                evidence.append(_fact_evidence(drv, facts, "impact"))
        impact = max(impact_floor, min(5, impact))

        score = likelihood * impact
        evidence.sort(key=lambda e: (e.affects != "likelihood", -e.contribution))
        return Risk(
            factor=f.factor.code,
            name=text_in(f.factor.name, self.language),
            dimension=f.factor.dimension,
            likelihood=likelihood,
            impact=impact,
            score=score,
            band=band_for(score),
            evidence=evidence,
            mitigations=list(f.mitigations),
        )

    @staticmethod
    def _match_case(rule: _CaseRule, env: tuple[Mapping[str, Any], Mapping[str, Any]]) -> CaseMatch:
        matched: list[str] = []
        unmatched: list[str] = []
        weight = 0.0
        for sig in rule.signature:
            if sig.predicate(env):
                matched.append(sig.id)
                weight += sig.weight
            else:
                unmatched.append(sig.id)
        return CaseMatch(case=rule.id, organisation=rule.organisation, year=rule.year,
                         outcome=rule.outcome,
                         similarity=round(weight / rule.total_weight, 3),
                         matched=matched, unmatched=unmatched)

    def _with_resemblance(self, risk: Risk, matches: list[CaseMatch]) -> Risk:
        causes = {c.id: c.causes for c in self._cases}
        resembles = [m.case for m in matches
                     if m.outcome == "failure" and m.similarity >= RESEMBLANCE_MIN_SIMILARITY
                     and risk.factor in causes[m.case]][:3]
        return risk.model_copy(update={"resembles": resembles}) if resembles else risk


def _fact_evidence(
    drv: _Driver, facts: Mapping[str, Any], affects: Literal["likelihood", "impact"]
) -> Evidence:
    names = drv.facts
    value: Any = {n: _plain(facts.get(n)) for n in names} if len(names) != 1 else _plain(
        facts.get(names[0]))
    return Evidence(kind="fact", affects=affects,
                    fact=", ".join(names), value=value,
                    contribution=round(drv.add, 3), note=drv.because)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _percent(numerator: float, denominator: float) -> int:
    return round(100 * numerator / denominator) if denominator else 100


def _verdict(readiness: int, blockers: list[Blocker], risks: list[Risk]) -> Verdict:
    reasons: list[str] = []
    if blockers:
        reasons.append(f"{len(blockers)} hard gate(s) failed")
    if readiness < NO_GO_BELOW_READINESS:
        reasons.append(f"readiness {readiness} is below {NO_GO_BELOW_READINESS}")
    if reasons:
        return Verdict(decision=Decision.NO_GO, blockers=blockers, reasons=reasons)
    severe = [r.factor for r in risks if r.band in (Band.HIGH, Band.CRITICAL)]
    if severe:
        reasons.append("high or critical risks need mitigation first: " + ", ".join(severe))
    if readiness < GO_FROM_READINESS:
        reasons.append(f"readiness {readiness} is below {GO_FROM_READINESS}")
    decision = Decision.CONDITIONAL if reasons else Decision.GO
    return Verdict(decision=decision, blockers=[], reasons=reasons)


def _peak_summary(assessment: Assessment, timing: Any) -> PeakSummary:
    go_live = assessment.programme.target_go_live
    clash = timing.clashing
    nxt = timing.next_peak
    weeks = None if nxt is None else round(max((nxt.start - go_live).days, 0) / 7, 1)
    return PeakSummary(
        buffer_weeks=timing.buffer_weeks, go_live=go_live, in_window=clash is not None,
        clashing_season=clash.name if clash else None,
        clashing_start=clash.start if clash else None,
        clashing_end=clash.end if clash else None,
        next_season=nxt.name if nxt else None, next_start=nxt.start if nxt else None,
        weeks_to_next_peak=weeks,
    )


@lru_cache(maxsize=8)
def engine_for(content: Content, language: str = "en") -> RiskEngine:
    return RiskEngine(content, language)


def assess(assessment: Assessment, content: Content, at: dt.date | None = None) -> RiskReport:
    """Score one assessment against the knowledge base."""
    return engine_for(content).assess(assessment, at)
