"""Streamlit widgets that show a risk report: verdict, readiness, risks with evidence, cases."""

from __future__ import annotations

import json

import streamlit as st

from rollout.content.loader import Content
from rollout.content.schema import Question
from rollout.domain.report import Band, Risk, RiskReport
from rollout.escaping import escape_markdown
from rollout.reporting import render_markdown
from rollout.ui.charts import rtl_layout
from rollout.ui.plotting import go
from rollout.ui.translation import (
    _,
    code_label,
    date,
    isolate,
    kb_text,
    localise,
    percent,
)


def blocker_texts(gate_code: str, message: str, how_to_fix: str,
                  content: Content | None) -> tuple[str, str]:
    """A blocker's message and fix in the reader's language, from the gate in the knowledge
    base (the stored report keeps the words it was scored in)."""
    gate = content.gates.get(gate_code) if content is not None else None
    if gate is None:
        return message, how_to_fix
    return kb_text(gate.message), kb_text(gate.how_to_fix)


def show_verdict(report: RiskReport, content: Content | None = None) -> None:
    cols = st.columns(4)
    cols[0].metric(_("Verdict"), code_label(report.verdict.decision).upper())
    cols[1].metric(_("Readiness"), _("{score}/100", score=report.readiness))
    cols[2].metric(_("Highest risk band"), code_label(report.band))
    cols[3].metric(_("Unanswered questions"), localise(len(report.unanswered)))
    for blocker in report.verdict.blockers:
        message, fix = blocker_texts(blocker.gate, blocker.message, blocker.how_to_fix, content)
        st.error(_("**Blocker ({gate})**: {message}", gate=isolate(blocker.gate),
                   message=escape_markdown(message)) + "  \n"
                 + _("*How to fix:* {fix}", fix=escape_markdown(fix)))
    for reason in report.verdict.reasons:
        st.warning(escape_markdown(reason))
    peak = report.peak
    if peak.in_window:
        st.error(_("Target go-live {go_live} falls inside the peak window of {season} ({start} to "
                   "{end}, including a {weeks}-week stabilisation buffer before it).",
                   go_live=peak.go_live, season=f"**{escape_markdown(peak.clashing_season or '')}**",
                   start=peak.clashing_start, end=peak.clashing_end, weeks=peak.buffer_weeks))
    elif peak.next_season:
        st.info(_("Target go-live {go_live}; the next peak season, {season}, starts {start} "
                  "({weeks} weeks later).", go_live=peak.go_live,
                  season=escape_markdown(peak.next_season), start=peak.next_start,
                  weeks=peak.weeks_to_next_peak))


