"""Blackout windows: peak seasons (with their stabilisation buffer), concurrent projects, freezes.

Peak seasons are expanded with :mod:`rollout.seasons` (the same code the risk engine uses, so a
plan and a report agree on when Ramadan or Halloween falls); each becomes a ``peak_season``
window whose buffer is the caller's (by default :func:`rollout.domain.plan.default_buffer_weeks`,
the rule the risk report uses too). Concurrent projects become ``concurrent_project`` windows
for as long as they run. The user's own windows (freezes, closures, custom) are added as given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rollout.content.schema import PeakPreset
from rollout.domain.assessment import Programme
from rollout.domain.plan import Blackout, BlackoutKind
from rollout.errors import N_, Message, PlanningError
from rollout.seasons import expand_peak_seasons

# How far ahead peak seasons are expanded; a plan longer than this is not realistic.
HORIZON_YEARS = 8


def collect_blackouts(
    programme: Programme,
    presets: Mapping[str, PeakPreset],
    buffer_weeks: int,
    extra: Sequence[Blackout] = (),
) -> list[Blackout]:
    """Every window the plan must respect, sorted by the first day each one blocks."""
    for i, season in enumerate(programme.peak_seasons):
        if season.preset is not None and season.preset not in presets:
            known = ", ".join(sorted(presets)) or "none loaded"
            raise PlanningError(Message(N_("programme.peak_seasons[{index}]: unknown "
                                           "peak-season preset {preset}; known: {known}"),
                                        index=i, preset=repr(season.preset), known=known))
    last = programme.start_date + dt.timedelta(days=366 * HORIZON_YEARS)
    windows: list[Blackout] = []
    for window in expand_peak_seasons(programme.peak_seasons, dict(presets),
                                      programme.start_date, last):
        if window.end < programme.start_date:
            continue
        origin = window.source.removeprefix("preset:")
        windows.append(Blackout(
            name=window.name, kind=BlackoutKind.PEAK_SEASON, start=window.start, end=window.end,
            reason=f"peak season {window.name} ({origin}); no go-live or cutover from "
                   f"{buffer_weeks} weeks before it",
            buffer_weeks=buffer_weeks,
        ))
    for project in programme.concurrent_projects:
        if project.end < programme.start_date:
            continue
        windows.append(Blackout(
            name=project.name, kind=BlackoutKind.CONCURRENT_PROJECT, start=project.start,
            end=project.end,
            reason=f"concurrent {project.kind} project {project.name} needs the same people",
        ))
    windows.extend(extra)
    return sorted(windows, key=lambda b: (b.blocked_from, b.end, -b.rank, b.name))


@dataclass(frozen=True)
class BlockedSpan:
    """A window in day indexes: go-live and cutover may not touch [first, last]."""

    first: int
    last: int
    blackout: Blackout


class BlackoutMap:
    """Fast answers to "does [a, b] touch a blocked span, and which one explains it?"."""

    def __init__(self, blackouts: Sequence[Blackout], origin: dt.date) -> None:
        self.origin = origin
        # A closure stops all work through the calendars; it need not block here as well.
        self.spans = sorted(
            (BlockedSpan((b.blocked_from - origin).days, (b.end - origin).days, b)
             for b in blackouts if b.kind is not BlackoutKind.HOLIDAY),
            key=lambda s: (s.first, s.last),
        )

    def index(self, day: dt.date) -> int:
        return (day - self.origin).days

    def overlapping(self, first: int, last: int) -> list[BlockedSpan]:
        return [s for s in self.spans if s.first <= last and s.last >= first]

    def conflict(self, first: int, last: int) -> tuple[BlockedSpan, int] | None:
        """The overlapping span that explains a clash, and the last day the clash blocks."""
        hits = self.overlapping(first, last)
        if not hits:
            return None
        explain = max(hits, key=lambda s: (s.blackout.rank, s.last - s.first, s.blackout.name))
        return explain, max(s.last for s in hits)
