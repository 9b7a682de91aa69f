"""Opening the database once per server process, upgraded to the newest schema.

The engine (a connection pool) is shared by every session; sessions and tenant data never are.
The cache key is the database URL, so tests that point ROLLOUT_DATABASE_URL elsewhere get their
own engine.
"""

from __future__ import annotations

import streamlit as st

from rollout.services import (
    Database,
    open_database,
)
from rollout.settings import load_settings


@st.cache_resource(show_spinner="Preparing the database ...")
def _database_at(url: str) -> Database:
    return open_database(url)


def database() -> Database:
    return _database_at(load_settings().resolved_database_url)
