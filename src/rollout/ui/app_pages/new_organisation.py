"""New organisation: its profile and programme basics; creates both and a draft assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from rollout.permissions import Action, ObjectType, allows, effective_role
from rollout.services import (
    create_assessment,
    create_organisation,
    create_programme,
)
from rollout.ui import state
from rollout.ui.bootstrap import database
from rollout.ui.content_cache import cached_content
from rollout.ui.date_input import jalali_date_input
from rollout.ui.form_errors import check_message
from rollout.ui.navigation import page_path
from rollout.ui.translation import _, code_label, current_digits, isolate, language

# After creating, the next run (with the new organisation in the navigation) opens its setup.
next_page = state.pop_next_page()
if next_page:
    st.switch_page(next_page)

db = database()
actor = state.current_actor()
content = cached_content()
st.title(_("New organisation"))
# Creating an organisation is a global right (the service checks the same rule).
if not allows(effective_role(is_admin=actor.is_admin, membership_role=None),
              ObjectType.ORGANISATION, Action.EDIT):
    st.info(_("Only an administrator can create an organisation. Ask one to create it and to "
              "add you to it as a consultant."))
    st.stop()
st.caption(_("Describe the organisation and the basics of its CRM programme. Business units, "
             "legacy platforms and peak seasons follow on the programme setup page."))

INDUSTRIES = sorted({i for p in content.presets.values() for i in p.industries})
slots: dict[str, Any] = {}  # field -> the place under it for its error message


with st.form("new_organisation"):
    st.subheader(_("Organisation profile"))
    cols = st.columns(3)
    name = cols[0].text_input(_("Name"), key="new_org_name")
    slots["name"] = cols[0].empty()
    industry = cols[1].text_input(_("Industry"), key="new_org_industry",
                                  help=_("Industries with peak-season presets: {industries}",
                                         industries=", ".join(INDUSTRIES)))
    slots["industry"] = cols[1].empty()
    country = cols[2].text_input(_("Country (ISO code, e.g. GB, US, DE)"), max_chars=2,
                                 key="new_org_country")
    slots["country"] = cols[2].empty()
    cols = st.columns(3)
    size = cols[0].selectbox(_("Size"), list(OrganisationSize), index=1, format_func=code_label,
                             key="new_org_size")
    theme = cols[1].selectbox(_("Strategic theme"), list(StrategyTheme),
                              index=list(StrategyTheme).index(StrategyTheme.UNDECIDED),
                              format_func=code_label, key="new_org_theme")
    competitive = cols[2].selectbox(
        _("Competitive strategy"), list(CompetitiveStrategy),
        index=list(CompetitiveStrategy).index(CompetitiveStrategy.UNDECIDED),
        format_func=code_label, key="new_org_competitive")
    cols = st.columns(3)
    segments = cols[0].multiselect(_("Customer segments"), list(CustomerSegment),
                                   format_func=lambda v: v.value.upper(), key="new_org_segments")
    customers = cols[1].number_input(_("Customers (empty: unknown)"), min_value=0, value=None,
                                     step=1000, key="new_org_customers")
    slots["customers"] = cols[1].empty()
    peak_share = cols[2].number_input(_("Share of revenue earned in peak seasons (%, empty: "
                                        "unknown)"), min_value=0.0, max_value=100.0, value=None,
                                      key="new_org_peak_share")
    slots["peak_revenue_share_pct"] = cols[2].empty()

    st.subheader(_("Programme"))
    cols = st.columns(3)
    programme_name = cols[0].text_input(_("Programme name"), value=_("CRM rollout"),
                                        key="new_prog_name")
    slots["programme_name"] = cols[0].empty()
    target_system = cols[1].text_input(_("Target system"), value="CRM", key="new_prog_system")
    slots["target_system"] = cols[1].empty()
    approach = cols[2].selectbox(_("Rollout approach"), list(RolloutApproach),
                                 index=list(RolloutApproach).index(RolloutApproach.PILOT_THEN_WAVES),
                                 format_func=code_label, key="new_prog_approach")
    dates = st.columns(4)
    start_date = jalali_date_input(_("Programme start"), language=language(),
                                   value=dt.date.today(), key="new_prog_start",
                                   digits=current_digits(), container=dates[0])
    slots["start_date"] = dates[0].empty()
    go_live = jalali_date_input(_("Target go-live"), language=language(), value=None,
                                key="new_prog_go_live", digits=current_digits(),
                                container=dates[1])
    slots["target_go_live"] = dates[1].empty()
    users_total = dates[2].number_input(_("Users in total"), min_value=0, value=None, step=10,
                                        key="new_prog_users")
    slots["users_total"] = dates[2].empty()
    hypercare = dates[3].number_input(_("Hypercare (weeks)"), min_value=0, max_value=52, value=4,
                                      key="new_prog_hypercare")
    slots["hypercare_weeks"] = dates[3].empty()
    create = st.form_submit_button(_("Create organisation"), type="primary",
                                   key="new_org_create")


def readable(error: Any) -> str:
    kind = error["type"]
    if kind in ("string_too_short", "missing", "date_type", "int_type", "float_type"):
        return _("required")
    if kind == "string_pattern_mismatch":
        return _("use the two-letter ISO 3166 code in capitals, e.g. GB, US or DE")
    return check_message(error)


def problems_of(exc: ValidationError, whole: str) -> dict[str, list[str]]:
    """Messages per field; a problem of the whole model is shown under ``whole``."""
    found: dict[str, list[str]] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else whole
        found.setdefault(field, []).append(readable(error))
    return found


if create:
    problems: dict[str, list[str]] = {}
    profile = programme = None
    try:
        profile = Organisation(
            name=normalise_text(name),
            industry=normalise_identifier(industry).lower().replace("-", "_").replace(" ", "_"),
            country=normalise_identifier(country).upper(), size=size, strategy_theme=theme,
            competitive_strategy=competitive, customer_segments=segments,
            customers=None if customers is None else int(customers),
            peak_revenue_share_pct=peak_share)
    except ValidationError as exc:
        problems.update(problems_of(exc, "name"))
    try:
        programme = Programme(
            target_system=normalise_text(target_system), start_date=start_date, target_go_live=go_live,
            approach=approach, users_total=users_total, hypercare_weeks=int(hypercare))
    except ValidationError as exc:
        problems.update(problems_of(exc, "target_go_live"))
    if not programme_name.strip():
        problems["programme_name"] = [_("required")]
    for field, messages in problems.items():
        slots.get(field, slots["name"]).error("; ".join(messages))
    if problems or profile is None or programme is None:
        st.error(_("Nothing was created: fix the fields marked in red and try again."))
        st.stop()
    try:
        organisation = create_organisation(db, actor=actor, profile=profile)
    except ConflictError as exc:
        slots["name"].error(str(exc))
        st.stop()
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
        st.stop()
    state.choose_organisation(organisation.id)
    try:
        record = create_programme(db, actor=actor, organisation_id=organisation.id,
                                  name=normalise_text(programme_name), programme=programme)
        create_assessment(db, actor=actor, organisation_id=organisation.id,
                          programme_id=record.id,
                          name=_("{programme} readiness", programme=record.name),
                          content=content)
    except RolloutError as exc:
        st.error(_("{organisation} was created, but its programme was not: {reason}. It is now "
                   "your current organisation; finish the set-up on the Programme setup page.",
                   organisation=isolate(escape_markdown(organisation.name)),
                   reason=escape_markdown_block(str(exc))))
        st.stop()
    state.flash(_("{organisation} created, with the programme {programme} and a draft "
                  "assessment. Next: its business units, legacy platforms and peak seasons.",
                  organisation=organisation.name, programme=record.name))
    state.open_after_rerun(page_path("programme_setup.py"))
    st.rerun()
