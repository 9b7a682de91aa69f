"""Training use cases: imports (dry run, all or valid rows only), sessions, enrolment,
attendance and completion in bulk, the per-wave figures, adoption and tenancy."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from rollout.permissions import Role
from rollout.services import (
    TrainingImport,
    add_course,
    course_from,
    create_training_session,
    enrol_trainees,
    import_training_file,
    list_audit_events,
    list_trainees,
    list_training_sessions,
    plan_programme,
    record_adoption,
    record_attendance,
    training_overview,
    training_session_from,
)
from rollout.training.imports import ImportKind
from rollout.training.metrics import GateStatus
from tests.services.conftest import World
from tests.training.conftest import csv_bytes

ROSTER = csv_bytes([("E1", "Ali", "ali@example.org", "Sales", "Rep", "fa", "yes"),
                    ("E2", "Sara", "sara@example.org", "Sales", "Rep", "fa", ""),
                    ("E3", "Reza", "", "Service", "Agent", "", ""),
                    ("E4", "", "", "Service", "Agent", "", "")])  # row 5: no name
COMPLETIONS_HEADER = "employee_id,course,completed_on"


def _roster(world: World, *, dry_run: bool = False, valid_rows_only: bool = True,
            role: Role = Role.TRAINER) -> TrainingImport:
    return import_training_file(world.db, actor=world.actor(role), organisation_id=world.own.id,
                                data=ROSTER, kind=ImportKind.ROSTER, dry_run=dry_run,
                                valid_rows_only=valid_rows_only)


def _course(world: World, code: str = "CRM-101") -> str:
    return add_course(world.db, actor=world.actor(Role.TRAINER), organisation_id=world.own.id,
                      course=course_from({"code": code, "title": "CRM basics",
                                          "duration_hours": 4})).id


def test_a_dry_run_writes_nothing_and_reports_every_row(world: World) -> None:
    result = _roster(world, dry_run=True)
    assert (result.preview.total, result.preview.valid, result.preview.rejected) == (4, 3, 1)
    assert result.written == 0
    assert list_trainees(world.db, actor=world.admin, organisation_id=world.own.id) == []
    assert result.as_json()["errors"] == [{"row": 5, "column": "name",
                                           "message": "empty: every row needs a name"}]


def test_fix_and_retry_writes_nothing_when_a_row_is_wrong(world: World) -> None:
    result = _roster(world, valid_rows_only=False)
    assert result.written == 0 and result.preview.rejected == 1
    assert list_trainees(world.db, actor=world.admin, organisation_id=world.own.id) == []


def test_valid_rows_only_writes_them_in_one_audited_transaction(world: World) -> None:
    result = _roster(world)
    assert result.written == 3
    people = list_trainees(world.db, actor=world.admin, organisation_id=world.own.id)
    assert [p.trainee.employee_id for p in people] == ["E1", "E2", "E3"]
    assert people[0].trainee.super_user is True
    events = [e for e in list_audit_events(world.db, actor=world.admin,
                                           organisation_id=world.own.id, limit=50)
              if e.action == "training.import"]
    assert events[0].after is not None and events[0].after["written"] == 3
    # Importing again updates the same people rather than adding them twice.
    again = _roster(world)
    assert again.written == 3
    assert len(list_trainees(world.db, actor=world.admin, organisation_id=world.own.id)) == 3


def test_the_column_mapping_is_remembered_per_organisation(world: World) -> None:
    data = b"Staff,Full,Dept,Func\n7,A,Sales,Rep\n"
    mapping = {"Staff": "employee_id", "Full": "name", "Dept": "unit", "Func": "job_role"}
    import_training_file(world.db, actor=world.admin, organisation_id=world.own.id, data=data,
                         kind=ImportKind.ROSTER, dry_run=False, mapping=mapping)
    again = import_training_file(world.db, actor=world.admin, organisation_id=world.own.id,
                                 data=data, kind=ImportKind.ROSTER, dry_run=True)
    assert again.preview.mapping == {v: k for k, v in mapping.items()}
    with pytest.raises(InputError, match="required columns are missing"):
        import_training_file(world.db, actor=world.admin, organisation_id=world.other.id,
                             data=data, kind=ImportKind.ROSTER, dry_run=True)


def test_completions_must_name_a_known_trainee_and_course(world: World) -> None:
    _roster(world)
    _course(world)
    data = csv_bytes([("E1", "CRM-101", "1404/09/01"), ("E9", "CRM-101", "2026-01-02"),
                      ("E2", "crm basics", "2026-01-03"), ("E3", "NOPE", "2026-01-03")],
                     header=COMPLETIONS_HEADER)
    result = import_training_file(world.db, actor=world.actor(Role.TRAINER),
                                  organisation_id=world.own.id, data=data,
                                  kind=ImportKind.COMPLETIONS, dry_run=False,
                                  valid_rows_only=True)
    assert [(e.row, e.column) for e in result.preview.errors] == [(3, "employee_id"),
                                                                  (5, "course")]
    assert (result.preview.valid, result.preview.rejected, result.written) == (2, 2, 2)
    twice = import_training_file(world.db, actor=world.admin, organisation_id=world.own.id,
                                 data=data, kind=ImportKind.COMPLETIONS, dry_run=False,
                                 valid_rows_only=True)
    assert (twice.written, twice.unchanged) == (0, 2)


def test_sessions_enrol_within_capacity_and_detect_concurrent_edits(world: World) -> None:
    _roster(world)
    course_id = _course(world)
    trainer = world.actor(Role.TRAINER)
    booked = create_training_session(world.db, actor=trainer, organisation_id=world.own.id,
                                     session=training_session_from({
                                         "course_id": course_id, "trainer": "Nasrin",
                                         "starts_at": dt.datetime(2026, 2, 2, 9), "capacity": 2,
                                         "location": "Room 4"}))
    with pytest.raises(InputError, match="2 seats left"):
        enrol_trainees(world.db, actor=trainer, organisation_id=world.own.id,
                       session_id=booked.id, employee_ids=["E1", "E2", "E3"],
                       expected_version=booked.version)
    enrolled = enrol_trainees(world.db, actor=trainer, organisation_id=world.own.id,
                              session_id=booked.id, employee_ids=["E1", "E2"],
                              expected_version=booked.version)
    assert enrolled.session.enrolled == ["E1", "E2"] and enrolled.seats_left == 0
    with pytest.raises(ConflictError):
        record_attendance(world.db, actor=trainer, organisation_id=world.own.id,
                          session_id=booked.id, present=["E1"], completed=True,
                          expected_version=booked.version)
    marked = record_attendance(world.db, actor=trainer, organisation_id=world.own.id,
                               session_id=booked.id, present=["E1"], completed=True,
                               expected_version=enrolled.version)
    assert marked.session.attended == ["E1"]
    overview = training_overview(world.db, actor=trainer, organisation_id=world.own.id,
                                 programme_id=None, content=world.content,
                                 today=dt.date(2026, 2, 3))
    done = {s.trainee.employee_id: s.trained for s in overview.figures.statuses}
    assert done == {"E1": True, "E2": False, "E3": False}


def test_the_plan_gates_read_real_training_figures(world: World) -> None:
    without = plan_programme(world.db, actor=world.admin, organisation_id=world.own.id,
                             programme_id=world.own.programme.id, content=world.content,
                             compare=False)
    assert without.training is None  # no roster: seats per week only
    _roster(world)
    _course(world)
    planned = plan_programme(world.db, actor=world.actor(Role.EXECUTIVE),
                             organisation_id=world.own.id, programme_id=world.own.programme.id,
                             content=world.content, compare=False, today=dt.date(2026, 1, 5))
    assert planned.training is not None
    forecasts = {f.wave: f for f in planned.training.figures.forecasts}
    assert set(forecasts) == {w.id for w in planned.plan.waves}
    sales_wave = next(w.id for w in planned.plan.waves if "Sales" in w.units)
    forecast = forecasts[sales_wave]
    assert (forecast.trainees, forecast.trained, forecast.threshold_pct) == (2, 0, 90.0)
    assert forecast.status is GateStatus.NO_FORECAST
    deadline = next(d for d in planned.training.deadlines if d.wave == sales_wave)
    assert deadline.go_live is not None and deadline.deadline is not None
    assert 7 <= (deadline.go_live - deadline.deadline).days <= 11  # 5 working days


def test_adoption_is_recorded_per_unit_week(world: World) -> None:
    _roster(world)
    for count in (1, 2):  # the same week again replaces it
        record_adoption(world.db, actor=world.actor(Role.TRAINER), organisation_id=world.own.id,
                        unit="Sales", week_start=dt.date(2026, 7, 6), active_users=count)
    overview = training_overview(world.db, actor=world.admin, organisation_id=world.own.id,
                                 programme_id=None, content=world.content)
    sales = next(a for a in overview.adoption_units if a.key == "Sales")
    assert (sales.active_users, sales.users, sales.pct, sales.low) == (2, 2, 100.0, False)


def test_roles_and_tenancy(world: World) -> None:
    _roster(world)
    with pytest.raises(PermissionDenied):
        _roster(world, role=Role.EXECUTIVE)
    # A trainer of the other organisation sees none of these people: the id is "missing".
    other_trainer = world.other_members[Role.TRAINER]
    with pytest.raises(NotFoundError, match="no organisation with id"):
        list_trainees(world.db, actor=other_trainer, organisation_id=world.own.id)
    assert list_trainees(world.db, actor=other_trainer, organisation_id=world.other.id) == []
    own_session = create_training_session(
        world.db, actor=world.admin, organisation_id=world.own.id,
        session=training_session_from({"course_id": _course(world), "trainer": "T",
                                       "starts_at": dt.datetime(2026, 2, 2, 9), "capacity": 5}))
    with pytest.raises(NotFoundError, match="no training session with id"):
        enrol_trainees(world.db, actor=world.admin, organisation_id=world.other.id,
                       session_id=own_session.id, employee_ids=[], expected_version=1)
    assert list_training_sessions(world.db, actor=other_trainer,
                                  organisation_id=world.other.id) == []
