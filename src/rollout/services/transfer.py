"""Taking data out of Rollout: organisation export/import (a lossless round trip) and the audit
of every other export.

The export document is JSON (``format: rollout-organisation``, ``format_version: 2``; version 2
added each programme's plan settings, and version 1 files still import). Users
appear by e-mail only, never with password hashes; importing into another database maps them to
existing accounts by e-mail and creates the missing ones disabled and without a password.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session

from rollout import __version__
from rollout.domain.assessment import Assessment, Organisation, Programme
from rollout.domain.plan import PlanOptions
from rollout.domain.report import Decision, RiskReport
from rollout.errors import ConflictError, InputError
from rollout.permissions import Action, ObjectType, Role
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import (
    decode_answers,
    organisation_profile,
    organisation_record,
    organisation_values,
    plan_options_value,
    programme_children,
    programme_record,
    programme_values,
)
from rollout.persistence.records import ActionStatus, OrganisationRecord, ProgrammeBlackout
from rollout.persistence.tables import (
    AssessmentRow,
    AssessmentSnapshotRow,
    AuditEventRow,
    GateDecisionRow,
    MembershipRow,
    MitigationActionRow,
    OrganisationRow,
    PlanSettingsRow,
    ProgrammeRow,
    UserRow,
    utc_now,
)
from rollout.services.access import Actor, use_case

FORMAT = "rollout-organisation"
FORMAT_VERSION = 2


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedOrganisation(_Part):
    id: str
    profile: Organisation
    version: int
    created_at: dt.datetime


class ExportedMember(_Part):
    email: str
    display_name: str
    role: Role
    created_at: dt.datetime


class ExportedProgramme(_Part):
    id: str
    name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    programme: Programme
    blackouts: list[ProgrammeBlackout]


class ExportedPlanSettings(_Part):
    id: str
    programme_id: str
    options: PlanOptions
    version: int
    updated_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ExportedSnapshot(_Part):
    id: str
    sequence: int
    submitted_at: dt.datetime
    submitted_by: str
    engine_version: str
    report_date: dt.date
    readiness: int
    decision: Decision
    assessment: dict[str, Any]
    report: dict[str, Any]


class ExportedAssessment(_Part):
    id: str
    programme_id: str
    name: str
    answers: dict[str, Any]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    snapshots: list[ExportedSnapshot]


class ExportedAction(_Part):
    id: str
    assessment_id: str
    title: str
    owner: str
    due_date: dt.date
    status: ActionStatus
    factor: str | None
    notes: str
    version: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ExportedDecision(_Part):
    id: str
    assessment_id: str
    snapshot_id: str
    gate: str
    decision: Decision
    conditions: list[str]
    note: str
    decided_by: str
    decided_at: dt.datetime


class ExportedAuditEvent(_Part):
    actor: str
    action: str
    object_type: str
    object_id: str | None
    outcome: str
    at: dt.datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class OrganisationExport(_Part):
    format: Literal["rollout-organisation"]
    format_version: int
    rollout_version: str
    exported_at: dt.datetime
    organisation: ExportedOrganisation
    members: list[ExportedMember]
    programmes: list[ExportedProgramme]
    plan_settings: list[ExportedPlanSettings] = Field(default_factory=list)  # since version 2
    assessments: list[ExportedAssessment]
    mitigation_actions: list[ExportedAction]
    gate_decisions: list[ExportedDecision]
    audit_events: list[ExportedAuditEvent]


class ImportResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    organisation: OrganisationRecord
    created_accounts: tuple[str, ...]  # e-mails of members created disabled, without a password


# --- export ------------------------------------------------------------------------------------


def record_export(
    db: Database, *, actor: Actor, organisation_id: str, object_type: ObjectType,
    object_id: str | None = None, export_format: str = "",
) -> None:
    """Check that the actor may export ``object_type`` here, and audit the export.

    For exporters outside this package (plan files, spreadsheets): call this first and produce
    the file only if it returns.
    """
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, object_type, Action.EXPORT, object_id=object_id)
        uc.audit(f"export.{object_type.value}", organisation_id=organisation_id,
                 object_type=object_type, object_id=object_id, after={"format": export_format})


def export_organisation(db: Database, *, actor: Actor, organisation_id: str) -> dict[str, Any]:
    """The whole organisation as a JSON-ready document (see the module docstring); audited."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.ORGANISATION, Action.EXPORT)
        document = _document(uc.session, organisation_id)
        uc.audit("export.organisation", organisation_id=organisation_id,
                 object_type=ObjectType.ORGANISATION, object_id=organisation_id,
                 after={"format": f"{FORMAT}/{FORMAT_VERSION}", **_counts(document)})
    return document.model_dump(mode="json")


