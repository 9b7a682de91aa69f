"""Browser sessions that survive reloads, new tabs and bookmarks, and end when they should.

A sign-in happens inside a Streamlit run, which has no HTTP response to set a cookie on. So the
run opens a session and gets a one-time hand-off code (valid for a minute, stored hashed); the
browser posts that code to Rollout's own HTTP route (:mod:`rollout.ui.server`), which trades it for the
session token and sets it as an ``HttpOnly; SameSite=Lax`` cookie. Page scripts never see the
token. Every later page run reads the cookie (``st.context.cookies``) and resumes the session
here, checked against the user's credentials version, so disabling the user, changing their
password or role, signing out or the expiry ends it.

Tokens are 256-bit random values; only their SHA-256 is stored, so a copy of the database
cannot be replayed as a cookie. A random token looked up server-side needs no signature: it
cannot be forged, and revocation needs the server-side row anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session

from rollout.errors import N_, AuthenticationError, Message, NotFoundError
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.tables import WebSessionRow, utc_now
from rollout.services.access import SESSION_ENDED, Actor, use_case

SESSION_COOKIE = "rollout_session"
# A working day plus margin: the OWASP Session Management Cheat Sheet asks for an absolute
# timeout sized to the application's use; a planner is used in working sessions, not for weeks.
SESSION_LIFETIME = dt.timedelta(hours=12)
# The browser posts the code right after the sign-in run; a minute covers a slow network.
HANDOFF_LIFETIME = dt.timedelta(minutes=1)
TOKEN_BYTES = 32
MAX_TOKEN_CHARACTERS = 100  # bounds what is hashed from a cookie or a request body


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _usable(secret: object) -> str | None:
    if not isinstance(secret, str) or not 0 < len(secret) <= MAX_TOKEN_CHARACTERS:
        return None
    return secret


@dataclass(frozen=True)
class WebSession:
    """A browser session as a page run holds it: its id (never the token) and its user."""

    id: str
    actor: Actor


def open_web_session(db: Database, *, actor: Actor,
                     now: dt.datetime | None = None) -> tuple[str, str]:
    """Open a browser session for a user who just signed in.

    Returns the session id and its one-time hand-off code (for the browser to post to
    :mod:`rollout.ui.server`, which sets the cookie).
    """
    now = now or utc_now()
    if actor.user_id is None or actor.credentials_version is None:
        raise AuthenticationError(SESSION_ENDED)
    code = secrets.token_urlsafe(TOKEN_BYTES)
    with use_case(db, actor) as uc:
        uc.check_actor()
        row = repo.add_web_session(uc.session, row=WebSessionRow(
            user_id=actor.user_id, credentials_version=actor.credentials_version,
            handoff_hash=_digest(code), handoff_expires_at=now + HANDOFF_LIFETIME,
            created_at=now, expires_at=now + SESSION_LIFETIME))
        return row.id, code


def claim_web_session(db: Database, *, handoff_code: object,
                      now: dt.datetime | None = None) -> tuple[str, dt.datetime]:
    """Trade a hand-off code (once, within its minute) for the session token and its expiry."""
    now = now or utc_now()
    code = _usable(handoff_code)
    if code is None:
        raise AuthenticationError(Message(N_("no sign-in to complete; sign in again")))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with db.transaction() as session:
        row = repo.find_web_session(session, handoff_hash=_digest(code))
        if row is None or row.revoked_at is not None or row.handoff_expires_at < now:
            raise AuthenticationError(Message(N_("this sign-in link has expired or was used; "
                                                 "sign in again")))
        repo.update_web_session(session, session_id=row.id, values={
            "handoff_hash": None, "token_hash": _digest(token)})
        return token, row.expires_at


def resume_web_session(db: Database, *, token: object,
                       now: dt.datetime | None = None) -> WebSession:
    """The session a cookie carries, checked (else AuthenticationError): see :func:`_checked`."""
    usable = _usable(token)
    if usable is None:
        raise AuthenticationError(SESSION_ENDED)
    with db.reading() as session:
        row = repo.find_web_session(session, token_hash=_digest(usable))
        return _checked(session, row, now=now or utc_now())


def check_web_session(db: Database, *, session_id: str,
                      now: dt.datetime | None = None) -> WebSession:
    """The same check by session id, on every page run of a signed-in tab."""
    with db.reading() as session:
        return _checked(session, repo.get_web_session(session, session_id=session_id),
                        now=now or utc_now())


def _checked(session: Session, row: WebSessionRow | None, *, now: dt.datetime) -> WebSession:
    """The session must exist, be unrevoked and unexpired, and its user active at the
    credentials version it was opened with (disabling, a password or role change move it)."""
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise AuthenticationError(SESSION_ENDED)
    try:
        user = repo.get_user(session, user_id=row.user_id)
    except NotFoundError:
        raise AuthenticationError(SESSION_ENDED) from None
    if not user.is_active or user.credentials_version != row.credentials_version:
        raise AuthenticationError(SESSION_ENDED)
    return WebSession(id=row.id, actor=Actor(
        user_id=user.id, email=user.email, is_admin=user.is_admin,
        credentials_version=user.credentials_version, language=user.language,
        digits=user.digits))


def revoke_web_session(db: Database, *, token: object = None, session_id: str | None = None,
                       now: dt.datetime | None = None) -> bool:
    """Sign a browser out for good, by its cookie's token or by session id (True if one ended)."""
    with db.transaction() as session:
        if session_id is not None:
            row = repo.get_web_session(session, session_id=session_id)
        else:
            usable = _usable(token)
            row = (repo.find_web_session(session, token_hash=_digest(usable))
                   if usable is not None else None)
        if row is None or row.revoked_at is not None:
            return False
        repo.update_web_session(session, session_id=row.id,
                                values={"revoked_at": now or utc_now()})
        return True


def revoke_web_sessions_of(db: Database, *, user_id: str, now: dt.datetime | None = None) -> int:
    """End every browser session of a user (disabling them does this, through accounts)."""
    with db.transaction() as session:
        return repo.revoke_web_sessions_of_user(session, user_id=user_id, at=now or utc_now())
