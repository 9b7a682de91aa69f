"""Taking data out of Rollout: organisation export/import (a lossless round trip) and the audit
of every other export.

The export document is JSON (``format: rollout-organisation``, ``format_version: 3``; version 2
added each programme's plan settings, version 3 the organisation's training data (see
:mod:`rollout.services.training_transfer`); older files still import). Users
appear by e-mail only, never with password hashes; importing into another database maps them to
existing accounts by e-mail and creates the missing ones disabled and without a password.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
)
from sqlmodel import Session

from rollout import __version__, errors, limits
from rollout.content.checks import check_answers
from rollout.content.loader import Content
from rollout.domain.assessment import Assessment, Organisation, Programme
from rollout.domain.plan import PlanOptions
from rollout.domain.report import Decision, RiskReport
from rollout.errors import N_, ConflictError, InputError, Message, map_validation
from rollout.escaping import excerpt
from rollout.i18n.normalise import normalise_document
from rollout.permissions import MEMBERSHIP_ROLES, Action, ObjectType, Role
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
    EMAIL_LENGTH,
    ID_LENGTH,
    NAME_LENGTH,
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
from rollout.services.accounts import EMAIL_PATTERN, normalise_email
from rollout.services.training_transfer import (
    ExportedTraining,
    check_training,
    export_training,
    import_training,
)

FORMAT = "rollout-organisation"
FORMAT_VERSION = 3


class _Part(BaseModel):
    # The same rules as the app's forms, and limits both databases accept: a file SQLite
    # takes must import into PostgreSQL too (VARCHAR lengths, INTEGER and BIGINT ranges).
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


def _check_email(value: str) -> str:
    normalised = normalise_email(value)
    if not EMAIL_PATTERN.match(normalised) or len(normalised) > EMAIL_LENGTH:
        raise ValueError("not an e-mail address (name@example.org)")
    return normalised


def _membership_role(value: Role) -> Role:
    if value not in MEMBERSHIP_ROLES:
        raise ValueError(f"{value.value!r} is not a membership role (administrator is an account "
                         f"flag, never a membership role); use one of "
                         f"{', '.join(r.value for r in MEMBERSHIP_ROLES)}")
    return value


def _plausible_time(value: dt.datetime) -> dt.datetime:
    limits.check_year(value)
    return value


# Ids are what Rollout generates (uuid4 hex) or similar: no paths, no spaces, bounded.
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", min_length=1, max_length=ID_LENGTH)]
Email = Annotated[str, Field(max_length=EMAIL_LENGTH), AfterValidator(_check_email)]
# Who did something: an e-mail, or "cli:<os user>" for the command line; one line, bounded.
Author = Annotated[str, Field(min_length=1, max_length=EMAIL_LENGTH),
                   AfterValidator(limits.check_single_line)]
Line = Annotated[str, Field(max_length=NAME_LENGTH), AfterValidator(limits.check_single_line)]
Code = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(limits.check_single_line)]
Text = Annotated[str, Field(max_length=limits.MAX_TEXT_CHARACTERS)]
Version = Annotated[int, Field(ge=1, le=limits.POSTGRES_INTEGER_MAX, strict=True)]
Time = Annotated[dt.datetime, AfterValidator(_plausible_time)]
Day = Annotated[dt.date, AfterValidator(limits.check_year)]


class ExportedOrganisation(_Part):
    id: Id
    profile: Organisation
    version: Version
    created_at: Time


class ExportedMember(_Part):
    email: Email
    display_name: Line
    role: Annotated[Role, AfterValidator(_membership_role)]
    created_at: Time


class ExportedProgramme(_Part):
    id: Id
    name: Annotated[Line, Field(min_length=1)]
    version: Version
    created_at: Time
    updated_at: Time
    programme: Programme
    blackouts: Annotated[list[ProgrammeBlackout], Field(max_length=limits.MAX_SEASONS * 4)]

    @field_validator("blackouts")
    @classmethod
    def _plausible_blackouts(cls, blackouts: list[ProgrammeBlackout]) -> list[ProgrammeBlackout]:
        for blackout in blackouts:
            limits.check_year(blackout.start)
            limits.check_year(blackout.end)
            limits.check_single_line(blackout.name)
        return blackouts


class ExportedPlanSettings(_Part):
    id: Id
    programme_id: Id
    options: PlanOptions
    version: Version
    updated_by: Author
    created_at: Time
    updated_at: Time

    @field_validator("options")
    @classmethod
    def _overrides_have_reasons(cls, options: PlanOptions) -> PlanOptions:
        for i, override in enumerate(options.overrides):
            if not (override.reason or "").strip():
                raise ValueError(f"overrides[{i}] has no reason: an override without one is "
                                 f"never accepted")
        return options


class ExportedSnapshot(_Part):
    id: Id
    sequence: Version
    submitted_at: Time
    submitted_by: Author
    engine_version: Annotated[str, Field(min_length=1, max_length=40)]
    report_date: Day
    readiness: Annotated[int, Field(ge=0, le=100, strict=True)]
    decision: Decision
    assessment: dict[str, Any]
    report: dict[str, Any]


class ExportedAssessment(_Part):
    id: Id
    programme_id: Id
    name: Annotated[Line, Field(min_length=1)]
    answers: dict[str, Any]
    version: Version
    created_at: Time
    updated_at: Time
    snapshots: list[ExportedSnapshot]


class ExportedAction(_Part):
    id: Id
    assessment_id: Id
    title: Annotated[str, Field(min_length=1, max_length=300),
                     AfterValidator(limits.check_single_line)]
    owner: Annotated[Line, Field(min_length=1)]
    due_date: Day
    status: ActionStatus
    factor: Code | None
    notes: Text
    version: Version
    created_by: Author
    created_at: Time
    updated_at: Time


class ExportedDecision(_Part):
    id: Id
    assessment_id: Id
    snapshot_id: Id
    gate: Code
    decision: Decision
    conditions: Annotated[list[Text], Field(max_length=limits.MAX_LIST_ITEMS)]
    note: Text
    decided_by: Author
    decided_at: Time


class ExportedAuditEvent(_Part):
    actor: Author
    action: Code
    object_type: Annotated[str, Field(min_length=1, max_length=40)]
    object_id: Annotated[str, Field(max_length=64)] | None
    outcome: Annotated[str, Field(min_length=1, max_length=20)]
    at: Time
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    # Events imported from another database keep their author as text and say so; they never
    # point at an account here (since format version 2; older files import as not imported).
    imported: bool = False


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
    training: ExportedTraining = Field(default_factory=ExportedTraining)  # since version 3


class ImportResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    organisation: OrganisationRecord
    created_accounts: tuple[str, ...]  # e-mails of members created disabled, without a password
    counts: dict[str, int] = Field(default_factory=dict)  # rows of each kind in the file
    dry_run: bool = False  # True: checked only, nothing written


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


def export_organisation(
    db: Database, *, actor: Actor, organisation_id: str,
    deliver: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The whole organisation as a JSON-ready document (see the module docstring); audited.

    ``deliver`` (e.g. writing the file) runs inside the export's transaction, before the audit
    event commits: if it raises, the export is not recorded as done.
    """
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.ORGANISATION, Action.EXPORT)
        document = _document(uc.session, organisation_id)
        payload = document.model_dump(mode="json")
        if deliver is not None:
            deliver(payload)
        uc.audit("export.organisation", organisation_id=organisation_id,
                 object_type=ObjectType.ORGANISATION, object_id=organisation_id,
                 after={"format": f"{FORMAT}/{FORMAT_VERSION}", **_counts(document)})
    return payload


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
                           after=e.after, imported=e.imported)
        for e in _all_audit_events(session, organisation_id)
    ]
    return OrganisationExport(
        format=FORMAT, format_version=FORMAT_VERSION, rollout_version=__version__,
        exported_at=utc_now(),
        organisation=ExportedOrganisation(id=org.id, profile=organisation_profile(org),
                                          version=org.version, created_at=org.created_at),
        members=members, programmes=programmes, plan_settings=plan_settings,
        assessments=assessments,
        mitigation_actions=actions, gate_decisions=decisions, audit_events=events,
        training=export_training(session, organisation_id))


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
            "audit_events": len(document.audit_events), **document.training.counts()}


