"""Programme setup: the organisation's profile and its CRM programme, saved as one change each."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from rollout.content.schema import text_in
from rollout.domain.assessment import (
    CompetitiveStrategy,
    CustomerSegment,
    Organisation,
    OrganisationSize,
    Programme,
    RolloutApproach,
    StrategyTheme,
)
from rollout.errors import RolloutError
from rollout.permissions import Action, ObjectType
from rollout.services import (
    Blackout,
    save_programme,
    update_organisation,
)
from rollout.ui import programme_tables as tables
from rollout.ui import state
from rollout.ui.form_errors import describe_errors
from rollout.ui.workspace import choose_programme, open_workspace

ws = open_workspace()
st.title("Programme setup")
state.show_flash()
profile = ws.organisation.profile

# --- organisation profile ------------------------------------------------------------------------
st.subheader("Organisation profile")
can_edit_organisation = ws.may(ObjectType.ORGANISATION, Action.EDIT)
with st.form("organisation_profile"):
    cols = st.columns(3)
    name = cols[0].text_input("Name", value=profile.name, key="org_name")
    industry = cols[1].text_input("Industry (e.g. confectionery, retail, telecom)",
                                  value=profile.industry, key="org_industry")
    country = cols[2].text_input("Country (ISO code, e.g. US, IR, GB)", value=profile.country,
                                 key="org_country")
    cols = st.columns(3)
    size = cols[0].selectbox("Size", list(OrganisationSize),
                             index=list(OrganisationSize).index(profile.size),
                             format_func=lambda v: v.value, key="org_size")
    theme = cols[1].selectbox("Strategic theme", list(StrategyTheme),
                              index=list(StrategyTheme).index(profile.strategy_theme),
                              format_func=lambda v: v.value.replace("_", " "), key="org_theme")
    competitive = cols[2].selectbox(
        "Competitive strategy", list(CompetitiveStrategy),
        index=list(CompetitiveStrategy).index(profile.competitive_strategy),
        format_func=lambda v: v.value.replace("_", " "), key="org_competitive")
    cols = st.columns(3)
    segments = cols[0].multiselect("Customer segments", list(CustomerSegment),
                                   default=profile.customer_segments,
                                   format_func=lambda v: v.value.upper(), key="org_segments")
    customers = cols[1].number_input("Customers", min_value=0, value=profile.customers or 0,
                                     step=1000, key="org_customers")
    peak_share = cols[2].number_input("Share of revenue earned in peak seasons (%)", min_value=0.0,
                                      max_value=100.0, value=float(profile.peak_revenue_share_pct or 0),
                                      key="org_peak_share")
    save_profile = st.form_submit_button("Save profile", disabled=not can_edit_organisation)
if save_profile:
    try:
        new_profile = Organisation(
            name=name, industry=industry.strip().lower().replace("-", "_").replace(" ", "_"),
            country=country.strip().upper(), size=size, strategy_theme=theme,
            competitive_strategy=competitive, customer_segments=segments,
            customers=int(customers), peak_revenue_share_pct=peak_share)
        update_organisation(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                            profile=new_profile, expected_version=ws.organisation.version)
    except ValidationError as exc:
        for line in describe_errors(exc):
            st.error(line)
    except RolloutError as exc:
        st.error(str(exc))
    else:
        state.flash("Organisation profile saved.")
        st.rerun()

# --- programme -------------------------------------------------------------------------------------
record = choose_programme(ws)
if record is None:
    st.info("This organisation has no programme yet; create one from the New organisation page.")
    st.stop()
programme = record.programme
can_edit = ws.may(ObjectType.PROGRAMME, Action.EDIT)
presets = ws.content.presets
suggested = [p.id for p in presets.values()
             if profile.industry in p.industries and (not p.countries or profile.country in p.countries)]
chosen_presets = [s.preset for s in programme.peak_seasons if s.preset is not None]

st.subheader(f"Programme: {record.name}")
st.caption(f"Version {record.version}. Saving checks every table and saves all of it, or nothing.")
with st.form("programme"):
    cols = st.columns(3)
    programme_name = cols[0].text_input("Programme name", value=record.name, key="prog_name")
    target_system = cols[1].text_input("Target system", value=programme.target_system,
                                       key="prog_system")
    modules = cols[2].text_input("Modules (comma-separated)", value=", ".join(programme.modules),
                                 key="prog_modules")
    cols = st.columns(3)
    start_date = cols[0].date_input("Programme start", value=programme.start_date,
                                    key="prog_start")
    go_live = cols[1].date_input("Target go-live", value=programme.target_go_live,
                                 key="prog_go_live")
    approach = cols[2].selectbox("Rollout approach", list(RolloutApproach),
                                 index=list(RolloutApproach).index(programme.approach),
                                 format_func=lambda v: v.value, key="prog_approach")
    cols = st.columns(3)
    users_total = cols[0].number_input("Users in total", min_value=0, value=programme.users_total,
                                       key="prog_users")
    hypercare = cols[1].number_input("Hypercare (weeks)", min_value=0, max_value=52,
                                     value=programme.hypercare_weeks, key="prog_hypercare")

    st.markdown("**Business units** (legacy platforms: comma-separated names from the next table)")
    units_df = st.data_editor(tables.frame(tables.unit_rows(programme), tables.UNIT_COLUMNS),
                              num_rows="dynamic", width="stretch", key="prog_units",
                              column_config={"users": st.column_config.NumberColumn(min_value=0)})
    st.markdown("**Legacy platforms** (data quality 1 = poor … 5 = excellent)")
    platforms_df = st.data_editor(
        tables.frame(tables.platform_rows(programme), tables.PLATFORM_COLUMNS),
        num_rows="dynamic", width="stretch", key="prog_platforms",
        column_config={"records": st.column_config.NumberColumn(min_value=0),
                       "data_quality": st.column_config.NumberColumn(min_value=1, max_value=5),
                       "entered_by_agents": st.column_config.CheckboxColumn("entered by agents")})
    st.markdown("**Peak seasons**")
    preset_ids = st.multiselect(
        "Presets" + (f" (suggested for {profile.industry}: {', '.join(suggested)})" if suggested else ""),
        list(presets), default=chosen_presets,
        format_func=lambda p: f"{text_in(presets[p].name)} ({p})", key="prog_presets")
    seasons_df = st.data_editor(
        tables.frame(tables.season_rows(programme), tables.SEASON_COLUMNS), num_rows="dynamic",
        width="stretch", key="prog_seasons",
        column_config={"start": st.column_config.DateColumn(), "end": st.column_config.DateColumn(),
                       "recurring": st.column_config.CheckboxColumn("repeats every year")})
    st.markdown("**Concurrent projects** (kind `erp` for an ERP programme)")
    projects_df = st.data_editor(
        tables.frame(tables.project_rows(programme), tables.PROJECT_COLUMNS), num_rows="dynamic",
        width="stretch", key="prog_projects",
        column_config={"start": st.column_config.DateColumn(), "end": st.column_config.DateColumn()})
    st.markdown("**Blackouts** (change freezes, audits, trade fairs: no go-live inside)")
    blackouts_df = st.data_editor(
        tables.frame([b.model_dump() for b in record.blackouts], tables.BLACKOUT_COLUMNS),
        num_rows="dynamic", width="stretch", key="prog_blackouts",
        column_config={"start": st.column_config.DateColumn(), "end": st.column_config.DateColumn()})
    save = st.form_submit_button("Save programme", type="primary", disabled=not can_edit)

if save:
    try:
        new_programme = Programme.model_validate({
            "target_system": target_system, "modules": tables.split_list(modules),
            "start_date": start_date, "target_go_live": go_live, "approach": approach,
            "users_total": int(users_total), "hypercare_weeks": int(hypercare),
            "business_units": tables.units_from(units_df),
            "legacy_platforms": tables.platforms_from(platforms_df),
            "peak_seasons": tables.seasons_from(seasons_df, preset_ids),
            "concurrent_projects": tables.projects_from(projects_df),
        })
        blackouts = [Blackout.model_validate(b) for b in tables.blackouts_from(blackouts_df)]
        save_programme(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                       programme_id=record.id, name=programme_name, programme=new_programme,
                       expected_version=record.version, blackouts=blackouts)
    except ValidationError as exc:
        st.error("The programme was not saved; fix these and save again:")
        for line in describe_errors(exc):
            st.error(line)
    except RolloutError as exc:
        st.error(str(exc))
    else:
        state.flash("Programme saved.")
        st.rerun()
