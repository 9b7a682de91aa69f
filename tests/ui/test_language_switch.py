"""The sidebar's language switch: applies at once, is stored on the account, and comes back at
the next sign-in (whatever the signed-out tab showed)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from rollout.i18n import Language
from rollout.services import authenticate, resume_session
from rollout.ui import state
from tests.ui.conftest import PASSWORD, Seeded, all_text, app_as


def _sidebar_text(at: AppTest) -> str:
    return " ".join(str(c.value) for c in at.sidebar.caption)


def test_choosing_persian_applies_at_once_and_is_stored_on_the_account(seeded: Seeded) -> None:
    owner = seeded.users["project_owner"]
    at = app_as(owner, organisation_id=seeded.org_a)
    assert "Signed in as" in _sidebar_text(at)
    at.radio(key="sidebar_language").set_value(Language.FA).run()
    assert not at.exception
    assert "واردشده با" in _sidebar_text(at)
    assert at.session_state[state.LANGUAGE] is Language.FA
    stored = resume_session(seeded.db, actor=owner)
    assert (stored.language, stored.digits) == ("fa", None)  # Persian's usual digits
    assert at.toggle(key="sidebar_persian_digits").value is True


def test_persian_digits_can_be_turned_off_and_stay_off(seeded: Seeded) -> None:
    owner = seeded.users["project_owner"]
    at = app_as(owner, organisation_id=seeded.org_a)
    at.radio(key="sidebar_language").set_value(Language.FA).run()
    at.toggle(key="sidebar_persian_digits").set_value(False).run()
    assert not at.exception
    assert resume_session(seeded.db, actor=owner).digits == "latin"
    assert at.toggle(key="sidebar_persian_digits").value is False


def test_the_language_comes_back_from_the_account_after_signing_out_and_in(
        seeded: Seeded) -> None:
    owner = seeded.users["project_owner"]
    at = app_as(owner, organisation_id=seeded.org_a)
    at.radio(key="sidebar_language").set_value(Language.FA).run()
    at.button(key="sign_out").click().run()
    # Signed out, the tab is switched back to English (for this tab only) ...
    at.radio(key="sidebar_language").set_value(Language.EN).run()
    assert "Sign in" in all_text(at)
    # ... and signing in brings the account's Persian back. (The form itself needs a client
    # address AppTest does not have; tests/browser signs in through it.)
    at.session_state[state.ACTOR] = authenticate(seeded.db, email=owner.email, password=PASSWORD)
    at.run()
    assert not at.exception
    assert at.session_state[state.LANGUAGE] is Language.FA
    assert "واردشده با" in _sidebar_text(at)


def test_an_account_that_chose_nothing_follows_the_server_default(
        seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLLOUT_LANGUAGE", "fa")
    at = app_as(seeded.users["executive"], organisation_id=seeded.org_a)
    assert "واردشده با" in _sidebar_text(at)
