"""Training and adoption use cases: courses, the roster, sessions, enrolment, attendance and
completion in bulk, exemptions, imports (dry run first; then all valid rows in one transaction,
or nothing), the figures for a programme's waves, and adoption after go-live.

Roles: everyone who may view an organisation's training sees the figures; trainers, project
owners, consultants and administrators edit (see :mod:`rollout.permissions`). Every change is
audited in its own transaction; another organisation's ids behave as missing ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rollout.content.loader import Content
from rollout.domain.assessment import TrainingStatus, UnitAdoption, WaveTraining
from rollout.errors import ConflictError, InputError, NotFoundError, map_validation
from rollout.escaping import excerpt
from rollout.i18n import Language, translator
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence import training_repositories as trepo
from rollout.persistence.database import Database
from rollout.persistence.tables import (
    TrainingCourseRow,
    TrainingExemptionRow,
    TrainingSessionRow,
)
from rollout.services.access import Actor, use_case
from rollout.training.deadlines import WaveDeadline, unit_key, wave_deadlines
from rollout.training.imports import (
    ImportKind,
    ImportPreview,
    RowError,
    collector_paused,
    file_columns,
    read_import,
    suggest_mapping,
)
from rollout.training.metrics import (
    Adoption,
    TrainingFigures,
    adoption_by_unit,
    adoption_by_wave,
    training_figures,
)
from rollout.training.models import (
    DEFAULT_ADOPTION_TARGET_PCT,
    DEFAULT_MARGIN_WORKDAYS,
    Course,
    Exemption,
    Trainee,
    TrainingSession,
    WeeklyActive,
)

T = ObjectType.TRAINING


# --- what the pages and the CLI get back -------------------------------------------------------


@dataclass(frozen=True)
class CourseRecord:
    id: str
    organisation_id: str
    course: Course


@dataclass(frozen=True)
class TraineeRecord:
    id: str
    organisation_id: str
    trainee: Trainee


@dataclass(frozen=True)
class TrainingSessionRecord:
    id: str
    organisation_id: str
    version: int
    course_id: str
    session: TrainingSession  # enrolled and attended as employee ids

    @property
    def seats_left(self) -> int:
        return max(0, self.session.capacity - len(self.session.enrolled))


class TrainingSessionInput(BaseModel):
    """A session as a trainer books it. ``starts_at`` is stored in UTC."""

    model_config = ConfigDict(extra="forbid")

    course_id: str = Field(min_length=1, max_length=32)
    starts_at: dt.datetime
    trainer: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=10_000)
    location: str = Field(default="", max_length=500)


@dataclass(frozen=True)
class TrainingImport:
    """The outcome of an import: its preview, and how many rows were written (0 for a dry run,
    or when rows were wrong and the user chose to fix and retry)."""

    preview: ImportPreview
    dry_run: bool
    written: int
    unchanged: int = 0  # valid rows already stored exactly (a completion imported twice)

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON contract: rows, valid, rejected, errors (row, column, message), written."""
        return {"rows": self.preview.total, "valid": self.preview.valid,
                "rejected": self.preview.rejected,
                "errors": [{"row": e.row, "column": e.column, "message": e.message}
                           for e in self.preview.errors],
                "written": self.written}


@dataclass(frozen=True)
class TrainingOverview:
    """Everything the training dashboard, the plan's gates and the portfolio read."""

    programme_id: str | None
    deadlines: list[WaveDeadline]
    figures: TrainingFigures
    adoption_units: list[Adoption]
    adoption_waves: list[Adoption]
    courses: list[CourseRecord] = field(default_factory=list)
    sessions: list[TrainingSessionRecord] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.figures.statuses)


# --- courses, trainees, exemptions -------------------------------------------------------------


def _course(row: TrainingCourseRow) -> CourseRecord:
    return CourseRecord(id=row.id, organisation_id=row.organisation_id, course=Course(
        code=row.code, title=row.title, duration_hours=row.duration_hours,
        delivery_mode=row.delivery_mode, modules=list(row.modules),
        required_roles=list(row.required_roles), required_waves=list(row.required_waves),
        super_user_track=row.super_user_track))


