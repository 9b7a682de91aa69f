"""The fixed words of every export in the reader's language: headings, labels for stable codes,
dates (Jalali in Persian) and the "why this date" sentences built from plan notes' codes and data.

Plan notes carry an English ``message`` for people and a stable ``code`` with its ``data``; the
sentences here are built from the code and data, through the catalogue, so they read in Persian
too. A code without a sentence here falls back to the note's own message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from rollout.content.loader import Content
from rollout.content.schema import text_in
from rollout.domain.plan import Note, Plan
from rollout.i18n import N_, Language, Translator, translator
from rollout.i18n.dates import format_date
from rollout.i18n.numbers import format_number
from rollout.i18n.vocabulary import band_label, decision_label

_KINDS = {
    "task": N_("task"), "milestone": N_("milestone"), "training": N_("training"),
    "migration": N_("migration"), "cutover": N_("cutover"), "go_live": N_("go-live"),
    "gate": N_("gate"), "hypercare": N_("hypercare"),
}
_PHASES = {
    "mobilise": N_("Mobilise"), "design": N_("Design"), "build": N_("Build and rehearse"),
    "pilot": N_("Pilot"), "waves": N_("Waves"), "stabilise": N_("Stabilise"),
}
_BLACKOUT_KINDS = {
    "peak_season": N_("peak season"), "freeze": N_("change freeze"),
    "concurrent_project": N_("concurrent project"), "holiday": N_("closure"),
    "custom": N_("blackout"),
}
_STATUSES = {
    "open": N_("open"), "in_progress": N_("in progress"), "done": N_("done"),
    "dropped": N_("dropped"),
}
# Training gate status per wave (rollout.training.metrics.GateStatus values).
_GATE_STATUSES = {
    "met": N_("threshold met"), "on_track": N_("on track for the deadline"),
    "at_risk": N_("at risk: forecast after the deadline"),
    "no_forecast": N_("no forecast yet"), "no_trainees": N_("nobody on the roster"),
    "no_deadline": N_("no go-live planned"),
}
_OUTCOMES = {"failure": N_("failure"), "success": N_("success"), "recovery": N_("recovery")}


@dataclass(frozen=True)
class Wording:
    language: Language
    content: Content

    @cached_property
    def _t(self) -> Translator:
        return translator(self.language)

    @property
    def rtl(self) -> bool:
        return self.language is Language.FA

    def __call__(self, message: str, /, **values: object) -> str:
        return self._t.gettext(message, **values)

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        return self._t.ngettext(singular, plural, count, **values)

    def date(self, value: dt.date | None) -> str:
        return format_date(value, self.language, style="numeric") if value else "—"

    def long_date(self, value: dt.date | None) -> str:
        return format_date(value, self.language) if value else "—"

    def number(self, value: int | float) -> str:
        return format_number(value, self.language)

    def decision(self, code: str) -> str:
        return decision_label(code, self.language)

    def band(self, code: str) -> str:
        return band_label(code, self.language)

    def kind(self, code: str) -> str:
        return self._t.gettext(_KINDS[code]) if code in _KINDS else code

    def phase(self, code: str) -> str:
        return self._t.gettext(_PHASES[code]) if code in _PHASES else code

    def blackout_kind(self, code: str) -> str:
        return (self._t.gettext(_BLACKOUT_KINDS[code])
                if code in _BLACKOUT_KINDS else code)

    def status(self, code: str) -> str:
        return self._t.gettext(_STATUSES[code]) if code in _STATUSES else code

    def gate_status(self, code: str) -> str:
        return self._t.gettext(_GATE_STATUSES[code]) if code in _GATE_STATUSES else code

    def outcome(self, code: str) -> str:
        return self._t.gettext(_OUTCOMES[code]) if code in _OUTCOMES else code

    def yes_no(self, value: bool) -> str:
        return self._t.gettext("yes") if value else self._t.gettext("no")

    # --- knowledge-base texts -------------------------------------------------------------

    def factor_name(self, code: str, fallback: str) -> str:
        factor = self.content.factors.get(code)
        return text_in(factor.name, self.language.value) if factor else fallback

    def dimension_title(self, code: str) -> str:
        checklist = next((c for c in self.content.checklists if c.id == code), None)
        return text_in(checklist.title, self.language.value) if checklist else code

    def question_text(self, question_id: str) -> str:
        question = self.content.questions.get(question_id)
        return text_in(question.text, self.language.value) if question else question_id

    def gate_text(self, code: str, fallback: str) -> tuple[str, str]:
        """A hard gate's message and how to fix it (the blocker's own words as the fallback)."""
        gate = self.content.gates.get(code)
        if gate is None:
            return fallback, ""
        return (text_in(gate.message, self.language.value),
                text_in(gate.how_to_fix, self.language.value))

    def mitigation_text(self, factor: str, mitigation_id: str, fallback: str) -> str:
        found = self.content.factors.get(factor)
        for mitigation in found.mitigations if found else ():
            if mitigation.id == mitigation_id:
                return text_in(mitigation.text, self.language.value)
        return fallback

    def case_label(self, case_id: str) -> str:
        case = self.content.cases.get(case_id)
        if case is None:
            return case_id
        return f"{case.organisation} {case.year}" if case.year else case.organisation

    def case_summary(self, case_id: str) -> str:
        case = self.content.cases.get(case_id)
        return text_in(case.summary, self.language.value) if case else ""

    # --- plan notes -----------------------------------------------------------------------

    def note(self, note: Note, plan: Plan) -> str:
        """A "why this date" sentence from the note's code and data, in the reader's language."""
        task = _task_name(plan, note.task)
        if note.code == "blackout_shift" and note.from_date and note.to_date:
            return self(N_(
                "{task} moved from {before} to {after}: it would fall in {window} or the buffer "
                "before it."), task=task, before=self.date(note.from_date),
                after=self.date(note.to_date), window=note.window or "—")
        if note.code in ("capacity_wait", "dependency_wait") and note.from_date and note.to_date:
            return self(N_("{task} waits from {before} to {after} for capacity or for the work "
                        "before it."), task=task, before=self.date(note.from_date),
                        after=self.date(note.to_date))
        if note.code == "override_applied":
            return self(N_("{task}: a user's override was applied ({reason})."), task=task,
                        reason=str(note.data.get("reason") or note.message))
        if note.code == "target_date" and note.to_date:
            return self(N_("The first go-live is held to the target date, {date}."),
                        date=self.date(note.to_date))
        return note.message


def _task_name(plan: Plan, task_id: str | None) -> str:
    if task_id is None:
        return "—"
    try:
        return plan.task(task_id).name
    except KeyError:
        return task_id


MOVED_GO_LIVE_CODES = ("blackout_shift", "capacity_wait", "dependency_wait", "override_applied",
                       "target_date")


def date_notes(plan: Plan) -> list[Note]:
    """Notes that explain a go-live or cutover date, for every moved go-live."""
    guarded = {t.id for t in plan.tasks if t.kind.value in ("go_live", "cutover")}
    return [n for n in plan.notes if n.code in MOVED_GO_LIVE_CODES
            and (n.task is None or n.task in guarded)]
