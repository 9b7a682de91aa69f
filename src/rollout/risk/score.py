"""Scoring one assessment against the compiled knowledge base, in named steps.

1. :func:`answer_pass`: one pass over the questions: the unanswered ones, each scored question's
   weighted adequacy, each factor's answer deficit and evidence, the comparisons on answers that
   hold (bits); questions answered ``not_applicable`` are then left out of the weights.
2. :func:`fact_bits` and :func:`with_compounds`: the comparisons on programme facts that hold,
   then the compound conditions.
3. :func:`match_cases`: the documented cases, best match first, and which risks they resemble.
4. :func:`score_factors`: each factor's likelihood, impact, score and evidence, ranked.
5. :func:`readiness_of`: readiness per dimension and overall; then gates and the verdict.

The loops unpack the compiled NamedTuples positionally: attribute access would cost about a
fifth of the engine's throughput (benchmarks/bench_engine.py).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from rollout import ENGINE_VERSION
from rollout.content.schema import NOT_APPLICABLE
from rollout.domain.assessment import Assessment
from rollout.domain.report import (
    Band,
    Blocker,
    CaseMatch,
    Decision,
    Evidence,
    PeakSummary,
    Risk,
    RiskReport,
    Verdict,
    band_for,
    trusted,
)
from rollout.i18n import Language, translator
from rollout.risk.answers import adequacy
from rollout.risk.compile import (
    UNANSWERED_DEFICIT,
    CompiledContent,
    contributions_of,
    holding_bits,
    not_applicable_bits,
)
from rollout.risk.conditions import bits_hold
from rollout.risk.facts import PeakTiming, compute_facts, peak_timing
from rollout.risk.training import training_details

# The verdict (Rollout defaults; calibrated with `rollout calibrate` on the seed cases and the
# public outcomes in benchmarks/cases/public-cases.yaml, never tuned to one case):
# no-go when a gate fails or the failure index reaches NO_GO_FROM_FAILURE; go when it is below
# the go bar and enough is known; conditional otherwise. Exposure raises the bar: the go bar
# falls from GO_BELOW_FAILURE (no exposure) by up to EXPOSURE_BAR_POINTS (exposure 100).
# An unanswered factor sits at 0.5 (half a gap), so a programme whose worst factors are merely
# unknown scores about 45-50 and one with documented gaps 60 and more; the seed recoveries
# (BMC's and Dow's, documented well) score below 40 and go at their exposure.
NO_GO_FROM_FAILURE = 60
GO_BELOW_FAILURE = 50
EXPOSURE_BAR_POINTS = 15
GO_MIN_CONFIDENCE = 0.5
# The failure index is led by the programme's worst few factors: a programme fails on a few
# causes (the 18 public failures in benchmarks/cases/public-cases.yaml name 2.9 documented
# causes on average), so the mean continuous likelihood of the top 3 weighs 0.9 and the mean of
# all factors 0.1; each gate failed on documented answers adds 10 points. With `rollout
# calibrate` on the seed and public cases the top-3 lead separated failures from successes
# better than the top 5 or the mean of all (the figures are in the calibration benchmark).
FAILURE_TOP_FACTORS = 3
FAILURE_TOP_WEIGHT = 0.9
FAILURE_POINTS_PER_GATE = 10
# A failure case resembles a risk when it matches at least this well and names it as a cause.
RESEMBLANCE_MIN_SIMILARITY = 0.4

# The fields each report object is given explicitly (see rollout.risk.compile).
_RISK_FIELDS = frozenset({"factor", "name", "dimension", "likelihood", "impact", "score", "band",
                          "evidence", "mitigations", "likelihood_raw", "confidence"})
_RISK_FIELDS_RESEMBLING = _RISK_FIELDS | {"resembles"}
_CASE_MATCH_FIELDS = frozenset({"case", "organisation", "year", "outcome", "similarity",
                                "matched", "unmatched"})
_VERDICT_FIELDS = frozenset({"decision", "blockers", "reasons"})
_PEAK_FIELDS = frozenset({"buffer_weeks", "go_live", "in_window", "clashing_season",
                          "clashing_start", "clashing_end", "next_season", "next_start",
                          "weeks_to_next_peak"})
_REPORT_FIELDS = frozenset({"assessment", "organisation", "engine_version", "at", "readiness",
                            "dimensions", "verdict", "band", "risks", "matched_cases",
                            "unanswered", "peak", "facts", "failure_index", "exposure_index",
                            "confidence", "known_gaps"})
_BAND_OF_SCORE = tuple(band_for(score) for score in range(26))  # likelihood x impact: 1..25
_CONTRIBUTION = attrgetter("contribution")


class AnswerPass(NamedTuple):
    bits: int  # the comparisons on answers that hold
    silent_bits: int  # those among them that hold because a question is unanswered
    unanswered: list[str]
    slots: list[float]  # weighted adequacy of each scored question
    deficits: list[float]  # per factor: its answer deficit (0..1)
    evidences: list[list[Evidence]]  # per factor: the answers behind its deficit
    excluded: dict[int, float]  # dimension index -> weight of the questions that do not apply
    answered: list[float]  # per factor: share of its question weight answered (0..1)


class CaseMatching(NamedTuple):
    matches: list[CaseMatch]  # best first
    resembled: dict[str, list[str]]  # factor code -> failure cases resembling it, best first


def assess_compiled(
    compiled: CompiledContent, assessment: Assessment, at: dt.date | None = None
) -> RiskReport:
    """The report on ``assessment``; ``at`` (default: programme start) dates the report."""
    programme = assessment.programme
    at = at or programme.start_date
    timing = peak_timing(assessment, compiled.presets)
    facts = compute_facts(assessment, timing, at)
    facts["weeks_until_go_live"] = round((programme.target_go_live - at).days / 7, 1)
    answered = answer_pass(compiled, assessment.answers)
    fact_comparisons = fact_bits(compiled, facts)
    bits = with_compounds(compiled, fact_comparisons | answered.bits)
    cases = match_cases(compiled, bits)
    risks = score_factors(compiled, bits, facts, assessment.answers, answered, cases.resembled)
    dimensions, readiness = readiness_of(compiled, answered)
    blockers, unconfirmed = gates_of(compiled, answered, fact_comparisons, bits)
    if assessment.training is not None:
        details = training_details(assessment, at, Language(compiled.language))
        if details:
            risks = [_detailed_risk(r, details) for r in risks]
            blockers = [_detailed_blocker(b, compiled.gate_facts.get(b.gate, ()), details)
                        for b in blockers]
    failure = failure_index_of(risks, len(blockers))
    exposure = exposure_index_of(facts)
    confidence = round(sum(answered.answered) / len(answered.answered), 3) if risks else 1.0
    return trusted(RiskReport, {
        "assessment": assessment.name,
        "organisation": assessment.organisation.name,
        "engine_version": ENGINE_VERSION,
        "at": at,
        "readiness": readiness,
        "dimensions": dimensions,
        "verdict": verdict_of(failure, exposure, confidence, blockers, risks, unconfirmed,
                              Language(compiled.language)),
        "band": _BAND_OF_SCORE[risks[0].score] if risks else Band.LOW,  # risks: by score
        "risks": risks,
        "matched_cases": cases.matches,
        "unanswered": answered.unanswered,
        "peak": peak_summary(assessment, timing),
        "facts": facts,
        "failure_index": failure,
        "exposure_index": exposure,
        "confidence": confidence,
        "known_gaps": known_gaps_of(compiled, assessment.answers, answered.slots),
    }, set(_REPORT_FIELDS))


def answer_pass(compiled: CompiledContent, answers: dict[str, Any]) -> AnswerPass:
    get = answers.get
    bits = 0
    silent_bits = 0
    unanswered: list[str] = []
    slots = compiled.slots.copy()
    deficits = [0.0] * len(compiled.factors)
    unknown = [0.0] * len(compiled.factors)  # the part of each deficit from unanswered questions
    evidences: list[list[Evidence]] = [[] for _ in compiled.factors]
    for qid, value_type, tabled, when_unanswered, slot, q in compiled.scan:
        value = get(qid)
        if value is None:
            unanswered.append(qid)
            contributions, holding = when_unanswered
            silent_bits |= holding
            bits |= holding
            for i, share, item in contributions:
                deficits[i] += share
                unknown[i] += share
                evidences[i].append(item)  # type: ignore[arg-type]  # never None here
            continue
        hit = tabled.get(value) if value.__class__ is value_type else None
        if hit is not None:
            weighted, contributions, holding = hit
        elif value == NOT_APPLICABLE and q.question.may_not_apply:
            weighted, contributions = 0.0, ()
            holding = not_applicable_bits(q.comparisons)
        else:
            a = adequacy(q.question, value)  # raises on an answer of the wrong kind
            a = 0.0 if a is None else a
            weighted = a * q.weight
            contributions = contributions_of(qid, value, a, q.feeds) if q.feeds else ()
            holding = holding_bits(q.comparisons, value) if q.comparisons else 0
        slots[slot] = weighted  # unscored questions write to a spare slot
        bits |= holding
        for i, share, item in contributions:
            deficits[i] += share
            if item is not None:
                evidences[i].append(item)
    excluded: dict[int, float] = {}
    if compiled.may_not_apply:
        excluded = exclude_not_applicable(compiled, get, deficits, evidences, unknown)
    # The share of each factor's weight answered: unanswered questions add UNANSWERED_DEFICIT
    # per unit of weight share, so their weight share is their deficit / UNANSWERED_DEFICIT.
    answered = [1.0 - u / UNANSWERED_DEFICIT for u in unknown]
    return AnswerPass(bits, silent_bits, unanswered, slots, deficits, evidences, excluded,
                      answered)


def exclude_not_applicable(
    compiled: CompiledContent, get: Callable[[str], Any], deficits: list[float],
    evidences: list[list[Evidence]], unknown: list[float],
) -> dict[int, float]:
    """Leave the questions answered ``not_applicable`` out of the weight of the factors and
    dimensions they feed (never a gap); the weight excluded per dimension index."""
    by_dimension: dict[int, float] = {}
    by_factor: dict[int, list[float]] = {}  # factor index -> [weight excluded, total]
    for qid, feeds, dimension, weight in compiled.may_not_apply:
        if get(qid) != NOT_APPLICABLE:
            continue
        by_dimension[dimension] = by_dimension.get(dimension, 0.0) + weight
        for i, fed_weight, total in feeds:
            by_factor.setdefault(i, [0.0, total])[0] += fed_weight
    for i, (excluded, total) in by_factor.items():
        remaining = total - excluded
        scale = total / remaining if remaining > 1e-9 else 0.0
        deficits[i] *= scale
        unknown[i] *= scale
        evidences[i] = [_rescaled(ev, scale) for ev in evidences[i]]
    return by_dimension


def fact_bits(compiled: CompiledContent, facts: dict[str, Any]) -> int:
    """The comparisons on facts that hold."""
    bits = 0
    fget = facts.get
    for name, comparisons in compiled.fact_comparisons:
        value = fget(name)
        if value is None:
            continue  # a missing fact never matches
        kind = value.__class__
        for bit, fast, fast_types, test in comparisons:
            if fast(value) if kind in fast_types else test(value):
                bits |= bit
    return bits


def with_compounds(compiled: CompiledContent, bits: int) -> int:
    """``bits`` (comparisons) with the conditions that are not a single comparison set."""
    for bit, derived in compiled.derived:
        if bits_hold(derived, bits):
            bits |= bit
    return bits


def gates_of(
    compiled: CompiledContent, answered: AnswerPass, fact_comparisons: int, bits: int
) -> tuple[list[Blocker], list[str]]:
    """The gates that fail on documented answers and facts (blockers), and the codes of those
    that hold only because questions are unanswered (not cleared, but not proven to fail)."""
    holding = [(bit, test, blocker) for bit, test, blocker in compiled.gates if bits & bit]
    if not holding or not answered.silent_bits:
        return [blocker for _, _, blocker in holding], []
    # The same gates over the comparisons that hold on documented answers and facts only.
    documented = fact_comparisons | (answered.bits & ~answered.silent_bits)
    blockers, unconfirmed = [], []
    for bit, test, blocker in holding:
        if (bits_hold(test, documented) if test is not None else documented & bit):
            blockers.append(blocker)
        else:
            unconfirmed.append(blocker.gate)
    return blockers, unconfirmed


def match_cases(compiled: CompiledContent, bits: int) -> CaseMatching:
    ranked = []
    for rule in compiled.cases:
        similarity, matched, unmatched = rule.match(bits)
        ranked.append((-similarity, rule.id, rule, trusted(CaseMatch, {
            "case": rule.id, "organisation": rule.organisation, "year": rule.year,
            "outcome": rule.outcome, "similarity": similarity, "matched": list(matched),
            "unmatched": list(unmatched),
        }, set(_CASE_MATCH_FIELDS))))
    ranked.sort()  # by (-similarity, case id); case ids are unique
    resembled: dict[str, list[str]] = {}
    for neg_similarity, case_id, rule, _ in ranked:
        if rule.outcome == "failure" and -neg_similarity >= RESEMBLANCE_MIN_SIMILARITY:
            for cause in rule.causes:
                resembled.setdefault(cause, []).append(case_id)
    return CaseMatching([m for _, _, _, m in ranked], resembled)


def score_factors(
    compiled: CompiledContent, bits: int, facts: dict[str, Any], answers: dict[str, Any],
    answered: AnswerPass, resembled: dict[str, list[str]],
) -> list[Risk]:
    """Every factor's risk, ranked by score, then continuous likelihood, then the weight of
    documented (answered) deficit, then the factor's place in the catalogue: never by name."""
    scored = []
    floor_of = math.floor
    for (code, name, dimension, likelihood_bits, likelihood_drivers, impact_base, impact_bits,
         impact_drivers, mitigations, floors_bits, floors, order), deficit, evidence, known in zip(
            compiled.scoring, answered.deficits, answered.evidences, answered.answered,
            strict=True):
        raw = deficit
        floor = 1
        if bits & likelihood_bits:  # any of the factor's likelihood drivers holds
            for bit, add, drv_floor, drv in likelihood_drivers:
                if bits & bit:
                    raw += add
                    if drv_floor and drv_floor > floor:
                        floor = drv_floor
                    evidence.append(drv.evidence(facts))
        if bits & floors_bits:  # a key question answered adversely sets a floor
            for bit, min_likelihood, drv in floors:
                if bits & bit:
                    floor = max(floor, min_likelihood)
                    evidence.append(drv.evidence(answers))
        raw = raw if raw < 1.0 else 1.0
        if floor > 1 and raw < (floor - 1) / 4:
            raw = (floor - 1) / 4  # the continuous likelihood honours the floor too
        # max(floor, 1 + floor(4 x min(1, raw) + 0.5)); raw >= 0
        likelihood = 1 + floor_of(4 * raw + 0.5)
        if len(evidence) > 1:
            # Largest contribution first. The sort is stable (also with reverse=True), so ties
            # keep their order, as with key=-contribution.
            evidence.sort(key=_CONTRIBUTION, reverse=True)
        impact, impact_evidence = _impact(bits, facts, impact_base, impact_bits, impact_drivers)
        if impact_evidence is not None:
            evidence += impact_evidence  # after the likelihood evidence
        score = likelihood * impact
        resembles = resembled[code][:3] if code in resembled else []
        documented = deficit - (1.0 - known) * UNANSWERED_DEFICIT
        scored.append((-score, -raw, -documented, order, trusted(Risk, {
            "factor": code, "name": name, "dimension": dimension,
            "likelihood": likelihood, "impact": impact, "score": score,
            "band": _BAND_OF_SCORE[score], "evidence": evidence,
            "mitigations": list(mitigations), "resembles": resembles,
            "likelihood_raw": round(raw, 3), "confidence": round(min(known, 1.0), 3),
        }, set(_RISK_FIELDS_RESEMBLING if resembles else _RISK_FIELDS))))
    scored.sort(key=_RANK)
    return [r for *_, r in scored]


