"""Working-day calendars: weekends and public holidays per country, closures, Thursday half-days.

The scheduler counts time in whole days from the plan's origin (``index``); a calendar says how
much work each day holds, in half-days: 2 on a working day, 1 on a half-day, 0 on a weekend,
public holiday or closure. A calendar for several countries works only when all of them work,
because a wave's go-live needs every one of its units at their desks.

Weekends come from the ``holidays`` package (Friday in Iran; Saturday and Sunday in most
countries; Friday and Saturday in, for example, Saudi Arabia); a country the package does not know
gets Saturday and Sunday and no public holidays, and the planner says so in a note.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import holidays

FULL_DAY = 2  # capacity units of a full working day (a half-day is 1)
DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday
THURSDAY = 3
# Where an optional Thursday half-day applies (many Iranian employers work Thursday mornings).
HALF_DAY_THURSDAY_COUNTRIES = frozenset({"IR"})
# Calendars grow a year at a time as the schedule reaches further; a plan that would need more
# than this many days has no feasible date (for example a blackout covering every day).
_CHUNK_DAYS = 366
MAX_HORIZON_DAYS = 366 * 40


@dataclass(frozen=True)
class Closure:
    """Days with no work at all for anyone (a company shutdown, a ``holiday`` blackout)."""

    start: dt.date
    end: dt.date
    name: str


@lru_cache(maxsize=1024)
def _holiday_table(country: str, year: int) -> dict[int, str]:
    """Public holidays of one country and year, by date ordinal (empty if unknown).

    Looking a date up in the ``holidays`` package costs microseconds; a plan looks up thousands
    of days, and test suites and the UI build many plans, so each year is read once.
    """
    try:
        book = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return {}
    return {day.toordinal(): str(name) for day, name in book.items() if day.year == year}


@lru_cache(maxsize=256)
def _country_weekend(country: str) -> tuple[bool, frozenset[int]]:
    try:
        book = holidays.country_holidays(country)
    except NotImplementedError:
        return False, DEFAULT_WEEKEND
    weekend = getattr(book, "weekend", None)
    return True, frozenset(weekend) if weekend else DEFAULT_WEEKEND


class HolidayBook:
    """Public holidays and weekends per country, from the ``holidays`` package."""

    def known(self, country: str) -> bool:
        return _country_weekend(country)[0]

    def weekend(self, country: str) -> frozenset[int]:
        return _country_weekend(country)[1]

    def holiday(self, country: str, day: dt.date) -> str | None:
        return _holiday_table(country, day.year).get(day.toordinal())

    def ordinals(self, countries: Sequence[str], first: dt.date, last: dt.date) -> set[int]:
        """Ordinals of every public holiday of any of ``countries`` between two dates' years."""
        found: set[int] = set()
        for country in countries:
            for year in range(first.year, last.year + 1):
                found.update(_holiday_table(country, year))
        return found