def dimension_chart(report: RiskReport, content: Content) -> go.Figure:
    titles = [kb_text(c.title) for c in content.checklists if c.id in report.dimensions]
    values = [report.dimensions[c.id] for c in content.checklists if c.id in report.dimensions]
    fig = go.Figure(go.Bar(x=values, y=titles, orientation="h",
                           marker_color=["#c62828" if v < 40 else "#f9a825" if v < 75
                                         else "#2e7d32" for v in values],
                           text=[localise(v) for v in values], textposition="outside",
                           cliponaxis=False))
    fig.update_layout(title=_("Readiness by dimension (0-100)"), xaxis_range=[0, 100],
                      xaxis_title=_("readiness"), yaxis_autorange="reversed",
                      height=60 + 34 * len(values), margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return rtl_layout(fig)


def show_risk(risk: Risk, content: Content, *, show_resemblance: bool = True) -> None:
    st.markdown(_("**Likelihood {likelihood} × impact {impact} = {score}** ({band}) · dimension "
                  "{dimension} · factor {factor}", likelihood=risk.likelihood, impact=risk.impact,
                  score=risk.score, band=code_label(risk.band), dimension=f"`{risk.dimension}`",
                  factor=f"`{risk.factor}`"))
    factor = content.factors.get(risk.factor)
    if factor is not None:
        st.caption(kb_text(factor.description))
    if risk.resembles and show_resemblance:
        names = [f"{content.cases[c].organisation} {content.cases[c].year or ''}".strip()
                 for c in risk.resembles if c in content.cases]
        st.markdown(_("Resembles: {cases}", cases=_(", ").join(f"**{isolate(n)}**"
                                                              for n in names)))
    rows = []
    for ev in risk.evidence:
        if ev.kind == "fact":
            rows.append({_("kind"): _("fact ({affects})", affects=ev.affects), _("what"): ev.note,
                         _("value"): answer_text(ev.value), _("share"): localise(ev.contribution)})
        else:
            question = content.questions.get(ev.question or "")
            rows.append({_("kind"): code_label(ev.kind),
                         _("what"): kb_text(question.text) if question else ev.question,
                         _("value"): "—" if ev.kind == "unanswered"
                         else answer_text(ev.answer, options=option_labels(question)),
                         _("share"): localise(ev.contribution)})
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    for mitigation in risk.mitigations:
        action = (" " + _("(plan action {action})", action=f"`{mitigation.action}`")
                  if mitigation.action else "")
        st.markdown(f"- {mitigation_text(risk, mitigation.id, mitigation.text, content)}{action}")


def risk_title(risk: Risk, content: Content) -> str:
    """A risk's name in the reader's language: the factor's name from the knowledge base (the
    stored report keeps the words of the language it was scored in)."""
    factor = content.factors.get(risk.factor)
    return kb_text(factor.name) if factor is not None else risk.name


def mitigation_text(risk: Risk, mitigation_id: str, stored: str, content: Content) -> str:
    """A mitigation in the reader's language, found by its id in the knowledge base."""
    factor = content.factors.get(risk.factor)
    found = next((m for m in factor.mitigations if m.id == mitigation_id), None) if factor else None
    return kb_text(found.text) if found is not None else stored


def option_labels(question: Question | None) -> dict[str, str]:
    return {} if question is None else {o.value: kb_text(o.label) for o in question.options}


def answer_text(answer: object, *, options: dict[str, str] | None = None) -> str:
    """An answer as the reader reads it: the option's label from the knowledge base, words for
    yes/no codes, their digits and calendar."""
    if isinstance(answer, list):
        return _(", ").join(answer_text(a, options=options) for a in answer)
    if isinstance(answer, str):
        return (options or {}).get(answer) or code_label(answer)
    if isinstance(answer, bool):
        return _("yes") if answer else _("no")
    if answer is None:
        return "—"
    if hasattr(answer, "isoformat"):
        return date(answer)  # type: ignore[arg-type]
    return str(localise(answer))


def show_matched_cases(report: RiskReport, content: Content, top: int = 3) -> None:
    for match in report.matched_cases[:top]:
        case = content.cases[match.case]
        labels = {s.id: kb_text(s.label) for s in case.signature}
        name = isolate(f"{case.organisation} {case.year or ''}".strip())
        with st.expander(_("{case} — {outcome}, similarity {similarity}", case=name,
                           outcome=code_label(match.outcome),
                           similarity=percent(match.similarity))):
            st.write(kb_text(case.summary))
            st.markdown(_("**Matched:** {signs}",
                          signs=_("; ").join(labels[m] for m in match.matched) or "—"))
            st.markdown(_("**Not matched:** {signs}",
                          signs=_("; ").join(labels[m] for m in match.unmatched) or "—"))


def show_report(report: RiskReport, content: Content, *, key: str = "report") -> None:
    """The whole report on one screen, top risks first."""
    show_verdict(report, content)
    st.plotly_chart(dimension_chart(report, content), width="stretch", key=f"{key}-dims")
    st.subheader(_("Risks"))
    for risk in report.risks:
        if risk.band is Band.LOW and risk is not report.risks[0]:
            continue
        with st.expander(f"{localise(risk.score)} · {code_label(risk.band).upper()} · "
                         f"{risk_title(risk, content)}",
                         expanded=risk is report.risks[0]):
            show_risk(risk, content)
    low = [risk_title(r, content) for r in report.risks if r.band is Band.LOW]
    if low:
        st.caption(_("Low risks ({count}): {risks}", count=len(low), risks=_(", ").join(low)))
    st.subheader(_("Documented cases this programme resembles"))
    show_matched_cases(report, content)
    if report.unanswered:
        st.subheader(_("Unanswered questions ({count})", count=len(report.unanswered)))
        st.caption(_("Each counts as a gap in readiness and raises the risks it feeds."))
        st.write(", ".join(f"`{q}`" for q in report.unanswered))
    cols = st.columns(2)
    cols[0].download_button(_("Download JSON"), json.dumps(report.to_contract(), indent=2),
                            file_name=f"{report.assessment}.json", mime="application/json",
                            key=f"{key}-json")
    cols[1].download_button(_("Download Markdown"), render_markdown(report, content),
                            file_name=f"{report.assessment}.md", mime="text/markdown",
                            key=f"{key}-md")
