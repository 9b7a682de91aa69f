"""Answers turned into adequacy (0..1); checking them is :mod:`rollout.content.checks`' job.

Adequacy is how well an answer supports a successful rollout: 1 is the good answer, 0 the worst.
``unknown`` and an unanswered question are both 0: not knowing is a risk, never a comfort.
"""

from __future__ import annotations

from typing import Any

from rollout.content.schema import NOT_APPLICABLE, AnswerType, Question

_YES_NO_ADEQUACY = {"yes": 1.0, "partial": 0.5, "no": 0.0, "unknown": 0.0}


def adequacy(question: Question, value: Any) -> float | None:
    """Adequacy of a valid, normalised answer; None when unanswered, not applicable or not
    scored (dates)."""
    if value is None or question.type is AnswerType.DATE or value == NOT_APPLICABLE:
        return None
    kind = question.type
    if kind is AnswerType.YES_NO:
        score = _YES_NO_ADEQUACY[value]
        if question.good == "no" and value in ("yes", "no"):
            score = 1.0 - score
        return score
    if kind is AnswerType.SCALE:
        return (float(value) - 1.0) / 4.0
    if kind is AnswerType.NUMBER:
        earned = 0.0
        for threshold in question.thresholds:
            if value >= threshold.min:
                earned = threshold.adequacy
        return earned
    by_value = {o.value: o.adequacy for o in question.options}
    if kind is AnswerType.CHOICE:
        return by_value[value]
    return min(1.0, sum(by_value[v] for v in value))
