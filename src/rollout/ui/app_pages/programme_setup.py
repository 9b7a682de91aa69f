"""Programme setup: the organisation's profile and its CRM programme, saved as one change each."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from rollout.domain.assessment import (
    CompetitiveStrategy,
    CustomerSegment,
    Organisation,
    OrganisationSize,
    Programme,
    RolloutApproach,
    StrategyTheme,
)
from rollout.errors import ConflictError, RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.i18n.normalise import normalise_identifier, normalise_text
from rollout.permissions import Action, ObjectType
from rollout.services import (
    ProgrammeBlackout,
    ProgrammeRecord,
    go_live_peak_clash,
    save_programme,
    update_organisation,
)
from rollout.ui import programme_tables as tables
from rollout.ui import state
from rollout.ui.date_input import jalali_date_input
from rollout.ui.edit_conflicts import show_newer_version
from rollout.ui.form_errors import date_problems, describe_errors, table_date_problems
from rollout.ui.translation import (
    _,
    code_label,
    current_digits,
    isolate,
    kb_text,
    language,
    number,
)
from rollout.ui.workspace import choose_programme, open_workspace


def _comparable(programme_record: ProgrammeRecord) -> dict[str, object]:
    return {"name": programme_record.name, **programme_record.programme.model_dump(mode="json"),
            "blackouts": [b.model_dump(mode="json") for b in programme_record.blackouts]}


ws = open_workspace()
st.title(_("Programme setup"))
state.show_flash()
PROFILE_WIDGETS = ("org_name", "org_industry", "org_country", "org_size", "org_theme",
                   "org_competitive", "org_segments", "org_customers", "org_peak_share")
PROGRAMME_WIDGETS = ("prog_name", "prog_system", "prog_modules", "prog_start", "prog_go_live",
                     "prog_approach", "prog_users", "prog_hypercare", "prog_units", "prog_platforms",
                     "prog_presets", "prog_seasons", "prog_projects", "prog_blackouts")

# The forms are built from the version the user opened, so a colleague's save meanwhile neither
# overwrites what they typed nor is overwritten by it: their save is refused and they are told.
organisation = state.edit_base(ws.organisation_id, ws.organisation, form_widget="org_name")
profile = organisation.profile

# --- organisation profile ------------------------------------------------------------------------
st.subheader(_("Organisation profile"))
can_edit_organisation = ws.may(ObjectType.ORGANISATION, Action.EDIT)
show_newer_version(what=_("organisation profile"), object_id=ws.organisation_id,
                   opened=profile.model_dump(mode="json"), opened_version=organisation.version,
                   stored=ws.organisation.profile.model_dump(mode="json"),
                   stored_version=ws.organisation.version, widget_keys=PROFILE_WIDGETS)
with st.form("organisation_profile"):
    cols = st.columns(3)
    name = cols[0].text_input(_("Name"), value=profile.name, key="org_name")
    industry = cols[1].text_input(_("Industry (e.g. confectionery, retail, telecom)"),
                                  value=profile.industry, key="org_industry")
    country = cols[2].text_input(_("Country (ISO code, e.g. US, IR, GB)"), value=profile.country,
                                 key="org_country")
    cols = st.columns(3)
    size = cols[0].selectbox(_("Size"), list(OrganisationSize),
                             index=list(OrganisationSize).index(profile.size),
                             format_func=code_label, key="org_size")
    theme = cols[1].selectbox(_("Strategic theme"), list(StrategyTheme),
                              index=list(StrategyTheme).index(profile.strategy_theme),
                              format_func=code_label, key="org_theme")
    competitive = cols[2].selectbox(
        _("Competitive strategy"), list(CompetitiveStrategy),
        index=list(CompetitiveStrategy).index(profile.competitive_strategy),
        format_func=code_label, key="org_competitive")
    cols = st.columns(3)
    segments = cols[0].multiselect(_("Customer segments"), list(CustomerSegment),
                                   default=profile.customer_segments,
                                   format_func=lambda v: v.value.upper(), key="org_segments")
    customers = cols[1].number_input(_("Customers"), min_value=0, value=profile.customers or 0,
                                     step=1000, key="org_customers")
    peak_share = cols[2].number_input(_("Share of revenue earned in peak seasons (%)"),
                                      min_value=0.0, max_value=100.0,
                                      value=float(profile.peak_revenue_share_pct or 0),
                                      key="org_peak_share")
    save_profile = st.form_submit_button(_("Save profile"), disabled=not can_edit_organisation)
if save_profile:
    try:
        new_profile = Organisation(
            name=normalise_text(name),
            industry=normalise_identifier(industry).lower().replace("-", "_").replace(" ", "_"),
            country=normalise_identifier(country).upper(), size=size, strategy_theme=theme,
            competitive_strategy=competitive, customer_segments=segments,
            customers=int(customers), peak_revenue_share_pct=peak_share)
        saved = update_organisation(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                                    profile=new_profile, expected_version=organisation.version)
    except ValidationError as exc:
        for line in describe_errors(exc):
            st.error(line)
    except ConflictError as exc:
        st.error(_("The profile was not saved: {reason}. Your input is kept; see above what "
                   "changed.", reason=escape_markdown_block(str(exc))))
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
    else:
        state.forget_edit_base(ws.organisation_id)
        state.flash(_("Organisation profile saved.") if saved.version != organisation.version
                    else _("Nothing changed in the profile; nothing was saved."))
        st.rerun()

# --- programme -------------------------------------------------------------------------------------
stored = choose_programme(ws)
if stored is None:
    st.info(_("This organisation has no programme yet; create one from the New organisation "
              "page."))
    st.stop()
record = state.edit_base(stored.id, stored, form_widget="prog_name")
programme = record.programme
can_edit = ws.may(ObjectType.PROGRAMME, Action.EDIT)
presets = ws.content.presets
suggested = [p.id for p in presets.values()
             if profile.industry in p.industries and (not p.countries or profile.country in p.countries)]
chosen_presets = [s.preset for s in programme.peak_seasons if s.preset is not None]

st.subheader(_("Programme: {name}", name=escape_markdown(record.name)))
st.caption(_("Version {version}. Saving checks every table and saves all of it, or nothing.",
             version=record.version))
show_newer_version(what=_("programme"), object_id=stored.id, opened=_comparable(record),
                   opened_version=record.version, stored=_comparable(stored),
                   stored_version=stored.version, widget_keys=PROGRAMME_WIDGETS)
# Warnings about the saved programme: it can be saved like this, but the user should know.
clash = go_live_peak_clash(programme, presets, lang=language(), digits=current_digits())
if clash is not None:
    st.warning(escape_markdown_block(clash))
unit_users = sum(u.users for u in programme.business_units)
if programme.business_units and unit_users != programme.users_total:
    st.warning(_("The business units add up to {units} users, but Users in total says "
                 "{total}: correct one of them (the plan sizes waves and training from the "
                 "units).", units=number(unit_users), total=number(programme.users_total)))
with st.form("programme"):
    cols = st.columns(3)
    programme_name = cols[0].text_input(_("Programme name"), value=record.name, key="prog_name")
    target_system = cols[1].text_input(_("Target system"), value=programme.target_system,
                                       key="prog_system")
    modules = cols[2].text_input(_("Modules (comma-separated)"),
                                 value=", ".join(programme.modules), key="prog_modules")
    cols = st.columns(3)
    start_date = jalali_date_input(_("Programme start"), language=language(),
                                   value=programme.start_date, key="prog_start",
                                   digits=current_digits(), container=cols[0])
    go_live = jalali_date_input(_("Target go-live"), language=language(),
                                value=programme.target_go_live, key="prog_go_live",
                                digits=current_digits(), container=cols[1])
    approach = cols[2].selectbox(_("Rollout approach"), list(RolloutApproach),
                                 index=list(RolloutApproach).index(programme.approach),
                                 format_func=code_label, key="prog_approach")
    cols = st.columns(3)
    # No min/max here: an out-of-range number gets a message on save, not a red field and a
    # button that silently does nothing (D9).
    users_total = cols[0].number_input(_("Users in total"), value=programme.users_total, step=1,
                                       key="prog_users")
    hypercare = cols[1].number_input(_("Hypercare (weeks, 0 to 52)"),
                                     value=programme.hypercare_weeks, step=1,
                                     key="prog_hypercare")

    # Column headers in the reader's language; in Persian the table's date cells are typed
    # text (Jalali or Gregorian), read back by programme_tables.
    st.markdown(_("**Business units** (legacy platforms: comma-separated names from the next "
                  "table)"))
    units_df = st.data_editor(tables.frame(tables.unit_rows(programme), tables.UNIT_COLUMNS),
                              num_rows="dynamic", width="stretch", key="prog_units",
                              column_config=tables.column_config(tables.UNIT_COLUMNS))
    st.markdown(_("**Legacy platforms** (data quality 1 = poor … 5 = excellent)"))
    platforms_df = st.data_editor(
        tables.frame(tables.platform_rows(programme), tables.PLATFORM_COLUMNS),
        num_rows="dynamic", width="stretch", key="prog_platforms",
        column_config=tables.column_config(tables.PLATFORM_COLUMNS))
    st.markdown(_("**Peak seasons**"))
    suggested_names = _(", ").join(isolate(s) for s in suggested)
    preset_ids = st.multiselect(
        _("Presets (suggested for {industry}: {presets})", industry=isolate(profile.industry),
          presets=suggested_names) if suggested else _("Presets"),
        list(presets), default=chosen_presets,
        # Whose peak (shelf, ordering, shipping...): a maker's season starts weeks before a shop's.
        format_func=lambda p: _("{name} ({code}; {whose} peak)", name=kb_text(presets[p].name),
                                code=isolate(p), whose=code_label(presets[p].peak_of)),
        key="prog_presets")
    seasons_df = st.data_editor(
        tables.frame(tables.season_rows(programme), tables.SEASON_COLUMNS), num_rows="dynamic",
        width="stretch", key="prog_seasons",
        column_config=tables.column_config(tables.SEASON_COLUMNS))
    st.markdown(_("**Concurrent projects** (kind {erp} for an ERP programme)", erp="`erp`"))
    projects_df = st.data_editor(
        tables.frame(tables.project_rows(programme), tables.PROJECT_COLUMNS), num_rows="dynamic",
        width="stretch", key="prog_projects",
        column_config=tables.column_config(tables.PROJECT_COLUMNS))
    st.markdown(_("**Blackouts** (change freezes, audits, trade fairs: no go-live inside)"))
    blackouts_df = st.data_editor(
        tables.frame([b.model_dump() for b in record.blackouts], tables.BLACKOUT_COLUMNS),
        num_rows="dynamic", width="stretch", key="prog_blackouts",
        column_config=tables.column_config(tables.BLACKOUT_COLUMNS))
    save = st.form_submit_button(_("Save programme"), type="primary", disabled=not can_edit)

if save:
    # Every problem at once, in plain words naming the table, row and field.
    units, platforms = tables.units_from(units_df), tables.platforms_from(platforms_df)
    seasons, projects = tables.seasons_from(seasons_df, preset_ids), tables.projects_from(projects_df)
    blackout_rows = tables.blackouts_from(blackouts_df)
    problems = date_problems(_("Programme"), [("start_date", start_date),
                                               ("target_go_live", go_live)])
    problems += table_date_problems(_("Peak seasons"),
                                    [r for r in seasons if isinstance(r, dict)])
    problems += table_date_problems(_("Concurrent projects"), projects)
    problems += table_date_problems(_("Blackouts"), blackout_rows)
    new_programme: Programme | None = None
    blackouts: list[ProgrammeBlackout] = []
    try:
        new_programme = Programme.model_validate({
            "target_system": normalise_text(target_system),
            "modules": tables.split_list(normalise_text(modules)),
            "start_date": start_date, "target_go_live": go_live, "approach": approach,
            "users_total": int(users_total), "hypercare_weeks": int(hypercare),
            "business_units": units, "legacy_platforms": platforms, "peak_seasons": seasons,
            "concurrent_projects": projects,
        })
    except ValidationError as exc:
        problems += describe_errors(exc)
    try:
        blackouts = [ProgrammeBlackout.model_validate(b) for b in blackout_rows]
    except ValidationError:
        for i, row in enumerate(blackout_rows):
            try:
                ProgrammeBlackout.model_validate(row)
            except ValidationError as exc:
                problems += describe_errors(exc, prefix=("blackouts", i))
    if problems or new_programme is None:
        st.error(_("The programme was not saved; fix these and save again:"))
        for line in problems:
            st.error(line)
    else:
        try:
            saved_programme = save_programme(
                ws.db, actor=ws.actor, organisation_id=ws.organisation_id, programme_id=record.id,
                name=normalise_text(programme_name), programme=new_programme,
                expected_version=record.version,
                blackouts=blackouts)
        except ConflictError as exc:
            st.error(_("The programme was not saved: {reason}. Your input is kept; see above "
                       "what changed.", reason=escape_markdown_block(str(exc))))
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.forget_edit_base(record.id)
            state.flash(_("Programme saved.") if saved_programme.version != record.version
                        else _("Nothing changed in the programme; nothing was saved."))
            st.rerun()
