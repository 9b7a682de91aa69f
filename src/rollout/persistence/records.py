"""What the services hand to the UI and the CLI: stored objects as frozen pydantic models.

A record wraps a pure domain model (``Organisation``, ``Programme``, ``Assessment``,
``RiskReport``) with what storage adds: ids, the organisation, versions and timestamps. Records
never carry table objects, sessions or password hashes.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rollout.domain.assessment import AnswerValue, Assessment, Organisation, Programme
from rollout.domain.plan import PlanOptions
from rollout.domain.report import Decision, RiskReport
from rollout.permissions import Role


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class UserRecord(_Record):
    id: str
    email: str
    display_name: str
    is_admin: bool
    is_active: bool
    has_password: bool
    created_at: dt.datetime
    # None: not chosen (follow the server's default language and its usual digits).
    language: str | None = None
    digits: str | None = None


class OrganisationRecord(_Record):
    id: str
    name: str
    profile: Organisation
    version: int
    created_at: dt.datetime


class MemberRecord(_Record):
    user_id: str
    email: str
    display_name: str
    role: Role
    is_active: bool


class ProgrammeBlackout(_Input):
    """A period when nothing may go live: a change freeze, an audit, a trade fair."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    start: dt.date
    end: dt.date
    reason: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> ProgrammeBlackout:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class ProgrammeRecord(_Record):
    id: str
    organisation_id: str
    name: str
    programme: Programme
    blackouts: tuple[ProgrammeBlackout, ...] = ()
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class PlanSettingsRecord(_Record):
    """A programme's stored rollout-plan options, with its overrides and their reasons and authors."""

    id: str
    organisation_id: str
    programme_id: str
    options: PlanOptions
    version: int
    updated_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


class AssessmentRecord(_Record):
    """The editable draft of an assessment."""

    id: str
    organisation_id: str
    programme_id: str
    name: str
    answers: dict[str, AnswerValue]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class SnapshotRecord(_Record):
    """A submitted assessment with the report the engine produced at the time."""

    id: str
    organisation_id: str
    assessment_id: str
    sequence: int
    submitted_at: dt.datetime
    submitted_by: str
    engine_version: str
    assessment: Assessment
    report: RiskReport


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class MitigationActionInput(_Input):
    """What a user enters for a mitigation action."""

    title: Annotated[str, Field(min_length=1, max_length=300)]
    owner: Annotated[str, Field(min_length=1, max_length=200)]
    due_date: dt.date
    status: ActionStatus = ActionStatus.OPEN
    factor: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    notes: str = ""


class MitigationActionRecord(_Record):
    id: str
    organisation_id: str
    assessment_id: str
    title: str
    owner: str
    due_date: dt.date
    status: ActionStatus
    factor: str | None
    notes: str
    version: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


class GateDecisionInput(_Input):
    """An executive's decision at a gate, about one submitted snapshot."""

    gate: Annotated[str, Field(min_length=1, max_length=80)]
    decision: Decision
    conditions: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list)
    note: Annotated[str, Field(max_length=4000)] = ""
    # Required (with the confirmation) when the decision overrides the engine: see services.gates.
    justification: Annotated[str, Field(max_length=4000)] = ""
    confirm_override: bool = False

    @model_validator(mode="after")
    def _conditions_fit_decision(self) -> GateDecisionInput:
        if self.decision is Decision.CONDITIONAL and not self.conditions:
            raise ValueError("a conditional decision needs at least one condition")
        if self.decision is Decision.GO and self.conditions:
            raise ValueError("a go decision has no conditions; record it as conditional instead")
        return self


class GateDecisionRecord(_Record):
    id: str
    organisation_id: str
    assessment_id: str
    snapshot_id: str
    gate: str
    decision: Decision
    conditions: tuple[str, ...]
    note: str
    decided_by: str
    decided_at: dt.datetime
    justification: str = ""
    overrides_engine: bool = False  # differs from the engine's verdict, or a go past a blocker


class AuditEventRecord(_Record):
    id: int
    organisation_id: str | None
    actor: str
    action: str
    object_type: str
    object_id: str | None
    outcome: str
    at: dt.datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    imported: bool = False  # came with an organisation import; ``actor`` is only text


class BrandRecord(_Record):
    """A consultancy's branding for exported reports, owned by one account."""

    id: str
    name: str
    firm_name: str
    accent_colour: str
    logo: bytes | None
    logo_media_type: str | None
    version: int
    updated_at: dt.datetime