_RANK = itemgetter(0, 1, 2, 3)


def failure_index_of(risks: list[Risk], gates_failed: int) -> int:
    """0..100: the mean continuous likelihood of the top factors and of all, plus gates."""
    if not risks:
        return min(100, FAILURE_POINTS_PER_GATE * gates_failed)
    raws = sorted((r.likelihood_raw or 0.0 for r in risks), reverse=True)
    top = raws[:FAILURE_TOP_FACTORS]
    value = (FAILURE_TOP_WEIGHT * sum(top) / len(top)
             + (1 - FAILURE_TOP_WEIGHT) * sum(raws) / len(raws))
    return min(100, round(100 * value) + FAILURE_POINTS_PER_GATE * gates_failed)


# Exposure: what is at stake, each measure on a log scale between a small and a very large
# programme (Rollout defaults spanning the seed and public cases: tens to hundreds of thousands
# of users, thousands to tens of millions of customers and records). The index leans on the
# largest stake and counts the others (a measure not stated counts 0), so it never falls when a
# measure grows or is added.
_EXPOSURE_SCALES = (
    ("users_total", 10, 100_000),
    ("customers", 1_000, 10_000_000),
    ("records_total", 10_000, 1_000_000_000),
    ("peak_transactions_per_day", 1_000, 1_000_000),
)


