"""Turning the risk report's mitigations into plan actions.

Every risk at or above a band (medium by default) contributes the action codes of its
mitigations (docs/knowledge-ids.md lists them). The work breakdown then adds a task, lengthens or
repeats one, or reshapes the plan for each action, and leaves a ``mitigation_task`` note naming
the risks it answers. An action the plan already covers (a pilot, a performance test) still gets
its note, pointing at the task that covers it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rollout.domain.report import BAND_ORDER, Band, RiskReport

# Effects on the plan's figures, applied by the planner and the work breakdown.
TRAINING_EXTENSION_FACTOR = 1.5  # extend_training: half as much training again
CLEANSING_EXTENSION_FACTOR = 1.5  # data_cleansing: a longer cleansing pass per platform
HYPERCARE_EXTENSION_WEEKS = 2  # add_hypercare
SPLIT_WAVES_FACTOR = 2 / 3  # split_waves: the user cap shrinks by a third
EXTRA_TRIALS = 1  # add_migration_rehearsal: one more trial migration per platform


@dataclass(frozen=True)
class ActionRequest:
    action: str
    factors: tuple[str, ...]
    mitigations: tuple[str, ...]  # the mitigation texts, for the note


def requested_actions(report: RiskReport | None, from_band: Band) -> dict[str, ActionRequest]:
    """Action code -> the risks asking for it, in the report's order (highest risk first)."""
    if report is None:
        return {}
    floor = BAND_ORDER[from_band]
    found: dict[str, tuple[list[str], list[str]]] = {}
    for risk in report.risks:
        if BAND_ORDER[risk.band] < floor:
            continue
        for mitigation in risk.mitigations:
            if mitigation.action is None:
                continue
            factors, texts = found.setdefault(mitigation.action, ([], []))
            if risk.factor not in factors:
                factors.append(risk.factor)
            texts.append(mitigation.text)
    return {a: ActionRequest(a, tuple(f), tuple(t)) for a, (f, t) in found.items()}


def open_severe_risks(report: RiskReport | None) -> list[str]:
    """Factors whose risk is critical now: a gate's "no open critical risks" lists them."""
    if report is None:
        return []
    return [r.factor for r in report.risks if r.band is Band.CRITICAL]
