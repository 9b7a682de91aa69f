"""Administration page: accounts and memberships, for administrators only."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from rollout.permissions import Role
from rollout.persistence.records import UserRecord
from rollout.services.accounts import authenticate, list_users
from rollout.services.organisations import list_members
from rollout.ui import state
from rollout.ui.navigation import PAGES_DIR, visible_specs
from tests.ui.conftest import ORG_A, ORG_B, PASSWORD, Seeded, app_as

NEW_PASSWORD = "another long passphrase"


def _user(seeded: Seeded, email: str) -> UserRecord:
    return next(u for u in list_users(seeded.db, actor=seeded.admin) if u.email == email)


def _members(seeded: Seeded, organisation_id: str) -> dict[str, Role]:
    return {m.email: m.role for m in list_members(seeded.db, actor=seeded.admin,
                                                  organisation_id=organisation_id)}


def test_admins_create_disable_enable_and_reset_users(seeded: Seeded) -> None:
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="administration.py")
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs] == ["Users", "Memberships"]
    assert "trainer@example.test" in set(at.dataframe[0].value["e-mail"])

    at.text_input(key="new_user_email").input("new.person@example.test")
    at.text_input(key="new_user_name").input("New Person")
    at.text_input(key="new_user_password").input(PASSWORD)
    at.text_input(key="new_user_repeat").input(PASSWORD)
    at.button(key="new_user_create").click().run()
    assert not at.error, [e.value for e in at.error]
    created = _user(seeded, "new.person@example.test")
    assert created.display_name == "New Person" and created.is_active and not created.is_admin

    at.selectbox(key="active_user").set_value(created.id).run()
    at.button(key="toggle_active").click().run()
    assert not _user(seeded, "new.person@example.test").is_active
    at.selectbox(key="active_user").set_value(created.id).run()
    assert at.button(key="toggle_active").label == "Enable"
    at.button(key="toggle_active").click().run()
    assert _user(seeded, "new.person@example.test").is_active

    at.selectbox(key="reset_user").set_value(created.id)
    at.text_input(key="reset_password").input(NEW_PASSWORD)
    at.text_input(key="reset_repeat").input("a different one entirely")
    at.button(key="reset_submit").click().run()
    assert any("differ" in e.value for e in at.error)
    at.text_input(key="reset_repeat").input(NEW_PASSWORD)
    at.button(key="reset_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert authenticate(seeded.db, email="new.person@example.test", password=NEW_PASSWORD)


def test_admins_add_change_and_remove_memberships(seeded: Seeded) -> None:
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="administration.py")
    at.selectbox(key="members_organisation").set_value(seeded.org_b).run()
    trainer = seeded.users["trainer"]
    at.selectbox(key="add_member_user").set_value(trainer.user_id)
    at.selectbox(key="add_member_role").set_value(Role.CONSULTANT)
    at.button(key="add_member_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert _members(seeded, seeded.org_b)["trainer@example.test"] is Role.CONSULTANT

    # A new session sees the membership, and changes its role.
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="administration.py")
    at.selectbox(key="members_organisation").set_value(seeded.org_b).run()
    assert "trainer@example.test" in set(at.dataframe[1].value["e-mail"])
    at.selectbox(key="edit_member").set_value(trainer.user_id).run()
    at.selectbox(key="edit_member_role").set_value(Role.EXECUTIVE).run()
    at.button(key="change_role").click().run()
    assert _members(seeded, seeded.org_b)["trainer@example.test"] is Role.EXECUTIVE

    at.selectbox(key="edit_member").set_value(trainer.user_id).run()
    assert at.button(key="remove_member").disabled
    at.checkbox(key="confirm_remove").check().run()
    at.button(key="remove_member").click().run()
    assert "trainer@example.test" not in _members(seeded, seeded.org_b)
    assert _members(seeded, seeded.org_a)["trainer@example.test"] is Role.TRAINER


def test_only_administrators_get_the_page() -> None:
    for role in Role:
        files = [s.file for s in visible_specs(role=role, is_admin=role is Role.ADMIN,
                                               organisations_count=2,
                                               is_consultant_anywhere=role is Role.CONSULTANT)]
        assert ("administration.py" in files) is (role is Role.ADMIN), role


def test_the_page_itself_refuses_a_non_administrator(seeded: Seeded) -> None:
    at = AppTest.from_file(str(PAGES_DIR / "administration.py"), default_timeout=60)
    at.session_state[state.ACTOR] = seeded.outsider
    at.session_state[state.ORGANISATION_ID] = seeded.org_b
    at.run()
    assert not at.exception
    assert any("Only administrators" in e.value for e in at.error)
    assert not at.dataframe and ORG_A not in str(at) and ORG_B not in str(at)
