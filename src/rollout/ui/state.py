"""The one module that owns Streamlit session-state keys.

Session state holds only who is signed in and which organisation they are looking at. Everything
a user enters is saved to the database straight away, so nothing is lost when a session ends.
"""

from __future__ import annotations

import functools
import os
from typing import Any, TypeVar

import streamlit as st

from rollout.errors import AuthenticationError
from rollout.escaping import escape_markdown_block
from rollout.i18n import Language, default_language, translator
from rollout.i18n.language import _SYSTEM_VARIABLES as SYSTEM_LOCALE_VARIABLES
from rollout.i18n.language import LANGUAGE_VARIABLE
from rollout.i18n.numbers import Digits
from rollout.services import (
    SESSION_COOKIE,
    Actor,
    Database,
    check_web_session,
    open_web_session,
    resume_session,
    resume_web_session,
    revoke_web_session,
)

ACTOR = "rollout_actor"
ORGANISATION_ID = "rollout_organisation_id"
FLASH = "rollout_flash"  # one message shown after a rerun (e.g. "saved")
SESSION_ENDED_MESSAGE = "rollout_session_ended"
LANGUAGE = "rollout_language"  # this tab's language, copied from the account or the default
DIGITS = "rollout_digits"  # this tab's digits ("latin" or "persian"), copied like the language

T = TypeVar("T")


WEB_SESSION_ID = "rollout_web_session_id"  # the browser session (never its token) of this tab
PENDING_HANDOFF = "rollout_pending_handoff"  # a one-time code the browser trades for the cookie
CLEAR_COOKIE = "rollout_clear_cookie"  # ask the browser to drop the session cookie
REFUSED_COOKIE = "rollout_refused_cookie"  # this tab's cookie was refused once: do not retry


def signed_in_actor(db: Database) -> Actor | None:
    """The signed-in user, re-checked against the database on every page run.

    A tab without a user yet resumes the browser's session cookie (a reload, a new tab, a
    bookmark). A disabled user, one whose password or role changed, or a session signed out or
    expired (in any tab) is signed out here.
    """
    actor = st.session_state.get(ACTOR)
    try:
        if actor is None:
            return _resume_from_cookie(db)
        fresh = resume_session(db, actor=actor)
        session_id = st.session_state.get(WEB_SESSION_ID)
        if session_id is not None:
            check_web_session(db, session_id=session_id)
    except AuthenticationError as exc:
        sign_out()
        st.session_state[SESSION_ENDED_MESSAGE] = str(exc)
        st.session_state[CLEAR_COOKIE] = True
        return None
    st.session_state[ACTOR] = fresh
    apply_preferences(fresh)
    return fresh


def _resume_from_cookie(db: Database) -> Actor | None:
    token = st.context.cookies.get(SESSION_COOKIE)
    if not token or st.session_state.get(REFUSED_COOKIE):
        return None
    try:
        web_session = resume_web_session(db, token=token)
    except AuthenticationError:
        # The cookie is stale (the websocket keeps the one the tab was opened with): say so once.
        st.session_state[REFUSED_COOKIE] = True
        raise
    st.session_state[ACTOR] = web_session.actor
    st.session_state[WEB_SESSION_ID] = web_session.id
    apply_preferences(web_session.actor)
    return web_session.actor


def sign_in(actor: Actor, *, db: Database | None = None) -> None:
    """Sign this tab in; with ``db``, also open a browser session that survives reloads."""
    st.session_state[ACTOR] = actor
    apply_preferences(actor)
    if db is not None and actor.user_id is not None:
        session_id, code = open_web_session(db, actor=actor)
        st.session_state[WEB_SESSION_ID] = session_id
        st.session_state[PENDING_HANDOFF] = code


def sign_out(db: Database | None = None) -> None:
    """Sign this tab out; with ``db``, revoke the browser session and drop its cookie too."""
    session_id = st.session_state.get(WEB_SESSION_ID)
    if db is not None and session_id is not None:
        revoke_web_session(db, session_id=session_id)
        st.session_state[CLEAR_COOKIE] = True
        st.session_state[REFUSED_COOKIE] = True  # this tab's websocket still carries the cookie
    for key in (ACTOR, ORGANISATION_ID, WEB_SESSION_ID, PENDING_HANDOFF):
        st.session_state.pop(key, None)


def pop_pending_handoff() -> str | None:
    code: str | None = st.session_state.pop(PENDING_HANDOFF, None)
    return code


def pop_clear_cookie() -> bool:
    return bool(st.session_state.pop(CLEAR_COOKIE, False))


