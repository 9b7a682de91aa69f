"""Completion is measured against the standard, and the forecast says when a wave gets there."""

from __future__ import annotations

import datetime as dt

from rollout.training.deadlines import WaveDeadline, weekdays_only, workdays_before
from rollout.training.metrics import (
    GateStatus,
    TrainingFigures,
    adoption_by_unit,
    adoption_by_wave,
    first_passes,
    needed_for,
    training_figures,
)
from rollout.training.models import (
    Completion,
    Course,
    Exemption,
    Trainee,
    TrainingSession,
    WeeklyActive,
)

TODAY = dt.date(2026, 3, 2)  # a Monday
BASICS = Course(code="CRM-101", title="CRM basics", duration_hours=4)
SALES = Course(code="CRM-201", title="Opportunities", duration_hours=3, required_roles=["Rep"])
KEY = Course(code="SU-1", title="Super-user track", duration_hours=8, super_user_track=True)
WAVE_1 = WaveDeadline(wave="wave-1", name="Wave 1", units=("Sales",),
                      go_live=dt.date(2026, 3, 30), deadline=dt.date(2026, 3, 23))
WAVE_2 = WaveDeadline(wave="wave-2", name="Wave 2", units=("Service",),
                      go_live=dt.date(2026, 5, 4), deadline=dt.date(2026, 4, 27))


def _people(unit: str, role: str, count: int, start: int = 0) -> list[Trainee]:
    return [Trainee(employee_id=f"{unit[:2]}{start + i}", name=f"P{i}", unit=unit, job_role=role)
            for i in range(count)]


def _done(trainees: list[Trainee], course: str, day: dt.date) -> list[Completion]:
    return [Completion(employee_id=t.employee_id, course_code=course, completed_on=day)
            for t in trainees]


def _figures(trainees: list[Trainee], completions: list[Completion],
             sessions: list[TrainingSession] | None = None,
             exemptions: list[Exemption] | None = None, threshold: float = 90.0
             ) -> TrainingFigures:
    return training_figures(trainees=trainees, courses=[BASICS, SALES, KEY],
                            completions=completions, exemptions=exemptions or [],
                            sessions=sessions or [], deadlines=[WAVE_1, WAVE_2], today=TODAY,
                            threshold_pct=threshold)


def test_a_trainee_is_trained_when_every_course_required_of_them_is_passed_or_exempted() -> None:
    rep, agent, key_user = (_people("Sales", "Rep", 1) + _people("Service", "Agent", 1, 5)
                            + [Trainee(employee_id="K", name="K", unit="Sales", job_role="Rep",
                                       super_user=True)])
    completions = [*_done([rep, agent, key_user], "CRM-101", dt.date(2026, 2, 20)),
                   Completion(employee_id="K", course_code="CRM-201",
                              completed_on=dt.date(2026, 2, 21), passed=False)]
    figures = _figures([rep, agent, key_user], completions,
                       exemptions=[Exemption(employee_id="K", course_code="SU-1", reason="HR")])
    by_id = {s.trainee.employee_id: s for s in figures.statuses}
    assert by_id["Sa0"].missing == ("CRM-201",)  # reps also need the sales course
    assert by_id["Se5"].trained and by_id["Se5"].trained_on == dt.date(2026, 2, 20)
    assert by_id["K"].missing == ("CRM-201",)  # a failed attempt is not a completion
    assert by_id["K"].done == ("CRM-101", "SU-1")  # exempted from the super-user track


