"""The sidebar every page shares: the language switch, who is signed in, the organisation
switcher, sign out."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown
from rollout.i18n import Language
from rollout.i18n.numbers import Digits
from rollout.permissions import Role
from rollout.services import (
    Actor,
    Database,
    OrganisationRecord,
    list_organisations_with_roles,
    set_user_preferences,
)
from rollout.ui import state
from rollout.ui.translation import _, code_label, isolate

# Each language named in itself, so a reader finds their own whatever the page shows.
LANGUAGE_NAMES = {Language.EN: "English", Language.FA: "فارسی"}
LANGUAGE_SWITCH = "sidebar_language"
DIGITS_SWITCH = "sidebar_persian_digits"


def language_switch(db: Database, actor: Actor | None) -> None:
    """English / فارسی, and Persian digits on or off: applied at once, stored on the account
    (a signed-out tab keeps the choice for itself until someone signs in)."""
    st.session_state[LANGUAGE_SWITCH] = state.current_language()
    st.session_state[DIGITS_SWITCH] = state.current_digits() == "persian"
    with st.sidebar:
        st.radio(_("Language"), list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.__getitem__,
                 horizontal=True, key=LANGUAGE_SWITCH, on_change=_store_preferences,
                 args=(db, actor))
        if state.current_language() is Language.FA:
            st.toggle(_("Persian digits"), key=DIGITS_SWITCH, on_change=_store_preferences,
                      args=(db, actor))


def _store_preferences(db: Database, actor: Actor | None) -> None:
    language = Language(st.session_state[LANGUAGE_SWITCH])
    persian = bool(st.session_state.get(DIGITS_SWITCH, True))
    # Latin digits are all English has, and a new language starts with its usual digits (None);
    # only the digits switch, shown in Persian, stores a choice of digits.
    changed = language is not state.current_language()
    digits: Digits | None = (None if changed or language is Language.EN
                             else "persian" if persian else "latin")
    if actor is None:
        state.choose_language(language)
        state.choose_digits(digits)
        return
    try:
        fresh = set_user_preferences(db, actor=actor, language=language, digits=digits)
    except RolloutError as exc:
        state.flash_error(str(exc))
        return
    state.sign_in(fresh)


@dataclass(frozen=True)
class OrganisationContext:
    organisations: list[OrganisationRecord]
    organisation_id: str | None
    role: Role | None  # the role in the current organisation (admin everywhere for admins)
    is_consultant_anywhere: bool


def organisation_switcher(db: Database, actor: Actor) -> OrganisationContext:
    with_roles = list_organisations_with_roles(db, actor=actor)
    organisations = [organisation for organisation, _ in with_roles]
    ids = [o.id for o in organisations]
    names = {o.id: o.name for o in organisations}
    current = state.current_organisation_id()
    if current not in ids:
        current = ids[0] if ids else None
        state.choose_organisation(current)
    roles = {organisation.id: role for organisation, role in with_roles}
    with st.sidebar:
        who = f"**{isolate(escape_markdown(actor.email))}**"
        st.caption(_("Signed in as {who} (administrator)", who=who) if actor.is_admin
                   else _("Signed in as {who}", who=who))
        if len(ids) > 1:
            # The chosen organisation is the truth, so a page that switches organisation (the
            # portfolio, a new organisation) moves the selector too.
            st.session_state[state.ORGANISATION_SWITCHER] = current
            st.selectbox(_("Organisation"), ids, format_func=names.__getitem__,
                         key=state.ORGANISATION_SWITCHER, on_change=_take_switcher_choice)
        elif current:
            st.caption(_("Organisation: {name}",
                         name=f"**{isolate(escape_markdown(names[current]))}**"))
        if current:
            role = roles.get(current)
            st.caption(_("Your role here: {role}",
                         role=code_label(role) if role else _("none")))
    return OrganisationContext(
        organisations=organisations,
        organisation_id=current,
        role=roles.get(current) if current else None,
        is_consultant_anywhere=any(r is Role.CONSULTANT for r in roles.values()),
    )


def _take_switcher_choice() -> None:
    state.choose_organisation(st.session_state[state.ORGANISATION_SWITCHER])


def sign_out_button(db: Database) -> None:
    with st.sidebar:
        if st.button(_("Sign out"), key="sign_out"):
            state.sign_out(db)  # revokes the browser session: other tabs end on their next run
            st.rerun()
