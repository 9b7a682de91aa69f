"""Reading the audit log (writing happens inside every use case, see ``access.UseCase.audit``)."""

from __future__ import annotations

from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import audit_record
from rollout.persistence.records import AuditEventRecord
from rollout.services.access import Actor, use_case

MAX_PAGE = 1000


def list_audit_events(
    db: Database, *, actor: Actor, organisation_id: str | None, limit: int = 200,
    before_id: int | None = None,
) -> list[AuditEventRecord]:
    """Newest first; page back with ``before_id`` (the smallest id of the previous page).

    ``organisation_id=None`` lists the events outside any organisation (logins, accounts,
    refused access to unknown organisations): administrators only.
    """
    limit = max(1, min(limit, MAX_PAGE))
    with use_case(db, actor, write=False) as uc:
        if organisation_id is None:
            uc.authorise_global(ObjectType.AUDIT_EVENT, Action.VIEW)
        else:
            uc.authorise(organisation_id, ObjectType.AUDIT_EVENT, Action.VIEW)
        return [audit_record(r) for r in repo.list_audit_events(
            uc.session, organisation_id=organisation_id, limit=limit, before_id=before_id)]
