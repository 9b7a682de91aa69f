"""Calibration: how well the engine predicts documented outcomes (`rollout calibrate`).

A consultancy checks Rollout against its own project history: a file in the public-cases schema
(``benchmarks/cases/public-cases.yaml``: per case an id, ``outcome``, pre-go-live ``facts`` where
null means "not stated", and ``documented_causes`` in a fixed vocabulary). Each case's facts
become an assessment by the deterministic mapping below, which never reads ``outcome`` or
``documented_causes``:

* sparse mode answers only what a stated fact supports and leaves everything else unanswered;
* neutral mode then fills every question still unanswered with its middle answer (yes/no
  ``partial``, scale 3, the option or threshold whose adequacy is nearest 0.5).

The mapping (fact -> what it sets; a fact that is null sets nothing):

===============================  ===============================================================
named_system_owner               ownership.system_owner yes / no
executive_sponsor_engaged        ownership.sponsor_appointed yes and sponsor_engagement 4 / 2
rollout_approach                 programme approach; phasing.pilot_planned yes (pilot) / no (big bang)
go_live_in_or_near_peak_season   true: a peak season (``peak_named``) around the go-live
legacy_platforms_count           that many legacy platforms (words: two..ten; several, multiple 3)
records_migrated                 records over those platforms (numbers with thousand/million/billion)
data_quality_issues              platforms' data quality 2 and data.cleansing_plan no / quality 4
training_adequate                training.plan_per_role and training.before_go_live yes / partial
users_count                      users (a number in the text)
sites_or_units_count             that many business units
heavy_customisation              build.process_adaptation product_bent, configuration share 30 /
                                 adopt_standard, configuration share 90
concurrent_major_projects        phasing.concurrent_major_project yes and an overlapping project / no
customer_input_sought            cx.customer_habits_studied yes / no
business_processes_defined       phasing.processes_defined yes / no
testing_adequate                 test.end_to_end_status completed_signed_off, user_acceptance yes /
                                 planned_with_owner, user_acceptance partial
post_go_live_support_planned     ops.hypercare_planned and ops.support_team yes / no
===============================  ===============================================================

``budget``, ``schedule_overrun`` and ``losses`` are not read: they describe what happened, not
what was known before go-live. Dates: start 1 January of the year before the case's year,
go-live 1 June of its year (2020 when no year is given); the organisation's country is ``US``
for every case (the schema states none; one fixed value cannot separate cases) and its industry
``unknown``.

The naive baseline counts stated adverse facts minus stated favourable ones (the same facts,
with the polarity in ``_FAVOURABLE``); a higher count should mean failure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rollout.content.loader import Content
from rollout.content.schema import AnswerType, Question
from rollout.content.yamlfile import parse_yaml
from rollout.domain.assessment import Assessment
from rollout.domain.report import RiskReport
from rollout.errors import InputError, RolloutError
from rollout.escaping import excerpt
from rollout.risk.answers import adequacy
from rollout.risk.engine import RiskEngine

Mode = Literal["sparse", "neutral"]
RECALL_AT = (3, 5, 10)


class CalibrationCase(BaseModel):
    """One documented outcome, in the public-cases schema (other keys are kept, not read)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str = Field(min_length=1, max_length=120)
    year: int | None = Field(default=None, ge=1950, le=2100)
    outcome: Literal["failure", "success", "recovered"]
    facts: dict[str, Any] = Field(default_factory=dict)
    documented_causes: list[str] = Field(default_factory=list)


MAX_FILE_BYTES = 10_000_000  # a case file is read whole; bound it before parsing
MAX_CASES = 5_000


def load_cases(path: Path) -> list[CalibrationCase]:
    """Read a case file (a YAML or JSON list in the public-cases schema); InputError if wrong."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(source, [("", f"the file is {size:,} bytes; the limit is "
                                           f"{MAX_FILE_BYTES:,}")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(source, [("", "file not found")]) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InputError(source, [("", f"cannot read the file: {exc}")]) from None
    try:
        data = parse_yaml(text, source)
    except RolloutError as exc:
        raise InputError(source, [("", str(exc))]) from None
    return parse_cases(data, source)


def parse_cases(data: Any, source: str) -> list[CalibrationCase]:
    if not isinstance(data, list) or not data:
        raise InputError(source, [("", "the file must hold a non-empty list of cases")])
    if len(data) > MAX_CASES:
        raise InputError(source, [("", f"{len(data)} cases; the limit is {MAX_CASES}")])
    cases, problems = [], []
    for i, item in enumerate(data):
        try:
            cases.append(CalibrationCase.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors()[:5]:
                where = ".".join(str(p) for p in err["loc"])
                problems.append((f"[{i}]" + (f".{where}" if where else ""), err["msg"]))
    ids = [c.id for c in cases]
    problems += [("id", f"case id {excerpt(i)} appears twice") for i in sorted(set(ids))
                 if ids.count(i) > 1]
    if problems:
        raise InputError(source, problems)
    return cases


class Scored(NamedTuple):
    id: str
    outcome: str
    report: RiskReport
    naive: int
    documented_causes: tuple[str, ...]


# --- facts -> assessment ------------------------------------------------------------------------

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "several": 3, "multiple": 3, "many": 5}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9}
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|mn|bn|k|m|b)?\b", re.I)


def number_in(text: Any) -> int | None:
    """The first number a fact states (``"about 1.3 billion records"`` -> 1300000000)."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        return int(text)
    found = _NUMBER.search(str(text))
    if found is None:
        words = [w for w in re.findall(r"[a-z]+", str(text).lower()) if w in _WORDS]
        return _WORDS[words[0]] if words else None
    value = float(found.group(1).replace(",", ""))
    return int(value * _SCALE.get((found.group(2) or "").lower(), 1))


