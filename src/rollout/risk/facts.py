"""Programme facts: numbers and flags derived from an assessment's organisation and programme.

Conditions in the knowledge base refer to these by name (``fact: platforms_count``); the names
are declared in :mod:`rollout.content.facts` and computed here. Facts never depend on
answers: answers reach the engine through their questions only, which keeps "a better answer
never raises risk" true by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rollout.content.facts import FACTS
from rollout.content.schema import PeakPreset
from rollout.domain.assessment import Assessment, Organisation, Programme
from rollout.domain.plan import PEAK_BUFFER_MARGIN_WEEKS, default_buffer_weeks
from rollout.risk import training
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
    at: dt.date | None = None  # the report date (training facts count from it)
    # Shortcuts: every fact reads one of these, and compute_facts runs once per assessment scored.
    organisation: Organisation = field(init=False, repr=False, compare=False)
    programme: Programme = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "organisation", self.assessment.organisation)
        object.__setattr__(self, "programme", self.assessment.programme)


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


def _report_date(ctx: FactContext) -> dt.date:
    return ctx.at or ctx.programme.start_date


# How each fact of the vocabulary (rollout.content.facts) is computed.
_COMPUTE: dict[str, Callable[[FactContext], Any]] = {
    "industry": lambda c: c.organisation.industry,
    "country": lambda c: c.organisation.country,
    "size": lambda c: c.organisation.size.value,
    "strategy_theme": lambda c: c.organisation.strategy_theme.value,
    "competitive_strategy": lambda c: c.organisation.competitive_strategy.value,
    "segments": lambda c: [s.value for s in c.organisation.customer_segments],
    "segments_count": lambda c: len(c.organisation.customer_segments),
    "customers": lambda c: c.organisation.customers or 0,
    "peak_revenue_share_pct": lambda c: float(c.organisation.peak_revenue_share_pct or 0),
    "approach": lambda c: c.programme.approach.value,
    "users_total": lambda c: c.programme.users_total,
    "modules_count": lambda c: len(c.programme.modules),
    "units_count": lambda c: len(c.programme.business_units),
    "regions_count": lambda c: len({u.region for u in c.programme.business_units}),
    "largest_unit_share_pct": _largest_unit_share,
    "platforms_count": lambda c: len(c.programme.legacy_platforms),
    "records_total": lambda c: sum([p.records for p in c.programme.legacy_platforms]),
    "records_max": lambda c: max([p.records for p in c.programme.legacy_platforms], default=0),
    "min_data_quality":
        lambda c: min([p.data_quality for p in c.programme.legacy_platforms], default=5),
    "integrations_count":
        lambda c: len({i for p in c.programme.legacy_platforms for i in p.integrations}),
    "agent_entered_platforms":
        lambda c: sum(1 for p in c.programme.legacy_platforms if p.entered_by_agents),
    "concurrent_projects_count": _overlapping_projects,
    "concurrent_erp": lambda c: _overlapping_projects(c, "erp") > 0,
    "programme_weeks": lambda c: (c.programme.target_go_live - c.programme.start_date).days // 7,
    "hypercare_weeks": lambda c: c.programme.hypercare_weeks,
    "peak_seasons_count": lambda c: len(c.programme.peak_seasons),
    "go_live_in_peak_window": lambda c: c.timing.go_live_in_window,
    "weeks_to_next_peak":
        lambda c: v if (v := _weeks_to_next_peak(c)) is not None else 999.0,
    "peak_transactions_per_day": lambda c: c.programme.peak_transactions_per_day,
    "critical_interfaces_count": lambda c: c.programme.critical_external_interfaces,
    "master_data_from_scratch": lambda c: c.programme.master_data_from_scratch,
    "rollout_units_per_month": lambda c: (None if c.programme.rollout_units_per_month is None
                                          else float(c.programme.rollout_units_per_month)),
    training.BEHIND: lambda c: (None if c.assessment.training is None else
                                training.behind_workdays(c.assessment, _report_date(c))),
    training.LATE: lambda c: (0 if c.assessment.training is None else
                              training.forecast_late(c.assessment, _report_date(c))),
    training.LOWEST_ADOPTION: lambda c: training.lowest_adoption(c.assessment),
    training.BELOW_TARGET: lambda c: training.units_below_target(c.assessment),
}
if set(_COMPUTE) != set(FACTS):  # the vocabulary and its computation must name the same facts
    raise ImportError(f"facts declared but not computed: {sorted(set(FACTS) - set(_COMPUTE))}; "
                      f"computed but not declared: {sorted(set(_COMPUTE) - set(FACTS))}")
_ORDERED_COMPUTE = tuple((name, _COMPUTE[name]) for name in FACTS)


def compute_facts(assessment: Assessment, timing: PeakTiming, at: dt.date | None = None
                  ) -> dict[str, Any]:
    ctx = FactContext(assessment, timing, at)
    return {name: compute(ctx) for name, compute in _ORDERED_COMPUTE}