def course_from(data: Mapping[str, Any]) -> Course:
    """A course from a form's plain values; an InputError naming each bad field."""
    with map_validation("course"):
        return Course.model_validate(dict(data))


def add_course(db: Database, *, actor: Actor, organisation_id: str, course: Course
               ) -> CourseRecord:
    """Add a course to the curriculum; a second course with the same code is a ConflictError."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        repo.serialise(uc.session, key=f"training_course:{organisation_id}")
        existing = trepo.list_courses(uc.session, organisation_id=organisation_id)
        if any(r.code.casefold() == course.code.casefold() for r in existing):
            raise ConflictError(f"the curriculum already has a course {excerpt(course.code)}; "
                                f"give this one another code")
        row = trepo.add_course(uc.session, organisation_id=organisation_id, row=TrainingCourseRow(
            organisation_id=organisation_id, **course.model_dump(mode="json")))
        uc.audit("training.course_create", organisation_id=organisation_id, object_type=T,
                 object_id=row.id, after=course.model_dump(mode="json"))
        return _course(row)


def list_courses(db: Database, *, actor: Actor, organisation_id: str) -> list[CourseRecord]:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, T, Action.VIEW)
        return [_course(r) for r in trepo.list_courses(uc.session, organisation_id=organisation_id)]


def list_trainees(db: Database, *, actor: Actor, organisation_id: str) -> list[TraineeRecord]:
    """The roster, by unit then employee id."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, T, Action.VIEW)
        # Plain column values: 20,000 ORM rows cost more than the records built from them.
        return [TraineeRecord(id=r["id"], organisation_id=organisation_id,
                              trainee=Trainee(**{k: v for k, v in r.items() if k != "id"}))
                for r in trepo.trainee_values(uc.session, organisation_id=organisation_id)]


def add_exemption(db: Database, *, actor: Actor, organisation_id: str, employee_id: str,
                  course_id: str, reason: str) -> None:
    """Exempt a trainee from a course (prior certification, role change) with a reason."""
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("exemption", [("reason", "give a reason: an exemption without one is "
                                                  "never accepted")])
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        trainee_id = _trainee_id(uc.session, organisation_id, employee_id)
        trepo.get_course(uc.session, organisation_id=organisation_id, course_id=course_id)
        if any(e.trainee_id == trainee_id and e.course_id == course_id
               for e in trepo.list_exemptions(uc.session, organisation_id=organisation_id)):
            raise ConflictError("this trainee is already exempted from this course")
        row = trepo.add_exemption(uc.session, organisation_id=organisation_id,
                                  row=TrainingExemptionRow(
                                      organisation_id=organisation_id, trainee_id=trainee_id,
                                      course_id=course_id, reason=reason[:500],
                                      created_by=actor.email))
        uc.audit("training.exemption_create", organisation_id=organisation_id, object_type=T,
                 object_id=row.id, after={"employee_id": employee_id, "course_id": course_id,
                                          "reason": reason[:500]})


def _trainee_id(session: Any, organisation_id: str, employee_id: str) -> str:
    for trainee_id, employee, _ in trepo.trainee_keys(session, organisation_id=organisation_id):
        if employee == employee_id:
            return trainee_id
    raise NotFoundError(f"no trainee with employee id {excerpt(employee_id)} in this "
                        f"organisation")


# --- sessions ----------------------------------------------------------------------------------