# fact -> (answers when true, answers when false)
_BOOLEAN_ANSWERS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "named_system_owner": ({"ownership.system_owner": "yes"}, {"ownership.system_owner": "no"}),
    "executive_sponsor_engaged": (
        {"ownership.sponsor_appointed": "yes", "ownership.sponsor_engagement": 4},
        {"ownership.sponsor_engagement": 2}),
    "data_quality_issues": ({"data.cleansing_plan": "no"}, {}),
    "training_adequate": ({"training.plan_per_role": "yes", "training.before_go_live": "yes"},
                          {"training.plan_per_role": "partial",
                           "training.before_go_live": "partial"}),
    "heavy_customisation": (
        {"build.process_adaptation": "product_bent", "build.configuration_share": 30},
        {"build.process_adaptation": "adopt_standard", "build.configuration_share": 90}),
    "concurrent_major_projects": ({"phasing.concurrent_major_project": "yes"},
                                  {"phasing.concurrent_major_project": "no"}),
    "customer_input_sought": ({"cx.customer_habits_studied": "yes"},
                              {"cx.customer_habits_studied": "no"}),
    "business_processes_defined": ({"phasing.processes_defined": "yes"},
                                   {"phasing.processes_defined": "no"}),
    "testing_adequate": (
        {"test.end_to_end_status": "completed_signed_off", "test.user_acceptance": "yes"},
        {"test.end_to_end_status": "planned_with_owner", "test.user_acceptance": "partial"}),
    "post_go_live_support_planned": (
        {"ops.hypercare_planned": "yes", "ops.support_team": "yes"},
        {"ops.hypercare_planned": "no", "ops.support_team": "no"}),
}
# Which value of each stated fact is favourable (for the naive baseline).
_FAVOURABLE: dict[str, Any] = {
    "named_system_owner": True, "executive_sponsor_engaged": True,
    "go_live_in_or_near_peak_season": False, "data_quality_issues": False,
    "training_adequate": True, "heavy_customisation": False, "concurrent_major_projects": False,
    "customer_input_sought": True, "business_processes_defined": True, "testing_adequate": True,
    "post_go_live_support_planned": True,
}
_APPROACH_ANSWER = {"big_bang": {"phasing.pilot_planned": "no"},
                    "pilot_then_waves": {"phasing.pilot_planned": "yes"}, "phased": {}}


