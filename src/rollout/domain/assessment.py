"""The assessment file: an organisation, its CRM programme, and its answers to the checklists.

These models validate shape and internal consistency (dates in order, units naming platforms that
exist). Whether an answer fits its question is checked against the question bank by
:func:`rollout.content.checks.check_answers`, because that needs the loaded content.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from rollout import limits
from rollout.domain.approach import RolloutApproach as RolloutApproach
from rollout.errors import N_, Message

AnswerValue = bool | int | float | str | dt.date | list[str] | None


class StrategyTheme(StrEnum):
    OPERATIONAL_EXCELLENCE = "operational_excellence"
    PRODUCT_LEADERSHIP = "product_leadership"
    CUSTOMER_INTIMACY = "customer_intimacy"
    UNDECIDED = "undecided"


class CompetitiveStrategy(StrEnum):
    COST_LEADERSHIP = "cost_leadership"
    DIFFERENTIATION = "differentiation"
    FOCUS = "focus"
    UNDECIDED = "undecided"


class CustomerSegment(StrEnum):
    B2B = "b2b"
    B2G = "b2g"
    B2C = "b2c"


class OrganisationSize(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    ENTERPRISE = "enterprise"


class _Strict(BaseModel):
    # No NaN or infinity anywhere: "Infinity hours of training" is not a plan input.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


# Names and labels are single-line: a newline in a name could forge a line of a report.
Name = Annotated[str, Field(min_length=1, max_length=limits.MAX_NAME_CHARACTERS),
                 AfterValidator(limits.check_single_line)]
# Short labels, as long as the database columns that store them (the same on SQLite and
# PostgreSQL, so what one accepts the other accepts).
Label = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(limits.check_single_line)]
ShortLabel = Annotated[str, Field(min_length=1, max_length=40),
                       AfterValidator(limits.check_single_line)]
LongLabel = Annotated[str, Field(min_length=1, max_length=120),
                      AfterValidator(limits.check_single_line)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code"),
                    AfterValidator(limits.check_country)]
# A date a plan can mean; season expansion and calendars work within these years.
Date = Annotated[dt.date, AfterValidator(limits.check_year)]


# Whole numbers from 0 to a bound that still means something. ``true`` is not a number; other
# whole values (30.0 from a table editor, "30") still convert as pydantic's lax mode does.
NotBool = BeforeValidator(limits.refuse_bool)
Users = Annotated[int, NotBool, Field(ge=0, le=limits.MAX_USERS)]
Records = Annotated[int, NotBool, Field(ge=0, le=limits.MAX_RECORDS)]
Customers = Annotated[int, NotBool, Field(ge=0, le=limits.MAX_CUSTOMERS)]


def _items(maximum: int) -> Any:
    return Field(default_factory=list, max_length=maximum)


class Organisation(_Strict):
    name: Name
    industry: Label
    country: Country
    size: OrganisationSize = OrganisationSize.MEDIUM
    strategy_theme: StrategyTheme = StrategyTheme.UNDECIDED
    competitive_strategy: CompetitiveStrategy = CompetitiveStrategy.UNDECIDED
    customer_segments: list[CustomerSegment] = _items(len(CustomerSegment))
    customers: Customers | None = None
    peak_revenue_share_pct: Annotated[float, Field(ge=0, le=100)] | None = None


class BusinessUnit(_Strict):
    name: Name
    users: Users
    region: Label = "main"
    country: Country | None = None
    legacy_platforms: list[Name] = _items(limits.MAX_LIST_ITEMS)


class LegacyPlatform(_Strict):
    name: Name
    kind: Label = "other"
    records: Records = 0
    data_quality: Annotated[int, NotBool, Field(ge=1, le=5)] = 3
    integrations: list[Name] = _items(limits.MAX_LIST_ITEMS)
    entered_by_agents: bool = False


class PeakSeason(_Strict):
    """A peak season: a named preset that recurs every year, or explicit dates."""

    name: Name
    preset: Label | None = None
    start: Date | None = None
    end: Date | None = None
    recurring: bool = Field(
        default=False, description="repeat the explicit dates every year (month and day)"
    )

    @model_validator(mode="before")
    @classmethod
    def _accept_preset_name(cls, data: Any) -> Any:
        # A bare string in the file is shorthand for a preset of that name.
        if isinstance(data, str):
            return {"name": data, "preset": data}
        return data

    @model_validator(mode="after")
    def _preset_or_dates(self) -> PeakSeason:
        if self.preset is None:
            if self.start is None or self.end is None:
                raise ValueError(Message(N_("give either `preset` or both `start` and `end`")))
            if self.end < self.start:
                raise ValueError(Message(
                    N_("end {end} is before start {start}; swap them or fix the year"),
                    end=self.end, start=self.start))
        elif self.start is not None or self.end is not None:
            raise ValueError(Message(
                N_("a preset brings its own dates: remove `start`/`end` or `preset`")))
        return self


class ConcurrentProject(_Strict):
    name: Name
    kind: ShortLabel = "other"
    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> ConcurrentProject:
        if self.end < self.start:
            raise ValueError(Message(N_("end {end} is before start {start}"), end=self.end,
                                     start=self.start))
        return self


class Programme(_Strict):
    target_system: LongLabel = "CRM"
    modules: list[Name] = _items(limits.MAX_MODULES)
    start_date: Date
    target_go_live: Date
    approach: RolloutApproach = RolloutApproach.PILOT_THEN_WAVES
    users_total: Users
    hypercare_weeks: Annotated[int, NotBool, Field(ge=0, le=52)] = 4
    business_units: list[BusinessUnit] = _items(limits.MAX_UNITS)
    legacy_platforms: list[LegacyPlatform] = _items(limits.MAX_PLATFORMS)
    peak_seasons: list[PeakSeason] = _items(limits.MAX_SEASONS)
    concurrent_projects: list[ConcurrentProject] = _items(limits.MAX_PROJECTS)
    # Volume and shape facts that post-mortems name (None: not known). Peak transactions are the
    # busiest day's orders, calls or bills; a critical external interface is a customer's or
    # partner's system the business depends on; master data from scratch is keyed in rather
    # than migrated; the rollout pace counts units or sites brought live per month after a pilot.
    peak_transactions_per_day: Annotated[int, NotBool, Field(ge=0, le=10**12)] | None = None
    critical_external_interfaces: Annotated[int, NotBool, Field(ge=0, le=10_000)] = 0
    master_data_from_scratch: bool | None = None
    rollout_units_per_month: Annotated[float, NotBool, Field(ge=0, le=10_000)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _bounded_lists(cls, data: Any) -> Any:
        # Before the items are validated one by one: 10,000 units are refused at once.
        if isinstance(data, dict):
            for field, maximum in _PROGRAMME_LISTS.items():
                value = data.get(field)
                if isinstance(value, list) and len(value) > maximum:
                    # Counts as text, grouped as English always showed them.
                    raise ValueError(Message(N_("{field}: {count} items; at most {maximum} are "
                                                "allowed"), field=field,
                                             count=f"{len(value):,}", maximum=f"{maximum:,}"))
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Programme:
        if self.target_go_live <= self.start_date:
            raise ValueError(Message(
                N_("target_go_live {target_go_live} must be after start_date {start_date}"),
                target_go_live=self.target_go_live, start_date=self.start_date))
        _unique("business_units", [u.name for u in self.business_units])
        platform_names = [p.name for p in self.legacy_platforms]
        _unique("legacy_platforms", platform_names)
        known = set(platform_names)
        for i, unit in enumerate(self.business_units):
            for name in unit.legacy_platforms:
                if name not in known:
                    raise ValueError(Message(
                        N_("business_units[{index}] ({unit}) uses legacy platform {platform}, "
                           "which is not listed in legacy_platforms; add it there or fix the "
                           "name"), index=str(i), unit=unit.name, platform=repr(name)))
        return self


_PROGRAMME_LISTS = {"business_units": limits.MAX_UNITS, "legacy_platforms": limits.MAX_PLATFORMS,
                    "peak_seasons": limits.MAX_SEASONS,
                    "concurrent_projects": limits.MAX_PROJECTS, "modules": limits.MAX_MODULES}


def _unique(field: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(Message(N_("{field}: the name {name} appears twice; names must be "
                                        "unique"), field=field, name=repr(name)))
        seen.add(name)


# --- training and adoption (issue 14): what the trainer's figures say, as the engine reads them --

Pct = Annotated[float, NotBool, Field(ge=0, le=100)]
DEFAULT_TRAINING_THRESHOLD_PCT = 90.0  # the plan's training gate (PlanOptions default)
DEFAULT_ADOPTION_TARGET_PCT = 80.0  # issue 14: adoption target per unit, default 80 %


class WaveTraining(_Strict):
    """One wave's training against its gate: people who must be trained before its go-live,
    those trained, the gate's threshold and the date the threshold is forecast to be reached
    (None: no forecast, at the current pace and with the sessions booked)."""

    wave: Label
    go_live: Annotated[dt.date, AfterValidator(limits.check_year)]
    people_required: Annotated[int, NotBool, Field(ge=0, le=limits.MAX_RECORDS)]
    people_trained: Annotated[int, NotBool, Field(ge=0, le=limits.MAX_RECORDS)]
    threshold_pct: Annotated[float, NotBool, Field(gt=0, le=100)] = \
        DEFAULT_TRAINING_THRESHOLD_PCT
    forecast: Annotated[dt.date, AfterValidator(limits.check_year)] | None = None

    @model_validator(mode="after")
    def _trained_within_required(self) -> WaveTraining:
        if self.people_trained > self.people_required:
            raise ValueError(Message(N_("wave {wave}: people_trained ({trained}) is more than "
                                        "people_required ({required})"), wave=repr(self.wave),
                                     trained=self.people_trained,
                                     required=self.people_required))
        return self

    @property
    def completion_pct(self) -> float:
        """Trained of required; a wave that requires nobody is complete."""
        if not self.people_required:
            return 100.0
        return 100.0 * self.people_trained / self.people_required

    @property
    def below_threshold(self) -> bool:
        return self.completion_pct < self.threshold_pct


class UnitAdoption(_Strict):
    """One live unit's adoption: the share of its users active in the newest week measured."""

    unit: Label
    wave: Label | None = None
    adoption_pct: Pct
    target_pct: Annotated[float, NotBool, Field(gt=0, le=100)] = DEFAULT_ADOPTION_TARGET_PCT

    @property
    def below_target(self) -> bool:
        return self.adoption_pct < self.target_pct


