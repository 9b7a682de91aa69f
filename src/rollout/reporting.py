"""Plain-text and Markdown renderings of a risk report, for the CLI and quick sharing.

The wording reads for an executive: the verdict and why first, then the risks that matter,
each with the evidence behind it and the documented case it resembles.

Both renderings take the reader's language: every fixed word comes from the message catalogue
(``rollout.i18n``), knowledge-base text is shown in that language (English where a text has no
translation yet), dates are Jalali and numbers Persian-formatted in Persian. Codes (factor
codes, question ids, gate codes) are shown as they are in every language. The report's own texts
(factor names, evidence, verdict reasons, blockers) are in the language the engine scored in
(``RiskEngine(content, language)``): pass a report scored in ``lang``.
"""

from __future__ import annotations

from collections.abc import Callable

from rollout.content.loader import Content
from rollout.content.schema import NOT_APPLICABLE, Question, peak_season_name, text_in
from rollout.domain.report import Band, Evidence, RiskReport
from rollout.escaping import escape_report_markdown, escape_report_text
from rollout.i18n import N_, Language, translator
from rollout.i18n.display import show_date, show_list, show_number, show_percent
from rollout.i18n.vocabulary import (
    ReportHeading,
    band_label,
    decision_label,
    report_byline,
    report_heading,
    report_title,
)

# User text (assessment, organisation, season and unit names, answers) goes through
# escape_report_text in text and escape_report_markdown in Markdown: a name can then neither
# print a line of its own (a forged "Verdict: GO") nor bring raw HTML, links or images into a
# .md file. Knowledge-base text is the project's own and is shown as written.

TOP_RISKS = 8

_OUTCOMES = {"failure": N_("failure"), "success": N_("success"), "recovered": N_("recovered")}
_AFFECTS = {"likelihood": N_("likelihood"), "impact": N_("impact")}
_YES_NO = {"yes": N_("yes"), "partial": N_("partly"), "no": N_("no"), "unknown": N_("unknown"),
           NOT_APPLICABLE: N_("does not apply")}


def outcome_label(outcome: str, lang: Language) -> str:
    """The word for a case outcome code (``failure``, ``success``, ``recovered``)."""
    message = _OUTCOMES.get(outcome)
    return translator(lang).gettext(message) if message else outcome


def _affects_label(affects: str, lang: Language) -> str:
    message = _AFFECTS.get(affects)
    return translator(lang).gettext(message) if message else affects


def answer_shown(question: Question | None, answer: object, lang: Language) -> str:
    """An answer as a reader of ``lang`` reads it: English shows the stored value (``'no'``,
    ``['a', 'b']``, ``3``) as reports always have; Persian shows the option's label, the word for
    yes/partly/no, or the number, in guillemets."""
    if lang is Language.EN:
        return repr(answer)
    labels = {o.value: text_in(o.label, lang) for o in question.options} if question else {}

    def one(value: object) -> str:
        if isinstance(value, str) and value in labels:
            return labels[value]
        if isinstance(value, str) and value in _YES_NO:
            return translator(lang).gettext(_YES_NO[value])
        if isinstance(value, int | float) and not isinstance(value, bool):
            return show_number(value, lang)
        return str(value)

    if isinstance(answer, list | tuple):
        return "«" + show_list((one(v) for v in answer), lang) + "»"
    return "«" + one(answer) + "»"


def _evidence_line(ev: Evidence, content: Content, escape: Callable[[str], str],
                   lang: Language) -> str:
    t = translator(lang)
    if ev.kind == "fact":
        return t.gettext("{note} [{fact} = {value}] ({affects})", note=escape(str(ev.note)),
                         fact=ev.fact, value=escape(str(ev.value)),
                         affects=_affects_label(ev.affects, lang))
    question = content.questions.get(ev.question or "")
    label = text_in(question.text, lang) if question else escape(str(ev.question))
    contribution = show_number(ev.contribution, lang, decimal_places=2)
    if ev.kind == "unanswered":
        return t.gettext("unanswered: {question} [{id}] (+{contribution})", question=label,
                         id=ev.question, contribution=contribution)
    return t.gettext("answered {answer}: {question} [{id}] (+{contribution})",
                     answer=escape(answer_shown(question, ev.answer, lang)), question=label,
                     id=ev.question,
                     contribution=contribution)


def _indexes_line(report: RiskReport, lang: Language) -> str:
    """Failure likelihood and exposure side by side, and how much of the checklist is known."""
    t = translator(lang)
    if report.failure_index is None:
        return t.gettext("Failure index: not computed (report made before engine 2)")
    confidence = round(100 * (report.confidence or 0))
    return t.gettext("Failure index: {failure}/100   Exposure index: {exposure}/100   "
                     "Confidence: {confidence} % of the question weight answered",
                     failure=show_number(report.failure_index, lang),
                     exposure=show_number(report.exposure_index or 0, lang),
                     confidence=show_number(confidence, lang))


