"""The sidebar every signed-in page shares: who is signed in, the organisation switcher, sign out."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rollout.escaping import escape_markdown
from rollout.permissions import Role
from rollout.services import (
    Actor,
    Database,
    OrganisationRecord,
    list_organisations_with_roles,
)
from rollout.ui import state


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
        st.caption(f"Signed in as **{escape_markdown(actor.email)}**"
                   + (" (administrator)" if actor.is_admin else ""))
        if len(ids) > 1:
            # The chosen organisation is the truth, so a page that switches organisation (the
            # portfolio, a new organisation) moves the selector too.
            st.session_state[state.ORGANISATION_SWITCHER] = current
            st.selectbox("Organisation", ids, format_func=names.__getitem__,
                         key=state.ORGANISATION_SWITCHER, on_change=_take_switcher_choice)
        elif current:
            st.caption(f"Organisation: **{escape_markdown(names[current])}**")
        if current:
            role = roles.get(current)
            st.caption(f"Your role here: {role.value.replace('_', ' ') if role else 'none'}")
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
        if st.button("Sign out", key="sign_out"):
            state.sign_out(db)  # revokes the browser session: other tabs end on their next run
            st.rerun()
