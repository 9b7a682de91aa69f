"""The sidebar every signed-in page shares: who is signed in, the organisation switcher, sign out."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rollout.permissions import Role
from rollout.persistence.database import Database
from rollout.persistence.records import OrganisationRecord
from rollout.services.access import Actor
from rollout.services.organisations import list_organisations, role_in
from rollout.ui import state


@dataclass(frozen=True)
class OrganisationContext:
    organisations: list[OrganisationRecord]
    organisation_id: str | None
    role: Role | None  # the role in the current organisation (admin everywhere for admins)
    is_consultant_anywhere: bool


def organisation_switcher(db: Database, actor: Actor) -> OrganisationContext:
    organisations = list_organisations(db, actor=actor)
    ids = [o.id for o in organisations]
    names = {o.id: o.name for o in organisations}
    current = state.current_organisation_id()
    if current not in ids:
        current = ids[0] if ids else None
        state.choose_organisation(current)
    roles = {o.id: role_in(db, actor=actor, organisation_id=o.id) for o in organisations}
    with st.sidebar:
        st.caption(f"Signed in as **{actor.email}**" + (" (administrator)" if actor.is_admin else ""))
        if len(ids) > 1:
            chosen = st.selectbox("Organisation", ids, index=ids.index(current) if current else 0,
                                  format_func=names.__getitem__, key="switcher_organisation")
            if chosen != current:
                state.choose_organisation(chosen)
                current = chosen
        elif current:
            st.caption(f"Organisation: **{names[current]}**")
        if current:
            role = roles.get(current)
            st.caption(f"Your role here: {role.value.replace('_', ' ') if role else 'none'}")
    return OrganisationContext(
        organisations=organisations,
        organisation_id=current,
        role=roles.get(current) if current else None,
        is_consultant_anywhere=any(r is Role.CONSULTANT for r in roles.values()),
    )


def sign_out_button(actor: Actor) -> None:
    with st.sidebar:
        if st.button("Sign out", key="sign_out"):
            state.sign_out()
            st.rerun()
