"""Rollout's Streamlit entry point: a router only."""

import streamlit as st

st.set_page_config(page_title="Rollout", page_icon="🧭", layout="wide")
st.navigation([st.Page("src/rollout/ui/app_pages/quick_assessment.py",
                       title="Quick assessment", icon="📋")]).run()