def _sessions(session: Any, organisation_id: str) -> list[TrainingSessionRecord]:
    courses = {r.id: r.code for r in trepo.list_courses(session, organisation_id=organisation_id)}
    employees = {t: e for t, e, _ in trepo.trainee_keys(session, organisation_id=organisation_id)}
    enrolled: dict[str, list[str]] = {}
    attended: dict[str, list[str]] = {}
    for e in trepo.list_enrolments(session, organisation_id=organisation_id):
        enrolled.setdefault(e.session_id, []).append(employees[e.trainee_id])
        if e.attended:
            attended.setdefault(e.session_id, []).append(employees[e.trainee_id])
    return [TrainingSessionRecord(
        id=r.id, organisation_id=r.organisation_id, version=r.version, course_id=r.course_id,
        session=TrainingSession(id=r.id, course_code=courses[r.course_id], starts_at=r.starts_at,
                                trainer=r.trainer, capacity=r.capacity, location=r.location,
                                enrolled=sorted(enrolled.get(r.id, [])),
                                attended=sorted(attended.get(r.id, []))))
        for r in trepo.list_sessions(session, organisation_id=organisation_id)]


def list_training_sessions(db: Database, *, actor: Actor, organisation_id: str
                           ) -> list[TrainingSessionRecord]:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, T, Action.VIEW)
        return _sessions(uc.session, organisation_id)


def create_training_session(db: Database, *, actor: Actor, organisation_id: str,
                            session: TrainingSessionInput) -> TrainingSessionRecord:
    starts_at = _utc(session.starts_at)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        trepo.get_course(uc.session, organisation_id=organisation_id, course_id=session.course_id)
        row = trepo.add_session(uc.session, organisation_id=organisation_id,
                                row=TrainingSessionRow(
                                    organisation_id=organisation_id, course_id=session.course_id,
                                    starts_at=starts_at, trainer=session.trainer.strip(),
                                    capacity=session.capacity,
                                    location=session.location.strip(), created_by=actor.email))
        uc.audit("training.session_create", organisation_id=organisation_id, object_type=T,
                 object_id=row.id, after=session.model_dump(mode="json"))
        return next(s for s in _sessions(uc.session, organisation_id) if s.id == row.id)


def training_session_from(data: Mapping[str, Any]) -> TrainingSessionInput:
    with map_validation("training session"):
        return TrainingSessionInput.model_validate(dict(data))


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def enrol_trainees(db: Database, *, actor: Actor, organisation_id: str, session_id: str,
                   employee_ids: Collection[str], expected_version: int
                   ) -> TrainingSessionRecord:
    """Enrol people (by employee id) if the session is still at ``expected_version`` and has
    seats for them; those already enrolled are left as they are."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, T, Action.EDIT, object_id=session_id)
        row = trepo.get_session(uc.session, organisation_id=organisation_id,
                                session_id=session_id)
        trainees = {e: t for t, e, _ in trepo.trainee_keys(uc.session,
                                                           organisation_id=organisation_id)}
        unknown = sorted(set(employee_ids) - set(trainees))
        if unknown:
            raise NotFoundError(f"no trainee with employee id "
                                f"{', '.join(excerpt(u) for u in unknown[:5])} in this "
                                f"organisation")
        current = {e.trainee_id for e in trepo.list_enrolments(
            uc.session, organisation_id=organisation_id, session_id=session_id)}
        new = sorted({trainees[e] for e in employee_ids} - current)
        if len(current) + len(new) > row.capacity:
            raise InputError("enrolment", [("", f"the session has {row.capacity - len(current)} "
                                                f"seats left; {len(new)} people do not fit. Book "
                                                f"another session or raise the capacity")])
        trepo.update_session(uc.session, organisation_id=organisation_id, session_id=session_id,
                             expected_version=expected_version, values={})
        trepo.add_enrolments(uc.session, organisation_id=organisation_id, session_id=session_id,
                             trainee_ids=new)
        uc.audit("training.enrol", organisation_id=organisation_id, object_type=T,
                 object_id=session_id, after={"enrolled": len(new)})
        return next(s for s in _sessions(uc.session, organisation_id) if s.id == session_id)


def record_attendance(db: Database, *, actor: Actor, organisation_id: str, session_id: str,
                      present: Collection[str], completed: bool, expected_version: int,
                      score: float | None = None) -> TrainingSessionRecord:
    """Mark who attended (employee ids in ``present``; every other enrolled person absent) and,
    with ``completed``, record a passed completion on the session's day for those present."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, T, Action.EDIT, object_id=session_id)
        row = trepo.get_session(uc.session, organisation_id=organisation_id,
                                session_id=session_id)
        employees = {t: e for t, e, _ in trepo.trainee_keys(uc.session,
                                                            organisation_id=organisation_id)}
        enrolled = {e.trainee_id for e in trepo.list_enrolments(
            uc.session, organisation_id=organisation_id, session_id=session_id)}
        by_employee = {employees[t]: t for t in enrolled}
        strangers = sorted(set(present) - set(by_employee))
        if strangers:
            raise InputError("attendance", [("", f"not enrolled in this session: "
                                                 f"{', '.join(excerpt(s) for s in strangers[:5])}; "
                                                 f"enrol them first")])
        here = {by_employee[e] for e in present}
        trepo.update_session(uc.session, organisation_id=organisation_id, session_id=session_id,
                             expected_version=expected_version, values={})
        trepo.set_attendance(uc.session, organisation_id=organisation_id, session_id=session_id,
                             trainee_ids=here, attended=True)
        trepo.set_attendance(uc.session, organisation_id=organisation_id, session_id=session_id,
                             trainee_ids=enrolled - here, attended=False)
        written = 0
        if completed and here:
            day = row.starts_at.date()
            stored = trepo.completion_keys(uc.session, organisation_id=organisation_id)
            written = trepo.insert_completions(uc.session, organisation_id=organisation_id, values=[
                {"trainee_id": t, "course_id": row.course_id, "completed_on": day, "passed": True,
                 "score": score, "source": "session"}
                for t in sorted(here) if (t, row.course_id, day) not in stored])
        uc.audit("training.attendance", organisation_id=organisation_id, object_type=T,
                 object_id=session_id, after={"present": len(here),
                                              "absent": len(enrolled - here),
                                              "completions": written})
        return next(s for s in _sessions(uc.session, organisation_id) if s.id == session_id)


