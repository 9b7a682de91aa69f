"""Programme facts: numbers and flags derived from an assessment's organisation and programme.

Conditions in the knowledge base refer to these by name (``fact: platforms_count``); the registry
below is closed, so a misspelt fact fails when the content is loaded. Facts never depend on
answers: answers reach the engine through their questions only, which keeps "a better answer
never raises risk" true by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rollout.content.schema import PeakPreset
from rollout.domain.assessment import Assessment, Organisation, Programme
from rollout.domain.plan import PEAK_BUFFER_MARGIN_WEEKS, default_buffer_weeks
from rollout.seasons import PeakOccurrence, expand_peak_seasons

# The margin added to hypercare to get the stabilisation buffer before a peak season.
DEFAULT_BUFFER_MARGIN_WEEKS = PEAK_BUFFER_MARGIN_WEEKS


@dataclass(frozen=True)
class PeakTiming:
    """Where the target go-live sits relative to the peak seasons."""

    buffer_weeks: int
    windows: tuple[PeakOccurrence, ...]
    clashing: PeakOccurrence | None  # the window whose [start - buffer, end] holds the go-live
    next_peak: PeakOccurrence | None  # the first window ending on or after the go-live

    @property
    def go_live_in_window(self) -> bool:
        return self.clashing is not None


# peak_timing is pure and its result immutable, so it is memoised on everything it reads: the
# programme's dates, hypercare and peak seasons, the margin, and the very preset objects used
# (kept alive in the memo, so identity is unambiguous). Re-scoring a programme, as the what-if
# and the quick-assessment page do while answers change, then skips expanding its seasons.
_TIMINGS: dict[tuple[Any, ...], tuple[tuple[PeakPreset | None, ...], PeakTiming]] = {}
_TIMINGS_LIMIT = 1024


def peak_timing(
    assessment: Assessment,
    presets: dict[str, PeakPreset],
    buffer_margin_weeks: int = DEFAULT_BUFFER_MARGIN_WEEKS,
) -> PeakTiming:
    programme = assessment.programme
    seasons = programme.peak_seasons
    key = (programme.start_date, programme.target_go_live, programme.hypercare_weeks,
           programme.hypercare_weeks.__class__, buffer_margin_weeks, buffer_margin_weeks.__class__,
           *[(s.name, s.preset, s.start, s.end, s.recurring) for s in seasons])
    used = tuple(None if s.preset is None else presets.get(s.preset) for s in seasons)
    hit = _TIMINGS.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], used, strict=True)):
        return hit[1]
    timing = _peak_timing(assessment, presets, buffer_margin_weeks)
    if len(_TIMINGS) >= _TIMINGS_LIMIT:
        _TIMINGS.clear()
    _TIMINGS[key] = (used, timing)
    return timing


def _peak_timing(
    assessment: Assessment, presets: dict[str, PeakPreset], buffer_margin_weeks: int
) -> PeakTiming:
    programme = assessment.programme
    go_live = programme.target_go_live
    buffer_weeks = default_buffer_weeks(programme) - PEAK_BUFFER_MARGIN_WEEKS + buffer_margin_weeks
    windows = tuple(
        expand_peak_seasons(programme.peak_seasons, presets, programme.start_date, go_live)
    )
    buffer = dt.timedelta(weeks=buffer_weeks)
    clashing = next((w for w in windows if w.start - buffer <= go_live <= w.end), None)
    upcoming = [w for w in windows if w.end >= go_live]
    return PeakTiming(buffer_weeks, windows, clashing, min(upcoming, default=None))


@dataclass(frozen=True)
class FactContext:
    assessment: Assessment
    timing: PeakTiming
    # Shortcuts: every fact reads one of these, and compute_facts runs once per assessment scored.
    organisation: Organisation = field(init=False, repr=False, compare=False)
    programme: Programme = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "organisation", self.assessment.organisation)
        object.__setattr__(self, "programme", self.assessment.programme)


@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: type | tuple[type, ...]
    description: str
    compute: Callable[[FactContext], Any]


def _programme_window(ctx: FactContext) -> tuple[dt.date, dt.date]:
    p = ctx.programme
    return p.start_date, p.target_go_live + dt.timedelta(weeks=p.hypercare_weeks)


def _overlapping_projects(ctx: FactContext, kind: str | None = None) -> int:
    projects = ctx.programme.concurrent_projects
    if not projects:
        return 0
    first, last = _programme_window(ctx)
    return sum(
        1
        for c in projects
        if c.start <= last and c.end >= first and (kind is None or c.kind.lower() == kind)
    )


def _weeks_to_next_peak(ctx: FactContext) -> float | None:
    nxt = ctx.timing.next_peak
    if nxt is None:
        return None
    days = (nxt.start - ctx.programme.target_go_live).days
    return round(max(days, 0) / 7, 1)


def _largest_unit_share(ctx: FactContext) -> float:
    p = ctx.programme
    total = p.users_total or sum(u.users for u in p.business_units)
    if not total or not p.business_units:
        return 100.0
    return round(100 * max(u.users for u in p.business_units) / total, 1)


_FACTS: list[FactSpec] = [
    FactSpec("industry", str, "the organisation's industry", lambda c: c.organisation.industry),
    FactSpec("country", str, "ISO country code", lambda c: c.organisation.country),
    FactSpec("size", str, "small, medium, large or enterprise",
             lambda c: c.organisation.size.value),
    FactSpec("strategy_theme", str, "the strategic theme",
             lambda c: c.organisation.strategy_theme.value),
    FactSpec("competitive_strategy", str, "cost_leadership, differentiation, focus or undecided",
             lambda c: c.organisation.competitive_strategy.value),
    FactSpec("segments", list, "customer segments (b2b, b2g, b2c)",
             lambda c: [s.value for s in c.organisation.customer_segments]),
    FactSpec("segments_count", int, "number of customer segments served",
             lambda c: len(c.organisation.customer_segments)),
    FactSpec("customers", int, "number of customers (0 when not given)",
             lambda c: c.organisation.customers or 0),
    FactSpec("peak_revenue_share_pct", float, "share of yearly revenue earned in peak seasons",
             lambda c: float(c.organisation.peak_revenue_share_pct or 0)),
    FactSpec("approach", str, "big_bang, phased or pilot_then_waves",
             lambda c: c.programme.approach.value),
    FactSpec("users_total", int, "staff who will use the new system",
             lambda c: c.programme.users_total),
    FactSpec("modules_count", int, "CRM modules in scope", lambda c: len(c.programme.modules)),
    FactSpec("units_count", int, "business units", lambda c: len(c.programme.business_units)),
    FactSpec("regions_count", int, "distinct regions of the business units",
             lambda c: len({u.region for u in c.programme.business_units})),
    FactSpec("largest_unit_share_pct", float, "largest unit's share of users",
             _largest_unit_share),
    FactSpec("platforms_count", int, "legacy platforms to migrate from",
             lambda c: len(c.programme.legacy_platforms)),
    FactSpec("records_total", int, "records to migrate, all platforms",
             lambda c: sum([p.records for p in c.programme.legacy_platforms])),
    FactSpec("records_max", int, "records in the largest platform",
             lambda c: max([p.records for p in c.programme.legacy_platforms], default=0)),
    FactSpec("min_data_quality", int, "worst data quality of a legacy platform (1-5; 5 if none)",
             lambda c: min([p.data_quality for p in c.programme.legacy_platforms], default=5)),
    FactSpec("integrations_count", int, "distinct systems the platforms integrate with",
             lambda c: len({i for p in c.programme.legacy_platforms
                            for i in p.integrations})),
    FactSpec("agent_entered_platforms", int, "platforms whose data dealers or agents enter",
             lambda c: sum(1 for p in c.programme.legacy_platforms
                           if p.entered_by_agents)),
    FactSpec("concurrent_projects_count", int,
             "concurrent projects overlapping the programme up to the end of hypercare",
             _overlapping_projects),
    FactSpec("concurrent_erp", bool, "an ERP project overlaps the programme",
             lambda c: _overlapping_projects(c, "erp") > 0),
    FactSpec("programme_weeks", int, "weeks from programme start to target go-live",
             lambda c: (c.programme.target_go_live - c.programme.start_date).days // 7),
    FactSpec("hypercare_weeks", int, "planned hypercare length",
             lambda c: c.programme.hypercare_weeks),
    FactSpec("peak_seasons_count", int, "peak seasons declared",
             lambda c: len(c.programme.peak_seasons)),
    FactSpec("go_live_in_peak_window", bool,
             "target go-live inside [peak start - buffer, peak end] of a peak season",
             lambda c: c.timing.go_live_in_window),
    FactSpec("weeks_to_next_peak", float,
             "weeks from target go-live to the next peak start (a large number if none)",
             lambda c: v if (v := _weeks_to_next_peak(c)) is not None else 999.0),
]

FACTS: dict[str, FactSpec] = {f.name: f for f in _FACTS}


def compute_facts(assessment: Assessment, timing: PeakTiming) -> dict[str, Any]:
    ctx = FactContext(assessment, timing)
    return {name: spec.compute(ctx) for name, spec in FACTS.items()}
