"""The choices every export screen offers (format, language, brand), the same on the Exports page
and on the Portfolio's "export all clients"."""

from __future__ import annotations

import streamlit as st

from rollout.i18n import N_, Language
from rollout.permissions import Role
from rollout.services import BrandRecord, ExportFormat, may_export
from rollout.ui import state
from rollout.ui.translation import _

FORMAT_LABELS = {
    ExportFormat.PDF: N_("Report (PDF)"),
    ExportFormat.HTML: N_("Report (HTML, one file)"),
    ExportFormat.XLSX: N_("Workbook (Excel)"),
    ExportFormat.ICS: N_("Calendar (ICS)"),
    ExportFormat.MSPDI: N_("MS Project (XML)"),
    ExportFormat.CSV: N_("Tables (CSV, zipped)"),
    ExportFormat.JSON: N_("Organisation bundle (JSON)"),
}
LANGUAGE_LABELS = {Language.EN: "English", Language.FA: "فارسی"}


def choose_format(role: Role | None, *, key: str, bundle: bool = True) -> ExportFormat | None:
    formats = [f for f in FORMAT_LABELS if may_export(role, f)
               and (bundle or f is not ExportFormat.JSON)]
    if not formats:
        return None
    return st.selectbox(_("Format"), formats, format_func=lambda f: _(FORMAT_LABELS[f]),
                        key=key)


def choose_language(*, key: str) -> Language:
    languages = list(Language)
    current = state.current_language()
    return st.selectbox(_("Language of the file"), languages,
                        index=languages.index(current), format_func=LANGUAGE_LABELS.__getitem__,
                        key=key)


def choose_brand(brands: list[BrandRecord], *, key: str) -> str | None:
    """A brand id, or None for no branding."""
    options: list[str | None] = [None, *[b.id for b in brands]]
    names = {b.id: b.name for b in brands}
    return st.selectbox(_("Branding"), options,
                        format_func=lambda i: _("None") if i is None else names[i], key=key)
