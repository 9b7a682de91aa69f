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

from rollout.content.loader import Content
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


def assess(assessment: Assessment, content: Content, at: dt.date | None = None) -> RiskReport:
    """Score one assessment against the knowledge base."""
    return engine_for(content).assess(assessment, at)
