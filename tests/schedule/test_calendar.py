"""Working-day calendars: weekends per country, public holidays, half-days, closures."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rollout.schedule.calendar import CalendarSet, Closure, WorkCalendar
from tests.builders.plans import day

ORIGIN = day("2026-01-05")  # a Monday


def _calendar(*countries: str, half: bool = False, closures: tuple[Closure, ...] = ()
              ) -> WorkCalendar:
    return CalendarSet(ORIGIN, thursday_half_day=half, closures=closures).get(countries)


def _working_weekdays(cal: WorkCalendar, weeks: int = 4) -> set[int]:
    return {cal.date(i).weekday() for i in range(7 * weeks) if cal.is_workday(i)}


def test_iran_works_saturday_to_thursday_and_rests_on_friday() -> None:
    cal = _calendar("IR")
    assert _working_weekdays(cal) == {0, 1, 2, 3, 5, 6}
    assert cal.week_workdays == 6


def test_the_us_rests_on_saturday_and_sunday() -> None:
    assert _working_weekdays(_calendar("US")) == {0, 1, 2, 3, 4}


def test_a_thursday_half_day_in_iran_counts_half() -> None:
    cal = _calendar("IR", half=True)
    thursday = next(i for i in range(7) if cal.date(i).weekday() == 3)
    assert cal.capacity(thursday) == 1
    assert cal.capacity(thursday - 1) == 2
    # Two working days starting on Wednesday: Wednesday (1) + Thursday (1/2) + Saturday (1/2).
    saturday = thursday + 2
    assert cal.finish(thursday - 1, 2) == saturday


def test_public_holidays_are_not_working_days() -> None:
    us = _calendar("US")
    assert not us.is_workday(us.index(day("2026-12-25")))
    ir = _calendar("IR")
    assert not ir.is_workday(ir.index(day("2027-03-21")))  # Nowruz


def test_a_calendar_for_two_countries_works_only_when_both_do() -> None:
    both = _calendar("US", "IR")
    assert _working_weekdays(both) == {0, 1, 2, 3}
    assert not both.is_workday(both.index(day("2026-07-03")))  # US Independence Day observed


def test_closures_stop_all_work() -> None:
    cal = _calendar("GB", closures=(Closure(day("2026-08-03"), day("2026-08-14"), "shutdown"),))
    assert not any(cal.is_workday(cal.index(day("2026-08-03")) + i) for i in range(12))


def test_an_unknown_country_gets_a_saturday_sunday_weekend_and_no_holidays() -> None:
    sets = CalendarSet(ORIGIN)
    assert _working_weekdays(sets.get(["ZZ"])) == {0, 1, 2, 3, 4}


@settings(max_examples=60, deadline=None)
@given(country=st.sampled_from(["US", "IR", "DE", "SA"]), start=st.integers(0, 700),
       workdays=st.integers(0, 120), half=st.booleans())
def test_finish_and_latest_start_agree(country: str, start: int, workdays: int, half: bool
                                       ) -> None:
    cal = _calendar(country, half=half)
    first = cal.next_workday(start)
    end = cal.finish(first, workdays)
    assert end >= first
    assert cal.is_workday(end) or workdays == 0
    if workdays:
        latest = cal.latest_start(end, workdays)
        assert latest >= first
        assert cal.finish(latest, workdays) <= end
        assert cal.workdays(first, end) >= workdays


def test_after_respects_lags_in_working_days() -> None:
    cal = _calendar("US")
    friday = cal.index(day("2026-01-09"))
    assert cal.date(cal.after(friday)) == day("2026-01-12")  # Monday
    assert cal.date(cal.after(friday, 5)) == day("2026-01-20")  # MLK day is a holiday
    assert cal.date(cal.after(friday, milestone=True)) == dt.date(2026, 1, 9)
