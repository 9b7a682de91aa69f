"""What-if: re-score an assessment with a changed go-live, approach or an added pilot, unsaved.

Executives ask "what if we went live in January instead?" before they sign a gate. The answer is
the same engine run on a modified copy of the assessment, compared risk by risk with the original,
so the difference is explained by the same evidence as any other report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rollout.content.loader import Content
from rollout.domain.assessment import Assessment, RolloutApproach
from rollout.domain.report import RiskReport
from rollout.errors import InputError
from rollout.risk.engine import assess

# The answer that records a planned pilot; adding a pilot sets it as well as the approach.
PILOT_QUESTION = "phasing.pilot_planned"


@dataclass(frozen=True)
class RiskChange:
    factor: str
    name: str
    score_before: int
    score_after: int

    @property
    def delta(self) -> int:
        return self.score_after - self.score_before


@dataclass(frozen=True)
class WhatIf:
    before: RiskReport
    after: RiskReport
    changes: tuple[RiskChange, ...]  # only risks whose score changed, largest change first

    @property
    def readiness_delta(self) -> int:
        return self.after.readiness - self.before.readiness

    @property
    def total_score_delta(self) -> int:
        return self.after.total_score - self.before.total_score


def vary_assessment(
    assessment: Assessment,
    content: Content,
    *,
    go_live: dt.date | None = None,
    approach: RolloutApproach | None = None,
    add_pilot: bool = False,
) -> Assessment:
    """A copy of ``assessment`` with the scenario's changes applied (the original is untouched)."""
    programme = assessment.programme
    updates: dict[str, object] = {}
    if go_live is not None:
        if go_live <= programme.start_date:
            raise InputError("what-if", [("go_live", f"{go_live} is not after the programme start "
                                                     f"{programme.start_date}; pick a later date")])
        updates["target_go_live"] = go_live
    if add_pilot:
        approach = RolloutApproach.PILOT_THEN_WAVES
    if approach is not None:
        updates["approach"] = approach
    varied = assessment.model_copy(update={"programme": programme.model_copy(update=updates)})
    if add_pilot and PILOT_QUESTION in content.questions:
        varied = varied.with_answers({**assessment.answers, PILOT_QUESTION: "yes"})
    return varied


def compare_what_if(
    assessment: Assessment,
    content: Content,
    *,
    go_live: dt.date | None = None,
    approach: RolloutApproach | None = None,
    add_pilot: bool = False,
    at: dt.date | None = None,
) -> WhatIf:
    """Score the assessment as it is and as varied, and list every risk whose score moved."""
    before = assess(assessment, content, at=at)
    varied = vary_assessment(assessment, content, go_live=go_live, approach=approach,
                             add_pilot=add_pilot)
    after = assess(varied, content, at=at)
    after_by_factor = {r.factor: r for r in after.risks}
    changes = [
        RiskChange(r.factor, r.name, r.score, after_by_factor[r.factor].score)
        for r in before.risks
        if after_by_factor[r.factor].score != r.score
    ]
    changes.sort(key=lambda c: (-abs(c.delta), c.factor))
    return WhatIf(before=before, after=after, changes=tuple(changes))