# --- import ------------------------------------------------------------------------------------


def import_organisation(
    db: Database, *, actor: Actor, data: Any, content: Content, source: str = "import",
    dry_run: bool = False,
) -> ImportResult:
    """Recreate an exported organisation with the same ids (administrators).

    Checked by the same rules as the app (membership roles, answers against the question bank,
    override reasons, e-mails, ids, lengths and ranges both databases accept, references
    between the file's rows, training included). Refused if the organisation (id or name)
    already exists here. ``dry_run`` is the preview: every check, the counts of what would be
    imported and the accounts that would be created, and nothing written. Otherwise all of it
    is written in one transaction, or nothing is. The import itself is audited outside the
    organisation; the imported history keeps its authors as text, marked imported.
    """
    document = _parse(data, source)
    _check_references(document, source)
    _check_answers(document, content, source)
    with use_case(db, actor) as uc:
        uc.authorise_global(ObjectType.ORGANISATION, Action.EDIT)
        session = uc.session
        org = document.organisation
        if session.get(OrganisationRow, org.id) is not None:
            raise ConflictError(Message(N_(
                "{source}: this database already has the organisation {name} (id {id}); "
                "importing would overwrite it. Import into another database, or keep the "
                "existing one"), source=source, name=repr(org.profile.name), id=org.id))
        if repo.find_organisation_by_name(session, name=org.profile.name) is not None:
            raise ConflictError(Message(N_(
                "{source}: another organisation is already named {name}; rename it first"),
                source=source, name=repr(org.profile.name)))
        if dry_run:
            missing = [m.email for m in document.members
                       if repo.find_user_by_email(session, email=m.email) is None]
            return ImportResult(organisation=_preview_record(document), created_accounts=tuple(
                missing), counts=_counts(document), dry_run=True)
        row = repo.add_organisation(session, row=OrganisationRow(
            id=org.id, version=org.version, created_at=org.created_at,
            **organisation_values(org.profile)))
        created = _import_members(session, row.id, document.members)
        _import_content(session, row.id, document)
        import_training(session, row.id, document.training)
        for event in document.audit_events:
            # Never linked to an account here: a file must not make anyone the author of
            # events in this database (a forged "by the administrator" stays text).
            repo.add_audit_event(session, row=AuditEventRow(
                organisation_id=row.id, actor_user_id=None, actor=event.actor,
                action=event.action, object_type=event.object_type, object_id=event.object_id,
                outcome=event.outcome, at=event.at, before=event.before, after=event.after,
                imported=True))
        uc.audit("organisation.import", organisation_id=None,
                 object_type=ObjectType.ORGANISATION, object_id=row.id,
                 after={"name": row.name, "source": source, "created_accounts": created,
                        **_counts(document)})
        return ImportResult(organisation=organisation_record(row),
                            created_accounts=tuple(created), counts=_counts(document))


