"""Rollout plan: scenarios side by side, the Gantt chart, waves, gates, and why each date is there.

The plan is built from the programme, the newest draft's answers and the stored plan settings
(options and overrides, :mod:`rollout.services.plans`), once per change of those, not on every
rerun (:mod:`rollout.services.plan_cache`); the programme's own blackouts always apply. Only
roles that may edit the programme change settings or overrides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from rollout import services
from rollout.content.schema import peak_season_name
from rollout.domain.plan import Override, PlanOptions, Scenario, TaskKind, default_buffer_weeks
from rollout.domain.plan_names import localised_plan, plan_name
from rollout.domain.plan_text import note_message, violation_message
from rollout.errors import RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.i18n import N_
from rollout.i18n.normalise import normalise_text
from rollout.permissions import Action, ObjectType
from rollout.training.metrics import GateStatus
from rollout.ui import state
from rollout.ui.date_input import jalali_date_input
from rollout.ui.gantt import gantt_figure
from rollout.ui.plan_labels import task_labels
from rollout.ui.translation import (
    _,
    code_label,
    current_digits,
    date,
    date_time,
    isolate,
    language,
    localise,
    percent,
    pgettext,
)
from rollout.ui.workspace import choose_programme, open_workspace, run_or_stop

OVERRIDE_KINDS = {N_("Pin a date"): "pin", N_("Move a unit to another wave"): "move_unit",
                  N_("Change capacities"): "capacity", N_("Add a dependency"): "depend"}

ws = open_workspace()
st.title(_("Rollout plan"))
state.show_flash()
chosen = choose_programme(ws)
if chosen is None:
    st.info(_("This organisation has no programme yet: set it up first."))
    st.stop()
record = chosen
settings = run_or_stop(lambda: services.get_plan_settings(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id, programme_id=record.id))
saved_options = settings.options if settings else PlanOptions()
can_edit = ws.may(ObjectType.PROGRAMME, Action.EDIT)
can_export = ws.may(ObjectType.PROGRAMME, Action.EXPORT)


def store(new_options: PlanOptions, message: str, *, plan_first: bool) -> None:
    """Save the options; with ``plan_first`` the service plans them once before storing (an
    override was already checked against the plan on screen)."""
    try:
        services.save_plan_settings(
            ws.db, actor=ws.actor, organisation_id=ws.organisation_id, programme_id=record.id,
            options=new_options, expected_version=settings.version if settings else None,
            content=ws.content if plan_first else None)
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
    else:
        state.flash(message)
        st.rerun()


planned: services.ProgrammePlan | None
planning_error = ""
try:
    with st.spinner(_("Planning ...")):
        planned = services.cached_plan_programme(ws.db, actor=ws.actor,
                                                 organisation_id=ws.organisation_id,
                                                 programme_id=record.id, content=ws.content,
                                                 options=saved_options)
except RolloutError as exc:
    planned = None
    planning_error = str(exc)

if settings is not None:
    st.caption(_("Plan settings version {version}, saved by {who} on {when} UTC.",
                 version=settings.version, who=isolate(escape_markdown(settings.updated_by)),
                 when=date_time(settings.updated_at)))

# --- planning settings ---------------------------------------------------------------------------
with st.expander(_("Planning settings"), expanded=settings is None and can_edit):
    if not can_edit:
        st.caption(_("Your role may view the plan; only roles that may edit the programme "
                     "change its settings."))
    with st.form("plan_settings"):
        locked = not can_edit
        cols = st.columns(3)
        choices: list[Scenario | None] = [None, Scenario.PILOT_WAVES, Scenario.PHASED,
                                          Scenario.BIG_BANG]
        current = saved_options.scenario if saved_options.scenario in choices else None
        scenario = cols[0].selectbox(
            _("Scenario"), choices, index=choices.index(current),
            format_func=lambda s: _("the programme's approach ({approach})",
                                    approach=code_label(record.programme.approach))
            if s is None else code_label(s), key="plan_scenario", disabled=locked)
        share = cols[1].number_input(_("Largest wave (share of users, %)"), min_value=1.0,
                                     max_value=100.0,
                                     value=max(1.0, float(saved_options.max_wave_share_pct)),
                                     key="plan_share", disabled=locked)
        completion = cols[2].number_input(_("Training completion needed at each gate (%)"),
                                          min_value=0.0, max_value=100.0,
                                          value=float(saved_options.training_completion_pct),
                                          key="plan_completion", disabled=locked)
        cols = st.columns(3)
        seats = cols[0].number_input(_("Trainer seats per week (0: sized from users)"),
                                     min_value=0,
                                     value=saved_options.trainer_seats_per_week or 0,
                                     key="plan_seats", disabled=locked)
        tracks = cols[1].number_input(_("Migration tracks in parallel"), min_value=1,
                                      max_value=100,
                                      value=saved_options.migration_tracks, key="plan_tracks",
                                      disabled=locked)
        default_buffer = (planned.default_buffer_weeks if planned is not None
                          else default_buffer_weeks(record.programme))
        buffer = cols[2].number_input(
            _("Buffer before a peak, weeks (0: the plan's rule, now {weeks})",
              weeks=default_buffer),
            min_value=0, max_value=52, value=saved_options.buffer_weeks or 0, key="plan_buffer",
            disabled=locked)
        half_day = st.checkbox(_("Thursday is a half working day"), key="plan_half_day",
                               value=saved_options.thursday_half_day, disabled=locked)
        saved = st.form_submit_button(_("Save settings"), disabled=locked)
    if saved and can_edit:
        try:
            new = services.plan_options_from({
                **saved_options.model_dump(), "scenario": scenario, "max_wave_share_pct": share,
                "training_completion_pct": completion,
                "trainer_seats_per_week": int(seats) or None, "migration_tracks": int(tracks),
                "buffer_weeks": int(buffer) or None, "thursday_half_day": half_day})
        except RolloutError as exc:
            st.error(str(exc))
        else:
            store(new, _("Planning settings saved."), plan_first=True)

# --- the plan --------------------------------------------------------------------------------------
if planned is None:
    st.error(_("The saved plan settings cannot be planned any more (did the programme change?): "
               "{reason}", reason=escape_markdown_block(planning_error)))
    if can_edit and saved_options.overrides and st.button(_("Remove every override"),
                                                          key="override_clear_broken"):
        store(saved_options.model_copy(update={"overrides": []}), _("Overrides removed."),
              plan_first=False)
    st.stop()
# The planner's task, wave and criterion names in the reader's language (ids unchanged).
plan = localised_plan(planned.plan, language())


def season(name: str) -> str:
    """A peak season's name in the reader's language (notes name the windows they avoid)."""
    return peak_season_name(ws.content.presets.values(), name, language().value)


options = planned.options

# --- scenarios side by side ------------------------------------------------------------------------
st.subheader(_("Scenarios"))
st.dataframe([{
    _("scenario"): code_label(r.scenario), _("start"): localise(r.start), _("end"): localise(r.end),
    _("duration (workdays)"): localise(r.duration_workdays), _("waves"): localise(r.waves),
    _("first go-live"): localise(r.first_go_live), _("last go-live"): localise(r.last_go_live),
    _("peak users cut over at once"): localise(r.peak_users_at_once),
    _("violations"): localise(r.violations), _("verdict"): code_label(r.decision),
    _("readiness"): localise(r.readiness), _("total risk score"): localise(r.total_score),
    _("risk change"): localise(r.total_score_change),
} for r in planned.scenarios], hide_index=True, width="stretch", key="plan_scenarios")
for candidate, why in planned.not_compared:
    st.caption(_("Not compared: {scenario}: {why}", scenario=code_label(candidate),
                 why=escape_markdown(why)))

st.subheader(_("Plan: {scenario}", scenario=code_label(plan.scenario)))
summary = st.columns(4)
summary[0].metric(_("Start"), date(plan.start))
summary[1].metric(_("End"), date(plan.end))
summary[2].metric(_("Duration (workdays)"), localise(plan.duration_workdays))
summary[3].metric(_("First go-live"), date(min(plan.go_lives)) if plan.go_lives else "—")
miss = services.target_miss(plan)
if miss is not None:
    st.warning(_("The first go-live, {first}, is {delay} after the target {target}.",
                 first=miss.first_go_live,
                 delay=miss.describe_delay(language(), digits=current_digits()),
                 target=miss.target))
    for code, message in miss.reason_messages(language(), ws.content.presets):
        st.markdown(f"- `{code}`: {escape_markdown(message)}")
for violation in plan.violations:
    st.error(f"**{violation.code}**"
             f"{f' ({escape_markdown(violation.task)})' if violation.task else ''}: "
             f"{escape_markdown(violation_message(violation, language()))}")
every_task = st.toggle(_("Show every task (a large plan is summarised by phase, track and "
                         "wave)"), key="plan_every_task")
st.plotly_chart(gantt_figure(plan, today=dt.date.today(), detail="tasks" if every_task else "auto"),
                width="stretch", key="plan-gantt")

st.markdown(_("**Waves**"))
st.dataframe([{_("wave"): w.name, _("units"): ", ".join(w.units), _("users"): localise(w.users),
               _("go-live"): localise(w.go_live), _("regions"): ", ".join(w.regions),
               _("legacy platforms"): ", ".join(w.platforms)} for w in plan.waves],
             hide_index=True, width="stretch", key="plan_waves")
st.markdown(_("**Gates**"))
st.dataframe([{_("gate"): t.name, _("date"): localise(t.start), _("wave"): t.wave,
               _("criteria"): "; ".join(c.text for c in t.criteria)}
              for t in plan.tasks if t.kind is TaskKind.GATE], hide_index=True, width="stretch",
             key="plan_gates")

# --- training against each wave's gate (issue 14) -----------------------------------------------
TRAINING_STATUS = {
    GateStatus.MET: pgettext("training gate", "met"),
    GateStatus.ON_TRACK: pgettext("training gate", "on track"),
    GateStatus.AT_RISK: pgettext("training gate", "at risk: forecast after the deadline"),
    GateStatus.NO_FORECAST: pgettext("training gate", "no forecast: nobody booked, no pace yet"),
    GateStatus.NO_TRAINEES: pgettext("training gate", "nobody on the roster"),
    GateStatus.NO_DEADLINE: pgettext("training gate", "no go-live planned"),
}
if planned.training is not None and planned.training.has_data:
    st.markdown(_("**Training against each wave's gate**"))
    st.caption(_("From the trainer's roster and completions: each wave's share of people fully "
                 "trained, against the threshold its training gate requires before the training "
                 "deadline."))
    st.dataframe([{
        _("wave"): plan_name(f.name, language()), _("completion"): percent(f.pct / 100),
        _("trained"): _("{trained} of {people}", trained=localise(f.trained),
                        people=localise(f.trainees)),
        _("threshold"): percent(f.threshold_pct / 100),
        _("training deadline"): date(f.deadline) if f.deadline else "—",
        _("forecast"): date(f.forecast) if f.forecast else "—",
        _("status"): TRAINING_STATUS[f.status],
    } for f in planned.training.figures.forecasts], hide_index=True, width="stretch",
        key="plan_training_gates")

# --- why is this date here? ------------------------------------------------------------------------
# "Why is this date here?" and the override form are fragments: choosing a task or filling the
# form reruns only that part (issue 16: 100 ms on a 1,585-task plan, against half a second for
# the whole page), reading the plan of the page's last full run. A saved override reruns the app.
st.subheader(_("Why is this date here?"))
tasks = {t.id: t for t in plan.tasks}
task_ids = list(tasks)
labels = task_labels(plan)  # once per plan, not per option and rerun
# It opens on the first go-live: the date a reader asks about first.
go_lives = sorted((t for t in plan.tasks if t.kind is TaskKind.GO_LIVE), key=lambda t: t.start)
first_task = task_ids.index(go_lives[0].id) if go_lives else 0


@st.fragment(key="plan_why")
def why_is_this_date_here() -> None:
    task_id = st.selectbox(_("Task"), task_ids, index=first_task,
                           format_func=labels.by_date.__getitem__, key="plan_task")
    task = tasks[task_id]
    slack = (_("on the critical path") if task.critical
             else _("{count} workdays of float", count=task.float_workdays))
    st.markdown(_("{task}: {start} to {end}, {workdays} workdays, {slack}.",
                  task=f"**{escape_markdown(task.name)}**", start=task.start, end=task.end,
                  workdays=task.duration_workdays, slack=slack))
    if task.depends_on:
        st.markdown(_("Waits for: {tasks}", tasks=_(", ").join(
            _("{task} (ends {end})", task=escape_markdown(tasks[d].name), end=tasks[d].end)
            for d in task.depends_on if d in tasks)))
    explained = [n for n in plan.notes if n.task == task_id]
    for note in explained:
        st.info(f"`{note.code}`: {escape_markdown(note_message(note, language(), season))}")
    if not explained:
        st.caption(_("No scheduling decision moved this task: it starts as soon as what it "
                     "waits for ends."))


why_is_this_date_here()
# Outside the fragment: the notes table (every note of the plan) is built on full runs only.
with st.expander(_("All notes ({count})", count=len(plan.notes))):
    code_column, task_column, message_column = _("code"), _("task"), _("message")  # once
    st.dataframe([{code_column: n.code, task_column: n.task,
                   message_column: note_message(n, language(), season)}
                  for n in plan.notes], hide_index=True, width="stretch", key="plan_notes")

# --- overrides -------------------------------------------------------------------------------------
st.subheader(_("Overrides"))
overrides: list[Override] = list(saved_options.overrides)
if overrides:
    st.dataframe([{_("kind"): o.kind, _("override"): services.describe_override(o),
                   _("reason"): o.reason, _("by"): o.author} for o in overrides],
                 hide_index=True, width="stretch", key="plan_overrides")
else:
    st.caption(_("No overrides: every date above is the planner's own."))


@st.fragment(key="plan_override")
def override_form() -> None:
    with st.form("plan_override"):
        kind = st.radio(_("Override"), list(OVERRIDE_KINDS), horizontal=True,
                        format_func=lambda k: _(k), key="override_kind")
        cols = st.columns(3)
        pin_task = cols[0].selectbox(_("Task (to pin, or to wait)"), task_ids,
                                     index=first_task, format_func=labels.by_id.__getitem__,
                                     key="override_task")
        pin_date = jalali_date_input(_("Pinned date"), language=language(),
                                     value=tasks[task_ids[first_task]].start,
                                     key="override_date", digits=current_digits(),
                                     container=cols[1])
        after = cols[2].selectbox(_("Waits for (dependency)"), task_ids,
                                  format_func=labels.by_id.__getitem__,
                                  key="override_after")
        cols = st.columns(3)
        units = [u.name for u in record.programme.business_units]
        unit = cols[0].selectbox(_("Unit"), units or [""], key="override_unit")
        later_waves = sum(1 for w in plan.waves if w.id.startswith("wave-"))
        wave_ids = [w.id for w in plan.waves] + [f"wave-{later_waves + 1}"]
        wave = cols[1].selectbox(_("Into wave"), wave_ids, key="override_wave",
                                 format_func=lambda w: isolate(w) if w != wave_ids[-1]
                                 else _("{wave} (new)", wave=isolate(w)))
        lag = cols[2].number_input(_("Lag (workdays)"), min_value=0, max_value=250, value=0,
                                   key="override_lag")
        cols = st.columns(3)
        new_seats = cols[0].number_input(_("Trainer seats per week"), min_value=1,
                                         value=plan.capacities.get("trainer_seats",
                                                                   saved_options.trainer_seats_per_week
                                                                   or 20),
                                         key="override_seats")
        new_tracks = cols[1].number_input(_("Migration tracks"), min_value=1, max_value=100,
                                          value=plan.capacities.get("migration_tracks",
                                                                    saved_options.migration_tracks),
                                          key="override_tracks")
        reason = normalise_text(st.text_input(_("Reason (required; recorded in the audit log)"),
                                              key="override_reason"))
        added = st.form_submit_button(_("Apply override"))
    if added:
        by_kind: dict[str, dict[str, Any]] = {
            "pin": {"task": pin_task, "date": pin_date},
            "move_unit": {"unit": unit, "wave": wave},
            "capacity": {"trainer_seats_per_week": int(new_seats),
                         "migration_tracks": int(new_tracks)},
            "depend": {"task": pin_task, "after": after, "lag_workdays": int(lag)},
        }
        try:
            override = services.override_from({"kind": OVERRIDE_KINDS[kind],
                                                **by_kind[OVERRIDE_KINDS[kind]],
                                                "reason": reason}, author=ws.actor.email)
            services.validate_override(override, plan, record)
        except RolloutError as exc:
            st.error(str(exc))
        else:  # store() reruns the whole app, which plans the new options
            store(saved_options.model_copy(update={"overrides": [*overrides, override]}),
                  _("Override applied; the plan was re-validated."), plan_first=False)


if can_edit:
    override_form()
    if overrides:
        removal = st.columns([3, 1, 1])
        remove = removal[0].selectbox(_("Override to remove"), range(len(overrides)),
                                      format_func=lambda i: services.describe_override(
                                          overrides[i]),
                                      key="override_remove_choice")
        if removal[1].button(_("Remove it"), key="override_remove"):
            store(saved_options.model_copy(
                update={"overrides": [o for i, o in enumerate(overrides) if i != remove]}),
                _("Override removed."), plan_first=True)
        if removal[2].button(_("Remove every override"), key="override_clear"):
            store(saved_options.model_copy(update={"overrides": []}), _("Overrides removed."),
                  plan_first=False)


# --- download --------------------------------------------------------------------------------------
def audit_download() -> None:
    try:
        services.record_export(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                      object_type=ObjectType.PROGRAMME, object_id=record.id,
                      export_format="plan-json")
    except RolloutError as exc:
        state.flash_error(str(exc))


if can_export:
    st.download_button(_("Download the plan (JSON)"), services.plan_contract_json(plan),
                       file_name=f"{record.name}-plan.json", mime="application/json",
                       key="plan_download", on_click=audit_download)