def exposure_index_of(facts: dict[str, Any]) -> int:
    """0..100: how much is at stake (users, customers, records, transactions, peak revenue)."""
    parts = []
    for name, low, high in _EXPOSURE_SCALES:
        value = facts.get(name)
        parts.append(_log_share(float(value), low, high) if value else 0.0)
    share = facts.get("peak_revenue_share_pct") or 0.0
    parts.append(min(1.0, share / 50.0))  # half the year's revenue at peak: fully exposed
    return round(100 * (0.6 * max(parts) + 0.4 * sum(parts) / len(parts)))


def _log_share(value: float, low: float, high: float) -> float:
    if value <= low:
        return 0.0
    return min(1.0, (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low)))


def known_gaps_of(compiled: CompiledContent, answers: dict[str, Any],
                  slots: list[float]) -> list[str]:
    """The scored questions answered adversely (adequacy below a half), in question order."""
    gaps = []
    for qid in answers:
        found = compiled.scored.get(qid)
        if found is None or answers[qid] is None or answers[qid] == NOT_APPLICABLE:
            continue
        slot, weight, order = found
        if slots[slot] < 0.5 * weight:
            gaps.append((order, qid))
    return [qid for _, qid in sorted(gaps)]


def _impact(
    bits: int, facts: dict[str, Any], impact: int, impact_bits: int,
    drivers: tuple[tuple[int, int, int | None, Any], ...],
) -> tuple[int, list[Evidence] | None]:
    """A factor's impact (base plus the drivers that hold, 1..5) and their evidence."""
    if not bits & impact_bits:  # none of the factor's impact drivers holds
        return (5 if impact > 5 else impact), None
    impact_floor = 1
    evidence = []
    for bit, points, drv_floor, drv in drivers:
        if bits & bit:
            impact += points
            if drv_floor and drv_floor > impact_floor:
                impact_floor = drv_floor
            evidence.append(drv.evidence(facts))
    # max(impact floor, min(5, impact))
    if impact > 5:
        impact = 5
    if impact < impact_floor:
        impact = impact_floor
    if len(evidence) > 1:
        evidence.sort(key=_CONTRIBUTION, reverse=True)
    return impact, evidence


