"""Portfolio: every organisation you can open, with its readiness, verdict, top risk and actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from rollout.permissions import Role
from rollout.services import PortfolioSummary, export_all_clients, list_brands, portfolio_summaries
from rollout.ui import state
from rollout.ui.bootstrap import database
from rollout.ui.content_cache import cached_content
from rollout.ui.export_widgets import choose_brand, choose_format, choose_language
from rollout.ui.navigation import page_path
from rollout.ui.translation import _, code_label, date, date_time, is_rtl, localise, percent
from rollout.ui.workspace import run_or_stop

db = database()
actor = state.current_actor()
today = dt.date.today()


def summary(item: PortfolioSummary) -> dict[str, Any]:
    """One row of the portfolio, read fresh from the database (nothing cached)."""
    organisation, programme, snapshot = item.organisation, item.programme, item.snapshot
    row: dict[str, Any] = {
        "id": organisation.id, "organisation": organisation.name,
        "your role": code_label(item.role), "programme": "",
        "readiness": None, "verdict": _("not submitted"), "top risk": "", "next gate": None,
        "open actions": item.open_actions, "overdue actions": item.overdue_actions,
        "submitted": None, "decision": None,
        "training": item.training_pct, "waves at risk": item.waves_at_risk}
    if item.unavailable is not None:
        row["verdict"] = _("unavailable: {reason}", reason=item.unavailable)
        return row
    if programme is None:
        row["verdict"] = _("no programme yet")
        return row
    # The target go-live stands in for the next gate until the planner provides gate dates.
    row.update({"programme": programme.name, "next gate": programme.programme.target_go_live})
    if snapshot is not None:
        report = snapshot.report
        top = report.risks[0] if report.risks else None
        row.update({
            "readiness": report.readiness, "verdict": code_label(report.verdict.decision),
            "decision": report.verdict.decision.value,
            "top risk": (f"{top.factor} · {localise(top.score)} {code_label(top.band)}" if top
                         else _("none")),
            "submitted": snapshot.submitted_at})
    return row


st.title(_("Portfolio"))
st.caption(_("Every organisation you can open, with the latest submitted assessment of the "
             "programme that goes live next. Click a column header to sort. Next gate: the "
             "programme's target go-live. Training: the share of people on the roster fully "
             "trained; waves at risk: waves whose training forecast falls after their deadline "
             "or that have no forecast."))
with st.spinner(_("Reading the organisations ...")):
    summaries = run_or_stop(lambda: portfolio_summaries(db, actor=actor, today=today,
                                                        content=cached_content()))
if not summaries:
    st.info(_("You have no organisation yet."))
    st.stop()
rows = [summary(item) for item in summaries]
names = {r["id"]: r["organisation"] for r in rows}
count, no_go, late = st.columns(3)
count.metric(_("Organisations"), localise(len(rows)))
no_go.metric(_("Verdict no-go"), localise(sum(r["decision"] == "no-go" for r in rows)))
late.metric(_("Overdue actions"), localise(sum(r["overdue actions"] or 0 for r in rows)))
if is_rtl():
    # Streamlit's table draws Gregorian dates and Latin digits: Persian readers get text cells.
    for row in rows:
        row.update({"next gate": date(row["next gate"]),
                    "submitted": date_time(row["submitted"]) if row["submitted"] else "",
                    "open actions": localise(row["open actions"]),
                    "overdue actions": localise(row["overdue actions"]),
                    "training": (percent(row["training"] / 100) if row["training"] is not None
                                 else ""),
                    "waves at risk": localise(row["waves at risk"])})
dates_as_text = is_rtl()
st.dataframe(
    rows, hide_index=True, width="stretch",
    column_order=["organisation", "your role", "programme", "readiness", "verdict", "top risk",
                  "next gate", "training", "waves at risk", "open actions", "overdue actions",
                  "submitted"],
    column_config={
        "organisation": st.column_config.TextColumn(_("Organisation"), width="medium"),
        "your role": st.column_config.TextColumn(_("Your role")),
        "programme": st.column_config.TextColumn(_("Programme")),
        "readiness": st.column_config.ProgressColumn(_("Readiness"), min_value=0, max_value=100,
                                                     format="%d"),
        "verdict": st.column_config.TextColumn(_("Verdict")),
        "top risk": st.column_config.TextColumn(_("Top risk (factor · score band)")),
        "next gate": (st.column_config.TextColumn(_("Next gate")) if dates_as_text else
                      st.column_config.DateColumn(_("Next gate"), format="YYYY-MM-DD")),
        "training": (st.column_config.TextColumn(_("Training completion")) if dates_as_text
                     else st.column_config.ProgressColumn(_("Training completion"), min_value=0,
                                                          max_value=100, format="%.0f%%")),
        "waves at risk": (st.column_config.TextColumn(_("Waves at risk")) if dates_as_text else
                          st.column_config.NumberColumn(_("Waves at risk"), format="%d")),
        "open actions": (st.column_config.TextColumn(_("Open actions")) if dates_as_text else
                         st.column_config.NumberColumn(_("Open actions"), format="%d")),
        "overdue actions": (st.column_config.TextColumn(_("Overdue actions")) if dates_as_text
                            else st.column_config.NumberColumn(_("Overdue actions"),
                                                               format="%d")),
        "submitted": (st.column_config.TextColumn(_("Last submitted (UTC)")) if dates_as_text
                      else st.column_config.DatetimeColumn(_("Last submitted (UTC)"),
                                                           format="YYYY-MM-DD")),
    })

# --- click through ---------------------------------------------------------------------------------
pick, go = st.columns([3, 1], vertical_alignment="bottom")
chosen = pick.selectbox(_("Open an organisation"), list(names), format_func=names.__getitem__,
                        key="portfolio_organisation")
if go.button(_("Open its risk dashboard"), type="primary", key="portfolio_open"):
    state.choose_organisation(chosen)
    st.switch_page(page_path("dashboard.py"))

# --- export all clients (consultants) ---------------------------------------------------------------
if any(item.role is Role.CONSULTANT for item in summaries):
    st.subheader(_("Export all clients"))
    st.caption(_("One file per programme of every organisation where you are the consultant, "
                 "in one zip archive. Each file is recorded in its organisation's audit log."))
    brands = run_or_stop(lambda: list_brands(db, actor=actor))
    left, middle, right = st.columns(3)
    with left:
        export_format = choose_format(Role.CONSULTANT, key="portfolio_export_format",
                                      bundle=False)
    with middle:
        language = choose_language(key="portfolio_export_language")
    with right:
        brand_id = choose_brand(brands, key="portfolio_export_brand")
    if export_format is not None and st.button(_("Export all clients"),
                                               key="portfolio_export_all"):
        bar = st.progress(0.0, text=_("Planning and rendering …"))

        def advance(done: int, total: int) -> None:
            bar.progress(done / total, text=_("{done} of {total} programmes", done=done,
                                              total=total))

        chosen = export_format
        exported = run_or_stop(lambda: export_all_clients(
            db, actor=actor, export_format=chosen, language=language,
            content=cached_content(), brand_id=brand_id, today=today, progress=advance))
        st.download_button(_("Download {name}", name=exported.file_name), exported.data,
                           file_name=exported.file_name, mime=exported.media_type,
                           key="portfolio_export_download", on_click="ignore", type="primary")
