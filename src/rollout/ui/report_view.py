"""Streamlit widgets that show a risk report: verdict, readiness, risks with evidence, cases."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import streamlit as st

from rollout.content.loader import Content
from rollout.content.schema import text_in
from rollout.domain.report import Band, Risk, RiskReport
from rollout.escaping import escape_markdown
from rollout.reporting import render_markdown

VERDICT_LABELS = {"go": "GO", "conditional": "CONDITIONAL", "no-go": "NO-GO"}


def show_verdict(report: RiskReport) -> None:
    cols = st.columns(4)
    cols[0].metric("Verdict", VERDICT_LABELS[report.verdict.decision.value])
    cols[1].metric("Readiness", f"{report.readiness}/100")
    cols[2].metric("Highest risk band", report.band.value)
    cols[3].metric("Unanswered questions", len(report.unanswered))
    for blocker in report.verdict.blockers:
        st.error(f"**Blocker ({blocker.gate})**: {escape_markdown(blocker.message)}  \n"
                 f"*How to fix:* {escape_markdown(blocker.how_to_fix)}")
    for reason in report.verdict.reasons:
        st.warning(escape_markdown(reason))
    peak = report.peak
    if peak.in_window:
        st.error(f"Target go-live {peak.go_live} falls inside the peak window of "
                 f"**{escape_markdown(peak.clashing_season or '')}** "
                 f"({peak.clashing_start} to {peak.clashing_end}, "
                 f"including a {peak.buffer_weeks}-week stabilisation buffer before it).")
    elif peak.next_season:
        st.info(f"Target go-live {peak.go_live}; the next peak season, "
                f"{escape_markdown(peak.next_season)}, "
                f"starts {peak.next_start} ({peak.weeks_to_next_peak} weeks later).")


def dimension_chart(report: RiskReport, content: Content) -> go.Figure:
    titles = [text_in(c.title) for c in content.checklists if c.id in report.dimensions]
    values = [report.dimensions[c.id] for c in content.checklists if c.id in report.dimensions]
    fig = go.Figure(go.Bar(x=values, y=titles, orientation="h",
                           marker_color=["#c62828" if v < 40 else "#f9a825" if v < 75
                                         else "#2e7d32" for v in values],
                           text=values, textposition="outside", cliponaxis=False))
    fig.update_layout(title="Readiness by dimension (0-100)", xaxis_range=[0, 100],
                      xaxis_title="readiness", yaxis_autorange="reversed",
                      height=60 + 34 * len(values), margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def show_risk(risk: Risk, content: Content, *, show_resemblance: bool = True) -> None:
    st.markdown(f"**Likelihood {risk.likelihood} × impact {risk.impact} = {risk.score}** "
                f"({risk.band.value}) · dimension `{risk.dimension}` · factor `{risk.factor}`")
    factor = content.factors.get(risk.factor)
    if factor is not None:
        st.caption(text_in(factor.description))
    if risk.resembles and show_resemblance:
        names = [f"{content.cases[c].organisation} {content.cases[c].year or ''}".strip()
                 for c in risk.resembles if c in content.cases]
        st.markdown("Resembles: " + ", ".join(f"**{n}**" for n in names))
    rows = []
    for ev in risk.evidence:
        if ev.kind == "fact":
            rows.append({"kind": f"fact ({ev.affects})", "what": ev.note,
                         "value": str(ev.value), "share": ev.contribution})
        else:
            question = content.questions.get(ev.question or "")
            rows.append({"kind": ev.kind, "what": text_in(question.text) if question else ev.question,
                         "value": "—" if ev.kind == "unanswered" else str(ev.answer),
                         "share": ev.contribution})
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    for mitigation in risk.mitigations:
        action = f" (plan action `{mitigation.action}`)" if mitigation.action else ""
        st.markdown(f"- {mitigation.text}{action}")


def show_matched_cases(report: RiskReport, content: Content, top: int = 3) -> None:
    for match in report.matched_cases[:top]:
        case = content.cases[match.case]
        labels = {s.id: text_in(s.label) for s in case.signature}
        with st.expander(f"{case.organisation} {case.year or ''} — {match.outcome}, "
                         f"similarity {match.similarity:.0%}"):
            st.write(text_in(case.summary))
            st.markdown("**Matched:** " + ("; ".join(labels[m] for m in match.matched) or "—"))
            st.markdown("**Not matched:** " + ("; ".join(labels[m] for m in match.unmatched)
                                                or "—"))


def show_report(report: RiskReport, content: Content, *, key: str = "report") -> None:
    """The whole report on one screen, top risks first."""
    show_verdict(report)
    st.plotly_chart(dimension_chart(report, content), width="stretch", key=f"{key}-dims")
    st.subheader("Risks")
    for risk in report.risks:
        if risk.band is Band.LOW and risk is not report.risks[0]:
            continue
        with st.expander(f"{risk.score:>2} · {risk.band.value.upper()} · {risk.name}",
                         expanded=risk is report.risks[0]):
            show_risk(risk, content)
    low = [r.name for r in report.risks if r.band is Band.LOW]
    if low:
        st.caption(f"Low risks ({len(low)}): " + ", ".join(low))
    st.subheader("Documented cases this programme resembles")
    show_matched_cases(report, content)
    if report.unanswered:
        st.subheader(f"Unanswered questions ({len(report.unanswered)})")
        st.caption("Each counts as a gap in readiness and raises the risks it feeds.")
        st.write(", ".join(f"`{q}`" for q in report.unanswered))
    cols = st.columns(2)
    cols[0].download_button("Download JSON", json.dumps(report.to_contract(), indent=2),
                            file_name=f"{report.assessment}.json", mime="application/json",
                            key=f"{key}-json")
    cols[1].download_button("Download Markdown", render_markdown(report, content),
                            file_name=f"{report.assessment}.md", mime="text/markdown",
                            key=f"{key}-md")
