"""Rollout plan: scenarios side by side, the Gantt chart, waves, gates, and why each date is there."""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st
from pydantic import ValidationError
from rollout.services.plans import get_plan_settings, plan_blackouts, save_plan_settings

from rollout.domain.assessment import Assessment
from rollout.domain.plan import MoveUnit, PinDate, PlanOptions, Scenario, SetCapacity, TaskKind
from rollout.errors import RolloutError
from rollout.permissions import Action, ObjectType
from rollout.risk.engine import assess
from rollout.schedule.planner import build_plan
from rollout.schedule.scenarios import compare_scenarios
from rollout.ui import state
from rollout.ui.gantt import gantt_figure
from rollout.ui.programme_tables import describe_errors
from rollout.ui.workspace import choose_programme, draft_assessment, open_workspace, run_or_stop

ws = open_workspace()
st.title("Rollout plan")
state.show_flash()
chosen = choose_programme(ws)
if chosen is None:
    st.info("This organisation has no programme yet: set it up first.")
    st.stop()
    raise SystemExit  # unreachable: st.stop() raises; narrows the type for the callbacks below
record = chosen
draft = draft_assessment(ws, record)
content = ws.content
assessment = Assessment(name=draft.name if draft else record.name, organisation=ws.organisation.profile,
                        programme=record.programme, answers=dict(draft.answers) if draft else {})
report = assess(assessment, content)
settings = run_or_stop(lambda: get_plan_settings(ws.db, actor=ws.actor,
                                                 organisation_id=ws.organisation_id,
                                                 programme_id=record.id))
saved_options = settings.options if settings else PlanOptions()
can_edit = ws.may(ObjectType.PROGRAMME, Action.EDIT)
# The programme's own blackouts (freezes, audits) always apply; they are kept with the programme.
options = saved_options.model_copy(update={"blackouts": plan_blackouts(record)})


def store(new_options: PlanOptions, message: str) -> None:
    try:
        save_plan_settings(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                           programme_id=record.id, options=new_options,
                           expected_version=settings.version if settings else None)
    except RolloutError as exc:
        st.error(str(exc))
    else:
        state.flash(message)
        st.rerun()


# --- planning settings ---------------------------------------------------------------------------
with st.expander("Planning settings", expanded=settings is None):
    with st.form("plan_settings"):
        cols = st.columns(3)
        choices: list[Scenario | None] = [None, Scenario.PILOT_WAVES, Scenario.PHASED,
                                          Scenario.BIG_BANG]
        current = saved_options.scenario if saved_options.scenario in choices else None
        scenario = cols[0].selectbox(
            "Scenario", choices, index=choices.index(current),
            format_func=lambda s: f"the programme's approach ({record.programme.approach.value})"
            if s is None else s.value, key="plan_scenario")
        share = cols[1].number_input("Largest wave (% of users)", min_value=5.0, max_value=100.0,
                                     value=float(saved_options.max_wave_share_pct), key="plan_share")
        completion = cols[2].number_input("Training completion needed at each gate (%)",
                                          min_value=0.0, max_value=100.0,
                                          value=float(saved_options.training_completion_pct),
                                          key="plan_completion")
        cols = st.columns(3)
        seats = cols[0].number_input("Trainer seats per week (0: sized from users)", min_value=0,
                                     value=saved_options.trainer_seats_per_week or 0,
                                     key="plan_seats")
        tracks = cols[1].number_input("Migration tracks in parallel", min_value=1, max_value=100,
                                      value=saved_options.migration_tracks, key="plan_tracks")
        buffer = cols[2].number_input(
            f"Buffer before a peak, weeks (0: hypercare + 2 = {record.programme.hypercare_weeks + 2})",
            min_value=0, max_value=52, value=saved_options.buffer_weeks or 0, key="plan_buffer")
        half_day = st.checkbox("Thursday is a half working day", key="plan_half_day",
                               value=saved_options.thursday_half_day)
        saved = st.form_submit_button("Save settings", disabled=not can_edit)
    if saved:
        try:
            new = saved_options.model_copy(update={
                "scenario": scenario, "max_wave_share_pct": share,
                "training_completion_pct": completion,
                "trainer_seats_per_week": int(seats) or None, "migration_tracks": int(tracks),
                "buffer_weeks": int(buffer) or None, "thursday_half_day": half_day})
            store(PlanOptions.model_validate(new.model_dump()), "Planning settings saved.")
        except ValidationError as exc:
            for line in describe_errors(exc):
                st.error(line)

# --- scenarios side by side ------------------------------------------------------------------------
try:
    with st.spinner("Planning the scenarios ..."):
        comparison = compare_scenarios(assessment, content, options, report)
        plan = build_plan(assessment, report, options, presets=content.presets)
except RolloutError as exc:
    st.error(str(exc))
    st.stop()

st.subheader("Scenarios")
st.dataframe([{
    "scenario": r.scenario.value, "start": r.start, "end": r.end,
    "duration (workdays)": r.duration_workdays, "first go-live": r.first_go_live,
    "last go-live": r.last_go_live, "peak users cut over at once": r.peak_users_at_once,
    "verdict": r.decision.value, "readiness": r.readiness, "total risk score": r.total_score,
    "risk change": r.total_score - report.total_score,
} for r in comparison.results], hide_index=True, width="stretch")