# --- imports -----------------------------------------------------------------------------------


def import_columns(
    db: Database, *, actor: Actor, organisation_id: str, data: bytes, kind: ImportKind,
    encoding: str | None = None, delimiter: str | None = None, source: str = "import",
    lang: Language = Language.EN,
) -> tuple[list[str], dict[str, str]]:
    """A file's columns and the mapping (column -> field) the import wizard preselects: the
    headers it recognises, and what this organisation mapped last time."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        stored = trepo.get_import_mapping(uc.session, organisation_id=organisation_id,
                                          kind=kind.value)
    columns = file_columns(data, encoding=encoding, delimiter=delimiter, source=source,
                           lang=lang)
    return columns, suggest_mapping(columns, kind, dict(stored.mapping) if stored else None)



def import_training_file(
    db: Database, *, actor: Actor, organisation_id: str, data: bytes, kind: ImportKind,
    dry_run: bool, valid_rows_only: bool = False, encoding: str | None = None,
    delimiter: str | None = None, mapping: Mapping[str, str] | None = None,
    source: str = "import", lang: Language = Language.EN,
    progress: Callable[[int], None] | None = None,
) -> TrainingImport:
    """Read a roster, a completion export or weekly active users, check every row (also
    against the stored roster and curriculum), and unless ``dry_run`` write it: every row when
    all are valid; the valid ones when ``valid_rows_only`` ("import valid rows only"); else
    nothing ("fix and retry"). One transaction, audited as ``training.import``; the column
    mapping used is remembered for the organisation's next import of this kind."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        stored = trepo.get_import_mapping(uc.session, organisation_id=organisation_id,
                                          kind=kind.value)
        remembered = dict(stored.mapping) if stored is not None else None
    preview = read_import(data, kind=kind, encoding=encoding, delimiter=delimiter,
                          mapping=mapping, remembered=remembered, source=source, lang=lang,
                          progress=progress)
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        _check_references(uc.session, organisation_id, preview, lang)
    if dry_run or (preview.rejected and not valid_rows_only) or not preview.rows:
        return TrainingImport(preview=preview, dry_run=dry_run, written=0)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        repo.serialise(uc.session, key=f"training_import:{organisation_id}")
        # Checked again inside the writing transaction: the roster may have changed meanwhile.
        _check_references(uc.session, organisation_id, preview, lang)
        with collector_paused():  # see there: the rows are many and acyclic
            written, unchanged = _write(uc.session, organisation_id, preview)
        trepo.save_import_mapping(uc.session, organisation_id=organisation_id, kind=kind.value,
                                  mapping=preview.mapping, updated_by=actor.email)
        uc.audit("training.import", organisation_id=organisation_id, object_type=T,
                 after={"kind": kind.value, "source": excerpt(source), "rows": preview.total,
                        "valid": preview.valid, "rejected": preview.rejected,
                        "written": written, "unchanged": unchanged,
                        "format": preview.file_format, "encoding": preview.encoding,
                        "valid_rows_only": valid_rows_only})
    return TrainingImport(preview=preview, dry_run=False, written=written, unchanged=unchanged)