def current_actor() -> Actor:
    """The signed-in user; pages run only after the router checked there is one."""
    actor = st.session_state.get(ACTOR)
    if actor is None:
        st.error(translator(current_language()).gettext("You are not signed in."))
        st.stop()
    signed_in: Actor = actor
    return signed_in


def current_language() -> Language:
    """The language this tab shows: the one chosen for it, else the server's default."""
    chosen = st.session_state.get(LANGUAGE)
    if isinstance(chosen, Language):
        return chosen
    # A page asks thousands of times per run (every text, every row's date); the environment
    # it is read from is looked at each time, the answer worked out once per environment.
    return _default_language_for(tuple(os.environ.get(v) for v in _LANGUAGE_VARIABLES))


_LANGUAGE_VARIABLES = (LANGUAGE_VARIABLE, *SYSTEM_LOCALE_VARIABLES)  # what default_language reads


@functools.lru_cache(maxsize=8)
def _default_language_for(values: tuple[str | None, ...]) -> Language:
    environ = {name: value for name, value in zip(_LANGUAGE_VARIABLES, values, strict=True)
               if value is not None}
    try:
        return default_language(environ)
    except ValueError:
        # A mistyped ROLLOUT_LANGUAGE is reported by `rollout serve` at start; a page shows
        # English rather than failing.
        return Language.EN


def choose_language(language: Language) -> None:
    st.session_state[LANGUAGE] = language


def current_digits() -> Digits:
    """Persian digits only in Persian, where they are the usual ones unless the user turned them
    off; English always uses Latin digits."""
    if current_language() is not Language.FA:
        return "latin"
    chosen = st.session_state.get(DIGITS)
    return "latin" if chosen == "latin" else "persian"


def choose_digits(digits: Digits | None) -> None:
    if digits is None:
        st.session_state.pop(DIGITS, None)
    else:
        st.session_state[DIGITS] = digits


def apply_preferences(actor: Actor) -> None:
    """The account's language and digits for this tab (at sign-in and on every page run); an
    account that chose none follows the server's default."""
    language = Language.from_tag(actor.language) if actor.language else None
    if language is None:
        st.session_state.pop(LANGUAGE, None)
    else:
        choose_language(language)
    choose_digits("persian" if actor.digits == "persian"
                  else "latin" if actor.digits == "latin" else None)


def current_organisation_id() -> str | None:
    return st.session_state.get(ORGANISATION_ID)


def choose_organisation(organisation_id: str | None) -> None:
    st.session_state[ORGANISATION_ID] = organisation_id


def pop_session_ended_message() -> str | None:
    message: str | None = st.session_state.pop(SESSION_ENDED_MESSAGE, None)
    return message


def flash(message: str) -> None:
    st.session_state[FLASH] = ("success", message)


def flash_error(message: str) -> None:
    st.session_state[FLASH] = ("error", message)


def show_flash() -> None:
    """Show (once) the message a callback or a previous run left for this run.

    Messages are plain text (they often name what the user typed): shown escaped, never as
    markdown.
    """
    flashed: Any = st.session_state.pop(FLASH, None)
    if flashed:
        kind, message = flashed
        (st.error if kind == "error" else st.success)(escape_markdown_block(message))


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
    page: str | None = st.session_state.pop(NEXT_PAGE, None)
    return page


ORGANISATION_SWITCHER = "switcher_organisation"  # the sidebar selectbox's key (session_bar)


# --- edit forms built from one stored version (optimistic locking on setup pages) -------------

EDIT_BASES = "rollout_edit_bases"  # object id -> the stored object an open edit form was built from


def edit_base(object_id: str, current: T, *, form_widget: str) -> T:
    """The stored object an open edit form was built from, kept until the user saves or reloads.

    ``form_widget`` is the key of one widget of the form: when it is not in the session the form
    is freshly opened (first visit, or the page was left), so the form starts from ``current``.
    Building the form from this base (not from what is stored now) keeps the user's input when a
    colleague saves meanwhile, and its version goes with the save as ``expected_version``.
    """
    bases: dict[str, Any] = st.session_state.setdefault(EDIT_BASES, {})
    if form_widget not in st.session_state or object_id not in bases:
        bases[object_id] = current
    base: T = bases[object_id]
    return base


def forget_edit_base(object_id: str) -> None:
    """After a save: the next run builds the form from what is stored then."""
    st.session_state.get(EDIT_BASES, {}).pop(object_id, None)


def reload_edit_form(object_id: str, widget_keys: tuple[str, ...]) -> None:
    """Discard the user's unsaved input and rebuild the form from the stored version."""
    forget_edit_base(object_id)
    for key in widget_keys:
        st.session_state.pop(key, None)
