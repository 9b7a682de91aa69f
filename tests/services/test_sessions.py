"""Browser sessions: a one-time hand-off, an expiring token stored only as a hash, revoked by
sign-out and by disabling, and ended by any change of the user's credentials version."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from rollout.errors import AuthenticationError
from rollout.permissions import Role
from rollout.persistence.tables import WebSessionRow, utc_now
from rollout.services.accounts import set_user_active
from rollout.services.organisations import change_member_role
from rollout.services.sessions import (
    HANDOFF_LIFETIME,
    SESSION_LIFETIME,
    check_web_session,
    claim_web_session,
    open_web_session,
    resume_web_session,
    revoke_web_session,
)
from tests.services.conftest import World


def _signed_in(world: World, role: Role = Role.TRAINER) -> tuple[str, str]:
    session_id, code = open_web_session(world.db, actor=world.actor(role))
    token, _ = claim_web_session(world.db, handoff_code=code)
    return session_id, token


def test_a_claimed_session_resumes_as_its_user_and_stores_no_secret(world: World) -> None:
    session_id, token = _signed_in(world)
    resumed = resume_web_session(world.db, token=token)
    assert resumed.id == session_id and resumed.actor == world.actor(Role.TRAINER)
    with world.db.reading() as session:
        row = session.exec(select(WebSessionRow)).one()
    assert token not in (row.token_hash, row.handoff_hash) and row.handoff_hash is None


def test_a_hand_off_code_works_once_and_only_within_its_minute(world: World) -> None:
    _, code = open_web_session(world.db, actor=world.actor(Role.TRAINER))
    with pytest.raises(AuthenticationError, match="expired or was used"):
        claim_web_session(world.db, handoff_code=code,
                          now=utc_now() + HANDOFF_LIFETIME + dt.timedelta(seconds=1))
    claim_web_session(world.db, handoff_code=code)
    with pytest.raises(AuthenticationError, match="expired or was used"):
        claim_web_session(world.db, handoff_code=code)
    for junk in (None, "", "x" * 10_000, 42, "guess"):
        with pytest.raises(AuthenticationError):
            claim_web_session(world.db, handoff_code=junk)


def test_a_session_expires(world: World) -> None:
    _, token = _signed_in(world)
    with pytest.raises(AuthenticationError):
        resume_web_session(world.db, token=token, now=utc_now() + SESSION_LIFETIME)


def test_signing_out_revokes_the_session_for_every_tab(world: World) -> None:
    session_id, token = _signed_in(world)
    assert revoke_web_session(world.db, session_id=session_id) is True
    with pytest.raises(AuthenticationError):
        resume_web_session(world.db, token=token)
    with pytest.raises(AuthenticationError):
        check_web_session(world.db, session_id=session_id)


def test_disabling_the_user_revokes_their_sessions_and_re_enabling_does_not_revive_them(
    world: World,
) -> None:
    session_id, token = _signed_in(world)
    trainer = world.actor(Role.TRAINER)
    assert trainer.user_id is not None
    set_user_active(world.db, actor=world.admin, user_id=trainer.user_id, active=False)
    with world.db.reading() as session:
        assert session.get(WebSessionRow, session_id).revoked_at is not None  # type: ignore[union-attr]
    set_user_active(world.db, actor=world.admin, user_id=trainer.user_id, active=True)
    with pytest.raises(AuthenticationError):
        resume_web_session(world.db, token=token)


def test_a_role_change_ends_the_session(world: World) -> None:
    _, token = _signed_in(world)
    trainer = world.actor(Role.TRAINER)
    assert trainer.user_id is not None
    change_member_role(world.db, actor=world.admin, organisation_id=world.own.id,
                       user_id=trainer.user_id, role=Role.EXECUTIVE)
    with pytest.raises(AuthenticationError):
        resume_web_session(world.db, token=token)


def test_a_forged_or_oversized_token_is_refused(world: World) -> None:
    _signed_in(world)
    for forged in ("", "a" * 43, "x" * 100_000, None, 7):
        with pytest.raises(AuthenticationError):
            resume_web_session(world.db, token=forged)
