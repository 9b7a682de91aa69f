"""Mitigation actions: who does what by when about a risk found in an assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rollout.errors import ConflictError
from rollout.escaping import excerpt
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import action_record
from rollout.persistence.records import MitigationActionInput, MitigationActionRecord
from rollout.persistence.tables import MitigationActionRow
from rollout.services.access import Actor, use_case


def add_mitigation_action(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str,
    action: MitigationActionInput,
) -> MitigationActionRecord:
    """Add an action to an assessment of this organisation; the same action again (same title,
    owner, due date and risk) is a ConflictError rather than a silent duplicate (D17)."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.MITIGATION_ACTION, Action.EDIT)
        repo.get_assessment(uc.session, organisation_id=organisation_id,
                            assessment_id=assessment_id)
        # Two identical adds at once: on PostgreSQL the second waits here, then finds the first.
        repo.serialise(uc.session, key=f"mitigation_action:{assessment_id}")
        same = _identity(action.title, action.owner, action.due_date, action.factor)
        for existing in repo.list_actions(uc.session, organisation_id=organisation_id,
                                          assessment_id=assessment_id):
            if _identity(existing.title, existing.owner, existing.due_date,
                         existing.factor) == same:
                raise ConflictError(
                    f"this assessment already has the action {excerpt(existing.title)} for "
                    f"{excerpt(existing.owner)}, due {existing.due_date}; change that one "
                    f"instead of adding it again")
        row = repo.add_action(uc.session, organisation_id=organisation_id, row=MitigationActionRow(
            organisation_id=organisation_id, assessment_id=assessment_id,
            created_by=actor.email, **_values(action)))
        record = action_record(row)
        uc.audit("mitigation_action.create", organisation_id=organisation_id,
                 object_type=ObjectType.MITIGATION_ACTION, object_id=row.id,
                 after=action.model_dump(mode="json"))
        return record


def update_mitigation_action(
    db: Database, *, actor: Actor, organisation_id: str, action_id: str,
    action: MitigationActionInput, expected_version: int,
) -> MitigationActionRecord:
    """Change an action (status, owner, due date ...) if nobody saved it since ``expected_version``."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.MITIGATION_ACTION, Action.EDIT,
                     object_id=action_id)
        before = action_record(repo.get_action(uc.session, organisation_id=organisation_id,
                                               action_id=action_id))
        row = repo.update_action(uc.session, organisation_id=organisation_id, action_id=action_id,
                                 expected_version=expected_version, values=_values(action))
        uc.audit("mitigation_action.update", organisation_id=organisation_id,
                 object_type=ObjectType.MITIGATION_ACTION, object_id=action_id,
                 before=_input_view(before), after=action.model_dump(mode="json"))
        return action_record(row)


def list_mitigation_actions(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str | None = None,
) -> list[MitigationActionRecord]:
    """Actions by due date (of one assessment, or all of the organisation's)."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.MITIGATION_ACTION, Action.VIEW)
        return [action_record(r) for r in repo.list_actions(
            uc.session, organisation_id=organisation_id, assessment_id=assessment_id)]


def _identity(title: str, owner: str, due_date: dt.date, factor: str | None) -> tuple[object, ...]:
    return (" ".join(title.split()).casefold(), " ".join(owner.split()).casefold(), due_date,
            factor)


def _values(action: MitigationActionInput) -> dict[str, Any]:
    return {"title": action.title, "owner": action.owner, "due_date": action.due_date,
            "status": action.status.value, "factor": action.factor, "notes": action.notes}


def _input_view(record: MitigationActionRecord) -> dict[str, object]:
    return MitigationActionInput(
        title=record.title, owner=record.owner, due_date=record.due_date, status=record.status,
        factor=record.factor, notes=record.notes).model_dump(mode="json")
