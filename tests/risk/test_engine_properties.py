"""Properties of the engine over the shipped knowledge base (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollout.content.loader import example_assessment, load_default_content
from rollout.content.schema import YES_NO_VALUES, AnswerType, Question
from rollout.domain.assessment import Assessment
from rollout.risk.answers import adequacy
from rollout.risk.engine import assess

CONTENT = load_default_content()
SCORED = [q for q in CONTENT.questions.values() if q.type is not AnswerType.DATE]
BASES = [example_assessment(CONTENT, cid) for cid in sorted(CONTENT.cases)]


def _answer(question: Question) -> st.SearchStrategy[Any]:
    if question.type is AnswerType.YES_NO:
        return st.sampled_from(YES_NO_VALUES)
    if question.type is AnswerType.SCALE:
        return st.integers(1, 5)
    if question.type is AnswerType.NUMBER:
        return st.integers(0, 40)
    options = [o.value for o in question.options]
    if question.type is AnswerType.CHOICE:
        return st.sampled_from(options)
    return st.lists(st.sampled_from(options), unique=True)


@st.composite
def _answers(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in SCORED:
        if draw(st.booleans()):
            answers[question.id] = draw(_answer(question))
    return answers


@st.composite
def _improvement(draw: st.DrawFn) -> tuple[Assessment, str, Any]:
    """An assessment, a question, and a strictly better answer to it."""
    base = draw(st.sampled_from(BASES))
    assessment = base.with_answers(draw(_answers()))
    question = draw(st.sampled_from(SCORED))
    current = assessment.answers.get(question.id)
    current_adequacy = adequacy(question, current) or 0.0
    # Between two answers: answering at all may raise risk, since a documented gap weighs more
    # than silence (see test_a_documented_adverse_answer_weighs_at_least_as_much_as_silence).
    if current is None:
        current = draw(_answer(question))
        assessment = assessment.with_answers({**assessment.answers, question.id: current})
        current_adequacy = adequacy(question, current) or 0.0
    better = draw(_answer(question).filter(
        lambda v: (adequacy(question, v) or 0.0) > current_adequacy))
    return assessment, question.id, better


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                    HealthCheck.too_slow])
@given(_improvement())
def test_improving_any_single_answer_never_raises_total_risk(
    case: tuple[Assessment, str, Any],
) -> None:
    assessment, qid, better = case
    before = assess(assessment, CONTENT)
    improved = assessment.with_answers({**assessment.answers, qid: better})
    after = assess(improved, CONTENT)
    assert after.total_score <= before.total_score
    for risk in after.risks:
        previous = before.risk(risk.factor)
        assert previous is not None and risk.likelihood <= previous.likelihood
        assert (risk.likelihood_raw or 0) <= (previous.likelihood_raw or 0) + 1e-9
    assert after.readiness >= before.readiness
    assert after.failure_index is not None and before.failure_index is not None
    assert after.failure_index <= before.failure_index


def _worst(question: Question) -> Any:
    if question.type is AnswerType.YES_NO:
        return "yes" if question.good == "no" else "no"
    if question.type is AnswerType.SCALE:
        return 1
    if question.type is AnswerType.NUMBER:
        return min(question.thresholds, key=lambda t: t.adequacy).min
    options = sorted(question.options, key=lambda o: o.adequacy)
    return options[0].value if question.type is AnswerType.CHOICE else []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BASES), st.sampled_from([q for q in SCORED if q.weight > 0]))
def test_a_documented_adverse_answer_weighs_at_least_as_much_as_silence(
    base: Assessment, question: Question,
) -> None:
    silent = base.with_answers({k: v for k, v in base.answers.items() if k != question.id})
    adverse = silent.with_answers({**silent.answers, question.id: _worst(question)})
    before, after = assess(silent, CONTENT), assess(adverse, CONTENT)
    for factor in question.factors:
        quiet, documented = before.risk(factor), after.risk(factor)
        assert quiet is not None and documented is not None
        assert (documented.likelihood_raw or 0) >= (quiet.likelihood_raw or 0) - 1e-9
        assert documented.likelihood >= quiet.likelihood
    assert (after.failure_index or 0) >= (before.failure_index or 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BASES), st.integers(1, 2_000_000), st.integers(0, 50_000_000))
def test_the_failure_index_does_not_grow_with_users_or_customers_alone(
    base: Assessment, users: int, customers: int,
) -> None:
    small = base.model_copy(update={
        "programme": base.programme.model_copy(update={"users_total": 1}),
        "organisation": base.organisation.model_copy(update={"customers": None})})
    large = base.model_copy(update={
        "programme": base.programme.model_copy(update={"users_total": users}),
        "organisation": base.organisation.model_copy(update={"customers": customers})})
    assert assess(large, CONTENT).failure_index == assess(small, CONTENT).failure_index
    assert (assess(large, CONTENT).exposure_index or 0) >= (assess(small, CONTENT).exposure_index
                                                           or 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BASES), _answers())
def test_scoring_is_deterministic(base: Assessment, answers: dict[str, Any]) -> None:
    assessment = base.with_answers(answers)
    first = assess(assessment, CONTENT).to_contract()
    again = assess(Assessment.model_validate(assessment.model_dump()), CONTENT).to_contract()
    assert first == again
