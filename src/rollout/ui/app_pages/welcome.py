"""Welcome: where a signed-in user without any organisation starts."""

from __future__ import annotations

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.permissions import Action, ObjectType, allows, effective_role
from rollout.services import demo
from rollout.ui import state
from rollout.ui.bootstrap import database
from rollout.ui.content_cache import cached_content
from rollout.ui.navigation import page_path

db = database()
actor = state.current_actor()
st.title("Welcome to Rollout")
state.show_flash()
# Creating organisations (the demo included) is a global right; the services check the same rule.
if not allows(effective_role(is_admin=actor.is_admin, membership_role=None),
              ObjectType.ORGANISATION, Action.EDIT):
    st.info(f"You are signed in as {escape_markdown(actor.email)}, but you are not a member of "
            "any organisation "
            "yet. Ask an administrator to add you to your organisation; it appears here as soon "
            "as they have.")
    st.stop()

st.write("There is no organisation to work on yet. Start with the demo, or describe your own.")
left, right = st.columns(2)
with left:
    st.subheader("Start with the demo organisation")
    programme = demo.PROGRAMME
    st.write(f"**{demo.DEMO_NAME}**: a fictional confectionery manufacturer with "
             f"{programme.users_total:,} staff in {len(programme.business_units)} business units, "
             f"{len(programme.legacy_platforms)} legacy platforms, gifting-season peaks, a "
             f"concurrent ERP upgrade, a half-answered assessment and {len(demo.ACTIONS)} "
             "mitigation actions. Loading it twice changes nothing.")
    if st.button("Start with the demo organisation", type="primary", key="welcome_demo"):
        try:
            with st.spinner("Loading the demo organisation ..."):
                organisation, _ = demo.load_demo(db, actor=actor, content=cached_content())
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.choose_organisation(organisation.id)
            state.flash(f"{organisation.name} is ready. Its assessment is half answered: open "
                        "Assessment to finish and submit it, then come back to this dashboard.")
            st.rerun()
with right:
    st.subheader("New organisation")
    st.write("Describe your organisation and its CRM programme: profile, dates, approach. The "
             "guided programme setup follows.")
    if st.button("New organisation", key="welcome_new"):
        st.switch_page(page_path("new_organisation.py"))
