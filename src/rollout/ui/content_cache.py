"""The parsed knowledge base and engine, cached once per server process.

Content is the same for every user and organisation, so ``st.cache_resource`` is safe here; tenant
data is never cached in this module.
"""

from __future__ import annotations

import streamlit as st

from rollout.content.loader import Content, load_default_content
from rollout.risk.engine import RiskEngine, engine_for


@st.cache_resource
def cached_content() -> Content:
    return load_default_content()


@st.cache_resource
def cached_engine() -> RiskEngine:
    return engine_for(cached_content())
