"""The risk engine as it was before it was optimised (commit 86734d6), kept as a test oracle.

``test_engine_equivalence`` checks that the optimised engine gives the same report, field for
field, as this straightforward version (every object validated, conditions as nested closures,
facts through the registry) for the shipped cases and thousands of varied assessments. Change
this file only together with an intended change of the engine's results.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from rollout import ENGINE_VERSION
from rollout.content.loader import Content
from rollout.content.schema import (
    AllOf,
    AnswerType,
    AnyOf,
    Comparison,
    Condition,
    Not,
    Op,
    PeakPreset,
    Question,
    RiskFactor,
    text_in,
)
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
from rollout.seasons import PeakWindow, expand_peak_seasons

# --- facts (rollout/risk/facts.py) ----------------------------------------------------------------

DEFAULT_BUFFER_MARGIN_WEEKS = 2


@dataclass(frozen=True)
class PeakTiming:
    """Where the target go-live sits relative to the peak seasons."""

    buffer_weeks: int
    windows: tuple[PeakWindow, ...]
    clashing: PeakWindow | None  # the window whose [start - buffer, end] holds the go-live
    next_peak: PeakWindow | None  # the first window ending on or after the go-live

    @property
    def go_live_in_window(self) -> bool:
        return self.clashing is not None


def peak_timing(
    assessment: Assessment,
    presets: dict[str, PeakPreset],
    buffer_margin_weeks: int = DEFAULT_BUFFER_MARGIN_WEEKS,
) -> PeakTiming:
    programme = assessment.programme
    go_live = programme.target_go_live
    buffer_weeks = programme.hypercare_weeks + buffer_margin_weeks
    windows = tuple(
        expand_peak_seasons(programme.peak_seasons, presets, programme.start_date, go_live)
    )
    buffer = dt.timedelta(weeks=buffer_weeks)
    clashing = next((w for w in windows if w.start - buffer <= go_live <= w.end), None)
    upcoming = [w for w in windows if w.end >= go_live]
    return PeakTiming(buffer_weeks, windows, clashing, min(upcoming, default=None))


@dataclass(frozen=True)
class FactContext:
    assessment: Assessment
    timing: PeakTiming


@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: type | tuple[type, ...]
    description: str
    compute: Callable[[FactContext], Any]


def _programme_window(ctx: FactContext) -> tuple[dt.date, dt.date]:
    p = ctx.assessment.programme
    return p.start_date, p.target_go_live + dt.timedelta(weeks=p.hypercare_weeks)


def _overlapping_projects(ctx: FactContext, kind: str | None = None) -> int:
    first, last = _programme_window(ctx)
    return sum(
        1
        for c in ctx.assessment.programme.concurrent_projects
        if c.start <= last and c.end >= first and (kind is None or c.kind.lower() == kind)
    )


def _weeks_to_next_peak(ctx: FactContext) -> float | None:
    nxt = ctx.timing.next_peak
    if nxt is None:
        return None
    days = (nxt.start - ctx.assessment.programme.target_go_live).days
    return round(max(days, 0) / 7, 1)


def _largest_unit_share(ctx: FactContext) -> float:
    p = ctx.assessment.programme
    total = p.users_total or sum(u.users for u in p.business_units)
    if not total or not p.business_units:
        return 100.0
    return round(100 * max(u.users for u in p.business_units) / total, 1)


_FACTS: list[FactSpec] = [
    FactSpec("industry", str, "the organisation's industry", lambda c: c.assessment.organisation.industry),
    FactSpec("country", str, "ISO country code", lambda c: c.assessment.organisation.country),
    FactSpec("size", str, "small, medium, large or enterprise",
             lambda c: c.assessment.organisation.size.value),
    FactSpec("strategy_theme", str, "the strategic theme",
             lambda c: c.assessment.organisation.strategy_theme.value),
    FactSpec("competitive_strategy", str, "cost_leadership, differentiation, focus or undecided",
             lambda c: c.assessment.organisation.competitive_strategy.value),
    FactSpec("segments", list, "customer segments (b2b, b2g, b2c)",
             lambda c: [s.value for s in c.assessment.organisation.customer_segments]),
    FactSpec("segments_count", int, "number of customer segments served",
             lambda c: len(c.assessment.organisation.customer_segments)),
    FactSpec("customers", int, "number of customers (0 when not given)",
             lambda c: c.assessment.organisation.customers or 0),
    FactSpec("peak_revenue_share_pct", float, "share of yearly revenue earned in peak seasons",
             lambda c: float(c.assessment.organisation.peak_revenue_share_pct or 0)),
    FactSpec("approach", str, "big_bang, phased or pilot_then_waves",
             lambda c: c.assessment.programme.approach.value),
    FactSpec("users_total", int, "staff who will use the new system",
             lambda c: c.assessment.programme.users_total),
    FactSpec("modules_count", int, "CRM modules in scope", lambda c: len(c.assessment.programme.modules)),
    FactSpec("units_count", int, "business units", lambda c: len(c.assessment.programme.business_units)),
    FactSpec("regions_count", int, "distinct regions of the business units",
             lambda c: len({u.region for u in c.assessment.programme.business_units})),
    FactSpec("largest_unit_share_pct", float, "largest unit's share of users",
             _largest_unit_share),
    FactSpec("platforms_count", int, "legacy platforms to migrate from",
             lambda c: len(c.assessment.programme.legacy_platforms)),
    FactSpec("records_total", int, "records to migrate, all platforms",
             lambda c: sum(p.records for p in c.assessment.programme.legacy_platforms)),
    FactSpec("records_max", int, "records in the largest platform",
             lambda c: max((p.records for p in c.assessment.programme.legacy_platforms), default=0)),
    FactSpec("min_data_quality", int, "worst data quality of a legacy platform (1-5; 5 if none)",
             lambda c: min((p.data_quality for p in c.assessment.programme.legacy_platforms),
                           default=5)),
    FactSpec("integrations_count", int, "distinct systems the platforms integrate with",
             lambda c: len({i for p in c.assessment.programme.legacy_platforms
                            for i in p.integrations})),
    FactSpec("agent_entered_platforms", int, "platforms whose data dealers or agents enter",
             lambda c: sum(1 for p in c.assessment.programme.legacy_platforms
                           if p.entered_by_agents)),
    FactSpec("concurrent_projects_count", int,
             "concurrent projects overlapping the programme up to the end of hypercare",
             _overlapping_projects),
    FactSpec("concurrent_erp", bool, "an ERP project overlaps the programme",
             lambda c: _overlapping_projects(c, "erp") > 0),
    FactSpec("programme_weeks", int, "weeks from programme start to target go-live",
             lambda c: (c.assessment.programme.target_go_live
                        - c.assessment.programme.start_date).days // 7),
    FactSpec("hypercare_weeks", int, "planned hypercare length",
             lambda c: c.assessment.programme.hypercare_weeks),
    FactSpec("peak_seasons_count", int, "peak seasons declared",
             lambda c: len(c.assessment.programme.peak_seasons)),
    FactSpec("go_live_in_peak_window", bool,
             "target go-live inside [peak start - buffer, peak end] of a peak season",
             lambda c: c.timing.go_live_in_window),
    FactSpec("weeks_to_next_peak", float,
             "weeks from target go-live to the next peak start (a large number if none)",
             lambda c: v if (v := _weeks_to_next_peak(c)) is not None else 999.0),
]

FACTS: dict[str, FactSpec] = {f.name: f for f in _FACTS}


def compute_facts(assessment: Assessment, timing: PeakTiming) -> dict[str, Any]:
    ctx = FactContext(assessment, timing)
    return {name: spec.compute(ctx) for name, spec in FACTS.items()}


# --- conditions (rollout/risk/conditions.py) -----------------------------------------------------

Env = tuple[Mapping[str, Any], Mapping[str, Any]]  # (answers, facts)
Predicate = Callable[[Env], bool]

_MISSING = object()


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


# --- engine (rollout/risk/engine.py) ---------------------------------------------------------------

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