def _document(session: Session, organisation_id: str) -> OrganisationExport:
    org = repo.get_organisation(session, organisation_id=organisation_id)
    members = [
        ExportedMember(email=u.email, display_name=u.display_name, role=Role(m.role),
                       created_at=m.created_at)
        for m, u in repo.list_members(session, organisation_id=organisation_id)
    ]
    programmes = []
    for row in repo.list_programmes(session, organisation_id=organisation_id):
        record = programme_record(*repo.get_programme(session, organisation_id=organisation_id,
                                                      programme_id=row.id))
        programmes.append(ExportedProgramme(
            id=record.id, name=record.name, version=record.version, created_at=record.created_at,
            updated_at=record.updated_at, programme=record.programme,
            blackouts=list(record.blackouts)))
    plan_settings = [
        ExportedPlanSettings(id=p.id, programme_id=p.programme_id,
                             options=PlanOptions.model_validate(p.options), version=p.version,
                             updated_by=p.updated_by, created_at=p.created_at,
                             updated_at=p.updated_at)
        for p in repo.list_plan_settings(session, organisation_id=organisation_id)
    ]
    snapshots: dict[str, list[ExportedSnapshot]] = {}
    for s in repo.list_snapshots(session, organisation_id=organisation_id):
        snapshots.setdefault(s.assessment_id, []).append(ExportedSnapshot(
            id=s.id, sequence=s.sequence, submitted_at=s.submitted_at,
            submitted_by=s.submitted_by, engine_version=s.engine_version,
            report_date=s.report_date, readiness=s.readiness, decision=Decision(s.decision),
            assessment=s.assessment, report=s.report))
    assessments = [
        ExportedAssessment(id=a.id, programme_id=a.programme_id, name=a.name, answers=a.answers,
                           version=a.version, created_at=a.created_at, updated_at=a.updated_at,
                           snapshots=snapshots.get(a.id, []))
        for a in repo.list_assessments(session, organisation_id=organisation_id)
    ]
    actions = [
        ExportedAction(id=a.id, assessment_id=a.assessment_id, title=a.title, owner=a.owner,
                       due_date=a.due_date, status=ActionStatus(a.status), factor=a.factor,
                       notes=a.notes, version=a.version, created_by=a.created_by,
                       created_at=a.created_at, updated_at=a.updated_at)
        for a in repo.list_actions(session, organisation_id=organisation_id)
    ]
    decisions = [
        ExportedDecision(id=d.id, assessment_id=d.assessment_id, snapshot_id=d.snapshot_id,
                         gate=d.gate, decision=Decision(d.decision), conditions=list(d.conditions),
                         note=d.note, decided_by=d.decided_by, decided_at=d.decided_at)
        for d in repo.list_decisions(session, organisation_id=organisation_id)
    ]
    events = [
        ExportedAuditEvent(actor=e.actor, action=e.action, object_type=e.object_type,
                           object_id=e.object_id, outcome=e.outcome, at=e.at, before=e.before,
                           after=e.after)
        for e in _all_audit_events(session, organisation_id)
    ]
    return OrganisationExport(
        format=FORMAT, format_version=FORMAT_VERSION, rollout_version=__version__,
        exported_at=utc_now(),
        organisation=ExportedOrganisation(id=org.id, profile=organisation_profile(org),
                                          version=org.version, created_at=org.created_at),
        members=members, programmes=programmes, plan_settings=plan_settings,
        assessments=assessments,
        mitigation_actions=actions, gate_decisions=decisions, audit_events=events)


