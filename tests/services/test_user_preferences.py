"""A user's own language and digits: stored on the account, audited, read back at every login."""

from __future__ import annotations

import pytest

from rollout.errors import AuthenticationError, InputError
from rollout.i18n import Language
from rollout.persistence.database import Database
from rollout.services import list_audit_events, set_user_active, set_user_preferences
from rollout.services.access import Actor
from rollout.services.accounts import authenticate, resume_session
from tests.services.conftest import PASSWORD, make_user


def test_a_chosen_language_is_stored_and_comes_back_with_the_next_login(
        db: Database, admin: Actor) -> None:
    ann = make_user(db, admin, "ann@example.org")
    assert ann.language is None and ann.digits is None  # follows the server's default
    fresh = set_user_preferences(db, actor=ann, language=Language.FA, digits="latin")
    assert (fresh.language, fresh.digits) == ("fa", "latin")
    assert resume_session(db, actor=ann).language == "fa"  # every page run reads it back
    again = authenticate(db, email="ann@example.org", password=PASSWORD)
    assert (again.language, again.digits) == ("fa", "latin")
    back = set_user_preferences(db, actor=again, language=None, digits=None)
    assert (back.language, back.digits) == (None, None)


def test_a_change_of_preferences_is_audited_and_an_unchanged_one_is_not(
        db: Database, admin: Actor) -> None:
    ann = make_user(db, admin, "ann@example.org")
    set_user_preferences(db, actor=ann, language="fa", digits="persian")
    set_user_preferences(db, actor=ann, language="fa", digits="persian")
    events = [e for e in list_audit_events(db, actor=admin, organisation_id=None)
              if e.action == "user.preferences"]
    assert len(events) == 1
    assert events[0].before == {"language": None, "digits": None}
    assert events[0].after == {"language": "fa", "digits": "persian"}


@pytest.mark.parametrize(("language", "digits"), [("de", None), ("fa", "roman")])
def test_an_unknown_language_or_kind_of_digits_is_refused(
        db: Database, admin: Actor, language: str, digits: str | None) -> None:
    ann = make_user(db, admin, "ann@example.org")
    with pytest.raises(InputError):
        set_user_preferences(db, actor=ann, language=language, digits=digits)
    assert resume_session(db, actor=ann).language is None


def test_a_disabled_account_cannot_change_its_preferences(db: Database, admin: Actor) -> None:
    ann = make_user(db, admin, "ann@example.org")
    set_user_active(db, actor=admin, user_id=ann.user_id or "", active=False)
    with pytest.raises(AuthenticationError):
        set_user_preferences(db, actor=ann, language="fa", digits=None)
