"""Risk dashboard: is it safe to go live, and why? Built from the latest submitted snapshot."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from rollout.content.schema import text_in
from rollout.domain.assessment import RolloutApproach
from rollout.domain.report import Decision
from rollout.errors import InputError, RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.permissions import Action, ObjectType
from rollout.services import (
    MIN_JUSTIFICATION_CHARACTERS,
    GateDecisionInput,
    case_positions,
    compare_what_if,
    list_gate_decisions,
    list_mitigation_actions,
    overrides_engine,
    record_gate_decision,
)
from rollout.ui import state
from rollout.ui.charts import (
    failure_exposure_figure,
    heatmap_counts,
    heatmap_figure,
    risks_in_cell,
    trend_figure,
)
from rollout.ui.form_errors import describe_errors
from rollout.ui.navigation import page_path
from rollout.ui.report_view import dimension_chart, show_risk, show_verdict
from rollout.ui.workspace import open_workspace, run_or_stop, snapshot_history

GO_LIVE_GATE = "go_live_readiness"

ws = open_workspace()
st.title("Risk dashboard")
state.show_flash()
programme, draft, snapshots = snapshot_history(ws)
snapshot = snapshots[-1] if snapshots else None
if snapshot is None or draft is None:
    st.info("No assessment has been submitted for this organisation yet. The dashboard shows the "
            "latest submitted snapshot.")
    if ws.may(ObjectType.ASSESSMENT, Action.EDIT):
        st.page_link(page_path("assessment.py"), label="Go to the assessment", icon="📝")
    st.stop()

content = ws.content
assessment_id = draft.id
report = snapshot.report
st.caption(f"{escape_markdown(ws.organisation.name)} · snapshot #{snapshot.sequence} of "
           f"*{escape_markdown(draft.name)}*, submitted "
           f"{snapshot.submitted_at:%Y-%m-%d %H:%M} UTC by {snapshot.submitted_by} · engine "
           f"{snapshot.engine_version}")

# --- verdict and readiness ----------------------------------------------------------------------
show_verdict(report)
left, right = st.columns(2)
left.plotly_chart(dimension_chart(report, content), width="stretch", key="dash-dims")
heat = right.plotly_chart(heatmap_figure(report), width="stretch", key="dash-heat",
                          on_select="rerun", selection_mode="points")

# --- failure likelihood and exposure, among the documented cases ---------------------------------
if report.failure_index is None:
    st.caption("This snapshot predates the failure and exposure indexes; submit again to see them.")
else:
    st.plotly_chart(failure_exposure_figure(report, case_positions(content)), width="stretch",
                    key="dash-failure-exposure")

# --- the risks of one heatmap cell ----------------------------------------------------------------
counts = heatmap_counts(report.risks)
cells = [(lik, imp) for imp in range(5, 0, -1) for lik in range(5, 0, -1)
         if counts[imp - 1][lik - 1]]
clicked = [(p.get("x"), p.get("y")) for p in (heat.selection.points if heat else [])]
default_cell = clicked[0] if clicked and clicked[0] in cells else None
cell = st.selectbox(
    "Risks in cell", cells, index=cells.index(default_cell) if default_cell else None,
    format_func=lambda c: f"likelihood {c[0]} × impact {c[1]} ({counts[c[1] - 1][c[0] - 1]})",
    placeholder="click a cell of the heatmap, or choose one here", key="dash_cell")
if cell is not None:
    for risk in risks_in_cell(report.risks, likelihood=cell[0], impact=cell[1]):
        st.markdown(f"- **{risk.name}** (`{risk.factor}`), score {risk.score}, {risk.band.value}")

# --- top risks with evidence, resembling cases and actions -----------------------------------------
st.subheader("Top risks")
actions = run_or_stop(lambda: list_mitigation_actions(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id, assessment_id=assessment_id))
today = dt.date.today()
for risk in report.risks[:5]:
    with st.expander(f"{risk.score:>2} · {risk.band.value.upper()} · {risk.name}",
                     expanded=risk is report.risks[0]):
        show_risk(risk, content, show_resemblance=False)
        for case_id in risk.resembles[:1]:
            case = content.cases[case_id]
            st.markdown(f"**Resembles {case.organisation} {case.year or ''}:** "
                        f"{text_in(case.summary)} "
                        f"[Read the case](/case_library?case={case_id})")
        mine = [a for a in actions if a.factor == risk.factor]
        if mine:
            st.dataframe([{"action": a.title, "owner": a.owner, "due": a.due_date,
                           "status": a.status.value,
                           "overdue": a.due_date < today and a.status.value in ("open", "in_progress")}
                          for a in mine], hide_index=True, width="stretch")
        else:
            st.caption("No mitigation action is recorded for this risk yet.")

# --- matched cases ---------------------------------------------------------------------------------
st.subheader("Documented cases this programme resembles")
for match in report.matched_cases[:3]:
    case = content.cases[match.case]
    st.markdown(f"- **{case.organisation} {case.year or ''}** ({match.outcome}), similarity "
                f"{match.similarity:.0%}: {text_in(case.summary)}")

# --- trend -----------------------------------------------------------------------------------------
if len(snapshots) > 1:
    st.plotly_chart(trend_figure([(s.submitted_at, s.report.readiness, s.report.total_score)
                                  for s in snapshots]), width="stretch", key="dash-trend")
else:
    st.caption("The trend appears once a second snapshot is submitted.")

# --- what-if ---------------------------------------------------------------------------------------
st.subheader("What if ...?")
st.caption("Change the go-live date or the approach, or add a pilot, and see how the risks move. "
           "Nothing is saved.")
assessment = snapshot.assessment
with st.form("what_if"):
    cols = st.columns(3)
    go_live = cols[0].date_input("Target go-live", value=assessment.programme.target_go_live,
                                 key="whatif_go_live")
    approaches = list(RolloutApproach)
    approach = cols[1].selectbox("Approach", approaches,
                                 index=approaches.index(assessment.programme.approach),
                                 format_func=lambda a: a.value, key="whatif_approach")
    add_pilot = cols[2].checkbox("Add a pilot wave", key="whatif_pilot")
    tried = st.form_submit_button("Re-score")
if tried:
    try:
        result = compare_what_if(assessment, content, go_live=go_live, approach=approach,
                                 add_pilot=add_pilot, at=report.at)
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
    else:
        after = result.after
        cols = st.columns(3)
        cols[0].metric("Verdict", after.verdict.decision.value,
                       delta=None if after.verdict.decision == report.verdict.decision
                       else f"was {report.verdict.decision.value}", delta_color="off")
        cols[1].metric("Readiness", after.readiness, delta=result.readiness_delta)
        cols[2].metric("Total risk score", after.total_score, delta=result.total_score_delta,
                       delta_color="inverse")
        if result.changes:
            st.dataframe([{"risk": c.name, "factor": c.factor, "score before": c.score_before,
                           "score after": c.score_after, "change": c.delta}
                          for c in result.changes], hide_index=True, width="stretch")
        else:
            st.caption("No risk score changes.")
        for blocker in after.verdict.blockers:
            st.error(f"Still blocked ({blocker.gate}): {escape_markdown(blocker.message)}")

# --- go/no-go sign-off -----------------------------------------------------------------------------
st.subheader("Go/no-go decision")
decisions = run_or_stop(lambda: list_gate_decisions(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id, assessment_id=assessment_id))
if decisions:
    st.dataframe([{"gate": d.gate, "decision": d.decision.value,
                   "against the engine": "yes" if d.overrides_engine else "",
                   "justification": d.justification,
                   "conditions": "; ".join(d.conditions), "signed by": d.decided_by,
                   "signed at": d.decided_at, "note": d.note}
                  for d in reversed(decisions)], hide_index=True, width="stretch")
    for d in reversed(decisions):
        if d.overrides_engine:
            st.warning(f"{escape_markdown(d.decided_by)} signed **{d.decision.value}** against the "
                       f"engine's verdict on {d.decided_at:%Y-%m-%d}. Justification: "
                       f"{escape_markdown(d.justification)}")
else:
    st.caption("No decision has been signed yet.")
if ws.may(ObjectType.GATE_DECISION, Action.APPROVE):
    engine_verdict = report.verdict.decision
    blockers = report.verdict.blockers
    st.write(f"Sign the go-live gate on snapshot #{snapshot.sequence}. The engine's verdict is "
             f"**{engine_verdict.value}**.")
    for blocker in blockers:
        st.error(f"Failed hard gate ({blocker.gate}): {escape_markdown(blocker.message)}")
    with st.form("gate_decision"):
        # No decision is pre-selected: the signer chooses one.
        decision = st.radio("Decision", list(Decision), index=None, format_func=lambda d: d.value,
                            horizontal=True, key="gate_decision_value")
        conditions = st.text_area("Conditions (one per line; required for conditional)",
                                  key="gate_decision_conditions")
        note = st.text_input("Note", key="gate_decision_note")
        justification = st.text_area(
            f"Justification (required when your decision differs from the engine's verdict, or "
            f"for a go with a failed hard gate; at least {MIN_JUSTIFICATION_CHARACTERS} "
            f"characters)", key="gate_decision_justification")
        confirmed = st.checkbox("I confirm that I sign this decision against the engine's "
                                "verdict or a failed hard gate, and that my justification is "
                                "recorded in the audit log", key="gate_decision_confirm")
        signed = st.form_submit_button("Sign decision")
    if signed:
        if decision is None:
            st.error("Choose a decision (go, conditional or no-go) before signing.")
            st.stop()
        needs_override = overrides_engine(decision=decision, engine_verdict=engine_verdict,
                                          failed=[b.gate for b in blockers])
        try:
            decision_input = GateDecisionInput(
                gate=GO_LIVE_GATE, decision=decision, note=note,
                conditions=[line.strip() for line in conditions.splitlines() if line.strip()],
                justification=justification if needs_override else "",
                confirm_override=confirmed and needs_override)
            record_gate_decision(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                                 snapshot_id=snapshot.id, decision=decision_input)
        except InputError as exc:
            st.error("The decision was not recorded:")
            for _, message in exc.problems:
                st.error(message)
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        except ValidationError as exc:  # the form's fields do not fit together
            st.error("; ".join(describe_errors(exc)))
        else:
            state.flash(f"Decision recorded: {decision.value}"
                        + (" (against the engine's verdict, with your justification)."
                           if needs_override else "."))
            st.rerun()
