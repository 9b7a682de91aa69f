"""Gate decisions: an executive's go, conditional or no-go on a submitted assessment."""

from __future__ import annotations

from sqlmodel import Session

from rollout.domain.report import Decision
from rollout.errors import ConflictError, InputError
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import decision_record
from rollout.persistence.records import GateDecisionInput, GateDecisionRecord
from rollout.persistence.tables import GateDecisionRow
from rollout.services.access import Actor, use_case

# A justification is a reason someone can be held to, not "ok": ask for a sentence.
MIN_JUSTIFICATION_CHARACTERS = 30


def failed_gates(snapshot_report: dict[str, object]) -> list[str]:
    """The hard gates the engine found failed in a stored report (its blockers)."""
    verdict = snapshot_report.get("verdict")
    blockers = verdict.get("blockers", []) if isinstance(verdict, dict) else []
    return [str(b.get("gate")) for b in blockers if isinstance(b, dict)]


def overrides_engine(*, decision: Decision, engine_verdict: Decision,
                     failed: list[str]) -> bool:
    """True when a decision needs a written justification and an explicit confirmation: it
    differs from the engine's verdict, or it is a go although a hard gate failed."""
    return decision is not engine_verdict or (decision is Decision.GO and bool(failed))


def record_gate_decision(
    db: Database, *, actor: Actor, organisation_id: str, snapshot_id: str,
    decision: GateDecisionInput,
) -> GateDecisionRecord:
    """Record who decided what, when, on which submitted snapshot, under which conditions.

    Decisions are never edited; a new decision at the same gate supersedes the earlier one.
    """
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.GATE_DECISION, Action.APPROVE,
                     object_id=snapshot_id)
        snapshot = repo.get_snapshot(uc.session, organisation_id=organisation_id,
                                     snapshot_id=snapshot_id)
        engine_verdict = Decision(snapshot.decision)
        failed = failed_gates(snapshot.report)
        overrides = overrides_engine(decision=decision.decision, engine_verdict=engine_verdict,
                                     failed=failed)
        if overrides:
            _check_override(decision, engine_verdict=engine_verdict, failed=failed)
        _refuse_duplicate(uc.session, organisation_id=organisation_id, snapshot_id=snapshot_id,
                          decision=decision)
        row = repo.add_decision(uc.session, organisation_id=organisation_id, row=GateDecisionRow(
            organisation_id=organisation_id, assessment_id=snapshot.assessment_id,
            snapshot_id=snapshot_id, gate=decision.gate, decision=decision.decision.value,
            conditions=list(decision.conditions), note=decision.note, decided_by=actor.email,
            justification=decision.justification if overrides else "",
            overrides_engine=overrides))
        uc.audit("gate_decision.record", organisation_id=organisation_id,
                 object_type=ObjectType.GATE_DECISION, object_id=row.id,
                 after={**decision.model_dump(mode="json"), "snapshot_id": snapshot_id,
                        "engine_verdict": snapshot.decision, "failed_gates": failed,
                        "overrides_engine": overrides})
        return decision_record(row)


def _check_override(decision: GateDecisionInput, *, engine_verdict: Decision,
                    failed: list[str]) -> None:
    why = (f"the engine's verdict is {engine_verdict.value}"
           + (f" with failed hard gate(s) {', '.join(failed)}" if failed else ""))
    problems = []
    if len(decision.justification.strip()) < MIN_JUSTIFICATION_CHARACTERS:
        problems.append(("justification",
                         f"{why}; a {decision.decision.value} decision needs a written "
                         f"justification of at least {MIN_JUSTIFICATION_CHARACTERS} characters"))
    if not decision.confirm_override:
        problems.append(("confirmation",
                         f"{why}; confirm that you sign {decision.decision.value} against it"))
    if problems:
        raise InputError("gate decision", problems)


def _refuse_duplicate(session: Session, *, organisation_id: str, snapshot_id: str,
                      decision: GateDecisionInput) -> None:
    """The same decision signed twice on the same snapshot adds nothing: refuse it."""
    same_gate = [row for row in repo.list_decisions(session, organisation_id=organisation_id)
                 if row.snapshot_id == snapshot_id and row.gate == decision.gate]
    if not same_gate:
        return
    latest = same_gate[-1]
    if (latest.decision, list(latest.conditions), latest.note) == (
            decision.decision.value, list(decision.conditions), decision.note):
        raise ConflictError(
            f"this decision ({decision.decision.value}) is already recorded for this snapshot, "
            f"signed by {latest.decided_by} at {latest.decided_at:%Y-%m-%d %H:%M} UTC; nothing "
            f"was added")


def list_gate_decisions(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str | None = None,
) -> list[GateDecisionRecord]:
    """Decisions, oldest first."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.GATE_DECISION, Action.VIEW)
        return [decision_record(r) for r in repo.list_decisions(
            uc.session, organisation_id=organisation_id, assessment_id=assessment_id)]