def _preview_record(document: OrganisationExport) -> OrganisationRecord:
    org = document.organisation
    return organisation_record(OrganisationRow(id=org.id, version=org.version,
                                               created_at=org.created_at,
                                               **organisation_values(org.profile)))


_IMPORT_IDENTIFIERS = frozenset({"email", "id", "role", "country", "industry"})


def _parse(data: Any, source: str) -> OrganisationExport:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(source, [("format", f"not a Rollout organisation export (expected "
                                             f"\"format\": \"{FORMAT}\")")])
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        raise InputError(source, [("format_version", f"{excerpt(version)} is not a version this "
                                                     f"Rollout reads (up to {FORMAT_VERSION}); "
                                                     f"upgrade Rollout")])
    # Text typed elsewhere made uniform (Persian letters, no zero-width characters in e-mails
    # and ids); stored history (snapshots, audit events) is imported exactly as exported.
    # Training rows were normalised on their way in (the importer, the forms) and are imported
    # as exported: a unit named with Persian digits only must stay text.
    data = normalise_document(data, identifier_keys=_IMPORT_IDENTIFIERS,
                              keep_keys=frozenset({"snapshots", "audit_events", "training"}))
    with map_validation(source):
        document = OrganisationExport.model_validate(data)
    for i, assessment in enumerate(document.assessments):
        for j, snapshot in enumerate(assessment.snapshots):
            where = f"assessments[{i}].snapshots[{j}]"
            stored = dict(snapshot.assessment)
            stored["answers"] = _decoded(stored.get("answers") or {}, f"{where}.assessment.answers",
                                         source)
            with map_validation(source, prefix=f"{where}.assessment"):
                Assessment.model_validate(stored)
            with map_validation(source, prefix=f"{where}.report"):
                RiskReport.model_validate(snapshot.report)
    return document


def _decoded(answers: Any, location: str, source: str) -> dict[str, Any]:
    """Stored answers (dates as ``{"$date": …}``) decoded, or an InputError at ``location``."""
    if not isinstance(answers, dict):
        raise InputError(source, [(location, "must map question ids to answers")])
    try:
        return decode_answers(answers)
    except (ValueError, TypeError, AttributeError):
        raise InputError(source, [(location, "a date answer is not a date; write dates as "
                                             "YYYY-MM-DD")]) from None


def _check_answers(document: OrganisationExport, content: Content, source: str) -> None:
    """Draft answers must fit today's question bank, as in the app: an unknown question or a
    wrong value would otherwise break the organisation's pages on every view. (Snapshots keep
    the answers they were scored with, whatever the bank says now.)"""
    problems: list[tuple[str, str]] = []
    for i, assessment in enumerate(document.assessments):
        answers = _decoded(assessment.answers, f"assessments[{i}].answers", source)
        for location, message in check_answers(answers, content.questions):
            problems.append((f"assessments[{i}].{location}", message))
    if problems:
        raise InputError(source, problems[:errors.MAX_PROBLEMS])


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
    problems += check_training(document.training)
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
