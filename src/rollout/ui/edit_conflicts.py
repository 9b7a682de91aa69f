"""A colleague saved the object a user is editing: say so, show what changed, keep the input.

The setup forms are built from the version the user opened (:func:`rollout.ui.state.edit_base`);
a save from it is refused by the services when it is stale, and this module tells the user what
the newer version changed and offers to load it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from rollout.escaping import escape_markdown, excerpt
from rollout.i18n import Language
from rollout.ui import state
from rollout.ui.form_errors import field_label
from rollout.ui.translation import _, isolate, language

MAX_CHANGES_SHOWN = 12


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One line per top-level field that differs: 'target system: 'A' → 'B''."""
    lines = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            # English names the stored field as it is; other languages use the form's label.
            name = key.replace("_", " ") if language() is Language.EN else field_label(key)
            lines.append(f"{name}: {isolate(excerpt(before.get(key)))} → "
                         f"{isolate(excerpt(after.get(key)))}")
    return lines


def show_newer_version(*, what: str, object_id: str, opened: dict[str, Any], opened_version: int,
                       stored: dict[str, Any], stored_version: int,
                       widget_keys: tuple[str, ...]) -> None:
    """If someone saved ``what`` (already translated) since the user opened it: what changed, and
    a button to load it.

    Saving the form now would be refused, so the notice comes before the user types more.
    """
    if stored_version == opened_version:
        return
    changes = changed_fields(opened, stored)
    lines = "\n".join(f"- {escape_markdown(line)}" for line in changes[:MAX_CHANGES_SHOWN])
    more = len(changes) - MAX_CHANGES_SHOWN
    st.warning(
        _("Someone else changed the {what} since you opened it (you have version {opened}, it "
          "is now at version {stored}); your input below is kept, but saving it would be "
          "refused. Here is what changed:", what=what, opened=opened_version,
          stored=stored_version) + "\n\n"
        + (lines or "- " + _("nothing you can see (only the version moved)"))
        + ("\n- " + _("… and {count} more", count=more) if more > 0 else ""))
    st.button(_("Load the latest {what} (discards your unsaved input)", what=what),
              key=f"reload_{object_id}", on_click=state.reload_edit_form,
              args=(object_id, widget_keys))
