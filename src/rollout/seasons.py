"""Peak seasons: expanding presets (recurring, calendar-aware) and explicit dates into windows.

Presets are data (``playbooks/calendars/peak-seasons.yaml``); a window's start and end are
anchors: a fixed Gregorian date, the n-th weekday of a month, an offset from Western Easter, a
Hijri date (Ramadan and Eid move every year) or a Jalali date (Nowruz, Yalda).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jdatetime
from dateutil.easter import easter
from hijridate import Hijri

from rollout.content.schema import (
    Anchor,
    EasterAnchor,
    FixedAnchor,
    HijriAnchor,
    JalaliAnchor,
    NthWeekdayAnchor,
    PeakPreset,
    Weekday,
)
from rollout.domain.assessment import PeakSeason

_WEEKDAYS = [w.value for w in Weekday]


@dataclass(frozen=True, order=True)
class PeakOccurrence:
    """One concrete occurrence of a peak season."""

    start: dt.date
    end: dt.date
    name: str
    source: str  # "preset:<id>" or "custom"


def anchor_dates(anchor: Anchor, year: int) -> list[dt.date]:
    """Every date the anchor falls on within Gregorian ``year`` (Hijri dates may fall twice)."""
    offset = dt.timedelta(days=anchor.offset_days)
    if isinstance(anchor, FixedAnchor):
        day = min(anchor.day, _month_length(year, anchor.month))
        return [dt.date(year, anchor.month, day) + offset]
    if isinstance(anchor, NthWeekdayAnchor):
        return [_nth_weekday(year, anchor.month, _WEEKDAYS.index(anchor.weekday.value), anchor.n)
                + offset]
    if isinstance(anchor, EasterAnchor):
        return [easter(year) + offset]
    if isinstance(anchor, HijriAnchor):
        found = []
        # A Gregorian year overlaps two or three Hijri years (a Hijri year is ~354 days).
        for hijri_year in range(year - 580, year - 577):
            try:
                day = min(anchor.day, Hijri(hijri_year, anchor.month, 1).month_length())
                greg = Hijri(hijri_year, anchor.month, day).to_gregorian()
            except (ValueError, OverflowError):
                continue  # outside hijridate's supported range (1343–1500 AH)
            date = dt.date(greg.year, greg.month, greg.day)
            if date.year == year:
                found.append(date + offset)
        return sorted(found)
    if isinstance(anchor, JalaliAnchor):
        found = []
        for jalali_year in (year - 622, year - 621):
            month_days = jdatetime.j_days_in_month[anchor.month - 1]
            if anchor.month == 12 and jdatetime.date(jalali_year, 1, 1).isleap():
                month_days = 30
            day = min(anchor.day, month_days)
            date = jdatetime.date(jalali_year, anchor.month, day).togregorian()
            if date.year == year:
                found.append(date + offset)
        return sorted(found)
    raise AssertionError(f"unhandled anchor {anchor!r}")  # the schema's union is closed


# Expanding a preset is pure and presets are immutable, so results are memoised per preset
# object and year range (Hijri and Jalali conversions dominate the engine's time otherwise).
_EXPANDED: dict[tuple[int, int, int], tuple[PeakPreset, tuple[PeakOccurrence, ...]]] = {}
_EXPANDED_LIMIT = 4096


def expand_preset_years(preset: PeakPreset, first_year: int, last_year: int) -> tuple[PeakOccurrence, ...]:
    """Memoised :func:`expand_preset` over ``first_year..last_year``."""
    key = (id(preset), first_year, last_year)
    hit = _EXPANDED.get(key)
    if hit is not None and hit[0] is preset:
        return hit[1]
    windows = tuple(expand_preset(preset, range(first_year, last_year + 1)))
    if len(_EXPANDED) >= _EXPANDED_LIMIT:
        _EXPANDED.clear()
    _EXPANDED[key] = (preset, windows)  # keeping the preset alive keeps id() unambiguous
    return windows


def expand_preset(preset: PeakPreset, years: Iterable[int]) -> list[PeakOccurrence]:
    """Every window of the preset that starts in one of ``years``."""
    windows: list[PeakOccurrence] = []
    for year in years:
        for window in preset.windows:
            for start in anchor_dates(window.start, year):
                end = _first_on_or_after(window.end, start)
                if end is not None:
                    windows.append(
                        PeakOccurrence(start, end, window.name["en"], f"preset:{preset.id}")
                    )
    return sorted(windows)


def expand_peak_seasons(
    seasons: Sequence[PeakSeason],
    presets: dict[str, PeakPreset],
    first: dt.date,
    last: dt.date,
) -> list[PeakOccurrence]:
    """Concrete windows overlapping [first, last] (with a year of slack on each side)."""
    years = range(first.year - 1, last.year + 2)
    windows: list[PeakOccurrence] = []
    for season in seasons:
        if season.preset is not None:
            preset = presets[season.preset]
            windows.extend(expand_preset_years(preset, years.start, years.stop - 1))
        else:
            assert season.start is not None and season.end is not None
            if season.recurring:
                span = season.end - season.start
                for year in years:
                    start = _same_day_in(season.start, year)
                    windows.append(PeakOccurrence(start, start + span, season.name, "custom"))
            else:
                windows.append(PeakOccurrence(season.start, season.end, season.name, "custom"))
    lo = first - dt.timedelta(days=366)
    hi = last + dt.timedelta(days=366)
    return sorted({w for w in windows if w.end >= lo and w.start <= hi})


def _first_on_or_after(anchor: Anchor, start: dt.date) -> dt.date | None:
    for year in (start.year, start.year + 1):
        for date in anchor_dates(anchor, year):
            if date >= start:
                return date
    return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(year, month, 1)
        shift = (weekday - first.weekday()) % 7
        day = first + dt.timedelta(days=shift + 7 * (n - 1))
        if day.month != month:  # a fifth weekday that does not exist: take the last one
            day -= dt.timedelta(days=7)
        return day
    last = dt.date(year, month, _month_length(year, month))
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _month_length(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _same_day_in(date: dt.date, year: int) -> dt.date:
    return dt.date(year, date.month, min(date.day, _month_length(year, date.month)))
