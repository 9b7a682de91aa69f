"""Report objects the engine builds without validation (``trusted``) equal their validated twins.

The engine writes pydantic's slots directly for speed (rollout.domain.report.trusted). This
guards that shortcut: every object in real reports must be indistinguishable from the same
model validated from its explicitly set fields: equal, same repr, same fields set, same dump.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from rollout.content.loader import Content, example_assessment
from rollout.content.schema import NOT_APPLICABLE
from rollout.risk.engine import assess


def _models(value: Any) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _models(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _models(item)


def _validated_twin(model: BaseModel) -> BaseModel:
    explicit = {name: getattr(model, name) for name in model.model_fields_set}
    return type(model).model_validate(explicit)


def _check_every_model(report: BaseModel) -> int:
    count = 0
    for model in _models(report):
        twin = _validated_twin(model)
        assert model == twin, type(model).__name__
        assert repr(model) == repr(twin)
        assert model.model_fields_set == twin.model_fields_set, type(model).__name__
        assert model.model_dump(mode="json") == twin.model_dump(mode="json")
        count += 1
    return count


@pytest.mark.parametrize("case_id", ["hershey-1999", "bmc-recovery", "vodafone-2016"])
def test_every_trusted_report_object_equals_its_validated_twin(
    content: Content, case_id: str
) -> None:
    if case_id not in content.cases:
        pytest.skip(f"no case {case_id}")
    report = assess(example_assessment(content, case_id), content)
    kinds = {type(m).__name__ for m in _models(report)}
    assert {"RiskReport", "Risk", "Evidence", "CaseMatch", "Verdict", "MitigationAdvice",
            "PeakSummary"} <= kinds
    assert _check_every_model(report) > 50


def test_unanswered_and_rescaled_evidence_equal_their_validated_twins(
    minimal_content: Content,
) -> None:
    from tests.risk.test_not_applicable import _assessment

    for answers in ({}, {"own.owner": "partial", "own.theme": NOT_APPLICABLE}):
        report = assess(_assessment(answers), minimal_content)
        kinds = {e.kind for r in report.risks for e in r.evidence}
        assert kinds
        _check_every_model(report)
