"""Roster and courses: the people to train with filters and their training status, the
curriculum, and exemptions with a reason."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.permissions import Action, ObjectType
from rollout.services import add_course, add_exemption, course_from, training_overview
from rollout.training.models import DeliveryMode
from rollout.ui import state
from rollout.ui.downloads import csv_download
from rollout.ui.translation import _, code_label
from rollout.ui.workspace import choose_programme, open_workspace, run_or_stop

ws = open_workspace()
ANY = ""
st.title(_("Roster and courses"))
st.caption(_("{organisation} · who needs which course, and who has it.",
             organisation=escape_markdown(ws.organisation.name)))
state.show_flash()
programme = choose_programme(ws)
overview = run_or_stop(lambda: training_overview(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
    programme_id=programme.id if programme else None, content=ws.content,
    today=dt.date.today()))
statuses = overview.figures.statuses

# --- the roster ------------------------------------------------------------------------------------
st.subheader(_("Roster"))
if not statuses:
    st.info(_("No roster yet: import one on the Training import page."))
else:
    filters = st.columns(4)
    unit = filters[0].selectbox(_("Unit"), [ANY, *sorted({s.trainee.unit for s in statuses})],
                                format_func=lambda v: v or _("(any)"), key="roster_unit")
    role = filters[1].selectbox(_("Job role"),
                                [ANY, *sorted({s.trainee.job_role for s in statuses})],
                                format_func=lambda v: v or _("(any)"), key="roster_role")
    wave = filters[2].selectbox(_("Wave"), [ANY, *sorted({s.wave or "" for s in statuses} - {""})],
                                format_func=lambda v: v or _("(any)"), key="roster_wave")
    untrained = filters[3].checkbox(_("Not yet trained"), key="roster_untrained")
    search = st.text_input(_("Name, employee id or e-mail contains"), key="roster_search")
    needle = search.strip().casefold()
    shown = [s for s in statuses
             if unit in (ANY, s.trainee.unit) and role in (ANY, s.trainee.job_role)
             and wave in (ANY, s.wave) and (not untrained or not s.trained)
             and (not needle or needle in f"{s.trainee.name} {s.trainee.employee_id} "
                                          f"{s.trainee.email or ''}".casefold())]
    rows = [{"employee_id": s.trainee.employee_id, "name": s.trainee.name,
             "email": s.trainee.email or "", "unit": s.trainee.unit,
             "job_role": s.trainee.job_role, "super_user": "yes" if s.trainee.super_user else "",
             "wave": s.wave or "", "deadline": s.deadline.isoformat() if s.deadline else "",
             "trained": "yes" if s.trained else "no", "missing": ", ".join(s.missing)}
            for s in shown]
    st.caption(_("{shown} of {total} people.", shown=len(shown), total=len(statuses)))
    st.dataframe(rows, hide_index=True, width="stretch")
    csv_download(ws, label=_("Download this roster (CSV)"), rows=rows,
                 file_name="training-roster.csv", object_type=ObjectType.TRAINING,
                 key="roster_download")

# --- the curriculum ----------------------------------------------------------------------------------
st.subheader(_("Courses"))
if overview.courses:
    st.dataframe([{
        _("Code"): c.course.code, _("Title"): c.course.title,
        _("Hours"): c.course.duration_hours, _("Delivery"): code_label(c.course.delivery_mode),
        _("CRM modules"): ", ".join(c.course.modules),
        _("Required of roles"): ", ".join(c.course.required_roles) or _("every role"),
        _("Required in waves"): ", ".join(c.course.required_waves) or _("every wave"),
        _("Super-user track"): "✓" if c.course.super_user_track else "",
    } for c in overview.courses], hide_index=True, width="stretch")
else:
    st.info(_("No course yet."))

if not ws.may(ObjectType.TRAINING, Action.EDIT):
    st.caption(_("Your role may view training but not change it."))
    st.stop()


def split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


with st.form("training_add_course"):
    st.markdown(_("**Add a course**"))
    top = st.columns(3)
    code = top[0].text_input(_("Code"), key="course_code")
    title = top[1].text_input(_("Title"), key="course_title")
    hours = top[2].number_input(_("Hours"), min_value=0.5, max_value=500.0, value=4.0, step=0.5,
                                key="course_hours")
    mode = st.selectbox(_("Delivery"), list(DeliveryMode), format_func=code_label,
                        key="course_mode")
    modules = st.text_input(_("CRM modules it covers (comma-separated)"), key="course_modules")
    roles = st.text_input(_("Required of job roles (comma-separated; empty: every role)"),
                          key="course_roles")
    waves = st.text_input(_("Required in waves (comma-separated ids; empty: every wave)"),
                          key="course_waves")
    super_user = st.checkbox(_("Super-user track"), key="course_super_user")
    if st.form_submit_button(_("Add course")):
        try:
            add_course(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                       course=course_from({
                           "code": code, "title": title, "duration_hours": hours,
                           "delivery_mode": mode, "modules": split(modules),
                           "required_roles": split(roles), "required_waves": split(waves),
                           "super_user_track": super_user}))
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.flash(_("Course added."))
            st.rerun()

if statuses and overview.courses:
    with st.form("training_exemption"):
        st.markdown(_("**Exempt someone from a course**"))
        employees = {s.trainee.employee_id: f"{s.trainee.name} ({s.trainee.employee_id})"
                     for s in statuses}
        employee = st.selectbox(_("Person"), list(employees), format_func=employees.__getitem__,
                                key="exempt_person")
        course_names = {c.id: c.course.code for c in overview.courses}
        course_id = st.selectbox(_("Course"), list(course_names),
                                 format_func=course_names.__getitem__, key="exempt_course")
        reason = st.text_input(_("Reason"), key="exempt_reason")
        if st.form_submit_button(_("Exempt")):
            try:
                add_exemption(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                              employee_id=employee, course_id=course_id, reason=reason)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                state.flash(_("Exemption recorded."))
                st.rerun()
