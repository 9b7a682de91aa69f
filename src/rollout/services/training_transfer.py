"""The training part of an organisation export (format version 3): curriculum, roster,
sessions with their enrolments and attendance, completions, exemptions, weekly active users
and the remembered import column mappings, with their ids and times as stored, so that an
export imported elsewhere and exported again is the same document.

Used by :mod:`rollout.services.transfer`; the rows are checked here (the same bounds as the
importer and the forms, and references inside the file: a completion of a trainee the file does
not have is an error naming that completion) and written with bulk inserts inside the
organisation import's one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field
from sqlmodel import Session

from rollout import limits
from rollout.persistence import training_repositories as trepo
from rollout.persistence.tables import EMAIL_LENGTH, ID_LENGTH, NAME_LENGTH
from rollout.training.imports import ImportKind
from rollout.training.models import DeliveryMode


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


def _plausible(value: Any) -> Any:
    limits.check_year(value)
    return value


Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", min_length=1, max_length=ID_LENGTH)]
Line = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH),
                 AfterValidator(limits.check_single_line)]
Code = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(limits.check_single_line)]
Author = Annotated[str, Field(min_length=1, max_length=EMAIL_LENGTH),
                   AfterValidator(limits.check_single_line)]
Time = Annotated[AwareDatetime, AfterValidator(_plausible)]
Day = Annotated[dt.date, AfterValidator(_plausible)]
Version = Annotated[int, Field(ge=1, le=limits.POSTGRES_INTEGER_MAX, strict=True)]
Items = Annotated[list[Line], Field(max_length=limits.MAX_LIST_ITEMS)]


class ExportedCourse(_Part):
    id: Id
    code: Code
    title: Line
    duration_hours: Annotated[float, Field(gt=0, le=500)]
    delivery_mode: DeliveryMode
    modules: Items
    required_roles: Items
    required_waves: Annotated[list[Code], Field(max_length=limits.MAX_LIST_ITEMS)]
    super_user_track: bool
    version: Version
    created_at: Time


class ExportedTrainee(_Part):
    id: Id
    employee_id: Code
    name: Line
    email: Annotated[str, Field(min_length=3, max_length=254),
                     AfterValidator(limits.check_single_line)] | None
    unit: Line
    job_role: Line
    language: Literal["en", "fa"] | None
    super_user: bool
    created_at: Time
    updated_at: Time


class ExportedTrainingSession(_Part):
    id: Id
    course_id: Id
    starts_at: Time
    trainer: Line
    capacity: Annotated[int, Field(ge=1, le=10_000, strict=True)]
    location: Annotated[str, Field(max_length=500), AfterValidator(limits.check_single_line)]
    version: Version
    created_by: Author
    created_at: Time
    updated_at: Time


class ExportedEnrolment(_Part):
    id: Id
    session_id: Id
    trainee_id: Id
    attended: bool | None  # None: attendance not recorded yet


class ExportedCompletion(_Part):
    id: Id
    trainee_id: Id
    course_id: Id
    completed_on: Day
    passed: bool
    score: Annotated[float, Field(ge=0, le=100)] | None
    source: Literal["import", "session", "entry"]
    created_at: Time


class ExportedExemption(_Part):
    id: Id
    trainee_id: Id
    course_id: Id
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    created_by: Author
    created_at: Time


class ExportedAdoptionWeek(_Part):
    id: Id
    unit: Line
    week_start: Day
    active_users: Annotated[int, Field(ge=0, le=limits.POSTGRES_INTEGER_MAX, strict=True)]
    created_at: Time


class ExportedImportMapping(_Part):
    id: Id
    kind: ImportKind
    mapping: Annotated[dict[Code, Line], Field(max_length=50)]  # field -> column header
    updated_by: Author
    updated_at: Time


class ExportedTraining(_Part):
    courses: list[ExportedCourse] = Field(default_factory=list)
    trainees: list[ExportedTrainee] = Field(default_factory=list)
    sessions: list[ExportedTrainingSession] = Field(default_factory=list)
    enrolments: list[ExportedEnrolment] = Field(default_factory=list)
    completions: list[ExportedCompletion] = Field(default_factory=list)
    exemptions: list[ExportedExemption] = Field(default_factory=list)
    adoption_weeks: list[ExportedAdoptionWeek] = Field(default_factory=list)
    import_mappings: list[ExportedImportMapping] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {f"training_{name}": len(getattr(self, name))
                for name in ExportedTraining.model_fields}


# --- export ------------------------------------------------------------------------------------


def _columns(row: Any, model: type[BaseModel]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in model.model_fields}


def export_training(session: Session, organisation_id: str) -> ExportedTraining:
    """The organisation's training rows, each list in an order fixed by its unique keys (so two
    exports of the same data are the same text, whatever order a database returns rows in)."""
    scope = {"organisation_id": organisation_id}
    sessions = sorted(trepo.list_sessions(session, **scope), key=lambda r: (r.starts_at, r.id))
    return ExportedTraining.model_validate({
        "courses": [_columns(r, ExportedCourse) for r in trepo.list_courses(session, **scope)],
        "trainees": [_columns(r, ExportedTrainee)
                     for r in sorted(trepo.list_trainees(session, **scope),
                                     key=lambda r: r.employee_id)],
        "sessions": [_columns(r, ExportedTrainingSession) for r in sessions],
        "enrolments": [_columns(r, ExportedEnrolment)
                       for r in sorted(trepo.list_enrolments(session, **scope),
                                       key=lambda r: (r.session_id, r.trainee_id))],
        "completions": [_columns(r, ExportedCompletion)
                        for r in sorted(trepo.list_completions(session, **scope),
                                        key=lambda r: (r.trainee_id, r.course_id,
                                                       r.completed_on))],
        "exemptions": [_columns(r, ExportedExemption)
                       for r in sorted(trepo.list_exemptions(session, **scope),
                                       key=lambda r: (r.trainee_id, r.course_id))],
        "adoption_weeks": [_columns(r, ExportedAdoptionWeek)
                           for r in trepo.list_adoption_weeks(session, **scope)],
        "import_mappings": [_columns(r, ExportedImportMapping)
                            for r in trepo.list_import_mappings(session, **scope)],
    })


# --- import ------------------------------------------------------------------------------------


def _unique(problems: list[tuple[str, str]], where: str, keys: list[Any], what: str) -> None:
    """Report the second row of each key seen twice (the database would refuse it)."""
    seen: set[Any] = set()
    for i, key in enumerate(keys):
        if key in seen:
            problems.append((f"{where}[{i}]", f"{what} appears twice"))
        seen.add(key)


def check_training(training: ExportedTraining) -> list[tuple[str, str]]:
    """Every reference inside the training part, and every key the tables keep unique; each
    problem names the row (``training.completions[3].trainee_id``)."""
    problems: list[tuple[str, str]] = []
    w = "training."
    courses = {c.id for c in training.courses}
    trainees = {t.id for t in training.trainees}
    sessions = {s.id for s in training.sessions}
    for name in ExportedTraining.model_fields:
        rows = getattr(training, name)
        _unique(problems, f"{w}{name}", [r.id for r in rows], "the id")
    _unique(problems, f"{w}courses", [c.code for c in training.courses], "a course code")
    _unique(problems, f"{w}trainees", [t.employee_id for t in training.trainees],
            "an employee id")
    for i, s in enumerate(training.sessions):
        if s.course_id not in courses:
            problems.append((f"{w}sessions[{i}].course_id", "names no course in the file"))
    for i, e in enumerate(training.enrolments):
        if e.session_id not in sessions:
            problems.append((f"{w}enrolments[{i}].session_id", "names no session in the file"))
        if e.trainee_id not in trainees:
            problems.append((f"{w}enrolments[{i}].trainee_id", "names no trainee in the file"))
    _unique(problems, f"{w}enrolments", [(e.session_id, e.trainee_id)
                                         for e in training.enrolments],
            "the same person's enrolment in a session")
    linked: list[tuple[str, Sequence[ExportedCompletion | ExportedExemption]]] = [
        ("completions", training.completions), ("exemptions", training.exemptions)]
    for where, rows in linked:
        for i, row in enumerate(rows):
            if row.trainee_id not in trainees:
                problems.append((f"{w}{where}[{i}].trainee_id", "names no trainee in the file"))
            if row.course_id not in courses:
                problems.append((f"{w}{where}[{i}].course_id", "names no course in the file"))
    _unique(problems, f"{w}completions", [(c.trainee_id, c.course_id, c.completed_on)
                                          for c in training.completions],
            "a completion (trainee, course, day)")
    _unique(problems, f"{w}exemptions", [(e.trainee_id, e.course_id)
                                         for e in training.exemptions],
            "an exemption (trainee, course)")
    _unique(problems, f"{w}adoption_weeks", [(a.unit, a.week_start)
                                             for a in training.adoption_weeks],
            "a unit's week")
    _unique(problems, f"{w}import_mappings", [m.kind for m in training.import_mappings],
            "a mapping for one kind of import")
    return problems


def import_training(session: Session, organisation_id: str, training: ExportedTraining) -> None:
    """Write the checked training rows into the organisation being imported (the caller's
    transaction): plain dicts, inserted in batches, parents before children."""
    for name in trepo.TRANSFER_TABLES:
        rows = getattr(training, name)
        trepo.insert_transferred(session, organisation_id=organisation_id, table=name,
                                 values=[r.model_dump() for r in rows])
