"""Mitigation actions: who does what by when about the risks found; overdue actions flagged."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from rollout.errors import ConflictError, RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.permissions import Action, ObjectType
from rollout.services import (
    ActionStatus,
    MitigationActionInput,
    MitigationActionRecord,
    add_mitigation_action,
    list_assessments,
    list_mitigation_actions,
    update_mitigation_action,
)
from rollout.ui import state
from rollout.ui.downloads import csv_download
from rollout.ui.form_errors import describe_errors
from rollout.ui.workspace import latest_snapshot, open_workspace, run_or_stop

ANY = "(any)"
STILL_OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def overdue(action: MitigationActionRecord, today: dt.date) -> bool:
    return action.due_date < today and action.status in STILL_OPEN


def status_label(status: ActionStatus) -> str:
    return status.value.replace("_", " ")


ws = open_workspace()
st.title("Mitigation actions")
st.caption(f"{escape_markdown(ws.organisation.name)} · who does what by when about the risks the assessment "
           "found. An action is overdue when its due date has passed and it is still open or in "
           "progress.")
state.show_flash()
today = dt.date.today()
actions = run_or_stop(lambda: list_mitigation_actions(ws.db, actor=ws.actor,
                                                      organisation_id=ws.organisation_id))
assessment_names = {a.id: a.name for a in run_or_stop(lambda: list_assessments(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id))}
late = [a for a in actions if overdue(a, today)]

# --- summary and filters ---------------------------------------------------------------------------
total, still_open, overdue_count = st.columns(3)
total.metric("Actions", len(actions))
still_open.metric("Open or in progress", sum(a.status in STILL_OPEN for a in actions))
overdue_count.metric("Overdue", len(late))
if late:
    st.warning(f"{len(late)} action(s) overdue: " + "; ".join(
        f"**{escape_markdown(a.title)}** ({escape_markdown(a.owner)}, due {a.due_date})"
        for a in late[:5])
        + (" …" if len(late) > 5 else ""))

filters = st.columns(4)
statuses = filters[0].multiselect("Status", list(ActionStatus), default=list(ActionStatus),
                               format_func=status_label, key="actions_status")
owner = filters[1].selectbox("Owner", [ANY, *sorted({a.owner for a in actions})],
                          key="actions_owner")
factor = filters[2].selectbox("Risk factor", [ANY, *sorted({a.factor for a in actions if a.factor})],
                           key="actions_factor")
overdue_only = filters[3].checkbox("Overdue only", key="actions_overdue_only")
shown = [a for a in actions
         if a.status in statuses and owner in (ANY, a.owner) and factor in (ANY, a.factor)
         and (not overdue_only or overdue(a, today))]

# --- the table -------------------------------------------------------------------------------------
if not actions:
    st.info("No mitigation action has been recorded for this organisation yet.")
elif not shown:
    st.info("No action matches these filters.")
else:
    table = [{"overdue": "⚠️ overdue" if overdue(a, today) else "", "action": a.title,
              "owner": a.owner, "due date": a.due_date, "status": status_label(a.status),
              "risk factor": a.factor or "",
              "assessment": assessment_names.get(a.assessment_id, "?"), "notes": a.notes}
             for a in shown]
    csv_download(ws, label="Download these actions (CSV)", rows=table,
                 file_name="mitigation-actions.csv", object_type=ObjectType.MITIGATION_ACTION,
                 key="actions_download")
    st.dataframe(
        table,
        hide_index=True, width="stretch",
        column_config={
            "overdue": st.column_config.TextColumn("Overdue", width="small"),
            "action": st.column_config.TextColumn("Action", width="large"),
            "owner": st.column_config.TextColumn("Owner"),
            "due date": st.column_config.DateColumn("Due date", format="YYYY-MM-DD"),
            "status": st.column_config.TextColumn("Status"),
            "risk factor": st.column_config.TextColumn("Risk factor"),
            "assessment": st.column_config.TextColumn("Assessment"),
            "notes": st.column_config.TextColumn("Notes"),
        })

if not ws.may(ObjectType.MITIGATION_ACTION, Action.EDIT):
    st.caption("Your role may view mitigation actions but not change them.")
    st.stop()

# --- add an action ---------------------------------------------------------------------------------
st.subheader("Add an action")
programme, assessment, snapshot = latest_snapshot(ws)
if assessment is None or snapshot is None:
    st.info("Actions address the risks of a submitted assessment: submit the assessment first, "
            "then add actions for the risks it found.")
else:
    risks = {r.factor: r for r in snapshot.report.risks}
    st.caption(f"For a risk of snapshot #{snapshot.sequence} of *{escape_markdown(assessment.name)}*.")
    code = st.selectbox(
        "Risk factor", list(risks), key="new_action_factor",
        format_func=lambda c: f"{c} · {risks[c].name} (score {risks[c].score}, "
                              f"{risks[c].band.value})")
    suggestions = [m.text for m in risks[code].mitigations] if code else []
    suggestion = st.selectbox("Start from a recommended mitigation", [*suggestions, ""],
                              format_func=lambda s: s or "(write my own)",
                              key=f"new_action_suggestion_{code}")
    # A new key per suggestion, so choosing another one refills the title.
    title_key = f"new_action_title_{code}_{suggestions.index(suggestion) if suggestion else 'own'}"
    with st.form("new_action"):
        title = st.text_input("Action", value=suggestion, max_chars=300, key=title_key)
        left, right = st.columns(2)
        new_owner = left.text_input("Owner", key="new_action_owner",
                                       placeholder="a person or a role, e.g. Head of Sales Ops")
        due = right.date_input("Due date", value=today + dt.timedelta(days=30),
                                 key="new_action_due")
        notes = st.text_area("Notes", key="new_action_notes")
        added = st.form_submit_button("Add action", type="primary", key="new_action_add")
    if added:
        try:
            created = add_mitigation_action(
                ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                assessment_id=assessment.id,
                action=MitigationActionInput(title=title, owner=new_owner, due_date=due,
                                             factor=code, notes=notes))
        except ValidationError as exc:
            st.error("The action was not added: " + "; ".join(describe_errors(exc, whole="action")))
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.flash(f"Action added: {created.title}")
            st.rerun()

# --- update an action ------------------------------------------------------------------------------
if actions:
    st.subheader("Update an action")
    by_id = {a.id: a for a in actions}
    chosen = st.selectbox(
        "Action to update", list(by_id), key="edit_action",
        format_func=lambda i: f"{by_id[i].title} · {by_id[i].owner}, due {by_id[i].due_date} "
                              f"({status_label(by_id[i].status)})")
    action = by_id[chosen]
    version = state.seen_version(action.id, action.version)
    if version != action.version:
        st.warning("Someone else has changed this action since you opened it. Reload to see "
                   "their change, then apply yours again.")
        if st.button("Reload", key="edit_action_reload"):
            state.forget_seen_version(action.id)
            st.rerun()
    suffix = f"{action.id}_{version}"
    with st.form(f"edit_action_{suffix}"):
        cols = st.columns(3)
        status = cols[0].selectbox("Status", list(ActionStatus),
                                   index=list(ActionStatus).index(action.status),
                                   format_func=status_label, key=f"edit_status_{suffix}")
        new_owner = cols[1].text_input("Owner", value=action.owner, key=f"edit_owner_{suffix}")
        due = cols[2].date_input("Due date", value=action.due_date, key=f"edit_due_{suffix}")
        notes = st.text_area("Notes", value=action.notes, key=f"edit_notes_{suffix}")
        saved = st.form_submit_button("Save changes", type="primary",
                                      key=f"edit_save_{suffix}")
    if saved:
        try:
            update_mitigation_action(
                ws.db, actor=ws.actor, organisation_id=ws.organisation_id, action_id=action.id,
                expected_version=version,
                action=MitigationActionInput(title=action.title, owner=new_owner, due_date=due,
                                             status=status, factor=action.factor, notes=notes))
        except ConflictError as exc:
            st.error(f"Not saved: {exc}. Press **Reload** above to load their version; your "
                     "entries stay in the form until then.")
        except ValidationError as exc:
            st.error("Not saved: " + "; ".join(describe_errors(exc, whole="action")))
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.forget_seen_version(action.id)
            state.flash(f"Action saved: {action.title}")
            st.rerun()