def _check_references(session: Any, organisation_id: str, preview: ImportPreview,
                      lang: Language) -> None:
    """Completions must name a trainee of the roster and a course of the curriculum."""
    if preview.kind is not ImportKind.COMPLETIONS:
        return
    t = translator(lang)
    keys = trepo.trainee_keys(session, organisation_id=organisation_id)
    by_employee = {e.casefold(): i for i, e, _ in keys}
    by_email = {m.casefold(): i for i, _, m in keys if m}
    courses: dict[str, str] = {}
    for c in trepo.list_courses(session, organisation_id=organisation_id):
        courses.setdefault(c.title.casefold(), c.id)
        courses[c.code.casefold()] = c.id
    wrong: set[int] = set()
    for row in preview.rows:
        values = row.values
        employee, email = values.get("employee_id"), values.get("email")
        trainee = (by_employee.get(employee.casefold()) if employee else None) or (
            by_email.get(email) if email else None)
        if trainee is None:
            column = preview.mapping.get("employee_id" if employee else "email", "")
            preview.add_error(RowError(row.row, column, excerpt(employee or email), t.gettext(
                "no trainee with this employee id or e-mail in the roster; import the roster "
                "first"), "unknown_trainee"))
            wrong.add(row.row)
        course = courses.get(str(values["course"]).casefold())
        if course is None:
            preview.add_error(RowError(row.row, preview.mapping["course"], excerpt(
                values["course"]), t.gettext(
                "no course with this code or title in the curriculum; add the course first"),
                "unknown_course"))
            wrong.add(row.row)
        if trainee is not None and course is not None:
            values["trainee_id"], values["course_id"] = trainee, course
    preview.reject(wrong)


def _write(session: Any, organisation_id: str, preview: ImportPreview) -> tuple[int, int]:
    if preview.kind is ImportKind.ROSTER:
        existing = {e.casefold(): i for i, e, _ in trepo.trainee_keys(
            session, organisation_id=organisation_id)}
        fields = ("employee_id", "name", "email", "unit", "job_role", "language", "super_user")
        if not existing:  # a first roster: every person is new; written column by column
            rows = [row.values for row in preview.rows]
            columns = {f: [v.get(f) for v in rows] for f in fields}
            columns["super_user"] = list(map(bool, columns["super_user"]))
            trepo.insert_trainee_columns(session, organisation_id=organisation_id,
                                         columns=columns)
            return len(rows), 0
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for row in preview.rows:
            get = row.values.get
            person = {f: get(f) for f in fields}
            person["super_user"] = bool(person["super_user"])
            found = existing.get(str(person["employee_id"]).casefold())
            if found:
                person["id"] = found
                changed.append(person)
            else:
                new.append(person)
        trepo.insert_trainees(session, organisation_id=organisation_id, values=new)
        trepo.update_trainees(session, organisation_id=organisation_id, values=changed)
        return len(new) + len(changed), 0
    if preview.kind is ImportKind.COMPLETIONS:
        stored = trepo.completion_keys(session, organisation_id=organisation_id)
        values = []
        for row in preview.rows:
            v = row.values
            key = (v["trainee_id"], v["course_id"], v["completed_on"])
            if key in stored:
                continue
            stored.add(key)
            values.append({"trainee_id": v["trainee_id"], "course_id": v["course_id"],
                           "completed_on": v["completed_on"], "passed": bool(v["passed"]),
                           "score": v.get("score"), "source": "import"})
        written = trepo.insert_completions(session, organisation_id=organisation_id,
                                           values=values)
        return written, len(preview.rows) - written
    weeks = {(r.values["unit"], r.values["week_start"]): r.values["active_users"]
             for r in preview.rows}
    return trepo.replace_adoption_weeks(session, organisation_id=organisation_id, values=[
        {"unit": u, "week_start": w, "active_users": n} for (u, w), n in weeks.items()]), 0