def mapped_answers(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a case's stated facts support (never reads outcome or causes)."""
    answers: dict[str, Any] = {}
    for fact, (when_true, when_false) in _BOOLEAN_ANSWERS.items():
        value = facts.get(fact)
        if isinstance(value, bool):
            answers.update(when_true if value else when_false)
    answers.update(_APPROACH_ANSWER.get(str(facts.get("rollout_approach")), {}))
    return answers


def mapped_programme(facts: Mapping[str, Any], year: int | None) -> dict[str, Any]:
    """The programme a case's stated facts describe."""
    year = year or 2020
    go_live = dt.date(year, 6, 1)
    users = number_in(facts.get("users_count")) or 0
    platforms = number_in(facts.get("legacy_platforms_count")) or 0
    platforms = min(platforms, 50)
    records = number_in(facts.get("records_migrated")) or 0
    issues = facts.get("data_quality_issues")
    quality = 3 if not isinstance(issues, bool) else (2 if issues else 4)
    units = min(number_in(facts.get("sites_or_units_count")) or 0, 200)
    programme: dict[str, Any] = {
        "start_date": dt.date(year - 1, 1, 1), "target_go_live": go_live,
        "users_total": users,
        "legacy_platforms": [
            {"name": f"platform {k + 1}", "records": records // max(platforms, 1),
             "data_quality": quality} for k in range(platforms)],
        "business_units": [{"name": f"unit {k + 1}", "users": users // max(units, 1)}
                           for k in range(units)],
    }
    if facts.get("rollout_approach") in ("big_bang", "phased", "pilot_then_waves"):
        programme["approach"] = facts["rollout_approach"]
    if facts.get("go_live_in_or_near_peak_season") is True:
        programme["peak_seasons"] = [{
            "name": str(facts.get("peak_named") or "peak season")[:200],
            "start": go_live - dt.timedelta(weeks=2), "end": go_live + dt.timedelta(weeks=8)}]
    if facts.get("concurrent_major_projects") is True:
        programme["concurrent_projects"] = [{
            "name": "concurrent major project", "kind": "other",
            "start": dt.date(year - 1, 1, 1), "end": go_live}]
    return programme


def case_assessment(case: CalibrationCase, content: Content, mode: Mode) -> Assessment:
    """The assessment a case's facts support; in neutral mode the rest is filled in the middle."""
    answers = {qid: v for qid, v in mapped_answers(case.facts).items() if qid in content.questions}
    if mode == "neutral":
        for qid, question in content.questions.items():
            if qid not in answers and question.weight > 0:
                middle = neutral_answer(question)
                if middle is not None:
                    answers[qid] = middle
    return Assessment.model_validate({
        "name": case.id[:200],
        "organisation": {"name": case.id[:200], "industry": "unknown", "country": "US"},
        "programme": mapped_programme(case.facts, case.year),
        "answers": answers,
    })


def neutral_answer(question: Question) -> Any:
    """The middle answer: adequacy nearest 0.5 (first on ties); None for dates."""
    kind = question.type
    if kind is AnswerType.YES_NO:
        return "partial"
    if kind is AnswerType.SCALE:
        return 3
    if kind is AnswerType.NUMBER:
        return min(question.thresholds, key=lambda t: abs(t.adequacy - 0.5)).min
    if kind in (AnswerType.CHOICE, AnswerType.MULTI_CHOICE):
        option = min(question.options, key=lambda o: abs(o.adequacy - 0.5))
        return option.value if kind is AnswerType.CHOICE else [option.value]
    return None


def naive_baseline(facts: Mapping[str, Any]) -> int:
    """Stated adverse facts minus stated favourable ones (higher: more likely to fail)."""
    score = 0
    for fact, favourable in _FAVOURABLE.items():
        value = facts.get(fact)
        if isinstance(value, bool):
            score += -1 if value == favourable else 1
    score += {"big_bang": 1, "pilot_then_waves": -1}.get(str(facts.get("rollout_approach")), 0)
    return score


# --- scoring and measures -----------------------------------------------------------------------


def score_cases(cases: Iterable[CalibrationCase], engine: RiskEngine, mode: Mode) -> list[Scored]:
    out = []
    for case in cases:
        assessment = case_assessment(case, engine.content, mode)
        out.append(Scored(case.id, case.outcome, engine.assess(assessment),
                          naive_baseline(case.facts), tuple(case.documented_causes)))
    return out


def library_case_rows(content: Content, mode: Mode) -> list[tuple[CalibrationCase, Assessment]]:
    """The library's seed cases (full reconstructions) as calibration rows with their examples.

    Their causes are factor codes already; the naive baseline counts adverse minus favourable
    answers of the example.
    """
    from rollout.content.loader import example_assessment

    rows = []
    for cid, case in content.cases.items():
        if not case.from_seeds:
            continue
        assessment = example_assessment(content, cid)
        if mode == "neutral":
            filled = dict(assessment.answers)
            for qid, question in content.questions.items():
                if qid not in filled and question.weight > 0:
                    middle = neutral_answer(question)
                    if middle is not None:
                        filled[qid] = middle
            assessment = assessment.with_answers(filled)
        row = CalibrationCase(id=cid, year=case.year, outcome=case.outcome.value,
                              documented_causes=list(case.causes))
        rows.append((row, assessment))
    return rows


def answers_baseline(assessment: Assessment, content: Content) -> int:
    score = 0
    for qid, value in assessment.answers.items():
        question = content.questions.get(qid)
        if question is None or question.weight == 0:
            continue
        a = adequacy(question, value)
        if a is not None:
            score += 1 if a < 0.5 else -1
    return score


def roc_auc(failures: list[float], successes: list[float]) -> float | None:
    """P(a failure scores above a success), ties counting half; None without both kinds."""
    if not failures or not successes:
        return None
    wins = sum(1.0 if f > s else 0.5 if f == s else 0.0 for f in failures for s in successes)
    return round(wins / (len(failures) * len(successes)), 3)


def factors_of_causes(causes: Iterable[str], content: Content) -> list[tuple[str, ...]]:
    """Per documented cause the factors it names (a factor code stands for itself)."""
    out = []
    for cause in causes:
        if cause in content.cause_factors:
            out.append(content.cause_factors[cause])
        elif cause in content.factors:
            out.append((cause,))
        else:
            out.append(())
    return out


def hits(scored: Scored, content: Content, k: int) -> list[str]:
    top = {r.factor for r in scored.report.risks[:k]}
    return [cause for cause, factors in zip(
        scored.documented_causes, factors_of_causes(scored.documented_causes, content),
        strict=True) if top & set(factors)]


def calibrate(cases: list[CalibrationCase], content: Content, mode: Mode = "sparse", *,
              include_library_seeds: bool = False,
              leave_one_out: bool = True) -> dict[str, Any]:
    """The calibration result (the JSON contract of `rollout calibrate`)."""
    engine = RiskEngine(content)
    scored = score_cases(cases, engine, mode)
    if include_library_seeds:
        for row, assessment in library_case_rows(content, mode):
            scored.append(Scored(row.id, row.outcome, engine.assess(assessment),
                                 answers_baseline(assessment, content),
                                 tuple(row.documented_causes)))
    return _summary(scored, content, mode, cases if leave_one_out else [])


def _summary(scored: list[Scored], content: Content, mode: Mode,
             loo_cases: list[CalibrationCase]) -> dict[str, Any]:
    failures = [s for s in scored if s.outcome == "failure"]
    successes = [s for s in scored if s.outcome == "success"]
    with_causes = [s for s in failures if s.documented_causes]
    n_factors = len(content.factors)
    vocabulary = {c for s in scored for c in s.documented_causes}
    unmapped = sorted(c for c in vocabulary if not factors_of_causes([c], content)[0])
    return {
        "cases": len(scored), "failures": len(failures), "successes": len(successes),
        "recoveries": sum(1 for s in scored if s.outcome == "recovered"),
        "mode": mode,
        "auc": {
            "failure_index": roc_auc([s.report.failure_index or 0 for s in failures],
                                     [s.report.failure_index or 0 for s in successes]),
            "readiness": roc_auc([-s.report.readiness for s in failures],
                                 [-s.report.readiness for s in successes]),
            "naive_baseline": roc_auc([s.naive for s in failures], [s.naive for s in successes]),
        },
        "recall": {str(k): _recall(with_causes, content, k) for k in RECALL_AT},
        "chance_recall": {str(k): round(min(1.0, k / n_factors), 3) for k in RECALL_AT},
        "unmapped_causes": len(unmapped),
        "unmapped": unmapped,
        "verdicts": {outcome: _verdict_counts(s for s in scored if s.outcome == outcome)
                     for outcome in ("failure", "success", "recovered")},
        "leave_one_out": leave_one_out_check(loo_cases, content, mode),
        "per_case": [_row(s, content) for s in scored],
    }


def _recall(scored: list[Scored], content: Content, k: int) -> float | None:
    if not scored:
        return None
    shares = [len(hits(s, content, k)) / len(s.documented_causes) for s in scored]
    return round(sum(shares) / len(shares), 3)


def _verdict_counts(scored: Iterable[Scored]) -> dict[str, int]:
    counts = {"go": 0, "conditional": 0, "no-go": 0}
    for s in scored:
        counts[s.report.verdict.decision.value] += 1
    return counts


def _row(s: Scored, content: Content) -> dict[str, Any]:
    return {
        "id": s.id, "outcome": s.outcome, "failure_index": s.report.failure_index,
        "exposure_index": s.report.exposure_index, "confidence": s.report.confidence,
        "readiness": s.report.readiness, "naive_baseline": s.naive,
        "verdict": s.report.verdict.decision.value,
        "top_factors": [r.factor for r in s.report.risks[:10]],
        "documented_causes": list(s.documented_causes),
        "hits_at_5": hits(s, content, 5),
    }


def leave_one_out_check(cases: list[CalibrationCase], content: Content,
                        mode: Mode) -> dict[str, Any]:
    """Score each case with its own library entry (same id, - or _) removed: the failure index
    must not change (it never reads case matches)."""
    library = {cid.replace("-", "_"): cid for cid in content.cases}
    full = RiskEngine(content)
    changed, checked = [], 0
    for case in cases:
        own = library.get(case.id.replace("-", "_"))
        if own is None:
            continue
        reduced = dataclasses.replace(
            content, cases={k: v for k, v in content.cases.items() if k != own})
        assessment = case_assessment(case, content, mode)
        before = full.assess(assessment).failure_index
        after = RiskEngine(reduced).assess(assessment).failure_index
        checked += 1
        if before != after:
            changed.append(case.id)
    return {"checked": checked, "changed": changed}
