"""The rollout plan: options a user chooses, overrides they apply, and the dated plan that results.

``Plan.to_contract()`` is the JSON contract of ``rollout plan --format json`` (see docs/planner.md):
fields may be added, never removed or renamed. A plan is deterministic: the same assessment, risk
report, options and peak-season presets give the same plan, so storing ``Plan.options`` (with its
overrides and their reasons) is enough to rebuild it; storing the whole plan keeps what was seen.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rollout.domain.approach import Scenario as Scenario
from rollout.domain.assessment import Programme
from rollout.domain.codes import CriterionCode, NoteCode, ViolationCode
from rollout.domain.report import Band, Decision
from rollout.errors import N_, Message

PLANNER_VERSION = "1"


class Phase(StrEnum):
    MOBILISE = "mobilise"
    DESIGN = "design"
    BUILD = "build"  # build and rehearse
    PILOT = "pilot"
    WAVES = "waves"
    STABILISE = "stabilise"


class TaskKind(StrEnum):
    TASK = "task"
    MILESTONE = "milestone"
    TRAINING = "training"
    MIGRATION = "migration"
    CUTOVER = "cutover"
    GO_LIVE = "go_live"
    GATE = "gate"
    HYPERCARE = "hypercare"


# Kinds whose dates may never fall inside a blackout or the buffer before it.
GUARDED_KINDS = frozenset({TaskKind.CUTOVER, TaskKind.GO_LIVE})


class Resource(StrEnum):
    TRAINER_SEATS = "trainer_seats"  # trainee seats per week across all trainers
    MIGRATION_TRACKS = "migration_tracks"  # migration-team streams working in parallel


class BlackoutKind(StrEnum):
    PEAK_SEASON = "peak_season"
    FREEZE = "freeze"
    CONCURRENT_PROJECT = "concurrent_project"
    HOLIDAY = "holiday"  # a closure: no work at all on these days
    CUSTOM = "custom"


# When windows overlap, the one with the higher precedence explains a shift (TaskJuggler's typed
# leaves work the same way). A closure outranks a freeze, which outranks a season.
DEFAULT_PRECEDENCE: dict[BlackoutKind, int] = {
    BlackoutKind.HOLIDAY: 50,
    BlackoutKind.FREEZE: 40,
    BlackoutKind.PEAK_SEASON: 30,
    BlackoutKind.CONCURRENT_PROJECT: 20,
    BlackoutKind.CUSTOM: 10,
}


# The stabilisation buffer before a peak season is hypercare plus this margin (the seeds' "two
# weeks of stabilisation on top of hypercare"); the risk report and the planner share the rule.
PEAK_BUFFER_MARGIN_WEEKS = 2


def default_buffer_weeks(programme: Programme, extension: int = 0) -> int:
    """The weeks before a peak season with no go-live or cutover: hypercare (plus ``extension``,
    the weeks a mitigation adds to hypercare) plus :data:`PEAK_BUFFER_MARGIN_WEEKS`."""
    return programme.hypercare_weeks + extension + PEAK_BUFFER_MARGIN_WEEKS


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Reason = Annotated[str, Field(min_length=1, max_length=500)]


class Blackout(_Model):
    """A window with no go-live or cutover (a ``holiday`` window also stops all work).

    ``buffer_weeks`` extends the window backwards: a peak season needs a stabilisation buffer
    before it, so a go-live in the weeks just before the peak is refused too.
    """

    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: BlackoutKind = BlackoutKind.CUSTOM
    start: dt.date
    end: dt.date
    reason: str = ""
    precedence: int | None = None
    buffer_weeks: Annotated[int, Field(ge=0, le=52)] = 0

    @model_validator(mode="after")
    def _ordered(self) -> Blackout:
        if self.end < self.start:
            raise ValueError(Message(N_("blackout {name}: end {end} is before start {start}"),
                                     name=repr(self.name), end=self.end, start=self.start))
        return self

    @property
    def rank(self) -> int:
        return self.precedence if self.precedence is not None else DEFAULT_PRECEDENCE[self.kind]

    @property
    def blocked_from(self) -> dt.date:
        return self.start - dt.timedelta(weeks=self.buffer_weeks)


# --- overrides ------------------------------------------------------------------------------------


class _Override(_Model):
    reason: str | None = None
    author: str | None = None  # recorded for the audit trail once plans are stored


class PinDate(_Override):
    """Start a task on a date. A go-live or cutover pinned inside a blackout needs a reason."""

    kind: Literal["pin"] = "pin"
    task: str
    date: dt.date


class MoveUnit(_Override):
    """Move a business unit to another wave (``pilot``, ``wave-2``, or ``wave-<n+1>`` for a new one)."""

    kind: Literal["move_unit"] = "move_unit"
    unit: str
    wave: str


class SetCapacity(_Override):
    kind: Literal["capacity"] = "capacity"
    trainer_seats_per_week: Annotated[int, Field(ge=1)] | None = None
    migration_tracks: Annotated[int, Field(ge=1)] | None = None


class AddDependency(_Override):
    """Make ``task`` wait for ``after`` (plus a lag): a constraint the generated plan cannot know."""

    kind: Literal["depend"] = "depend"
    task: str
    after: str
    lag_workdays: Annotated[int, Field(ge=0, le=250)] = 0


Override = Annotated[PinDate | MoveUnit | SetCapacity | AddDependency, Field(discriminator="kind")]


# --- options --------------------------------------------------------------------------------------


class PlanOptions(_Model):
    """What the planner is asked to do; every field has a documented default."""

    scenario: Scenario | None = None  # None: the programme's approach
    max_wave_share_pct: Annotated[float, Field(gt=0, le=100)] = 25.0
    pilot_unit: str | None = None  # None: a representative small unit
    # Custom scenario: unit names per wave after the pilot, in go-live order.
    waves: list[list[str]] | None = None
    trainer_seats_per_week: Annotated[int, Field(ge=1)] | None = None  # None: sized from users
    migration_tracks: Annotated[int, Field(ge=1, le=100)] = 3
    buffer_weeks: Annotated[int, Field(ge=0, le=52)] | None = None  # None: hypercare + 2
    training_completion_pct: Annotated[float, Field(ge=0, le=100)] = 90.0
    wave_gap_workdays: Annotated[int, Field(ge=0, le=250)] = 10
    thursday_half_day: bool = False  # Iran: Thursday counts as half a working day
    blackouts: list[Blackout] = Field(default_factory=list)  # freezes, closures, custom windows
    mitigate_from_band: Band = Band.MEDIUM
    just_in_time_training: bool = True  # move training and gates close to their go-live
    overrides: list[Override] = Field(default_factory=list)


# --- the plan -------------------------------------------------------------------------------------


class GateCriterion(_Model):
    code: CriterionCode
    text: str
    threshold_pct: float | None = None
    items: list[str] = Field(default_factory=list)


class PlanTask(_Model):
    id: str
    name: str
    kind: TaskKind
    phase: Phase
    wave: str | None = None
    start: dt.date
    end: dt.date  # inclusive; a milestone ends on the day it starts
    depends_on: list[str] = Field(default_factory=list)
    critical: bool = False
    duration_workdays: int = 0
    lags_workdays: dict[str, int] = Field(default_factory=dict)  # dependency id -> lag, if any
    float_workdays: int = 0
    resource: Resource | None = None
    demand: int = 0  # units of ``resource`` used on each working day
    platform: str | None = None
    unit: str | None = None
    countries: list[str] = Field(default_factory=list)  # whose working days and holidays apply
    criteria: list[GateCriterion] = Field(default_factory=list)
    action: str | None = None  # the risk-report action code this task carries out

    @property
    def is_milestone(self) -> bool:
        return self.duration_workdays == 0


class Wave(_Model):
    id: str  # "pilot", "wave-1", …
    name: str
    units: list[str]
    users: int
    go_live: dt.date | None = None
    pilot: bool = False
    regions: list[str] = Field(default_factory=list)
    platforms: list[str] = Field(default_factory=list)


class Note(_Model):
    """Why a date is what it is. ``code`` is stable; ``message`` is for people."""

    code: NoteCode
    task: str | None = None
    message: str
    from_date: dt.date | None = None
    to_date: dt.date | None = None
    window: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class Violation(_Model):
    code: ViolationCode
    task: str | None = None
    message: str
    data: dict[str, Any] = Field(default_factory=dict)


class Holiday(_Model):
    date: dt.date
    name: str
    countries: list[str]


class Plan(_Model):
    scenario: Scenario
    assessment: str
    organisation: str
    country: str
    planner_version: str = PLANNER_VERSION
    start: dt.date
    end: dt.date
    duration_workdays: int
    target_go_live: dt.date
    waves: list[Wave]
    tasks: list[PlanTask]
    blackouts: list[Blackout]
    holidays: list[Holiday] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    violations: list[Violation] = Field(default_factory=list)
    capacities: dict[str, int] = Field(default_factory=dict)  # resource -> units per day
    max_wave_share_pct: float = 25.0  # the cap in force (a mitigation may lower the option's)
    options: PlanOptions = PlanOptions()

    def task(self, task_id: str) -> PlanTask:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def wave(self, wave_id: str) -> Wave:
        for wave in self.waves:
            if wave.id == wave_id:
                return wave
        raise KeyError(wave_id)

    def notes_with(self, code: str) -> list[Note]:
        return [n for n in self.notes if n.code == code]

    @property
    def go_lives(self) -> list[dt.date]:
        return [w.go_live for w in self.waves if w.go_live is not None]

    @property
    def critical_path(self) -> list[PlanTask]:
        return sorted((t for t in self.tasks if t.critical), key=lambda t: (t.start, t.end, t.id))

    def to_contract(self) -> dict[str, Any]:
        """The JSON contract: stable keys, ISO dates, extra fields after the required ones."""
        data = self.model_dump(mode="json")
        data["blackouts"] = [
            {"start": b["start"], "end": b["end"], "kind": b["kind"], "reason": b["reason"],
             "name": b["name"], "precedence": src.rank, "buffer_weeks": b["buffer_weeks"],
             "blocked_from": src.blocked_from.isoformat()}
            for b, src in zip(data["blackouts"], self.blackouts, strict=True)
        ]
        data["notes"] = [
            {"code": n["code"], "task": n["task"], "message": n["message"],
             "from": n["from_date"], "to": n["to_date"], "window": n["window"], "data": n["data"]}
            for n in data["notes"]
        ]
        data["critical_path"] = [t.id for t in self.critical_path]
        return data


# --- scenario comparison --------------------------------------------------------------------------


class RiskChange(_Model):
    factor: str
    name: str
    score_before: int
    score_after: int
    band_before: Band
    band_after: Band


class ScenarioResult(_Model):
    """One scenario's plan, summarised, and what the risk engine says when it is re-scored."""

    scenario: Scenario
    start: dt.date
    end: dt.date
    duration_workdays: int
    waves: int
    go_lives: dict[str, dt.date]  # wave id -> go-live
    first_go_live: dt.date
    last_go_live: dt.date
    peak_users_at_once: int  # most users switching on one day
    violations: int
    readiness: int
    total_score_before: int
    total_score_after: int
    band_before: Band
    band_after: Band
    verdict_before: str
    verdict_after: str
    risk_changes: list[RiskChange] = Field(default_factory=list)
    plan: Plan

    @property
    def total_score_change(self) -> int:
        return self.total_score_after - self.total_score_before

    @property
    def total_score(self) -> int:
        """The re-scored total risk score (what the UI's scenario table shows)."""
        return self.total_score_after

    @property
    def decision(self) -> Decision:
        """The re-scored verdict."""
        return Decision(self.verdict_after)


class ScenarioComparison(_Model):
    results: list[ScenarioResult]

    def result(self, scenario: Scenario) -> ScenarioResult:
        return next(r for r in self.results if r.scenario is scenario)

    def table(self) -> list[dict[str, Any]]:
        """One row per scenario, JSON-ready, for a side-by-side table."""
        return [
            {
                "scenario": r.scenario.value,
                "start": r.start.isoformat(),
                "end": r.end.isoformat(),
                "duration_workdays": r.duration_workdays,
                "waves": r.waves,
                "first_go_live": r.first_go_live.isoformat(),
                "last_go_live": r.last_go_live.isoformat(),
                "go_lives": {k: v.isoformat() for k, v in r.go_lives.items()},
                "peak_users_at_once": r.peak_users_at_once,
                "violations": r.violations,
                "total_score_before": r.total_score_before,
                "total_score_after": r.total_score_after,
                "total_score_change": r.total_score_change,
                "band_before": r.band_before.value,
                "band_after": r.band_after.value,
                "verdict_before": r.verdict_before,
                "verdict_after": r.verdict_after,
                "risk_changes": [c.model_dump(mode="json") for c in r.risk_changes],
            }
            for r in self.results
        ]