def readiness_of(compiled: CompiledContent, answered: AnswerPass) -> tuple[dict[str, int], int]:
    """Readiness per dimension (0..100) and overall, weighted by the dimensions' weights."""
    slots, excluded = answered.slots, answered.excluded
    if excluded:
        dimensions = {
            dim_id: _percent(sum(read(slots)), dim_weight - excluded.get(k, 0.0))
            for k, (dim_id, _, read, dim_weight) in enumerate(compiled.dimensions)
        }
    else:
        dimensions = {
            dim_id: round(100 * sum(read(slots)) / dim_weight) if dim_weight else 100
            for dim_id, _, read, dim_weight in compiled.dimensions
        }
    readiness = round(sum(dimensions[d] * w for d, w, _, _ in compiled.dimensions)
                      / compiled.dimensions_weight)
    return dimensions, readiness


def _percent(earned: float, weight: float) -> int:
    """A dimension's readiness: the weighted adequacy earned out of the weight that applies."""
    return round(100 * earned / weight) if weight > 1e-9 else 100


def _rescaled(evidence: Evidence, scale: float) -> Evidence:
    values = dict(evidence.__dict__)
    values["contribution"] = round(evidence.contribution * scale, 3)
    return trusted(Evidence, values, set(evidence.model_fields_set))