class WorkCalendar:
    """The working days of one or more countries, counted from ``origin``."""

    def __init__(
        self,
        origin: dt.date,
        countries: Sequence[str],
        book: HolidayBook,
        *,
        thursday_half_day: bool = False,
        closures: Iterable[Closure] = (),
    ) -> None:
        self.origin = origin
        self.countries = tuple(sorted(set(countries)))
        self._book = book
        self._weekend = frozenset().union(*(book.weekend(c) for c in self.countries)) \
            if self.countries else DEFAULT_WEEKEND
        self._half_thursday = thursday_half_day and any(
            c in HALF_DAY_THURSDAY_COUNTRIES for c in self.countries)
        self._closures = sorted(closures, key=lambda c: c.start)
        self._cap: list[int] = []
        self._cum: list[int] = [0]  # _cum[i] = capacity of days 0 .. i-1
        self._cnt: list[int] = [0]  # _cnt[i] = working days among days 0 .. i-1
        self._extend(_CHUNK_DAYS)

    # --- building ---------------------------------------------------------------------------

    def _extend(self, days: int) -> None:
        start = len(self._cap)
        if start + days > MAX_HORIZON_DAYS:
            days = MAX_HORIZON_DAYS - start
            if days <= 0:
                raise OverflowError("calendar horizon exhausted")
        first = self.origin + dt.timedelta(days=start)
        last = first + dt.timedelta(days=days - 1)
        holiday = self._book.ordinals(self.countries, first, last)
        closed = [(c.start.toordinal(), c.end.toordinal()) for c in self._closures
                  if c.end >= first and c.start <= last]
        base = self.origin.toordinal()
        weekday0 = self.origin.weekday()
        for i in range(start, start + days):
            weekday = (weekday0 + i) % 7
            ordinal = base + i
            if weekday in self._weekend or ordinal in holiday or any(
                    a <= ordinal <= b for a, b in closed):
                cap = 0
            elif self._half_thursday and weekday == THURSDAY:
                cap = FULL_DAY // 2
            else:
                cap = FULL_DAY
            self._cap.append(cap)
            self._cum.append(self._cum[-1] + cap)
            self._cnt.append(self._cnt[-1] + (cap > 0))

    def _ensure(self, index: int) -> None:
        while index >= len(self._cap):
            self._extend(_CHUNK_DAYS)

    # --- queries (day indexes) ----------------------------------------------------------------

    def date(self, index: int) -> dt.date:
        return self.origin + dt.timedelta(days=index)

    def index(self, day: dt.date) -> int:
        return (day - self.origin).days

    def capacity(self, index: int) -> int:
        if index < 0:
            return 0
        if index >= len(self._cap):
            self._ensure(index)
        return self._cap[index]

    def is_workday(self, index: int) -> bool:
        return self.capacity(index) > 0

    def next_workday(self, index: int) -> int:
        """The first working day on or after ``index``."""
        index = max(index, 0)
        cap = self._cap
        while True:
            if index >= len(cap):
                self._ensure(index)
            if cap[index]:
                return index
            index += 1

    def prev_workday(self, index: int) -> int:
        """The last working day on or before ``index`` (-1 when there is none since the origin)."""
        while index >= 0:
            if self.capacity(index):
                return index
            index -= 1
        return -1

    def finish(self, start: int, workdays: int) -> int:
        """The day on which ``workdays`` of work begun on ``start`` is done (``start`` if 0)."""
        if workdays <= 0:
            return start
        if start >= len(self._cap):
            self._ensure(start)
        target = self._cum[start] + FULL_DAY * workdays
        while self._cum[-1] < target:
            self._extend(_CHUNK_DAYS)
        return bisect_left(self._cum, target) - 1

    def latest_start(self, end: int, workdays: int) -> int:
        """The latest start whose work of ``workdays`` is done by ``end`` (-1 if none)."""
        if workdays <= 0:
            return self.prev_workday(end)
        if end < 0:
            return -1
        self._ensure(end)
        limit = self._cum[end + 1] - FULL_DAY * workdays
        if limit < 0:
            return -1
        # The last index whose prefix is within the limit is a working day by construction.
        return bisect_right(self._cum, limit, 0, end + 1) - 1

    def after(self, end: int, lag_workdays: int = 0, *, milestone: bool = False) -> int:
        """The earliest start of a successor of a task ending on ``end`` (plus a lag)."""
        start = self.next_workday(end if milestone else end + 1)
        if lag_workdays > 0:
            start = self.next_workday(self.finish(start, lag_workdays) + 1)
        return start

    def workdays(self, first: int, last: int) -> int:
        """Working days in [first, last] (a half-day counts as one day)."""
        if last < first:
            return 0
        first = max(first, 0)
        self._ensure(last)
        return self._cnt[last + 1] - self._cnt[first]

    def advance(self, index: int, workdays: int) -> int:
        """The working day ``workdays`` working days after ``index`` (negative: before)."""
        day = self.next_workday(index) if workdays >= 0 else self.prev_workday(index)
        step = 1 if workdays >= 0 else -1
        for _ in range(abs(workdays)):
            day = self.next_workday(day + 1) if step > 0 else self.prev_workday(day - 1)
            if day < 0:
                return 0
        return day

    @property
    def thursday_half_day(self) -> bool:
        return self._half_thursday

    @property
    def week_workdays(self) -> int:
        """Working days in an ordinary week (Iran: 6; with a Thursday half-day still 6 days)."""
        return 7 - len(self._weekend)


class CalendarSet:
    """One calendar per set of countries, all counting from the same origin."""

    def __init__(
        self, origin: dt.date, *, thursday_half_day: bool = False, closures: Iterable[Closure] = ()
    ) -> None:
        self.origin = origin
        self.book = HolidayBook()
        self._half = thursday_half_day
        self._closures = tuple(closures)
        self._calendars: dict[tuple[str, ...], WorkCalendar] = {}
        # The planner asks with each task's own countries tuple hundreds of thousands of times:
        # remember the answer per tuple as given, before sorting and deduplicating it.
        self._by_tuple: dict[tuple[str, ...], WorkCalendar] = {}

    def get(self, countries: Iterable[str]) -> WorkCalendar:
        if isinstance(countries, tuple):
            known = self._by_tuple.get(countries)
            if known is not None:
                return known
            found = self._get(countries)
            self._by_tuple[countries] = found
            return found
        return self._get(countries)

    def _get(self, countries: Iterable[str]) -> WorkCalendar:
        key = tuple(sorted(set(countries)))
        calendar = self._calendars.get(key)
        if calendar is None:
            calendar = WorkCalendar(self.origin, key, self.book, thursday_half_day=self._half,
                                    closures=self._closures)
            self._calendars[key] = calendar
        return calendar

    def holidays_between(
        self, countries: Iterable[str], first: dt.date, last: dt.date
    ) -> list[tuple[dt.date, str, list[str]]]:
        """Public holidays on weekdays in [first, last]: (date, name, countries observing it)."""
        countries = sorted(set(countries))
        found: dict[dt.date, tuple[list[str], list[str]]] = {}
        day = first
        while day <= last:
            for country in countries:
                name = self.book.holiday(country, day)
                if name and day.weekday() not in self.book.weekend(country):
                    names, where = found.setdefault(day, ([], []))
                    if name not in names:
                        names.append(name)
                    where.append(country)
            day += dt.timedelta(days=1)
        return [(d, "; ".join(n), w) for d, (n, w) in sorted(found.items())]
