"""The assessment file: an organisation, its CRM programme, and its answers to the checklists.

These models validate shape and internal consistency (dates in order, units naming platforms that
exist). Whether an answer fits its question is checked against the question bank by
:func:`rollout.risk.answers.check_answers`, because that needs the loaded content.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rollout.domain.approach import RolloutApproach as RolloutApproach

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
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Name = Annotated[str, Field(min_length=1, max_length=200)]


class Organisation(_Strict):
    name: Name
    industry: Annotated[str, Field(min_length=1, max_length=80)]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")]
    size: OrganisationSize = OrganisationSize.MEDIUM
    strategy_theme: StrategyTheme = StrategyTheme.UNDECIDED
    competitive_strategy: CompetitiveStrategy = CompetitiveStrategy.UNDECIDED
    customer_segments: list[CustomerSegment] = Field(default_factory=list)
    customers: Annotated[int, Field(ge=0)] | None = None
    peak_revenue_share_pct: Annotated[float, Field(ge=0, le=100)] | None = None


class BusinessUnit(_Strict):
    name: Name
    users: Annotated[int, Field(ge=0)]
    region: Annotated[str, Field(min_length=1, max_length=80)] = "main"
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    legacy_platforms: list[Name] = Field(default_factory=list)


class LegacyPlatform(_Strict):
    name: Name
    kind: Annotated[str, Field(min_length=1, max_length=80)] = "other"
    records: Annotated[int, Field(ge=0)] = 0
    data_quality: Annotated[int, Field(ge=1, le=5)] = 3
    integrations: list[Name] = Field(default_factory=list)
    entered_by_agents: bool = False


class PeakSeason(_Strict):
    """A peak season: a named preset that recurs every year, or explicit dates."""

    name: Name
    preset: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
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
                raise ValueError("give either `preset` or both `start` and `end`")
            if self.end < self.start:
                raise ValueError(
                    f"end {self.end} is before start {self.start}; swap them or fix the year"
                )
        elif self.start is not None or self.end is not None:
            raise ValueError("a preset brings its own dates: remove `start`/`end` or `preset`")
        return self


class ConcurrentProject(_Strict):
    name: Name
    kind: Annotated[str, Field(min_length=1, max_length=40)] = "other"
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> ConcurrentProject:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Programme(_Strict):
    target_system: Annotated[str, Field(min_length=1, max_length=120)] = "CRM"
    modules: list[Name] = Field(default_factory=list)
    start_date: dt.date
    target_go_live: dt.date
    approach: RolloutApproach = RolloutApproach.PILOT_THEN_WAVES
    users_total: Annotated[int, Field(ge=0)]
    hypercare_weeks: Annotated[int, Field(ge=0, le=52)] = 4
    business_units: list[BusinessUnit] = Field(default_factory=list)
    legacy_platforms: list[LegacyPlatform] = Field(default_factory=list)
    peak_seasons: list[PeakSeason] = Field(default_factory=list)
    concurrent_projects: list[ConcurrentProject] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Programme:
        if self.target_go_live <= self.start_date:
            raise ValueError(
                f"target_go_live {self.target_go_live} must be after start_date {self.start_date}"
            )
        _unique("business_units", [u.name for u in self.business_units])
        platform_names = [p.name for p in self.legacy_platforms]
        _unique("legacy_platforms", platform_names)
        known = set(platform_names)
        for i, unit in enumerate(self.business_units):
            for name in unit.legacy_platforms:
                if name not in known:
                    raise ValueError(
                        f"business_units[{i}] ({unit.name}) uses legacy platform {name!r}, "
                        f"which is not listed in legacy_platforms; add it there or fix the name"
                    )
        return self


def _unique(field: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{field}: the name {name!r} appears twice; names must be unique")
        seen.add(name)


class Assessment(_Strict):
    """One organisation's assessment: its profile, its programme and its answers."""

    name: Annotated[str, Field(min_length=1, max_length=200)] = "assessment"
    organisation: Organisation
    programme: Programme
    answers: dict[str, AnswerValue] = Field(default_factory=dict)

    @field_validator("answers", mode="before")
    @classmethod
    def _no_null_map(cls, value: Any) -> Any:
        return {} if value is None else value

    def with_answers(self, answers: dict[str, AnswerValue]) -> Assessment:
        return self.model_copy(update={"answers": dict(answers)})