def record_adoption(db: Database, *, actor: Actor, organisation_id: str, unit: str,
                    week_start: dt.date, active_users: int) -> None:
    """Enter one unit's weekly active users by hand (the same week again replaces it)."""
    try:
        week = WeeklyActive(unit=unit, week_start=week_start, active_users=active_users)
    except ValidationError as exc:
        raise InputError.from_validation("adoption", exc) from None
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, T, Action.EDIT)
        trepo.replace_adoption_weeks(uc.session, organisation_id=organisation_id,
                                     values=[week.model_dump()])
        uc.audit("training.adoption_record", organisation_id=organisation_id, object_type=T,
                 after=week.model_dump(mode="json"))


# --- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stored:
    courses: list[CourseRecord]
    trainees: list[Trainee]
    passed: dict[tuple[str, str], dt.date]  # (employee id, course code) -> first day passed
    exemptions: list[Exemption]
    sessions: list[TrainingSessionRecord]
    weeks: list[WeeklyActive]


def _stored(session: Any, organisation_id: str) -> _Stored:
    courses = [_course(r) for r in trepo.list_courses(session, organisation_id=organisation_id)]
    code = {c.id: c.course.code for c in courses}
    # Plain column values, not ORM rows, and the completions aggregated by the database: the
    # large organisation's 20,000 staff and 200,000 completions took minutes as objects.
    trainee_rows = trepo.trainee_values(session, organisation_id=organisation_id)
    employee = {r["id"]: r["employee_id"] for r in trainee_rows}
    return _Stored(
        courses=courses,
        trainees=[Trainee(**{k: v for k, v in r.items() if k != "id"}) for r in trainee_rows],
        passed={(employee[trainee_id], code[course_id]): day for trainee_id, course_id, day
                in trepo.first_passes(session, organisation_id=organisation_id)},
        exemptions=[Exemption(employee_id=employee[r.trainee_id], course_code=code[r.course_id],
                              reason=r.reason)
                    for r in trepo.list_exemptions(session, organisation_id=organisation_id)],
        sessions=_sessions(session, organisation_id),
        weeks=[WeeklyActive(unit=r.unit, week_start=r.week_start, active_users=r.active_users)
               for r in trepo.list_adoption_weeks(session, organisation_id=organisation_id)])


def overview_from(stored: _Stored, deadlines: Sequence[WaveDeadline], *, programme_id: str | None,
                  today: dt.date, threshold_pct: float,
                  adoption_target_pct: float = DEFAULT_ADOPTION_TARGET_PCT) -> TrainingOverview:
    figures = training_figures(
        trainees=stored.trainees, courses=[c.course for c in stored.courses],
        passed=stored.passed, exemptions=stored.exemptions,
        sessions=[s.session for s in stored.sessions], deadlines=deadlines, today=today,
        threshold_pct=threshold_pct)
    headcount: dict[str, int] = {}
    for trainee in stored.trainees:
        headcount[trainee.unit] = headcount.get(trainee.unit, 0) + 1
    units = adoption_by_unit(stored.weeks, headcount, target_pct=adoption_target_pct)
    return TrainingOverview(
        programme_id=programme_id, deadlines=list(deadlines), figures=figures,
        adoption_units=units,
        adoption_waves=adoption_by_wave(units, deadlines, target_pct=adoption_target_pct),
        courses=stored.courses, sessions=stored.sessions)


