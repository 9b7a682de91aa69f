"""The browser's side of a session cookie: post the hand-off code after a sign-in, ask for the
cookie to be dropped after a sign-out. The cookie itself is HttpOnly: no script here reads it.

``st.html`` runs the script in the page (same origin), so the server's answer to the fetch sets
the cookie for the whole app.
"""

from __future__ import annotations

import json

import streamlit as st

from rollout.ui import state

# Served by rollout.ui.server (outside Streamlit's reserved /_stcore/, /media/, /component/ prefixes).
SESSION_ROUTE = "/rollout-session"
SIGN_OUT_ROUTE = "/rollout-session/end"


def _post(route: str, body: str) -> None:
    st.html(
        "<script>fetch(new URL(" + json.dumps(route) + ", document.baseURI), {method: 'POST', "
        "credentials: 'same-origin', headers: {'Content-Type': "
        "'application/x-www-form-urlencoded'}, body: " + json.dumps(body) + "});</script>",
        unsafe_allow_javascript=True, width="content")


def exchange_cookies() -> None:
    """Run once per page run from the router, before the page itself."""
    code = state.pop_pending_handoff()
    if code is not None:
        _post(SESSION_ROUTE, "code=" + code)  # token_urlsafe: nothing to encode
    if state.pop_clear_cookie():
        _post(SIGN_OUT_ROUTE, "")