def _case_label(content: Content, case_id: str) -> str:
    case = content.cases.get(case_id)
    if case is None:
        return case_id
    year = f" {case.year}" if case.year else ""
    return f"{case.organisation}{year}"


def season_name(content: Content, name: str, lang: Language) -> str:
    """A peak season's name in ``lang``: a preset's window by its English name; a season the
    user named is shown as they wrote it."""
    return peak_season_name(content.presets.values(), name, lang.value)


def render_text(report: RiskReport, content: Content, *, top: int = TOP_RISKS,
                lang: Language = Language.EN) -> str:
    t = translator(lang)
    lines: list[str] = []
    verdict = decision_label(report.verdict.decision.value, lang).upper()
    esc = escape_report_text
    lines.append(t.gettext("{assessment} — {organisation} (as of {date})",
                           assessment=esc(report.assessment), organisation=esc(report.organisation),
                           date=show_date(report.at, lang)))
    lines.append(t.gettext("Verdict: {verdict}   Readiness: {readiness}/100   "
                           "Highest risk band: {band}", verdict=verdict,
                           readiness=show_number(report.readiness, lang),
                           band=band_label(report.band.value, lang)))
    lines.append(_indexes_line(report, lang))
    for blocker in report.verdict.blockers:
        lines.append("  " + t.gettext("BLOCKER [{gate}] {message}", gate=blocker.gate,
                                      message=esc(blocker.message)))
        lines.append("    " + t.gettext("fix: {how_to_fix}", how_to_fix=esc(blocker.how_to_fix)))
    for reason in report.verdict.reasons:
        lines.append(f"  - {esc(reason)}")
    peak = report.peak
    if peak.in_window:
        lines.append(t.gettext(
            "Go-live {go_live} falls in the peak window of {season} ({start} to {end}, with a "
            "{weeks}-week buffer before it)", go_live=show_date(peak.go_live, lang),
            season=esc(season_name(content, str(peak.clashing_season), lang)),
            start=_maybe_date(peak.clashing_start, lang), end=_maybe_date(peak.clashing_end, lang),
            weeks=show_number(peak.buffer_weeks, lang)))
    elif peak.next_season:
        lines.append(t.gettext(
            "Go-live {go_live}: next peak {season} starts {start} ({weeks} weeks later)",
            go_live=show_date(peak.go_live, lang),
            season=esc(season_name(content, peak.next_season, lang)),
            start=_maybe_date(peak.next_start, lang),
            weeks=_maybe_number(peak.weeks_to_next_peak, lang)))
    lines.append("")
    lines.append(report_heading(ReportHeading.READINESS_BY_DIMENSION, lang) + ":")
    for checklist in content.checklists:
        value = report.dimensions.get(checklist.id)
        if value is not None:
            bar = "#" * (value // 10)
            lines.append(f"  {text_in(checklist.title, lang):<34} "
                         f"{show_number(value, lang):>3}  {bar}")
    lines.append("")
    shown = [r for r in report.risks if r.band is not Band.LOW][:top] or report.risks[:3]
    lines.append(t.gettext("Top risks ({shown} of {total}):", shown=show_number(len(shown), lang),
                           total=show_number(len(report.risks), lang)))
    for risk in shown:
        band = band_label(risk.band.value, lang).upper()
        lines.append(f"  {show_number(risk.score, lang):>2} {band:<8} " + t.gettext(
            "{name} [{factor}] likelihood {likelihood} x impact {impact}", name=risk.name,
            factor=risk.factor, likelihood=show_number(risk.likelihood, lang),
            impact=show_number(risk.impact, lang)))
        if risk.resembles:
            lines.append("     " + t.gettext("resembles: {cases}", cases=show_list(
                (_case_label(content, c) for c in risk.resembles), lang)))
        for ev in risk.evidence[:4]:
            lines.append(f"     * {_evidence_line(ev, content, esc, lang)}")
        if risk.mitigations:
            lines.append(f"     -> {risk.mitigations[0].text}")
    lines.append("")
    lines.append(report_heading(ReportHeading.MATCHED_CASES, lang) + ":")
    for match in report.matched_cases[:3]:
        case = content.cases[match.case]
        lines.append(f"  {show_percent(match.similarity, lang)} "
                     f"{_case_label(content, match.case)} "
                     f"({outcome_label(match.outcome, lang)}): {text_in(case.summary, lang)}")
        labels = {s.id: text_in(s.label, lang) for s in case.signature}
        for sid in match.matched:
            lines.append(f"     + {labels.get(sid, sid)}")
    if report.known_gaps:
        lines.append("")
        lines.append(t.gettext("Known gaps, answered adversely ({count}): ",
                               count=show_number(len(report.known_gaps), lang))
                     + ", ".join(report.known_gaps[:12])
                     + (" ..." if len(report.known_gaps) > 12 else ""))
    if report.unanswered:
        lines.append("")
        lines.append(t.gettext("Unanswered questions ({count}), unknowns counted as half a gap: ",
                               count=show_number(len(report.unanswered), lang))
                     + ", ".join(report.unanswered[:12])
                     + (" ..." if len(report.unanswered) > 12 else ""))
    return "\n".join(lines) + "\n"


def render_markdown(report: RiskReport, content: Content, *, top: int = TOP_RISKS,
                    lang: Language = Language.EN) -> str:
    t = translator(lang)
    esc = escape_report_markdown

    def heading(key: ReportHeading) -> str:
        return report_heading(key, lang)

    lines = ["# " + report_title(esc(report.assessment), lang), "",
             "*" + report_byline(esc(report.organisation), show_date(report.at, lang),
                                 report.engine_version, lang) + "*", "",
             t.gettext("**Verdict: {verdict}** · readiness **{readiness}/100** · highest risk "
                       "band **{band}**",
                       verdict=decision_label(report.verdict.decision.value, lang),
                       readiness=show_number(report.readiness, lang),
                       band=band_label(report.band.value, lang)), "",
             _indexes_line(report, lang), ""]
    if report.verdict.blockers:
        lines.append("## " + heading(ReportHeading.BLOCKERS))
        lines += ["- " + t.gettext("**{gate}**: {message} *Fix:* {how_to_fix}", gate=b.gate,
                                   message=b.message, how_to_fix=b.how_to_fix)
                  for b in report.verdict.blockers]
        lines.append("")
    lines += ["## " + heading(ReportHeading.READINESS_BY_DIMENSION), "",
              f"| {heading(ReportHeading.DIMENSION)} | {heading(ReportHeading.READINESS)} |",
              "|---|---:|"]
    for checklist in content.checklists:
        if checklist.id in report.dimensions:
            lines.append(f"| {text_in(checklist.title, lang)} | "
                         f"{show_number(report.dimensions[checklist.id], lang)} |")
    lines += ["", "## " + heading(ReportHeading.TOP_RISKS), "",
              f"| {heading(ReportHeading.SCORE)} | {heading(ReportHeading.BAND)} | "
              f"{heading(ReportHeading.RISK)} | {t.gettext('L × I')} | "
              f"{heading(ReportHeading.RESEMBLES)} |",
              "|---:|---|---|---|---|"]
    for risk in report.risks[:top]:
        cases = show_list((_case_label(content, c) for c in risk.resembles), lang) or "—"
        lines.append(f"| {show_number(risk.score, lang)} | {band_label(risk.band.value, lang)} | "
                     f"{risk.name} (`{risk.factor}`) | {show_number(risk.likelihood, lang)} × "
                     f"{show_number(risk.impact, lang)} | {cases} |")
    lines.append("")
    for risk in report.risks[:top]:
        lines.append(f"### {risk.name}")
        lines += [f"- {_evidence_line(ev, content, esc, lang)}" for ev in risk.evidence[:5]]
        lines += ["- " + t.gettext("Mitigation: {text}", text=m.text)
                  for m in risk.mitigations[:2]]
        lines.append("")
    lines += ["## " + t.gettext("Matched cases"), "",
              f"| {heading(ReportHeading.CASE)} | {heading(ReportHeading.OUTCOME)} | "
              f"{heading(ReportHeading.SIMILARITY)} |", "|---|---|---:|"]
    for match in report.matched_cases[:5]:
        lines.append(f"| {_case_label(content, match.case)} | "
                     f"{outcome_label(match.outcome, lang)} | "
                     f"{show_number(match.similarity, lang, decimal_places=2)} |")
    if report.known_gaps:
        lines += ["", "## " + t.gettext("Known gaps ({count})",
                                        count=show_number(len(report.known_gaps), lang)), "",
                  ", ".join(f"`{q}`" for q in report.known_gaps)]
    if report.unanswered:
        lines += ["", "## " + t.gettext("Unanswered ({count})",
                                        count=show_number(len(report.unanswered), lang)), "",
                  ", ".join(f"`{q}`" for q in report.unanswered)]
    return "\n".join(lines) + "\n"


def _maybe_date(value: object, lang: Language) -> str:
    import datetime as dt

    return show_date(value, lang) if isinstance(value, dt.date) else str(value)


def _maybe_number(value: float | None, lang: Language) -> str:
    return str(value) if value is None else show_number(value, lang)
