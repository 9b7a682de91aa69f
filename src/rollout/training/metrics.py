"""Training figures measured against the standard, never against each other: completion per
wave, unit, job role and course; who is overdue; seats against demand; when each wave reaches its
gate threshold; and adoption after go-live.

A trainee is *trained* when every course required of them (their role, their wave, super-user
tracks for super-users) is completed with a pass or exempted. Completion of a wave, unit or role
is the share of its trainees who are trained; completion of a course is the share of the people
who need it who have it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rollout.training.deadlines import WaveDeadline, unit_key, wave_of
from rollout.training.models import (
    DEFAULT_ADOPTION_TARGET_PCT,
    Completion,
    Course,
    Exemption,
    Trainee,
    TrainingSession,
    WeeklyActive,
)

PACE_WINDOW_DAYS = 28  # the "current pace" is the trailing four weeks
NO_WAVE = "unplanned"  # trainees whose unit is in no wave of the plan


@dataclass(frozen=True)
class TraineeStatus:
    trainee: Trainee
    wave: str | None
    deadline: dt.date | None
    required: tuple[str, ...]
    done: tuple[str, ...]
    missing: tuple[str, ...]
    trained_on: dt.date | None  # the day the last required course was passed (None: not yet,
    # or every required course exempted)

    @property
    def trained(self) -> bool:
        return not self.missing

    def overdue(self, today: dt.date) -> bool:
        return not self.trained and self.deadline is not None and self.deadline < today


@dataclass(frozen=True)
class Share:
    """``done`` of ``total`` (people, or people needing a course)."""

    key: str
    total: int
    done: int

    @property
    def pct(self) -> float:
        return 100.0 * self.done / self.total if self.total else 0.0


class GateStatus(StrEnum):
    MET = "met"  # at or above the threshold now
    ON_TRACK = "on_track"  # forecast on or before the deadline
    AT_RISK = "at_risk"  # forecast after the deadline
    NO_FORECAST = "no_forecast"  # no pace and not enough sessions booked
    NO_TRAINEES = "no_trainees"
    NO_DEADLINE = "no_deadline"  # the plan gives the wave no go-live


@dataclass(frozen=True)
class WaveForecast:
    wave: str
    name: str
    go_live: dt.date | None
    deadline: dt.date | None
    trainees: int
    trained: int
    needed: int  # trainees to be trained to meet the threshold
    threshold_pct: float
    pace_per_week: float  # trainees becoming trained per week over the trailing four weeks
    at_pace: dt.date | None  # when the threshold is reached at that pace
    with_booked: dt.date | None  # when it is reached if everyone booked attends and passes
    status: GateStatus

    @property
    def pct(self) -> float:
        return 100.0 * self.trained / self.trainees if self.trainees else 0.0

    @property
    def forecast(self) -> dt.date | None:
        """Booked sessions are a commitment; the pace is a trend used when bookings fall short."""
        return self.with_booked or self.at_pace


@dataclass(frozen=True)
class SeatDemand:
    course: str
    demand: int  # people who still need the course
    booked: int  # of them, enrolled in an upcoming session
    free_seats: int  # seats left in upcoming sessions

    @property
    def shortfall(self) -> int:
        return max(0, self.demand - self.booked - self.free_seats)


@dataclass(frozen=True)
class TrainingFigures:
    today: dt.date
    threshold_pct: float
    statuses: list[TraineeStatus]
    by_wave: list[Share]
    by_unit: list[Share]
    by_role: list[Share]
    by_course: list[Share]
    forecasts: list[WaveForecast]
    seats: list[SeatDemand]
    overdue: list[TraineeStatus]
    unrecorded_sessions: list[TrainingSession]  # past sessions with enrolments, no attendance
    unknown_units: list[str] = field(default_factory=list)  # units in no wave of the plan

    @property
    def trained(self) -> int:
        return sum(1 for s in self.statuses if s.trained)

    @property
    def pct(self) -> float:
        return 100.0 * self.trained / len(self.statuses) if self.statuses else 0.0

    def forecast(self, wave: str) -> WaveForecast | None:
        return next((f for f in self.forecasts if f.wave == wave), None)


FirstPasses = Mapping[tuple[str, str], dt.date]  # (employee id, course code) -> first day passed


def first_passes(completions: Iterable[Completion]) -> dict[tuple[str, str], dt.date]:
    """The first day each employee passed each course: all the figures read of completions."""
    passed: dict[tuple[str, str], dt.date] = {}
    for c in completions:
        if c.passed:
            key = (c.employee_id, c.course_code)
            passed[key] = min(passed.get(key, c.completed_on), c.completed_on)
    return passed


def trainee_statuses(
    trainees: Iterable[Trainee], courses: Sequence[Course], passed: FirstPasses,
    exemptions: Iterable[Exemption], waves: Mapping[str, WaveDeadline],
) -> list[TraineeStatus]:
    exempt = {(e.employee_id, e.course_code) for e in exemptions}
    out = []
    required_by_kind: dict[tuple[str, bool, str | None], tuple[str, ...]] = {}
    for trainee in trainees:
        wave = wave_of(trainee.unit, waves)
        wave_id = wave.wave if wave else None
        # What a course requires depends only on role, super-user and wave: 20,000 trainees
        # share a few dozen combinations, so each is worked out once.
        kind = (trainee.job_role.casefold(), trainee.super_user, wave_id)
        required = required_by_kind.get(kind)
        if required is None:
            required = tuple(c.code for c in courses if c.required_of(trainee, wave_id))
            required_by_kind[kind] = required
        employee = trainee.employee_id
        dates = [day for day in (passed.get((employee, code)) for code in required)
                 if day is not None]
        done = required if len(dates) == len(required) else tuple(
            code for code in required if (employee, code) in passed or (employee, code) in exempt)
        missing = () if done is required else tuple(code for code in required if code not in done)
        trained_on = max(dates) if not missing and dates else None
        out.append(TraineeStatus(trainee=trainee, wave=wave_id,
                                 deadline=wave.deadline if wave else None, required=required,
                                 done=done, missing=missing, trained_on=trained_on))
    return out


def shares(statuses: Iterable[TraineeStatus], key: str) -> list[Share]:
    """Trained people per ``wave``, ``unit`` or ``job_role``, in first-seen order."""
    totals: dict[str, list[int]] = {}
    for s in statuses:
        name = (s.wave or NO_WAVE) if key == "wave" else getattr(s.trainee, key)
        counts = totals.setdefault(name, [0, 0])
        counts[0] += 1
        counts[1] += s.trained
    return [Share(key=k, total=t, done=d) for k, (t, d) in totals.items()]


def course_shares(statuses: Iterable[TraineeStatus], courses: Sequence[Course]) -> list[Share]:
    need: dict[str, list[int]] = {c.code: [0, 0] for c in courses}
    for s in statuses:
        for code in s.required:
            need[code][0] += 1
            need[code][1] += code in s.done
    return [Share(key=code, total=t, done=d) for code, (t, d) in need.items()]


def needed_for(trainees: int, threshold_pct: float) -> int:
    """People to train for ``threshold_pct`` of ``trainees`` (rounded up: 90 % of 15 is 14)."""
    return min(trainees, math.ceil(trainees * threshold_pct / 100 - 1e-9))


def wave_forecast(
    deadline: WaveDeadline, statuses: Sequence[TraineeStatus],
    sessions: Sequence[TrainingSession], *, today: dt.date, threshold_pct: float,
) -> WaveForecast:
    """When the wave reaches ``threshold_pct``: at the trailing four weeks' pace, and if everyone
    enrolled in an upcoming session attends and passes."""
    members = [s for s in statuses if s.wave == deadline.wave]
    trained = sum(1 for s in members if s.trained)
    needed = needed_for(len(members), threshold_pct)
    recent = sum(1 for s in members if s.trained_on is not None
                 and today - dt.timedelta(days=PACE_WINDOW_DAYS) < s.trained_on <= today)
    pace = recent * 7 / PACE_WINDOW_DAYS
    gap = needed - trained
    at_pace = (today if gap <= 0 else
               today + dt.timedelta(days=math.ceil(gap / pace * 7)) if pace > 0 else None)
    with_booked = today if gap <= 0 else _booked_date(members, sessions, today, gap)
    status = _status(deadline, len(members), gap, with_booked or at_pace)
    return WaveForecast(wave=deadline.wave, name=deadline.name, go_live=deadline.go_live,
                        deadline=deadline.deadline, trainees=len(members), trained=trained,
                        needed=needed, threshold_pct=threshold_pct, pace_per_week=pace,
                        at_pace=at_pace, with_booked=with_booked, status=status)


def _booked_date(members: Sequence[TraineeStatus], sessions: Sequence[TrainingSession],
                 today: dt.date, gap: int) -> dt.date | None:
    """The day the ``gap``-th untrained member would be trained by their booked sessions."""
    first_booking: dict[tuple[str, str], dt.date] = {}
    for session in sessions:
        if session.day < today:
            continue
        for employee in session.enrolled:
            key = (employee, session.course_code)
            if key not in first_booking or session.day < first_booking[key]:
                first_booking[key] = session.day
    ready: list[dt.date] = []
    for s in members:
        if s.trained:
            continue
        days = [first_booking.get((s.trainee.employee_id, code)) for code in s.missing]
        if all(d is not None for d in days):
            ready.append(max(d for d in days if d is not None))
    ready.sort()
    return ready[gap - 1] if len(ready) >= gap else None


def _status(deadline: WaveDeadline, trainees: int, gap: int, forecast: dt.date | None
            ) -> GateStatus:
    if trainees == 0:
        return GateStatus.NO_TRAINEES
    if gap <= 0:
        return GateStatus.MET
    if deadline.deadline is None:
        return GateStatus.NO_DEADLINE
    if forecast is None:
        return GateStatus.NO_FORECAST
    return GateStatus.ON_TRACK if forecast <= deadline.deadline else GateStatus.AT_RISK


def seat_demand(statuses: Iterable[TraineeStatus], sessions: Sequence[TrainingSession],
                courses: Sequence[Course], today: dt.date) -> list[SeatDemand]:
    missing: dict[str, set[str]] = defaultdict(set)
    for s in statuses:
        for code in s.missing:
            missing[code].add(s.trainee.employee_id)
    out = []
    for course in courses:
        upcoming = [x for x in sessions if x.course_code == course.code and x.day >= today]
        booked = {e for x in upcoming for e in x.enrolled} & missing[course.code]
        free = sum(max(0, x.capacity - len(x.enrolled)) for x in upcoming)
        out.append(SeatDemand(course=course.code, demand=len(missing[course.code]),
                              booked=len(booked), free_seats=free))
    return out


def training_figures(
    *, trainees: Sequence[Trainee], courses: Sequence[Course],
    completions: Iterable[Completion] = (), exemptions: Iterable[Exemption],
    sessions: Sequence[TrainingSession], deadlines: Sequence[WaveDeadline], today: dt.date,
    threshold_pct: float, passed: FirstPasses | None = None,
) -> TrainingFigures:
    """Every figure the trainer's dashboard, the plan's gates and the risk engine read, from
    the completions or, when the caller has them already (a database aggregates 200,000
    completions far faster than Python reads them), their :func:`first_passes`."""
    waves = {unit_key(u): d for d in deadlines for u in d.units}
    statuses = trainee_statuses(trainees, courses,
                                first_passes(completions) if passed is None else passed,
                                exemptions, waves)
    unknown = sorted({s.trainee.unit for s in statuses if s.wave is None})
    return TrainingFigures(
        today=today, threshold_pct=threshold_pct, statuses=statuses,
        by_wave=shares(statuses, "wave"), by_unit=shares(statuses, "unit"),
        by_role=shares(statuses, "job_role"), by_course=course_shares(statuses, courses),
        forecasts=[wave_forecast(d, statuses, sessions, today=today, threshold_pct=threshold_pct)
                   for d in deadlines],
        seats=seat_demand(statuses, sessions, courses, today),
        overdue=sorted((s for s in statuses if s.overdue(today)),
                       key=lambda s: (s.deadline or today, s.trainee.unit,
                                      s.trainee.employee_id)),
        unrecorded_sessions=[x for x in sessions if x.day < today and x.enrolled
                             and not x.attended],
        unknown_units=unknown)


# --- adoption after go-live ----------------------------------------------------------------------


@dataclass(frozen=True)
class Adoption:
    key: str  # a unit, or a wave id
    week_start: dt.date | None  # the newest week measured
    active_users: int
    users: int
    target_pct: float

    @property
    def pct(self) -> float:
        return 100.0 * self.active_users / self.users if self.users else 0.0

    @property
    def low(self) -> bool:
        return self.users > 0 and self.week_start is not None and self.pct < self.target_pct


def adoption_by_unit(weeks: Iterable[WeeklyActive], users_by_unit: Mapping[str, int], *,
                     target_pct: float = DEFAULT_ADOPTION_TARGET_PCT) -> list[Adoption]:
    """Each unit's newest week of active users against its headcount."""
    newest: dict[str, WeeklyActive] = {}
    for week in weeks:
        key = unit_key(week.unit)
        if key not in newest or week.week_start > newest[key].week_start:
            newest[key] = week
    out = []
    for unit, users in users_by_unit.items():
        latest = newest.get(unit_key(unit))
        out.append(Adoption(key=unit, week_start=latest.week_start if latest else None,
                            active_users=min(latest.active_users, users) if latest else 0,
                            users=users, target_pct=target_pct))
    return out


def adoption_by_wave(units: Sequence[Adoption], deadlines: Sequence[WaveDeadline], *,
                     target_pct: float = DEFAULT_ADOPTION_TARGET_PCT) -> list[Adoption]:
    """Adoption per wave over the units measured (a wave counts once any unit is measured)."""
    out = []
    for d in deadlines:
        members = [a for a in units if unit_key(a.key) in {unit_key(u) for u in d.units}
                   and a.week_start is not None]
        if not members:
            continue
        out.append(Adoption(key=d.wave, week_start=max(a.week_start for a in members
                                                       if a.week_start is not None),
                            active_users=sum(a.active_users for a in members),
                            users=sum(a.users for a in members), target_pct=target_pct))
    return out