# --- the plan --------------------------------------------------------------------------------------
st.subheader(f"Plan: {plan.scenario.value}")
summary = st.columns(4)
summary[0].metric("Start", str(plan.start))
summary[1].metric("End", str(plan.end))
summary[2].metric("Duration (workdays)", plan.duration_workdays)
summary[3].metric("First go-live", str(min(plan.go_lives)) if plan.go_lives else "—")
for violation in plan.violations:
    st.error(f"**{violation.code}**{f' ({violation.task})' if violation.task else ''}: "
             f"{violation.message}")
st.plotly_chart(gantt_figure(plan, today=dt.date.today()), width="stretch", key="plan-gantt")

st.markdown("**Waves**")
st.dataframe([{"wave": w.name, "units": ", ".join(w.units), "users": w.users,
               "go-live": w.go_live, "regions": ", ".join(w.regions),
               "legacy platforms": ", ".join(w.platforms)} for w in plan.waves],
             hide_index=True, width="stretch")
st.markdown("**Gates**")
st.dataframe([{"gate": t.name, "date": t.start, "wave": t.wave,
               "criteria": "; ".join(c.text for c in t.criteria)}
              for t in plan.tasks if t.kind is TaskKind.GATE], hide_index=True, width="stretch")

# --- why is this date here? ------------------------------------------------------------------------
st.subheader("Why is this date here?")
tasks = {t.id: t for t in plan.tasks}
milestones = [t.id for t in plan.tasks if t.kind in (TaskKind.GO_LIVE, TaskKind.CUTOVER,
                                                     TaskKind.GATE)]
task_id = st.selectbox("Task", list(tasks), index=list(tasks).index(milestones[0]) if milestones else 0,
                       format_func=lambda i: f"{tasks[i].name} ({tasks[i].start})", key="plan_task")
task = tasks[task_id]
st.markdown(f"**{task.name}**: {task.start} to {task.end}, {task.duration_workdays} workdays, "
            f"{'on the critical path' if task.critical else f'{task.float_workdays} workdays of float'}.")
if task.depends_on:
    st.markdown("Waits for: " + ", ".join(f"{tasks[d].name} (ends {tasks[d].end})"
                                          for d in task.depends_on if d in tasks))
explained = [n for n in plan.notes if n.task == task_id]
for note in explained:
    st.info(f"`{note.code}`: {note.message}")
if not explained:
    st.caption("No scheduling decision moved this task: it starts as soon as what it waits for ends.")
with st.expander(f"All notes ({len(plan.notes)})"):
    st.dataframe([{"code": n.code, "task": n.task, "message": n.message} for n in plan.notes],
                 hide_index=True, width="stretch")

# --- overrides -------------------------------------------------------------------------------------
st.subheader("Overrides")
if saved_options.overrides:
    st.dataframe([{"kind": o.kind, "what": o.model_dump_json(exclude={"kind", "reason", "author"}),
                   "reason": o.reason, "by": o.author} for o in saved_options.overrides],
                 hide_index=True, width="stretch")
else:
    st.caption("No overrides: every date above is the planner's own.")
if can_edit:
    with st.form("plan_override"):
        kind = st.radio("Override", ["Pin a date", "Move a unit to another wave",
                                     "Change capacities"], horizontal=True, key="override_kind")
        cols = st.columns(3)
        pin_task = cols[0].selectbox("Task to pin", list(tasks), format_func=lambda i: tasks[i].name,
                                     key="override_task")
        pin_date = cols[1].date_input("Pinned date", value=task.start, key="override_date")
        units = [u.name for u in record.programme.business_units]
        unit = cols[0].selectbox("Unit", units or [""], key="override_unit")
        wave = cols[1].selectbox("Into wave", [w.id for w in plan.waves], key="override_wave")
        new_seats = cols[2].number_input("Trainer seats per week", min_value=1,
                                         value=saved_options.trainer_seats_per_week or 20,
                                         key="override_seats")
        reason = st.text_input("Reason (required; recorded in the audit log)", key="override_reason")
        added = st.form_submit_button("Apply override")
    if added:
        if not reason.strip():
            st.error("Give a reason: an override without one is never accepted.")
        else:
            author = ws.actor.email
            try:
                if kind == "Pin a date":
                    override: PinDate | MoveUnit | SetCapacity = PinDate(
                        task=pin_task, date=pin_date, reason=reason, author=author)
                elif kind == "Move a unit to another wave":
                    override = MoveUnit(unit=unit, wave=wave, reason=reason, author=author)
                else:
                    override = SetCapacity(trainer_seats_per_week=int(new_seats), reason=reason,
                                           author=author)
            except ValidationError as exc:
                st.error("; ".join(describe_errors(exc)))
            else:
                store(saved_options.model_copy(
                    update={"overrides": [*saved_options.overrides, override]}),
                    "Override applied; the plan was re-validated.")
    if saved_options.overrides and st.button("Remove every override", key="override_clear"):
        store(saved_options.model_copy(update={"overrides": []}), "Overrides removed.")

st.download_button("Download the plan (JSON)", json.dumps(plan.to_contract(), indent=2),
                   file_name=f"{record.name}-plan.json", mime="application/json",
                   key="plan_download")
