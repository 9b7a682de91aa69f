"""Risk dashboard: is it safe to go live, and why? Built from the latest submitted snapshot."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from rollout.domain.assessment import RolloutApproach
from rollout.domain.report import Decision
from rollout.errors import InputError, RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.i18n.normalise import normalise_text
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
from rollout.ui.date_input import jalali_date_input
from rollout.ui.form_errors import describe_errors
from rollout.ui.navigation import page_path
from rollout.ui.report_view import (
    blocker_texts,
    dimension_chart,
    risk_title,
    show_risk,
    show_verdict,
)
from rollout.ui.translation import (
    _,
    case_name,
    code_label,
    current_digits,
    date,
    date_time,
    isolate,
    kb_text,
    language,
    localise,
    percent,
)
from rollout.ui.workspace import open_workspace, run_or_stop, snapshot_history

GO_LIVE_GATE = "go_live_readiness"

ws = open_workspace()
st.title(_("Risk dashboard"))
state.show_flash()
programme, draft, snapshots = snapshot_history(ws)
snapshot = snapshots[-1] if snapshots else None
if snapshot is None or draft is None:
    st.info(_("No assessment has been submitted for this organisation yet. The dashboard shows "
              "the latest submitted snapshot."))
    if ws.may(ObjectType.ASSESSMENT, Action.EDIT):
        st.page_link(page_path("assessment.py"), label=_("Go to the assessment"), icon="📝")
    st.stop()

content = ws.content
assessment_id = draft.id
report = snapshot.report
st.caption(_("{organisation} · snapshot #{sequence} of {assessment}, submitted {when} UTC by "
             "{who} · engine {engine}", organisation=escape_markdown(ws.organisation.name),
             sequence=snapshot.sequence, assessment=f"*{escape_markdown(draft.name)}*",
             when=date_time(snapshot.submitted_at), who=isolate(snapshot.submitted_by),
             engine=isolate(snapshot.engine_version)))

# --- verdict and readiness ----------------------------------------------------------------------
show_verdict(report, content)
left, right = st.columns(2)
left.plotly_chart(dimension_chart(report, content), width="stretch", key="dash-dims")
heat = right.plotly_chart(heatmap_figure(report), width="stretch", key="dash-heat",
                          on_select="rerun", selection_mode="points")

# --- failure likelihood and exposure, among the documented cases ---------------------------------
if report.failure_index is None:
    st.caption(_("This snapshot predates the failure and exposure indexes; submit again to see "
                 "them."))
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
    _("Risks in cell"), cells, index=cells.index(default_cell) if default_cell else None,
    format_func=lambda c: _("likelihood {likelihood} × impact {impact} ({count})",
                            likelihood=c[0], impact=c[1], count=counts[c[1] - 1][c[0] - 1]),
    placeholder=_("click a cell of the heatmap, or choose one here"), key="dash_cell")
if cell is not None:
    for risk in risks_in_cell(report.risks, likelihood=cell[0], impact=cell[1]):
        st.markdown("- " + _("{risk} ({factor}), score {score}, {band}",
                             risk=f"**{risk_title(risk, content)}**",
                             factor=f"`{risk.factor}`", score=risk.score,
                             band=code_label(risk.band)))

# --- top risks with evidence, resembling cases and actions -----------------------------------------
st.subheader(_("Top risks"))
actions = run_or_stop(lambda: list_mitigation_actions(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id, assessment_id=assessment_id))
today = dt.date.today()
for risk in report.risks[:5]:
    with st.expander(f"{localise(risk.score)} · {code_label(risk.band).upper()} · "
                     f"{risk_title(risk, content)}",
                     expanded=risk is report.risks[0]):
        show_risk(risk, content, show_resemblance=False)
        read_the_case = _("Read the case")
        for case_id in risk.resembles[:1]:
            case = content.cases[case_id]
            st.markdown(_("**Resembles {case}:** {summary} {link}",
                          case=case_name(case.organisation, case.year),
                          summary=kb_text(case.summary),
                          link=f"[{read_the_case}](/case_library?case={case_id})"))
        mine = [a for a in actions if a.factor == risk.factor]
        if mine:
            st.dataframe([{_("action"): a.title, _("owner"): a.owner,
                           _("due"): localise(a.due_date), _("status"): code_label(a.status),
                           _("overdue"): (a.due_date < today
                                          and a.status.value in ("open", "in_progress"))}
                          for a in mine], hide_index=True, width="stretch")
        else:
            st.caption(_("No mitigation action is recorded for this risk yet."))

# --- matched cases ---------------------------------------------------------------------------------
st.subheader(_("Documented cases this programme resembles"))
for match in report.matched_cases[:3]:
    case = content.cases[match.case]
    st.markdown("- " + _("{case} ({outcome}), similarity {similarity}: {summary}",
                         case=f"**{case_name(case.organisation, case.year)}**",
                         outcome=code_label(match.outcome), similarity=percent(match.similarity),
                         summary=kb_text(case.summary)))

# --- trend -----------------------------------------------------------------------------------------
if len(snapshots) > 1:
    st.plotly_chart(trend_figure([(s.submitted_at, s.report.readiness, s.report.total_score)
                                  for s in snapshots]), width="stretch", key="dash-trend")
else:
    st.caption(_("The trend appears once a second snapshot is submitted."))

# --- what-if ---------------------------------------------------------------------------------------
st.subheader(_("What if ...?"))
st.caption(_("Change the go-live date or the approach, or add a pilot, and see how the risks "
             "move. Nothing is saved."))
assessment = snapshot.assessment
with st.form("what_if"):
    cols = st.columns(3)
    go_live = jalali_date_input(_("Target go-live"), language=language(),
                                value=assessment.programme.target_go_live, key="whatif_go_live",
                                digits=current_digits(), container=cols[0])
    approaches = list(RolloutApproach)
    approach = cols[1].selectbox(_("Approach"), approaches,
                                 index=approaches.index(assessment.programme.approach),
                                 format_func=code_label, key="whatif_approach")
    add_pilot = cols[2].checkbox(_("Add a pilot wave"), key="whatif_pilot")
    tried = st.form_submit_button(_("Re-score"))
if tried and go_live is None:
    st.error(_("Type the target go-live to re-score."))
elif tried and go_live is not None:
    try:
        result = compare_what_if(assessment, content, go_live=go_live, approach=approach,
                                 add_pilot=add_pilot, at=report.at)
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
    else:
        after = result.after
        cols = st.columns(3)
        cols[0].metric(_("Verdict"), code_label(after.verdict.decision),
                       delta=None if after.verdict.decision == report.verdict.decision
                       else _("was {verdict}", verdict=code_label(report.verdict.decision)),
                       delta_color="off")
        cols[1].metric(_("Readiness"), localise(after.readiness),
                       delta=localise(result.readiness_delta))
        cols[2].metric(_("Total risk score"), localise(after.total_score),
                       delta=localise(result.total_score_delta), delta_color="inverse")
        if result.changes:
            st.dataframe([{_("risk"): c.name, _("factor"): c.factor,
                           _("score before"): localise(c.score_before),
                           _("score after"): localise(c.score_after),
                           _("change"): localise(c.delta)}
                          for c in result.changes], hide_index=True, width="stretch")
        else:
            st.caption(_("No risk score changes."))
        for blocker in after.verdict.blockers:
            message = blocker_texts(blocker.gate, blocker.message, blocker.how_to_fix, content)[0]
            st.error(_("Still blocked ({gate}): {message}", gate=isolate(blocker.gate),
                       message=escape_markdown(message)))

# --- go/no-go sign-off -----------------------------------------------------------------------------
st.subheader(_("Go/no-go decision"))
decisions = run_or_stop(lambda: list_gate_decisions(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id, assessment_id=assessment_id))
if decisions:
    st.dataframe([{_("gate"): d.gate, _("decision"): code_label(d.decision),
                   _("against the engine"): _("yes") if d.overrides_engine else "",
                   _("justification"): d.justification,
                   _("conditions"): "; ".join(d.conditions), _("signed by"): d.decided_by,
                   _("signed at"): localise(d.decided_at), _("note"): d.note}
                  for d in reversed(decisions)], hide_index=True, width="stretch")
    for d in reversed(decisions):
        if d.overrides_engine:
            st.warning(_("{who} signed {decision} against the engine's verdict on {when}. "
                         "Justification: {justification}",
                         who=isolate(escape_markdown(d.decided_by)),
                         decision=f"**{code_label(d.decision)}**", when=date(d.decided_at.date()),
                         justification=escape_markdown(d.justification)))
else:
    st.caption(_("No decision has been signed yet."))
if ws.may(ObjectType.GATE_DECISION, Action.APPROVE):
    engine_verdict = report.verdict.decision
    blockers = report.verdict.blockers
    st.write(_("Sign the go-live gate on snapshot #{sequence}. The engine's verdict is "
               "{verdict}.", sequence=snapshot.sequence,
               verdict=f"**{code_label(engine_verdict)}**"))
    for blocker in blockers:
        message = blocker_texts(blocker.gate, blocker.message, blocker.how_to_fix, content)[0]
        st.error(_("Failed hard gate ({gate}): {message}", gate=isolate(blocker.gate),
                   message=escape_markdown(message)))
    with st.form("gate_decision"):
        # No decision is pre-selected: the signer chooses one.
        decision = st.radio(_("Decision"), list(Decision), index=None, format_func=code_label,
                            horizontal=True, key="gate_decision_value")
        conditions = normalise_text(st.text_area(
            _("Conditions (one per line; required for conditional)"),
            key="gate_decision_conditions"))
        note = normalise_text(st.text_input(_("Note"), key="gate_decision_note"))
        justification = normalise_text(st.text_area(
            _("Justification (required when your decision differs from the engine's verdict, or "
              "for a go with a failed hard gate; at least {count} characters)",
              count=MIN_JUSTIFICATION_CHARACTERS), key="gate_decision_justification"))
        confirmed = st.checkbox(_("I confirm that I sign this decision against the engine's "
                                  "verdict or a failed hard gate, and that my justification is "
                                  "recorded in the audit log"), key="gate_decision_confirm")
        signed = st.form_submit_button(_("Sign decision"))
    if signed:
        if decision is None:
            st.error(_("Choose a decision (go, conditional or no-go) before signing."))
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
            st.error(_("The decision was not recorded:"))
            for __, message in exc.problems:
                st.error(message)
        except RolloutError as exc:
            st.error(escape_markdown_block(str(exc)))
        except ValidationError as exc:  # the form's fields do not fit together
            st.error("; ".join(describe_errors(exc)))
        else:
            state.flash(_("Decision recorded: {decision} (against the engine's verdict, with "
                          "your justification).", decision=code_label(decision))
                        if needs_override
                        else _("Decision recorded: {decision}.", decision=code_label(decision)))
            st.rerun()
