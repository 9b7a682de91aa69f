"""The trainer's pages: import wizard (preview, then the two choices), sessions, dashboard, and
who sees what (a trainer of organisation A never sees B's people)."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.permissions import Role
from rollout.services import (
    add_course,
    course_from,
    create_training_session,
    import_training_file,
    list_trainees,
    training_session_from,
)
from rollout.training.imports import ImportKind
from rollout.ui.navigation import visible_specs
from tests.training.conftest import PERSIAN_ROSTER, csv_bytes
from tests.ui.conftest import Seeded, all_text, app_as

TRAINING_PAGES = {"training_dashboard.py", "training_people.py", "training_sessions.py",
                  "training_import.py"}
WRONG_ROSTER = csv_bytes([*PERSIAN_ROSTER, ("1004", "", "", "فروش تهران", "کارشناس", "", "")])


def _files(role: Role) -> set[str]:
    return {s.file for s in visible_specs(role=role, is_admin=False, organisations_count=1,
                                          is_consultant_anywhere=False)}


def test_training_pages_follow_the_permission_matrix() -> None:
    assert _files(Role.TRAINER) >= TRAINING_PAGES
    assert _files(Role.PROJECT_OWNER) >= TRAINING_PAGES
    assert TRAINING_PAGES - {"training_import.py"} <= _files(Role.EXECUTIVE)
    assert "training_import.py" not in _files(Role.EXECUTIVE)


def _seed_training(seeded: Seeded, organisation_id: str) -> None:
    import_training_file(seeded.db, actor=seeded.admin, organisation_id=organisation_id,
                         data=csv_bytes(PERSIAN_ROSTER), kind=ImportKind.ROSTER, dry_run=False)
    course = add_course(seeded.db, actor=seeded.admin, organisation_id=organisation_id,
                        course=course_from({"code": "CRM-101", "title": "CRM basics",
                                            "duration_hours": 4}))
    create_training_session(seeded.db, actor=seeded.admin, organisation_id=organisation_id,
                            session=training_session_from({
                                "course_id": course.id, "trainer": "Nasrin", "capacity": 10,
                                "starts_at": dt.datetime(2030, 1, 7, 9)}))


def test_the_import_wizard_previews_then_imports_the_valid_rows_only(seeded: Seeded) -> None:
    at = app_as(seeded.users["trainer"], organisation_id=seeded.org_a,
                page="training_import.py")
    assert not at.exception
    at.file_uploader[0].set_value(("roster.csv", WRONG_ROSTER, "text/csv")).run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["4", "3", "1"]  # rows, valid, rejected
    assert "empty: every row needs a name" in all_text(at)
    assert list_trainees(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a) == []
    at.button(key="training_import_retry").click().run()
    assert "Nothing was imported" in all_text(at)
    assert list_trainees(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a) == []
    at.button(key="training_import_valid").click().run()
    assert not at.exception
    people = list_trainees(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a)
    assert sorted(p.trainee.name for p in people) == ["سارا احمدی", "علی رضایی", "مریم کریمی"]


def test_a_file_missing_required_columns_is_explained_and_can_be_mapped(seeded: Seeded) -> None:
    at = app_as(seeded.users["trainer"], organisation_id=seeded.org_a,
                page="training_import.py")
    at.file_uploader[0].set_value(("r.csv", b"Staff,Full,Dept,Func\n7,A,Sales,Rep\n",
                                   "text/csv")).run()
    assert "required columns are missing" in all_text(at)
    for column, field in zip(("Staff", "Full", "Dept", "Func"),
                             ("employee_id", "name", "unit", "job_role"), strict=True):
        next(s for s in at.selectbox if s.label == column).set_value(field)
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["1", "1", "0"]


def test_a_trainer_books_enrols_and_marks_completion(seeded: Seeded) -> None:
    _seed_training(seeded, seeded.org_a)
    at = app_as(seeded.users["trainer"], organisation_id=seeded.org_a,
                page="training_sessions.py")
    assert not at.exception
    enrol_key = next(w.key for w in at.multiselect
                     if w.key and w.key.startswith("enrol_people_"))
    at.multiselect(key=enrol_key).set_value(["1001", "1002"]).run()
    at.button(key="enrol_button").click().run()
    assert not at.exception, at.exception
    assert "2 people enrolled" in all_text(at)
    at.button(key="attendance_button").click().run()
    assert not at.exception
    assert "Attendance saved for 2 people" in all_text(at)


def test_the_dashboard_shows_figures_and_an_executive_cannot_edit(seeded: Seeded) -> None:
    _seed_training(seeded, seeded.org_a)
    at = app_as(seeded.users["trainer"], organisation_id=seeded.org_a,
                page="training_dashboard.py")
    assert not at.exception
    assert at.metric[0].value == "3"
    assert "Each wave against its training gate" in all_text(at)
    executive = app_as(seeded.users["executive"], organisation_id=seeded.org_a,
                       page="training_sessions.py")
    assert not executive.exception
    assert "may view training but not change it" in all_text(executive)


@pytest.mark.parametrize("page", sorted(TRAINING_PAGES - {"training_import.py"}))
def test_a_trainer_of_another_organisation_never_sees_these_people(seeded: Seeded,
                                                                  page: str) -> None:
    _seed_training(seeded, seeded.org_a)
    at = app_as(seeded.outsider, organisation_id=seeded.org_a, page=page)
    assert not at.exception
    text = all_text(at)
    assert "علی رضایی" not in text and "1001" not in text


@pytest.mark.parametrize("page", sorted(TRAINING_PAGES - {"training_import.py"}))
def test_a_trainer_of_organisation_b_sees_b_people_and_never_a_people(seeded: Seeded,
                                                                     page: str) -> None:
    from rollout.services import add_member, authenticate, create_user
    from tests.ui.conftest import PASSWORD

    _seed_training(seeded, seeded.org_a)
    import_training_file(seeded.db, actor=seeded.admin, organisation_id=seeded.org_b,
                         data=csv_bytes([("B-77", "Bruno Brandt", "bruno@example.de", "Billing",
                                          "Agent", "en", "no")]),
                         kind=ImportKind.ROSTER, dry_run=False)
    create_user(seeded.db, actor=seeded.admin, email="trainer-b@example.test", password=PASSWORD)
    add_member(seeded.db, actor=seeded.admin, organisation_id=seeded.org_b,
               email="trainer-b@example.test", role=Role.TRAINER)
    trainer_b = authenticate(seeded.db, email="trainer-b@example.test", password=PASSWORD)
    at = app_as(trainer_b, organisation_id=seeded.org_b, page=page)
    assert not at.exception
    text = all_text(at)
    if page != "training_sessions.py":  # B has no session: its page lists no people
        assert "Bruno Brandt" in text or "B-77" in text or "Billing" in text, text[:2000]
    for person_of_a in ("علی رضایی", "1001", "سارا احمدی", "فروش تهران", "Nasrin"):
        assert person_of_a not in text
    # Asking for A's page by A's id behaves as a missing organisation.
    at = app_as(trainer_b, organisation_id=seeded.org_a, page=page)
    assert "علی رضایی" not in all_text(at) and "1001" not in all_text(at)


def test_a_persian_trainer_reads_wave_names_and_delivery_modes_in_persian(
        seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    from rollout.domain.plan_names import plan_name
    from rollout.i18n import Language
    from rollout.services import set_user_preferences

    monkeypatch.setenv("ROLLOUT_LANGUAGE", "fa")  # AppTest runs format_func outside the script
    _seed_training(seeded, seeded.org_a)
    trainer = seeded.users["trainer"]
    set_user_preferences(seeded.db, actor=trainer, language=Language.FA, digits="latin")
    at = app_as(trainer, organisation_id=seeded.org_a, page="training_dashboard.py")
    assert not at.exception
    cells = {v for frame in at.dataframe for column in frame.value.columns
             for v in frame.value[column] if isinstance(v, str)}
    english = "Big bang: all units"  # Hershey's one wave, as the planner names it
    assert plan_name(english, Language.FA) in cells and english not in cells
    people = app_as(trainer, organisation_id=seeded.org_a, page="training_people.py")
    assert not people.exception
    shown = set(people.selectbox(key="course_mode").options)  # the labels a reader sees
    assert not {"online", "classroom", "blended", "self_paced"} & shown
    assert "آموزش الکترونیکی خودآموز" in shown
