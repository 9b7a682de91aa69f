"""The verify pass: re-check a finished plan against every rule, independently of how it was made.

It reads only the plan (and, when given, the programme), rebuilds the calendars from the tasks'
countries, and reports each broken rule as a :class:`Violation` with a stable code:

``dependency``             a task starts before a predecessor (plus lag) has finished
``non_working_day``        a task starts or ends on a weekend, holiday or closure
``blackout``               a cutover or go-live touches a blackout or its buffer, without an
                           accepted override
``capacity``               trainer seats or migration tracks over capacity on some day
``training_after_go_live`` a unit's training ends on or after its wave's go-live
``platform_not_migrated``  a wave goes live before a platform its units use is cut over and
                           rehearsed
``unit_unassigned`` / ``unit_duplicated``  a unit in no wave, or in more than one
``wave_over_cap``          a wave of several units holds more users than the cap allows
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from rollout.domain.assessment import Programme
from rollout.domain.codes import ViolationCode
from rollout.domain.plan import (
    BlackoutKind,
    PinDate,
    Plan,
    PlanTask,
    Scenario,
    TaskKind,
    Violation,
)
from rollout.schedule.blackouts import BlackoutMap
from rollout.schedule.calendar import CalendarSet, Closure, WorkCalendar


def verify_plan(plan: Plan, programme: Programme | None = None) -> list[Violation]:
    calendars = plan_calendars(plan)
    origin = calendars.origin
    tasks = {t.id: t for t in plan.tasks}
    out: list[Violation] = []

    def idx(day: dt.date) -> int:
        return (day - origin).days

    for task in plan.tasks:
        c = task_calendar(plan, calendars, task)
        for day in {task.start, task.end}:
            if not c.is_workday(idx(day)):
                out.append(Violation(code=ViolationCode.NON_WORKING_DAY, task=task.id,
                                     message=f"{task.id} is dated {day}, not a working day in "
                                             f"{', '.join(c.countries)}",
                                     data={"date": day.isoformat(),
                                           "countries": list(c.countries)}))
        for dep in task.depends_on:
            pred = tasks.get(dep)
            if pred is None:
                out.append(Violation(code=ViolationCode.DEPENDENCY, task=task.id,
                                     message=f"{task.id} depends on unknown task {dep}",
                                     data={"predecessor": dep}))
                continue
            lag = task.lags_workdays.get(dep, 0)
            ready = c.after(idx(pred.end), lag, milestone=pred.is_milestone)
            if idx(task.start) < ready:
                out.append(Violation(
                    code=ViolationCode.DEPENDENCY, task=task.id,
                    message=f"{task.id} starts {task.start}, before {dep} allows "
                            f"({c.date(ready)})",
                    data={"predecessor": dep, "earliest": c.date(ready).isoformat(),
                          "start": task.start.isoformat()}))

    out += _blackouts(plan, tasks)
    out += _capacity(plan, calendars)
    out += _waves(plan, tasks, programme)
    return out


def plan_calendars(plan: Plan) -> CalendarSet:
    """The calendars a plan was made with, rebuilt from the plan alone."""
    return CalendarSet(plan.start, thursday_half_day=plan.options.thursday_half_day,
                       closures=[Closure(b.start, b.end, b.name) for b in plan.blackouts
                                 if b.kind is BlackoutKind.HOLIDAY])


def task_calendar(plan: Plan, calendars: CalendarSet, task: PlanTask) -> WorkCalendar:
    return calendars.get(task.countries or [plan.country])


def _accepted_pins(plan: Plan, tasks: dict[str, PlanTask]) -> set[str]:
    """Guarded tasks an override with a reason let into a blackout."""
    exempt: set[str] = set()
    for override in plan.options.overrides:
        if not isinstance(override, PinDate) or not override.reason:
            continue
        task = tasks.get(override.task)
        if task is None or task.start < override.date:
            continue
        exempt.add(task.id)
        if task.kind is TaskKind.GO_LIVE:
            exempt |= {t.id for t in plan.tasks
                       if t.kind is TaskKind.CUTOVER and t.wave == task.wave}
    return exempt


def _blackouts(plan: Plan, tasks: dict[str, PlanTask]) -> list[Violation]:
    blocked = BlackoutMap(plan.blackouts, plan.start)
    exempt = _accepted_pins(plan, tasks)
    out = []
    for task in plan.tasks:
        if task.kind not in (TaskKind.CUTOVER, TaskKind.GO_LIVE) or task.id in exempt:
            continue
        clash = blocked.conflict((task.start - plan.start).days, (task.end - plan.start).days)
        if clash is not None:
            window = clash[0].blackout
            out.append(Violation(
                code=ViolationCode.BLACKOUT, task=task.id,
                message=f"{task.id} ({task.start} to {task.end}) is inside {window.name} "
                        f"(blocked {window.blocked_from} to {window.end})",
                data={"window": window.name, "kind": window.kind.value,
                      "start": task.start.isoformat(), "end": task.end.isoformat(),
                      "blocked_from": window.blocked_from.isoformat(),
                      "window_end": window.end.isoformat()}))
    return out


def _capacity(plan: Plan, calendars: CalendarSet) -> list[Violation]:
    usage: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    holders: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for task in plan.tasks:
        if task.resource is None or not task.demand:
            continue
        c = task_calendar(plan, calendars, task)
        for day in range((task.start - calendars.origin).days,
                         (task.end - calendars.origin).days + 1):
            if c.is_workday(day):
                usage[task.resource.value][day] += task.demand
                holders[task.resource.value][day].append(task.id)
    out = []
    for resource, days in usage.items():
        limit = plan.capacities.get(resource, math.inf)
        over = sorted(d for d, used in days.items() if used > limit)
        if over:
            day = over[0]
            out.append(Violation(
                code=ViolationCode.CAPACITY, task=holders[resource][day][0],
                message=f"{resource} over capacity on {len(over)} day(s) from "
                        f"{calendars.origin + dt.timedelta(days=day)}: {days[day]} used of "
                        f"{limit}",
                data={"resource": resource, "days": len(over), "tasks": holders[resource][day],
                      "first_day": (calendars.origin + dt.timedelta(days=day)).isoformat(),
                      "used": days[day], **({"limit": limit} if math.isfinite(limit) else {})}))
    return out


def _waves(plan: Plan, tasks: dict[str, PlanTask], programme: Programme | None) -> list[Violation]:
    out = []
    seen: dict[str, str] = {}
    for wave in plan.waves:
        for unit in wave.units:
            if unit in seen:
                out.append(Violation(code=ViolationCode.UNIT_DUPLICATED, message=f"unit {unit} is in "
                                     f"{seen[unit]} and {wave.id}",
                                     data={"unit": unit, "first_wave": seen[unit], "wave": wave.id}))
            seen[unit] = wave.id
    if programme is not None:
        for member in programme.business_units:
            if member.name not in seen:
                out.append(Violation(code=ViolationCode.UNIT_UNASSIGNED, message=f"unit {member.name} is in "
                                     f"no wave", data={"unit": member.name}))
    total = sum(w.users for w in plan.waves)
    cap = max(1, math.floor(total * plan.max_wave_share_pct / 100 + 1e-9))
    for wave in plan.waves:
        if plan.scenario is not Scenario.BIG_BANG and len(wave.units) > 1 and wave.users > cap:
            out.append(Violation(code=ViolationCode.WAVE_OVER_CAP, message=f"{wave.id} has {wave.users} "
                                 f"users, above the cap of {cap}",
                                 data={"wave": wave.id, "users": wave.users, "cap": cap}))
        go_live = tasks.get(f"{wave.id}.go_live")
        if go_live is None:
            continue
        for task in plan.tasks:
            if task.wave == wave.id and task.kind is TaskKind.TRAINING \
                    and task.end >= go_live.start:
                out.append(Violation(code=ViolationCode.TRAINING_AFTER_GO_LIVE, task=task.id,
                                     message=f"{task.id} ends {task.end}, not before the go-live "
                                             f"{go_live.start}",
                                     data={"end": task.end.isoformat(),
                                           "go_live": go_live.start.isoformat()}))
        cutovers = {t.platform: t for t in plan.tasks
                    if t.wave == wave.id and t.kind is TaskKind.CUTOVER}
        rehearsals = {t.platform: t for t in plan.tasks if t.id.startswith("build.rehearsal.")}
        for platform in wave.platforms:
            cut = cutovers.get(platform)
            rehearsal = rehearsals.get(platform)
            if cut is None or cut.end >= go_live.start or rehearsal is None \
                    or rehearsal.end >= cut.start:
                out.append(Violation(code=ViolationCode.PLATFORM_NOT_MIGRATED, task=go_live.id,
                                     message=f"{wave.id} goes live {go_live.start} before "
                                             f"{platform} is rehearsed and cut over",
                                     data={"platform": platform, "wave": wave.id,
                                           "go_live": go_live.start.isoformat()}))
    return out
