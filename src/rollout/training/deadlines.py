"""Whose training is due when: a trainee's unit gives their wave, the wave's go-live gives the
deadline, ``margin_workdays`` working days earlier (default 5: the week before go-live is for
access, cutover and rehearsal, not for first training)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rollout.domain.plan import Plan
from rollout.schedule.calendar import WorkCalendar
from rollout.schedule.verification import plan_calendars
from rollout.training.models import DEFAULT_MARGIN_WORKDAYS

WorkdayTest = Callable[[dt.date], bool]
MAX_WALK_DAYS = 366  # a calendar with no working day in a year is not a calendar


@dataclass(frozen=True)
class WaveDeadline:
    wave: str  # "pilot", "wave-1", …
    name: str
    units: tuple[str, ...]
    go_live: dt.date | None
    deadline: dt.date | None  # None when the plan has no go-live for the wave


def weekdays_only(day: dt.date) -> bool:
    """Monday to Friday: the test used when no plan calendar is at hand."""
    return day.weekday() < 5


def calendar_workdays(calendar: WorkCalendar) -> WorkdayTest:
    """A plan calendar (its country's weekend and public holidays, closures) as a day test."""
    return lambda day: calendar.is_workday(calendar.index(day))


def workdays_before(day: dt.date, workdays: int, is_workday: WorkdayTest) -> dt.date:
    """The working day ``workdays`` working days before ``day`` (``day`` itself not counted)."""
    current = day
    counted = 0
    for _ in range(MAX_WALK_DAYS * max(1, workdays)):
        if counted >= workdays:
            return current
        current -= dt.timedelta(days=1)
        if is_workday(current):
            counted += 1
    return current


def wave_deadlines(plan: Plan, *, margin_workdays: int = DEFAULT_MARGIN_WORKDAYS
                   ) -> list[WaveDeadline]:
    """Each wave of a plan with its training deadline, counted on the calendar of that wave's
    go-live (the countries whose working days and holidays it keeps, else the plan's country)."""
    calendars = plan_calendars(plan)
    countries = {t.wave: t.countries for t in plan.tasks if t.id.endswith(".go_live") and t.wave}
    out = []
    for wave in plan.waves:
        deadline = None
        if wave.go_live is not None:
            test = calendar_workdays(calendars.get(countries.get(wave.id) or [plan.country]))
            deadline = (workdays_before(wave.go_live, margin_workdays, test)
                        if wave.go_live >= plan.start else wave.go_live)
        out.append(WaveDeadline(wave=wave.id, name=wave.name, units=tuple(wave.units),
                                go_live=wave.go_live, deadline=deadline))
    return out


def unit_waves(deadlines: Iterable[WaveDeadline]) -> dict[str, WaveDeadline]:
    """Unit name (casefolded, spaces folded) -> its wave."""
    return {unit_key(unit): d for d in deadlines for unit in d.units}


def unit_key(unit: str) -> str:
    return " ".join(unit.split()).casefold()


def wave_of(unit: str, waves: Mapping[str, WaveDeadline]) -> WaveDeadline | None:
    return waves.get(unit_key(unit))