def verdict_of(failure: int, exposure: int, confidence: float, blockers: list[Blocker],
               risks: list[Risk], unconfirmed: list[str],
               lang: Language = Language.EN) -> Verdict:
    """No-go on a gate or a high failure index; go below the exposure-raised bar with enough
    known; conditional otherwise, with the reasons (in ``lang``; codes stay codes)."""
    t = translator(lang)
    separator = "، " if lang is Language.FA else ", "
    reasons: list[str] = []
    if blockers:
        reasons.append(t.gettext("{count} hard gate(s) failed", count=len(blockers)))
    if failure >= NO_GO_FROM_FAILURE:
        reasons.append(t.gettext("failure index {failure} is at or above {limit}",
                                 failure=failure, limit=NO_GO_FROM_FAILURE))
    if reasons:
        return _make_verdict(Decision.NO_GO, blockers, reasons)
    if unconfirmed:
        reasons.append(t.gettext("gate(s) not cleared, their questions are unanswered: {gates}",
                                 gates=separator.join(unconfirmed)))
    bar = go_bar(exposure)
    if failure >= bar:
        reasons.append(t.gettext("failure index {failure} is not below {bar}, the go bar at "
                                 "exposure {exposure}", failure=failure, bar=bar,
                                 exposure=exposure))
    if confidence < GO_MIN_CONFIDENCE:
        reasons.append(t.gettext("only {answered} % of the question weight is answered; answer "
                                 "at least {required} %", answered=round(100 * confidence),
                                 required=round(100 * GO_MIN_CONFIDENCE)))
    documented = [r.factor for r in risks
                  if r.band in (Band.HIGH, Band.CRITICAL) and (r.confidence or 0) >= 0.5
                  and r.likelihood >= 4]
    if documented:
        reasons.append(t.gettext("high or critical risks need mitigation first: {factors}",
                                 factors=separator.join(documented)))
    decision = Decision.CONDITIONAL if reasons else Decision.GO
    return _make_verdict(decision, [], reasons)


