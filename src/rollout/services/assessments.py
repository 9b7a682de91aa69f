"""Assessments: an editable draft of answers per programme, and immutable submitted snapshots.

Submitting runs the risk engine on the draft (with the organisation's profile and the programme
as they are at that moment) and stores both the input and the report with the engine version, so
a past verdict can always be shown exactly as it was, whatever changed since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from rollout.assessment_file import assessment_from_data
from rollout.content.checks import check_answers, normalise_answer, retired_questions
from rollout.content.loader import Content
from rollout.domain.assessment import AnswerValue, Assessment
from rollout.errors import ConflictError, InputError
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import (
    assessment_model,
    assessment_record,
    encode_answers,
    programme_model,
    programme_record,
    snapshot_record,
    snapshot_values,
)
from rollout.persistence.records import AssessmentRecord, SnapshotRecord
from rollout.persistence.tables import AssessmentRow, AssessmentSnapshotRow, utc_now
from rollout.risk.engine import assess
from rollout.services.access import Actor, use_case
from rollout.services.plans import with_stored_training


def create_assessment(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str, name: str,
    content: Content, answers: dict[str, AnswerValue] | None = None,
) -> AssessmentRecord:
    """Start a draft assessment of a programme (the programme must be in this organisation)."""
    name = _check_name(name)
    clean = _checked_answers(answers or {}, content, name)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.EDIT)
        # Another organisation's programme id is "not found", never silently referenced.
        repo.get_programme(uc.session, organisation_id=organisation_id, programme_id=programme_id)
        row = repo.add_assessment(uc.session, organisation_id=organisation_id, row=AssessmentRow(
            organisation_id=organisation_id, programme_id=programme_id, name=name,
            answers=encode_answers(clean)))
        record = assessment_record(row)
        uc.audit("assessment.create", organisation_id=organisation_id,
                 object_type=ObjectType.ASSESSMENT, object_id=row.id, after=_audit_view(record))
        return record


def save_draft_answers(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str,
    answers: dict[str, AnswerValue], expected_version: int, content: Content,
    name: str | None = None,
) -> AssessmentRecord:
    """Replace the draft's answers (and name) if nobody saved since ``expected_version``.

    Raises ConflictError, telling the user to reload, when someone else saved first.
    """
    clean = _checked_answers(answers, content, name or "assessment")
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.EDIT, object_id=assessment_id)
        current = repo.get_assessment(uc.session, organisation_id=organisation_id,
                                      assessment_id=assessment_id)
        repo.check_version(current, expected_version=expected_version, what="assessment")
        before = assessment_record(current)
        values: dict[str, Any] = {"answers": encode_answers(clean)}
        if name is not None:
            values["name"] = _check_name(name)
        row = repo.update_assessment(uc.session, organisation_id=organisation_id,
                                     assessment_id=assessment_id,
                                     expected_version=expected_version, values=values)
        record = assessment_record(row)
        uc.audit("assessment.save_draft", organisation_id=organisation_id,
                 object_type=ObjectType.ASSESSMENT, object_id=assessment_id,
                 before=_audit_view(before), after=_audit_view(record))
        return record


def submit_assessment(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str, content: Content,
    at: dt.date | None = None, expected_version: int | None = None,
) -> SnapshotRecord:
    """Score the draft and store it with its report as a new, immutable snapshot.

    ``expected_version`` (the draft version the user is looking at) makes sure what is submitted
    is what they saw. ``at`` is the report date (default: today, UTC).
    """
    at = at or utc_now().date()
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.EDIT, object_id=assessment_id)
        row = repo.get_assessment(uc.session, organisation_id=organisation_id,
                                  assessment_id=assessment_id)
        if expected_version is not None and row.version != expected_version:
            # A plain check is enough: the snapshot keeps exactly the answers it scored.
            raise ConflictError(
                f"the assessment was changed by someone else since you opened it (you had version "
                f"{expected_version}, it is now at version {row.version}); reload the page and "
                f"submit again")
        organisation = repo.get_organisation(uc.session, organisation_id=organisation_id)
        programme_row, children = repo.get_programme(
            uc.session, organisation_id=organisation_id, programme_id=row.programme_id)
        assessment = _scorable(assessment_model(row, organisation,
                                                programme_model(programme_row, children)), content)
        # The trainer's figures against the programme's waves, as they stand today (issue 14).
        assessment = with_stored_training(
            uc.session, organisation_id=organisation_id,
            record=programme_record(programme_row, children), assessment=assessment,
            content=content, today=at)
        report = assess(assessment, content, at=at)
        values = snapshot_values(assessment, report)
        _refuse_unchanged_resubmission(uc.session, organisation_id=organisation_id,
                                       assessment_id=assessment_id, values=values)
        sequence = repo.next_snapshot_sequence(uc.session, organisation_id=organisation_id,
                                               assessment_id=assessment_id)
        snapshot = repo.add_snapshot(uc.session, organisation_id=organisation_id,
                                     row=AssessmentSnapshotRow(
                                         organisation_id=organisation_id,
                                         assessment_id=assessment_id, sequence=sequence,
                                         submitted_by=actor.email, **values))
        uc.audit("assessment.submit", organisation_id=organisation_id,
                 object_type=ObjectType.ASSESSMENT, object_id=assessment_id,
                 after={"snapshot_id": snapshot.id, "sequence": sequence,
                        "draft_version": row.version, "engine_version": report.engine_version,
                        "readiness": report.readiness,
                        "decision": report.verdict.decision.value})
        return snapshot_record(snapshot)


def _refuse_unchanged_resubmission(
    session: Session, *, organisation_id: str, assessment_id: str, values: dict[str, Any],
) -> None:
    """A second snapshot of an unchanged draft, scored by the same engine on the same day, would
    say exactly what the last one says: refuse it rather than pad the trend with copies."""
    snapshots = repo.list_snapshots(session, organisation_id=organisation_id,
                                    assessment_id=assessment_id)
    if not snapshots:
        return
    latest = max(snapshots, key=lambda s: s.sequence)
    if (latest.assessment, latest.engine_version, latest.report_date) == (
            values["assessment"], values["engine_version"], values["report_date"]):
        raise ConflictError(
            f"nothing changed since snapshot #{latest.sequence} (submitted by "
            f"{latest.submitted_by} at {latest.submitted_at:%Y-%m-%d %H:%M} UTC): the same answers "
            f"were scored by the same engine today; change an answer before submitting again")


def get_assessment(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str
) -> AssessmentRecord:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.VIEW, object_id=assessment_id)
        return assessment_record(repo.get_assessment(
            uc.session, organisation_id=organisation_id, assessment_id=assessment_id))


def list_assessments(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str | None = None
) -> list[AssessmentRecord]:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.VIEW)
        return [assessment_record(r) for r in repo.list_assessments(
            uc.session, organisation_id=organisation_id, programme_id=programme_id)]


def list_snapshots(
    db: Database, *, actor: Actor, organisation_id: str, assessment_id: str
) -> list[SnapshotRecord]:
    """An assessment's submissions, oldest first."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.VIEW, object_id=assessment_id)
        repo.get_assessment(uc.session, organisation_id=organisation_id,
                            assessment_id=assessment_id)
        return [snapshot_record(r) for r in repo.list_snapshots(
            uc.session, organisation_id=organisation_id, assessment_id=assessment_id)]


