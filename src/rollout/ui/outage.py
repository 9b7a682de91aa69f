"""What a page shows when the database fails under it: the error's message, never a trace.

Pages handle the errors they expect (a conflict, a refusal) where they happen; this guard, around
the whole script run in ``app.py``, catches the rest — in practice the database being unreachable
while PostgreSQL restarts — and shows the message in the user's language. The next rerun (any
click, a reload) tries again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown_block
from rollout.i18n.errors import translate_error
from rollout.ui import state


@contextmanager
def shown_errors() -> Iterator[None]:
    try:
        yield
    except RolloutError as exc:
        st.error(escape_markdown_block(translate_error(exc, state.current_language())))
        st.stop()
