"""Audit log page: the organisation's events, filters, paging, and the administrators' toggle."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from rollout.permissions import ObjectType, Role
from rollout.persistence import repositories as repo
from rollout.services.access import audit_row
from rollout.services.accounts import authenticate, create_user
from rollout.services.organisations import add_member
from rollout.ui.navigation import visible_specs
from tests.ui.conftest import ORG_A, ORG_B, PASSWORD, Seeded, all_text, app_as, shown


def _actions(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["action"]) if at.dataframe else []


def test_executives_and_admins_see_the_organisations_events_newest_first(seeded: Seeded) -> None:
    for who in (seeded.users["executive"], seeded.admin):
        at = app_as(who, organisation_id=seeded.org_a, page="audit_log.py")
        assert not at.exception, at.exception
        events = at.dataframe[0].value
        assert list(events["id"]) == sorted(events["id"], reverse=True)
        assert {"organisation.create", "programme.create", "assessment.create",
                "membership.add"} <= set(events["action"])
        for key in ("audit_actor", "audit_action"):
            assert at.text_input(key=key).value == ""
        assert at.selectbox(key="audit_outcome").options == ["(any)", "ok", "refused"]
        assert at.date_input(key="audit_from").value is None
        # Before and after values as JSON, in expanders.
        assert any("organisation.create" in shown(e.label) for e in at.expander)
        assert at.json
    # Only administrators may look at events outside any organisation (logins, accounts).
    executive = app_as(seeded.users["executive"], organisation_id=seeded.org_a,
                       page="audit_log.py")
    assert len(executive.toggle) == 0


def test_admins_can_switch_to_events_outside_any_organisation(seeded: Seeded) -> None:
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="audit_log.py")
    assert "login.succeeded" not in _actions(at)
    at.toggle(key="audit_outside").set_value(True).run()
    assert {"login.succeeded", "user.create"} <= set(_actions(at))
    assert "organisation.create" not in _actions(at)


def test_filters_narrow_the_events(seeded: Seeded) -> None:
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="audit_log.py")
    at.text_input(key="audit_action").input("membership").run()
    assert set(_actions(at)) == {"membership.add"}
    at.text_input(key="audit_actor").input("nobody-like-this").run()
    assert not at.dataframe and any("No event matches" in i.value for i in at.info)
    at.text_input(key="audit_actor").input("").run()
    at.text_input(key="audit_action").input("").run()
    at.selectbox(key="audit_outcome").set_value("refused").run()
    assert not at.dataframe


def test_paging_goes_back_through_older_events_and_forward_again(seeded: Seeded) -> None:
    with seeded.db.transaction() as session:
        for n in range(60):
            repo.add_audit_event(session, row=audit_row(
                seeded.admin, f"test.event_{n:02d}", organisation_id=seeded.org_a,
                object_type=ObjectType.ORGANISATION, object_id=seeded.org_a))
    at = app_as(seeded.users["executive"], organisation_id=seeded.org_a, page="audit_log.py")
    first = _actions(at)
    assert len(first) == 50 and first[0] == "test.event_59"
    at.button(key="audit_older").click().run()
    second = _actions(at)
    assert second[0] == "test.event_09" and "organisation.create" in second
    assert not set(first) & set(second)
    assert at.button(key="audit_older").disabled
    at.button(key="audit_newer").click().run()
    assert _actions(at) == first


def test_the_page_is_in_navigation_only_for_roles_that_may_view_the_log() -> None:
    for role in Role:
        files = [s.file for s in visible_specs(role=role, is_admin=role is Role.ADMIN,
                                               organisations_count=1,
                                               is_consultant_anywhere=role is Role.CONSULTANT)]
        assert ("audit_log.py" in files) is (role in (Role.ADMIN, Role.EXECUTIVE)), role


def test_an_executive_of_another_organisation_never_sees_its_events(seeded: Seeded) -> None:
    create_user(seeded.db, actor=seeded.admin, email="exec-b@example.test", password=PASSWORD)
    add_member(seeded.db, actor=seeded.admin, organisation_id=seeded.org_b,
               email="exec-b@example.test", role=Role.EXECUTIVE)
    executive_b = authenticate(seeded.db, email="exec-b@example.test", password=PASSWORD)
    at = app_as(executive_b, organisation_id=seeded.org_b, page="audit_log.py")
    assert not at.exception
    text = all_text(at)
    assert ORG_B in text and ORG_A not in text and seeded.org_a not in text


def test_d21_from_after_to_is_refused_with_a_message(seeded: Seeded) -> None:
    import datetime as dt

    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="audit_log.py")
    at.date_input(key="audit_from").set_value(dt.date(2026, 6, 1))
    at.date_input(key="audit_to").set_value(dt.date(2026, 5, 1)).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "From (2026-06-01) is after To (2026-05-01): no event can match. Swap them, or clear one "
        "of them."]
    assert not at.dataframe
