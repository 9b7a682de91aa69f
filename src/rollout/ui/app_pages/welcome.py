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
from rollout.ui.translation import _, isolate, number

db = database()
actor = state.current_actor()
st.title(_("Welcome to Rollout"))
state.show_flash()
# Creating organisations (the demo included) is a global right; the services check the same rule.
if not allows(effective_role(is_admin=actor.is_admin, membership_role=None),
              ObjectType.ORGANISATION, Action.EDIT):
    st.info(_("You are signed in as {email}, but you are not a member of any organisation yet. "
              "Ask an administrator to add you to your organisation; it appears here as soon as "
              "they have.", email=isolate(escape_markdown(actor.email))))
    st.stop()

st.write(_("There is no organisation to work on yet. Start with the demo, or describe your "
           "own."))
left, right = st.columns(2)
with left:
    st.subheader(_("Start with the demo organisation"))
    programme = demo.PROGRAMME
    st.write(_("{name}: a fictional confectionery manufacturer with {staff} staff in {units} "
               "business units, {platforms} legacy platforms, gifting-season peaks, a concurrent "
               "ERP upgrade, a half-answered assessment and {actions} mitigation actions. "
               "Loading it twice changes nothing.", name=f"**{isolate(demo.DEMO_NAME)}**",
               staff=number(programme.users_total), units=len(programme.business_units),
               platforms=len(programme.legacy_platforms), actions=len(demo.ACTIONS)))
    if st.button(_("Start with the demo organisation"), type="primary", key="welcome_demo"):
        try:
            with st.spinner(_("Loading the demo organisation ...")):
                organisation = demo.load_demo(db, actor=actor, content=cached_content())[0]
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.choose_organisation(organisation.id)
            state.flash(_("{name} is ready. Its assessment is half answered: open Assessment to "
                          "finish and submit it, then come back to this dashboard.",
                          name=organisation.name))
            st.rerun()
with right:
    st.subheader(_("New organisation"))
    st.write(_("Describe your organisation and its CRM programme: profile, dates, approach. The "
               "guided programme setup follows."))
    if st.button(_("New organisation"), key="welcome_new"):
        st.switch_page(page_path("new_organisation.py"))
