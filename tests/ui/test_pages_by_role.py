"""Every page for every role: renders without an exception, and only permitted pages appear.

Also the tenant check: a member of organisation B never sees organisation A's name anywhere.
"""

from __future__ import annotations

import pytest

from rollout.permissions import Role
from rollout.ui.navigation import PAGES, visible_specs
from tests.ui.conftest import ORG_A, ORG_B, Seeded, all_text, app_as

MEMBER_ROLES = ["project_owner", "executive", "trainer", "consultant"]


def _shown_files(role: Role | None, *, is_admin: bool = False, consultant: bool = False) -> list[str]:
    return [s.file for s in visible_specs(role=role, is_admin=is_admin, organisations_count=1,
                                          is_consultant_anywhere=consultant)]


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_each_visible_page_renders_for_the_role(seeded: Seeded, role: str) -> None:
    files = _shown_files(Role(role), consultant=role == "consultant")
    for file in files:
        at = app_as(seeded.users[role], organisation_id=seeded.org_a, page=file)
        assert not at.exception, (file, at.exception)


def test_navigation_follows_the_permission_matrix() -> None:
    executive = _shown_files(Role.EXECUTIVE)
    trainer = _shown_files(Role.TRAINER)
    owner = _shown_files(Role.PROJECT_OWNER)
    assert "audit_log.py" in executive and "audit_log.py" not in owner
    assert "assessment.py" in owner and "assessment.py" not in executive
    assert "programme_setup.py" not in trainer and "plan.py" in trainer
    assert "administration.py" not in owner
    assert "administration.py" in _shown_files(Role.ADMIN, is_admin=True)
    assert "portfolio.py" in _shown_files(Role.CONSULTANT, consultant=True)
    assert {s.file for s in PAGES} == set(_shown_files(Role.ADMIN, is_admin=True))


def test_a_page_outside_the_navigation_cannot_be_opened(seeded: Seeded) -> None:
    at = app_as(seeded.users["trainer"], organisation_id=seeded.org_a)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("src/rollout/ui/app_pages/programme_setup.py")


def test_a_member_of_another_organisation_never_sees_its_name(seeded: Seeded) -> None:
    for file in _shown_files(Role.PROJECT_OWNER):
        at = app_as(seeded.outsider, organisation_id=seeded.org_a, page=file)
        assert not at.exception, (file, at.exception)
        text = all_text(at)
        assert ORG_A not in text, file
    home = app_as(seeded.outsider, organisation_id=seeded.org_a)
    assert ORG_B in all_text(home)  # the switcher fell back to the outsider's own organisation
