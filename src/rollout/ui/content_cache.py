"""The parsed knowledge base, cached once per server process (the engine built from it is
cached by :func:`rollout.risk.engine.engine_for`).

Content is the same for every user and organisation, so ``st.cache_resource`` is safe here; tenant
data is never cached in this module.
"""

from __future__ import annotations

import streamlit as st

from rollout.content.loader import Content, load_default_content


@st.cache_resource
def cached_content() -> Content:
    return load_default_content()