def get_snapshot(
    db: Database, *, actor: Actor, organisation_id: str, snapshot_id: str
) -> SnapshotRecord:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.VIEW, object_id=snapshot_id)
        return snapshot_record(repo.get_snapshot(uc.session, organisation_id=organisation_id,
                                                 snapshot_id=snapshot_id))


def export_report(
    db: Database, *, actor: Actor, organisation_id: str, snapshot_id: str
) -> dict[str, Any]:
    """A submitted report in the JSON contract (``RiskReport.to_contract()``); audited."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.EXPORT, object_id=snapshot_id)
        snapshot = snapshot_record(repo.get_snapshot(uc.session, organisation_id=organisation_id,
                                                     snapshot_id=snapshot_id))
        uc.audit("export.assessment_report", organisation_id=organisation_id,
                 object_type=ObjectType.ASSESSMENT, object_id=snapshot.assessment_id,
                 after={"snapshot_id": snapshot_id, "format": "json"})
        return snapshot.report.to_contract()


def _checked_answers(
    answers: dict[str, AnswerValue], content: Content, name: str
) -> dict[str, AnswerValue]:
    problems = check_answers(answers, content.questions, retired_questions(content.checklists))
    if problems:
        raise InputError(f"assessment {name!r}", problems)
    return {qid: normalise_answer(content.questions[qid], value) for qid, value in answers.items()}


def usable_answers(
    answers: Mapping[str, Any], content: Content,
) -> tuple[dict[str, AnswerValue], list[tuple[str, str]]]:
    """The stored answers today's question bank accepts (normalised), and a problem for each
    one it does not (unknown question, wrong value). Those are left out, so they count as
    unanswered: a draft imported or stored before the bank changed then shows as errors on
    those items instead of taking every page of the organisation down."""
    problems = check_answers(answers, content.questions)
    bad = {location.removeprefix("answers.") for location, _ in problems}
    usable = {qid: normalise_answer(content.questions[qid], value)
              for qid, value in answers.items() if qid not in bad}
    return usable, problems


def _scorable(assessment: Assessment, content: Content) -> Assessment:
    """The assessment checked as a whole against the knowledge base (answers, presets)."""
    return assessment_from_data(assessment.model_dump(), content,
                                source=f"assessment {assessment.name!r}")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("assessment", [("name", "give the assessment a name of 1 to 200 "
                                                 "characters")])
    return name


def _audit_view(record: AssessmentRecord) -> dict[str, Any]:
    return {"name": record.name, "version": record.version,
            "answers": encode_answers(record.answers)}
