"""Words the product shows for its stable codes, and the headings of its reports, in each language.

Codes (``go``, ``critical``) never change with the language; these functions give the word a
reader sees for them. ``rollout.reporting`` and the pages are to use these rather than print
``decision.value``; a code Rollout does not know is shown as it is rather than failing.
"""

from __future__ import annotations

from enum import StrEnum

from rollout.i18n.catalogue import N_, translator
from rollout.i18n.language import Language
from rollout.i18n.numbers import Digits, format_number


class ReportHeading(StrEnum):
    """The fixed words of a readiness report (CLI text, Markdown, pages)."""

    VERDICT = "verdict"
    READINESS = "readiness"
    HIGHEST_BAND = "highest-band"
    BLOCKERS = "blockers"
    FIX = "fix"
    READINESS_BY_DIMENSION = "readiness-by-dimension"
    DIMENSION = "dimension"
    RISKS = "risks"
    TOP_RISKS = "top-risks"
    RISK = "risk"
    SCORE = "score"
    BAND = "band"
    LIKELIHOOD = "likelihood"
    IMPACT = "impact"
    EVIDENCE = "evidence"
    MITIGATIONS = "mitigations"
    MITIGATION = "mitigation"
    RESEMBLES = "resembles"
    MATCHED_CASES = "matched-cases"
    CASE = "case"
    OUTCOME = "outcome"
    SIMILARITY = "similarity"
    UNANSWERED = "unanswered"


_HEADINGS = {
    ReportHeading.VERDICT: N_("Verdict"),
    ReportHeading.READINESS: N_("Readiness"),
    ReportHeading.HIGHEST_BAND: N_("Highest risk band"),
    ReportHeading.BLOCKERS: N_("Blockers"),
    ReportHeading.FIX: N_("Fix"),
    ReportHeading.READINESS_BY_DIMENSION: N_("Readiness by dimension"),
    ReportHeading.DIMENSION: N_("Dimension"),
    ReportHeading.RISKS: N_("Risks"),
    ReportHeading.TOP_RISKS: N_("Top risks"),
    ReportHeading.RISK: N_("Risk"),
    ReportHeading.SCORE: N_("Score"),
    ReportHeading.BAND: N_("Band"),
    ReportHeading.LIKELIHOOD: N_("Likelihood"),
    ReportHeading.IMPACT: N_("Impact"),
    ReportHeading.EVIDENCE: N_("Evidence"),
    ReportHeading.MITIGATIONS: N_("Mitigations"),
    ReportHeading.MITIGATION: N_("Mitigation"),
    ReportHeading.RESEMBLES: N_("Resembles"),
    ReportHeading.MATCHED_CASES: N_("Documented cases this programme resembles"),
    ReportHeading.CASE: N_("Case"),
    ReportHeading.OUTCOME: N_("Outcome"),
    ReportHeading.SIMILARITY: N_("Similarity"),
    ReportHeading.UNANSWERED: N_("Unanswered questions"),
}


def report_heading(heading: ReportHeading, lang: Language) -> str:
    return translator(lang).gettext(_HEADINGS[heading])


def decision_label(decision: str, lang: Language) -> str:
    """The word for a go/no-go decision code (``go``, ``conditional``, ``no-go``)."""
    t = translator(lang)
    labels = {
        "go": t.pgettext("go/no-go decision", "go"),
        "conditional": t.pgettext("go/no-go decision", "conditional"),
        "no-go": t.pgettext("go/no-go decision", "no-go"),
    }
    return labels.get(decision, decision)


def band_label(band: str, lang: Language) -> str:
    """The word for a risk band code (``low``, ``medium``, ``high``, ``critical``)."""
    t = translator(lang)
    labels = {
        "low": t.pgettext("risk band", "low"),
        "medium": t.pgettext("risk band", "medium"),
        "high": t.pgettext("risk band", "high"),
        "critical": t.pgettext("risk band", "critical"),
    }
    return labels.get(band, band)


def report_title(assessment: str, lang: Language) -> str:
    return translator(lang).gettext("Readiness report: {assessment}", assessment=assessment)


def report_byline(organisation: str, as_of: str, engine_version: str, lang: Language) -> str:
    """``as_of`` is the date already formatted for ``lang`` (``dates.format_date``)."""
    return translator(lang).gettext("{organisation}, as of {date}, engine {version}",
                                    organisation=organisation, date=as_of, version=engine_version)


def top_risks_heading(shown: int, total: int, lang: Language, *, digits: Digits = "latin") -> str:
    """``Top risks (8 of 23)``."""
    return translator(lang).ngettext("Top risk ({count} of {total})", "Top risks ({count} of {total})",
                                     shown, count=format_number(shown, lang, digits=digits),
                                     total=format_number(total, lang, digits=digits))


def unanswered_heading(count: int, lang: Language, *, digits: Digits = "latin") -> str:
    """``3 unanswered questions, counted as risk``."""
    return translator(lang).ngettext(
        "{count} unanswered question, counted as risk",
        "{count} unanswered questions, counted as risk",
        count, count=format_number(count, lang, digits=digits))


def likelihood_times_impact(likelihood: int, impact: int, lang: Language, *,
                            digits: Digits = "latin") -> str:
    return translator(lang).gettext("likelihood {likelihood} × impact {impact}",
                                    likelihood=format_number(likelihood, lang, digits=digits),
                                    impact=format_number(impact, lang, digits=digits))


def peak_clash(go_live: str, season: str, start: str, end: str, buffer_weeks: int,
               lang: Language, *, digits: Digits = "latin") -> str:
    """A go-live that falls in a peak season (dates already formatted for ``lang``)."""
    return translator(lang).gettext(
        "Go-live {go_live} falls in the peak period of {season} ({start} to {end}, with a "
        "{weeks}-week buffer before it)",
        go_live=go_live, season=season, start=start, end=end,
        weeks=format_number(buffer_weeks, lang, digits=digits))


def next_peak(go_live: str, season: str, start: str, weeks_to_peak: int, lang: Language, *,
              digits: Digits = "latin") -> str:
    """The next peak season after a go-live (dates already formatted for ``lang``)."""
    return translator(lang).ngettext(
        "Go-live {go_live}: the next peak, {season}, starts {start} ({count} week later)",
        "Go-live {go_live}: the next peak, {season}, starts {start} ({count} weeks later)",
        weeks_to_peak, go_live=go_live, season=season, start=start,
        count=format_number(weeks_to_peak, lang, digits=digits))