def training_overview(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str | None,
    content: Content, today: dt.date | None = None, threshold_pct: float | None = None,
    margin_workdays: int = DEFAULT_MARGIN_WORKDAYS,
) -> TrainingOverview:
    """The organisation's training figures against a programme's waves: each wave's deadline
    is its planned go-live minus ``margin_workdays`` working days, its gate threshold the
    plan's training completion (default 90 %). Without a programme, no wave has a deadline."""
    from rollout.services.plan_cache import cached_plan_programme

    today = today or dt.date.today()
    deadlines: list[WaveDeadline] = []
    threshold = threshold_pct
    if programme_id is not None:
        # The plan kept for this data version (issue 16: the trainer's pages planned and read
        # the whole roster on every rerun, 30 s on the large organisation); its own training
        # figures are these figures when the margin and threshold are the plan's.
        planned = cached_plan_programme(db, actor=actor, organisation_id=organisation_id,
                                        programme_id=programme_id, content=content,
                                        compare=False, today=today)
        if (planned.training is not None and threshold_pct is None
                and margin_workdays == DEFAULT_MARGIN_WORKDAYS):
            with use_case(db, actor, write=False) as uc:
                uc.authorise(organisation_id, T, Action.VIEW)
            return planned.training
        deadlines = wave_deadlines(planned.plan, margin_workdays=margin_workdays)
        threshold = threshold if threshold is not None else \
            planned.options.training_completion_pct
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, T, Action.VIEW)
        stored = _stored(uc.session, organisation_id)
    return overview_from(stored, deadlines, programme_id=programme_id, today=today,
                         threshold_pct=threshold if threshold is not None else 90.0)


def training_status_of(overview: TrainingOverview) -> TrainingStatus | None:
    """What the risk engine reads of the figures: each wave with a go-live and trainees (people
    required and trained, the gate threshold, the forecast date), and each unit measured after
    go-live (adoption against its target). None when there is neither."""
    waves: list[WaveTraining] = []
    names: set[str] = set()
    for forecast in overview.figures.forecasts:
        name = _label(forecast.name or forecast.wave)
        if forecast.go_live is None or not forecast.trainees or name in names:
            continue
        names.add(name)
        waves.append(WaveTraining(wave=name, go_live=forecast.go_live,
                                  people_required=forecast.trainees,
                                  people_trained=forecast.trained,
                                  threshold_pct=forecast.threshold_pct,
                                  forecast=forecast.forecast))
    wave_of_unit = {unit_key(u): d.name or d.wave for d in overview.deadlines for u in d.units}
    units: list[UnitAdoption] = []
    seen: set[str] = set()
    for adoption in overview.adoption_units:
        name = _label(adoption.key)
        if adoption.week_start is None or not adoption.users or name in seen:
            continue
        seen.add(name)
        wave = wave_of_unit.get(unit_key(adoption.key))
        units.append(UnitAdoption(unit=name, wave=_label(wave) if wave else None,
                                  adoption_pct=round(adoption.pct, 1),
                                  target_pct=adoption.target_pct))
    if not waves and not units:
        return None
    return TrainingStatus(waves=waves, units=units)


def _label(name: str) -> str:
    """A wave or unit name as the assessment's labels hold it (one line, at most 80)."""
    return " ".join(name.split())[:80] or "?"


def stored_training(session: Any, organisation_id: str) -> _Stored | None:
    """The organisation's training data read inside another use case's transaction (the plan's
    gates, the portfolio); None when it has no roster."""
    if not trepo.trainee_keys(session, organisation_id=organisation_id):
        return None
    return _stored(session, organisation_id)
