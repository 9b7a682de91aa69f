"""Gate decisions: an executive's go, conditional or no-go on a submitted assessment."""

from __future__ import annotations

from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import decision_record
from rollout.persistence.records import GateDecisionInput, GateDecisionRecord
from rollout.persistence.tables import GateDecisionRow
from rollout.services.access import Actor, use_case


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
        row = repo.add_decision(uc.session, organisation_id=organisation_id, row=GateDecisionRow(
            organisation_id=organisation_id, assessment_id=snapshot.assessment_id,
            snapshot_id=snapshot_id, gate=decision.gate, decision=decision.decision.value,
            conditions=list(decision.conditions), note=decision.note, decided_by=actor.email))
        uc.audit("gate_decision.record", organisation_id=organisation_id,
                 object_type=ObjectType.GATE_DECISION, object_id=row.id,
                 after={**decision.model_dump(mode="json"), "snapshot_id": snapshot_id,
                        "engine_verdict": snapshot.decision})
        return decision_record(row)


def list_gate_decisions(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str | None = None,
) -> list[GateDecisionRecord]:
    """Decisions, oldest first."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.GATE_DECISION, Action.VIEW)
        return [decision_record(r) for r in repo.list_decisions(
            uc.session, organisation_id=organisation_id, assessment_id=assessment_id)]
