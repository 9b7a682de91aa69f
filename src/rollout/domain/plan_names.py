"""The planner's task, wave and gate-criterion names in the reader's language.

The planner is pure and writes English names ("Go-live: Wave 1: east"); ids (``wave-1.go_live``)
and codes are the plan's contract and never change with the language. A name is shown in another
language by recognising which of the planner's templates wrote it, taking the values it filled in
(a unit, a platform, a wave's name, a number) and filling the template's translation: so a stored
plan (JSON, database) needs no change, and the English contract stays byte-identical.

Names typed by users (units, platforms, regions, a renamed wave) are shown as written; numbers
the Persian way. A name no template wrote (a future planner's, or an edited one) is shown as it
is rather than failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from rollout.domain.plan import Plan, PlanTask, Wave
from rollout.i18n import N_, Language, translator
from rollout.i18n.display import show_number

# The names rollout.schedule.breakdown and rollout.schedule.waves write, word for word
# (tests/domain/test_plan_names.py checks every name of every case example's plans).
_TEMPLATES = [
    # Fixed task names.
    N_("Name the system owner and their mandate"),
    N_("Confirm an executive sponsor beyond go-live"),
    N_("Form the steering committee (IT and business owners)"),
    N_("Set goals and customer KPIs; capture the baseline"),
    N_("Define the sales and service processes"),
    N_("Check the vendor's fit against the processes"),
    N_("Agree the sequencing or deferral of concurrent projects with the steering committee"),
    N_("Mobilisation complete"),
    N_("Design the processes in the target system"),
    N_("Usability review of the designed screens"),
    N_("Training-needs analysis per role"),
    N_("Research customers' channels and journeys"),
    N_("Design complete"),
    N_("Configure the target system"),
    N_("Build the integrations"),
    N_("Performance test at production volume"),
    N_("Training material per role"),
    N_("End-to-end integration test (billing and other systems)"),
    N_("Usability test with end users"),
    N_("Crisis-communication plan and channel"),
    N_("Build complete"),
    N_("Pilot review gate: lessons applied, adoption on track"),
    N_("Post-implementation review with the sponsor"),
    N_("Adoption review: usage, data quality, KPIs against the baseline"),
    N_("Improvement backlog and upgrade plan"),
    N_("Programme closed"),
    # Gate criteria.
    N_("Pilot users work in the new system; adoption is tracked and on target"),
    N_("Pilot defects and lessons are fixed in the build, the training and the cutover runbook"),
    N_("The system owner signs off the pilot"),
    N_("At least {percent} % of the wave's {users} users have completed training"),
    N_("The cutover rehearsal of every platform this wave uses is reconciled"),
    N_("The system owner and each unit's manager sign off"),
    N_("No critical risk is open in the latest risk report"),
    # Waves.
    N_("Big bang: all units"),
    N_("Pilot: {units}"),
    N_("Wave {number}: {regions}"),
    # Task names with values.
    N_("Design integrations ({integrations})"),
    N_("Profile data: {platform}"),
    N_("Cleanse data: {platform}"),
    N_("Map fields and write migration scripts: {platform}"),
    N_("Trial migration {number} and reconciliation: {platform}"),
    N_("Cutover rehearsal, reconciled: {platform}"),
    N_("Go/no-go gate: {wave}"),
    N_("Go-live: {wave}"),
    N_("Hypercare: {wave}"),
    N_("Access, devices and super-users: {unit}"),
    N_("Train {unit} ({users} users)"),
    N_("Cutover {platform} for {wave}"),
    N_("Check migrated data: {unit} from {platform}"),
]

_NUMBERS = {"percent", "users", "number"}
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for template in _TEMPLATES:
        parts, last = [], 0
        for match in _FIELD.finditer(template):
            parts.append(re.escape(template[last:match.start()]))
            field = match.group(1)
            parts.append(rf"(?P<{field}>\d+(?:\.\d+)?)" if field in _NUMBERS
                         else rf"(?P<{field}>.+)")
            last = match.end()
        parts.append(re.escape(template[last:]))
        patterns.append((re.compile("".join(parts), re.DOTALL), template))
    return patterns


def plan_name(name: str, lang: Language) -> str:
    """A task, wave or gate-criterion name the planner wrote, in ``lang`` (English: as stored)."""
    if lang is Language.EN:
        return name
    for pattern, template in _patterns():
        match = pattern.fullmatch(name)
        if match is None:
            continue
        values = {}
        for field, value in match.groupdict().items():
            if field in _NUMBERS:
                values[field] = show_number(float(value) if "." in value else int(value), lang)
            elif field == "wave":
                values[field] = plan_name(value, lang)  # "Go-live: Wave 1: east"
            else:
                values[field] = value
        return translator(lang).gettext(template, **values)
    return name


def localised_plan(plan: Plan, lang: Language) -> Plan:
    """A copy of ``plan`` whose task, wave and criterion names read in ``lang``, for showing and
    exporting; ids, codes and dates unchanged. English: the plan itself."""
    if lang is Language.EN:
        return plan
    name: Callable[[str], str] = lambda text: plan_name(text, lang)  # noqa: E731

    def task(t: PlanTask) -> PlanTask:
        criteria = [c.model_copy(update={"text": name(c.text)}) for c in t.criteria]
        return t.model_copy(update={"name": name(t.name), "criteria": criteria})

    def wave(w: Wave) -> Wave:
        return w.model_copy(update={"name": name(w.name)})

    return plan.model_copy(update={"tasks": [task(t) for t in plan.tasks],
                                   "waves": [wave(w) for w in plan.waves]})

