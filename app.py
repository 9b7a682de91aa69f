"""Rollout's Streamlit entry point: a router only.

Page config, bootstrap (settings and database upgrade), the language (and right-to-left layout),
sign-in or first-run administrator creation, the organisation switcher, and navigation built
from the user's roles.
"""

import streamlit as st

from rollout.ui import navigation, state
from rollout.ui.bootstrap import database
from rollout.ui.direction import apply_direction
from rollout.ui.outage import shown_errors
from rollout.ui.session_bar import language_switch, organisation_switcher, sign_out_button
from rollout.ui.session_cookie import exchange_cookies

st.set_page_config(page_title="Rollout", page_icon="🧭", layout="wide")

# A database failure no page expected (PostgreSQL restarting) shows its message, not a trace.
with shown_errors():
    db = database()
    actor = state.signed_in_actor(db)
    exchange_cookies()
    language_switch(db, actor)
    apply_direction(state.current_language())
    if actor is None:
        # Every page's address leads to the sign-in form, so a bookmark or link opens that page
        # once the user has signed in (when their role allows it).
        st.navigation(navigation.sign_in_pages(), position="hidden").run()
    else:
        context = organisation_switcher(db, actor)
        sign_out_button(db)
        specs = navigation.visible_specs(
            role=context.role, is_admin=actor.is_admin, organisations_count=len(context.organisations),
            is_consultant_anywhere=context.is_consultant_anywhere)
        if context.organisation_id is None:
            specs = [s for s in specs if not s.organisation]
            pages = {**navigation.start_pages(), **navigation.build_pages(specs)}
        else:
            pages = navigation.build_pages(specs)
        # Every page the role allows stays listed: collapsed behind "View more" (Streamlit's default
        # beyond ten pages), a consultant's Portfolio and an admin's Administration were hidden.
        st.navigation(pages, expanded=True).run()