def test_completion_by_wave_unit_role_and_course() -> None:
    sales = _people("Sales", "Rep", 4)
    service = _people("Service", "Agent", 2)
    completions = (_done(sales[:3], "CRM-101", dt.date(2026, 2, 20))
                   + _done(sales[:1], "CRM-201", dt.date(2026, 2, 21))
                   + _done(service, "CRM-101", dt.date(2026, 2, 22)))
    figures = _figures(sales + service, completions)
    assert [(s.key, s.done, s.total) for s in figures.by_wave] == [("wave-1", 1, 4),
                                                                   ("wave-2", 2, 2)]
    assert [(s.key, s.pct) for s in figures.by_unit] == [("Sales", 25.0), ("Service", 100.0)]
    assert [(s.key, s.done, s.total) for s in figures.by_role] == [("Rep", 1, 4), ("Agent", 2, 2)]
    assert [(s.key, s.done, s.total) for s in figures.by_course] == [
        ("CRM-101", 5, 6), ("CRM-201", 1, 4), ("SU-1", 0, 0)]
    assert figures.pct == 50.0


def test_overdue_people_are_those_past_their_waves_deadline() -> None:
    late_wave = WaveDeadline(wave="wave-1", name="Wave 1", units=("Sales",),
                             go_live=dt.date(2026, 3, 6), deadline=dt.date(2026, 2, 27))
    sales = _people("Sales", "Agent", 2)
    figures = training_figures(
        trainees=sales, courses=[BASICS], completions=_done(sales[:1], "CRM-101", TODAY),
        exemptions=[], sessions=[], deadlines=[late_wave, WAVE_2], today=TODAY,
        threshold_pct=90)
    assert [s.trainee.employee_id for s in figures.overdue] == ["Sa1"]


def test_first_passes_keep_the_earliest_pass_and_ignore_failed_attempts() -> None:
    completions = [
        Completion(employee_id="A", course_code="CRM-101", completed_on=dt.date(2026, 2, 20)),
        Completion(employee_id="A", course_code="CRM-101", completed_on=dt.date(2026, 2, 10)),
        Completion(employee_id="A", course_code="CRM-201", completed_on=dt.date(2026, 2, 1),
                   passed=False)]
    assert first_passes(completions) == {("A", "CRM-101"): dt.date(2026, 2, 10)}


def test_figures_from_first_passes_equal_the_figures_from_completions() -> None:
    people = _people("Sales", "Rep", 3) + _people("Service", "Agent", 2)
    completions = (_done(people[:4], "CRM-101", dt.date(2026, 2, 20))
                   + _done(people[:1], "CRM-201", dt.date(2026, 2, 21)))
    from_completions = _figures(people, completions)
    from_passes = training_figures(
        trainees=people, courses=[BASICS, SALES, KEY], passed=first_passes(completions),
        exemptions=[], sessions=[], deadlines=[WAVE_1, WAVE_2], today=TODAY, threshold_pct=90.0)
    assert from_passes == from_completions


def test_needed_rounds_up() -> None:
    assert needed_for(15, 90) == 14 and needed_for(10, 90) == 9 and needed_for(0, 90) == 0


def test_forecast_at_the_current_pace() -> None:
    # 20 agents in wave 2; 8 trained over the last four weeks: 2 a week. 90 % is 18: 10 more
    # is five weeks from today, 2026-04-06, before the deadline of 2026-04-27.
    service = _people("Service", "Agent", 20)
    figures = _figures(service, _done(service[:8], "CRM-101", TODAY - dt.timedelta(days=3)))
    forecast = figures.forecast("wave-2")
    assert forecast is not None
    assert (forecast.trained, forecast.needed, forecast.pace_per_week) == (8, 18, 2.0)
    assert forecast.at_pace == dt.date(2026, 4, 6) and forecast.with_booked is None
    assert forecast.status is GateStatus.ON_TRACK


