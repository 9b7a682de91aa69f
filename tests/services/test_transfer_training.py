"""Training data travels with an organisation export: curriculum, roster, sessions, enrolments,
attendance, completions, exemptions, adoption and remembered mappings; the import previews,
checks references row by row and writes all or nothing."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from rollout.errors import InputError
from rollout.permissions import Role
from rollout.persistence.database import Database, create_database_engine
from rollout.services import (
    add_course,
    course_from,
    create_training_session,
    enrol_trainees,
    import_training_file,
    list_trainees,
    list_training_sessions,
    record_attendance,
    training_session_from,
)
from rollout.services.accounts import create_first_admin
from rollout.services.organisations import list_organisations
from rollout.services.training import add_exemption, training_overview
from rollout.services.transfer import export_organisation, import_organisation
from rollout.training.imports import ImportKind
from tests.services.conftest import PASSWORD, World

ROSTER = ("Staff,Full name,Dept,Func,Mail\n"
          "E1,علی رضایی,فروش,Rep,ali@example.org\n"
          "E2,Sara,Sales,Rep,sara@example.org\n"
          "E3,Reza,Service,Agent,\n").encode()
MAPPING = {"Staff": "employee_id", "Full name": "name", "Dept": "unit", "Func": "job_role",
           "Mail": "email"}


def _with_training(world: World) -> None:
    trainer, org = world.actor(Role.TRAINER), world.own.id
    for code in ("CRM-101", "CRM-201"):
        add_course(world.db, actor=trainer, organisation_id=org, course=course_from(
            {"code": code, "title": f"Course {code}", "duration_hours": 4,
             "modules": ["Leads"], "required_roles": ["Rep"]}))
    import_training_file(world.db, actor=trainer, organisation_id=org, data=ROSTER,
                         kind=ImportKind.ROSTER, dry_run=False, mapping=MAPPING)
    import_training_file(world.db, actor=trainer, organisation_id=org,
                         data=b"employee_id,course,completed_on,score\nE2,CRM-101,1403/01/15,88\n",
                         kind=ImportKind.COMPLETIONS, dry_run=False)
    import_training_file(world.db, actor=trainer, organisation_id=org,
                         data=b"unit,week_start,active_users\nSales,2026-03-02,40\n",
                         kind=ImportKind.ADOPTION, dry_run=False)
    course_id = next(c.id for c in training_overview(
        world.db, actor=trainer, organisation_id=org, programme_id=None,
        content=world.content).courses if c.course.code == "CRM-101")
    booked = create_training_session(world.db, actor=trainer, organisation_id=org,
                                     session=training_session_from({
                                         "course_id": course_id, "trainer": "Mina",
                                         "starts_at": dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
                                         "capacity": 10, "location": "Room 2"}))
    booked = enrol_trainees(world.db, actor=trainer, organisation_id=org, session_id=booked.id,
                            employee_ids=["E1", "E3"], expected_version=booked.version)
    record_attendance(world.db, actor=trainer, organisation_id=org, session_id=booked.id,
                      present=["E1"], completed=True, expected_version=booked.version, score=91)
    add_exemption(world.db, actor=trainer, organisation_id=org, employee_id="E3",
                  course_id=course_id, reason="certified last year")


@pytest.fixture
def target(second_database_url: str) -> Iterator[tuple[Database, Any]]:
    database = Database(create_database_engine(second_database_url))
    try:
        yield database, create_first_admin(database, email="other-admin@example.org",
                                           password=PASSWORD)
    finally:
        database.dispose()


def _exported(world: World) -> dict[str, Any]:
    document = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    travelled: dict[str, Any] = json.loads(json.dumps(document))  # as through a JSON file
    return travelled


def test_training_round_trips_export_import_export_unchanged(
    world: World, target: tuple[Database, Any]
) -> None:
    _with_training(world)
    exported = _exported(world)
    training = exported["training"]
    assert {k: len(v) for k, v in training.items()} == {
        "courses": 2, "trainees": 3, "sessions": 1, "enrolments": 2, "completions": 2,
        "exemptions": 1, "adoption_weeks": 1, "import_mappings": 3}
    assert [e["attended"] for e in training["enrolments"]] in ([True, False], [False, True])
    database, admin = target
    result = import_organisation(database, actor=admin, data=exported, content=world.content)
    assert result.counts["training_trainees"] == 3
    again = export_organisation(database, actor=admin, organisation_id=world.own.id)
    assert again["training"] == training
    # What the trainer's services read back is the same, mapping included.
    own = world.own.id
    assert list_trainees(database, actor=admin, organisation_id=own) == list_trainees(
        world.db, actor=world.admin, organisation_id=own)
    assert list_training_sessions(database, actor=admin, organisation_id=own) == \
        list_training_sessions(world.db, actor=world.admin, organisation_id=own)
    def figures(db: Database, actor: Any) -> Any:
        return training_overview(db, actor=actor, organisation_id=own, programme_id=None,
                                 content=world.content, today=dt.date(2026, 4, 1)).figures

    assert figures(database, admin).statuses == figures(world.db, world.admin).statuses
    # E3 (an Agent) needs no Rep course; E1 and E2 have one of the two each.
    assert {s.trainee.employee_id: s.trained for s in figures(database, admin).statuses} == {
        "E1": False, "E2": False, "E3": True}
    remembered = import_training_file(database, actor=admin, organisation_id=own, data=ROSTER,
                                      kind=ImportKind.ROSTER, dry_run=True)
    assert remembered.preview.mapping["name"] == "Full name"


def test_an_export_without_training_still_imports(
    world: World, target: tuple[Database, Any]
) -> None:
    exported = _exported(world)
    del exported["training"]
    exported["format_version"] = 2
    database, admin = target
    result = import_organisation(database, actor=admin, data=exported, content=world.content)
    assert list_trainees(database, actor=admin, organisation_id=result.organisation.id) == []


def test_a_dry_run_previews_the_import_and_writes_nothing(
    world: World, target: tuple[Database, Any]
) -> None:
    _with_training(world)
    database, admin = target
    preview = import_organisation(database, actor=admin, data=_exported(world),
                                  content=world.content, dry_run=True)
    assert preview.dry_run and preview.organisation.id == world.own.id
    assert preview.counts["training_completions"] == 2
    assert set(preview.created_accounts) == {a.email for a in world.members.values()}
    assert list_organisations(database, actor=admin) == []


def _drop(name: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document["training"][name][-1][field] = value
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_drop("completions", "trainee_id", "nobody"),
     r"training\.completions\[1\]\.trainee_id: names no trainee"),
    (_drop("completions", "course_id", "nothing"),
     r"training\.completions\[1\]\.course_id: names no course"),
    (_drop("enrolments", "session_id", "gone"), r"training\.enrolments\[1\]\.session_id"),
    (_drop("sessions", "course_id", "gone"), r"training\.sessions\[0\]\.course_id"),
    (_drop("exemptions", "trainee_id", "nobody"), r"training\.exemptions\[0\]\.trainee_id"),
    (_drop("trainees", "employee_id", "E1"), r"training\.trainees\[2\].*employee id"),
    (_drop("trainees", "language", "de"), r"training\.trainees\[2\]\.language"),
    (_drop("completions", "score", 101), r"training\.completions\[1\]\.score"),
    (_drop("sessions", "starts_at", "2026-03-02T09:00:00"), r"training\.sessions\[0\]\.starts_at"),
    (_drop("import_mappings", "kind", "payroll"), r"training\.import_mappings\[2\]\.kind"),
])
def test_a_damaged_training_part_is_refused_naming_the_row_and_nothing_is_written(
    world: World, target: tuple[Database, Any], change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    _with_training(world)
    exported = copy.deepcopy(_exported(world))
    change(exported)
    database, admin = target
    with pytest.raises(InputError, match=message):
        import_organisation(database, actor=admin, data=exported, content=world.content,
                            source="x.json")
    assert list_organisations(database, actor=admin) == []
