"""Whether single sign-on (Streamlit's OIDC ``st.login``) is configured in ``secrets.toml``."""

from __future__ import annotations

import streamlit as st


def single_sign_on_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file, or one Streamlit cannot parse: SSO is simply off
        return False