def _all_audit_events(session: Session, organisation_id: str) -> list[AuditEventRow]:
    events: list[AuditEventRow] = []
    after_id: int | None = None
    while True:  # oldest first, in pages, so a long history does not load at once
        page = repo.list_audit_events(session, organisation_id=organisation_id, limit=1000,
                                      ascending=True, after_id=after_id)
        events.extend(page)
        if len(page) < 1000:
            return events
        after_id = page[-1].id


def _counts(document: OrganisationExport) -> dict[str, int]:
    return {"members": len(document.members), "programmes": len(document.programmes),
            "plan_settings": len(document.plan_settings),
            "assessments": len(document.assessments),
            "snapshots": sum(len(a.snapshots) for a in document.assessments),
            "mitigation_actions": len(document.mitigation_actions),
            "gate_decisions": len(document.gate_decisions),
            "audit_events": len(document.audit_events)}


# --- import ------------------------------------------------------------------------------------


def import_organisation(
    db: Database, *, actor: Actor, data: Any, source: str = "import"
) -> ImportResult:
    """Recreate an exported organisation with the same ids (administrators).

    Refused if the organisation (id or name) already exists here. The import itself is audited
    outside the organisation, so a second export equals the first.
    """
    document = _parse(data, source)
    _check_references(document, source)
    with use_case(db, actor) as uc:
        uc.authorise_global(ObjectType.ORGANISATION, Action.EDIT)
        session = uc.session
        org = document.organisation
        if session.get(OrganisationRow, org.id) is not None:
            raise ConflictError(f"{source}: this database already has the organisation "
                                f"{org.profile.name!r} (id {org.id}); importing would overwrite "
                                f"it. Import into another database, or keep the existing one")
        if repo.find_organisation_by_name(session, name=org.profile.name) is not None:
            raise ConflictError(f"{source}: another organisation is already named "
                                f"{org.profile.name!r}; rename it first")
        row = repo.add_organisation(session, row=OrganisationRow(
            id=org.id, version=org.version, created_at=org.created_at,
            **organisation_values(org.profile)))
        created = _import_members(session, row.id, document.members)
        _import_content(session, row.id, document)
        users = {u.email: u.id for u in repo.list_users(session)}
        for event in document.audit_events:
            repo.add_audit_event(session, row=AuditEventRow(
                organisation_id=row.id, actor_user_id=users.get(event.actor), actor=event.actor,
                action=event.action, object_type=event.object_type, object_id=event.object_id,
                outcome=event.outcome, at=event.at, before=event.before, after=event.after))
        uc.audit("organisation.import", organisation_id=None,
                 object_type=ObjectType.ORGANISATION, object_id=row.id,
                 after={"name": row.name, "source": source, "created_accounts": created,
                        **_counts(document)})
        return ImportResult(organisation=organisation_record(row),
                            created_accounts=tuple(created))


def _parse(data: Any, source: str) -> OrganisationExport:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(source, [("format", f"not a Rollout organisation export (expected "
                                             f"\"format\": \"{FORMAT}\")")])
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(source, [("format_version", f"{version!r} is not a version this Rollout "
                                                     f"reads (up to {FORMAT_VERSION}); upgrade "
                                                     f"Rollout")])
    try:
        document = OrganisationExport.model_validate(data)
        for assessment in document.assessments:
            for snapshot in assessment.snapshots:
                stored = dict(snapshot.assessment)
                stored["answers"] = decode_answers(stored.get("answers") or {})
                Assessment.model_validate(stored)
                RiskReport.model_validate(snapshot.report)
    except ValidationError as exc:
        problems = [(".".join(str(p) for p in err["loc"]), str(err["msg"]))
                    for err in exc.errors()[:20]]
        raise InputError(source, problems) from None
    return document