class TrainingStatus(_Strict):
    """Training completion per wave and adoption per live unit (docs/assessment-format.md)."""

    waves: Annotated[list[WaveTraining], Field(max_length=limits.MAX_UNITS)] = \
        Field(default_factory=list)
    units: Annotated[list[UnitAdoption], Field(max_length=limits.MAX_UNITS)] = \
        Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_names(self) -> TrainingStatus:
        _unique("training.waves", [w.wave for w in self.waves])
        _unique("training.units", [u.unit for u in self.units])
        return self


class Assessment(_Strict):
    """One organisation's assessment: its profile, its programme and its answers."""

    name: Name = "assessment"
    organisation: Organisation
    programme: Programme
    answers: dict[str, AnswerValue] = Field(default_factory=dict, max_length=limits.MAX_ANSWERS)
    # What the trainer's figures say (filled from stored training data by the services; an
    # assessment file may carry it too). None: not known, and no training fact holds.
    training: TrainingStatus | None = None

    @field_validator("answers", mode="before")
    @classmethod
    def _no_null_map(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("answers", mode="after")
    @classmethod
    def _bounded_answers(cls, answers: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
        # Which answers fit which question needs the question bank; these bounds do not.
        for qid, value in answers.items():
            where = repr(qid[:limits.MAX_ID_CHARACTERS])
            if len(qid) > limits.MAX_ID_CHARACTERS or limits.CONTROL_RE.search(qid):
                raise ValueError(Message(N_("answer {question}: not a question id (at most "
                                            "{count} characters on one line)"), question=where,
                                         count=limits.MAX_ID_CHARACTERS))
            if isinstance(value, int | float) and not isinstance(value, bool) \
                    and abs(value) > limits.MAX_RECORDS:
                raise ValueError(Message(N_("answer {question}: the number is larger than "
                                            "{count}"), question=where,
                                         count=f"{limits.MAX_RECORDS:,}"))
            if isinstance(value, str) and len(value) > limits.MAX_TEXT_CHARACTERS:
                raise ValueError(Message(N_("answer {question}: longer than {count} characters"),
                                         question=where,
                                         count=f"{limits.MAX_TEXT_CHARACTERS:,}"))
            if isinstance(value, list) and len(value) > limits.MAX_LIST_ITEMS:
                raise ValueError(Message(N_("answer {question}: more than {count} items"),
                                         question=where, count=limits.MAX_LIST_ITEMS))
            if isinstance(value, dt.date):
                limits.check_year(value)
        return answers

    def with_answers(self, answers: dict[str, AnswerValue]) -> Assessment:
        return self.model_copy(update={"answers": dict(answers)})
