"""The one module that owns Streamlit session-state keys.

Session state holds only who is signed in and which organisation they are looking at. Everything
a user enters is saved to the database straight away, so nothing is lost when a session ends.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from rollout.errors import AuthenticationError
from rollout.services import (
    Actor,
    Database,
    resume_session,
)

ACTOR = "rollout_actor"
ORGANISATION_ID = "rollout_organisation_id"
FLASH = "rollout_flash"  # one message shown after a rerun (e.g. "saved")
SESSION_ENDED_MESSAGE = "rollout_session_ended"


def signed_in_actor(db: Database) -> Actor | None:
    """The signed-in user, re-checked against the database on every page run.

    A disabled user, or one whose password or role changed, is signed out here.
    """
    actor = st.session_state.get(ACTOR)
    if actor is None:
        return None
    try:
        fresh = resume_session(db, actor=actor)
    except AuthenticationError as exc:
        sign_out()
        st.session_state[SESSION_ENDED_MESSAGE] = str(exc)
        return None
    st.session_state[ACTOR] = fresh
    return fresh


def sign_in(actor: Actor) -> None:
    st.session_state[ACTOR] = actor


def sign_out() -> None:
    for key in (ACTOR, ORGANISATION_ID):
        st.session_state.pop(key, None)


def current_actor() -> Actor:
    """The signed-in user; pages run only after the router checked there is one."""
    actor = st.session_state.get(ACTOR)
    if actor is None:
        st.error("You are not signed in.")
        st.stop()
    return actor


def current_organisation_id() -> str | None:
    return st.session_state.get(ORGANISATION_ID)


def choose_organisation(organisation_id: str | None) -> None:
    st.session_state[ORGANISATION_ID] = organisation_id


def pop_session_ended_message() -> str | None:
    return st.session_state.pop(SESSION_ENDED_MESSAGE, None)


def flash(message: str) -> None:
    st.session_state[FLASH] = ("success", message)


def flash_error(message: str) -> None:
    st.session_state[FLASH] = ("error", message)


def show_flash() -> None:
    """Show (once) the message a callback or a previous run left for this run."""
    flashed: Any = st.session_state.pop(FLASH, None)
    if flashed:
        kind, message = flashed
        (st.error if kind == "error" else st.success)(message)


# --- forms and paging (keys below added for the actions, audit log and new-organisation pages) ---

SEEN_VERSIONS = "rollout_seen_versions"  # object id -> the version an open edit form was built from
PAGE_CURSORS = "rollout_page_cursors"  # list name -> before_id of each older page opened
NEXT_PAGE = "rollout_next_page"  # a page to open once navigation has been rebuilt


def seen_version(object_id: str, current: int) -> int:
    """The version of an object the user's edit form was built from (``current`` the first time).

    Pass it as ``expected_version`` when saving, so a change someone else saved in between is
    reported as a conflict instead of being overwritten.
    """
    seen: dict[str, int] = st.session_state.setdefault(SEEN_VERSIONS, {})
    return seen.setdefault(object_id, current)


def forget_seen_version(object_id: str) -> None:
    """After a save or a reload: the next form is built from the version then stored."""
    st.session_state.get(SEEN_VERSIONS, {}).pop(object_id, None)


def page_cursors(name: str) -> list[int]:
    """The ``before_id`` of every older page the user opened in a newest-first list (mutable)."""
    cursors: dict[str, list[int]] = st.session_state.setdefault(PAGE_CURSORS, {})
    return cursors.setdefault(name, [])


def open_after_rerun(page: str) -> None:
    """Remember a page to switch to on the next run (navigation may not list it yet)."""
    st.session_state[NEXT_PAGE] = page


def pop_next_page() -> str | None:
    return st.session_state.pop(NEXT_PAGE, None)


ORGANISATION_SWITCHER = "switcher_organisation"  # the sidebar selectbox's key (session_bar)
