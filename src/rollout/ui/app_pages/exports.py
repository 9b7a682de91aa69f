"""Exports: the organisation's report, workbook, calendar, MS Project plan, tables or bundle, in
either language, with the consultancy's branding; and the brands themselves."""

from __future__ import annotations

import streamlit as st

from rollout.escaping import escape_markdown
from rollout.permissions import Action, ObjectType
from rollout.services import export_file, list_brands, save_brand
from rollout.ui import state
from rollout.ui.export_widgets import choose_brand, choose_format, choose_language
from rollout.ui.translation import _
from rollout.ui.workspace import choose_programme, open_workspace, run_or_stop

ws = open_workspace()
st.title(_("Exports"))
state.show_flash()
st.caption(_("Files for clients and project offices, made from the plan and the risk report "
             "the Rollout plan page shows. Every export is recorded in the audit log."))
if not ws.may(ObjectType.PROGRAMME, Action.EXPORT):
    st.info(_("Your role may not export from this organisation."))
    st.stop()
programme = choose_programme(ws)
brands = run_or_stop(lambda: list_brands(ws.db, actor=ws.actor))

left, middle, right = st.columns(3)
with left:
    export_format = choose_format(ws.role, key="exports_format")
with middle:
    language = choose_language(key="exports_language")
with right:
    brand_id = choose_brand(brands, key="exports_brand")

if programme is None and export_format is not None and export_format.value != "json":
    st.info(_("This organisation has no programme yet: set one up on Programme setup first."))
elif export_format is not None and st.button(_("Prepare the file"), type="primary",
                                             key="exports_prepare"):
    chosen = export_format
    with st.status(_("Planning and rendering …"), expanded=False) as status:
        exported = run_or_stop(lambda: export_file(
            ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
            programme_id=programme.id if programme else None, export_format=chosen,
            language=language, content=ws.content, brand_id=brand_id))
        status.update(label=_("Ready: {name}", name=exported.file_name), state="complete")
    st.download_button(_("Download {name}", name=exported.file_name), exported.data,
                       file_name=exported.file_name, mime=exported.media_type,
                       key="exports_download", on_click="ignore", type="primary")

# --- brands ------------------------------------------------------------------------------------
st.subheader(_("Your brands"))
st.caption(_("Your firm's name, logo and colour on the cover of every report you export. "
             "Only you see your brands."))
for brand in brands:
    st.markdown(f"- **{escape_markdown(brand.name)}**: {escape_markdown(brand.firm_name)} "
                f"({brand.accent_colour})")
editing_options: list[str | None] = [None, *[b.id for b in brands]]
names = {b.id: b.name for b in brands}
editing = st.selectbox(_("Add or change a brand"), editing_options,
                       format_func=lambda i: _("A new brand") if i is None else names[i],
                       key="exports_brand_edit")
current = next((b for b in brands if b.id == editing), None)
with st.form("exports_brand_form", clear_on_submit=False):
    name = st.text_input(_("Brand name"), value=current.name if current else "", max_chars=80)
    firm_name = st.text_input(_("Firm name on the cover"),
                              value=current.firm_name if current else "", max_chars=200)
    accent = st.color_picker(_("Accent colour"),
                             value=current.accent_colour if current else "#1f4e79")
    logo = st.file_uploader(_("Logo (PNG or JPEG, at most 256 KB)"), type=["png", "jpg", "jpeg"])
    remove_logo = bool(current and current.logo) and st.checkbox(_("Remove the logo"))
    if st.form_submit_button(_("Save the brand")):
        run_or_stop(lambda: save_brand(
            ws.db, actor=ws.actor, name=name, firm_name=firm_name, accent_colour=accent,
            logo=logo.getvalue() if logo is not None else None, keep_logo=not remove_logo,
            brand_id=current.id if current else None,
            expected_version=current.version if current else None))
        state.flash(_("Brand saved."))
        st.rerun()