def go_bar(exposure: int) -> int:
    """The failure index a programme must stay below to go: lower as more is at stake."""
    return GO_BELOW_FAILURE - round(EXPOSURE_BAR_POINTS * exposure / 100)


def _make_verdict(decision: Decision, blockers: list[Blocker], reasons: list[str]) -> Verdict:
    return trusted(Verdict, {"decision": decision, "blockers": blockers, "reasons": reasons},
                   set(_VERDICT_FIELDS))


def peak_summary(assessment: Assessment, timing: PeakTiming) -> PeakSummary:
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


def _detailed_risk(risk: Risk, details: dict[str, str]) -> Risk:
    """The risk with each training fact's evidence naming the wave or unit and its figures."""
    if not any(e.kind == "fact" and e.fact in details for e in risk.evidence):
        return risk
    evidence = [e.model_copy(update={"note": f"{e.note} {details[e.fact]}".strip()})
                if e.kind == "fact" and e.fact in details else e for e in risk.evidence]
    return risk.model_copy(update={"evidence": evidence})


def _detailed_blocker(blocker: Blocker, facts: tuple[str, ...], details: dict[str, str]
                      ) -> Blocker:
    named = [details[f] for f in facts if f in details]
    if not named:
        return blocker
    return blocker.model_copy(update={"message": " ".join([blocker.message, *named])})
