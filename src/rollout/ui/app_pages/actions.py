"""Mitigation actions: who does what by when about the risks found; overdue actions flagged."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from rollout.errors import ConflictError, RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.i18n.normalise import normalise_text
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
from rollout.ui.date_input import jalali_date_input
from rollout.ui.downloads import csv_download
from rollout.ui.form_errors import describe_errors
from rollout.ui.translation import (
    _,
    code_label,
    current_digits,
    date,
    is_rtl,
    isolate,
    kb_text,
    language,
    localise,
    ngettext,
)
from rollout.ui.workspace import latest_snapshot, open_workspace, run_or_stop

ANY = "(any)"
STILL_OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def overdue(action: MitigationActionRecord, today: dt.date) -> bool:
    return action.due_date < today and action.status in STILL_OPEN


def status_label(status: ActionStatus) -> str:
    return code_label(status)


def any_or(value: str) -> str:
    return _("(any)") if value == ANY else value


ws = open_workspace()
st.title(_("Mitigation actions"))
st.caption(_("{organisation} · who does what by when about the risks the assessment found. An "
             "action is overdue when its due date has passed and it is still open or in "
             "progress.", organisation=escape_markdown(ws.organisation.name)))
state.show_flash()
today = dt.date.today()
actions = run_or_stop(lambda: list_mitigation_actions(ws.db, actor=ws.actor,
                                                      organisation_id=ws.organisation_id))
assessment_names = {a.id: a.name for a in run_or_stop(lambda: list_assessments(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id))}
late = [a for a in actions if overdue(a, today)]

# --- summary and filters ---------------------------------------------------------------------------
total, still_open, overdue_count = st.columns(3)
total.metric(_("Actions"), localise(len(actions)))
still_open.metric(_("Open or in progress"),
                  localise(sum(a.status in STILL_OPEN for a in actions)))
overdue_count.metric(_("Overdue"), localise(len(late)))
if late:
    st.warning(ngettext("{count} action overdue:", "{count} actions overdue:", len(late)) + " "
               + "; ".join(_("{title} ({owner}, due {due})",
                             title=f"**{escape_markdown(a.title)}**",
                             owner=escape_markdown(a.owner), due=a.due_date)
                           for a in late[:5])
               + (" …" if len(late) > 5 else ""))

filters = st.columns(4)
statuses = filters[0].multiselect(_("Status"), list(ActionStatus), default=list(ActionStatus),
                                  format_func=status_label, key="actions_status")
owner = filters[1].selectbox(_("Owner"), [ANY, *sorted({a.owner for a in actions})],
                             format_func=any_or, key="actions_owner")
factor = filters[2].selectbox(_("Risk factor"),
                              [ANY, *sorted({a.factor for a in actions if a.factor})],
                              format_func=any_or, key="actions_factor")
overdue_only = filters[3].checkbox(_("Overdue only"), key="actions_overdue_only")
shown = [a for a in actions
         if a.status in statuses and owner in (ANY, a.owner) and factor in (ANY, a.factor)
         and (not overdue_only or overdue(a, today))]

# --- the table -------------------------------------------------------------------------------------
if not actions:
    st.info(_("No mitigation action has been recorded for this organisation yet."))
elif not shown:
    st.info(_("No action matches these filters."))
else:
    table = [{"overdue": "⚠️ overdue" if overdue(a, today) else "", "action": a.title,
              "owner": a.owner, "due date": a.due_date, "status": a.status.value,
              "risk factor": a.factor or "",
              "assessment": assessment_names.get(a.assessment_id, "?"), "notes": a.notes}
             for a in shown]
    csv_download(ws, label=_("Download these actions (CSV)"), rows=table,
                 file_name="mitigation-actions.csv", object_type=ObjectType.MITIGATION_ACTION,
                 key="actions_download")
    # What the reader sees: words for codes, and in Persian, Jalali dates as text.
    overdue_word = "⚠️ " + _("overdue")
    shown_table = [{**row, "overdue": overdue_word if row["overdue"] else "",
                    "status": status_label(a.status),
                    "due date": date(a.due_date) if is_rtl() else a.due_date}
                   for row, a in zip(table, shown, strict=True)]
    st.dataframe(
        shown_table,
        hide_index=True, width="stretch",
        column_config={
            "overdue": st.column_config.TextColumn(_("Overdue"), width="small"),
            "action": st.column_config.TextColumn(_("Action"), width="large"),
            "owner": st.column_config.TextColumn(_("Owner")),
            "due date": (st.column_config.TextColumn(_("Due date")) if is_rtl()
                         else st.column_config.DateColumn(_("Due date"), format="YYYY-MM-DD")),
            "status": st.column_config.TextColumn(_("Status")),
            "risk factor": st.column_config.TextColumn(_("Risk factor")),
            "assessment": st.column_config.TextColumn(_("Assessment")),
            "notes": st.column_config.TextColumn(_("Notes")),
        })

if not ws.may(ObjectType.MITIGATION_ACTION, Action.EDIT):
    st.caption(_("Your role may view mitigation actions but not change them."))
    st.stop()

# --- add an action ---------------------------------------------------------------------------------
st.subheader(_("Add an action"))
programme, assessment, snapshot = latest_snapshot(ws)
if assessment is None or snapshot is None:
    st.info(_("Actions address the risks of a submitted assessment: submit the assessment "
              "first, then add actions for the risks it found."))
else:
    risks = {r.factor: r for r in snapshot.report.risks}
    factors = ws.content.factors

    def risk_name(code: str) -> str:
        # The stored report names the risk as the engine wrote it (English); the knowledge
        # base names the factor in the reader's language.
        factor = factors.get(code)
        return kb_text(factor.name) if factor is not None else risks[code].name

    def suggestion_texts(code: str) -> list[str]:
        # The stored advice, by its mitigation id, in the reader's language where the
        # knowledge base still has it.
        factor = factors.get(code)
        known = {m.id: m.text for m in factor.mitigations} if factor is not None else {}
        return [kb_text(known[m.id]) if m.id in known else m.text
                for m in risks[code].mitigations]

    st.caption(_("For a risk of snapshot #{sequence} of {assessment}.",
                 sequence=snapshot.sequence,
                 assessment=f"*{escape_markdown(assessment.name)}*"))
    code = st.selectbox(
        _("Risk factor"), list(risks), key="new_action_factor",
        format_func=lambda c: _("{code} · {risk} (score {score}, {band})", code=isolate(c),
                                risk=risk_name(c), score=risks[c].score,
                                band=code_label(risks[c].band)))
    suggestions = suggestion_texts(code) if code else []
    suggestion = st.selectbox(_("Start from a recommended mitigation"), [*suggestions, ""],
                              format_func=lambda s: s or _("(write my own)"),
                              key=f"new_action_suggestion_{code}")
    # A new key per suggestion, so choosing another one refills the title.
    title_key = f"new_action_title_{code}_{suggestions.index(suggestion) if suggestion else 'own'}"
    with st.form("new_action"):
        title = st.text_input(_("Action"), value=suggestion, max_chars=300, key=title_key)
        left, right = st.columns(2)
        new_owner = left.text_input(_("Owner"), key="new_action_owner",
                                    placeholder=_("a person or a role, e.g. Head of Sales Ops"))
        due = jalali_date_input(_("Due date"), language=language(),
                                value=today + dt.timedelta(days=30), key="new_action_due",
                                digits=current_digits(), container=right)
        notes = st.text_area(_("Notes"), key="new_action_notes")
        added = st.form_submit_button(_("Add action"), type="primary", key="new_action_add")
    if added:
        try:
            created = add_mitigation_action(
                ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                assessment_id=assessment.id,
                action=MitigationActionInput(title=normalise_text(title),
                                             owner=normalise_text(new_owner), due_date=due,
                                             factor=code, notes=normalise_text(notes)))
        except ValidationError as exc:
            st.error(_("The action was not added: {problems}", problems="; ".join(
                describe_errors(exc, whole=_("action")))))
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.flash(_("Action added: {title}", title=created.title))
            st.rerun()

# --- update an action ------------------------------------------------------------------------------
if actions:
    st.subheader(_("Update an action"))
    by_id = {a.id: a for a in actions}
    chosen = st.selectbox(
        _("Action to update"), list(by_id), key="edit_action",
        format_func=lambda i: _("{title} · {owner}, due {due} ({status})", title=by_id[i].title,
                                owner=by_id[i].owner, due=by_id[i].due_date,
                                status=status_label(by_id[i].status)))
    action = by_id[chosen]
    version = state.seen_version(action.id, action.version)
    if version != action.version:
        st.warning(_("Someone else has changed this action since you opened it. Reload to see "
                     "their change, then apply yours again."))
        if st.button(_("Reload"), key="edit_action_reload"):
            state.forget_seen_version(action.id)
            st.rerun()
    suffix = f"{action.id}_{version}"
    with st.form(f"edit_action_{suffix}"):
        cols = st.columns(3)
        status = cols[0].selectbox(_("Status"), list(ActionStatus),
                                   index=list(ActionStatus).index(action.status),
                                   format_func=status_label, key=f"edit_status_{suffix}")
        new_owner = cols[1].text_input(_("Owner"), value=action.owner,
                                       key=f"edit_owner_{suffix}")
        due = jalali_date_input(_("Due date"), language=language(), value=action.due_date,
                                key=f"edit_due_{suffix}", digits=current_digits(),
                                container=cols[2])
        notes = st.text_area(_("Notes"), value=action.notes, key=f"edit_notes_{suffix}")
        saved = st.form_submit_button(_("Save changes"), type="primary",
                                      key=f"edit_save_{suffix}")
    if saved:
        try:
            update_mitigation_action(
                ws.db, actor=ws.actor, organisation_id=ws.organisation_id, action_id=action.id,
                expected_version=version,
                action=MitigationActionInput(title=action.title,
                                             owner=normalise_text(new_owner), due_date=due,
                                             status=status, factor=action.factor,
                                             notes=normalise_text(notes)))
        except ConflictError as exc:
            st.error(_("Not saved: {reason}. Press **Reload** above to load their version; your "
                       "entries stay in the form until then.", reason=str(exc)))
        except ValidationError as exc:
            st.error(_("Not saved: {reason}", reason="; ".join(
                describe_errors(exc, whole=_("action")))))
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        else:
            state.forget_seen_version(action.id)
            state.flash(_("Action saved: {title}", title=action.title))
            st.rerun()
