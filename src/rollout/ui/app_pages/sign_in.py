"""Sign in; on an empty database, create the first administrator instead (no default passwords)."""

from __future__ import annotations

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown_block
from rollout.i18n.normalise import normalise_identifier, normalise_text
from rollout.services import (
    MIN_PASSWORD_LENGTH,
    actor_for_identity,
    authenticate,
    create_first_admin,
    needs_first_admin,
)
from rollout.ui import state
from rollout.ui.bootstrap import database
from rollout.ui.single_sign_on import single_sign_on_configured
from rollout.ui.translation import _

db = database()
st.title("Rollout")
st.caption(_("CRM implementation readiness, documented failure cases and calendar-aware rollout "
             "plans."))
ended = state.pop_session_ended_message()
if ended:
    st.warning(ended)

if needs_first_admin(db):
    st.subheader(_("Create the first administrator"))
    st.write(_("This installation has no accounts yet. The account you create now administers "
               "it; there is no default password."))
    with st.form("first_admin"):
        email = st.text_input(_("E-mail"), key="first_admin_email")
        name = st.text_input(_("Display name"), key="first_admin_name")
        password = st.text_input(_("Password (at least {count} characters)",
                                   count=MIN_PASSWORD_LENGTH),
                                 type="password", key="first_admin_password")
        repeat = st.text_input(_("Repeat the password"), type="password",
                               key="first_admin_repeat")
        submitted = st.form_submit_button(_("Create administrator"))
    if submitted:
        if password != repeat:
            st.error(_("The two passwords differ; type the same password twice."))
        else:
            try:
                actor = create_first_admin(db, email=normalise_identifier(email),
                                           password=password,
                                           display_name=normalise_text(name))
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                state.sign_in(actor, db=db)
                st.rerun()
else:
    st.subheader(_("Sign in"))
    with st.form("sign_in"):
        email = st.text_input(_("E-mail"), key="sign_in_email")
        password = st.text_input(_("Password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(_("Sign in"))
    if submitted:
        try:
            # The client's address, for per-source throttling (None when Streamlit has none;
            # behind a reverse proxy it is the proxy's, and the per-account limits still apply).
            actor = authenticate(db, email=normalise_identifier(email), password=password,
                                 source=st.context.ip_address or None)
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            # The page the user asked for (a bookmark, a link) opens after this rerun.
            state.sign_in(actor, db=db)
            st.rerun()
    if single_sign_on_configured():
        st.divider()
        if st.user.is_logged_in:
            try:
                actor = actor_for_identity(db, email=st.user.get("email"),
                                           email_verified=st.user.get("email_verified"))
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
                st.button(_("Sign out of the identity provider"), on_click=st.logout)
            else:
                # Streamlit's own HttpOnly identity cookie keeps this sign-in across reloads.
                state.sign_in(actor)
                st.rerun()
        else:
            st.button(_("Sign in with single sign-on"), on_click=st.login, key="sso")