def _check_references(document: OrganisationExport, source: str) -> None:
    problems: list[tuple[str, str]] = []
    programmes = {p.id for p in document.programmes}
    assessments = {a.id for a in document.assessments}
    snapshots = {s.id: a.id for a in document.assessments for s in a.snapshots}
    seen: set[str] = set()
    for i, settings in enumerate(document.plan_settings):
        if settings.programme_id not in programmes:
            problems.append((f"plan_settings[{i}].programme_id", "names no programme in the file"))
        elif settings.programme_id in seen:
            problems.append((f"plan_settings[{i}].programme_id",
                             "a programme has plan settings twice"))
        seen.add(settings.programme_id)
    for i, a in enumerate(document.assessments):
        if a.programme_id not in programmes:
            problems.append((f"assessments[{i}].programme_id", "names no programme in the file"))
    for i, action in enumerate(document.mitigation_actions):
        if action.assessment_id not in assessments:
            problems.append((f"mitigation_actions[{i}].assessment_id",
                             "names no assessment in the file"))
    for i, d in enumerate(document.gate_decisions):
        if snapshots.get(d.snapshot_id) != d.assessment_id:
            problems.append((f"gate_decisions[{i}].snapshot_id",
                             "names no submitted snapshot of its assessment in the file"))
    emails = [m.email for m in document.members]
    if len(set(emails)) != len(emails):
        problems.append(("members", "an e-mail appears twice"))
    if problems:
        raise InputError(source, problems)


def _import_members(session: Session, organisation_id: str, members: list[ExportedMember]) -> list[str]:
    created: list[str] = []
    for member in members:
        user = repo.find_user_by_email(session, email=member.email)
        if user is None:
            # No password travels in an export: the account waits for an administrator.
            user = repo.add_user(session, row=UserRow(
                email=member.email, display_name=member.display_name, password_hash=None,
                is_active=False))
            created.append(member.email)
        repo.add_membership(session, row=MembershipRow(
            organisation_id=organisation_id, user_id=user.id, role=member.role.value,
            created_at=member.created_at))
    return created


def _import_content(session: Session, organisation_id: str, document: OrganisationExport) -> None:
    for p in document.programmes:
        repo.add_programme(
            session, organisation_id=organisation_id,
            row=ProgrammeRow(id=p.id, organisation_id=organisation_id, version=p.version,
                             created_at=p.created_at, updated_at=p.updated_at,
                             **programme_values(p.name, p.programme)),
            children=programme_children(p.programme, p.blackouts,
                                        organisation_id=organisation_id, programme_id=p.id))
    for ps in document.plan_settings:
        repo.add_plan_settings(session, organisation_id=organisation_id, row=PlanSettingsRow(
            id=ps.id, organisation_id=organisation_id, programme_id=ps.programme_id,
            options=plan_options_value(ps.options), version=ps.version, updated_by=ps.updated_by,
            created_at=ps.created_at, updated_at=ps.updated_at))
    for a in document.assessments:
        repo.add_assessment(session, organisation_id=organisation_id, row=AssessmentRow(
            id=a.id, organisation_id=organisation_id, programme_id=a.programme_id, name=a.name,
            answers=a.answers, version=a.version, created_at=a.created_at,
            updated_at=a.updated_at))
        for s in a.snapshots:
            repo.add_snapshot(session, organisation_id=organisation_id, row=AssessmentSnapshotRow(
                id=s.id, organisation_id=organisation_id, assessment_id=a.id,
                sequence=s.sequence, submitted_at=s.submitted_at, submitted_by=s.submitted_by,
                engine_version=s.engine_version, report_date=s.report_date,
                readiness=s.readiness, decision=s.decision.value, assessment=s.assessment,
                report=s.report))
    for m in document.mitigation_actions:
        repo.add_action(session, organisation_id=organisation_id, row=MitigationActionRow(
            id=m.id, organisation_id=organisation_id, assessment_id=m.assessment_id,
            title=m.title, owner=m.owner, due_date=m.due_date, status=m.status.value,
            factor=m.factor, notes=m.notes, version=m.version, created_by=m.created_by,
            created_at=m.created_at, updated_at=m.updated_at))
    for d in document.gate_decisions:
        repo.add_decision(session, organisation_id=organisation_id, row=GateDecisionRow(
            id=d.id, organisation_id=organisation_id, assessment_id=d.assessment_id,
            snapshot_id=d.snapshot_id, gate=d.gate, decision=d.decision.value,
            conditions=list(d.conditions), note=d.note, decided_by=d.decided_by,
            decided_at=d.decided_at))
