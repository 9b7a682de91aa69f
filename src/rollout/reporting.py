"""Plain-text and Markdown renderings of a risk report, for the CLI and quick sharing.

The wording reads for an executive: the verdict and why first, then the risks that matter,
each with the evidence behind it and the documented case it resembles.
"""

from __future__ import annotations

from collections.abc import Callable

from rollout.content.loader import Content
from rollout.content.schema import text_in
from rollout.domain.report import Band, Evidence, RiskReport
from rollout.escaping import escape_report_markdown, escape_report_text

# User text (assessment, organisation, season and unit names, answers) goes through
# escape_report_text in text and escape_report_markdown in Markdown: a name can then neither
# print a line of its own (a forged "Verdict: GO") nor bring raw HTML, links or images into a
# .md file. Knowledge-base text is the project's own and is shown as written.

TOP_RISKS = 8


def _evidence_line(ev: Evidence, content: Content, escape: Callable[[str], str]) -> str:
    if ev.kind == "fact":
        return f"{escape(str(ev.note))} [{ev.fact} = {escape(str(ev.value))}] ({ev.affects})"
    question = content.questions.get(ev.question or "")
    label = text_in(question.text) if question else escape(str(ev.question))
    if ev.kind == "unanswered":
        return f"unanswered: {label} [{ev.question}] (+{ev.contribution:.2f})"
    return (f"answered {escape(repr(ev.answer))}: {label} [{ev.question}] "
            f"(+{ev.contribution:.2f})")


def _case_label(content: Content, case_id: str) -> str:
    case = content.cases.get(case_id)
    if case is None:
        return case_id
    year = f" {case.year}" if case.year else ""
    return f"{case.organisation}{year}"


def render_text(report: RiskReport, content: Content, *, top: int = TOP_RISKS) -> str:
    lines: list[str] = []
    verdict = report.verdict.decision.value.upper()
    esc = escape_report_text
    lines.append(f"{esc(report.assessment)} — {esc(report.organisation)} (as of {report.at})")
    lines.append(f"Verdict: {verdict}   Readiness: {report.readiness}/100   "
                 f"Highest risk band: {report.band.value}")
    for blocker in report.verdict.blockers:
        lines.append(f"  BLOCKER [{blocker.gate}] {esc(blocker.message)}")
        lines.append(f"    fix: {esc(blocker.how_to_fix)}")
    for reason in report.verdict.reasons:
        lines.append(f"  - {esc(reason)}")
    peak = report.peak
    if peak.in_window:
        lines.append(f"Go-live {peak.go_live} falls in the peak window of "
                     f"{esc(str(peak.clashing_season))} "
                     f"({peak.clashing_start} to {peak.clashing_end}, with a "
                     f"{peak.buffer_weeks}-week buffer before it)")
    elif peak.next_season:
        lines.append(f"Go-live {peak.go_live}: next peak {esc(peak.next_season)} starts "
                     f"{peak.next_start} ({peak.weeks_to_next_peak} weeks later)")
    lines.append("")
    lines.append("Readiness by dimension:")
    for checklist in content.checklists:
        value = report.dimensions.get(checklist.id)
        if value is not None:
            bar = "#" * (value // 10)
            lines.append(f"  {text_in(checklist.title):<34} {value:>3}  {bar}")
    lines.append("")
    shown = [r for r in report.risks if r.band is not Band.LOW][:top] or report.risks[:3]
    lines.append(f"Top risks ({len(shown)} of {len(report.risks)}):")
    for risk in shown:
        lines.append(f"  {risk.score:>2} {risk.band.value.upper():<8} {risk.name} [{risk.factor}] "
                     f"likelihood {risk.likelihood} x impact {risk.impact}")
        if risk.resembles:
            lines.append("     resembles: " + ", ".join(_case_label(content, c)
                                                         for c in risk.resembles))
        for ev in risk.evidence[:4]:
            lines.append(f"     * {_evidence_line(ev, content, esc)}")
        if risk.mitigations:
            lines.append(f"     -> {risk.mitigations[0].text}")
    lines.append("")
    lines.append("Documented cases this programme resembles:")
    for match in report.matched_cases[:3]:
        case = content.cases[match.case]
        lines.append(f"  {match.similarity:.0%} {_case_label(content, match.case)} "
                     f"({match.outcome}): {text_in(case.summary)}")
        labels = {s.id: text_in(s.label) for s in case.signature}
        for sid in match.matched:
            lines.append(f"     + {labels.get(sid, sid)}")
    if report.unanswered:
        lines.append("")
        lines.append(f"Unanswered questions ({len(report.unanswered)}), counted as risk: "
                     + ", ".join(report.unanswered[:12])
                     + (" ..." if len(report.unanswered) > 12 else ""))
    return "\n".join(lines) + "\n"


def render_markdown(report: RiskReport, content: Content, *, top: int = TOP_RISKS) -> str:
    esc = escape_report_markdown
    lines = [f"# Readiness report: {esc(report.assessment)}", "",
             f"*{esc(report.organisation)}, as of {report.at}, engine {report.engine_version}*", "",
             f"**Verdict: {report.verdict.decision.value}** · readiness **{report.readiness}/100**"
             f" · highest risk band **{report.band.value}**", ""]
    if report.verdict.blockers:
        lines.append("## Blockers")
        lines += [f"- **{b.gate}**: {b.message} *Fix:* {b.how_to_fix}"
                  for b in report.verdict.blockers]
        lines.append("")
    lines += ["## Readiness by dimension", "", "| Dimension | Readiness |", "|---|---:|"]
    for checklist in content.checklists:
        if checklist.id in report.dimensions:
            lines.append(f"| {text_in(checklist.title)} | {report.dimensions[checklist.id]} |")
    lines += ["", "## Top risks", "", "| Score | Band | Risk | L × I | Resembles |",
              "|---:|---|---|---|---|"]
    for risk in report.risks[:top]:
        cases = ", ".join(_case_label(content, c) for c in risk.resembles) or "—"
        lines.append(f"| {risk.score} | {risk.band.value} | {risk.name} (`{risk.factor}`) | "
                     f"{risk.likelihood} × {risk.impact} | {cases} |")
    lines.append("")
    for risk in report.risks[:top]:
        lines.append(f"### {risk.name}")
        lines += [f"- {_evidence_line(ev, content, esc)}" for ev in risk.evidence[:5]]
        lines += [f"- Mitigation: {m.text}" for m in risk.mitigations[:2]]
        lines.append("")
    lines += ["## Matched cases", "", "| Case | Outcome | Similarity |", "|---|---|---:|"]
    for match in report.matched_cases[:5]:
        lines.append(f"| {_case_label(content, match.case)} | {match.outcome} | "
                     f"{match.similarity:.2f} |")
    if report.unanswered:
        lines += ["", f"## Unanswered ({len(report.unanswered)})", "",
                  ", ".join(f"`{q}`" for q in report.unanswered)]
    return "\n".join(lines) + "\n"
