"""The report's content, worded and formatted once for both the HTML and the PDF rendering:
every fixed word through the catalogue, knowledge-base texts in the reader's language, dates
Jalali in Persian. Values stay plain text here; each renderer escapes them for its medium.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rollout.content.schema import NOT_APPLICABLE, AnswerType, Question, text_in
from rollout.domain.plan import Plan, PlanTask
from rollout.exports.document import DEFAULT_ACCENT, ExportDocument
from rollout.exports.wording import Wording, date_notes
from rollout.i18n import N_, Language

TOP_RISKS = 8
EVIDENCE_PER_RISK = 4
_LANGUAGE_NAMES = {Language.EN: N_("English"), Language.FA: N_("Persian")}


@dataclass(frozen=True)
class RiskView:
    name: str
    code: str
    score: int
    band: str
    band_code: str
    likelihood: int
    impact: int
    evidence: list[str]
    resembles: list[str]
    mitigations: list[str]


@dataclass(frozen=True)
class GanttBar:
    label: str
    start: dt.date
    end: dt.date
    level: int  # 0 phase, 1 wave
    critical: bool
    go_live: dt.date | None = None


@dataclass(frozen=True)
class AnswerView:
    question: str
    code: str
    answer: str
    unknown: bool


@dataclass(frozen=True)
class ReportView:
    lang: str
    rtl: bool
    title: str
    organisation: str
    programme: str
    date: str
    language_name: str
    firm: str
    accent: str
    logo_data_url: str | None
    logo: tuple[bytes, str] | None
    verdict: str
    verdict_code: str
    figures: list[tuple[str, str]]  # (label, value) pairs of the executive summary
    blockers: list[tuple[str, str]]
    risks: list[RiskView]
    dimensions: list[tuple[str, int]]
    matrix: list[list[int]]  # [impact 5..1][likelihood 1..5] counts of risks
    actions: list[tuple[str, str, str, str]]
    waves: list[tuple[str, str, str, str]]
    gates: list[tuple[str, str, str]]
    gantt: list[GanttBar]
    gantt_start: dt.date
    gantt_end: dt.date
    blackouts: list[tuple[str, str, str, str, str]]
    blackout_spans: list[tuple[str, dt.date, dt.date]]
    notes: list[str]
    training: list[tuple[str, str, str, str, str]]
    # wave, trained of trainees, completion, threshold, deadline, forecast, status, overdue
    training_waves: list[tuple[str, str, str, str, str, str, str, str]]
    training_overdue: str
    answers: list[tuple[str, list[AnswerView]]]
    words: dict[str, str] = field(default_factory=dict)


def _answer_text(question: Question, value: Any, w: Wording) -> str:
    lang = w.language.value
    if value == NOT_APPLICABLE:
        return w(N_("does not apply"))
    if question.type is AnswerType.YES_NO:
        labels = {"yes": N_("yes"), "no": N_("no"), "partial": N_("partly"),
                  "unknown": N_("unknown")}
        return w(labels[value]) if value in labels else str(value)
    if question.type in (AnswerType.CHOICE, AnswerType.MULTI_CHOICE):
        options = {o.value: text_in(o.label, lang) for o in question.options}
        values = value if isinstance(value, list) else [value]
        return ", ".join(options.get(str(v), str(v)) for v in values)
    if question.type is AnswerType.DATE and isinstance(value, dt.date):
        return w.date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = f" {text_in(question.unit, lang)}" if question.unit else ""
        return w.number(value) + unit
    return str(value)


def _gantt(plan: Plan, w: Wording) -> list[GanttBar]:
    """One bar per phase and, inside the phases that have waves, one per wave, with its go-live."""
    waves = {wave.id: wave for wave in plan.waves}
    phases: dict[str, list[PlanTask]] = {}
    for task in plan.tasks:
        phases.setdefault(task.phase.value, []).append(task)
    bars: list[GanttBar] = []
    for phase, tasks in phases.items():
        bars.append(GanttBar(w.phase(phase), min(t.start for t in tasks),
                             max(t.end for t in tasks), 0, any(t.critical for t in tasks)))
        by_wave: dict[str, list[PlanTask]] = {}
        for task in tasks:
            if task.wave:
                by_wave.setdefault(task.wave, []).append(task)
        for wave_id, members in by_wave.items():
            wave = waves.get(wave_id)
            bars.append(GanttBar(wave.name if wave else wave_id, min(t.start for t in members),
                                 max(t.end for t in members), 1,
                                 any(t.critical for t in members),
                                 wave.go_live if wave and phase in ("pilot", "waves") else None))
    return bars


def build_view(doc: ExportDocument) -> ReportView:
    w = Wording(doc.language, doc.content)
    lang = doc.language.value
    report, plan = doc.report, doc.plan
    branding = doc.branding
    logo = branding.usable_logo if branding else None
    matrix = [[0] * 5 for _ in range(5)]
    for risk in report.risks:
        matrix[5 - risk.impact][risk.likelihood - 1] += 1
    risks = []
    shown = [r for r in report.risks if r.band.value != "low"][:TOP_RISKS] or report.risks[:3]
    for risk in shown:
        evidence = []
        for ev in risk.evidence[:EVIDENCE_PER_RISK]:
            if ev.kind == "unanswered":
                evidence.append(w(N_("unanswered: {question}"),
                                  question=w.question_text(ev.question or "")))
            elif ev.kind == "answer":
                question = doc.content.questions.get(ev.question or "")
                answer = _answer_text(question, ev.answer, w) if question else str(ev.answer)
                evidence.append(w(N_("answered “{answer}”: {question}"), answer=answer,
                                  question=w.question_text(ev.question or "")))
            else:
                evidence.append(f"{ev.note} [{ev.fact} = {ev.value}]")
        risks.append(RiskView(
            name=w.factor_name(risk.factor, risk.name), code=risk.factor, score=risk.score,
            band=w.band(risk.band.value), band_code=risk.band.value,
            likelihood=risk.likelihood, impact=risk.impact, evidence=evidence,
            resembles=[w.case_label(c) for c in risk.resembles[:3]],
            mitigations=[w.mitigation_text(risk.factor, m.id, m.text)
                         for m in risk.mitigations[:2]]))
    waves = {wave.id: wave.name for wave in plan.waves}
    answers: list[tuple[str, list[AnswerView]]] = []
    for checklist in doc.content.checklists:
        rows = []
        for question in checklist.questions:
            value = doc.answers.get(question.id)
            unknown = value is None or value == "unknown"
            rows.append(AnswerView(text_in(question.text, lang), question.id,
                                   w(N_("unknown")) if unknown else
                                   _answer_text(question, value, w), unknown))
        answers.append((text_in(checklist.title, lang), rows))
    confidence = round(100 * (report.confidence or 0))
    figures = [
        (w(N_("Failure index")), w(N_("{value} of 100"), value=w.number(report.failure_index))
         if report.failure_index is not None else "—"),
        (w(N_("Exposure index")), w(N_("{value} of 100"), value=w.number(report.exposure_index))
         if report.exposure_index is not None else "—"),
        (w(N_("Readiness")), w(N_("{value} of 100"), value=w.number(report.readiness))),
        (w(N_("Highest risk band")), w.band(report.band.value)),
        (w(N_("Question weight answered")), f"{w.number(confidence)} %"),
        (w(N_("First go-live")), w.date(min(plan.go_lives) if plan.go_lives else None)),
        (w(N_("Target go-live")), w.date(plan.target_go_live)),
    ]
    words = {key: w(message) for key, message in _WORDS.items()}
    return ReportView(
        lang=lang, rtl=w.rtl,
        title=w(N_("Readiness and rollout report")),
        organisation=doc.organisation, programme=doc.programme,
        date=w.long_date(doc.generated_on), language_name=w(_LANGUAGE_NAMES[doc.language]),
        firm=branding.firm_name if branding else "",
        accent=branding.accent if branding else DEFAULT_ACCENT,
        logo_data_url=(f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode('ascii')}"
                       if logo else None),
        logo=logo,
        verdict=w.decision(report.verdict.decision.value),
        verdict_code=report.verdict.decision.value,
        figures=figures,
        blockers=[w.gate_text(b.gate, b.message) for b in report.verdict.blockers],
        risks=risks,
        dimensions=[(w.dimension_title(c.id), report.dimensions[c.id])
                    for c in doc.content.checklists if c.id in report.dimensions],
        matrix=matrix,
        actions=[(a.title, a.owner, w.date(a.due_date), w.status(a.status))
                 for a in doc.actions],
        waves=[(wave.name, ", ".join(wave.units), w.number(wave.users), w.date(wave.go_live))
               for wave in plan.waves],
        gates=[(t.name, w.date(t.start), "; ".join(
            c.text + (f" ({w.number(c.threshold_pct)} %)" if c.threshold_pct is not None else "")
            for c in t.criteria)) for t in plan.tasks if t.kind.value == "gate"],
        gantt=_gantt(plan, w), gantt_start=plan.start, gantt_end=plan.end,
        blackouts=[(b.name, w.blackout_kind(b.kind.value), w.date(b.blocked_from),
                    w.date(b.start), w.date(b.end)) for b in plan.blackouts],
        blackout_spans=[(b.name, b.blocked_from, b.end) for b in plan.blackouts
                        if b.end >= plan.start and b.blocked_from <= plan.end],
        notes=[w.note(n, plan) for n in date_notes(plan)],
        training=[(t.name, waves.get(t.wave or "", t.wave or "—"), w.date(t.start),
                   w.date(t.end), f"{w.number(t.completion_pct)} %"
                   if t.completion_pct is not None else "—") for t in doc.training],
        training_waves=[(waves.get(t.wave, t.wave),
                         w(N_("{trained} of {trainees}"), trained=w.number(t.trained),
                           trainees=w.number(t.trainees)),
                         f"{w.number(round(t.completion_pct, 1))} %",
                         f"{w.number(t.threshold_pct)} %", w.date(t.deadline) or "—",
                         w.date(t.forecast) or "—", w.gate_status(t.status), w.number(t.overdue))
                        for t in doc.training_waves],
        training_overdue=w(N_("People past their training deadline: {count}"),
                           count=w.number(doc.training_overdue)),
        answers=answers,
        words=words,
    )


_WORDS = {
    "organisation": N_("Organisation"), "programme": N_("Programme"), "date": N_("Date"),
    "language": N_("Language"), "prepared_by": N_("Prepared by"),
    "summary": N_("Executive summary"), "verdict": N_("Verdict"), "blockers": N_("Blockers"),
    "fix": N_("Fix"), "top_risks": N_("Top risks"), "risk": N_("Risk"), "score": N_("Score"),
    "band": N_("Band"), "evidence": N_("Evidence"), "resembles": N_("Resembles"),
    "mitigation": N_("Mitigation"), "likelihood": N_("Likelihood"), "impact": N_("Impact"),
    "readiness_by_dimension": N_("Readiness by dimension"),
    "matrix": N_("Likelihood × impact"), "actions": N_("Mitigation actions"),
    "action": N_("Action"), "owner": N_("Owner"), "due": N_("Due"), "status": N_("Status"),
    "no_actions": N_("No mitigation actions have been recorded."),
    "plan": N_("The phased plan"), "waves": N_("Waves"), "wave": N_("Wave"),
    "units": N_("Business units"), "users": N_("Users"), "go_live": N_("Go-live"),
    "gates": N_("Gates"), "gate": N_("Gate"), "criteria": N_("Criteria"),
    "gantt": N_("Timeline"), "blackouts": N_("Blackout calendar"), "window": N_("Window"),
    "kind": N_("Kind"), "blocked_from": N_("Blocked from"), "start": N_("Start"),
    "end": N_("Finish"), "no_blackouts": N_("No blackout windows."),
    "notes": N_("Why these dates"), "no_notes": N_("No go-live was moved."),
    "training": N_("Training status by wave"), "session": N_("Session"),
    "completion": N_("Completion"), "trained": N_("Trained"),
    "threshold": N_("Threshold"), "deadline": N_("Deadline"), "forecast": N_("Forecast"),
    "gate_status": N_("Gate status"), "overdue": N_("Overdue"),
    "sessions": N_("Booked training sessions"), "appendix": N_("Appendix: answers"),
    "question": N_("Question"), "answer": N_("Answer"),
    "unknown_marked": N_("Unanswered questions are marked and count as risk."),
    "dimension": N_("Dimension"), "value": N_("Value"),
}
