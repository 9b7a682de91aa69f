"""The optimised engine gives exactly the reports of the straightforward one (reference_engine).

"Exactly" means: the same JSON contract byte for byte, equal models with the same repr, and, at
every level, values of the same type and the same explicitly set fields, as if every report
object had been validated. The engine skips validation of its report objects (``trusted``),
tables the answers of yes/no, scale and choice questions, evaluates conditions as bits and
memoises peak timings; each of these is checked here against the reference.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import BaseModel

from rollout.content.loader import Content, example_assessment, load_default_content
from rollout.content.schema import YES_NO_VALUES, AnswerType, Question
from rollout.domain.assessment import Assessment
from rollout.domain.report import (
    Blocker,
    CaseMatch,
    Evidence,
    MitigationAdvice,
    PeakSummary,
    Risk,
    RiskReport,
    Verdict,
    trusted,
)
from rollout.risk import facts as facts_module
from rollout.risk.conditions import bits_hold, compile_bits, compile_check, compile_condition
from rollout.risk.engine import RiskEngine
from rollout.risk.facts import compute_facts, peak_timing
from tests.risk import reference_engine as reference

CONTENT = load_default_content()


def assert_same(new: Any, old: Any, path: str = "report") -> None:
    """Equal values of the same types all the way down, with the same fields set."""
    assert type(new) is type(old), f"{path}: {type(new).__name__} != {type(old).__name__}"
    if isinstance(old, BaseModel):
        assert new.model_fields_set == old.model_fields_set, path
        assert new.__pydantic_extra__ == old.__pydantic_extra__, path
        assert new.__pydantic_private__ == old.__pydantic_private__, path
        assert list(new.__dict__) == list(old.__dict__), path
        for key, value in old.__dict__.items():
            assert_same(new.__dict__[key], value, f"{path}.{key}")
    elif isinstance(old, Mapping):
        assert list(new) == list(old), path
        for key, value in old.items():
            assert_same(new[key], value, f"{path}[{key!r}]")
    elif isinstance(old, list | tuple):
        assert len(new) == len(old), path
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            assert_same(a, b, f"{path}[{i}]")
    elif isinstance(old, float) and old != old:  # NaN
        assert new != new, path
    else:
        assert new == old, f"{path}: {new!r} != {old!r}"
        assert repr(new) == repr(old), path  # 0.0 and -0.0


def assert_same_report(new: RiskReport, old: RiskReport) -> None:
    assert_same(new, old)
    assert new == old
    assert repr(new) == repr(old)
    assert json.dumps(new.to_contract(), indent=2, ensure_ascii=False) == json.dumps(
        old.to_contract(), indent=2, ensure_ascii=False)


def _answer(rng: random.Random, question: Question) -> Any:
    """A valid answer, or None (unanswered), with the types validated input can carry."""
    if rng.random() < 0.15:
        return None
    kind = question.type
    if kind is AnswerType.YES_NO:
        return rng.choice(YES_NO_VALUES)
    if kind is AnswerType.SCALE:
        return rng.randint(1, 5)
    if kind is AnswerType.NUMBER:
        return rng.choice([0, 1, 2, 3.5, 8, 12, 20, 40, 100, 250.25, 10_000])
    if kind is AnswerType.DATE:
        return dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
    options = [o.value for o in question.options]
    if kind is AnswerType.CHOICE:
        return rng.choice(options)
    return rng.sample(options, rng.randint(0, len(options)))


def _vary_programme(rng: random.Random, content: Content, base: Assessment) -> Assessment:
    data = base.model_dump()
    programme = data["programme"]
    start = programme["start_date"]
    programme["target_go_live"] = start + dt.timedelta(days=rng.randint(30, 900))
    programme["hypercare_weeks"] = rng.randint(0, 12)
    programme["approach"] = rng.choice(["big_bang", "phased", "pilot_then_waves"])
    programme["users_total"] = rng.choice([0, 10, 250, 5000])
    if rng.random() < 0.5:
        presets = sorted(content.presets)
        programme["peak_seasons"] = [
            *(rng.sample(presets, rng.randint(0, min(3, len(presets))))),
            {"name": "Fair", "start": start + dt.timedelta(days=rng.randint(0, 400)),
             "end": start + dt.timedelta(days=rng.randint(401, 430)),
             "recurring": rng.random() < 0.5},
        ]
    if rng.random() < 0.5:
        programme["concurrent_projects"] = [
            {"name": "ERP", "kind": rng.choice(["erp", "ERP", "other"]),
             "start": start + dt.timedelta(days=rng.randint(-200, 200)),
             "end": start + dt.timedelta(days=rng.randint(201, 900))}]
    if rng.random() < 0.5:
        programme["legacy_platforms"] = [
            {"name": f"P{i}", "records": rng.choice([0, 10_000, 2_000_000]),
             "data_quality": rng.randint(1, 5), "integrations": rng.sample("abcdef", 2),
             "entered_by_agents": rng.random() < 0.5}
            for i in range(rng.randint(0, 4))]
        programme["business_units"] = [
            {"name": f"U{i}", "users": rng.randint(0, 400), "region": rng.choice("xyz"),
             "legacy_platforms": [p["name"] for p in programme["legacy_platforms"][:1]]}
            for i in range(rng.randint(0, 3))]
    organisation = data["organisation"]
    organisation["customer_segments"] = rng.sample(["b2b", "b2g", "b2c"], rng.randint(0, 3))
    organisation["peak_revenue_share_pct"] = rng.choice([None, 0, 12.5, 60])
    organisation["customers"] = rng.choice([None, 0, 40, 100_000])
    return Assessment.model_validate(data)


def _variants(content: Content, count: int, seed: int) -> list[tuple[Assessment, dt.date | None]]:
    rng = random.Random(seed)
    bases = [example_assessment(content, cid) for cid in sorted(content.cases)]
    questions = list(content.questions.values())
    out = []
    for i in range(count):
        base = bases[i % len(bases)]
        if rng.random() < 0.3:
            base = _vary_programme(rng, content, base)
        answers = dict(base.answers)
        for question in rng.sample(questions, rng.randint(0, len(questions))):
            answers[question.id] = _answer(rng, question)
        for qid in rng.sample(sorted(answers), rng.randint(0, min(5, len(answers)))):
            del answers[qid]
        at = rng.choice([None, dt.date(1999, 6, 30), dt.date(2016, 9, 1), dt.date(2030, 1, 1)])
        out.append((base.with_answers(answers), at))
    return out


def test_every_case_example_gives_the_reference_report() -> None:
    engine, ref = RiskEngine(CONTENT), reference.RiskEngine(CONTENT)
    for case_id in sorted(CONTENT.cases):
        assessment = example_assessment(CONTENT, case_id)
        for at in (None, dt.date(2020, 1, 1)):
            assert_same_report(engine.assess(assessment, at), ref.assess(assessment, at))


@pytest.mark.parametrize("seed", range(2))
def test_varied_assessments_give_the_reference_reports(seed: int) -> None:
    engine, ref = RiskEngine(CONTENT), reference.RiskEngine(CONTENT)
    for assessment, at in _variants(CONTENT, 150, seed):
        assert_same_report(engine.assess(assessment, at), ref.assess(assessment, at))


def test_answers_of_unexpected_types_give_the_reference_reports() -> None:
    # Assessments built in code skip the file checks: a scale answered 3.0 or True, a number
    # answered as an int or a float; the engine must not take such answers for tabled ones.
    engine, ref = RiskEngine(CONTENT), reference.RiskEngine(CONTENT)
    base = example_assessment(CONTENT, "hershey-1999")
    for question in CONTENT.questions.values():
        if question.type is AnswerType.SCALE:
            odd: list[Any] = [3.0, True, 7, 0]
        elif question.type is AnswerType.NUMBER:
            odd = [True, 5, 5.0, -1]
        else:
            continue
        for value in odd:
            assessment = base.with_answers({**base.answers, question.id: value})
            assert_same_report(engine.assess(assessment), ref.assess(assessment))


def test_an_invalid_answer_fails_as_it_did() -> None:
    engine, ref = RiskEngine(CONTENT), reference.RiskEngine(CONTENT)
    base = example_assessment(CONTENT, "dow-1996")
    yes_no = next(q.id for q in CONTENT.questions.values() if q.type is AnswerType.YES_NO)
    for value in (True, "maybe"):
        assessment = base.with_answers({**base.answers, yes_no: value})
        with pytest.raises(KeyError):
            ref.assess(assessment)
        with pytest.raises(KeyError):
            engine.assess(assessment)


def test_the_minimal_fixture_gives_the_reference_reports(minimal_content: Content) -> None:
    engine, ref = RiskEngine(minimal_content), reference.RiskEngine(minimal_content)
    for assessment, at in _variants(minimal_content, 200, 5):
        assert_same_report(engine.assess(assessment, at), ref.assess(assessment, at))


def test_compiled_conditions_agree_with_the_reference() -> None:
    rng = random.Random(3)
    conditions = [d.when for f in CONTENT.factors.values() for d in f.likelihood_drivers]
    conditions += [d.when for f in CONTENT.factors.values() for d in f.impact.drivers]
    conditions += [g.when for g in CONTENT.gates.values()]
    conditions += [s.when for c in CONTENT.cases.values() for s in c.signature]
    comparisons: list[Any] = []

    def bit_of(comparison: Any) -> int:
        comparisons.append(comparison)
        return 1 << (len(comparisons) - 1)

    compiled = [(compile_condition(c, CONTENT.questions), compile_check(c, CONTENT.questions),
                 compile_bits(c, bit_of), reference.compile_condition(c, CONTENT.questions))
                for c in conditions]
    leaves = [compile_check(c, CONTENT.questions) for c in comparisons]
    timing = reference.peak_timing(example_assessment(CONTENT, "bmc"), dict(CONTENT.presets))
    for assessment, _ in _variants(CONTENT, 300, 9):
        facts = reference.compute_facts(assessment, timing)
        if rng.random() < 0.2:  # facts of unexpected types or missing
            facts[rng.choice(sorted(facts))] = rng.choice([None, "x", 2.5, [1], dt.date(2020, 1, 1)])
        env = (assessment.answers, facts)
        bits = sum(1 << k for k, leaf in enumerate(leaves) if leaf(*env))
        for predicate, check, bit_test, expected in compiled:
            want = expected(env)
            assert predicate(env) is want
            assert check(*env) is want
            assert bits_hold(bit_test, bits) is want


def test_facts_and_peak_timing_agree_with_the_reference() -> None:
    presets = dict(CONTENT.presets)
    for assessment, _ in _variants(CONTENT, 300, 11):
        expected = reference.peak_timing(assessment, presets)
        timing = peak_timing(assessment, presets)
        assert_same(vars(timing), vars(expected))
        assert peak_timing(assessment, presets) is timing  # memoised
        assert_same(compute_facts(assessment, timing), reference.compute_facts(assessment, timing))


def test_peak_timing_memo_tells_preset_objects_apart() -> None:
    assessment = example_assessment(CONTENT, "hershey-1999")
    presets = dict(CONTENT.presets)
    first = peak_timing(assessment, presets)
    name = assessment.programme.peak_seasons[0].preset
    assert name is not None
    changed = presets[name].model_copy(update={"windows": presets[name].windows[:1]})
    other = {**presets, name: changed}
    assert vars(peak_timing(assessment, other)) == vars(reference.peak_timing(assessment, other))
    assert vars(peak_timing(assessment, other)) != vars(first)
    assert vars(peak_timing(assessment, presets)) == vars(first)


def test_peak_timing_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts_module, "_TIMINGS", {})
    monkeypatch.setattr(facts_module, "_TIMINGS_LIMIT", 5)
    for assessment, _ in _variants(CONTENT, 40, 13):
        peak_timing(assessment, dict(CONTENT.presets))
        assert len(facts_module._TIMINGS) <= 5


def test_the_memo_key_covers_every_peak_season_field() -> None:
    from rollout.domain.assessment import PeakSeason

    # peak_timing's key lists these fields; a new field must be added to the key as well.
    assert set(PeakSeason.model_fields) == {"name", "preset", "start", "end", "recurring"}


@pytest.mark.parametrize(
    ("model", "explicit"),
    [
        (Evidence, {"kind": "fact", "affects": "impact", "fact": "x", "value": {"a": 1},
                    "contribution": 0.25, "note": "n"}),
        (Evidence, {"kind": "answer", "question": "a.b", "answer": "no", "contribution": 0.5}),
        (MitigationAdvice, {"id": "m", "text": "t", "action": None}),
        (Risk, {"factor": "f", "name": "n", "dimension": "d", "likelihood": 3, "impact": 2,
                "score": 6, "band": "medium", "evidence": [], "mitigations": []}),
        (CaseMatch, {"case": "c", "organisation": "o", "year": None, "outcome": "failure",
                     "similarity": 0.5, "matched": ["a"], "unmatched": []}),
        (Blocker, {"gate": "g", "message": "m", "how_to_fix": "h"}),
        (Verdict, {"decision": "go", "blockers": [], "reasons": []}),
        (PeakSummary, {"buffer_weeks": 6, "go_live": dt.date(2020, 1, 1), "in_window": False}),
    ],
)
def test_trusted_objects_are_indistinguishable_from_validated_ones(
    model: type[BaseModel], explicit: dict[str, Any]
) -> None:
    validated = model(**explicit)
    made = trusted(model, dict(validated.__dict__), set(explicit))  # type: ignore[type-var]
    assert_same(made, validated)
    assert made == validated and repr(made) == repr(validated)
    assert made.model_dump(mode="json") == validated.model_dump(mode="json")
    assert made.model_copy(update={}) == validated
    assert model.__pydantic_post_init__ is None  # trusted() would skip a model_post_init
    assert not model.__private_attributes__
