"""Training: completion by wave, unit and role against the gate threshold, who is overdue,
each wave's forecast against its training deadline, and adoption after go-live."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from rollout.domain.plan_names import plan_name
from rollout.escaping import escape_markdown
from rollout.i18n.dates import format_date
from rollout.permissions import Action, ObjectType
from rollout.services import record_adoption, training_overview
from rollout.training.metrics import GateStatus
from rollout.ui import state
from rollout.ui.downloads import csv_download, xlsx_download
from rollout.ui.training_charts import completion_figure, forecast_figure
from rollout.ui.translation import _, pgettext
from rollout.ui.workspace import choose_programme, open_workspace, run_or_stop

ws = open_workspace()
lang = state.current_language()
today = dt.date.today()


def shown_date(value: dt.date | None) -> str:
    return format_date(value, lang) if value is not None else "—"


STATUS = {
    GateStatus.MET: pgettext("training gate", "met"),
    GateStatus.ON_TRACK: pgettext("training gate", "on track"),
    GateStatus.AT_RISK: pgettext("training gate", "at risk: forecast after the deadline"),
    GateStatus.NO_FORECAST: pgettext("training gate", "no forecast: nobody booked, no pace yet"),
    GateStatus.NO_TRAINEES: pgettext("training gate", "nobody on the roster"),
    GateStatus.NO_DEADLINE: pgettext("training gate", "no go-live planned"),
}

st.title(_("Training"))
st.caption(_("{organisation} · people are compared with the standard, never with each other.",
             organisation=escape_markdown(ws.organisation.name)))
state.show_flash()
programme = choose_programme(ws)
overview = run_or_stop(lambda: training_overview(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
    programme_id=programme.id if programme else None, content=ws.content, today=today))
figures = overview.figures
# The planner's wave names in the reader's language, as on the plan page (ids unchanged); the
# charts by wave name each wave rather than showing its id.
forecasts = [dataclasses.replace(f, name=plan_name(f.name, lang)) for f in figures.forecasts]
wave_names = {f.wave: f.name for f in forecasts}
by_wave_shares = [dataclasses.replace(s, key=wave_names.get(s.key, s.key)) for s in figures.by_wave]
if not overview.has_data:
    st.info(_("No roster yet: import one on the Training import page, then add courses and "
              "book sessions."))
    st.stop()
if programme is None:
    st.info(_("No programme yet: waves, deadlines and forecasts appear once a programme is "
              "set up and planned."))

columns = st.columns(4)
columns[0].metric(_("People to train"), len(figures.statuses))
columns[1].metric(_("Trained"), f"{figures.pct:.0f}%")
columns[2].metric(_("Overdue"), len(figures.overdue))
columns[3].metric(_("Gate threshold"), f"{figures.threshold_pct:.0f}%")
if figures.unknown_units:
    st.warning(_("Units in no wave of the plan: {units}. Their people have no deadline.",
                 units=escape_markdown(", ".join(figures.unknown_units))))

# --- each wave against its gate -------------------------------------------------------------------
st.subheader(_("Each wave against its training gate"))
if overview.deadlines:
    st.caption(_("Deadline: the wave's go-live minus 5 working days. Forecast: when the wave "
                 "reaches the threshold with the sessions booked (if everyone booked attends "
                 "and passes), else at the pace of the last four weeks."))
    st.dataframe([{
        _("Wave"): f.name, _("Go-live"): shown_date(f.go_live),
        _("Deadline"): shown_date(f.deadline), _("Trained"): f"{f.trained}/{f.trainees}",
        _("Needed"): f.needed, _("Per week"): round(f.pace_per_week, 1),
        _("Forecast (booked)"): shown_date(f.with_booked),
        _("Forecast (pace)"): shown_date(f.at_pace), _("Status"): STATUS[f.status],
    } for f in forecasts], hide_index=True, width="stretch")
    st.plotly_chart(forecast_figure(
        [f for f in forecasts if f.deadline is not None],
        title=_("Forecast against each deadline"), deadline_label=_("Deadline"),
        forecast_label=_("Forecast")), key="training_forecast_chart")

threshold_label = _("gate threshold {pct}%", pct=round(figures.threshold_pct))
by_wave, by_unit, by_role = st.tabs([_("By wave"), _("By unit"), _("By job role")])
by_wave.plotly_chart(completion_figure(by_wave_shares, threshold_pct=figures.threshold_pct,
                                       title=_("Trained, by wave"),
                                       threshold_label=threshold_label), key="training_by_wave")
by_unit.plotly_chart(completion_figure(figures.by_unit, threshold_pct=figures.threshold_pct,
                                       title=_("Trained, by unit"),
                                       threshold_label=threshold_label), key="training_by_unit")
by_role.plotly_chart(completion_figure(figures.by_role, threshold_pct=figures.threshold_pct,
                                       title=_("Trained, by job role"),
                                       threshold_label=threshold_label), key="training_by_role")

# --- courses and seats ----------------------------------------------------------------------------
st.subheader(_("Courses: completion and seats"))
seats = {s.course: s for s in figures.seats}
course_rows = [{
    _("Course"): c.key, _("Completed"): f"{c.done}/{c.total}",
    _("Completion %"): round(c.pct), _("Still to train"): seats[c.key].demand,
    _("Booked"): seats[c.key].booked, _("Free seats"): seats[c.key].free_seats,
    _("Seats short"): seats[c.key].shortfall} for c in figures.by_course]
st.dataframe(course_rows, hide_index=True, width="stretch")
if figures.unrecorded_sessions:
    st.warning(_("{count} past sessions have no attendance recorded: mark it on the Training "
                 "sessions page.", count=len(figures.unrecorded_sessions)))

# --- overdue ------------------------------------------------------------------------------------
st.subheader(_("Overdue"))
overdue_rows = [{"employee_id": s.trainee.employee_id, "name": s.trainee.name,
                 "unit": s.trainee.unit, "job_role": s.trainee.job_role,
                 "wave": s.wave or "", "deadline": s.deadline.isoformat() if s.deadline else "",
                 "missing": ", ".join(s.missing)} for s in figures.overdue]
if not overdue_rows:
    st.success(_("Nobody is past their wave's training deadline."))
else:
    st.dataframe(overdue_rows, hide_index=True, width="stretch")
    exports = st.columns(2)
    with exports[0]:
        csv_download(ws, label=_("Download the overdue list (CSV)"), rows=overdue_rows,
                     file_name="training-overdue.csv", object_type=ObjectType.TRAINING,
                     key="training_overdue_csv")
    with exports[1]:
        xlsx_download(ws, label=_("Download the overdue list (XLSX)"), rows=overdue_rows,
                      file_name="training-overdue.xlsx", object_type=ObjectType.TRAINING,
                      key="training_overdue_xlsx")
completion_rows = [{"employee_id": s.trainee.employee_id, "name": s.trainee.name,
                    "unit": s.trainee.unit, "job_role": s.trainee.job_role, "wave": s.wave or "",
                    "trained": "yes" if s.trained else "no", "done": ", ".join(s.done),
                    "missing": ", ".join(s.missing)} for s in figures.statuses]
exports = st.columns(2)
with exports[0]:
    csv_download(ws, label=_("Download completion (CSV)"), rows=completion_rows,
                 file_name="training-completion.csv", object_type=ObjectType.TRAINING,
                 key="training_completion_csv")
with exports[1]:
    xlsx_download(ws, label=_("Download completion (XLSX)"), rows=completion_rows,
                  file_name="training-completion.xlsx", object_type=ObjectType.TRAINING,
                  key="training_completion_xlsx")

# --- adoption after go-live -------------------------------------------------------------------------
st.subheader(_("Adoption after go-live"))
st.caption(_("Weekly active users per unit against its people on the roster; the target is "
             "{target}%. Low adoption sank BMC's first two CRM attempts.", target=80))
measured = [a for a in overview.adoption_units if a.week_start is not None]
if measured:
    st.dataframe([{_("Unit"): a.key, _("Week of"): shown_date(a.week_start),
                   _("Active users"): a.active_users, _("People"): a.users,
                   _("Adoption %"): round(a.pct), _("Below target"): "⚠️" if a.low else ""}
                  for a in measured], hide_index=True, width="stretch")
else:
    st.info(_("No weekly active users recorded yet."))
if ws.may(ObjectType.TRAINING, Action.EDIT):
    with st.form("adoption_entry"):
        st.markdown(_("**Record a week's active users**"))
        units = sorted({a.key for a in overview.adoption_units})
        unit = st.selectbox(_("Unit"), units, key="adoption_unit")
        week = st.date_input(_("Week starting"), value=today - dt.timedelta(days=today.weekday()),
                             key="adoption_week")
        active = st.number_input(_("Active users"), min_value=0, step=1, key="adoption_active")
        if st.form_submit_button(_("Record")) and unit:
            run_or_stop(lambda: record_adoption(
                ws.db, actor=ws.actor, organisation_id=ws.organisation_id, unit=unit,
                week_start=week, active_users=int(active)))
            state.flash(_("Recorded."))
            st.rerun()
