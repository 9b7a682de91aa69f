"""D3 and D16 on the Programme setup page: two browsers edit the same programme or profile; the
stale save is refused with what changed, the user's input is kept, and nothing is lost. A save
that changes nothing writes nothing."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from rollout.services.audit import list_audit_events
from rollout.services.organisations import get_organisation
from rollout.services.programmes import get_programme
from tests.ui.conftest import Seeded, app_as


def _setup(seeded: Seeded, role: str) -> AppTest:
    at = app_as(seeded.users[role], organisation_id=seeded.org_a, page="programme_setup.py")
    assert not at.exception, at.exception
    return at


def _click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label.startswith(label)).click().run()
    assert not at.exception, at.exception


def _programme(seeded: Seeded) -> Any:
    return get_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                         programme_id=seeded.programme_a)


def test_d3_a_stale_programme_save_is_refused_with_what_changed_and_keeps_the_input(
    seeded: Seeded,
) -> None:
    owner, consultant = _setup(seeded, "project_owner"), _setup(seeded, "consultant")
    opened = _programme(seeded)
    owner.text_input(key="prog_system").input("Dynamics 365")
    _click(owner, "Save programme")
    assert _programme(seeded).programme.target_system == "Dynamics 365"

    consultant.text_input(key="prog_modules").input("sales, service, marketing")
    _click(consultant, "Save programme")
    assert any("changed by someone else" in e.value for e in consultant.error)
    assert any("target system" in w.value and "Dynamics 365" in w.value
               for w in consultant.warning)
    stored = _programme(seeded)
    assert stored.version == opened.version + 1
    assert stored.programme.target_system == "Dynamics 365"  # the owner's change is not reverted
    assert stored.programme.modules == opened.programme.modules
    # The consultant's input is still in the form, ready to apply again.
    assert consultant.text_input(key="prog_modules").value == "sales, service, marketing"

    _click(consultant, "Load the latest programme")
    assert consultant.text_input(key="prog_system").value == "Dynamics 365"
    consultant.text_input(key="prog_modules").input("sales, service, marketing")
    _click(consultant, "Save programme")
    final = _programme(seeded)
    assert final.programme.target_system == "Dynamics 365"
    assert final.programme.modules == ["sales", "service", "marketing"]


def test_d3_a_stale_profile_save_is_refused_and_keeps_the_colleagues_change(
    seeded: Seeded,
) -> None:
    owner, consultant = _setup(seeded, "project_owner"), _setup(seeded, "consultant")
    owner.text_input(key="org_industry").input("wholesale")
    _click(owner, "Save profile")
    consultant.text_input(key="org_country").input("GB")
    _click(consultant, "Save profile")
    assert any("changed by someone else" in e.value for e in consultant.error)
    stored = get_organisation(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a)
    assert stored.profile.industry == "wholesale"
    assert consultant.text_input(key="org_country").value == "GB"


def test_d16_saving_the_programme_unchanged_writes_nothing(seeded: Seeded) -> None:
    at = _setup(seeded, "project_owner")
    before = _programme(seeded)
    events = len(list_audit_events(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a))
    _click(at, "Save programme")
    assert any("nothing was saved" in s.value for s in at.success)
    after = _programme(seeded)
    assert after == before
    assert len(list_audit_events(seeded.db, actor=seeded.admin,
                                 organisation_id=seeded.org_a)) == events
