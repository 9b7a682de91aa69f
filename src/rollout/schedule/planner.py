"""Building a plan: assessment + risk report + options -> a dated, explained, verified plan.

This is the module the CLI and the UI call. It resolves the options (scenario, capacities,
mitigations, overrides), forms the waves, breaks the work down, schedules it, finds the critical
path and runs the verify pass. It never stores anything: a caller that persists plans stores the
returned :class:`~rollout.domain.plan.Plan` (its ``options`` hold the overrides and their
reasons, which is what an audit needs).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

from rollout.content.schema import PeakPreset
from rollout.domain.assessment import Assessment, BusinessUnit, Programme
from rollout.domain.codes import NoteCode
from rollout.domain.plan import (
    AddDependency,
    Blackout,
    BlackoutKind,
    Holiday,
    MoveUnit,
    Note,
    Override,
    PinDate,
    Plan,
    PlanOptions,
    PlanTask,
    Resource,
    Scenario,
    SetCapacity,
    Wave,
    default_buffer_weeks,
)
from rollout.domain.report import RiskReport
from rollout.errors import N_, Message, PlanningError
from rollout.schedule.blackouts import BlackoutMap, collect_blackouts
from rollout.schedule.breakdown import BreakdownParams, break_down
from rollout.schedule.calendar import CalendarSet, Closure
from rollout.schedule.critical_path import total_float
from rollout.schedule.mitigations import (
    CLEANSING_EXTENSION_FACTOR,
    EXTRA_TRIALS,
    HYPERCARE_EXTENSION_WEEKS,
    SPLIT_WAVES_FACTOR,
    TRAINING_EXTENSION_FACTOR,
    open_severe_risks,
    requested_actions,
)
from rollout.schedule.network import build_graph
from rollout.schedule.scheduler import Scheduler
from rollout.schedule.verification import verify_plan
from rollout.schedule.waves import form_waves, programme_units

# Without a trainer capacity, assume enough seats to train everyone in this many weeks.
AUTO_TRAINING_WEEKS = 12
MIN_TRAINER_SEATS_PER_WEEK = 20
# Scheduling passes that may hold cutovers until after a peak season (see build_plan).
_MAX_HOLD_PASSES = 8

def resolve_scenario(programme: Programme, options: PlanOptions) -> Scenario:
    if options.scenario is not None:
        return options.scenario
    return Scenario.of_approach(programme.approach)


def applied_buffer_weeks(programme: Programme, report: RiskReport | None,
                         options: PlanOptions) -> int:
    """The buffer before each peak season a plan applies: the options' own, else the default
    rule with the longer hypercare that an ``add_hypercare`` mitigation asks for."""
    if options.buffer_weeks is not None:
        return options.buffer_weeks
    return default_buffer_weeks(programme, _hypercare_extension(
        requested_actions(report, options.mitigate_from_band)))


def _hypercare_extension(actions: Iterable[str]) -> int:
    return HYPERCARE_EXTENSION_WEEKS if "add_hypercare" in actions else 0


def build_plan(
    assessment: Assessment,
    report: RiskReport | None = None,
    options: PlanOptions | None = None,
    *,
    presets: Mapping[str, PeakPreset],
) -> Plan:
    """Plan the rollout of ``assessment``'s programme.

    ``report`` (the risk engine's report on the same assessment) adds mitigation tasks and fills
    the gates' "no open critical risks" lists. ``presets`` are the peak-season presets the
    programme's seasons may name (``content.presets``; the planner never reads files itself).
    """
    options = options or PlanOptions()
    programme = assessment.programme
    scenario = resolve_scenario(programme, options)
    notes: list[Note] = []
    actions = requested_actions(report, options.mitigate_from_band)

    units, unit_notes = programme_units(programme)
    notes += unit_notes
    hypercare = programme.hypercare_weeks + _hypercare_extension(actions)
    buffer_weeks = applied_buffer_weeks(programme, report, options)
    share = options.max_wave_share_pct * (SPLIT_WAVES_FACTOR if "split_waves" in actions else 1)
    seats, tracks, capacity_notes = _capacities(units, options)
    notes += capacity_notes

    moves = [o for o in options.overrides if isinstance(o, MoveUnit)]
    drafts, wave_notes = form_waves(units, scenario, share_pct=share,
                                    pilot_unit=options.pilot_unit, custom_waves=options.waves,
                                    moves=moves)
    notes += wave_notes

    closures = [Closure(b.start, b.end, b.name) for b in options.blackouts
                if b.kind is BlackoutKind.HOLIDAY]
    calendars = CalendarSet(programme.start_date, thursday_half_day=options.thursday_half_day,
                            closures=closures)
    org = (assessment.organisation.country,)
    settings = BreakdownParams(
        scenario=scenario, org_country=org[0], target_go_live=programme.target_go_live,
        trainer_seats_per_week=seats, migration_tracks=tracks, hypercare_weeks=hypercare,
        share_pct=share, wave_gap_workdays=options.wave_gap_workdays,
        training_completion_pct=options.training_completion_pct,
        training_factor=TRAINING_EXTENSION_FACTOR if "extend_training" in actions else 1.0,
        cleansing_factor=CLEANSING_EXTENSION_FACTOR if "data_cleansing" in actions else 1.0,
        extra_trials=EXTRA_TRIALS if "add_migration_rehearsal" in actions else 0,
    )
    breakdown = break_down(programme, drafts, settings, actions, open_severe_risks(report),
                           lambda countries: calendars.get(countries).week_workdays)
    notes += breakdown.notes
    specs = breakdown.tasks
    by_id = {s.id: s for s in specs}
    for dep in (o for o in options.overrides if isinstance(o, AddDependency)):
        if dep.task not in by_id:
            raise _unknown_task("depend", dep.task)
        by_id[dep.task].after(dep.after, lag=dep.lag_workdays)
        notes.append(Note(code=NoteCode.OVERRIDE_APPLIED, task=dep.task,
                          message=f"{dep.task} waits for {dep.after}"
                                  + (f": {dep.reason}" if dep.reason else "."),
                          data={"override": "depend", "after": dep.after,
                                "lag_workdays": dep.lag_workdays, "reason": dep.reason,
                                "author": dep.author}))
    graph = build_graph(specs)

    blackouts = collect_blackouts(programme, presets, buffer_weeks, options.blackouts)
    capacities = {Resource.TRAINER_SEATS: seats, Resource.MIGRATION_TRACKS: tracks}
    pins = [o for o in options.overrides if isinstance(o, PinDate)]
    blackout_map = BlackoutMap(blackouts, programme.start_date)
    holds: dict[str, Blackout] = {}
    # Each pass holds more cutovers, or later (a hold can push a go-live past the next peak),
    # so a few passes settle; the bound only guards against a calendar that never does.
    for _ in range(_MAX_HOLD_PASSES):
        scheduler = Scheduler(specs, graph, calendars, blackout_map, capacities, pins, holds)
        scheduler.run()
        scheduler.just_in_time(training=options.just_in_time_training)
        waiting = {task: peak for task, peak in scheduler.data_waiting_across_peaks().items()
                   if holds.get(task) != peak}
        if not waiting:
            break
        holds.update(waiting)
    slots = scheduler.slots
    floats = total_float(by_id, slots, graph, calendars, org)

    def date(index: int) -> dt.date:
        return calendars.origin + dt.timedelta(days=index)

    tasks = [
        PlanTask(
            id=s.id, name=s.name, kind=s.kind, phase=s.phase, wave=s.wave,
            start=date(slots[s.id].start), end=date(slots[s.id].end),
            depends_on=[d for d, _ in s.depends_on], critical=floats[s.id] == 0,
            duration_workdays=s.duration_workdays,
            lags_workdays={d: lag for d, lag in s.depends_on if lag},
            float_workdays=floats[s.id], resource=s.resource, demand=s.demand,
            platform=s.platform, unit=s.unit, countries=list(s.countries), criteria=s.criteria,
            action=s.action,
        )
        for s in specs
    ]
    start_index = min(slots[s.id].start for s in specs)
    end_index = max(slots[s.id].end for s in specs)
    start, end = date(start_index), date(end_index)
    waves = [
        Wave(id=d.id, name=d.name, units=[u.name for u in d.units], users=d.users,
             go_live=date(slots[f"{d.id}.go_live"].start), pilot=d.pilot, regions=d.regions,
             platforms=d.platforms)
        for d in drafts
    ]
    shown = [b for b in blackouts if b.blocked_from <= end and b.end >= start]
    countries = sorted({c for s in specs for c in s.countries})
    holidays = [Holiday(date=d, name=n, countries=w)
                for d, n, w in calendars.holidays_between(countries, start, end)]
    notes += _calendar_notes(calendars, countries)
    scheduling = sorted(scheduler.plan_notes(), key=lambda n: (n.to_date or n.from_date or start,
                                                        n.code, n.task or ""))
    plan = Plan(
        scenario=scenario, assessment=assessment.name, organisation=assessment.organisation.name,
        country=org[0], start=start, end=end,
        duration_workdays=calendars.get(org).workdays(start_index, end_index),
        target_go_live=programme.target_go_live, waves=waves, tasks=tasks, blackouts=shown,
        holidays=holidays, notes=notes + scheduling,
        capacities={Resource.TRAINER_SEATS.value: seats, Resource.MIGRATION_TRACKS.value: tracks},
        max_wave_share_pct=share, options=options,
    )
    violations = scheduler.violations + verify_plan(plan, programme)
    return plan.model_copy(update={"violations": violations})


def apply_overrides(
    assessment: Assessment,
    overrides: Iterable[Override],
    report: RiskReport | None = None,
    options: PlanOptions | None = None,
    *,
    presets: Mapping[str, PeakPreset],
) -> Plan:
    """Re-plan with ``overrides`` added to ``options`` (usually a stored plan's ``options``).

    The planner re-validates everything: a pin that breaks a dependency or a capacity shows up in
    ``violations``; a go-live pinned into a blackout without a reason is refused
    (``override_conflict``); with a reason it is accepted and noted (``override_applied``).
    """
    options = options or PlanOptions()
    merged = options.model_copy(update={"overrides": [*options.overrides, *overrides]})
    return build_plan(assessment, report, merged, presets=presets)


def _capacities(units: Sequence[BusinessUnit], options: PlanOptions
                ) -> tuple[int, int, list[Note]]:
    notes = []
    users = sum(u.users for u in units)
    seats = options.trainer_seats_per_week
    if seats is None:
        seats = max(MIN_TRAINER_SEATS_PER_WEEK, math.ceil(users / AUTO_TRAINING_WEEKS))
        notes.append(Note(
            code=NoteCode.CAPACITY_ASSUMED,
            message=f"No trainer capacity given: {seats} seats per week assumed (everyone "
                    f"trained in about {AUTO_TRAINING_WEEKS} weeks of training). Set "
                    f"trainer_seats_per_week to plan with your own.",
            data={"resource": Resource.TRAINER_SEATS.value, "value": seats,
                  "weeks": AUTO_TRAINING_WEEKS}))
    tracks = options.migration_tracks
    for override in options.overrides:
        if not isinstance(override, SetCapacity):
            continue
        changed: dict[str, int] = {}
        if override.trainer_seats_per_week is not None:
            seats = changed["trainer_seats_per_week"] = override.trainer_seats_per_week
        if override.migration_tracks is not None:
            tracks = changed["migration_tracks"] = override.migration_tracks
        notes.append(Note(
            code=NoteCode.OVERRIDE_APPLIED,
            message="Capacity changed: " + ", ".join(f"{k} = {v}" for k, v in changed.items())
                    + (f" ({override.reason})" if override.reason else ""),
            data={"override": "capacity", **changed, "reason": override.reason,
                  "author": override.author}))
    return seats, tracks, notes


def _calendar_notes(calendars: CalendarSet, countries: Sequence[str]) -> list[Note]:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    notes = []
    for country in countries:
        weekend = sorted(calendars.book.weekend(country))
        known = calendars.book.known(country)
        half = calendars.get([country]).thursday_half_day
        notes.append(Note(
            code=NoteCode.CALENDAR if known else NoteCode.NO_HOLIDAY_DATA,
            message=f"{country}: weekend {' and '.join(names[d] for d in weekend)}"
                    + ("; Thursday is a half day" if half else "")
                    + ("; public holidays from the holidays package" if known else
                       "; no public-holiday data for this country, add closures as blackouts"),
            data={"country": country, "weekend": [names[d] for d in weekend],
                  "thursday_half_day": bool(half), "holidays": known}))
    return notes


def _unknown_task(kind: str, task: str) -> PlanningError:
    return PlanningError(Message(N_("override {kind}: no task {task}; task ids are listed in the "
                                    "plan"), kind=kind, task=repr(task)))