def test_forecast_with_booked_sessions_and_a_wave_that_will_miss_its_gate() -> None:
    sales = _people("Sales", "Agent", 10)
    booked = [TrainingSession(id="s1", course_code="CRM-101",
                              starts_at=dt.datetime(2026, 3, 10, 9), trainer="T", capacity=5,
                              enrolled=[t.employee_id for t in sales[:5]]),
              TrainingSession(id="s2", course_code="CRM-101",
                              starts_at=dt.datetime(2026, 3, 25, 9), trainer="T", capacity=5,
                              enrolled=[t.employee_id for t in sales[5:]])]
    figures = _figures(sales, [], sessions=booked)
    forecast = figures.forecast("wave-1")
    assert forecast is not None and forecast.at_pace is None
    # 9 of 10 needed: the second session (25 March) is after the deadline (23 March).
    assert forecast.with_booked == dt.date(2026, 3, 25)
    assert forecast.status is GateStatus.AT_RISK
    # Moving the second session earlier puts the wave on track.
    moved = [booked[0], booked[1].model_copy(update={"starts_at": dt.datetime(2026, 3, 17, 9)})]
    again = _figures(sales, [], sessions=moved).forecast("wave-1")
    assert again is not None and again.status is GateStatus.ON_TRACK
    # Nobody booked and no pace: no forecast, said as such.
    none = _figures(sales, []).forecast("wave-1")
    assert none is not None and none.status is GateStatus.NO_FORECAST


def test_a_wave_at_its_threshold_has_met_its_gate() -> None:
    sales = _people("Sales", "Agent", 10)
    figures = _figures(sales, _done(sales[:9], "CRM-101", dt.date(2025, 1, 1)))
    forecast = figures.forecast("wave-1")
    assert forecast is not None and forecast.status is GateStatus.MET


def test_seats_against_demand_and_unrecorded_sessions() -> None:
    sales = _people("Sales", "Agent", 6)
    sessions = [TrainingSession(id="past", course_code="CRM-101",
                                starts_at=dt.datetime(2026, 2, 2, 9), trainer="T", capacity=10,
                                enrolled=["Sa0"]),
                TrainingSession(id="next", course_code="CRM-101",
                                starts_at=dt.datetime(2026, 3, 9, 9), trainer="T", capacity=3,
                                enrolled=["Sa1"])]
    figures = _figures(sales, [], sessions=sessions)
    seats = {s.course: s for s in figures.seats}["CRM-101"]
    assert (seats.demand, seats.booked, seats.free_seats, seats.shortfall) == (6, 1, 2, 3)
    assert [s.id for s in figures.unrecorded_sessions] == ["past"]


def test_units_in_no_wave_are_named() -> None:
    figures = _figures(_people("Warehouse", "Agent", 1), [])
    assert figures.unknown_units == ["Warehouse"] and figures.by_wave[0].key == "unplanned"


def test_deadline_is_the_margin_in_working_days_before_go_live() -> None:
    # Go-live Monday 30 March 2026: five working days earlier is Monday 23 March.
    assert workdays_before(dt.date(2026, 3, 30), 5, weekdays_only) == dt.date(2026, 3, 23)
    holiday = dt.date(2026, 3, 27)
    assert workdays_before(dt.date(2026, 3, 30), 5,
                           lambda d: weekdays_only(d) and d != holiday) == dt.date(2026, 3, 20)


def test_adoption_per_unit_and_wave_against_the_target() -> None:
    weeks = [WeeklyActive(unit="Sales", week_start=dt.date(2026, 4, 6), active_users=20),
             WeeklyActive(unit="sales", week_start=dt.date(2026, 4, 13), active_users=35),
             WeeklyActive(unit="Service", week_start=dt.date(2026, 4, 13), active_users=9)]
    units = adoption_by_unit(weeks, {"Sales": 50, "Service": 10, "Ops": 5})
    assert [(a.key, a.pct, a.low) for a in units] == [("Sales", 70.0, True),
                                                     ("Service", 90.0, False),
                                                     ("Ops", 0.0, False)]  # not measured yet
    waves = adoption_by_wave(units, [WAVE_1, WAVE_2])
    assert [(a.key, a.active_users, a.users) for a in waves] == [("wave-1", 35, 50),
                                                                 ("wave-2", 9, 10)]
