"""The risk engine: readiness, risks with evidence, matched cases and a go/no-go verdict.

How a risk is scored (all of it visible in the report's evidence):

* likelihood: the answer deficit of the questions feeding the factor (weighted mean of
  1 - adequacy; unanswered counts as a full deficit), plus the ``add`` of every likelihood driver
  whose fact condition holds, capped at 1 and mapped to 1..5 as ``1 + round(4 x raw)``; a driver
  may also set a floor (``min_likelihood``);
* impact: the factor's base plus the ``add`` of every impact driver that holds (1..5), or a floor;
* score = likelihood x impact; band by score (low < 6 <= medium < 12 <= high < 20 <= critical).

The knowledge base is compiled once (:mod:`rollout.risk.compile`); each assessment is then
scored in named steps (:mod:`rollout.risk.score`). The engine is deterministic: the same
assessment and ``at`` date give the same report.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from rollout.content.loader import Content, example_assessment
from rollout.domain.assessment import Assessment
from rollout.domain.report import RiskReport
from rollout.risk.compile import CompiledContent
from rollout.risk.score import assess_compiled


class RiskEngine:
    """The knowledge base compiled for fast, repeated scoring."""

    def __init__(self, content: Content, language: str = "en") -> None:
        self.content = content
        self.language = language
        self.compiled = CompiledContent(content, language)

    def assess(self, assessment: Assessment, at: dt.date | None = None) -> RiskReport:
        return assess_compiled(self.compiled, assessment, at)


@lru_cache(maxsize=8)
def engine_for(content: Content, language: str = "en") -> RiskEngine:
    return RiskEngine(content, language)


def assess(assessment: Assessment, content: Content, at: dt.date | None = None,
           language: str = "en") -> RiskReport:
    """Score one assessment against the knowledge base; the report's texts (factor names,
    evidence, mitigations, blockers, verdict reasons) are in ``language``, its codes the same
    in every language."""
    return engine_for(content, str(language)).assess(assessment, at)


class CasePosition(NamedTuple):
    """Where a documented case's example sits on the failure x exposure plane."""

    case: str
    label: str
    outcome: str
    failure_index: int
    exposure_index: int


@lru_cache(maxsize=4)
def case_positions(content: Content) -> tuple[CasePosition, ...]:
    """Every documented case's example scored, for plotting programmes among the cases."""
    out = []
    for case_id, case in content.cases.items():
        report = assess(example_assessment(content, case_id), content)
        out.append(CasePosition(case_id, f"{case.organisation} {case.year or ''}".strip(),
                                case.outcome.value, report.failure_index or 0,
                                report.exposure_index or 0))
    return tuple(out)

